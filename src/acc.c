/* The accumulator: one uint64_t counter per scale point.
   Every mutation checks first and writes second, so an error leaves the
   object untouched. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

#include <math.h>
#include <string.h>

size_t nps__acc_size(uint32_t npoints)
{
    return offsetof(struct nps_acc, counts) + (size_t)npoints * sizeof(uint64_t);
}

/* Make the acc_size(npoints) bytes at acc an empty accumulator. */
static nps_acc *acc_init(nps_acc *acc, const nps_scale *scale,
                         const nps_allocator *alloc)
{
    uint32_t np = NPS_POINTS(scale);
    memset(acc, 0, nps__acc_size(np));
    acc->scale = *scale;
    acc->alloc = *alloc;
    acc->npoints = np;
    return acc;
}

nps_status nps__acc_create(nps_acc **out, const nps_scale *scale,
                           const nps_allocator *alloc)
{
    nps_acc *acc =
        (nps_acc *)nps__alloc(alloc, nps__acc_size(NPS_POINTS(scale)));
    if (!acc)
        return NPS_E_NOMEM;
    *out = acc_init(acc, scale, alloc);
    return NPS_OK;
}

nps_acc *nps__acc_init(nps__acc_storage *b, const nps_scale *scale,
                       const nps_allocator *alloc)
{
    return acc_init(&b->acc, scale, alloc);
}

nps_status nps_acc_new_with_allocator(nps_acc **out, const nps_scale *scale,
                                      const nps_allocator *allocator)
{
    nps_allocator a;
    const nps_scale *s = nps__scale_or_standard(scale);
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (nps_scale_validate(s) != NPS_OK ||
        nps__allocator_init(&a, allocator) != NPS_OK)
        return NPS_E_INVALID;
    return nps__acc_create(out, s, &a);
}

nps_status nps_acc_new(nps_acc **out, const nps_scale *scale)
{
    return nps_acc_new_with_allocator(out, scale, NULL);
}

void nps_acc_free(nps_acc *acc)
{
    if (acc) {
        nps_allocator a = acc->alloc;
        nps__free(&a, acc, nps__acc_size(acc->npoints));
    }
}

nps_status nps_acc_clone(nps_acc **out, const nps_acc *acc)
{
    nps_status st;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!acc)
        return NPS_E_INVALID;
    st = nps__acc_create(out, &acc->scale, &acc->alloc);
    if (st == NPS_OK)
        memcpy(*out, acc, nps__acc_size(acc->npoints));
    return st;
}

void nps_acc_reset(nps_acc *acc)
{
    if (acc) {
        memset(acc->counts, 0, (size_t)acc->npoints * sizeof(uint64_t));
        acc->total = 0;
    }
}

/* Index of score in counts, or -1 when off the scale. */
static int point_index(const nps_acc *acc, int score)
{
    if (score < acc->scale.min || score > acc->scale.max)
        return -1;
    return score - acc->scale.min;
}

nps_status nps_acc_add_n(nps_acc *acc, int score, uint64_t n)
{
    int i;
    if (!acc)
        return NPS_E_INVALID;
    i = point_index(acc, score);
    if (i < 0)
        return NPS_E_RANGE;
    return nps__row_add_n(acc->counts, &acc->total, (uint32_t)i, n);
}

nps_status nps_acc_add(nps_acc *acc, int score)
{
    return nps_acc_add_n(acc, score, 1);
}

nps_status nps_acc_remove_n(nps_acc *acc, int score, uint64_t n)
{
    int i;
    if (!acc)
        return NPS_E_INVALID;
    i = point_index(acc, score);
    if (i < 0)
        return NPS_E_RANGE;
    if (n > acc->counts[i])
        return NPS_E_OVERFLOW;
    acc->counts[i] -= n;
    acc->total -= n;
    return NPS_OK;
}

void nps__acc_set_counts(nps_acc *acc, const uint64_t *counts, uint64_t total)
{
    memcpy(acc->counts, counts, (size_t)acc->npoints * sizeof(uint64_t));
    acc->total = total;
}

nps_status nps_acc_add_scores(nps_acc *acc, const uint8_t *scores, size_t n,
                              size_t *bad_index)
{
    uint64_t hist[NPS_SCALE_LIMIT + 1];
    size_t bad = 0;
    if (!acc || (!scores && n > 0))
        return NPS_E_INVALID;
    if (n == 0)
        return NPS_OK;
    memset(hist, 0, sizeof hist);
    if (!nps__count_scores(scores, n, (uint8_t)acc->scale.min,
                           (uint8_t)acc->scale.max, hist, &bad)) {
        if (bad_index)
            *bad_index = bad;
        return NPS_E_RANGE;
    }
    /* The histogram of n valid scores sums to n. */
    return nps__row_add(acc->counts, &acc->total, hist, (uint64_t)n,
                        acc->npoints);
}

nps_status nps_acc_merge(nps_acc *dst, const nps_acc *src)
{
    if (!dst || !src)
        return NPS_E_INVALID;
    if (!nps__scale_same(&dst->scale, &src->scale))
        return NPS_E_MISMATCH;
    /* dst == src works: the row reads each count before it writes it,
       and src's total is passed by value. */
    return nps__row_add(dst->counts, &dst->total, src->counts, src->total,
                        dst->npoints);
}

nps_status nps_acc_subtract(nps_acc *dst, const nps_acc *src)
{
    if (!dst || !src)
        return NPS_E_INVALID;
    if (!nps__scale_same(&dst->scale, &src->scale))
        return NPS_E_MISMATCH;
    return nps__row_sub(dst->counts, &dst->total, src->counts, src->total,
                        dst->npoints);
}

uint64_t nps_acc_total(const nps_acc *acc)
{
    return acc ? acc->total : 0;
}

uint64_t nps_acc_count(const nps_acc *acc, int score)
{
    int i;
    if (!acc)
        return 0;
    i = point_index(acc, score);
    return i < 0 ? 0 : acc->counts[i];
}

void nps__category_sums(const nps_scale *s, const uint64_t *counts,
                        uint64_t out[3])
{
    int v;
    out[0] = out[1] = out[2] = 0;
    for (v = s->min; v <= s->max; v++) {
        int c = v >= s->promoter_min ? 2 : v >= s->passive_min ? 1 : 0;
        out[c] += counts[v - s->min];
    }
}

uint64_t nps_acc_category_count(const nps_acc *acc, nps_category c)
{
    uint64_t sums[3];
    if (!acc || (int)c < 0 || (int)c > 2)
        return 0;
    nps__category_sums(&acc->scale, acc->counts, sums);
    return sums[c];
}

double nps_acc_score(const nps_acc *acc)
{
    uint64_t sums[3];
    if (!acc || acc->total == 0)
        return NAN;
    nps__category_sums(&acc->scale, acc->counts, sums);
    /* Subtract as doubles (the counts may not fit in int64_t), divide, then
       scale: |P - D| <= total survives rounding, so the ratio stays within
       [-1, 1] and the score within [-100, 100]. Scaling first can round
       past the bounds (-100 * D / D = -100.00000000000001 for some D). */
    return 100.0 * (((double)sums[NPS_PROMOTER] -
                     (double)sums[NPS_DETRACTOR]) /
                    (double)acc->total);
}

double nps_acc_share(const nps_acc *acc, nps_category c)
{
    uint64_t sums[3];
    if (!acc || acc->total == 0 || (int)c < 0 || (int)c > 2)
        return NAN;
    nps__category_sums(&acc->scale, acc->counts, sums);
    return (double)sums[c] / (double)acc->total;
}

double nps_acc_mean(const nps_acc *acc)
{
    double sum = 0.0, mean;
    uint32_t i;
    if (!acc || acc->total == 0)
        return NAN;
    /* Offsets from min keep the sum small; min is added back at the end. */
    for (i = 0; i < acc->npoints; i++)
        sum += (double)i * (double)acc->counts[i];
    mean = (double)acc->scale.min + sum / (double)acc->total;
    /* Rounding of huge counts must not move the mean above the scale (it
       cannot fall below: min plus a non-negative quotient rounds to at
       least min). */
    if (mean > (double)acc->scale.max)
        mean = (double)acc->scale.max;
    return mean;
}

nps_status nps_acc_scale(const nps_acc *acc, nps_scale *out)
{
    if (!acc || !out)
        return NPS_E_INVALID;
    *out = acc->scale;
    return NPS_OK;
}

nps_status nps_acc_counts(const nps_acc *acc, uint64_t *out, size_t cap,
                          size_t *len)
{
    if (!acc || !len || (!out && cap > 0))
        return NPS_E_INVALID;
    *len = acc->npoints;
    if (cap < acc->npoints)
        return NPS_E_BUFSIZE;
    memcpy(out, acc->counts, (size_t)acc->npoints * sizeof(uint64_t));
    return NPS_OK;
}

int nps_acc_equal(const nps_acc *a, const nps_acc *b)
{
    if (!a || !b)
        return 0;
    return nps__scale_same(&a->scale, &b->scale) && a->total == b->total &&
           memcmp(a->counts, b->counts,
                  (size_t)a->npoints * sizeof(uint64_t)) == 0;
}

size_t nps_acc_footprint(const nps_acc *acc)
{
    return acc ? nps__acc_size(acc->npoints) : 0;
}
