/* Scales and classification: pure functions. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

const nps_scale nps__standard_scale = {0, 10, 7, 9};

const nps_scale *nps__scale_or_standard(const nps_scale *scale)
{
    return scale ? scale : &nps__standard_scale;
}

int nps__scale_same(const nps_scale *a, const nps_scale *b)
{
    return a->min == b->min && a->max == b->max &&
           a->passive_min == b->passive_min &&
           a->promoter_min == b->promoter_min;
}

nps_status nps_scale_validate(const nps_scale *scale)
{
    const nps_scale *s = nps__scale_or_standard(scale);
    /* At least one detractor and one promoter point; passives optional. */
    if (s->min < 0 || s->max > NPS_SCALE_LIMIT || s->min >= s->passive_min ||
        s->passive_min > s->promoter_min || s->promoter_min > s->max)
        return NPS_E_INVALID;
    return NPS_OK;
}

nps_status nps_classify(const nps_scale *scale, int score, nps_category *out)
{
    const nps_scale *s = nps__scale_or_standard(scale);
    if (!out || nps_scale_validate(s) != NPS_OK)
        return NPS_E_INVALID;
    if (score < s->min || score > s->max)
        return NPS_E_RANGE;
    *out = score >= s->promoter_min  ? NPS_PROMOTER
           : score >= s->passive_min ? NPS_PASSIVE
                                     : NPS_DETRACTOR;
    return NPS_OK;
}

const char *nps_category_name(nps_category c)
{
    switch (c) {
    case NPS_DETRACTOR: return "detractor";
    case NPS_PASSIVE: return "passive";
    case NPS_PROMOTER: return "promoter";
    }
    return "unknown";
}
