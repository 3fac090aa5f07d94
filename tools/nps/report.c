/*
 * nps report: streams the rows into accumulators (overall, per period, per
 * segment), then derives every statistic through the library.
 * SPDX-License-Identifier: MIT
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void must(nps_status s, const char *what)
{
    if (s != NPS_OK) {
        cli_error("%s: %s", what, nps_strerror(s));
        exit(CLI_EXIT_INTERNAL);
    }
}

int report_significant(const report *r, double p)
{
    return !isnan(p) && p < 1 - r->o->level;
}

const char *report_adjust_name(nps_adjust a)
{
    return a == NPS_ADJUST_HOLM ? "holm" : a == NPS_ADJUST_BH ? "bh" : "none";
}

/* Raw difference a - b with the MOVER interval built from the score
   limits, so the interval always contains the difference shown. */
static int compare(const report *r, const nps_acc *a, const nps_acc *b,
                   double *diff, double *lo, double *hi, double *p)
{
    nps_comparison c = NPS_COMPARISON_INIT;
    if (nps_compare_score(&c, a, b, r->o->level) != NPS_OK) {
        *diff = *lo = *hi = *p = NAN;
        return 0;
    }
    *diff = c.diff;
    *lo = c.lo;
    *hi = c.hi;
    *p = c.p_value;
    return 1;
}

/* The estimate and the interval shown next to it. When the chosen method's
   interval excludes the raw estimate (adjusted Wald at a few answers: one
   promoter gives about -48.5 to +98.5) or has no width (Wald when every
   answer is in one category: it would make any benchmark "significant"),
   the Tango score interval, which always contains the estimate, is shown
   instead and *used says so. */
static void fill_interval(const report *r, const nps_acc *a, double *nps,
                          double *lo, double *hi, nps_method *used)
{
    *nps = nps_acc_score(a);
    *used = r->o->method;
    if (nps_acc_interval(a, r->o->method, r->o->level, lo, hi) != NPS_OK) {
        *lo = *hi = NAN;
        return;
    }
    if (!isnan(*nps) && (*nps < *lo || *nps > *hi || *lo == *hi) &&
        nps_acc_interval(a, NPS_METHOD_SCORE, r->o->level, lo, hi) == NPS_OK)
        *used = NPS_METHOD_SCORE;
}

/* The weighted counterpart: weighted NPS, its interval (the same rule
   keeps the estimate inside) and Kish's effective n. */
static void fill_weighted(const report *r, const nps_wacc *w, weighted_stat *ws)
{
    ws->nps = nps_wacc_score(w);
    ws->im = r->o->method;
    if (nps_wacc_effective_n(w, &ws->neff) != NPS_OK)
        ws->neff = NAN;
    if (nps_wacc_interval(w, r->o->method, r->o->level, &ws->lo, &ws->hi) != NPS_OK) {
        ws->lo = ws->hi = NAN;
        return;
    }
    if (!isnan(ws->nps) && (ws->nps < ws->lo || ws->nps > ws->hi || ws->lo == ws->hi) &&
        nps_wacc_interval(w, NPS_METHOD_SCORE, r->o->level, &ws->lo, &ws->hi) == NPS_OK)
        ws->im = NPS_METHOD_SCORE;
}

/* The library's bucket geometry for --by: days; weeks of 604800 s from a
   Monday origin (1970-01-05); calendar months; quarters of 3 months from
   January. One bucket: only its bucket_start arithmetic is used. */
static nps_timeline *period_geometry(period_unit by)
{
    nps_timeline_options opt = NPS_TIMELINE_OPTIONS_INIT;
    nps_timeline *tl = NULL;
    switch (by) {
    case BY_DAY:
        break;
    case BY_WEEK:
        opt.width = 7 * 86400;
        opt.origin = 4 * 86400; /* Monday 1970-01-05T00:00Z */
        break;
    case BY_MONTH:
    case BY_QUARTER:
        opt.unit = NPS_UNIT_MONTH;
        opt.width = by == BY_MONTH ? 1 : 3;
        break;
    }
    must(nps_timeline_new_with_options(&tl, &opt), "period geometry");
    return tl;
}

/* The start of the period holding t: the map's key. */
static int64_t period_of(const report *r, int64_t t)
{
    int64_t start;
    must(nps_timeline_bucket_start(r->geometry, t, &start), "period");
    return start;
}

static int ingest(report *r)
{
    row w;
    int rc;
    while ((rc = input_next(&r->in, &w)) == 1) {
        nps_acc *pa = NULL;
        nps_wacc *pw = NULL;
        if (w.has_time) {
            pa = period_map_get(&r->periods,
                                period_of(r, r->o->utc ? w.t : w.local), &pw);
            if (!pa) {
                char msg[64];
                snprintf(msg, sizeof msg, "more than %d; use a coarser --by",
                         REPORT_PERIOD_LIMIT);
                if ((rc = input_bad(&r->in, w.line, BAD_TOO_MANY_PERIODS, msg)))
                    return -rc;
                continue;
            }
            must(nps_acc_add(pa, w.score), "period");
            if (pw)
                must(nps_wacc_add(pw, w.score, w.weight), "period");
        }
        must(nps_acc_add(r->all, w.score), "total");
        if (r->wall)
            must(nps_wacc_add(r->wall, w.score, w.weight), "total");
        if (w.segment) {
            nps_wacc *sw = NULL;
            must(nps_acc_add(segment_map_get(&r->segments, w.segment,
                                             w.segment_len, &sw),
                             w.score),
                 "segment");
            if (sw)
                must(nps_wacc_add(sw, w.score, w.weight), "segment");
        }
    }
    return rc < 0 ? -rc : CLI_EXIT_OK;
}

static void compute_periods(report *r)
{
    size_t i;
    nps_status s;

    period_map_sort(&r->periods);
    r->nprow = r->periods.n;
    r->prow = cli_xmalloc((r->nprow ? r->nprow : 1) * sizeof *r->prow);
    for (i = 0; i < r->nprow; i++) {
        stat_row *p = &r->prow[i];
        memset(p, 0, sizeof *p);
        p->key = r->periods.e[i].key;
        p->start = p->key;
        p->index = tp_period_index(p->start, r->o->by);
        p->acc = r->periods.e[i].acc;
        p->w = r->periods.e[i].w;
        if (p->w)
            fill_weighted(r, p->w, &p->ws);
        p->n = nps_acc_total(p->acc);
        tp_period_label(p->key, r->o->by, p->label, sizeof p->label);
        p->name = p->label;
        fill_interval(r, p->acc, &p->nps, &p->lo, &p->hi, &p->im);
    }
    if (r->nprow) {
        const nps_acc **accs = cli_xmalloc(r->nprow * sizeof *accs);
        r->alerts = cli_xmalloc(r->nprow * sizeof *r->alerts);
        for (i = 0; i < r->nprow; i++) {
            accs[i] = r->prow[i].acc;
            r->alerts[i] = (nps_alert)NPS_ALERT_INIT;
        }
        must(nps_alert_scan(r->alerts, accs, r->nprow, REPORT_ALERT_WINDOW,
                            REPORT_ALERT_LIMIT),
             "alerts");
        free(accs);
    }
    if (r->nprow < 3) {
        r->trend_note = r->nprow ? "fewer than 3 periods: no trend verdict"
                                 : "no periods";
        if (r->nprow < 2)
            return;
    }

    /* Random-effects meta-regression of the period NPS on the period
       index: gaps between periods keep their true distance. */
    {
        const nps_acc **accs = cli_xmalloc(r->nprow * sizeof *accs);
        double *x = cli_xmalloc(r->nprow * sizeof *x);
        for (i = 0; i < r->nprow; i++) {
            accs[i] = r->prow[i].acc;
            x[i] = (double)(r->prow[i].index - r->prow[0].index);
        }
        r->trend = (nps_trend)NPS_TREND_INIT;
        s = nps_trend_fit(&r->trend, accs, x, r->nprow, NPS_TREND_RANDOM_EFFECTS);
        if (s == NPS_OK)
            r->trend_ok = 1;
        else if (s == NPS_E_EMPTY)
            r->trend_note = "fewer than 3 periods: no trend verdict";
        else
            r->trend_note = nps_strerror(s);
        free(x);
        free(accs);
    }

    {
        const stat_row *last = &r->prow[r->nprow - 1], *prev = &r->prow[r->nprow - 2];
        if (compare(r, last->acc, prev->acc, &r->pop_diff, &r->pop_lo,
                    &r->pop_hi, &r->pop_p)) {
            r->pop_ok = 1;
            r->pop_change = r->pop_diff;
        }
    }
}

static int cmp_segment(const void *a, const void *b)
{
    const stat_row *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->name, y->name);
}

/* The omnibus test over every segment, then the multiplicity adjustment
   over the family of segments large enough for a verdict. */
static void adjust_segments(report *r)
{
    size_t i, k = 0;
    double *p = cli_xmalloc((r->nsrow ? r->nsrow : 1) * sizeof *p);
    const nps_acc **groups = cli_xmalloc((r->nsrow ? r->nsrow : 1) * sizeof *groups);

    for (i = 0; i < r->nsrow; i++)
        groups[i] = r->srow[i].acc;
    r->het = (nps_heterogeneity)NPS_HETEROGENEITY_INIT;
    r->het_ok = nps_heterogeneity_test(&r->het, groups, r->nsrow) == NPS_OK;

    for (i = 0; i < r->nsrow; i++)
        if (r->srow[i].n >= r->o->min_segment && !isnan(r->srow[i].p))
            p[k++] = r->srow[i].p;
    must(nps_pvalues_adjust(p, p, k, r->o->adjust, NULL), "adjusted p-values");
    r->nverdict = k;
    for (i = 0, k = 0; i < r->nsrow; i++)
        if (r->srow[i].n >= r->o->min_segment && !isnan(r->srow[i].p))
            r->srow[i].p_adj = p[k++];
    free(groups);
    free(p);
}

static void compute_segments(report *r)
{
    size_t i, n = r->segments.n + (r->segments.other ? 1 : 0);
    r->nsrow = n;
    r->srow = cli_xmalloc((n ? n : 1) * sizeof *r->srow);
    r->rest = cli_xmalloc((n ? n : 1) * sizeof *r->rest);
    for (i = 0; i < n; i++) {
        stat_row *p = &r->srow[i];
        memset(p, 0, sizeof *p);
        if (i < r->segments.n) {
            p->name = r->segments.e[i].name;
            p->acc = r->segments.e[i].acc;
            p->w = r->segments.e[i].w;
        } else {
            p->name = "(other)";
            p->acc = r->segments.other;
            p->w = r->segments.other_w;
        }
        if (p->w)
            fill_weighted(r, p->w, &p->ws);
        p->n = nps_acc_total(p->acc);
    }
    qsort(r->srow, n, sizeof *r->srow, cmp_segment);
    for (i = 0; i < n; i++) {
        stat_row *p = &r->srow[i];
        nps_acc *rest = NULL;
        fill_interval(r, p->acc, &p->nps, &p->lo, &p->hi, &p->im);
        must(nps_acc_clone(&rest, r->all), "segment");
        must(nps_acc_subtract(rest, p->acc), "segment");
        r->rest[i] = rest;
        compare(r, p->acc, rest, &p->diff, &p->dlo, &p->dhi, &p->p);
        p->p_adj = NAN;
    }
    adjust_segments(r);
}

static void compute(report *r)
{
    fill_interval(r, r->all, &r->nps, &r->lo, &r->hi, &r->im);
    if (r->wall)
        fill_weighted(r, r->wall, &r->ws);
    r->mean = nps_acc_mean(r->all);
    r->bench_p = NAN;
    r->bench_dir = 0;
    /* The test of the interval shown; a direction only when the test and
       that interval (which holds the estimate) agree on the side. */
    if (r->o->has_benchmark &&
        nps_acc_test(r->all, r->o->benchmark, r->im, &r->bench_p) != NPS_OK)
        r->bench_p = NAN;
    if (report_significant(r, r->bench_p)) {
        if (r->lo > r->o->benchmark && r->nps > r->o->benchmark)
            r->bench_dir = 1;
        else if (r->hi < r->o->benchmark && r->nps < r->o->benchmark)
            r->bench_dir = -1;
    }
    compute_periods(r);
    if (r->in.segment_idx >= 0)
        compute_segments(r);
}

static void report_free(report *r)
{
    size_t i;
    for (i = 0; i < r->nsrow; i++)
        nps_acc_free(r->rest[i]);
    free(r->rest);
    free(r->srow);
    free(r->prow);
    free(r->alerts);
    period_map_free(&r->periods);
    segment_map_free(&r->segments);
    nps_acc_free(r->all);
    nps_wacc_free(r->wall);
    nps_timeline_free(r->geometry);
    input_close(&r->in);
}

int report_run(const report_opts *o)
{
    report r;
    int rc;

    memset(&r, 0, sizeof r);
    r.o = o;
    period_map_init(&r.periods, &o->in.scale, REPORT_PERIOD_LIMIT);
    segment_map_init(&r.segments, &o->in.scale, o->max_segments);
    must(nps_acc_new(&r.all, &o->in.scale), "accumulator");
    r.geometry = period_geometry(o->by);
    if (o->in.weight_col) {
        r.periods.weighted = r.segments.weighted = 1;
        must(nps_wacc_new(&r.wall, &o->in.scale), "accumulator");
    }

    rc = input_open(&r.in, &o->in);
    if (rc == CLI_EXIT_OK)
        rc = ingest(&r);
    if (rc == CLI_EXIT_OK || rc == CLI_EXIT_BADROWS)
        input_summary(&r.in);
    if (rc == CLI_EXIT_OK)
        rc = input_check_answers(&r.in, nps_acc_total(r.all));
    if (rc == CLI_EXIT_OK && o->svg_path && r.in.time_idx < 0) {
        cli_error("--svg needs a time column (--time)");
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK) {
        compute(&r);
        if (r.segments.other)
            cli_error("more than %zu segments: the rest are pooled as '(other)' "
                      "(--max-segments)", o->max_segments);
        if (o->json)
            report_json(stdout, &r);
        else
            report_text(stdout, &r);
        if (o->svg_path)
            rc = report_svg(o->svg_path, &r);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("write error on standard output");
            rc = CLI_EXIT_IO;
        }
    }
    report_free(&r);
    return rc;
}
