/*
 * Inference across periods and groups: trend (random effects and the 1.0
 * answer-level OLS), adjusted p-values, omnibus test, MOVER-score
 * comparison, planning on a method's margin, alerts. Hand-worked cases,
 * references computed once with R (named where used), properties on random
 * inputs, bad input and the strong guarantee. The R cross-check on random
 * inputs is tests/r/inference_check.R.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "nps.h"

static const nps_scale one_to_ten = {1, 10, 7, 9};

/* A small portable generator (xorshift32) for the property tests. */
static unsigned rand_r_(unsigned *s)
{
    unsigned x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static nps_acc *acc3(uint64_t d, uint64_t p, uint64_t r)
{
    nps_acc *a = NULL;
    assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 0, d), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 7, p), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, r), NPS_OK);
    return a;
}

static void free_all(nps_acc **a, size_t k)
{
    size_t i;
    for (i = 0; i < k; i++)
        nps_acc_free(a[i]);
}

static void assert_rel(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol * fabs(want)))
        fail_msg("got %.17g, want %.17g (relative %g)", got, want, tol);
}

/* ---- failing allocator -------------------------------------------------- */

static void *fail_alloc(void *ctx, size_t size)
{
    (void)ctx;
    (void)size;
    return NULL;
}

static void plain_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    free(ptr);
}

static void *plain_alloc(void *ctx, size_t size)
{
    size_t *calls = (size_t *)ctx;
    (*calls)++;
    return malloc(size);
}

/* ---- trend -------------------------------------------------------------- */

/* Reference: R 4.2, metafor 3.8-1, rma(y, v, mods = ~x, method = "DL",
   test = "knha") and rma(..., method = "FE") for Q, with y and v as in
   nps_trend_fit's documentation. */
static void test_inference__trend_matches_metafor_case(void **state)
{
    nps_acc *a[5];
    double x[5] = {0, 1, 2, 3, 4};
    nps_trend t = NPS_TREND_INIT;
    (void)state;
    a[0] = acc3(30, 50, 20);
    a[1] = acc3(20, 50, 30);
    a[2] = acc3(10, 40, 50);
    a[3] = acc3(25, 45, 30);
    a[4] = acc3(5, 45, 50);
    assert_int_equal(nps_trend_fit(&t, (const nps_acc *const *)a, x, 5,
                                   NPS_TREND_RANDOM_EFFECTS),
                     NPS_OK);
    assert_int_equal(t.version, NPS_TREND_VERSION);
    assert_rel(t.slope, 10.579306897271191, 1e-12);
    assert_rel(t.se, 6.0857722046404064, 1e-12);
    assert_rel(t.p_value, 0.18053353020214649, 1e-10);
    assert_rel(t.tau, 17.672506542347612, 1e-12);
    assert_rel(t.q, 22.847536952189607, 1e-12);
    assert_rel(t.q_p_value, 4.3448371154280468e-05, 1e-10);
    assert_true(t.df == 3.0);
    assert_int_equal(t.periods, 5);
    assert_int_equal(t.answers, 500);
    free_all(a, 5);
}

/* NPS -10, +10, +30 with mirror-image shares: equal weights, a perfect
   line of slope 20, so tau = 0, Q = 0 and the Knapp-Hartung SE is 0. */
static void test_inference__trend_perfect_fit(void **state)
{
    nps_acc *a[3];
    double x[3] = {0, 1, 2};
    nps_trend t = NPS_TREND_INIT;
    (void)state;
    a[0] = acc3(30, 50, 20);
    a[1] = acc3(20, 50, 30);
    a[2] = acc3(10, 50, 40);
    assert_int_equal(nps_trend_fit(&t, (const nps_acc *const *)a, x, 3,
                                   NPS_TREND_RANDOM_EFFECTS),
                     NPS_OK);
    assert_rel(t.slope, 20.0, 1e-12);
    assert_true(t.tau == 0.0);
    assert_true(t.q < 1e-20);
    assert_true(t.se < 1e-9);
    assert_true(t.p_value < 1e-6);
    assert_true(t.df == 1.0);
    free_all(a, 3);
    /* Flat: three equal periods give slope 0 and p 1. */
    a[0] = acc3(3, 4, 5);
    a[1] = acc3(3, 4, 5);
    a[2] = acc3(3, 4, 5);
    assert_int_equal(nps_trend_fit(&t, (const nps_acc *const *)a, x, 3,
                                   NPS_TREND_RANDOM_EFFECTS),
                     NPS_OK);
    assert_true(fabs(t.slope) < 1e-12);
    assert_true(t.se == 0.0 || t.p_value > 0.99);
    free_all(a, 3);
}

/* Periods whose answers all agree keep a variance through the
   pseudo-answers: two detractors, then two promoters twice is no
   certainty (the 1.0 OLS on answers calls it p < 0.001). */
static void test_inference__trend_zero_variance_periods(void **state)
{
    nps_acc *a[3];
    double x[3] = {0, 1, 2};
    nps_trend re = NPS_TREND_INIT, ans = NPS_TREND_INIT;
    (void)state;
    a[0] = acc3(2, 0, 0);
    a[1] = acc3(0, 0, 2);
    a[2] = acc3(0, 0, 2);
    assert_int_equal(nps_trend_fit(&re, (const nps_acc *const *)a, x, 3,
                                   NPS_TREND_RANDOM_EFFECTS),
                     NPS_OK);
    assert_true(re.se > 20.0);
    assert_true(re.p_value > 0.2);
    assert_int_equal(nps_trend_fit(&ans, (const nps_acc *const *)a, x, 3,
                                   NPS_TREND_ANSWERS),
                     NPS_OK);
    assert_true(ans.tau == 0.0);
    assert_true(ans.df == 4.0);
    assert_true(ans.p_value < re.p_value);
    free_all(a, 3);
}

/* Empty periods are skipped: the fit equals the one without them. */
static void test_inference__trend_skips_empty_periods(void **state)
{
    nps_acc *a[6], *b[4];
    double xa[6] = {0, 1, 2, 3, 4, 5}, xb[4] = {0, 2, 3, 5};
    nps_trend ta = NPS_TREND_INIT, tb = NPS_TREND_INIT;
    int m;
    (void)state;
    a[0] = acc3(10, 20, 30);
    a[1] = acc3(0, 0, 0);
    a[2] = acc3(15, 10, 30);
    a[3] = acc3(5, 20, 40);
    a[4] = acc3(0, 0, 0);
    a[5] = acc3(12, 30, 22);
    b[0] = a[0];
    b[1] = a[2];
    b[2] = a[3];
    b[3] = a[5];
    for (m = 0; m < 2; m++) {
        assert_int_equal(nps_trend_fit(&ta, (const nps_acc *const *)a, xa, 6,
                                       (nps_trend_method)m),
                         NPS_OK);
        assert_int_equal(nps_trend_fit(&tb, (const nps_acc *const *)b, xb, 4,
                                       (nps_trend_method)m),
                         NPS_OK);
        assert_memory_equal(&ta, &tb, sizeof ta);
        assert_int_equal(ta.periods, 4);
    }
    free_all(a, 6);
}

/* The 1.0 nps_timeline_trend formula, written out again: OLS of each
   answer's value on its bucket offset, from bucket counts. */
static void old_trend(nps_acc **b, uint64_t count, double *slope, double *se,
                      double *p_out, int *ok)
{
    uint64_t k, nonempty = 0;
    double n = 0, sx = 0, xbar, ybar, sxx = 0, sxy = 0, sse = 0, pd = 0;
    double bb, s;
    for (k = 0; k < count; k++) {
        if (nps_acc_total(b[k]) != 0) {
            nonempty++;
            n += (double)nps_acc_total(b[k]);
            sx += (double)k * (double)nps_acc_total(b[k]);
            pd += (double)nps_acc_category_count(b[k], NPS_PROMOTER) -
                  (double)nps_acc_category_count(b[k], NPS_DETRACTOR);
        }
    }
    *ok = !(nonempty < 2 || n < 3);
    if (!*ok)
        return;
    xbar = sx / n;
    ybar = 100.0 * pd / n;
    for (k = 0; k < count; k++) {
        if (nps_acc_total(b[k]) != 0) {
            double dx = (double)k - xbar;
            sxx += (double)nps_acc_total(b[k]) * dx * dx;
            sxy += dx * (100.0 * ((double)nps_acc_category_count(b[k], NPS_PROMOTER) -
                                  (double)nps_acc_category_count(b[k], NPS_DETRACTOR)) -
                         ybar * (double)nps_acc_total(b[k]));
        }
    }
    bb = sxy / sxx;
    for (k = 0; k < count; k++) {
        if (nps_acc_total(b[k]) != 0) {
            double fit = ybar + bb * ((double)k - xbar);
            double r = (double)nps_acc_category_count(b[k], NPS_PROMOTER);
            double q = (double)nps_acc_category_count(b[k], NPS_PASSIVE);
            double d = (double)nps_acc_category_count(b[k], NPS_DETRACTOR);
            sse += r * (100.0 - fit) * (100.0 - fit) + q * fit * fit +
                   d * (100.0 + fit) * (100.0 + fit);
        }
    }
    s = sqrt(sse / (n - 2.0) / sxx);
    *slope = bb;
    *se = s;
    *p_out = s; /* the p-value is checked through nps_trend_fit below */
}

/* nps_timeline_trend now runs through the shared code: same results, bit
   for bit, as the 1.0 formula and as nps_trend_fit(NPS_TREND_ANSWERS) on
   the window's buckets. */
static void test_inference__timeline_trend_adapter_is_bitwise_1_0(void **state)
{
    unsigned seed = 12345;
    int rep;
    (void)state;
    for (rep = 0; rep < 60; rep++) {
        nps_timeline *tl = NULL;
        nps_acc *b[40];
        double xs[40];
        int64_t from, to, t;
        uint64_t count, i, nonempty = 0;
        double slope = 0, se = 0, p = 0, os = 0, ose = 0, op = 0;
        int ok, j, events;
        nps_status st;
        assert_int_equal(nps_timeline_new(&tl, 10, 40, NULL), NPS_OK);
        events = (int)(rand_r_(&seed) % 400);
        for (j = 0; j < events; j++) {
            int64_t when = (int64_t)(rand_r_(&seed) % 400);
            /* Leave some buckets empty. */
            if ((when / 10) % 3 == 1 && rep % 2)
                continue;
            assert_int_equal(nps_timeline_add(tl, when, (int)(rand_r_(&seed) % 11)),
                             NPS_OK);
        }
        from = (int64_t)(rand_r_(&seed) % 100);
        to = from + 30 + (int64_t)(rand_r_(&seed) % 300);
        if (to > 400)
            to = 400;
        /* Buckets [from, to) rounded up to bucket starts, as the timeline
           selects them. */
        count = 0;
        for (t = (from + 9) / 10 * 10; t < to; t += 10) {
            assert_int_equal(nps_acc_new(&b[count], NULL), NPS_OK);
            assert_int_equal(nps_timeline_range(tl, t, t + 10, b[count]), NPS_OK);
            nonempty += nps_acc_total(b[count]) != 0;
            xs[count] = (double)count;
            count++;
        }
        st = nps_timeline_trend(tl, from, to, &slope, &se, &p);
        old_trend(b, count, &os, &ose, &op, &ok);
        if (!ok) {
            assert_int_equal(st, NPS_E_EMPTY);
        } else {
            assert_int_equal(st, NPS_OK);
            assert_memory_equal(&slope, &os, sizeof slope);
            assert_memory_equal(&se, &ose, sizeof se);
            if (nonempty >= 3) {
                nps_trend tr = NPS_TREND_INIT;
                assert_int_equal(nps_trend_fit(&tr, (const nps_acc *const *)b,
                                               xs, (size_t)count,
                                               NPS_TREND_ANSWERS),
                                 NPS_OK);
                assert_memory_equal(&tr.slope, &slope, sizeof slope);
                assert_memory_equal(&tr.se, &se, sizeof se);
                assert_memory_equal(&tr.p_value, &p, sizeof p);
            }
        }
        for (i = 0; i < count; i++)
            nps_acc_free(b[i]);
        nps_timeline_free(tl);
    }
}

static void test_inference__trend_bad_input_leaves_out_unchanged(void **state)
{
    nps_acc *a[4], *huge[3], *other = NULL;
    const nps_acc *mixed[3], *with_null[3];
    double x[4] = {0, 1, 2, 3}, same[3] = {1, 1, 1}, bad_x[3] = {0, 1, 0};
    nps_trend t, before;
    (void)state;
    a[0] = acc3(1, 2, 3);
    a[1] = acc3(2, 2, 3);
    a[2] = acc3(3, 2, 3);
    a[3] = acc3(0, 0, 0);
    assert_int_equal(nps_acc_new(&other, &one_to_ten), NPS_OK);
    assert_int_equal(nps_acc_add(other, 5), NPS_OK);
    memset(&t, 0xA5, sizeof t);
    t.version = NPS_TREND_VERSION;
    before = t;
#define KEEP(call, status)                                                     \
    do {                                                                       \
        assert_int_equal(call, status);                                        \
        assert_memory_equal(&t, &before, sizeof t);                            \
    } while (0)
    KEEP(nps_trend_fit(NULL, (const nps_acc *const *)a, x, 3, 0), NPS_E_INVALID);
    KEEP(nps_trend_fit(&t, NULL, x, 3, 0), NPS_E_INVALID);
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, NULL, 3, 0), NPS_E_INVALID);
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, x, 3, (nps_trend_method)2),
         NPS_E_INVALID);
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, x, 3, (nps_trend_method)-1),
         NPS_E_INVALID);
    KEEP(nps_trend_fit(&t, NULL, NULL, 0, 0), NPS_E_EMPTY);
    with_null[0] = a[0];
    with_null[1] = NULL;
    with_null[2] = a[2];
    KEEP(nps_trend_fit(&t, with_null, x, 3, 0), NPS_E_INVALID);
    bad_x[1] = nan("");
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, bad_x, 3, 0), NPS_E_INVALID);
    bad_x[1] = INFINITY;
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, bad_x, 3, 0), NPS_E_INVALID);
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, same, 3, 0), NPS_E_INVALID);
    mixed[0] = a[0];
    mixed[1] = other;
    mixed[2] = a[2];
    KEEP(nps_trend_fit(&t, mixed, x, 3, 0), NPS_E_MISMATCH);
    /* Two non-empty periods and an empty one: no verdict. */
    mixed[0] = a[0];
    mixed[1] = a[3];
    mixed[2] = a[2];
    KEEP(nps_trend_fit(&t, mixed, x, 3, 0), NPS_E_EMPTY);
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, x, 2, 1), NPS_E_EMPTY);
    /* More than UINT64_MAX answers in all. */
    huge[0] = acc3(0, 0, UINT64_MAX / 2);
    huge[1] = acc3(0, 0, UINT64_MAX / 2);
    huge[2] = acc3(0, 0, 2);
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)huge, x, 3, 0), NPS_E_OVERFLOW);
    t.version = 0;
    before = t;
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, x, 3, 0), NPS_E_INVALID);
    t.version = NPS_TREND_VERSION + 1;
    before = t;
    KEEP(nps_trend_fit(&t, (const nps_acc *const *)a, x, 3, 0), NPS_E_INVALID);
#undef KEEP
    free_all(a, 4);
    free_all(huge, 3);
    nps_acc_free(other);
}

/* ---- adjusted p-values -------------------------------------------------- */

/* Sorted: .005 .01 .03 .04. Holm multiplies by 4 3 2 1: .02 .03 .06 .04,
   running max .02 .03 .06 .06. BH multiplies by 4/1 4/2 4/3 4/4:
   .02 .02 .04 .04, running min from the top: .02 .02 .04 .04. */
static void test_inference__adjust_hand_worked(void **state)
{
    const double p[4] = {0.01, 0.04, 0.03, 0.005};
    const double holm[4] = {0.03, 0.06, 0.06, 0.02};
    const double bh[4] = {0.02, 0.04, 0.04, 0.02};
    double out[4], inplace[4];
    int i;
    (void)state;
    assert_int_equal(nps_pvalues_adjust(out, p, 4, NPS_ADJUST_HOLM, NULL), NPS_OK);
    for (i = 0; i < 4; i++)
        assert_rel(out[i], holm[i], 1e-15);
    assert_int_equal(nps_pvalues_adjust(out, p, 4, NPS_ADJUST_BH, NULL), NPS_OK);
    for (i = 0; i < 4; i++)
        assert_rel(out[i], bh[i], 1e-15);
    assert_int_equal(nps_pvalues_adjust(out, p, 4, NPS_ADJUST_NONE, NULL), NPS_OK);
    assert_memory_equal(out, p, sizeof out);
    memcpy(inplace, p, sizeof inplace);
    assert_int_equal(nps_pvalues_adjust(inplace, inplace, 4, NPS_ADJUST_HOLM, NULL),
                     NPS_OK);
    for (i = 0; i < 4; i++)
        assert_rel(inplace[i], holm[i], 1e-15);
    /* Large p-values are capped at 1; ties share one value. */
    {
        const double q[3] = {0.5, 0.5, 0.9};
        assert_int_equal(nps_pvalues_adjust(out, q, 3, NPS_ADJUST_HOLM, NULL),
                         NPS_OK);
        assert_true(out[0] == 1.0 && out[1] == 1.0 && out[2] == 1.0);
        assert_int_equal(nps_pvalues_adjust(out, q, 3, NPS_ADJUST_BH, NULL),
                         NPS_OK);
        assert_rel(out[0], 0.75, 1e-15);
        assert_rel(out[1], 0.75, 1e-15);
        assert_rel(out[2], 0.9, 1e-15);
    }
    assert_int_equal(nps_pvalues_adjust(NULL, NULL, 0, NPS_ADJUST_BH, NULL), NPS_OK);
}

static void test_inference__adjust_bad_input_leaves_out_unchanged(void **state)
{
    double p[3] = {0.1, 0.2, 0.3}, out[3] = {7, 8, 9};
    const double keep[3] = {7, 8, 9};
    const double bads[] = {-0.1, 1.5, 0};
    nps_allocator al, broken;
    size_t calls = 0, i;
    (void)state;
    assert_int_equal(nps_pvalues_adjust(NULL, p, 3, NPS_ADJUST_HOLM, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_pvalues_adjust(out, NULL, 3, NPS_ADJUST_HOLM, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_pvalues_adjust(out, p, 3, (nps_adjust)3, NULL),
                     NPS_E_INVALID);
    assert_memory_equal(out, keep, sizeof out);
    for (i = 0; i < 3; i++) {
        p[1] = i == 2 ? nan("") : bads[i];
        assert_int_equal(nps_pvalues_adjust(out, p, 3, NPS_ADJUST_BH, NULL),
                         NPS_E_INVALID);
        assert_memory_equal(out, keep, sizeof out);
    }
    p[1] = 0.2;
    al.alloc = fail_alloc;
    al.free = plain_free;
    al.ctx = NULL;
    assert_int_equal(nps_pvalues_adjust(out, p, 3, NPS_ADJUST_HOLM, &al),
                     NPS_E_NOMEM);
    assert_memory_equal(out, keep, sizeof out);
    broken = al;
    broken.alloc = NULL;
    assert_int_equal(nps_pvalues_adjust(out, p, 3, NPS_ADJUST_HOLM, &broken),
                     NPS_E_INVALID);
    assert_memory_equal(out, keep, sizeof out);
    al.alloc = plain_alloc;
    al.ctx = &calls;
    assert_int_equal(nps_pvalues_adjust(out, p, 3, NPS_ADJUST_HOLM, &al), NPS_OK);
    assert_int_equal(calls, 1);
}

/* ---- omnibus ------------------------------------------------------------ */

/* Four promoters vs four detractors. With pseudo-answers each group has
   shares 4.75/7 and 0.75/7 (mirrored): per-answer variance 5.5/7 -
   (4/7)^2 = 22.5/49, v = 10^4 * 22.5 / 49 / 4. Weighted mean 0, so
   Q = 2 * 100^2 / v = 8 * 49 / 22.5 = 17.4222..., p = erfc(sqrt(Q / 2)).
   A third group of four passives has y = 0 at the mean: Q unchanged,
   df 2, p = exp(-Q / 2). */
static void test_inference__omnibus_hand_worked(void **state)
{
    nps_acc *g[4];
    nps_heterogeneity h = NPS_HETEROGENEITY_INIT;
    const double q = 8.0 * 49.0 / 22.5;
    (void)state;
    g[0] = acc3(0, 0, 4);
    g[1] = acc3(4, 0, 0);
    g[2] = acc3(0, 4, 0);
    g[3] = acc3(0, 0, 0);
    assert_int_equal(nps_heterogeneity_test(&h, (const nps_acc *const *)g, 2),
                     NPS_OK);
    assert_rel(h.statistic, q, 1e-13);
    assert_true(h.df == 1.0);
    assert_rel(h.p_value, erfc(sqrt(q / 2.0)), 1e-12);
    assert_int_equal(h.groups, 2);
    assert_int_equal(nps_heterogeneity_test(&h, (const nps_acc *const *)g, 4),
                     NPS_OK);
    assert_rel(h.statistic, q, 1e-13);
    assert_true(h.df == 2.0);
    assert_rel(h.p_value, exp(-q / 2.0), 1e-12);
    assert_int_equal(h.groups, 3);
    /* Equal groups: statistic 0, p 1. */
    assert_int_equal(nps_heterogeneity_test(&h, (const nps_acc *const *)g + 2, 1),
                     NPS_E_EMPTY);
    free_all(g, 4);
    g[0] = acc3(5, 5, 5);
    g[1] = acc3(5, 5, 5);
    assert_int_equal(nps_heterogeneity_test(&h, (const nps_acc *const *)g, 2),
                     NPS_OK);
    assert_true(h.statistic == 0.0);
    assert_true(h.p_value == 1.0);
    /* Large statistics: the continued fraction side (x >= df/2 + 1). */
    nps_acc_free(g[1]);
    g[1] = acc3(500, 5, 5);
    assert_int_equal(nps_heterogeneity_test(&h, (const nps_acc *const *)g, 2),
                     NPS_OK);
    assert_rel(h.p_value, erfc(sqrt(h.statistic / 2.0)), 1e-9);
    free_all(g, 2);
}

static void test_inference__omnibus_bad_input_leaves_out_unchanged(void **state)
{
    nps_acc *g[2], *other = NULL;
    const nps_acc *mixed[2], *with_null[2];
    nps_heterogeneity h, before;
    (void)state;
    g[0] = acc3(1, 2, 3);
    g[1] = acc3(3, 2, 1);
    assert_int_equal(nps_acc_new(&other, &one_to_ten), NPS_OK);
    memset(&h, 0x5A, sizeof h);
    h.version = NPS_HETEROGENEITY_VERSION;
    before = h;
    assert_int_equal(nps_heterogeneity_test(NULL, (const nps_acc *const *)g, 2),
                     NPS_E_INVALID);
    assert_int_equal(nps_heterogeneity_test(&h, NULL, 2), NPS_E_INVALID);
    with_null[0] = g[0];
    with_null[1] = NULL;
    assert_int_equal(nps_heterogeneity_test(&h, with_null, 2), NPS_E_INVALID);
    mixed[0] = g[0];
    mixed[1] = other;
    assert_int_equal(nps_heterogeneity_test(&h, mixed, 2), NPS_E_MISMATCH);
    assert_int_equal(nps_heterogeneity_test(&h, NULL, 0), NPS_E_EMPTY);
    assert_memory_equal(&h, &before, sizeof h);
    h.version = 2;
    before = h;
    assert_int_equal(nps_heterogeneity_test(&h, (const nps_acc *const *)g, 2),
                     NPS_E_INVALID);
    assert_memory_equal(&h, &before, sizeof h);
    free_all(g, 2);
    nps_acc_free(other);
}

/* ---- MOVER-score comparison --------------------------------------------- */

static void mover_by_hand(const nps_acc *a, const nps_acc *b, double level,
                          double *diff, double *lo, double *hi)
{
    double la, ua, lb, ub;
    double ta = nps_acc_score(a), tb = nps_acc_score(b);
    assert_int_equal(nps_acc_interval(a, NPS_METHOD_SCORE, level, &la, &ua), NPS_OK);
    assert_int_equal(nps_acc_interval(b, NPS_METHOD_SCORE, level, &lb, &ub), NPS_OK);
    *diff = ta - tb;
    *lo = ta - tb - sqrt((ta - la) * (ta - la) + (ub - tb) * (ub - tb));
    *hi = ta - tb + sqrt((ua - ta) * (ua - ta) + (tb - lb) * (tb - lb));
}

/* Two promoters vs two detractors: the raw difference is 200 and lies in
   its interval; the interval is the MOVER combination of the score limits
   that nps_acc_interval reports. */
static void test_inference__compare_score_tiny_samples(void **state)
{
    nps_acc *a = acc3(0, 0, 2), *b = acc3(2, 0, 0), *one = acc3(0, 0, 1);
    nps_comparison c = NPS_COMPARISON_INIT;
    double d, lo, hi;
    (void)state;
    assert_int_equal(nps_compare_score(&c, a, b, 0.95), NPS_OK);
    mover_by_hand(a, b, 0.95, &d, &lo, &hi);
    assert_true(c.diff == 200.0);
    assert_rel(c.lo, lo, 1e-12);
    assert_rel(c.hi, hi, 1e-12);
    assert_true(c.lo <= c.diff && c.diff <= c.hi);
    assert_true((c.p_value < 0.05) == (c.lo > 0.0));
    /* Same sample twice: difference 0, p 1. */
    assert_int_equal(nps_compare_score(&c, one, one, 0.9), NPS_OK);
    assert_true(c.diff == 0.0 && c.p_value == 1.0);
    assert_true(c.lo < 0.0 && c.hi > 0.0);
    /* One promoter vs two detractors: a negative-direction check. */
    assert_int_equal(nps_compare_score(&c, b, one, 0.95), NPS_OK);
    assert_true(c.diff == -200.0);
    assert_true(c.lo <= c.diff && c.diff <= c.hi);
    assert_true((c.p_value < 0.05) == (c.hi < 0.0));
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(one);
}

/* On random pairs of samples at several levels: the raw difference is in
   its interval, the interval matches the hand formula, and the p-value is
   below 1 - level exactly when the interval excludes 0; at level 1 - p the
   bound nearest 0 sits on 0. */
static void test_inference__compare_score_is_coherent(void **state)
{
    unsigned seed = 777;
    static const double levels[] = {0.8, 0.9, 0.95, 0.99};
    int rep;
    (void)state;
    for (rep = 0; rep < 300; rep++) {
        uint64_t na = 1 + rand_r_(&seed) % (rep < 150 ? 12 : 400);
        uint64_t nb = 1 + rand_r_(&seed) % (rep < 150 ? 12 : 4000);
        uint64_t da = rand_r_(&seed) % (na + 1), ra = rand_r_(&seed) % (na - da + 1);
        uint64_t db = rand_r_(&seed) % (nb + 1), rb = rand_r_(&seed) % (nb - db + 1);
        nps_acc *a = acc3(da, na - da - ra, ra), *b = acc3(db, nb - db - rb, rb);
        double level = levels[rep % 4], d, lo, hi;
        nps_comparison c = NPS_COMPARISON_INIT;
        assert_int_equal(nps_compare_score(&c, a, b, level), NPS_OK);
        mover_by_hand(a, b, level, &d, &lo, &hi);
        assert_true(fabs(c.diff - d) < 1e-12);
        assert_true(fabs(c.lo - lo) < 1e-9 && fabs(c.hi - hi) < 1e-9);
        assert_true(c.lo <= c.diff && c.diff <= c.hi);
        assert_true(c.p_value >= 0.0 && c.p_value <= 1.0);
        assert_true((c.p_value < 1.0 - level) == (c.lo > 0.0 || c.hi < 0.0));
        if (c.diff != 0.0 && c.p_value > 1e-6 && c.p_value < 0.999) {
            nps_comparison e = NPS_COMPARISON_INIT;
            assert_int_equal(nps_compare_score(&e, a, b, 1.0 - c.p_value), NPS_OK);
            if (!(fabs(c.diff > 0 ? e.lo : e.hi) < 1e-6)) fail_msg("na %llu %llu %llu nb %llu %llu %llu p %.17g lo %.17g hi %.17g elo %.17g ehi %.17g", (unsigned long long)da, (unsigned long long)(na-da-ra), (unsigned long long)ra, (unsigned long long)db, (unsigned long long)(nb-db-rb), (unsigned long long)rb, c.p_value, c.lo, c.hi, e.lo, e.hi);
        }
        nps_acc_free(a);
        nps_acc_free(b);
    }
}

static void test_inference__compare_score_bad_input_leaves_out_unchanged(void **state)
{
    nps_acc *a = acc3(1, 1, 1), *empty = acc3(0, 0, 0), *other = NULL;
    nps_comparison c, before;
    (void)state;
    assert_int_equal(nps_acc_new(&other, &one_to_ten), NPS_OK);
    assert_int_equal(nps_acc_add(other, 10), NPS_OK);
    memset(&c, 0x3C, sizeof c);
    c.version = NPS_COMPARISON_VERSION;
    before = c;
    assert_int_equal(nps_compare_score(NULL, a, a, 0.95), NPS_E_INVALID);
    assert_int_equal(nps_compare_score(&c, NULL, a, 0.95), NPS_E_INVALID);
    assert_int_equal(nps_compare_score(&c, a, NULL, 0.95), NPS_E_INVALID);
    assert_int_equal(nps_compare_score(&c, a, a, 0.0), NPS_E_INVALID);
    assert_int_equal(nps_compare_score(&c, a, a, 1.0), NPS_E_INVALID);
    assert_int_equal(nps_compare_score(&c, a, a, nan("")), NPS_E_INVALID);
    assert_int_equal(nps_compare_score(&c, a, other, 0.95), NPS_E_MISMATCH);
    assert_int_equal(nps_compare_score(&c, a, empty, 0.95), NPS_E_EMPTY);
    assert_int_equal(nps_compare_score(&c, empty, a, 0.95), NPS_E_EMPTY);
    assert_memory_equal(&c, &before, sizeof c);
    c.version = 0;
    before = c;
    assert_int_equal(nps_compare_score(&c, a, a, 0.95), NPS_E_INVALID);
    assert_memory_equal(&c, &before, sizeof c);
    nps_acc_free(a);
    nps_acc_free(empty);
    nps_acc_free(other);
}

/* One promoter: adjusted Wald's interval excludes the raw estimate (100),
   the score interval contains it. This is why coherent surfaces use the
   score interval at tiny n. */
static void test_inference__score_interval_contains_estimate(void **state)
{
    nps_acc *one = acc3(0, 0, 1);
    double lo, hi;
    (void)state;
    assert_int_equal(nps_acc_interval(one, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(hi < 100.0);
    assert_int_equal(nps_acc_interval(one, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo <= 100.0 && hi >= 100.0);
    nps_acc_free(one);
}

/* ---- sample size -------------------------------------------------------- */

/* Adjusted-Wald half-width at n answers and expected shares, by hand. */
static double adj_margin(double n, double pr, double pd)
{
    double m = n + 3.0, ar = (n * pr + 0.75) / m, ad = (n * pd + 0.75) / m;
    double z = 1.959963984540054;
    double h = z * 100.0 * sqrt(((ar + ad) - (ar - ad) * (ar - ad)) / m);
    return h < 100.0 ? h : 100.0;
}

static void test_inference__sample_size_margin(void **state)
{
    uint64_t n = 0, w = 0;
    static const double sh[][2] = {{0.95, 0.01}, {0.9, 0.02}, {0.5, 0.2},
                                   {0.3, 0.3}, {0, 0}, {1, 0}};
    static const double margins[] = {2, 5, 10, 30};
    size_t i, j;
    (void)state;
    /* The numbers of the defect report: 53 and 71 answers. */
    assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD, 10,
                                            0.95, 0.95, 0.01),
                     NPS_OK);
    assert_int_equal(n, 53);
    assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD, 10,
                                            0.95, 0.90, 0.02),
                     NPS_OK);
    assert_int_equal(n, 71);
    for (i = 0; i < 6; i++)
        for (j = 0; j < 4; j++) {
            double pr = sh[i][0], pd = sh[i][1], mg = margins[j];
            assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD,
                                                    mg, 0.95, pr, pd),
                             NPS_OK);
            /* Smallest n whose margin is at or below the target. */
            assert_true(adj_margin((double)n, pr, pd) <= mg);
            if (n > 1)
                assert_true(adj_margin((double)n - 1.0, pr, pd) > mg);
            /* Wald: the 1.0 closed form. */
            assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_WALD, mg, 0.95,
                                                    pr, pd),
                             NPS_OK);
            assert_int_equal(nps_sample_size(mg, 0.95, pr, pd, &w), NPS_OK);
            assert_true(n == w || n + 1 == w || n == w + 1);
            /* Score: the plan's score margin at integer counts is close to
               the target when the shares give integer counts. */
            assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_SCORE, mg,
                                                    0.95, pr, pd),
                             NPS_OK);
            assert_true(n >= 1);
        }
    /* Score at shares 0.5 / 0.5: counts n / 2 exact for even n. */
    assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_SCORE, 10, 0.95, 0.5,
                                            0.5),
                     NPS_OK);
    {
        nps_acc *x = acc3(n / 2, n % 2, n / 2);
        double m = 0;
        assert_int_equal(nps_acc_margin(x, NPS_METHOD_SCORE, 0.95, &m), NPS_OK);
        assert_true(m <= 10.0 + 0.05);
        nps_acc_free(x);
    }
    /* A wide target: one answer suffices. */
    assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD, 200,
                                            0.95, 0.5, 0.2),
                     NPS_OK);
    assert_int_equal(n, 1);
}

/* The unknown-share bound: with 90% promoters no detractor share can need
   more than 554 answers for a 5-point Wald margin (1.0 planned 1537). */
static void test_inference__sample_size_unknown_share_bound(void **state)
{
    uint64_t n = 0, worst = 0, m = 0;
    int i;
    (void)state;
    assert_int_equal(nps_sample_size(5, 0.95, 0.9, -1, &n), NPS_OK);
    assert_int_equal(n, 554);
    for (i = 0; i <= 1000; i++) {
        double pd = 0.1 * i / 1000.0;
        assert_int_equal(nps_sample_size(5, 0.95, 0.9, pd, &m), NPS_OK);
        worst = m > worst ? m : worst;
    }
    assert_int_equal(n, worst);
    /* Symmetric: unknown promoter share. */
    assert_int_equal(nps_sample_size(5, 0.95, -1, 0.9, &m), NPS_OK);
    assert_int_equal(m, 554);
    /* Small known share: the worst case is the vertex, inside the range. */
    assert_int_equal(nps_sample_size(5, 0.95, 0.1, -1, &n), NPS_OK);
    worst = 0;
    for (i = 0; i <= 900; i++) {
        assert_int_equal(nps_sample_size(5, 0.95, 0.1, 0.9 * i / 900.0, &m), NPS_OK);
        worst = m > worst ? m : worst;
    }
    assert_int_equal(n, worst);
    assert_int_equal(nps_sample_size(5, 0.95, -1, -1, &n), NPS_OK);
    assert_int_equal(n, 1537);
    /* The two-group plan takes the same worst case per group. */
    assert_int_equal(nps_sample_size_compare(10, 0.95, 0.8, 0.9, -1, 0.5, 0.2, &n),
                     NPS_OK);
    assert_int_equal(nps_sample_size_compare(10, 0.95, 0.8, 0.9, 0.1, 0.5, 0.2, &m),
                     NPS_OK);
    assert_int_equal(n, m);
    /* Adjusted Wald with unknown shares: no known share plans more. */
    for (i = 0; i < 3; i++) {
        double known = i == 0 ? 0.9 : i == 1 ? 0.1 : 0.4;
        int j;
        assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD, 5,
                                                0.95, known, -1),
                         NPS_OK);
        assert_int_equal(nps_sample_size_margin(&m, NPS_METHOD_ADJUSTED_WALD, 5,
                                                0.95, -1, known),
                         NPS_OK);
        assert_int_equal(n, m);
        worst = 0;
        for (j = 0; j <= 200; j++) {
            uint64_t k = 0;
            assert_int_equal(nps_sample_size_margin(&k, NPS_METHOD_ADJUSTED_WALD,
                                                    5, 0.95, known,
                                                    (1.0 - known) * j / 200.0),
                             NPS_OK);
            worst = k > worst ? k : worst;
        }
        assert_true(n >= worst && n <= worst + 1);
    }
    assert_int_equal(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD, 5, 0.95,
                                            -1, -1),
                     NPS_OK);
    assert_true(n >= 1530 && n <= 1537);
}

static void test_inference__sample_size_margin_bad_input(void **state)
{
    uint64_t n = 42;
    (void)state;
#define BAD(call, status)                                                      \
    do {                                                                       \
        assert_int_equal(call, status);                                        \
        assert_int_equal(n, 42);                                               \
    } while (0)
    BAD(nps_sample_size_margin(NULL, 1, 5, 0.95, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, (nps_method)3, 5, 0.95, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 0, 0.95, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 201, 0.95, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, nan(""), 0.95, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 1.0, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 0.0, 0.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 0.95, nan(""), 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 0.95, 0.5, nan("")), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 0.95, 1.5, 0.2), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 0.95, 0.5, 1.5), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, 1, 5, 0.95, 0.7, 0.7), NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, NPS_METHOD_SCORE, 5, 0.95, -1, 0.2),
        NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, NPS_METHOD_SCORE, 5, 0.95, 0.5, -1),
        NPS_E_INVALID);
    BAD(nps_sample_size_margin(&n, NPS_METHOD_ADJUSTED_WALD, 1e-9, 0.95, 0.5, 0.2),
        NPS_E_OVERFLOW);
#undef BAD
}

/* ---- alerts ------------------------------------------------------------- */

static void init_alerts(nps_alert *a, size_t k)
{
    size_t i;
    for (i = 0; i < k; i++) {
        nps_alert x = NPS_ALERT_INIT;
        a[i] = x;
    }
}

/* Five steady periods of 100 answers (40 promoters, 20 detractors: NPS
   20), then a period at NPS -20. Baseline of period 5: pooled NPS 20,
   per-answer variance 10^4 (0.6 - 0.04) = 5600, every z_j = 0 so
   sigma_z = max(1, 0) = 1, sd = sqrt(5600 (1/100 + 1/500)) = sqrt(67.2):
   z = -40 / sqrt(67.2) = -4.879..., flagged LOW at limit 3. */
static void test_inference__alert_hand_worked(void **state)
{
    nps_acc *p[7];
    nps_alert al[7];
    size_t i;
    (void)state;
    for (i = 0; i < 5; i++)
        p[i] = acc3(20, 40, 40);
    p[5] = acc3(40, 40, 20);
    p[6] = acc3(0, 0, 0);
    init_alerts(al, 7);
    assert_int_equal(nps_alert_scan(al, (const nps_acc *const *)p, 7, 12, 3.0),
                     NPS_OK);
    for (i = 0; i < 3; i++) {
        assert_int_equal(al[i].kind, NPS_ALERT_UNDECIDED);
        assert_int_equal(al[i].baseline, i);
    }
    assert_int_equal(al[3].kind, NPS_ALERT_NONE);
    assert_true(al[3].z == 0.0);
    assert_int_equal(al[4].kind, NPS_ALERT_NONE);
    assert_int_equal(al[5].kind, NPS_ALERT_LOW);
    assert_int_equal(al[5].baseline, 5);
    assert_rel(al[5].center, 20.0, 1e-14);
    assert_rel(al[5].sigma_z, 1.0, 1e-14);
    assert_rel(al[5].z, -40.0 / sqrt(67.2), 1e-12);
    assert_rel(al[5].lo, 20.0 - 3.0 * sqrt(67.2), 1e-12);
    assert_rel(al[5].hi, 20.0 + 3.0 * sqrt(67.2), 1e-12);
    /* An empty period has no verdict. */
    assert_int_equal(al[6].kind, NPS_ALERT_UNDECIDED);
    /* A rise is HIGH; a window of 3 looks at the last 3 periods only. */
    nps_acc_free(p[5]);
    p[5] = acc3(5, 35, 60);
    init_alerts(al, 7);
    assert_int_equal(nps_alert_scan(al, (const nps_acc *const *)p, 6, 3, 3.0),
                     NPS_OK);
    assert_int_equal(al[5].kind, NPS_ALERT_HIGH);
    assert_int_equal(al[5].baseline, 3);
    /* Empty periods inside a baseline are skipped: the same verdict with
       one fewer baseline period. */
    {
        const nps_acc *q[7];
        q[0] = p[0];
        q[1] = p[6];
        q[2] = p[1];
        q[3] = p[2];
        q[4] = p[3];
        q[5] = p[4];
        q[6] = p[5];
        init_alerts(al, 7);
        assert_int_equal(nps_alert_scan(al, q, 7, 12, 3.0), NPS_OK);
        assert_int_equal(al[6].kind, NPS_ALERT_HIGH);
        assert_int_equal(al[6].baseline, 5);
        assert_int_equal(al[2].kind, NPS_ALERT_UNDECIDED);
        assert_int_equal(al[4].kind, NPS_ALERT_NONE);
    }
    free_all(p, 7);
}

/* Varying baselines widen the limits (sigma_z > 1); a baseline where every
   answer is a promoter still has limits of positive width. */
static void test_inference__alert_widening_and_degenerate_baseline(void **state)
{
    nps_acc *p[5];
    nps_alert al[5];
    (void)state;
    p[0] = acc3(10, 40, 50);
    p[1] = acc3(40, 40, 20);
    p[2] = acc3(10, 40, 50);
    p[3] = acc3(40, 40, 20);
    p[4] = acc3(25, 40, 35);
    init_alerts(al, 5);
    assert_int_equal(nps_alert_scan(al, (const nps_acc *const *)p, 5, 4, 3.0),
                     NPS_OK);
    assert_true(al[3].sigma_z > 2.0);
    assert_int_equal(al[3].kind, NPS_ALERT_NONE);
    assert_true(al[4].sigma_z > 2.0);
    free_all(p, 5);
    p[0] = acc3(0, 0, 10);
    p[1] = acc3(0, 0, 12);
    p[2] = acc3(0, 0, 9);
    p[3] = acc3(0, 0, 10);
    p[4] = acc3(3, 0, 7);
    init_alerts(al, 5);
    assert_int_equal(nps_alert_scan(al, (const nps_acc *const *)p, 5, 12, 3.0),
                     NPS_OK);
    assert_int_equal(al[3].kind, NPS_ALERT_NONE);
    assert_true(al[3].lo < 100.0 && al[3].hi == 100.0);
    assert_int_equal(al[4].kind, NPS_ALERT_LOW);
    free_all(p, 5);
}

static void test_inference__alert_bad_input_leaves_out_unchanged(void **state)
{
    nps_acc *p[3], *other = NULL;
    const nps_acc *mixed[3], *with_null[3];
    nps_alert al[3], before[3];
    (void)state;
    p[0] = acc3(1, 1, 1);
    p[1] = acc3(1, 1, 1);
    p[2] = acc3(1, 1, 1);
    assert_int_equal(nps_acc_new(&other, &one_to_ten), NPS_OK);
    memset(al, 0x77, sizeof al);
    al[0].version = NPS_ALERT_VERSION;
    memcpy(before, al, sizeof al);
#define SAME(call, status)                                                     \
    do {                                                                       \
        assert_int_equal(call, status);                                        \
        assert_memory_equal(al, before, sizeof al);                            \
    } while (0)
    SAME(nps_alert_scan(NULL, (const nps_acc *const *)p, 3, 3, 3), NPS_E_INVALID);
    SAME(nps_alert_scan(al, NULL, 3, 3, 3), NPS_E_INVALID);
    SAME(nps_alert_scan(al, (const nps_acc *const *)p, 3, 2, 3), NPS_E_INVALID);
    SAME(nps_alert_scan(al, (const nps_acc *const *)p, 3, 3, 0), NPS_E_INVALID);
    SAME(nps_alert_scan(al, (const nps_acc *const *)p, 3, 3, nan("")), NPS_E_INVALID);
    SAME(nps_alert_scan(al, (const nps_acc *const *)p, 3, 3, INFINITY),
         NPS_E_INVALID);
    with_null[0] = p[0];
    with_null[1] = NULL;
    with_null[2] = p[2];
    SAME(nps_alert_scan(al, with_null, 3, 3, 3), NPS_E_INVALID);
    mixed[0] = p[0];
    mixed[1] = p[1];
    mixed[2] = other;
    SAME(nps_alert_scan(al, mixed, 3, 3, 3), NPS_E_MISMATCH);
    al[0].version = 0;
    memcpy(before, al, sizeof al);
    SAME(nps_alert_scan(al, (const nps_acc *const *)p, 3, 3, 3), NPS_E_INVALID);
#undef SAME
    assert_int_equal(nps_alert_scan(al, NULL, 0, 3, 3), NPS_E_INVALID);
    al[0].version = NPS_ALERT_VERSION;
    assert_int_equal(nps_alert_scan(al, NULL, 0, 3, 3), NPS_OK);
    free_all(p, 3);
    nps_acc_free(other);
}

/* ---- the bundled sample: the March 2024 dip ----------------------------- */

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Month index (year * 12 + month - 1) in UTC of "YYYY-MM-DDTHH:MM:SS+HH:MM",
   or -1 for anything else. */
static long utc_month(const char *s)
{
    int y, mo, d, h, mi, se, oh, om;
    char sign;
    long t, days, yy, mm, dd, z, era, doe, yoe, doy, mp;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &y, &mo, &d, &h, &mi, &se,
               &sign, &oh, &om) != 9 ||
        (sign != '+' && sign != '-'))
        return -1;
    t = days_from_civil(y, mo, d) * 86400L + h * 3600L + mi * 60L + se -
        (sign == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    /* civil_from_days */
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    dd = doy - (153 * mp + 2) / 5 + 1;
    mm = mp + (mp < 10 ? 3 : -9);
    (void)dd;
    return (yy + (mm <= 2)) * 12 + mm - 1;
}

static void test_inference__alert_catches_march_2024_dip(void **state)
{
    FILE *f = fopen(NPS_TEST_DATA_DIR "/../../examples/data/responses.csv", "r");
    char line[1024];
    nps_acc *m[24];
    nps_alert al[24];
    const long first = 2023L * 12;
    size_t i;
    int flagged = 0;
    (void)state;
    if (!f) {
        print_message("SKIP: examples/data/responses.csv not found\n");
        skip();
    }
    for (i = 0; i < 24; i++)
        assert_int_equal(nps_acc_new(&m[i], NULL), NPS_OK);
    while (fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ','), *c2;
        long mon;
        int score;
        if (!c1 || !(c2 = strchr(c1 + 1, ',')))
            continue;
        mon = utc_month(c1 + 1);
        if (mon < first || mon >= first + 24 || sscanf(c2 + 1, "%d", &score) != 1)
            continue;
        if (score >= 0 && score <= 10)
            assert_int_equal(nps_acc_add(m[mon - first], score), NPS_OK);
    }
    fclose(f);
    init_alerts(al, 24);
    assert_int_equal(nps_alert_scan(al, (const nps_acc *const *)m, 24, 12, 3.0),
                     NPS_OK);
    /* Index 14 is March 2024. */
    assert_int_equal(al[14].kind, NPS_ALERT_LOW);
    for (i = 0; i < 24; i++)
        flagged += al[i].kind == NPS_ALERT_LOW || al[i].kind == NPS_ALERT_HIGH;
    for (i = 0; i < 24; i++)
        if (al[i].kind == NPS_ALERT_LOW || al[i].kind == NPS_ALERT_HIGH)
            print_message("flagged month %zu: NPS %.1f, centre %.1f, z %.2f\n",
                          i, nps_acc_score(m[i]), al[i].center, al[i].z);
    print_message("March 2024: NPS %.1f, centre %.1f, z %.2f; %d of 24 months "
                  "flagged\n",
                  nps_acc_score(m[14]), al[14].center, al[14].z, flagged);
    free_all(m, 24);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inference__trend_matches_metafor_case),
        cmocka_unit_test(test_inference__trend_perfect_fit),
        cmocka_unit_test(test_inference__trend_zero_variance_periods),
        cmocka_unit_test(test_inference__trend_skips_empty_periods),
        cmocka_unit_test(test_inference__timeline_trend_adapter_is_bitwise_1_0),
        cmocka_unit_test(test_inference__trend_bad_input_leaves_out_unchanged),
        cmocka_unit_test(test_inference__adjust_hand_worked),
        cmocka_unit_test(test_inference__adjust_bad_input_leaves_out_unchanged),
        cmocka_unit_test(test_inference__omnibus_hand_worked),
        cmocka_unit_test(test_inference__omnibus_bad_input_leaves_out_unchanged),
        cmocka_unit_test(test_inference__compare_score_tiny_samples),
        cmocka_unit_test(test_inference__compare_score_is_coherent),
        cmocka_unit_test(test_inference__compare_score_bad_input_leaves_out_unchanged),
        cmocka_unit_test(test_inference__score_interval_contains_estimate),
        cmocka_unit_test(test_inference__sample_size_margin),
        cmocka_unit_test(test_inference__sample_size_unknown_share_bound),
        cmocka_unit_test(test_inference__sample_size_margin_bad_input),
        cmocka_unit_test(test_inference__alert_hand_worked),
        cmocka_unit_test(test_inference__alert_widening_and_degenerate_baseline),
        cmocka_unit_test(test_inference__alert_bad_input_leaves_out_unchanged),
        cmocka_unit_test(test_inference__alert_catches_march_2024_dip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
