/* The timeline: bucket geometry (epoch alignment, offsets, calendar months,
   extreme timestamps), retention and lateness, queries, trend, merge, and
   every error path with the strong guarantee. The differential tests keep
   every event in a plain array and recompute each window naively, with
   bucket arithmetic done in 128-bit integers (seconds) or by the C
   library's calendar (months), independently of the library's code. */
/* The brute-force model uses the C library's timegm/gmtime_r (extensions)
   and M_PI. */
#define _DEFAULT_SOURCE 1
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nps.h"
/* The 1.1 defect tests look at the ingest cache through one private
   query, as the kernel tests reach the kernels. */
#include "../src/nps_internal.h"

typedef __int128 i128;

static const nps_scale one_to_ten = {1, 10, 7, 9};

/* ---- small helpers ------------------------------------------------------ */

static nps_timeline *mk(nps_unit unit, int64_t width, int32_t off,
                        uint32_t n, const nps_scale *scale)
{
    nps_timeline *tl = NULL;
    assert_int_equal(
        nps_timeline_new_advanced(&tl, unit, width, off, n, scale, NULL),
        NPS_OK);
    assert_non_null(tl);
    return tl;
}

static nps_acc *acc_for(const nps_scale *scale)
{
    nps_acc *a = NULL;
    assert_int_equal(nps_acc_new(&a, scale), NPS_OK);
    return a;
}

static int64_t start_of(const nps_timeline *tl, int64_t t)
{
    int64_t s = 0;
    assert_int_equal(nps_timeline_bucket_start(tl, t, &s), NPS_OK);
    return s;
}

/* A clone to compare against after a failing call. */
static nps_timeline *snapshot(const nps_timeline *tl)
{
    nps_timeline *c = NULL;
    assert_int_equal(nps_timeline_clone(&c, tl), NPS_OK);
    return c;
}

static void assert_unchanged(const nps_timeline *before,
                             const nps_timeline *after)
{
    assert_true(nps_timeline_equal(before, after));
    assert_int_equal(nps_timeline_dropped(before), nps_timeline_dropped(after));
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64*: deterministic streams, reproducible failures. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static uint64_t rndn(uint64_t n)
{
    return rnd() % n;
}

static int64_t clamp64(i128 v)
{
    if (v > INT64_MAX)
        return INT64_MAX;
    if (v < INT64_MIN)
        return INT64_MIN;
    return (int64_t)v;
}

/* ---- the brute-force model ---------------------------------------------- */

static i128 fdiv128(i128 a, i128 b)
{
    i128 q = a / b;
    if ((a % b) != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

typedef struct model_ev {
    int64_t t;
    int score;
    uint64_t n;
    i128 b; /* bucket: floor((t + offset) / width), or local months / width */
} model_ev;

typedef struct model {
    nps_unit unit;
    int64_t width;
    int32_t off;
    uint32_t nb;
    nps_scale scale;
    int has_newest;
    i128 newest;
    uint64_t dropped;
    model_ev *ev;
    size_t nev, cap;
} model;

/* Calendar oracle: the C library's gmtime/timegm on local time. Month
   streams stay within a few thousand years so these are exact. */
static i128 model_month_bucket(const model *m, int64_t t)
{
    struct tm tmv;
    time_t lt = (time_t)(t + m->off);
    assert_non_null(gmtime_r(&lt, &tmv));
    return fdiv128((i128)(tmv.tm_year + 1900 - 1970) * 12 + tmv.tm_mon,
                   m->width);
}

static i128 model_bucket(const model *m, int64_t t)
{
    if (m->unit == NPS_UNIT_MONTH)
        return model_month_bucket(m, t);
    return fdiv128((i128)t + m->off, m->width);
}

static i128 model_start(const model *m, i128 b)
{
    if (m->unit == NPS_UNIT_MONTH) {
        struct tm tmv;
        i128 months = b * m->width;
        i128 y = fdiv128(months, 12);
        memset(&tmv, 0, sizeof tmv);
        tmv.tm_year = (int)(y + 1970 - 1900);
        tmv.tm_mon = (int)(months - y * 12);
        tmv.tm_mday = 1;
        return (i128)timegm(&tmv) - m->off;
    }
    return b * m->width - m->off;
}

static void model_init(model *m, nps_unit unit, int64_t width, int32_t off,
                       uint32_t nb, const nps_scale *scale)
{
    memset(m, 0, sizeof *m);
    m->unit = unit;
    m->width = width;
    m->off = off;
    m->nb = nb;
    m->scale = scale ? *scale : (nps_scale){0, 10, 7, 9};
}

static void model_free(model *m)
{
    free(m->ev);
}

static int model_retained(const model *m, i128 b)
{
    return m->has_newest && b <= m->newest && b > m->newest - m->nb;
}

/* Returns the status the library must give. */
static nps_status model_add(model *m, int64_t t, int score, uint64_t n)
{
    i128 b = model_bucket(m, t);
    if (m->has_newest && b <= m->newest - m->nb) {
        m->dropped += n;
        return NPS_E_TOO_OLD;
    }
    if (!m->has_newest || b > m->newest) {
        m->newest = b;
        m->has_newest = 1;
    }
    if (m->nev == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 256;
        m->ev = realloc(m->ev, m->cap * sizeof *m->ev);
        assert_non_null(m->ev);
    }
    m->ev[m->nev].t = t;
    m->ev[m->nev].score = score;
    m->ev[m->nev].n = n;
    m->ev[m->nev].b = b;
    m->nev++;
    return NPS_OK;
}

static void model_advance(model *m, int64_t now)
{
    i128 b = model_bucket(m, now);
    if (!m->has_newest || b > m->newest) {
        m->newest = b;
        m->has_newest = 1;
    }
}

/* Counts of retained events whose bucket start is in [from, to). */
static void model_range(const model *m, int64_t from, int64_t to,
                        uint64_t *counts)
{
    size_t i;
    memset(counts, 0, 101 * sizeof *counts);
    for (i = 0; i < m->nev; i++) {
        const model_ev *e = &m->ev[i];
        i128 s;
        if (!model_retained(m, e->b))
            continue;
        s = model_start(m, e->b);
        if (s >= from && s < to)
            counts[e->score - m->scale.min] += e->n;
    }
}

static void model_bucket_counts(const model *m, uint32_t age,
                                uint64_t *counts)
{
    size_t i;
    memset(counts, 0, 101 * sizeof *counts);
    for (i = 0; i < m->nev; i++)
        if (model_retained(m, m->ev[i].b) && m->ev[i].b == m->newest - age)
            counts[m->ev[i].score - m->scale.min] += m->ev[i].n;
}

static void assert_acc_counts(const nps_acc *a, const uint64_t *expect,
                              const nps_scale *s)
{
    int v;
    uint64_t tot = 0;
    for (v = s->min; v <= s->max; v++) {
        assert_int_equal(nps_acc_count(a, v), expect[v - s->min]);
        tot += expect[v - s->min];
    }
    assert_int_equal(nps_acc_total(a), tot);
}

static double value_of(const nps_scale *s, int score)
{
    return score >= s->promoter_min ? 100.0
           : score >= s->passive_min ? 0.0
                                     : -100.0;
}

/* Two-sided Student-t p-value by numerical integration of the density
   (composite Simpson on [0, |t|]): independent of the library's
   continued fraction. */
static double t_pvalue_by_quadrature(double t, double df)
{
    int i, steps = 20000;
    double a = fabs(t), h = a / steps, sum = 0.0;
    double c = exp(lgamma((df + 1) / 2) - lgamma(df / 2)) / sqrt(df * M_PI);
    for (i = 0; i <= steps; i++) {
        double u = i * h;
        double f = c * pow(1 + u * u / df, -(df + 1) / 2);
        sum += f * (i == 0 || i == steps ? 1 : (i % 2 ? 4 : 2));
    }
    return 1.0 - 2.0 * sum * h / 3.0;
}

/* OLS over the expanded per-answer data: every answer becomes one (x, y)
   point, x its bucket number, y its +100/0/-100 value. Returns 0 when the
   library must answer NPS_E_EMPTY. */
static int model_trend(const model *m, int64_t from, int64_t to, double *slope,
                       double *se, double *df_out)
{
    size_t i, np = 0, cap = 0;
    double *xs = NULL, *ys = NULL;
    i128 *bs = NULL;
    double xbar = 0, ybar = 0, sxx = 0, sxy = 0,
           sse = 0, b, a;
    i128 base = 0;
    int have_base = 0, nonempty = 0;
    i128 seen[2] = {0, 0};
    for (i = 0; i < m->nev; i++) {
        const model_ev *e = &m->ev[i];
        i128 s;
        uint64_t k;
        if (!model_retained(m, e->b))
            continue;
        s = model_start(m, e->b);
        if (!(s >= from && s < to))
            continue;
        if (!have_base || e->b < base) {
            base = e->b;
            have_base = 1;
        }
        if (nonempty == 0) {
            seen[0] = e->b;
            nonempty = 1;
        } else if (nonempty == 1 && e->b != seen[0]) {
            nonempty = 2;
        }
        for (k = 0; k < e->n; k++) {
            if (np == cap) {
                cap = cap ? 2 * cap : 64;
                xs = realloc(xs, cap * sizeof *xs);
                ys = realloc(ys, cap * sizeof *ys);
                bs = realloc(bs, cap * sizeof *bs);
            }
            bs[np] = e->b; /* x is taken from the smallest bucket below */
            ys[np] = value_of(&m->scale, e->score);
            np++;
        }
    }
    (void)seen;
    if (nonempty < 2 || np < 3) {
        free(xs);
        free(ys);
        free(bs);
        return 0;
    }
    for (i = 0; i < np; i++)
        xs[i] = (double)(bs[i] - base);
    for (i = 0; i < np; i++) {
        xbar += xs[i];
        ybar += ys[i];
    }
    xbar /= (double)np;
    ybar /= (double)np;
    for (i = 0; i < np; i++) {
        sxx += (xs[i] - xbar) * (xs[i] - xbar);
        sxy += (xs[i] - xbar) * (ys[i] - ybar);
    }
    b = sxy / sxx;
    a = ybar - b * xbar;
    for (i = 0; i < np; i++) {
        double r = ys[i] - (a + b * xs[i]);
        sse += r * r;
    }
    *slope = b;
    *df_out = (double)np - 2;
    *se = sqrt(sse / (double)(np - 2) / sxx);
    free(xs);
    free(ys);
    free(bs);
    return 1;
}

/* ---- geometry ----------------------------------------------------------- */

static void test_timeline__fixed_buckets_align_to_epoch_with_floor(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 86400, 0, 4, NULL);
    (void)state;
    assert_int_equal(start_of(tl, 0), 0);
    assert_int_equal(start_of(tl, 86399), 0);
    assert_int_equal(start_of(tl, 86400), 86400);
    /* Before 1970: floor, not truncation. */
    assert_int_equal(start_of(tl, -1), -86400);
    assert_int_equal(start_of(tl, -86400), -86400);
    assert_int_equal(start_of(tl, -86401), -172800);
    /* 1969-07-20T20:17:00Z = -14182980 (date -u -d ... +%s) lies in the
       day starting 1969-07-20T00:00Z = -14182980 - 73020. */
    assert_int_equal(start_of(tl, -14182980), -14182980 - 73020);
    nps_timeline_free(tl);
}

static void test_timeline__utc_offset_starts_days_at_local_midnight(
    void **state)
{
    /* +05:30: local midnight of 2024-03-01 is 2024-02-29T18:30Z
       (1709231400); -08:00: local midnight of 1969-12-31 is
       1969-12-31T08:00Z = -57600. */
    nps_timeline *in = mk(NPS_UNIT_SECOND, 86400, 19800, 4, NULL);
    nps_timeline *us = mk(NPS_UNIT_SECOND, 86400, -28800, 4, NULL);
    (void)state;
    assert_int_equal(start_of(in, 1709231400), 1709231400);
    assert_int_equal(start_of(in, 1709231399), 1709231400 - 86400);
    assert_int_equal(start_of(in, 1709251200), 1709231400);
    assert_int_equal(start_of(us, 0), -57600);
    assert_int_equal(start_of(us, -57601), -57600 - 86400);
    assert_int_equal(start_of(us, 28800), 28800);
    nps_timeline_free(in);
    nps_timeline_free(us);
    /* An hourly ring with a half-hour offset: hours start at :30 UTC. */
    in = mk(NPS_UNIT_SECOND, 3600, 19800, 4, NULL);
    assert_int_equal(start_of(in, 0), -1800);
    assert_int_equal(start_of(in, 1800), 1800);
    nps_timeline_free(in);
}

static void test_timeline__calendar_months_quarters_years(void **state)
{
    /* Epoch values from `date -u -d <date> +%s`. */
    nps_timeline *mo = mk(NPS_UNIT_MONTH, 1, 0, 12, NULL);
    nps_timeline *qt = mk(NPS_UNIT_MONTH, 3, 0, 4, NULL);
    nps_timeline *yr = mk(NPS_UNIT_MONTH, 12, 0, 4, NULL);
    nps_timeline *mo_in = mk(NPS_UNIT_MONTH, 1, 19800, 12, NULL);
    (void)state;
    /* 2024 is a leap year: 2024-02-29T12:00Z is in February. */
    assert_int_equal(start_of(mo, 1709208000), 1706745600);
    assert_int_equal(start_of(mo, 1709251200), 1709251200);
    assert_int_equal(start_of(mo, 1709251199), 1706745600);
    /* 2100 is not leap: 2100-02-28T23:59:59Z is February's last second. */
    assert_int_equal(start_of(mo, 4107542399), 4105123200);
    assert_int_equal(start_of(mo, 4107542400), 4107542400);
    /* 2000 is leap (divisible by 400): 2000-02-29 is in February. */
    assert_int_equal(start_of(mo, 951782400), 949363200);
    assert_int_equal(start_of(mo, 951868800), 951868800);
    /* 1900 is not leap: 1900-02-28 is followed by 1900-03-01. */
    assert_int_equal(start_of(mo, -2203977600 + 86400), -2203891200);
    /* Quarter: 2024-05-15 is in Q2, starting 2024-04-01. */
    assert_int_equal(start_of(qt, 1715731200), 1711929600);
    /* Year: 1969-07-20 is in 1969, starting 1969-01-01 = -31536000. */
    assert_int_equal(start_of(yr, -14182980), -31536000);
    /* +05:30: 2024-02-29T20:00Z is 2024-03-01T01:30 local, so March,
       which started at 2024-02-29T18:30Z. */
    assert_int_equal(start_of(mo_in, 1709208000 + 8 * 3600), 1709231400);
    assert_int_equal(start_of(mo_in, 1709231399), 1706745600 - 19800);
    nps_timeline_free(mo);
    nps_timeline_free(qt);
    nps_timeline_free(yr);
    nps_timeline_free(mo_in);
}

static void test_timeline__extreme_timestamps_never_overflow(void **state)
{
    nps_timeline *sec = mk(NPS_UNIT_SECOND, 1, 3600, 4, NULL);
    nps_timeline *day = mk(NPS_UNIT_SECOND, 86400, -86400, 4, NULL);
    nps_timeline *huge = mk(NPS_UNIT_SECOND, INT64_C(1) << 62, -86400, 5, NULL);
    nps_timeline *mo = mk(NPS_UNIT_MONTH, 1, 86400, 4, NULL);
    nps_acc *a = acc_for(NULL);
    int64_t s = 7;
    (void)state;
    /* One-second buckets: every time starts its own bucket. */
    assert_int_equal(start_of(sec, INT64_MIN), INT64_MIN);
    assert_int_equal(start_of(sec, INT64_MAX), INT64_MAX);
    /* Days: INT64_MAX mod 86400 = 55807 (15:30:07), and the day holding
       INT64_MIN starts before INT64_MIN. */
    assert_int_equal(start_of(day, INT64_MAX), INT64_MAX - 55807);
    assert_int_equal(nps_timeline_bucket_start(day, INT64_MIN, &s),
                     NPS_E_OVERFLOW);
    assert_int_equal(s, 7);
    /* Width 2^62, offset -1 day: boundaries at k 2^62 + 86400. */
    assert_int_equal(start_of(huge, INT64_MAX),
                     (INT64_C(1) << 62) + 86400);
    assert_int_equal(start_of(huge, 0), -(INT64_C(1) << 62) + 86400);
    assert_int_equal(start_of(huge, INT64_MIN + 86400), INT64_MIN + 86400);
    assert_int_equal(nps_timeline_bucket_start(huge, INT64_MIN + 86399, &s),
                     NPS_E_OVERFLOW);
    /* Months: INT64_MAX is 292277026596-12-04T15:30:07Z, so its month
       (UTC+1 day still in December) starts 3 days 15:30:07 earlier, minus
       the offset. INT64_MIN's month starts before INT64_MIN. */
    assert_int_equal(start_of(mo, INT64_MAX),
                     INT64_MAX - (3 * 86400 + 55807) - 86400);
    assert_int_equal(nps_timeline_bucket_start(mo, INT64_MIN, &s),
                     NPS_E_OVERFLOW);

    /* Events at both ends are recorded and queried without overflow. */
    assert_int_equal(nps_timeline_add(sec, INT64_MIN, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(sec, INT64_MIN + 1, 0), NPS_OK);
    assert_int_equal(nps_timeline_range(sec, INT64_MIN, INT64_MAX, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 2);
    assert_int_equal(nps_timeline_rolling(sec, 4, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 2);
    assert_int_equal(nps_timeline_bucket(sec, 3, NULL, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 0);
    /* Bucket INT64_MIN - 2 has no time: its start cannot be given. */
    assert_int_equal(nps_timeline_bucket(sec, 3, &s, a), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_add(sec, INT64_MAX, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(sec, INT64_MIN, 9), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_newest(sec, &s), NPS_OK);
    assert_int_equal(s, INT64_MAX);
    assert_int_equal(nps_timeline_range(sec, INT64_MIN, INT64_MAX, a), NPS_OK);
    /* The bucket starting at INT64_MAX is outside [.., INT64_MAX). */
    assert_int_equal(nps_acc_total(a), 0);
    assert_int_equal(nps_timeline_rolling(sec, 1, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1);

    assert_int_equal(nps_timeline_add(mo, INT64_MIN, 5), NPS_OK);
    assert_int_equal(nps_timeline_newest(mo, &s), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_range(mo, INT64_MIN, INT64_MAX, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 0); /* its start is < INT64_MIN */
    assert_int_equal(nps_timeline_rolling(mo, 1, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1);
    assert_int_equal(nps_timeline_add(mo, INT64_MAX, 5), NPS_OK);
    assert_int_equal(nps_timeline_newest(mo, &s), NPS_OK);
    assert_int_equal(s, INT64_MAX - (3 * 86400 + 55807) - 86400);

    assert_int_equal(nps_timeline_add(day, INT64_MIN, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(day, INT64_MAX, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(huge, INT64_MIN, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(huge, INT64_MAX, 0), NPS_OK);
    /* INT64_MIN is in the bucket starting -3 * 2^62 + 86400, INT64_MAX in
       the one starting 2^62 + 86400: five buckets span all of int64. */
    assert_int_equal(nps_timeline_rolling(huge, 5, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 2);
    assert_int_equal(nps_timeline_rolling(huge, 4, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1);
    assert_int_equal(nps_timeline_trend(huge, INT64_MIN, INT64_MAX, &(double){0},
                                        NULL, NULL),
                     NPS_E_EMPTY);
    nps_acc_free(a);
    nps_timeline_free(sec);
    nps_timeline_free(day);
    nps_timeline_free(huge);
    nps_timeline_free(mo);
}

/* ---- retention and lateness --------------------------------------------- */

static void test_timeline__late_events_within_retention_land_in_order_any(
    void **state)
{
    nps_timeline *a = mk(NPS_UNIT_SECOND, 10, 0, 3, NULL);
    nps_timeline *b = mk(NPS_UNIT_SECOND, 10, 0, 3, NULL);
    (void)state;
    /* Same events, two orders: same state. */
    assert_int_equal(nps_timeline_add(a, 5, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(a, 15, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(a, 29, 8), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 29, 8), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 15, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 5, 9), NPS_OK);
    assert_true(nps_timeline_equal(a, b));
    /* Bucket 0 is the oldest retained (0 > 2 - 3); -1 is too old. */
    assert_int_equal(nps_timeline_add(b, -1, 9), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(b), 1);
    assert_true(nps_timeline_equal(a, b));
    assert_int_equal(nps_timeline_add_n(b, -100, 9, 5), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(b), 6);
    nps_timeline_free(a);
    nps_timeline_free(b);
}

static void test_timeline__gap_longer_than_retention_never_fails_later(
    void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 60, 0, 5, NULL);
    nps_acc *a = acc_for(NULL);
    int64_t s;
    (void)state;
    assert_int_equal(nps_timeline_add(tl, 0, 10), NPS_OK);
    /* Ten years later: the ring jumps, evicting everything. */
    assert_int_equal(nps_timeline_add(tl, 315360000, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 315360000 + 1, 0), NPS_OK);
    assert_int_equal(nps_timeline_rolling(tl, 5, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 2);
    assert_int_equal(nps_acc_count(a, 10), 0);
    assert_int_equal(nps_timeline_newest(tl, &s), NPS_OK);
    assert_int_equal(s, 315360000);
    nps_acc_free(a);
    nps_timeline_free(tl);
}

static void test_timeline__horizon_guard_refuses_far_future(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 3600, 0, 24, NULL);
    nps_timeline *before;
    int64_t now = 1700000000, s;
    (void)state;
    /* No default horizon: a timestamp in milliseconds is accepted. */
    assert_int_equal(nps_timeline_add(tl, now * 1000, 9), NPS_OK);
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_set_horizon(tl, 86400), NPS_OK);
    /* Guard set but no clock yet: still accepted. */
    assert_int_equal(nps_timeline_add(tl, now * 1000, 9), NPS_OK);
    nps_timeline_reset(tl); /* keeps the guard, forgets the clock */
    assert_int_equal(nps_timeline_advance(tl, now), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, now + 86400, 9), NPS_OK);
    before = snapshot(tl);
    assert_int_equal(nps_timeline_add(tl, now + 86401, 9), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 9), NPS_E_TOO_NEW);
    assert_unchanged(before, tl); /* not counted as dropped either */
    nps_timeline_free(before);
    /* An earlier now only moves the clock back, not the ring. */
    assert_int_equal(nps_timeline_advance(tl, now - 86400), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, now + 1, 9), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(tl, now - 86400, 9), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_newest(tl, &s), NPS_OK);
    assert_int_equal(s, now + 86400 - (now + 86400) % 3600);
    /* Guard off again. */
    assert_int_equal(nps_timeline_set_horizon(tl, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 9), NPS_OK);
    /* A clock at INT64_MIN: the difference does not overflow. */
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_set_horizon(tl, 1), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, INT64_MIN), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 9), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(tl, INT64_MIN + 1, 9), NPS_OK);
    nps_timeline_free(tl);
}

static void test_timeline__advance_moves_ring_forward_only(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 3, NULL);
    nps_acc *a = acc_for(NULL);
    int64_t s;
    (void)state;
    assert_int_equal(nps_timeline_newest(tl, &s), NPS_E_EMPTY);
    assert_int_equal(nps_timeline_advance(tl, 100), NPS_OK);
    assert_int_equal(nps_timeline_newest(tl, &s), NPS_OK);
    assert_int_equal(s, 100);
    assert_int_equal(nps_timeline_add(tl, 85, 9), NPS_OK); /* bucket 8 */
    assert_int_equal(nps_timeline_add(tl, 79, 9), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_advance(tl, 0), NPS_OK);
    assert_int_equal(nps_timeline_newest(tl, &s), NPS_OK);
    assert_int_equal(s, 100);
    assert_int_equal(nps_timeline_advance(tl, 105), NPS_OK); /* same bucket */
    assert_int_equal(nps_timeline_rolling(tl, 3, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1);
    assert_int_equal(nps_timeline_advance(tl, 110), NPS_OK); /* evicts 8 */
    assert_int_equal(nps_timeline_rolling(tl, 3, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 0);
    nps_acc_free(a);
    nps_timeline_free(tl);
}

/* ---- queries -------------------------------------------------------------- */

static void test_timeline__range_takes_buckets_whose_start_is_in_window(
    void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 10, NULL);
    nps_acc *a = acc_for(NULL);
    int v;
    (void)state;
    for (v = 0; v < 10; v++)
        assert_int_equal(nps_timeline_add(tl, v * 10 + 3, v), NPS_OK);
    /* [20, 50): buckets starting 20, 30, 40. */
    assert_int_equal(nps_timeline_range(tl, 20, 50, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 3);
    assert_int_equal(nps_acc_count(a, 2), 1);
    assert_int_equal(nps_acc_count(a, 4), 1);
    /* [21, 50): bucket 20 starts before 21, so it is out. */
    assert_int_equal(nps_timeline_range(tl, 21, 50, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 2);
    /* [20, 41): 40 starts inside. */
    assert_int_equal(nps_timeline_range(tl, 20, 41, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 3);
    assert_int_equal(nps_timeline_range(tl, 20, 20, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 0);
    nps_acc_free(a);
    nps_timeline_free(tl);
}

static void test_timeline__bucket_iterates_newest_first(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 4, NULL);
    nps_acc *a = acc_for(NULL);
    int64_t s;
    uint32_t age;
    (void)state;
    assert_int_equal(nps_timeline_add_n(tl, 35, 10, 4), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 15, 0, 2), NPS_OK);
    for (age = 0; age < 4; age++) {
        assert_int_equal(nps_timeline_bucket(tl, age, &s, a), NPS_OK);
        assert_int_equal(s, 30 - 10 * (int64_t)age);
        assert_int_equal(nps_acc_total(a),
                         age == 0 ? 4 : age == 2 ? 2 : 0);
    }
    nps_acc_free(a);
    nps_timeline_free(tl);
}

/* ---- trend ---------------------------------------------------------------- */

static void test_timeline__trend_matches_hand_worked_ols(void **state)
{
    /* Buckets 0, 1, 2 hold (D, D), (D, P), (P, P): y = -100 -100 | -100 100
       | 100 100 at x = 0 0 1 1 2 2. xbar = 1, ybar = 0, Sxx = 4,
       Sxy = (-1)(-200) + (1)(200) = 400, slope = 100 points per bucket.
       Fitted -100, 0, 100: residuals 0 0 -100 100 0 0, SSE = 20000,
       s^2 = SSE / (6 - 2) = 5000, SE = sqrt(5000 / 4) = sqrt(1250).
       t = 100 / sqrt(1250) = 2 sqrt(2) with 4 df; Student's t CDF for
       nu = 4 in closed form: F(t) = 1/2 + (3/8) u (1 - u^2 / 12) with
       u = t / sqrt(1 + t^2 / 4), so p = 2 (1 - F(t)). */
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 100, 0, 8, NULL);
    double slope = 0, se = 0, p = 0, t = 2 * sqrt(2.0);
    double u = t / sqrt(1 + t * t / 4);
    double expect_p = 2 * (1 - (0.5 + 0.375 * u * (1 - u * u / 12)));
    (void)state;
    assert_int_equal(nps_timeline_add_n(tl, 0, 0, 2), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 150, 3), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 199, 10), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 250, 9, 2), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, 0, 300, &slope, &se, &p), NPS_OK);
    assert_true(fabs(slope - 100.0) < 1e-9);
    assert_true(fabs(se - sqrt(1250.0)) < 1e-9);
    assert_true(fabs(p - expect_p) < 1e-9);
    assert_true(fabs(expect_p - 0.04742) < 1e-5); /* sanity of the formula */
    /* Empty buckets in between change nothing but x: doubling every gap
       halves the slope. */
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_add_n(tl, 0, 0, 2), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 250, 3), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 299, 10), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 450, 9, 2), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, -1000, 1000, &slope, NULL, NULL),
                     NPS_OK);
    assert_true(fabs(slope - 50.0) < 1e-9);
    nps_timeline_free(tl);
}

static void test_timeline__trend_perfect_fit_and_flat(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 1, 0, 8, NULL);
    double slope = 1, se = 1, p = 0.5;
    (void)state;
    /* All detractors then all promoters: every residual... is not zero
       here (3 points in 2 buckets fit exactly only with 2 distinct y per
       x), so use one answer per bucket on a line: -100, 0, 100. */
    assert_int_equal(nps_timeline_add(tl, 0, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1, 7), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 2, 10), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, 0, 3, &slope, &se, &p), NPS_OK);
    assert_true(fabs(slope - 100.0) < 1e-12);
    assert_true(se < 1e-9);
    assert_true(p == 0.0);
    /* Three passives: flat, zero SE, p = 1. */
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_add(tl, 0, 7), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1, 8), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 2, 7), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, 0, 3, &slope, &se, &p), NPS_OK);
    assert_true(slope == 0.0 && se == 0.0 && p == 1.0);
    nps_timeline_free(tl);
}

static void test_timeline__trend_empty_cases(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 8, NULL);
    double slope = 42, se = 43, p = 44;
    (void)state;
    assert_int_equal(nps_timeline_trend(tl, 0, 100, &slope, &se, &p),
                     NPS_E_EMPTY);
    /* One non-empty bucket, many answers. */
    assert_int_equal(nps_timeline_add_n(tl, 0, 10, 50), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, 0, 100, &slope, &se, &p),
                     NPS_E_EMPTY);
    /* Two buckets but only 2 answers (N < 3). */
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_add(tl, 0, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 10, 0), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, 0, 100, &slope, &se, &p),
                     NPS_E_EMPTY);
    /* The window matters: the third answer is outside [0, 20). */
    assert_int_equal(nps_timeline_add(tl, 20, 0), NPS_OK);
    assert_int_equal(nps_timeline_trend(tl, 0, 20, &slope, &se, &p),
                     NPS_E_EMPTY);
    assert_true(slope == 42 && se == 43 && p == 44);
    assert_int_equal(nps_timeline_trend(tl, 0, 30, &slope, &se, &p), NPS_OK);
    nps_timeline_free(tl);
}

/* ---- differential: random streams against the model ------------------- */

typedef struct geom {
    nps_unit unit;
    int64_t width;
    int32_t off;
    uint32_t nb;
    int64_t base;
    const nps_scale *scale;
} geom;

/* Approximate width in seconds, to generate times around buckets. */
static i128 approx_width(const geom *g)
{
    return g->unit == NPS_UNIT_MONTH ? (i128)g->width * 2629746 : g->width;
}

static void check_against_model(const nps_timeline *tl, const model *m)
{
    uint64_t expect[101];
    nps_acc *a = acc_for(&m->scale);
    uint32_t age;
    int64_t s;
    assert_int_equal(nps_timeline_dropped(tl), m->dropped);
    if (!m->has_newest) {
        assert_int_equal(nps_timeline_newest(tl, &s), NPS_E_EMPTY);
        nps_acc_free(a);
        return;
    }
    {
        i128 ms = model_start(m, m->newest);
        nps_status st = nps_timeline_newest(tl, &s);
        if (ms < INT64_MIN || ms > INT64_MAX) {
            assert_int_equal(st, NPS_E_OVERFLOW);
        } else {
            assert_int_equal(st, NPS_OK);
            assert_true((i128)s == ms);
        }
    }
    for (age = 0; age < m->nb; age++) {
        model_bucket_counts(m, age, expect);
        assert_int_equal(nps_timeline_bucket(tl, age, NULL, a), NPS_OK);
        assert_acc_counts(a, expect, &m->scale);
    }
    {
        uint32_t k = 1 + (uint32_t)rndn(m->nb);
        uint64_t roll[101];
        memset(roll, 0, sizeof roll);
        for (age = 0; age < k; age++) {
            int p;
            model_bucket_counts(m, age, expect);
            for (p = 0; p < 101; p++)
                roll[p] += expect[p];
        }
        assert_int_equal(nps_timeline_rolling(tl, k, a), NPS_OK);
        assert_acc_counts(a, roll, &m->scale);
    }
    nps_acc_free(a);
}

/* Window bounds near the data: aligned, unaligned, and extreme ones. */
static int64_t pick_bound(const model *m, const geom *g)
{
    i128 w = approx_width(g);
    i128 b = m->newest - (i128)rndn(m->nb + 3);
    switch (rndn(6)) {
    case 0:
        return INT64_MIN;
    case 1:
        return INT64_MAX;
    case 2:
        return clamp64(model_start(m, b));
    default:
        return clamp64(model_start(m, b) + (i128)(rnd() % (uint64_t)w) -
                       w / 2);
    }
}

static void check_windows(const nps_timeline *tl, const model *m,
                          const geom *g)
{
    uint64_t expect[101];
    nps_acc *a = acc_for(&m->scale);
    int i;
    if (!m->has_newest) {
        nps_acc_free(a);
        return;
    }
    for (i = 0; i < 4; i++) {
        int64_t from = pick_bound(m, g), to = pick_bound(m, g);
        double slope = 0, se = 0, p = 0, ms, mse, df;
        nps_status st;
        if (from > to) {
            int64_t x = from;
            from = to;
            to = x;
        }
        model_range(m, from, to, expect);
        assert_int_equal(nps_timeline_range(tl, from, to, a), NPS_OK);
        assert_acc_counts(a, expect, &m->scale);
        st = nps_timeline_trend(tl, from, to, &slope, &se, &p);
        if (!model_trend(m, from, to, &ms, &mse, &df)) {
            assert_int_equal(st, NPS_E_EMPTY);
            continue;
        }
        assert_int_equal(st, NPS_OK);
        if (!(fabs(slope - ms) <= 1e-8 * (1 + fabs(ms))))
            print_error("slope %.17g model %.17g se %.17g model %.17g df %g\n",
                        slope, ms, se, mse, df);
        assert_true(fabs(slope - ms) <= 1e-8 * (1 + fabs(ms)));
        assert_true(fabs(se - mse) <= 1e-7 * (1 + fabs(mse)));
        if (mse > 1e-6 && df < 2000)
            assert_true(fabs(p - t_pvalue_by_quadrature(ms / mse, df)) <
                        1e-6);
    }
    nps_acc_free(a);
}

static void run_stream(const geom *g, uint64_t seed, int nevents)
{
    nps_timeline *tl =
        mk(g->unit, g->width, g->off, g->nb, g->scale);
    model m;
    i128 cur = g->base, w = approx_width(g);
    int e;
    int64_t bt[32];
    uint8_t bs[32];
    int nb = 0;
    rng_state = seed;
    model_init(&m, g->unit, g->width, g->off, g->nb, g->scale);
    for (e = 0; e < nevents; e++) {
        uint64_t r = rndn(100);
        int64_t t;
        int score = m.scale.min + (int)rndn((uint64_t)(m.scale.max -
                                                       m.scale.min + 1));
        if (r < 3) {
            cur += w * (i128)(g->nb + rndn(2 * g->nb + 1)); /* long gap */
        } else if (r < 20) {
            cur += (i128)(rnd() % (uint64_t)w);
        }
        if (cur > INT64_MAX)
            cur = INT64_MAX;
        if (r >= 20 && r < 25) {
            t = clamp64(cur - w * (i128)(g->nb + 2)); /* too old */
        } else {
            t = clamp64(cur - (i128)(rnd() % (uint64_t)(3 * w)) +
                        (i128)(rnd() % (uint64_t)w));
        }
        if (r == 99) {
            model_advance(&m, t);
            assert_int_equal(nps_timeline_advance(tl, t), NPS_OK);
        } else if (r >= 85) {
            /* Collect into a batch, applied when full. */
            bt[nb] = t;
            bs[nb] = (uint8_t)score;
            nb++;
            if (nb == 32) {
                uint64_t late = 0, before = m.dropped;
                int k;
                for (k = 0; k < nb; k++)
                    (void)model_add(&m, bt[k], bs[k], 1);
                assert_int_equal(
                    nps_timeline_add_batch(tl, bt, bs, (size_t)nb, NULL, &late),
                    NPS_OK);
                assert_int_equal(late, m.dropped - before);
                nb = 0;
            }
        } else if (r >= 80) {
            uint64_t n = 1 + rndn(3);
            nps_status want = model_add(&m, t, score, n);
            assert_int_equal(nps_timeline_add_n(tl, t, score, n), want);
        } else {
            nps_status want = model_add(&m, t, score, 1);
            assert_int_equal(nps_timeline_add(tl, t, score), want);
        }
        if (e % 64 == 63) {
            check_against_model(tl, &m);
            check_windows(tl, &m, g);
        }
    }
    check_against_model(tl, &m);
    check_windows(tl, &m, g);
    model_free(&m);
    nps_timeline_free(tl);
}

static const geom stream_geoms[] = {
    {NPS_UNIT_SECOND, 86400, 0, 7, 1700000000, NULL},
    {NPS_UNIT_SECOND, 86400, 19800, 30, 1709200000, NULL},
    {NPS_UNIT_SECOND, 86400, -28800, 5, -1000000000, &one_to_ten},
    {NPS_UNIT_SECOND, 1, 0, 16, 0, NULL},
    {NPS_UNIT_SECOND, 3600, 19800, 24, -3600 * 10, NULL},
    {NPS_UNIT_SECOND, 7, -86400, 3, 12345, NULL},
    {NPS_UNIT_SECOND, 86400, 19800, 9, INT64_MAX - 86400 * 200, NULL},
    {NPS_UNIT_SECOND, 86400, -28800, 9, INT64_MIN + 86400 * 3, NULL},
    {NPS_UNIT_SECOND, 1, 86400, 4, INT64_MAX - 300, &one_to_ten},
    {NPS_UNIT_SECOND, 1, -86400, 4, INT64_MIN + 10, NULL},
    {NPS_UNIT_SECOND, INT64_C(1) << 61, 3600, 3, INT64_MIN, NULL},
    {NPS_UNIT_MONTH, 1, 0, 12, 1700000000, NULL},
    {NPS_UNIT_MONTH, 1, 19800, 6, 946684800 - 86400 * 40, NULL},
    {NPS_UNIT_MONTH, 3, -28800, 8, 4102444800 - 86400 * 400, &one_to_ten},
    {NPS_UNIT_MONTH, 12, 0, 5, -2208988800, NULL},
    {NPS_UNIT_MONTH, 1, 86400, 3, -5000000000, NULL},
};

static void test_timeline__differential_random_streams(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof stream_geoms / sizeof stream_geoms[0]; i++) {
        run_stream(&stream_geoms[i], 0x9E3779B97F4A7C15u + i, 1500);
        run_stream(&stream_geoms[i], 0xD1B54A32D192ED03u * (i + 1), 800);
    }
}

/* ---- merge ---------------------------------------------------------------- */

static void test_timeline__merge_equals_one_timeline_seeing_both(void **state)
{
    geom g = {NPS_UNIT_SECOND, 3600, 19800, 12, 1700000000, NULL};
    int round;
    (void)state;
    for (round = 0; round < 40; round++) {
        nps_timeline *a = mk(g.unit, g.width, g.off, g.nb, NULL);
        nps_timeline *b = mk(g.unit, g.width, g.off, g.nb, NULL);
        nps_timeline *both = mk(g.unit, g.width, g.off, g.nb, NULL);
        model ma, mb;
        int e, n = 50 + (int)rndn(300);
        i128 cur = g.base;
        uint64_t expect[101];
        nps_acc *x = acc_for(NULL);
        uint32_t age;
        int in_order = round % 2 == 0;
        rng_state = 0xABCDEF12345u + (uint64_t)round;
        model_init(&ma, g.unit, g.width, g.off, g.nb, NULL);
        model_init(&mb, g.unit, g.width, g.off, g.nb, NULL);
        for (e = 0; e < n; e++) {
            int64_t t;
            int score = (int)rndn(11);
            int to_a = (int)rndn(2);
            cur += (i128)rndn(in_order ? 900 : 3 * 3600);
            /* Odd rounds: each side has its own stream, with lateness and
               stretches the other side never reaches. */
            t = in_order ? (int64_t)cur
                         : clamp64(cur - (i128)rndn(6 * 3600) +
                                   (to_a ? 0 : (i128)rndn(20 * 3600)));
            if (to_a)
                assert_int_equal(nps_timeline_add(a, t, score),
                                 model_add(&ma, t, score, 1));
            else
                assert_int_equal(nps_timeline_add(b, t, score),
                                 model_add(&mb, t, score, 1));
            if (in_order)
                assert_int_equal(nps_timeline_add(both, t, score), NPS_OK);
        }
        assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
        if (in_order) {
            /* No event was late anywhere: the merge is the single
               timeline that saw the interleaved stream. */
            assert_true(nps_timeline_equal(a, both));
            assert_int_equal(nps_timeline_dropped(a), 0);
        }
        /* Bucket by bucket: the sum of what each side retained within the
           merged window, whose end is the later of the two newest. */
        {
            model merged;
            size_t k;
            model_init(&merged, g.unit, g.width, g.off, g.nb, NULL);
            merged.has_newest = ma.has_newest || mb.has_newest;
            merged.newest = !mb.has_newest ? ma.newest
                            : !ma.has_newest ? mb.newest
                            : ma.newest > mb.newest ? ma.newest
                                                    : mb.newest;
            merged.dropped = ma.dropped + mb.dropped;
            for (k = 0; k < ma.nev; k++)
                if (model_retained(&ma, ma.ev[k].b))
                    (void)model_add(&merged, ma.ev[k].t, ma.ev[k].score, 1);
            for (k = 0; k < mb.nev; k++)
                if (model_retained(&mb, mb.ev[k].b))
                    (void)model_add(&merged, mb.ev[k].t, mb.ev[k].score, 1);
            merged.dropped = ma.dropped + mb.dropped; /* evictions not drops */
            for (age = 0; age < g.nb; age++) {
                model_bucket_counts(&merged, age, expect);
                assert_int_equal(nps_timeline_bucket(a, age, NULL, x), NPS_OK);
                assert_acc_counts(x, expect, &merged.scale);
            }
            assert_int_equal(nps_timeline_dropped(a), merged.dropped);
            model_free(&merged);
        }
        model_free(&ma);
        model_free(&mb);
        nps_acc_free(x);
        nps_timeline_free(a);
        nps_timeline_free(b);
        nps_timeline_free(both);
    }
}

static void test_timeline__merge_edge_cases(void **state)
{
    nps_timeline *a = mk(NPS_UNIT_SECOND, 10, 0, 3, NULL);
    nps_timeline *b = mk(NPS_UNIT_SECOND, 10, 0, 3, NULL);
    nps_acc *x = acc_for(NULL);
    int64_t s;
    (void)state;
    /* Empty into empty: still empty. */
    assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
    assert_int_equal(nps_timeline_newest(a, &s), NPS_E_EMPTY);
    /* Into empty: a copy. */
    assert_int_equal(nps_timeline_add(b, 5, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(b, -100, 9), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
    assert_true(nps_timeline_equal(a, b));
    assert_int_equal(nps_timeline_dropped(a), 1);
    /* Self-merge doubles. */
    assert_int_equal(nps_timeline_merge(a, a), NPS_OK);
    assert_int_equal(nps_timeline_rolling(a, 3, x), NPS_OK);
    assert_int_equal(nps_acc_count(x, 9), 2);
    assert_int_equal(nps_timeline_dropped(a), 2);
    /* src far newer: dst's buckets are evicted, src's kept. */
    nps_timeline_reset(b);
    assert_int_equal(nps_timeline_add(b, 1000, 0), NPS_OK);
    assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
    assert_true(nps_timeline_equal(a, b));
    /* src far older: nothing of it survives, and it is not a drop. */
    nps_timeline_reset(b);
    assert_int_equal(nps_timeline_add(b, 0, 10), NPS_OK);
    assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
    assert_int_equal(nps_timeline_rolling(a, 3, x), NPS_OK);
    assert_int_equal(nps_acc_total(x), 1);
    assert_int_equal(nps_acc_count(x, 0), 1);
    assert_int_equal(nps_timeline_dropped(a), 2);
    nps_acc_free(x);
    nps_timeline_free(a);
    nps_timeline_free(b);
}

/* ---- batch ingest --------------------------------------------------------- */

static void test_timeline__batch_applies_in_order_and_counts_late(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 2, NULL);
    nps_timeline *one = mk(NPS_UNIT_SECOND, 10, 0, 2, NULL);
    /* 35 moves the ring to bucket 3, so the later 5 (bucket 0) is too old
       when its turn comes, but 25 (bucket 2) is kept. */
    int64_t t[] = {5, 12, 35, 5, 25, 36};
    uint8_t sc[] = {1, 2, 3, 4, 5, 6};
    uint64_t late = 99;
    size_t bad = 77, i;
    (void)state;
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 6, &bad, &late), NPS_OK);
    assert_int_equal(late, 1);
    assert_int_equal(bad, 77);
    assert_int_equal(nps_timeline_dropped(tl), 1);
    for (i = 0; i < 6; i++)
        (void)nps_timeline_add(one, t[i], sc[i]);
    assert_true(nps_timeline_equal(tl, one));
    assert_int_equal(nps_timeline_dropped(one), 1);
    /* An empty batch is fine, even with NULL arrays. */
    assert_int_equal(nps_timeline_add_batch(tl, NULL, NULL, 0, NULL, &late),
                     NPS_OK);
    assert_int_equal(late, 0);
    nps_timeline_free(tl);
    nps_timeline_free(one);
}

static void test_timeline__batch_bad_value_rejects_everything(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 4, &one_to_ten);
    nps_timeline *before;
    int64_t t[] = {5, 15, 25, 35};
    uint8_t sc[] = {1, 10, 0, 5};
    uint64_t late = 99;
    size_t bad = 77;
    (void)state;
    assert_int_equal(nps_timeline_add(tl, 0, 3), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, -1000, 3), NPS_E_TOO_OLD);
    before = snapshot(tl);
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 4, &bad, &late),
                     NPS_E_RANGE);
    assert_int_equal(bad, 2);
    assert_int_equal(late, 99);
    assert_unchanged(before, tl);
    sc[2] = 11;
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 4, NULL, NULL),
                     NPS_E_RANGE);
    assert_unchanged(before, tl);
    /* Guard: a far-future time anywhere rejects the batch. */
    sc[2] = 3;
    t[3] = 1000000;
    assert_int_equal(nps_timeline_set_horizon(tl, 100), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, 0), NPS_OK);
    nps_timeline_free(before);
    before = snapshot(tl);
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 4, &bad, NULL),
                     NPS_E_TOO_NEW);
    assert_int_equal(bad, 3);
    assert_unchanged(before, tl);
    assert_int_equal(nps_timeline_add_batch(NULL, t, sc, 4, &bad, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_add_batch(tl, NULL, sc, 4, &bad, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_add_batch(tl, t, NULL, 4, &bad, NULL),
                     NPS_E_INVALID);
    assert_unchanged(before, tl);
    nps_timeline_free(before);
    nps_timeline_free(tl);
}

static void test_timeline__batch_overflow_is_exact_and_changes_nothing(
    void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 3, NULL);
    nps_timeline *before;
    int64_t t[4] = {5, 15, 25, 6};
    uint8_t sc[4] = {1, 2, 3, 4};
    (void)state;
    /* Bucket 0 is one answer short of the limit. */
    assert_int_equal(nps_timeline_add_n(tl, 0, 0, UINT64_MAX - 1), NPS_OK);
    before = snapshot(tl);
    /* Two answers for bucket 0 (5 and 6): overflow. */
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 4, NULL, NULL),
                     NPS_E_OVERFLOW);
    assert_unchanged(before, tl);
    /* Moving 6 to bucket 3 first evicts bucket 0... */
    t[1] = 35;
    t[3] = 5;
    /* ...so 5 (first) fits exactly, and the later 5 is too old: fine. */
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 4, NULL, NULL), NPS_OK);
    assert_int_equal(nps_timeline_dropped(tl), 1);
    nps_timeline_free(before);
    nps_timeline_free(tl);
}

/* ---- errors and the strong guarantee -------------------------------------- */

static int fail_after;
static size_t live_bytes;
static int live_blocks;

static void *counting_alloc(void *ctx, size_t size)
{
    void *p;
    (void)ctx;
    if (fail_after == 0)
        return NULL;
    fail_after--;
    p = malloc(size);
    if (p) {
        live_bytes += size;
        live_blocks++;
    }
    return p;
}

static void counting_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    live_bytes -= size;
    live_blocks--;
    free(p);
}

static void test_timeline__allocator_two_blocks_and_nomem(void **state)
{
    nps_allocator al = {counting_alloc, counting_free, NULL};
    nps_timeline *tl = NULL, *c = (nps_timeline *)&al;
    int k;
    (void)state;
    live_bytes = 0;
    live_blocks = 0;
    fail_after = 1000;
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 0,
                                               1000, NULL, &al),
                     NPS_OK);
    assert_int_equal(live_blocks, 2);
    assert_int_equal(nps_timeline_footprint(tl), live_bytes);
    /* Counters are contiguous: 1000 buckets x (11 counts + 1 total). */
    assert_true(live_bytes >= 1000 * 12 * sizeof(uint64_t));
    for (k = 0; k < 5000; k++)
        assert_int_equal(nps_timeline_add(tl, (int64_t)k * 37, k % 11),
                         NPS_OK);
    assert_int_equal(live_blocks, 2); /* no allocation per event */
    for (k = 0; k < 2; k++) {
        fail_after = k;
        assert_int_equal(nps_timeline_clone(&c, tl), NPS_E_NOMEM);
        assert_null(c);
        assert_int_equal(live_blocks, 2);
        c = NULL;
        assert_int_equal(nps_timeline_new_advanced(&c, NPS_UNIT_MONTH, 1, 0,
                                                   10, NULL, &al),
                         NPS_E_NOMEM);
        assert_null(c);
        assert_int_equal(live_blocks, 2);
    }
    fail_after = 1000;
    assert_int_equal(nps_timeline_clone(&c, tl), NPS_OK);
    assert_true(nps_timeline_equal(c, tl));
    assert_int_equal(live_blocks, 4);
    nps_timeline_free(c);
    nps_timeline_free(tl);
    assert_int_equal(live_blocks, 0);
    assert_int_equal(live_bytes, 0);
}

static void test_timeline__new_rejects_bad_arguments(void **state)
{
    nps_timeline *tl = (nps_timeline *)&tl;
    nps_scale bad = {5, 3, 4, 4};
    nps_allocator half = {counting_alloc, NULL, NULL};
    (void)state;
    assert_int_equal(nps_timeline_new(NULL, 60, 10, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_new(&tl, 0, 10, NULL), NPS_E_INVALID);
    assert_null(tl);
    assert_int_equal(nps_timeline_new(&tl, -5, 10, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_new(&tl, 60, 0, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_new(&tl, 60, (1u << 24) + 1, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_new(&tl, 60, 10, &bad), NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_advanced(&tl, (nps_unit)2, 1, 0, 10,
                                               NULL, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 0, 0, 10,
                                               NULL, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 1201, 0,
                                               10, NULL, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 86401,
                                               10, NULL, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60,
                                               -86401, 10, NULL, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 0,
                                               10, NULL, &half),
                     NPS_E_INVALID);
    assert_null(tl);
    /* The limits themselves are fine. */
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 1200,
                                               -86400, 1, NULL, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_buckets(tl), 1);
    nps_timeline_free(tl);
    assert_int_equal(nps_timeline_new(&tl, INT64_MAX, 1u << 24, NULL), NPS_OK);
    nps_timeline_free(tl);
    nps_timeline_free(NULL);
    nps_timeline_reset(NULL);
}

static void test_timeline__add_errors_leave_state_unchanged(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 3, &one_to_ten);
    nps_timeline *before;
    (void)state;
    assert_int_equal(nps_timeline_add(tl, 25, 10), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 5, 1, UINT64_MAX - 1), NPS_OK);
    before = snapshot(tl);
    assert_int_equal(nps_timeline_add(NULL, 5, 5), NPS_E_INVALID);
    assert_int_equal(nps_timeline_add(tl, 5, 0), NPS_E_RANGE);
    assert_int_equal(nps_timeline_add(tl, 5, 11), NPS_E_RANGE);
    assert_int_equal(nps_timeline_add(tl, 5, INT_MIN), NPS_E_RANGE);
    assert_int_equal(nps_timeline_add(tl, 5, INT_MAX), NPS_E_RANGE);
    /* A bad score is refused even when the time would also be too old or
       would advance the ring. */
    assert_int_equal(nps_timeline_add(tl, -5000, 0), NPS_E_RANGE);
    assert_int_equal(nps_timeline_add(tl, 5000, 0), NPS_E_RANGE);
    assert_int_equal(nps_timeline_add_n(tl, 6, 2, 2), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_add_n(tl, 6, 2, UINT64_MAX), NPS_E_OVERFLOW);
    assert_unchanged(before, tl);
    assert_int_equal(nps_timeline_add_n(tl, 6, 2, 1), NPS_OK); /* exactly */
    assert_int_equal(nps_timeline_add(tl, 6, 2), NPS_E_OVERFLOW);
    /* Too old: unchanged except the drop counter. */
    nps_timeline_free(before);
    before = snapshot(tl);
    assert_int_equal(nps_timeline_add(tl, -1, 5), NPS_E_TOO_OLD);
    assert_true(nps_timeline_equal(before, tl));
    assert_int_equal(nps_timeline_dropped(tl), nps_timeline_dropped(before) + 1);
    /* The drop counter saturates instead of wrapping. */
    assert_int_equal(nps_timeline_add_n(tl, -1, 5, UINT64_MAX), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(tl), UINT64_MAX);
    /* A new bucket starts at zero: a huge count fits there. */
    assert_int_equal(nps_timeline_add_n(tl, 45, 5, UINT64_MAX), NPS_OK);
    nps_timeline_free(before);
    nps_timeline_free(tl);
}

static void test_timeline__query_errors(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 4, NULL);
    nps_acc *a = acc_for(NULL), *other = acc_for(&one_to_ten);
    nps_scale sc;
    double slope = 5, se = 6, p = 7, d = 8, lo = 9, hi = 10;
    int64_t s = 11;
    (void)state;
    assert_int_equal(nps_acc_add(a, 9), NPS_OK);
    /* Empty timeline. */
    assert_int_equal(nps_timeline_bucket(tl, 0, &s, a), NPS_E_EMPTY);
    assert_int_equal(nps_timeline_rolling(tl, 1, a), NPS_E_EMPTY);
    assert_int_equal(nps_acc_total(a), 1); /* untouched on error */
    assert_int_equal(nps_timeline_range(tl, 0, 100, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 0); /* reset even when empty */
    assert_int_equal(nps_timeline_add(tl, 5, 9), NPS_OK);
    /* NULLs and bad arguments. */
    assert_int_equal(nps_timeline_bucket(NULL, 0, &s, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, 0, &s, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, 4, &s, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, 0, &s, other), NPS_E_MISMATCH);
    assert_int_equal(s, 11);
    assert_int_equal(nps_timeline_range(NULL, 0, 1, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 0, 1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 2, 1, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 0, 1, other), NPS_E_MISMATCH);
    assert_int_equal(nps_timeline_rolling(NULL, 1, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 0, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 5, a), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 1, other), NPS_E_MISMATCH);
    assert_int_equal(nps_timeline_trend(NULL, 0, 1, &slope, &se, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_trend(tl, 0, 1, NULL, &se, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_trend(tl, 1, 0, &slope, &se, &p),
                     NPS_E_INVALID);
    assert_true(slope == 5 && se == 6 && p == 7);
    assert_int_equal(nps_timeline_compare_periods(NULL, 1,
                                                  NPS_METHOD_WALD, 0.95, &d,
                                                  &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, 0, NPS_METHOD_WALD,
                                                  0.95, &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, 3, NPS_METHOD_WALD,
                                                  0.95, &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_true(d == 8 && lo == 9 && hi == 10 && p == 7);
    assert_int_equal(nps_timeline_bucket_start(NULL, 0, &s), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket_start(tl, 0, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_newest(NULL, &s), NPS_E_INVALID);
    assert_int_equal(nps_timeline_newest(tl, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_scale(NULL, &sc), NPS_E_INVALID);
    assert_int_equal(nps_timeline_scale(tl, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_scale(tl, &sc), NPS_OK);
    assert_int_equal(sc.min, 0);
    assert_int_equal(sc.promoter_min, 9);
    assert_int_equal(nps_timeline_advance(NULL, 0), NPS_E_INVALID);
    assert_int_equal(nps_timeline_set_horizon(NULL, 1), NPS_E_INVALID);
    assert_int_equal(nps_timeline_set_horizon(tl, -1), NPS_E_INVALID);
    assert_int_equal(nps_timeline_clone(NULL, tl), NPS_E_INVALID);
    {
        nps_timeline *c = tl;
        assert_int_equal(nps_timeline_clone(&c, NULL), NPS_E_INVALID);
        assert_null(c);
    }
    assert_int_equal(nps_timeline_dropped(NULL), 0);
    assert_int_equal(nps_timeline_buckets(NULL), 0);
    assert_int_equal(nps_timeline_footprint(NULL), 0);
    assert_int_equal(nps_timeline_equal(NULL, tl), 0);
    assert_int_equal(nps_timeline_equal(tl, NULL), 0);
    assert_int_equal(nps_timeline_equal(tl, tl), 1);
    nps_acc_free(a);
    nps_acc_free(other);
    nps_timeline_free(tl);
}

static void test_timeline__merge_errors_leave_dst_unchanged(void **state)
{
    nps_timeline *dst = mk(NPS_UNIT_SECOND, 60, 0, 4, NULL);
    nps_timeline *before, *src;
    nps_timeline *mism[5];
    int i;
    (void)state;
    mism[0] = mk(NPS_UNIT_SECOND, 60, 0, 4, &one_to_ten);
    mism[1] = mk(NPS_UNIT_MONTH, 60, 0, 4, NULL);
    mism[2] = mk(NPS_UNIT_SECOND, 61, 0, 4, NULL);
    mism[3] = mk(NPS_UNIT_SECOND, 60, 3600, 4, NULL);
    mism[4] = mk(NPS_UNIT_SECOND, 60, 0, 5, NULL);
    assert_int_equal(nps_timeline_add_n(dst, 0, 9, UINT64_MAX), NPS_OK);
    assert_int_equal(nps_timeline_add(dst, -1000, 9), NPS_E_TOO_OLD);
    before = snapshot(dst);
    for (i = 0; i < 5; i++) {
        assert_int_equal(nps_timeline_merge(dst, mism[i]), NPS_E_MISMATCH);
        nps_timeline_free(mism[i]);
    }
    assert_int_equal(nps_timeline_merge(NULL, dst), NPS_E_INVALID);
    assert_int_equal(nps_timeline_merge(dst, NULL), NPS_E_INVALID);
    /* Overflow in an old bucket found only after a newer one. */
    src = mk(NPS_UNIT_SECOND, 60, 0, 4, NULL);
    assert_int_equal(nps_timeline_add(src, 200, 0), NPS_OK); /* advances */
    assert_int_equal(nps_timeline_add(src, 30, 0), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_merge(dst, dst), NPS_E_OVERFLOW);
    assert_unchanged(before, dst);
    nps_timeline_free(src);
    nps_timeline_free(before);
    nps_timeline_free(dst);
}

static void test_timeline__range_sum_overflow_is_reported(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 4, NULL);
    nps_acc *a = acc_for(NULL);
    (void)state;
    assert_int_equal(nps_timeline_add_n(tl, 0, 9, UINT64_MAX), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 10, 9), NPS_OK);
    assert_int_equal(nps_acc_add(a, 3), NPS_OK);
    assert_int_equal(nps_timeline_range(tl, 0, 20, a), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_rolling(tl, 2, a), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_total(a), 1);
    assert_int_equal(nps_acc_count(a, 3), 1);
    assert_int_equal(nps_timeline_rolling(tl, 1, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1);
    assert_int_equal(nps_acc_count(a, 9), 1);
    nps_acc_free(a);
    nps_timeline_free(tl);
}

static void test_timeline__reset_and_clone(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 4, NULL), *c;
    int64_t s;
    (void)state;
    assert_int_equal(nps_timeline_set_horizon(tl, 5), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, 100), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 100, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 0, 9), NPS_E_TOO_OLD);
    c = snapshot(tl);
    assert_int_equal(nps_timeline_dropped(c), 1);
    /* The clone keeps the guard and the clock. */
    assert_int_equal(nps_timeline_add(c, 106, 9), NPS_E_TOO_NEW);
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_dropped(tl), 0);
    assert_int_equal(nps_timeline_newest(tl, &s), NPS_E_EMPTY);
    assert_false(nps_timeline_equal(tl, c));
    /* The clock is forgotten (guard inactive), the setting is kept. */
    assert_int_equal(nps_timeline_add(tl, 10000, 9), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, 10000), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 10006, 9), NPS_E_TOO_NEW);
    nps_timeline_free(c);
    nps_timeline_free(tl);
}

static void test_timeline__compare_periods_is_nps_compare_of_windows(
    void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 6, NULL);
    nps_acc *recent = acc_for(NULL), *prev = acc_for(NULL);
    double d1, lo1, hi1, p1, d2 = 0, lo2 = 0, hi2 = 0, p2 = 0;
    int b;
    (void)state;
    assert_int_equal(nps_timeline_compare_periods(tl, 3,
                                                  NPS_METHOD_ADJUSTED_WALD,
                                                  0.95, &d2, &lo2, &hi2, &p2),
                     NPS_E_EMPTY);
    /* Buckets 0-2 mostly detractors, 3-5 mostly promoters; an event in
       bucket -1 is evicted by the ring, not compared. */
    for (b = 0; b < 6; b++) {
        assert_int_equal(nps_timeline_add_n(tl, b * 10 + 1, b < 3 ? 2 : 10,
                                            (uint64_t)(5 + b)),
                         NPS_OK);
        assert_int_equal(nps_timeline_add_n(tl, b * 10 + 2, 8, 3), NPS_OK);
    }
    assert_int_equal(nps_timeline_range(tl, 30, 60, recent), NPS_OK);
    assert_int_equal(nps_timeline_range(tl, 0, 30, prev), NPS_OK);
    assert_int_equal(nps_compare(recent, prev, NPS_METHOD_ADJUSTED_WALD, 0.95,
                                 &d1, &lo1, &hi1, &p1),
                     NPS_OK);
    assert_int_equal(nps_timeline_compare_periods(tl, 3,
                                                  NPS_METHOD_ADJUSTED_WALD,
                                                  0.95, &d2, &lo2, &hi2, &p2),
                     NPS_OK);
    assert_true(d1 == d2 && lo1 == lo2 && hi1 == hi2 && p1 == p2);
    assert_true(d2 > 0); /* recent minus previous */
    nps_acc_free(recent);
    nps_acc_free(prev);
    nps_timeline_free(tl);
}

/* Found by fuzz_ops: with one-second buckets, INT64_MAX is its own bucket
   index, and describing that bucket's span computed index + 1. */
static void test_timeline__newest_bucket_at_int64_max_one_second_wide(
    void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 1, 0, 4, NULL);
    nps_acc *acc = NULL;
    int64_t start = 0;
    (void)state;
    assert_int_equal(nps_acc_new(&acc, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX - 3, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX - 4, 0), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_newest(tl, &start), NPS_OK);
    assert_true(start == INT64_MAX);
    assert_int_equal(nps_timeline_rolling(tl, 4, acc), NPS_OK);
    assert_true(nps_acc_total(acc) == 3);
    assert_true(nps_acc_count(acc, 0) == 1);
    assert_int_equal(nps_timeline_bucket(tl, 0, &start, acc), NPS_OK);
    assert_true(nps_acc_total(acc) == 2 && start == INT64_MAX);
    nps_acc_free(acc);
    nps_timeline_free(tl);
}

static void test_timeline__batch_guard_waits_for_a_clock_then_passes_valid(
    void **state)
{
    /* The horizon guard needs both a horizon and a clock: with only the
       horizon, a batch of millisecond timestamps is accepted. Once the
       clock is set, a batch wholly within the horizon is applied exactly
       as the same events added one by one. */
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 3600, 0, 24, NULL);
    nps_timeline *one = mk(NPS_UNIT_SECOND, 3600, 0, 24, NULL);
    const int64_t now = 1700000000;
    int64_t far[] = {now * 1000, now * 1000 + 1};
    int64_t near_t[] = {now - 7200, now, now + 86400, now + 3600};
    uint8_t sc[] = {9, 3, 10, 0};
    size_t bad = 77, i;
    uint64_t late = 99;
    (void)state;
    assert_int_equal(nps_timeline_set_horizon(tl, 86400), NPS_OK);
    assert_int_equal(nps_timeline_add_batch(tl, far, sc, 2, &bad, &late),
                     NPS_OK);
    assert_int_equal(late, 0);
    assert_int_equal(bad, 77);
    for (i = 0; i < 2; i++)
        assert_int_equal(nps_timeline_add(one, far[i], sc[i]), NPS_OK);
    assert_true(nps_timeline_equal(tl, one));
    nps_timeline_reset(tl);
    nps_timeline_reset(one);
    assert_int_equal(nps_timeline_advance(tl, now), NPS_OK);
    assert_int_equal(nps_timeline_advance(one, now), NPS_OK);
    assert_int_equal(nps_timeline_add_batch(tl, near_t, sc, 4, &bad, &late),
                     NPS_OK);
    assert_int_equal(late, 0);
    assert_int_equal(bad, 77);
    for (i = 0; i < 4; i++)
        assert_int_equal(nps_timeline_add(one, near_t[i], sc[i]), NPS_OK);
    assert_true(nps_timeline_equal(tl, one));
    nps_timeline_free(tl);
    nps_timeline_free(one);
}

static void test_timeline__equal_tells_each_difference(void **state)
{
    /* The base: 60-second buckets, 4 of them, one answer 9 at t = 30.
       Each other timeline differs from it in one thing only. */
    nps_timeline *base = mk(NPS_UNIT_SECOND, 60, 0, 4, NULL);
    nps_timeline *other[7];
    size_t i;
    (void)state;
    other[0] = mk(NPS_UNIT_MONTH, 60, 0, 4, NULL);          /* unit */
    other[1] = mk(NPS_UNIT_SECOND, 120, 0, 4, NULL);        /* width */
    other[2] = mk(NPS_UNIT_SECOND, 60, 3600, 4, NULL);      /* offset */
    other[3] = mk(NPS_UNIT_SECOND, 60, 0, 5, NULL);         /* buckets */
    other[4] = mk(NPS_UNIT_SECOND, 60, 0, 4, &one_to_ten);  /* scale */
    other[5] = mk(NPS_UNIT_SECOND, 60, 0, 4, NULL);         /* newest */
    other[6] = mk(NPS_UNIT_SECOND, 60, 0, 4, NULL);         /* a count */
    assert_int_equal(nps_timeline_add(base, 30, 9), NPS_OK);
    for (i = 0; i < 6; i++)
        assert_int_equal(nps_timeline_add(other[i], 30, 9), NPS_OK);
    /* Same slot, same counts, but the ring moved on by one bucket. */
    assert_int_equal(nps_timeline_advance(other[5], 60), NPS_OK);
    assert_int_equal(nps_timeline_add(other[6], 30, 10), NPS_OK);
    for (i = 0; i < 7; i++) {
        assert_false(nps_timeline_equal(base, other[i]));
        assert_false(nps_timeline_equal(other[i], base));
        nps_timeline_free(other[i]);
    }
    /* Emptied, the base still differs from a timeline that saw a bucket. */
    other[0] = mk(NPS_UNIT_SECOND, 60, 0, 4, NULL);
    assert_true(nps_timeline_equal(base, base));
    nps_timeline_reset(base);
    assert_true(nps_timeline_equal(base, other[0]));
    assert_int_equal(nps_timeline_advance(other[0], 0), NPS_OK);
    assert_false(nps_timeline_equal(base, other[0]));
    nps_timeline_free(other[0]);
    nps_timeline_free(base);
}

static void test_timeline__merge_at_int64_min_keeps_every_bucket(
    void **state)
{
    /* One-second buckets: INT64_MIN is its own index, so the merged window
       (4 buckets ending at INT64_MIN + 2) reaches below the int64 range.
       The merge must equal one timeline that saw all four answers. */
    nps_timeline *a = mk(NPS_UNIT_SECOND, 1, 0, 4, NULL);
    nps_timeline *b = mk(NPS_UNIT_SECOND, 1, 0, 4, NULL);
    nps_timeline *one = mk(NPS_UNIT_SECOND, 1, 0, 4, NULL);
    nps_acc *x = acc_for(NULL);
    (void)state;
    assert_int_equal(nps_timeline_add(a, INT64_MIN, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(a, INT64_MIN + 1, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(b, INT64_MIN, 5), NPS_OK);
    assert_int_equal(nps_timeline_add(b, INT64_MIN + 2, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(one, INT64_MIN, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(one, INT64_MIN, 5), NPS_OK);
    assert_int_equal(nps_timeline_add(one, INT64_MIN + 1, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(one, INT64_MIN + 2, 9), NPS_OK);
    assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
    assert_true(nps_timeline_equal(a, one));
    assert_int_equal(nps_timeline_rolling(a, 4, x), NPS_OK);
    assert_int_equal(nps_acc_total(x), 4);
    assert_int_equal(nps_acc_count(x, 5), 1);
    nps_acc_free(x);
    nps_timeline_free(a);
    nps_timeline_free(b);
    nps_timeline_free(one);
}

static void test_timeline__merge_takes_the_later_clock(void **state)
{
    /* One timeline that saw both streams saw both advances, so its clock
       is the later one; the horizon guard (10 s, set on dst only) shows
       which clock dst has after the merge. */
    nps_timeline *dst = mk(NPS_UNIT_SECOND, 100, 0, 100, NULL);
    nps_timeline *src = mk(NPS_UNIT_SECOND, 100, 0, 100, NULL);
    (void)state;
    assert_int_equal(nps_timeline_set_horizon(dst, 10), NPS_OK);
    /* dst has no clock: it takes src's 1000. */
    assert_int_equal(nps_timeline_advance(src, 1000), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    assert_int_equal(nps_timeline_add(dst, 1011, 9), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(dst, 1010, 9), NPS_OK);
    /* dst's 5000 is later than src's 1000: dst keeps it. */
    assert_int_equal(nps_timeline_advance(dst, 5000), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    assert_int_equal(nps_timeline_add(dst, 5010, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(dst, 5011, 9), NPS_E_TOO_NEW);
    /* src's 6000 is later than dst's 5000: dst takes it. */
    assert_int_equal(nps_timeline_advance(src, 6000), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    assert_int_equal(nps_timeline_add(dst, 6010, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(dst, 6011, 9), NPS_E_TOO_NEW);
    nps_timeline_free(dst);
    nps_timeline_free(src);
}

static void test_timeline__compare_periods_near_int64_min(void **state)
{
    /* One-second buckets, k = 2. Newest at INT64_MIN + 2: the recent
       period is {MIN + 1, MIN + 2} (two promoters, NPS 100) and the
       previous one {MIN - 1, MIN}, of which only MIN exists (one
       detractor, NPS -100): Wald gives diff 100 - (-100) = 200, the same
       as nps_compare on those two samples. Newest at INT64_MIN: the
       previous period lies wholly below the int64 range, so it is empty. */
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 1, 0, 4, NULL);
    nps_acc *recent = acc_for(NULL), *prev = acc_for(NULL);
    double d1, lo1, hi1, p1, d2 = 0, lo2 = 0, hi2 = 0, p2 = 0;
    (void)state;
    assert_int_equal(nps_timeline_add(tl, INT64_MIN, 0), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MIN + 1, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MIN + 2, 10), NPS_OK);
    assert_int_equal(nps_acc_add_n(recent, 10, 2), NPS_OK);
    assert_int_equal(nps_acc_add(prev, 0), NPS_OK);
    assert_int_equal(nps_compare(recent, prev, NPS_METHOD_WALD, 0.95, &d1,
                                 &lo1, &hi1, &p1),
                     NPS_OK);
    assert_int_equal(nps_timeline_compare_periods(tl, 2, NPS_METHOD_WALD,
                                                  0.95, &d2, &lo2, &hi2, &p2),
                     NPS_OK);
    assert_true(d2 == 200.0);
    assert_true(d1 == d2 && lo1 == lo2 && hi1 == hi2 && p1 == p2);
    nps_timeline_reset(tl);
    assert_int_equal(nps_timeline_add(tl, INT64_MIN, 10), NPS_OK);
    d2 = lo2 = hi2 = p2 = 7.0;
    assert_int_equal(nps_timeline_compare_periods(tl, 2, NPS_METHOD_WALD,
                                                  0.95, &d2, &lo2, &hi2, &p2),
                     NPS_E_EMPTY);
    assert_true(d2 == 7.0 && lo2 == 7.0 && hi2 == 7.0 && p2 == 7.0);
    nps_acc_free(recent);
    nps_acc_free(prev);
    nps_timeline_free(tl);
}

/* ---- 1.1 fixes ------------------------------------------------------------ */

/* Defect in 1.0: the newest-bucket cache was only rebuilt by an add that
   moved the ring, so after advance, clone, deserialize or merge every
   in-order add took the slow path (a division and a ring lookup) until the
   ring moved. Every operation that sets newest must leave it fresh. */
static void test_timeline__cache_fresh_wherever_newest_is_set(void **state)
{
    static const struct {
        nps_unit unit;
        int64_t width;
        int32_t off;
    } geo[] = {{NPS_UNIT_SECOND, 1, 0},
               {NPS_UNIT_SECOND, 86400, 19800},
               {NPS_UNIT_MONTH, 1, -3600},
               {NPS_UNIT_MONTH, 3, 0}};
    size_t g;
    (void)state;
    for (g = 0; g < sizeof geo / sizeof geo[0]; g++) {
        nps_timeline *tl = mk(geo[g].unit, geo[g].width, geo[g].off, 8, NULL);
        nps_timeline *c = NULL, *d = NULL, *m;
        uint8_t buf[512];
        size_t len = 0;
        assert_false(nps__timeline_cache_fresh(tl));
        /* advance at start-up: the documented guard workflow */
        assert_int_equal(nps_timeline_advance(tl, 1700000000), NPS_OK);
        assert_true(nps__timeline_cache_fresh(tl));
        assert_int_equal(nps_timeline_add(tl, 1700000000, 9), NPS_OK);
        assert_true(nps__timeline_cache_fresh(tl));
        /* a later advance that moves the ring */
        assert_int_equal(nps_timeline_advance(tl, 1800000000), NPS_OK);
        assert_true(nps__timeline_cache_fresh(tl));
        /* clone */
        assert_int_equal(nps_timeline_clone(&c, tl), NPS_OK);
        assert_true(nps__timeline_cache_fresh(c));
        /* deserialize */
        assert_int_equal(nps_timeline_serialize(tl, buf, sizeof buf, &len),
                         NPS_OK);
        assert_int_equal(nps_timeline_deserialize(&d, buf, len), NPS_OK);
        assert_true(nps__timeline_cache_fresh(d));
        assert_true(nps_timeline_equal(d, tl));
        /* merge into an empty timeline and into one that moves */
        m = mk(geo[g].unit, geo[g].width, geo[g].off, 8, NULL);
        assert_int_equal(nps_timeline_merge(m, tl), NPS_OK);
        assert_true(nps__timeline_cache_fresh(m));
        assert_int_equal(nps_timeline_advance(c, 1900000000), NPS_OK);
        assert_int_equal(nps_timeline_merge(m, c), NPS_OK);
        assert_true(nps__timeline_cache_fresh(m));
        /* reset: no newest, and the cache must not claim one */
        nps_timeline_reset(m);
        assert_false(nps__timeline_cache_fresh(m));
        assert_int_equal(nps_timeline_add(m, 5, 9), NPS_OK);
        assert_true(nps__timeline_cache_fresh(m));
        nps_timeline_free(tl);
        nps_timeline_free(c);
        nps_timeline_free(d);
        nps_timeline_free(m);
    }
}

/* The batch overflow check relies on a bound of every bucket total that
   each path creating counts keeps: a batch that would overflow a bucket
   near UINT64_MAX is refused after clone, deserialize and merge too, and
   changes nothing. */
static void test_timeline__batch_overflow_after_clone_decode_merge(void **state)
{
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 10, 0, 4, NULL);
    nps_timeline *obj[3] = {NULL, NULL, NULL};
    int64_t t[2] = {5, 6};
    uint8_t sc[2] = {9, 9};
    uint8_t buf[256];
    size_t len = 0, i;
    (void)state;
    assert_int_equal(nps_timeline_add_n(tl, 1, 9, UINT64_MAX - 1), NPS_OK);
    assert_int_equal(nps_timeline_clone(&obj[0], tl), NPS_OK);
    assert_int_equal(nps_timeline_serialize(tl, buf, sizeof buf, &len), NPS_OK);
    assert_int_equal(nps_timeline_deserialize(&obj[1], buf, len), NPS_OK);
    obj[2] = mk(NPS_UNIT_SECOND, 10, 0, 4, NULL);
    assert_int_equal(nps_timeline_merge(obj[2], tl), NPS_OK);
    for (i = 0; i < 3; i++) {
        nps_timeline *before = snapshot(obj[i]);
        assert_int_equal(nps_timeline_add_batch(obj[i], t, sc, 2, NULL, NULL),
                         NPS_E_OVERFLOW);
        assert_true(nps_timeline_equal(obj[i], before));
        assert_int_equal(nps_timeline_add_batch(obj[i], t, sc, 1, NULL, NULL),
                         NPS_OK);
        nps_timeline_free(before);
        nps_timeline_free(obj[i]);
    }
    nps_timeline_free(tl);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Best time of a few rounds of one-event batches into a ring of n buckets
   (a two-point scale keeps a ring of 2^20 buckets at 24 MB). */
static double one_event_batches(uint32_t n)
{
    static const nps_scale two = {0, 1, 1, 1};
    nps_timeline *tl = mk(NPS_UNIT_SECOND, 60, 0, n, &two);
    double best = 1e300;
    int r, k;
    for (r = 0; r < 5; r++) {
        double t0 = now_ns();
        for (k = 0; k < 200; k++) {
            int64_t t = 1000 + k % 50;
            uint8_t sc = (uint8_t)(k & 1);
            assert_int_equal(nps_timeline_add_batch(tl, &t, &sc, 1, NULL, NULL),
                             NPS_OK);
        }
        t0 = now_ns() - t0;
        if (t0 < best)
            best = t0;
    }
    nps_timeline_free(tl);
    return best;
}

/* Defect in 1.0: nps_timeline_add_batch scanned the whole ring for its
   overflow check, so a one-event batch into a ring of 2^20 buckets cost
   thousands of times one into 60 buckets. The cost must follow the batch,
   not the ring: a generous 20x allows for noise and cache misses (the 1.0
   code measured above 1000x here). */
static void test_timeline__batch_cost_does_not_grow_with_the_ring(void **state)
{
    double small, big;
    (void)state;
    small = one_event_batches(60);
    big = one_event_batches(UINT32_C(1) << 20);
    if (big > 20.0 * small)
        fail_msg("one-event batch: %.0f ns with 2^20 buckets vs %.0f ns with "
                 "60 (ratio %.1f, limit 20)", big / 200, small / 200,
                 big / small);
}

/* Defect in 1.0: merge ignored dst's horizon guard, so a source that saw
   one millisecond timestamp moved a guarded destination's ring to 2024 *
   1000 and evicted every answer. The merge is refused as the add would
   be, and changes nothing. */
static void test_timeline__merge_honours_dst_horizon(void **state)
{
    nps_timeline *dst = mk(NPS_UNIT_SECOND, 86400, 0, 30, NULL);
    nps_timeline *src = mk(NPS_UNIT_SECOND, 86400, 0, 30, NULL);
    nps_timeline *before;
    nps_acc *a = acc_for(NULL);
    int k;
    (void)state;
    assert_int_equal(nps_timeline_set_horizon(dst, 86400), NPS_OK);
    assert_int_equal(nps_timeline_advance(dst, 1700000000), NPS_OK);
    for (k = 0; k < 1000; k++)
        assert_int_equal(nps_timeline_add(dst, 1700000000 - k * 60, k % 11),
                         NPS_OK);
    assert_int_equal(nps_timeline_add(src, INT64_C(1700000000000), 9), NPS_OK);
    before = snapshot(dst);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_E_TOO_NEW);
    assert_true(nps_timeline_equal(dst, before));
    assert_int_equal(nps_timeline_dropped(dst), 0);
    assert_int_equal(nps_timeline_rolling(dst, 30, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1000);
    /* The guard's limit is inclusive, as for nps_timeline_add(): a source
       whose newest bucket starts at clock + horizon merges. */
    nps_timeline_reset(src);
    assert_int_equal(nps_timeline_add(src, 1700000000 + 86400, 9), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    assert_int_equal(nps_timeline_rolling(dst, 30, a), NPS_OK);
    assert_int_equal(nps_acc_total(a), 1001);
    /* src's own later clock counts (a timeline that saw both streams saw
       both advances), and without a guard nothing is refused. */
    nps_timeline_reset(src);
    assert_int_equal(nps_timeline_advance(src, 1700000000 + 10 * 86400),
                     NPS_OK);
    assert_int_equal(nps_timeline_add(src, 1700000000 + 10 * 86400, 9), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    nps_timeline_reset(src);
    assert_int_equal(nps_timeline_add(src, INT64_C(1700000000000), 9), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(dst, 0), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    /* clock + horizon beyond INT64_MAX saturates: nothing is too new. */
    {
        nps_timeline *g = mk(NPS_UNIT_SECOND, 86400, 0, 30, NULL);
        assert_int_equal(nps_timeline_set_horizon(g, INT64_MAX), NPS_OK);
        assert_int_equal(nps_timeline_advance(g, 1000), NPS_OK);
        nps_timeline_reset(src);
        assert_int_equal(nps_timeline_add(src, INT64_MAX, 9), NPS_OK);
        assert_int_equal(nps_timeline_merge(g, src), NPS_OK);
        assert_int_equal(nps_timeline_rolling(g, 1, a), NPS_OK);
        assert_int_equal(nps_acc_total(a), 1);
        nps_timeline_free(g);
    }
    /* A clock near INT64_MAX: clock + horizon saturates and nothing is
       too new. */
    assert_int_equal(nps_timeline_set_horizon(dst, 86400), NPS_OK);
    assert_int_equal(nps_timeline_advance(dst, INT64_MAX - 5), NPS_OK);
    nps_timeline_reset(src);
    assert_int_equal(nps_timeline_add(src, INT64_MAX, 9), NPS_OK);
    assert_int_equal(nps_timeline_merge(dst, src), NPS_OK);
    nps_timeline_free(before);
    nps_timeline_free(dst);
    nps_timeline_free(src);
    nps_acc_free(a);
}

/* ---- 1.1 options and geometry getters ------------------------------------- */

/* Options with origin -o build the very geometry of a 1.0 UTC offset o:
   equal objects, identical (version 1) bytes, merge-compatible. */
static void test_timeline__options_match_new_advanced(void **state)
{
    static const struct {
        nps_unit unit;
        int64_t width;
        int32_t off;
    } geo[] = {{NPS_UNIT_SECOND, 86400, 19800},
               {NPS_UNIT_SECOND, 3600, -86400},
               {NPS_UNIT_SECOND, 7, 86400},
               {NPS_UNIT_MONTH, 3, -3600},
               {NPS_UNIT_MONTH, 1, 0}};
    size_t g;
    (void)state;
    for (g = 0; g < sizeof geo / sizeof geo[0]; g++) {
        nps_timeline_options o = NPS_TIMELINE_OPTIONS_INIT;
        nps_timeline *a = mk(geo[g].unit, geo[g].width, geo[g].off, 5,
                             &one_to_ten);
        nps_timeline *b = NULL;
        uint8_t ba[256], bb[256];
        size_t la = 0, lb = 0;
        nps_unit u = NPS_UNIT_MONTH;
        int64_t off = 1;
        o.unit = geo[g].unit;
        o.width = geo[g].width;
        o.buckets = 5;
        o.scale = &one_to_ten;
        if (geo[g].unit == NPS_UNIT_SECOND)
            o.origin = -(int64_t)geo[g].off;
        else
            o.utc_offset = geo[g].off;
        assert_int_equal(nps_timeline_new_with_options(&b, &o), NPS_OK);
        assert_true(nps_timeline_equal(a, b));
        assert_int_equal(nps_timeline_add(a, 1700000000, 9), NPS_OK);
        assert_int_equal(nps_timeline_add(b, 1700000000, 9), NPS_OK);
        assert_int_equal(nps_timeline_serialize(a, ba, sizeof ba, &la), NPS_OK);
        assert_int_equal(nps_timeline_serialize(b, bb, sizeof bb, &lb), NPS_OK);
        assert_int_equal(la, lb);
        assert_memory_equal(ba, bb, la);
        assert_int_equal(bb[4], 1);
        assert_int_equal(nps_timeline_merge(a, b), NPS_OK);
        assert_int_equal(nps_timeline_unit(b, &u), NPS_OK);
        assert_int_equal(u, geo[g].unit);
        assert_int_equal(nps_timeline_width(b), geo[g].width);
        assert_int_equal(nps_timeline_offset(b, &off), NPS_OK);
        assert_int_equal(off, geo[g].off);
        assert_int_equal(nps_timeline_horizon(b), 0);
        nps_timeline_free(a);
        nps_timeline_free(b);
    }
}

/* Monday-start weeks, local to +05:30, and any origin: buckets start at
   origin + k * width for every k, far from the origin too and before
   1970; the geometry survives serialization (format version 2) and is
   readable through the getters. */
static void test_timeline__options_any_origin(void **state)
{
    static const int64_t origins[] = {
        INT64_C(1704047400), /* Monday 2024-01-01 00:00 +05:30 */
        INT64_C(1704067200), /* Monday 2024-01-01 00:00 UTC */
        INT64_C(-86401), INT64_C(86401), INT64_C(123456789),
        INT64_C(604800) * 3000, /* a multiple of the week: offset 0 */
        INT64_MIN, INT64_MAX};
    static const int64_t widths[] = {604800, 86400 * 3 + 7, 1000000};
    size_t i, w;
    (void)state;
    for (w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        for (i = 0; i < sizeof origins / sizeof origins[0]; i++) {
            nps_timeline_options o = NPS_TIMELINE_OPTIONS_INIT;
            nps_timeline *tl = NULL, *d = NULL;
            int64_t k, off = 0;
            uint8_t buf[256];
            size_t len = 0;
            i128 r;
            o.width = widths[w];
            o.buckets = 3;
            o.origin = origins[i];
            o.horizon = 7;
            assert_int_equal(nps_timeline_new_with_options(&tl, &o), NPS_OK);
            assert_int_equal(nps_timeline_horizon(tl), 7);
            for (k = -3; k <= 3; k++) {
                /* A bucket start near 2024 and one near 1900, computed
                   in 128 bits from the origin. */
                static const i128 near[2] = {1704067200, -2208988800};
                int n;
                for (n = 0; n < 2; n++) {
                    i128 q = (near[n] - (i128)origins[i]) / widths[w];
                    int64_t st = (int64_t)((i128)origins[i] + (q + k) * widths[w]);
                    assert_int_equal(start_of(tl, st), st);
                    assert_int_equal(start_of(tl, st + widths[w] - 1), st);
                    assert_int_equal(start_of(tl, st - 1), st - widths[w]);
                }
            }
            r = (i128)origins[i] % widths[w];
            if (r < 0)
                r += widths[w];
            assert_int_equal(nps_timeline_offset(tl, &off), NPS_OK);
            if (origins[i] >= -86400 && origins[i] <= 86400)
                assert_int_equal(off, -origins[i]);
            else
                assert_int_equal(off, r == 0 ? 0 : widths[w] - (int64_t)r);
            assert_int_equal(nps_timeline_add(tl, 1704240000, 9), NPS_OK);
            assert_int_equal(nps_timeline_serialize(tl, buf, sizeof buf, &len),
                             NPS_OK);
            assert_int_equal(buf[4], off >= -86400 && off <= 86400 ? 1 : 2);
            assert_int_equal(nps_timeline_deserialize(&d, buf, len), NPS_OK);
            assert_true(nps_timeline_equal(d, tl));
            assert_int_equal(nps_timeline_width(d), widths[w]);
            assert_int_equal(nps_timeline_horizon(d), 7);
            assert_int_equal(start_of(d, 1704240000), start_of(tl, 1704240000));
            nps_timeline_free(tl);
            nps_timeline_free(d);
        }
    }
}

static void test_timeline__options_errors(void **state)
{
    nps_timeline_options o = NPS_TIMELINE_OPTIONS_INIT;
    nps_timeline *tl = (nps_timeline *)&o;
    static const nps_scale bad = {5, 3, 4, 4};
    nps_allocator half = {NULL, NULL, NULL};
    (void)state;
    assert_int_equal(nps_timeline_new_with_options(NULL, &o), NPS_E_INVALID);
    assert_int_equal(nps_timeline_new_with_options(&tl, NULL), NPS_E_INVALID);
    assert_null(tl);
#define BAD(field, value)                                                   \
    do {                                                                    \
        nps_timeline_options b = NPS_TIMELINE_OPTIONS_INIT;                 \
        tl = (nps_timeline *)&o;                                            \
        b.field = value;                                                    \
        assert_int_equal(nps_timeline_new_with_options(&tl, &b),            \
                         NPS_E_INVALID);                                    \
        assert_null(tl);                                                    \
    } while (0)
    BAD(version, 0);
    BAD(version, NPS_TIMELINE_OPTIONS_VERSION + 1);
    BAD(unit, (nps_unit)2);
    BAD(width, 0);
    BAD(buckets, 0);
    BAD(buckets, (UINT32_C(1) << 24) + 1);
    BAD(utc_offset, 3600); /* seconds take an origin */
    BAD(horizon, -1);
    BAD(scale, &bad);
    BAD(allocator, &half);
    {
        nps_timeline_options b = NPS_TIMELINE_OPTIONS_INIT;
        b.unit = NPS_UNIT_MONTH;
        b.width = 1;
        b.origin = 1; /* months take a UTC offset */
        assert_int_equal(nps_timeline_new_with_options(&tl, &b), NPS_E_INVALID);
        b.origin = 0;
        b.width = 1201;
        assert_int_equal(nps_timeline_new_with_options(&tl, &b), NPS_E_INVALID);
        b.width = 1;
        b.utc_offset = 86401;
        assert_int_equal(nps_timeline_new_with_options(&tl, &b), NPS_E_INVALID);
    }
#undef BAD
    /* getters on NULL */
    {
        nps_unit u = NPS_UNIT_MONTH;
        int64_t off = 5;
        assert_int_equal(nps_timeline_unit(NULL, &u), NPS_E_INVALID);
        assert_int_equal(u, NPS_UNIT_MONTH);
        assert_int_equal(nps_timeline_offset(NULL, &off), NPS_E_INVALID);
        assert_int_equal(off, 5);
        assert_int_equal(nps_timeline_width(NULL), 0);
        assert_int_equal(nps_timeline_horizon(NULL), 0);
        tl = mk(NPS_UNIT_SECOND, 60, 0, 2, NULL);
        assert_int_equal(nps_timeline_unit(tl, NULL), NPS_E_INVALID);
        assert_int_equal(nps_timeline_offset(tl, NULL), NPS_E_INVALID);
        nps_timeline_free(tl);
    }
}

/* Batches count short runs in place and long runs (64 answers or more in
   the newest bucket) with the kernel: both give the counts of one add per
   answer. */
static void test_timeline__batch_short_and_long_runs_match_adds(void **state)
{
    static const size_t lens[] = {1, 63, 64, 65, 500};
    size_t L;
    (void)state;
    for (L = 0; L < sizeof lens / sizeof lens[0]; L++) {
        nps_timeline *a = mk(NPS_UNIT_SECOND, 3600, 0, 4, &one_to_ten);
        nps_timeline *b = mk(NPS_UNIT_SECOND, 3600, 0, 4, &one_to_ten);
        int64_t t[1000];
        uint8_t sc[1000];
        size_t i, n = 2 * lens[L];
        /* one run in hour 1, then one in hour 2 */
        for (i = 0; i < n; i++) {
            t[i] = (i < lens[L] ? 3600 : 7200) + (int64_t)(i % 3600);
            sc[i] = (uint8_t)(1 + (i * 7) % 10);
            assert_int_equal(nps_timeline_add(a, t[i], sc[i]), NPS_OK);
        }
        assert_int_equal(nps_timeline_add_batch(b, t, sc, n, NULL, NULL), NPS_OK);
        assert_true(nps_timeline_equal(a, b));
        nps_timeline_free(a);
        nps_timeline_free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline__fixed_buckets_align_to_epoch_with_floor),
        cmocka_unit_test(
            test_timeline__utc_offset_starts_days_at_local_midnight),
        cmocka_unit_test(test_timeline__calendar_months_quarters_years),
        cmocka_unit_test(test_timeline__extreme_timestamps_never_overflow),
        cmocka_unit_test(
            test_timeline__late_events_within_retention_land_in_order_any),
        cmocka_unit_test(
            test_timeline__gap_longer_than_retention_never_fails_later),
        cmocka_unit_test(test_timeline__horizon_guard_refuses_far_future),
        cmocka_unit_test(test_timeline__advance_moves_ring_forward_only),
        cmocka_unit_test(
            test_timeline__range_takes_buckets_whose_start_is_in_window),
        cmocka_unit_test(test_timeline__bucket_iterates_newest_first),
        cmocka_unit_test(test_timeline__trend_matches_hand_worked_ols),
        cmocka_unit_test(test_timeline__trend_perfect_fit_and_flat),
        cmocka_unit_test(test_timeline__trend_empty_cases),
        cmocka_unit_test(test_timeline__differential_random_streams),
        cmocka_unit_test(test_timeline__merge_equals_one_timeline_seeing_both),
        cmocka_unit_test(test_timeline__merge_edge_cases),
        cmocka_unit_test(test_timeline__batch_applies_in_order_and_counts_late),
        cmocka_unit_test(test_timeline__batch_bad_value_rejects_everything),
        cmocka_unit_test(
            test_timeline__batch_overflow_is_exact_and_changes_nothing),
        cmocka_unit_test(test_timeline__allocator_two_blocks_and_nomem),
        cmocka_unit_test(test_timeline__new_rejects_bad_arguments),
        cmocka_unit_test(test_timeline__add_errors_leave_state_unchanged),
        cmocka_unit_test(test_timeline__query_errors),
        cmocka_unit_test(test_timeline__merge_errors_leave_dst_unchanged),
        cmocka_unit_test(test_timeline__range_sum_overflow_is_reported),
        cmocka_unit_test(test_timeline__reset_and_clone),
        cmocka_unit_test(
            test_timeline__compare_periods_is_nps_compare_of_windows),
        cmocka_unit_test(
            test_timeline__newest_bucket_at_int64_max_one_second_wide),
        cmocka_unit_test(
            test_timeline__batch_guard_waits_for_a_clock_then_passes_valid),
        cmocka_unit_test(test_timeline__equal_tells_each_difference),
        cmocka_unit_test(test_timeline__merge_at_int64_min_keeps_every_bucket),
        cmocka_unit_test(test_timeline__cache_fresh_wherever_newest_is_set),
        cmocka_unit_test(test_timeline__batch_overflow_after_clone_decode_merge),
        cmocka_unit_test(test_timeline__batch_cost_does_not_grow_with_the_ring),
        cmocka_unit_test(test_timeline__merge_honours_dst_horizon),
        cmocka_unit_test(test_timeline__options_match_new_advanced),
        cmocka_unit_test(test_timeline__options_any_origin),
        cmocka_unit_test(test_timeline__options_errors),
        cmocka_unit_test(test_timeline__batch_short_and_long_runs_match_adds),
        cmocka_unit_test(test_timeline__merge_takes_the_later_clock),
        cmocka_unit_test(test_timeline__compare_periods_near_int64_min),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
