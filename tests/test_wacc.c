/*
 * The weighted accumulator: every function, hand-worked statistics, the
 * unweighted special case against nps_acc, merge-order bounds, the codec
 * kind W, and every bad input with the strong guarantee (each failing call
 * is checked against a snapshot: a clone compared with nps_wacc_equal and
 * the serialized bytes). The R cross-check is tests/wacc_r_check.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nps.h"

#define UNTOUCHED_D 12345.5
#define UNTOUCHED_Z ((size_t)0x5a5a5a5a)
#define STALE(type) ((type *)(uintptr_t)0x10)

static const nps_scale one_to_ten = {1, 10, 7, 9};

/* 2^-448 and 2^448: the accepted weights' bounds. */
static double wmin(void) { return ldexp(1.0, -448); }
static double wmax(void) { return ldexp(1.0, 448); }

static uint64_t rng = 0x2545f4914f6cdd1du;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static double rnd_unit(void) { return (double)(rnd() >> 11) * 0x1p-53; }

/* ---- snapshots -------------------------------------------------------- */

struct snap {
    nps_wacc *copy;
    uint8_t bytes[256];
    size_t len;
};

static void snap_take(struct snap *s, const nps_wacc *w)
{
    assert_int_equal(nps_wacc_clone(&s->copy, w), NPS_OK);
    assert_int_equal(nps_wacc_serialize(w, s->bytes, sizeof s->bytes, &s->len),
                     NPS_OK);
}

static void snap_check(struct snap *s, const nps_wacc *w)
{
    uint8_t now[256];
    size_t len = 0;
    assert_true(nps_wacc_equal(w, s->copy));
    assert_int_equal(nps_wacc_serialize(w, now, sizeof now, &len), NPS_OK);
    assert_int_equal(len, s->len);
    assert_memory_equal(now, s->bytes, len);
    nps_wacc_free(s->copy);
    s->copy = NULL;
}

/* ---- allocator that can fail -------------------------------------------- */

struct ledger {
    size_t live, calls, fail_after;
};

static void *ledger_alloc(void *ctx, size_t size)
{
    struct ledger *l = (struct ledger *)ctx;
    void *p;
    if (l->calls++ >= l->fail_after)
        return NULL;
    p = malloc(size);
    if (p)
        l->live++;
    return p;
}

static void ledger_free(void *ctx, void *ptr, size_t size)
{
    struct ledger *l = (struct ledger *)ctx;
    (void)size;
    l->live--;
    free(ptr);
}

static nps_allocator ledger(struct ledger *l, size_t fail_after)
{
    nps_allocator a;
    l->live = l->calls = 0;
    l->fail_after = fail_after;
    a.alloc = ledger_alloc;
    a.free = ledger_free;
    a.ctx = l;
    return a;
}

/* ---- fixtures ------------------------------------------------------------ */

/* The hand-worked sample of docs/statistics.md: promoters weighing 2 and
   1, a passive weighing 1, a detractor weighing 4. */
static nps_wacc *worked(void)
{
    nps_wacc *w = NULL;
    assert_int_equal(nps_wacc_new(&w, NULL), NPS_OK);
    assert_int_equal(nps_wacc_add(w, 10, 2.0), NPS_OK);
    assert_int_equal(nps_wacc_add(w, 9, 1.0), NPS_OK);
    assert_int_equal(nps_wacc_add(w, 7, 1.0), NPS_OK);
    assert_int_equal(nps_wacc_add(w, 3, 4.0), NPS_OK);
    return w;
}

static uint8_t *bytes_of(const nps_wacc *w, size_t *len)
{
    uint8_t *b;
    size_t n;
    assert_int_equal(nps_wacc_serialize(w, NULL, 0, len), NPS_E_BUFSIZE);
    b = (uint8_t *)malloc(*len);
    assert_non_null(b);
    assert_int_equal(nps_wacc_serialize(w, b, *len, &n), NPS_OK);
    assert_int_equal(n, *len);
    return b;
}

/* CRC-32C, bit at a time (docs/format.md). */
static uint32_t crc32c(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static void reseal(uint8_t *b, size_t len)
{
    uint32_t c = crc32c(b, len - 4);
    b[len - 4] = (uint8_t)c;
    b[len - 3] = (uint8_t)(c >> 8);
    b[len - 2] = (uint8_t)(c >> 16);
    b[len - 1] = (uint8_t)(c >> 24);
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80u) {
        p[n++] = (uint8_t)(v | 0x80u);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* A kind-W frame from its fields, written here from docs/format.md:
   standard scale, counts (d, pas, p), then per category W.hi, W.lo,
   W2.hi, W2.lo. */
static size_t craft(uint8_t *b, uint8_t version, const uint64_t counts[3],
                    const double v[12])
{
    static const uint8_t head[9] = {'N', 'P', 'S', 'W', 1, 0, 10, 7, 9};
    size_t n = 9;
    int i, k;
    memcpy(b, head, 9);
    b[4] = version;
    for (k = 0; k < 3; k++)
        n += put_varint(b + n, counts[k]);
    for (k = 0; k < 12; k++) {
        uint64_t u;
        memcpy(&u, &v[k], 8);
        for (i = 0; i < 8; i++)
            b[n++] = (uint8_t)(u >> (8 * i));
    }
    n += 4;
    reseal(b, n);
    return n;
}

static nps_status decode_status(const uint8_t *b, size_t len)
{
    nps_wacc *w = STALE(nps_wacc);
    nps_status st = nps_wacc_deserialize(&w, b, len);
    if (st == NPS_OK)
        nps_wacc_free(w);
    else
        assert_null(w);
    return st;
}

/* One answer per category, weight 1: a valid crafted base. */
static const uint64_t base_counts[3] = {1, 1, 1};
static const double base_v[12] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};

/* ---- lifecycle ------------------------------------------------------------ */

static void test_wacc__new_and_bad_arguments(void **state)
{
    nps_scale bad = {5, 4, 4, 5};
    nps_allocator half = {NULL, NULL, NULL};
    struct ledger l;
    nps_allocator a = ledger(&l, 0);
    nps_wacc *w = STALE(nps_wacc);
    nps_scale got;
    (void)state;
    assert_int_equal(nps_wacc_new(NULL, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_new(&w, &bad), NPS_E_INVALID);
    assert_null(w);
    w = STALE(nps_wacc);
    assert_int_equal(nps_wacc_new_with_allocator(&w, NULL, &half), NPS_E_INVALID);
    assert_null(w);
    w = STALE(nps_wacc);
    assert_int_equal(nps_wacc_new_with_allocator(&w, NULL, &a), NPS_E_NOMEM);
    assert_null(w);
    assert_int_equal(l.live, 0);
    a = ledger(&l, 10);
    assert_int_equal(nps_wacc_new_with_allocator(&w, &one_to_ten, &a), NPS_OK);
    assert_int_equal(l.live, 1);
    assert_int_equal(nps_wacc_scale(w, &got), NPS_OK);
    assert_memory_equal(&got, &one_to_ten, sizeof got);
    assert_int_equal(nps_wacc_scale(w, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_scale(NULL, &got), NPS_E_INVALID);
    assert_true(nps_wacc_footprint(w) > 0);
    assert_int_equal(nps_wacc_footprint(NULL), 0);
    assert_int_equal(nps_wacc_total(w), 0);
    assert_int_equal(nps_wacc_total(NULL), 0);
    assert_true(isnan(nps_wacc_score(w)));
    assert_true(isnan(nps_wacc_score(NULL)));
    nps_wacc_free(w);
    assert_int_equal(l.live, 0);
    nps_wacc_free(NULL);
    nps_wacc_reset(NULL);
}

static void test_wacc__clone_reset_equal(void **state)
{
    struct ledger l;
    nps_allocator a = ledger(&l, 1);
    nps_wacc *w = worked(), *c = STALE(nps_wacc), *f = NULL, *e = NULL;
    (void)state;
    assert_int_equal(nps_wacc_clone(NULL, w), NPS_E_INVALID);
    assert_int_equal(nps_wacc_clone(&c, NULL), NPS_E_INVALID);
    assert_null(c);
    assert_int_equal(nps_wacc_clone(&c, w), NPS_OK);
    assert_true(nps_wacc_equal(c, w));
    assert_false(nps_wacc_equal(c, NULL));
    assert_false(nps_wacc_equal(NULL, c));
    /* A clone keeps the allocator: a failing one reports NOMEM. */
    assert_int_equal(nps_wacc_new_with_allocator(&f, NULL, &a), NPS_OK);
    e = STALE(nps_wacc);
    assert_int_equal(nps_wacc_clone(&e, f), NPS_E_NOMEM);
    assert_null(e);
    nps_wacc_free(f);
    assert_int_equal(l.live, 0);
    /* Equality looks at every field. */
    assert_int_equal(nps_wacc_add(c, 10, 1.0), NPS_OK);
    assert_false(nps_wacc_equal(c, w));
    nps_wacc_reset(c);
    assert_int_equal(nps_wacc_total(c), 0);
    assert_int_equal(nps_wacc_new(&e, NULL), NPS_OK);
    assert_true(nps_wacc_equal(c, e));
    nps_wacc_free(e);
    assert_int_equal(nps_wacc_new(&e, &one_to_ten), NPS_OK);
    assert_false(nps_wacc_equal(c, e));
    nps_wacc_free(e);
    {
        /* Same counts, different weights; same weights, moved answers. */
        nps_wacc *x = NULL, *y = NULL;
        static const double wx[3] = {1.0, 2.0, 3.0};
        int k;
        for (k = 0; k < 5; k++) {
            assert_int_equal(nps_wacc_new(&x, NULL), NPS_OK);
            assert_int_equal(nps_wacc_new(&y, NULL), NPS_OK);
            assert_int_equal(nps_wacc_add(x, 0, wx[0]), NPS_OK);
            assert_int_equal(nps_wacc_add(x, 7, wx[1]), NPS_OK);
            assert_int_equal(nps_wacc_add(x, 9, wx[2]), NPS_OK);
            assert_int_equal(nps_wacc_add(y, 0, wx[0] + (k == 0)), NPS_OK);
            assert_int_equal(nps_wacc_add(y, 7, wx[1] + (k == 1)), NPS_OK);
            assert_int_equal(nps_wacc_add(y, k == 4 ? 0 : 9, wx[2] + (k == 2)),
                             NPS_OK);
            if (k == 3) /* only a squared sum differs: weights 3 vs 1 + 2 */
                assert_int_equal(nps_wacc_add(y, 9, 0.0), NPS_E_INVALID);
            if (k < 3 || k == 4)
                assert_false(nps_wacc_equal(x, y));
            else
                assert_true(nps_wacc_equal(x, y));
            nps_wacc_free(x);
            nps_wacc_free(y);
        }
        /* Equal weight sums, different squared sums. */
        assert_int_equal(nps_wacc_new(&x, NULL), NPS_OK);
        assert_int_equal(nps_wacc_new(&y, NULL), NPS_OK);
        assert_int_equal(nps_wacc_add(x, 10, 3.0), NPS_OK);
        assert_int_equal(nps_wacc_add(x, 9, 1.0), NPS_OK);
        assert_int_equal(nps_wacc_add(y, 10, 2.0), NPS_OK);
        assert_int_equal(nps_wacc_add(y, 10, 2.0), NPS_OK);
        assert_true(nps_wacc_category_weight(x, NPS_PROMOTER) ==
                    nps_wacc_category_weight(y, NPS_PROMOTER));
        assert_false(nps_wacc_equal(x, y));
        nps_wacc_free(x);
        nps_wacc_free(y);
        /* One low-order bit apart: the lo parts differ. */
        assert_int_equal(nps_wacc_new(&x, NULL), NPS_OK);
        assert_int_equal(nps_wacc_new(&y, NULL), NPS_OK);
        assert_int_equal(nps_wacc_add(x, 10, 1.0), NPS_OK);
        assert_int_equal(nps_wacc_add(y, 10, 1.0), NPS_OK);
        assert_int_equal(nps_wacc_add(x, 10, 0x1p-60), NPS_OK);
        assert_int_equal(nps_wacc_add(y, 10, 0x1p-61), NPS_OK);
        assert_true(nps_wacc_category_weight(x, NPS_PROMOTER) ==
                    nps_wacc_category_weight(y, NPS_PROMOTER));
        assert_false(nps_wacc_equal(x, y));
        nps_wacc_free(x);
        nps_wacc_free(y);
    }
    nps_wacc_free(c);
    nps_wacc_free(w);
}

/* ---- adding --------------------------------------------------------------- */

static double bad_weights[8];
static void fill_bad_weights(void)
{
    bad_weights[0] = nan("");
    bad_weights[1] = INFINITY;
    bad_weights[2] = -INFINITY;
    bad_weights[3] = 0.0;
    bad_weights[4] = -0.0;
    bad_weights[5] = -1.0;
    bad_weights[6] = nextafter(wmin(), 0.0); /* 2^-448 minus an ulp */
    bad_weights[7] = nextafter(wmax(), INFINITY);
}

static void test_wacc__add_refuses_bad_input_and_changes_nothing(void **state)
{
    nps_wacc *w = worked();
    struct snap s;
    size_t i;
    static const int off[] = {-1, 11, 255, 256, -100000};
    (void)state;
    fill_bad_weights();
    assert_int_equal(nps_wacc_add(NULL, 5, 1.0), NPS_E_INVALID);
    for (i = 0; i < sizeof bad_weights / sizeof *bad_weights; i++) {
        snap_take(&s, w);
        assert_int_equal(nps_wacc_add(w, 5, bad_weights[i]), NPS_E_INVALID);
        snap_check(&s, w);
    }
    for (i = 0; i < sizeof off / sizeof *off; i++) {
        snap_take(&s, w);
        assert_int_equal(nps_wacc_add(w, off[i], 1.0), NPS_E_RANGE);
        /* The score is checked first. */
        assert_int_equal(nps_wacc_add(w, off[i], nan("")), NPS_E_RANGE);
        snap_check(&s, w);
    }
    /* The bounds themselves are accepted. */
    assert_int_equal(nps_wacc_add(w, 0, wmin()), NPS_OK);
    assert_int_equal(nps_wacc_add(w, 0, wmax()), NPS_OK);
    assert_int_equal(nps_wacc_total(w), 6);
    nps_wacc_free(w);
}

static void test_wacc__batch_is_all_or_nothing_with_first_bad_index(void **state)
{
    nps_wacc *w = worked(), *ref = NULL;
    uint8_t sc[64];
    double wt[64];
    size_t bad, i, k;
    struct snap s;
    (void)state;
    fill_bad_weights();
    for (i = 0; i < 64; i++) {
        sc[i] = (uint8_t)(rnd() % 11);
        wt[i] = 0.5 + rnd_unit();
    }
    assert_int_equal(nps_wacc_add_scores(NULL, sc, wt, 1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_add_scores(w, NULL, wt, 1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_add_scores(w, sc, NULL, 1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_add_scores(w, NULL, NULL, 0, NULL), NPS_OK);
    assert_int_equal(nps_wacc_total(w), 4);
    /* A bad weight at each position, then a bad score, then both. */
    for (k = 0; k < sizeof bad_weights / sizeof *bad_weights; k++) {
        size_t at = (size_t)(rnd() % 64);
        double keep = wt[at];
        wt[at] = bad_weights[k];
        snap_take(&s, w);
        bad = UNTOUCHED_Z;
        assert_int_equal(nps_wacc_add_scores(w, sc, wt, 64, &bad), NPS_E_INVALID);
        assert_int_equal(bad, at);
        assert_int_equal(nps_wacc_add_scores(w, sc, wt, 64, NULL), NPS_E_INVALID);
        snap_check(&s, w);
        wt[at] = keep;
    }
    {
        uint8_t keep = sc[40];
        double kw = wt[20];
        sc[40] = 11;
        snap_take(&s, w);
        assert_int_equal(nps_wacc_add_scores(w, sc, wt, 64, &bad), NPS_E_RANGE);
        assert_int_equal(bad, 40);
        wt[20] = -1.0;
        assert_int_equal(nps_wacc_add_scores(w, sc, wt, 64, &bad), NPS_E_INVALID);
        assert_int_equal(bad, 20);
        wt[40] = 0.0; /* both bad at 40, weight fixed at 20: RANGE first */
        wt[20] = kw;
        assert_int_equal(nps_wacc_add_scores(w, sc, wt, 64, &bad), NPS_E_RANGE);
        assert_int_equal(bad, 40);
        snap_check(&s, w);
        sc[40] = keep;
        wt[40] = 1.0;
    }
    /* A good batch equals the same answers added one by one, to the bounds
       of docs/statistics.md (same counts, sums within an ulp). */
    assert_int_equal(nps_wacc_clone(&ref, w), NPS_OK);
    bad = UNTOUCHED_Z;
    assert_int_equal(nps_wacc_add_scores(w, sc, wt, 64, &bad), NPS_OK);
    assert_int_equal(bad, UNTOUCHED_Z);
    for (i = 0; i < 64; i++)
        assert_int_equal(nps_wacc_add(ref, sc[i], wt[i]), NPS_OK);
    for (k = 0; k < 3; k++) {
        double a = nps_wacc_category_weight(w, (nps_category)k);
        double b = nps_wacc_category_weight(ref, (nps_category)k);
        assert_int_equal(nps_wacc_category_count(w, (nps_category)k),
                         nps_wacc_category_count(ref, (nps_category)k));
        assert_true(fabs(a - b) <= DBL_EPSILON * a);
        a = nps_wacc_category_weight_sq(w, (nps_category)k);
        b = nps_wacc_category_weight_sq(ref, (nps_category)k);
        assert_true(fabs(a - b) <= DBL_EPSILON * a);
    }
    nps_wacc_free(ref);
    nps_wacc_free(w);
}

static void test_wacc__category_getters(void **state)
{
    nps_wacc *w = worked();
    (void)state;
    assert_int_equal(nps_wacc_category_count(w, NPS_PROMOTER), 2);
    assert_int_equal(nps_wacc_category_count(w, NPS_PASSIVE), 1);
    assert_int_equal(nps_wacc_category_count(w, NPS_DETRACTOR), 1);
    assert_int_equal(nps_wacc_category_count(w, (nps_category)3), 0);
    assert_int_equal(nps_wacc_category_count(w, (nps_category)-1), 0);
    assert_int_equal(nps_wacc_category_count(NULL, NPS_PROMOTER), 0);
    assert_true(nps_wacc_category_weight(w, NPS_PROMOTER) == 3.0);
    assert_true(nps_wacc_category_weight(w, NPS_DETRACTOR) == 4.0);
    assert_true(nps_wacc_category_weight_sq(w, NPS_PROMOTER) == 5.0);
    assert_true(nps_wacc_category_weight_sq(w, NPS_DETRACTOR) == 16.0);
    assert_true(isnan(nps_wacc_category_weight(w, (nps_category)3)));
    assert_true(isnan(nps_wacc_category_weight(NULL, NPS_PASSIVE)));
    assert_true(isnan(nps_wacc_category_weight_sq(w, (nps_category)-1)));
    assert_true(isnan(nps_wacc_category_weight_sq(NULL, NPS_PASSIVE)));
    assert_true(nps_wacc_total_weight(w) == 8.0);
    assert_true(isnan(nps_wacc_total_weight(NULL)));
    nps_wacc_free(w);
}

/* ---- statistics ----------------------------------------------------------- */

static void test_wacc__hand_worked_statistics(void **state)
{
    /* W = 8, W_p = 3, W_d = 4: NPS = 100 (3 - 4) / 8 = -12.5.
       sum w^2 = 4 + 1 + 1 + 16 = 22: n_eff = 64 / 22.
       m = -0.125; sum w^2 (x - m)^2 = (4 + 1)(1.125)^2 + 1 (0.125)^2 +
       16 (0.875)^2 = 18.59375; Var = 4/3 * 18.59375 / 64. */
    nps_wacc *w = worked();
    double v = UNTOUCHED_D, se = sqrt(4.0 / 3.0 * 18.59375 / 64.0) * 100.0;
    double lo, hi;
    (void)state;
    assert_true(nps_wacc_score(w) == -12.5);
    assert_int_equal(nps_wacc_effective_n(w, &v), NPS_OK);
    assert_true(fabs(v - 64.0 / 22.0) <= 1e-15);
    assert_int_equal(nps_wacc_stderr(w, &v), NPS_OK);
    assert_true(fabs(v - se) <= 1e-13 * se);
    /* Wald: -12.5 +- z se (at 50%, z = 0.674...: no clamping). */
    assert_int_equal(nps_wacc_interval(w, NPS_METHOD_WALD, 0.5, &lo, &hi), NPS_OK);
    assert_true(fabs(lo - (-12.5 - 0.6744897501960817 * se)) < 1e-10);
    assert_true(fabs(hi - (-12.5 + 0.6744897501960817 * se)) < 1e-10);
    /* At 95% it is clamped to the possible range. */
    assert_int_equal(nps_wacc_interval(w, NPS_METHOD_WALD, 0.95, &lo, &hi), NPS_OK);
    assert_true(lo == -100.0 && hi == 100.0);
    {
        /* Adjusted Wald on pseudo-counts n_eff * (4, 1, 3) / 8, hand
           computed: n* = 64/22, counts c = n* (0.5, 0.125, 0.375), plus
           (3/4, 3/2, 3/4); shares over n* + 3. */
        double ns = 64.0 / 22.0, N = ns + 3.0;
        double pr = (ns * 0.375 + 0.75) / N, pd = (ns * 0.5 + 0.75) / N;
        double est = 100.0 * (pr - pd);
        double s = 100.0 * sqrt(((pr + pd) - (pr - pd) * (pr - pd)) / N);
        assert_int_equal(nps_wacc_interval(w, NPS_METHOD_ADJUSTED_WALD, 0.95,
                                           &lo, &hi), NPS_OK);
        assert_true(fabs(lo - (est - 1.959963984540054 * s)) < 1e-10);
        assert_true(fabs(hi - (est + 1.959963984540054 * s)) < 1e-10);
        assert_int_equal(nps_wacc_test(w, est, NPS_METHOD_ADJUSTED_WALD, &v),
                         NPS_OK);
        assert_true(fabs(v - 1.0) < 1e-12);
    }
    assert_int_equal(nps_wacc_interval(w, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo < -12.5 && hi > -12.5 && lo >= -100.0 && hi <= 100.0);
    /* The score test at each end of the score interval has p = 0.05. */
    assert_int_equal(nps_wacc_test(w, lo, NPS_METHOD_SCORE, &v), NPS_OK);
    assert_true(fabs(v - 0.05) < 1e-6);
    assert_int_equal(nps_wacc_test(w, hi, NPS_METHOD_SCORE, &v), NPS_OK);
    assert_true(fabs(v - 0.05) < 1e-6);
    /* Wald test: z = (m - b) / se. */
    assert_int_equal(nps_wacc_test(w, -12.5 + 0.6744897501960817 * se,
                                   NPS_METHOD_WALD, &v), NPS_OK);
    assert_true(fabs(v - 0.5) < 1e-9);
    nps_wacc_free(w);
}

/* Random answers, weights 1: everything agrees with nps_acc. */
static void test_wacc__unit_weights_equal_the_unweighted_accumulator(void **state)
{
    int rep;
    (void)state;
    for (rep = 0; rep < 50; rep++) {
        nps_wacc *w = NULL;
        nps_acc *a = NULL;
        size_t n = 1 + (size_t)(rnd() % 300), i;
        uint8_t sc[300];
        double ones[300], x, y, l1, h1, l2, h2;
        int m;
        assert_int_equal(nps_wacc_new(&w, NULL), NPS_OK);
        assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
        for (i = 0; i < n; i++) {
            sc[i] = (uint8_t)(rnd() % 11);
            ones[i] = 1.0;
        }
        assert_int_equal(nps_wacc_add_scores(w, sc, ones, n, NULL), NPS_OK);
        assert_int_equal(nps_acc_add_scores(a, sc, n, NULL), NPS_OK);
        assert_true(nps_wacc_score(w) == nps_acc_score(a));
        assert_int_equal(nps_wacc_total(w), nps_acc_total(a));
        assert_int_equal(nps_wacc_effective_n(w, &x), NPS_OK);
        assert_true(x == (double)n);
        for (m = NPS_METHOD_ADJUSTED_WALD; m <= NPS_METHOD_SCORE; m++) {
            assert_int_equal(nps_wacc_interval(w, (nps_method)m, 0.9, &l1, &h1),
                             NPS_OK);
            assert_int_equal(nps_acc_interval(a, (nps_method)m, 0.9, &l2, &h2),
                             NPS_OK);
            assert_true(fabs(l1 - l2) <= 1e-12 && fabs(h1 - h2) <= 1e-12);
            assert_int_equal(nps_wacc_test(w, 20.0, (nps_method)m, &x), NPS_OK);
            assert_int_equal(nps_acc_test(a, 20.0, (nps_method)m, &y), NPS_OK);
            assert_true(fabs(x - y) <= 1e-12);
        }
        if (n >= 2) {
            /* Taylor SE with unit weights: the unweighted one times
               sqrt(n / (n - 1)). */
            assert_int_equal(nps_wacc_stderr(w, &x), NPS_OK);
            assert_int_equal(nps_acc_stderr(a, &y), NPS_OK);
            assert_true(fabs(x - y * sqrt((double)n / (double)(n - 1))) <=
                        1e-12 * (y + 1.0));
        }
        nps_wacc_free(w);
        nps_acc_free(a);
    }
}

/* Every statistic is invariant under scaling all weights (revenue in
   dollars or in thousands). */
static void test_wacc__statistics_are_scale_free(void **state)
{
    nps_wacc *a = NULL, *b = NULL;
    double x, y, l1, h1, l2, h2;
    int i;
    (void)state;
    assert_int_equal(nps_wacc_new(&a, NULL), NPS_OK);
    assert_int_equal(nps_wacc_new(&b, NULL), NPS_OK);
    for (i = 0; i < 200; i++) {
        int s = (int)(rnd() % 11);
        double wt = 0.1 + 10.0 * rnd_unit();
        assert_int_equal(nps_wacc_add(a, s, wt), NPS_OK);
        assert_int_equal(nps_wacc_add(b, s, wt * 1024.0), NPS_OK);
    }
    assert_true(nps_wacc_score(a) == nps_wacc_score(b));
    assert_int_equal(nps_wacc_effective_n(a, &x), NPS_OK);
    assert_int_equal(nps_wacc_effective_n(b, &y), NPS_OK);
    assert_true(x == y && x < 200.0 && x > 1.0);
    assert_int_equal(nps_wacc_stderr(a, &x), NPS_OK);
    assert_int_equal(nps_wacc_stderr(b, &y), NPS_OK);
    assert_true(x == y);
    for (i = 0; i < 3; i++) {
        assert_int_equal(nps_wacc_interval(a, (nps_method)i, 0.95, &l1, &h1), NPS_OK);
        assert_int_equal(nps_wacc_interval(b, (nps_method)i, 0.95, &l2, &h2), NPS_OK);
        assert_true(l1 == l2 && h1 == h2);
    }
    nps_wacc_free(a);
    nps_wacc_free(b);
}

static void test_wacc__statistics_bad_input_and_small_samples(void **state)
{
    nps_wacc *w = NULL, *one = NULL;
    double v = UNTOUCHED_D, lo = UNTOUCHED_D, hi = UNTOUCHED_D;
    static const double bad_levels[] = {0.0, 1.0, -0.5, 1.5};
    size_t i;
    (void)state;
    assert_int_equal(nps_wacc_new(&w, NULL), NPS_OK);
    assert_int_equal(nps_wacc_effective_n(w, &v), NPS_E_EMPTY);
    assert_int_equal(nps_wacc_stderr(w, &v), NPS_E_EMPTY);
    assert_int_equal(nps_wacc_interval(w, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_E_EMPTY);
    assert_int_equal(nps_wacc_test(w, 0.0, NPS_METHOD_SCORE, &v), NPS_E_EMPTY);
    assert_true(v == UNTOUCHED_D && lo == UNTOUCHED_D && hi == UNTOUCHED_D);
    assert_int_equal(nps_wacc_effective_n(NULL, &v), NPS_E_INVALID);
    assert_int_equal(nps_wacc_effective_n(w, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_stderr(NULL, &v), NPS_E_INVALID);
    assert_int_equal(nps_wacc_stderr(w, NULL), NPS_E_INVALID);
    /* One answer: n_eff 1, no Taylor SE (n - 1 = 0), no Wald; adjusted
       Wald and score work. */
    assert_int_equal(nps_wacc_new(&one, NULL), NPS_OK);
    assert_int_equal(nps_wacc_add(one, 10, 3.5), NPS_OK);
    assert_int_equal(nps_wacc_effective_n(one, &v), NPS_OK);
    assert_true(v == 1.0);
    v = UNTOUCHED_D;
    assert_int_equal(nps_wacc_stderr(one, &v), NPS_E_EMPTY);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_E_EMPTY);
    assert_int_equal(nps_wacc_test(one, 0.0, NPS_METHOD_WALD, &v), NPS_E_EMPTY);
    assert_true(v == UNTOUCHED_D && lo == UNTOUCHED_D);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo,
                                       &hi), NPS_OK);
    assert_true(lo < 100.0 && hi <= 100.0);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_SCORE, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(hi == 100.0 && lo < 100.0);
    /* Bad arguments. */
    lo = hi = v = UNTOUCHED_D;
    assert_int_equal(nps_wacc_interval(NULL, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_E_INVALID);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_WALD, 0.95, NULL, &hi),
                     NPS_E_INVALID);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_WALD, 0.95, &lo, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_wacc_interval(one, (nps_method)3, 0.95, &lo, &hi),
                     NPS_E_INVALID);
    assert_int_equal(nps_wacc_interval(one, (nps_method)-1, 0.95, &lo, &hi),
                     NPS_E_INVALID);
    assert_int_equal(nps_wacc_test(one, 0.0, (nps_method)7, &v), NPS_E_INVALID);
    assert_int_equal(nps_wacc_test(NULL, 0.0, NPS_METHOD_SCORE, &v), NPS_E_INVALID);
    assert_int_equal(nps_wacc_test(one, 0.0, NPS_METHOD_SCORE, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_test(one, nan(""), NPS_METHOD_SCORE, &v),
                     NPS_E_INVALID);
    assert_int_equal(nps_wacc_test(one, 100.5, NPS_METHOD_SCORE, &v), NPS_E_INVALID);
    assert_int_equal(nps_wacc_test(one, -100.5, NPS_METHOD_SCORE, &v),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad_levels / sizeof *bad_levels; i++)
        assert_int_equal(nps_wacc_interval(one, NPS_METHOD_SCORE, bad_levels[i],
                                           &lo, &hi), NPS_E_INVALID);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_SCORE, nan(""), &lo, &hi),
                     NPS_E_INVALID);
    assert_true(v == UNTOUCHED_D && lo == UNTOUCHED_D && hi == UNTOUCHED_D);
    /* Wald with all answers in one category: zero width, p 0 or 1. */
    assert_int_equal(nps_wacc_add(one, 9, 1.0), NPS_OK);
    assert_int_equal(nps_wacc_stderr(one, &v), NPS_OK);
    assert_true(v == 0.0);
    assert_int_equal(nps_wacc_interval(one, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_OK);
    assert_true(lo == 100.0 && hi == 100.0);
    assert_int_equal(nps_wacc_test(one, 100.0, NPS_METHOD_WALD, &v), NPS_OK);
    assert_true(v == 1.0);
    assert_int_equal(nps_wacc_test(one, 50.0, NPS_METHOD_WALD, &v), NPS_OK);
    assert_true(v == 0.0);
    nps_wacc_free(one);
    nps_wacc_free(w);
}

static void test_wacc__compare(void **state)
{
    nps_wacc *a = worked(), *b = NULL, *e = NULL, *o = NULL;
    double d = UNTOUCHED_D, lo = UNTOUCHED_D, hi = UNTOUCHED_D, p = UNTOUCHED_D;
    double sa, sb;
    int i;
    (void)state;
    assert_int_equal(nps_wacc_new(&b, NULL), NPS_OK);
    assert_int_equal(nps_wacc_new(&e, NULL), NPS_OK);
    assert_int_equal(nps_wacc_new(&o, &one_to_ten), NPS_OK);
    for (i = 0; i < 40; i++)
        assert_int_equal(nps_wacc_add(b, (int)(rnd() % 11), 0.5 + rnd_unit()),
                         NPS_OK);
    assert_int_equal(nps_wacc_add(o, 10, 1.0), NPS_OK);
    assert_int_equal(nps_wacc_add(o, 1, 1.0), NPS_OK);
    assert_int_equal(nps_wacc_compare(NULL, b, NPS_METHOD_WALD, 0.95, &d, &lo,
                                      &hi, &p), NPS_E_INVALID);
    assert_int_equal(nps_wacc_compare(a, NULL, NPS_METHOD_WALD, 0.95, &d, &lo,
                                      &hi, &p), NPS_E_INVALID);
    assert_int_equal(nps_wacc_compare(a, b, NPS_METHOD_SCORE, 0.95, &d, &lo,
                                      &hi, &p), NPS_E_INVALID);
    assert_int_equal(nps_wacc_compare(a, b, (nps_method)9, 0.95, &d, &lo, &hi,
                                      &p), NPS_E_INVALID);
    assert_int_equal(nps_wacc_compare(a, b, NPS_METHOD_WALD, 1.0, &d, &lo, &hi,
                                      &p), NPS_E_INVALID);
    assert_int_equal(nps_wacc_compare(a, o, NPS_METHOD_WALD, 0.95, &d, &lo, &hi,
                                      &p), NPS_E_MISMATCH);
    assert_int_equal(nps_wacc_compare(a, e, NPS_METHOD_ADJUSTED_WALD, 0.95, &d,
                                      &lo, &hi, &p), NPS_E_EMPTY);
    assert_int_equal(nps_wacc_compare(e, a, NPS_METHOD_ADJUSTED_WALD, 0.95, &d,
                                      &lo, &hi, &p), NPS_E_EMPTY);
    assert_true(d == UNTOUCHED_D && lo == UNTOUCHED_D && hi == UNTOUCHED_D &&
                p == UNTOUCHED_D);
    /* Wald: difference of weighted scores, Taylor SEs combined. */
    assert_int_equal(nps_wacc_compare(a, b, NPS_METHOD_WALD, 0.95, &d, &lo, &hi,
                                      &p), NPS_OK);
    assert_int_equal(nps_wacc_stderr(a, &sa), NPS_OK);
    assert_int_equal(nps_wacc_stderr(b, &sb), NPS_OK);
    assert_true(d == nps_wacc_score(a) - nps_wacc_score(b));
    assert_true(fabs((hi - lo) / 2.0 - 1.959963984540054 * sqrt(sa * sa + sb * sb)) <
                1e-9);
    assert_true(p > 0.0 && p < 1.0);
    /* Adjusted: the difference of the adjusted estimates, the p-value of
       which is consistent with the interval. */
    assert_int_equal(nps_wacc_compare(a, b, NPS_METHOD_ADJUSTED_WALD, 0.95, &d,
                                      NULL, NULL, NULL), NPS_OK);
    assert_int_equal(nps_wacc_compare(a, b, NPS_METHOD_ADJUSTED_WALD, 0.95, NULL,
                                      &lo, &hi, &p), NPS_OK);
    assert_true(lo < d && d < hi);
    assert_true((p < 0.05) == (lo > 0.0 || hi < 0.0));
    /* A sample against itself: no difference, p = 1. */
    assert_int_equal(nps_wacc_compare(b, b, NPS_METHOD_WALD, 0.95, &d, &lo, &hi,
                                      &p), NPS_OK);
    assert_true(d == 0.0 && p == 1.0);
    nps_wacc_free(a);
    nps_wacc_free(b);
    nps_wacc_free(e);
    nps_wacc_free(o);
}

/* ---- merge ---------------------------------------------------------------- */

static void test_wacc__merge_bad_input_changes_nothing(void **state)
{
    nps_wacc *a = worked(), *o = NULL, *big = NULL;
    struct snap s;
    uint8_t b[256];
    uint64_t counts[3] = {UINT64_MAX - 1, 0, 0};
    double v[12] = {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    size_t len;
    (void)state;
    assert_int_equal(nps_wacc_new(&o, &one_to_ten), NPS_OK);
    assert_int_equal(nps_wacc_merge(NULL, a), NPS_E_INVALID);
    assert_int_equal(nps_wacc_merge(a, NULL), NPS_E_INVALID);
    snap_take(&s, a);
    assert_int_equal(nps_wacc_merge(a, o), NPS_E_MISMATCH);
    snap_check(&s, a);
    /* A decoded state holding 2^64 - 2 answers: one more fits, two do not. */
    len = craft(b, 1, counts, v);
    assert_int_equal(nps_wacc_deserialize(&big, b, len), NPS_OK);
    assert_int_equal(nps_wacc_total(big), UINT64_MAX - 1);
    snap_take(&s, big);
    assert_int_equal(nps_wacc_merge(big, a), NPS_E_OVERFLOW);
    assert_int_equal(nps_wacc_merge(big, big), NPS_E_OVERFLOW);
    snap_check(&s, big);
    snap_take(&s, a);
    assert_int_equal(nps_wacc_merge(a, big), NPS_E_OVERFLOW);
    snap_check(&s, a);
    {
        uint8_t sc[2] = {10, 10};
        double wt[2] = {1.0, 1.0};
        size_t bad = UNTOUCHED_Z;
        snap_take(&s, big);
        assert_int_equal(nps_wacc_add_scores(big, sc, wt, 2, &bad), NPS_E_OVERFLOW);
        assert_int_equal(bad, UNTOUCHED_Z);
        snap_check(&s, big);
        assert_int_equal(nps_wacc_add(big, 10, 1.0), NPS_OK);
        snap_take(&s, big);
        assert_int_equal(nps_wacc_add(big, 10, 1.0), NPS_E_OVERFLOW);
        assert_int_equal(nps_wacc_add_scores(big, sc, wt, 1, &bad), NPS_E_OVERFLOW);
        snap_check(&s, big);
        assert_int_equal(nps_wacc_total(big), UINT64_MAX);
        assert_true(nps_wacc_score(big) >= -100.0);
    }
    nps_wacc_free(big);
    nps_wacc_free(o);
    nps_wacc_free(a);
}

/* A decoded state whose sums sit at the largest allowed values: adding or
   merging past them is an overflow that changes nothing. */
static void test_wacc__sums_past_their_bounds_overflow(void **state)
{
    uint8_t b[256];
    uint64_t c[3] = {1, 1, 1};
    /* Promoters: weight sum 2^512 + 2^459 (the pair (2^512, 2^459): a tie
       that rounds to the even 2^512); passives: squared sum 2^960. */
    double v[12] = {1, 0, 1, 0, 1, 0, 0x1p960, 0, 0x1p512, 0x1p459, 1, 0};
    nps_wacc *w = NULL, *one = NULL;
    struct snap s;
    uint8_t sc[2] = {5, 10};
    double wt[2] = {1.0, 0x1p448};
    size_t bad = UNTOUCHED_Z;
    (void)state;
    assert_int_equal(nps_wacc_deserialize(&w, b, craft(b, 1, c, v)), NPS_OK);
    assert_int_equal(nps_wacc_new(&one, NULL), NPS_OK);
    assert_int_equal(nps_wacc_add(one, 5, 1.0), NPS_OK);
    snap_take(&s, w);
    /* Any more promoter weight rounds the sum up to 2^512 + 2^460. */
    assert_int_equal(nps_wacc_add(w, 10, 0x1p448), NPS_E_OVERFLOW);
    assert_int_equal(nps_wacc_add_scores(w, sc, wt, 2, &bad), NPS_E_OVERFLOW);
    assert_int_equal(bad, UNTOUCHED_Z);
    assert_int_equal(nps_wacc_merge(w, w), NPS_E_OVERFLOW);
    snap_check(&s, w);
    /* Elsewhere there is room. */
    assert_int_equal(nps_wacc_add(w, 7, 0x1p448), NPS_OK);
    assert_int_equal(nps_wacc_merge(w, one), NPS_OK);
    assert_int_equal(nps_wacc_add_scores(w, sc, wt, 1, NULL), NPS_OK);
    assert_int_equal(nps_wacc_total(w), 6);
    nps_wacc_free(one);
    nps_wacc_free(w);
}

static void test_wacc__merge_self_doubles(void **state)
{
    nps_wacc *a = worked(), *b = worked();
    double x, y;
    (void)state;
    assert_int_equal(nps_wacc_merge(b, a), NPS_OK);
    assert_int_equal(nps_wacc_merge(a, a), NPS_OK);
    assert_true(nps_wacc_equal(a, b));
    assert_int_equal(nps_wacc_total(a), 8);
    assert_true(nps_wacc_score(a) == -12.5);
    assert_int_equal(nps_wacc_effective_n(a, &x), NPS_OK);
    assert_true(fabs(x - 128.0 / 22.0) < 1e-14);
    assert_int_equal(nps_wacc_stderr(a, &y), NPS_OK);
    nps_wacc_free(a);
    nps_wacc_free(b);
}

/* Distance in ulps between two non-negative doubles. */
static uint64_t ulps(double a, double b)
{
    int64_t ia, ib;
    memcpy(&ia, &a, 8);
    memcpy(&ib, &b, 8);
    return ia > ib ? (uint64_t)(ia - ib) : (uint64_t)(ib - ia);
}

/*
 * The bound of docs/statistics.md: whatever the order of additions and
 * merges, each weight sum (rounded to double) is within one ulp of every
 * other order's, and the score and standard error move by at most 8 ulps
 * (score measured against 100 points, where it lives). Weights spread
 * over 12 orders of magnitude make plain summation order-dependent.
 */
static void test_wacc__merge_order_changes_results_by_a_few_ulps(void **state)
{
    enum { PARTS = 8, PER = 500 };
    nps_wacc *part[PARTS];
    double ref_w[3], ref_w2[3], ref_score = 0, ref_se = 0;
    int p, k, rep, i;
    (void)state;
    for (p = 0; p < PARTS; p++) {
        assert_int_equal(nps_wacc_new(&part[p], NULL), NPS_OK);
        for (i = 0; i < PER; i++) {
            double wt = ldexp(1.0 + rnd_unit(), (int)(rnd() % 40) - 20);
            assert_int_equal(nps_wacc_add(part[p], (int)(rnd() % 11), wt), NPS_OK);
        }
    }
    for (rep = 0; rep < 200; rep++) {
        int perm[PARTS];
        nps_wacc *acc = NULL, *pair = NULL;
        double se;
        for (p = 0; p < PARTS; p++)
            perm[p] = p;
        for (p = PARTS - 1; p > 0; p--) {
            int j = (int)(rnd() % (uint64_t)(p + 1)), t = perm[p];
            perm[p] = perm[j];
            perm[j] = t;
        }
        /* Half the time a tree: pairs first, then the pairs. */
        assert_int_equal(nps_wacc_new(&acc, NULL), NPS_OK);
        if (rep % 2) {
            for (p = 0; p < PARTS; p += 2) {
                assert_int_equal(nps_wacc_clone(&pair, part[perm[p]]), NPS_OK);
                assert_int_equal(nps_wacc_merge(pair, part[perm[p + 1]]), NPS_OK);
                assert_int_equal(nps_wacc_merge(acc, pair), NPS_OK);
                nps_wacc_free(pair);
            }
        } else {
            for (p = 0; p < PARTS; p++)
                assert_int_equal(nps_wacc_merge(acc, part[perm[p]]), NPS_OK);
        }
        assert_int_equal(nps_wacc_stderr(acc, &se), NPS_OK);
        if (rep == 0) {
            for (k = 0; k < 3; k++) {
                ref_w[k] = nps_wacc_category_weight(acc, (nps_category)k);
                ref_w2[k] = nps_wacc_category_weight_sq(acc, (nps_category)k);
            }
            ref_score = nps_wacc_score(acc);
            ref_se = se;
        }
        for (k = 0; k < 3; k++) {
            assert_true(ulps(nps_wacc_category_weight(acc, (nps_category)k),
                             ref_w[k]) <= 1);
            assert_true(ulps(nps_wacc_category_weight_sq(acc, (nps_category)k),
                             ref_w2[k]) <= 1);
        }
        assert_true(fabs(nps_wacc_score(acc) - ref_score) <= 8 * DBL_EPSILON * 100.0);
        assert_true(fabs(se - ref_se) <= 8 * DBL_EPSILON * ref_se);
        nps_wacc_free(acc);
    }
    for (p = 0; p < PARTS; p++)
        nps_wacc_free(part[p]);
}

/* ---- serialization -------------------------------------------------------- */

static void test_wacc__serialize_arguments_and_size(void **state)
{
    nps_wacc *w = worked(), *out = STALE(nps_wacc);
    uint8_t b[256];
    size_t len = 0, len2 = 0;
    nps_allocator half = {NULL, NULL, NULL};
    (void)state;
    assert_int_equal(nps_wacc_serialize(NULL, b, sizeof b, &len), NPS_E_INVALID);
    assert_int_equal(nps_wacc_serialize(w, b, sizeof b, NULL), NPS_E_INVALID);
    assert_int_equal(nps_wacc_serialize(w, NULL, 5, &len), NPS_E_INVALID);
    assert_int_equal(nps_wacc_serialize(w, NULL, 0, &len), NPS_E_BUFSIZE);
    /* 9 header + 3 one-byte counts + 96 + 4. */
    assert_int_equal(len, 112);
    memset(b, 0xab, sizeof b);
    assert_int_equal(nps_wacc_serialize(w, b, len - 1, &len2), NPS_E_BUFSIZE);
    assert_int_equal(len2, len);
    assert_int_equal(b[0], 0xab);
    assert_int_equal(nps_wacc_serialize(w, b, sizeof b, &len2), NPS_OK);
    assert_int_equal(len2, len);
    assert_memory_equal(b, "NPSW\x01\x00\x0a\x07\x09", 9);
    assert_int_equal(nps_wacc_deserialize(NULL, b, len), NPS_E_INVALID);
    assert_int_equal(nps_wacc_deserialize(&out, NULL, len), NPS_E_INVALID);
    assert_null(out);
    out = STALE(nps_wacc);
    assert_int_equal(nps_wacc_deserialize_with_allocator(&out, b, len, &half),
                     NPS_E_INVALID);
    assert_null(out);
    nps_wacc_free(w);
}

static void test_wacc__random_states_round_trip_exactly(void **state)
{
    int rep;
    (void)state;
    for (rep = 0; rep < 100; rep++) {
        nps_wacc *w = NULL, *d = NULL;
        uint8_t *x, *y;
        size_t lx, ly;
        int i, n = (int)(rnd() % 50);
        assert_int_equal(nps_wacc_new(&w, rep % 2 ? &one_to_ten : NULL), NPS_OK);
        for (i = 0; i < n; i++) {
            double wt = ldexp(1.0 + rnd_unit(), (int)(rnd() % 200) - 100);
            assert_int_equal(nps_wacc_add(w, 1 + (int)(rnd() % 10), wt), NPS_OK);
        }
        x = bytes_of(w, &lx);
        assert_int_equal(nps_wacc_deserialize(&d, x, lx), NPS_OK);
        assert_true(nps_wacc_equal(w, d));
        assert_true(nps_wacc_score(w) == nps_wacc_score(d) ||
                    (isnan(nps_wacc_score(w)) && isnan(nps_wacc_score(d))));
        y = bytes_of(d, &ly);
        assert_int_equal(lx, ly);
        assert_memory_equal(x, y, lx);
        free(x);
        free(y);
        nps_wacc_free(w);
        nps_wacc_free(d);
    }
}

static void test_wacc__every_truncation_trailing_byte_and_bit_flip_is_rejected(
    void **state)
{
    nps_wacc *w = worked();
    uint8_t *b, *m;
    size_t len, i;
    int bit;
    (void)state;
    b = bytes_of(w, &len);
    m = (uint8_t *)malloc(len + 1);
    assert_non_null(m);
    assert_int_equal(decode_status(b, len), NPS_OK);
    for (i = 0; i < len; i++) {
        assert_int_equal(decode_status(b, i), NPS_E_FORMAT);
        /* Also with a checksum made valid for the shorter frame. */
        if (i >= 13) {
            memcpy(m, b, i);
            reseal(m, i);
            assert_int_equal(decode_status(m, i), NPS_E_FORMAT);
        }
    }
    memcpy(m, b, len);
    for (i = 0; i < 256; i++) {
        m[len] = (uint8_t)i;
        assert_int_equal(decode_status(m, len + 1), NPS_E_FORMAT);
    }
    /* A trailing byte before a valid checksum. */
    memcpy(m, b, len - 4);
    m[len - 4] = 0;
    reseal(m, len + 1);
    assert_int_equal(decode_status(m, len + 1), NPS_E_FORMAT);
    for (i = 0; i < len; i++)
        for (bit = 0; bit < 8; bit++) {
            nps_status st;
            memcpy(m, b, len);
            m[i] ^= (uint8_t)(1u << bit);
            st = decode_status(m, len);
            assert_true(st == (i == 4 && m[4] > 1 ? NPS_E_VERSION : NPS_E_FORMAT));
        }
    free(m);
    free(b);
    nps_wacc_free(w);
}

static void test_wacc__crafted_frames(void **state)
{
    uint8_t b[256];
    uint64_t c[3];
    double v[12];
    size_t len;
    int k;
    (void)state;
    /* The crafted base is valid; version 2 is VERSION, 0 is FORMAT. */
    assert_int_equal(decode_status(b, craft(b, 1, base_counts, base_v)), NPS_OK);
    assert_int_equal(decode_status(b, craft(b, 2, base_counts, base_v)),
                     NPS_E_VERSION);
    assert_int_equal(decode_status(b, craft(b, 0, base_counts, base_v)),
                     NPS_E_FORMAT);
    /* Wrong kind, and an accumulator frame given to this decoder. */
    len = craft(b, 1, base_counts, base_v);
    b[3] = 'A';
    reseal(b, len);
    assert_int_equal(decode_status(b, len), NPS_E_FORMAT);
    {
        nps_acc *a = NULL;
        uint8_t ab[64];
        size_t al;
        assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
        assert_int_equal(nps_acc_serialize(a, ab, sizeof ab, &al), NPS_OK);
        assert_int_equal(decode_status(ab, al), NPS_E_FORMAT);
        nps_acc_free(a);
        len = craft(b, 1, base_counts, base_v);
        assert_int_equal(nps_acc_deserialize(&a, b, len), NPS_E_FORMAT);
        assert_null(a);
    }
    /* Invalid scale. */
    len = craft(b, 1, base_counts, base_v);
    b[6] = 101;
    reseal(b, len);
    assert_int_equal(decode_status(b, len), NPS_E_FORMAT);
    /* Counts summing past 2^64 - 1; a non-minimal varint. */
    c[0] = UINT64_MAX;
    c[1] = 1;
    c[2] = 0;
    memcpy(v, base_v, sizeof v);
    v[8] = v[10] = 0.0;
    assert_int_equal(decode_status(b, craft(b, 1, c, v)), NPS_E_FORMAT);
    c[1] = 0;
    v[4] = v[6] = 0.0;
    assert_int_equal(decode_status(b, craft(b, 1, c, v)), NPS_OK);
    /* Bad doubles in each of the 12 slots, CRC valid. */
    for (k = 0; k < 12; k++) {
        static double bad[9];
        int j;
        bad[0] = nan("");
        bad[1] = INFINITY;
        bad[2] = -INFINITY;
        bad[3] = -1.0;
        bad[4] = -0.0;
        bad[5] = k % 2 ? 0.75 : 0.0;     /* lo not below half an ulp / empty sum */
        bad[6] = k % 2 ? -0.75 : 0x1p-900; /* below the smallest sum */
        bad[7] = k % 2 ? 0x1p-52 : 0x1p1000; /* above the largest sum */
        bad[8] = k % 2 ? 0x1p-53 * 3.0 : -0x1p-1074;
        for (j = 0; j < 9; j++) {
            memcpy(v, base_v, sizeof v);
            v[k] = bad[j];
            assert_int_equal(decode_status(b, craft(b, 1, base_counts, v)),
                             NPS_E_FORMAT);
        }
    }
    /* Half an ulp in lo: accepted only where hi is even (ties to even
       keep hi == hi + lo). */
    memcpy(v, base_v, sizeof v);
    v[1] = 0x1p-53;
    assert_int_equal(decode_status(b, craft(b, 1, base_counts, v)), NPS_OK);
    v[0] = 1.0 + 0x1p-52;
    assert_int_equal(decode_status(b, craft(b, 1, base_counts, v)), NPS_E_FORMAT);
    /* An empty category with sums, a full one without. */
    c[0] = 0;
    c[1] = c[2] = 1;
    assert_int_equal(decode_status(b, craft(b, 1, c, base_v)), NPS_E_FORMAT);
    memcpy(v, base_v, sizeof v);
    v[0] = 0.0;
    assert_int_equal(decode_status(b, craft(b, 1, base_counts, v)), NPS_E_FORMAT);
    v[0] = 1.0;
    v[2] = 0.0;
    assert_int_equal(decode_status(b, craft(b, 1, base_counts, v)), NPS_E_FORMAT);
    /* States differing only in a squared sum's lo part are not equal. */
    {
        nps_wacc *x = NULL, *y = NULL;
        memcpy(v, base_v, sizeof v);
        v[3] = 0x1p-60;
        assert_int_equal(nps_wacc_deserialize(&x, b, craft(b, 1, base_counts, v)),
                         NPS_OK);
        assert_int_equal(nps_wacc_deserialize(&y, b,
                                              craft(b, 1, base_counts, base_v)),
                         NPS_OK);
        assert_false(nps_wacc_equal(x, y));
        nps_wacc_free(x);
        nps_wacc_free(y);
    }
    /* The sum bounds themselves are accepted. */
    memcpy(v, base_v, sizeof v);
    v[0] = 0x1p-448;
    v[2] = 0x1p-896;
    v[4] = 0x1p512;
    v[6] = 0x1p960;
    assert_int_equal(decode_status(b, craft(b, 1, base_counts, v)), NPS_OK);
    /* Non-minimal count varint: 1 as 81 00 (the frame grows by one). */
    len = craft(b, 1, base_counts, base_v);
    memmove(b + 11, b + 10, len - 10);
    b[9] = 0x81;
    b[10] = 0x00;
    reseal(b, len + 1);
    assert_int_equal(decode_status(b, len + 1), NPS_E_FORMAT);
}

static void test_wacc__decode_extreme_states_gives_finite_statistics(void **state)
{
    /* Every accepted state, however inconsistent its sums (n_eff would
       exceed n), gives finite statistics in range. */
    uint8_t b[256];
    uint64_t c[3] = {1, 1, 1};
    double v[12] = {0x1p512, 0, 0x1p-896, 0, 0x1p-448, 0, 0x1p960, 0,
                    0x1p-448, 0, 0x1p-896, 0};
    double x, lo, hi;
    nps_wacc *w = NULL;
    int m;
    size_t len = craft(b, 1, c, v);
    (void)state;
    assert_int_equal(nps_wacc_deserialize(&w, b, len), NPS_OK);
    assert_true(nps_wacc_score(w) >= -100.0 && nps_wacc_score(w) <= 100.0);
    assert_int_equal(nps_wacc_effective_n(w, &x), NPS_OK);
    assert_true(x >= 1.0 && x <= 3.0);
    assert_int_equal(nps_wacc_stderr(w, &x), NPS_OK);
    assert_true(isfinite(x));
    for (m = 0; m < 3; m++) {
        assert_int_equal(nps_wacc_interval(w, (nps_method)m, 0.95, &lo, &hi),
                         NPS_OK);
        assert_true(lo >= -100.0 && hi <= 100.0 && lo <= hi);
    }
    nps_wacc_free(w);
}

static void test_wacc__decode_allocates_only_valid_input(void **state)
{
    struct ledger l;
    nps_allocator a = ledger(&l, 0);
    nps_wacc *w = worked(), *d = STALE(nps_wacc);
    uint8_t *b;
    size_t len;
    (void)state;
    b = bytes_of(w, &len);
    assert_int_equal(nps_wacc_deserialize_with_allocator(&d, b, len, &a),
                     NPS_E_NOMEM);
    assert_null(d);
    assert_int_equal(l.live, 0);
    a = ledger(&l, 100);
    b[20] ^= 1;
    assert_int_equal(nps_wacc_deserialize_with_allocator(&d, b, len, &a),
                     NPS_E_FORMAT);
    assert_int_equal(l.calls, 0);
    b[20] ^= 1;
    assert_int_equal(nps_wacc_deserialize_with_allocator(&d, b, len, &a), NPS_OK);
    assert_int_equal(l.live, 1);
    assert_true(nps_wacc_equal(d, w));
    nps_wacc_free(d);
    assert_int_equal(l.live, 0);
    free(b);
    nps_wacc_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wacc__new_and_bad_arguments),
        cmocka_unit_test(test_wacc__clone_reset_equal),
        cmocka_unit_test(test_wacc__add_refuses_bad_input_and_changes_nothing),
        cmocka_unit_test(test_wacc__batch_is_all_or_nothing_with_first_bad_index),
        cmocka_unit_test(test_wacc__category_getters),
        cmocka_unit_test(test_wacc__hand_worked_statistics),
        cmocka_unit_test(test_wacc__unit_weights_equal_the_unweighted_accumulator),
        cmocka_unit_test(test_wacc__statistics_are_scale_free),
        cmocka_unit_test(test_wacc__statistics_bad_input_and_small_samples),
        cmocka_unit_test(test_wacc__compare),
        cmocka_unit_test(test_wacc__merge_bad_input_changes_nothing),
        cmocka_unit_test(test_wacc__sums_past_their_bounds_overflow),
        cmocka_unit_test(test_wacc__merge_self_doubles),
        cmocka_unit_test(test_wacc__merge_order_changes_results_by_a_few_ulps),
        cmocka_unit_test(test_wacc__serialize_arguments_and_size),
        cmocka_unit_test(test_wacc__random_states_round_trip_exactly),
        cmocka_unit_test(test_wacc__every_truncation_trailing_byte_and_bit_flip_is_rejected),
        cmocka_unit_test(test_wacc__crafted_frames),
        cmocka_unit_test(test_wacc__decode_extreme_states_gives_finite_statistics),
        cmocka_unit_test(test_wacc__decode_allocates_only_valid_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
