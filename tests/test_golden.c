/* Golden files of serialization format version 1 (tests/data/v1, written by
   tests/data/make_golden.py from docs/format.md, independently of the
   library). Each must decode to the state written out below, and that
   state must encode to the identical bytes: forever. A failure here means
   the format changed; a new format needs a new version number and new
   golden files next to these, which must keep passing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nps.h"

#ifndef NPS_TEST_DATA_DIR
#error "NPS_TEST_DATA_DIR must name tests/data"
#endif

struct blob {
    uint8_t *p;
    size_t n;
};

static struct blob load(const char *name)
{
    char path[1024];
    struct blob b = {NULL, 0};
    FILE *f;
    long size;
    /* A bare name is a version 1 file; "v2/name" names a later version. */
    snprintf(path, sizeof path, "%s/%s%s.nps", NPS_TEST_DATA_DIR,
             strchr(name, '/') ? "" : "v1/", name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size > 0);
    rewind(f);
    b.p = (uint8_t *)malloc((size_t)size);
    assert_non_null(b.p);
    b.n = fread(b.p, 1, (size_t)size, f);
    assert_int_equal(b.n, (size_t)size);
    fclose(f);
    return b;
}

/* Decode the file, compare with want, and check that both the decoded
   object and want encode to exactly the file's bytes. */
static void check_acc_golden(const char *name, const nps_acc *want)
{
    struct blob b = load(name);
    nps_acc *got = NULL;
    uint8_t out[512];
    size_t len = 0;
    assert_int_equal(nps_acc_deserialize(&got, b.p, b.n), NPS_OK);
    assert_true(nps_acc_equal(got, want));
    assert_int_equal(nps_acc_total(got), nps_acc_total(want));
    assert_int_equal(nps_acc_serialize(got, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    assert_int_equal(nps_acc_serialize(want, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    nps_acc_free(got);
    free(b.p);
}

static void check_tl_golden(const char *name, const nps_timeline *want)
{
    struct blob b = load(name);
    nps_timeline *got = NULL;
    uint8_t out[1024];
    size_t len = 0;
    assert_int_equal(nps_timeline_deserialize(&got, b.p, b.n), NPS_OK);
    assert_true(nps_timeline_equal(got, want));
    assert_int_equal(nps_timeline_dropped(got), nps_timeline_dropped(want));
    assert_int_equal(nps_timeline_serialize(got, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    assert_int_equal(nps_timeline_serialize(want, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    nps_timeline_free(got);
    free(b.p);
}

static nps_timeline *decode_tl(const char *name)
{
    struct blob b = load(name);
    nps_timeline *tl = NULL;
    assert_int_equal(nps_timeline_deserialize(&tl, b.p, b.n), NPS_OK);
    free(b.p);
    return tl;
}

/* ---- accumulators ------------------------------------------------------- */

static void test_golden__acc_standard(void **state)
{
    /* Standard scale: one 0, two 7s, three 9s, 130 10s (the worked example
       of docs/format.md). */
    nps_acc *a = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 0, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 7, 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 9, 3), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, 130), NPS_OK);
    check_acc_golden("acc_standard", a);
    nps_acc_free(a);
}

static void test_golden__acc_one_to_ten(void **state)
{
    /* 1-10 scale: five 1s, one 6, twelve 7s, 300 9s, 16384 10s (16384 is
       the smallest count that takes three varint bytes). */
    nps_scale s = {1, 10, 7, 9};
    nps_acc *a = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&a, &s), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 1, 5), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 6, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 7, 12), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 9, 300), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, 16384), NPS_OK);
    check_acc_golden("acc_one_to_ten", a);
    nps_acc_free(a);
}

static void test_golden__acc_zero_to_hundred(void **state)
{
    /* 0-100 scale with bands at 70 and 90: counts 1..7 at the scale's
       ends and on both sides of each band boundary. */
    nps_scale s = {0, 100, 70, 90};
    nps_acc *a = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&a, &s), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 0, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 50, 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 69, 3), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 70, 4), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 89, 5), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 90, 6), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 100, 7), NPS_OK);
    check_acc_golden("acc_zero_to_hundred", a);
    nps_acc_free(a);
}

static void test_golden__acc_empty(void **state)
{
    nps_acc *a = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
    check_acc_golden("acc_empty", a);
    nps_acc_free(a);
}

static void test_golden__acc_near_max(void **state)
{
    /* 2^63 zeros and 2^63 - 1 tens: a total of exactly UINT64_MAX. */
    nps_acc *a = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 0, UINT64_C(1) << 63), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, (UINT64_C(1) << 63) - 1), NPS_OK);
    assert_int_equal(nps_acc_total(a), UINT64_MAX);
    check_acc_golden("acc_near_max", a);
    nps_acc_free(a);
}

static void test_golden__acc_no_passives(void **state)
{
    /* Scale {0, 10, 9, 9}: no passive band; two 3s and one 9. */
    nps_scale s = {0, 10, 9, 9};
    nps_acc *a = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&a, &s), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 3, 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 9, 1), NPS_OK);
    check_acc_golden("acc_no_passives", a);
    nps_acc_free(a);
}

/* ---- timelines ------------------------------------------------------------ */

static void test_golden__timeline_empty(void **state)
{
    /* Hourly, 24 buckets, nothing recorded: no newest bucket, no clock. */
    nps_timeline *tl = NULL;
    int64_t newest;
    (void)state;
    assert_int_equal(nps_timeline_new(&tl, 3600, 24, NULL), NPS_OK);
    check_tl_golden("timeline_empty", tl);
    nps_timeline_free(tl);
    tl = decode_tl("timeline_empty");
    assert_int_equal(nps_timeline_newest(tl, &newest), NPS_E_EMPTY);
    nps_timeline_free(tl);
}

static void test_golden__timeline_days(void **state)
{
    /* Daily UTC buckets, 7 of them. Day index = floor(t / 86400):
       1700000000 -> 19675 (86400 * 19675 = 1699920000), three 10s, one 0;
       1700100000 -> 19677 (1700092800), two 9s, one 7;
       1700500000 -> 19681 (1700438400), five 10s, one 6: the newest.
       Retained: 19675..19681, so the buckets sit at ages 6, 4 and 0.
       1699900000 -> 19674 is too old: four answers dropped. The clock is
       1700510000 (still day 19681) and the guard allows two days ahead. */
    nps_timeline *tl = NULL;
    int64_t newest;
    (void)state;
    assert_int_equal(nps_timeline_new(&tl, 86400, 7, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1700000000, 10, 3), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1700000000, 0, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1700100000, 9, 2), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1700100000, 7, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1700500000, 10, 5), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1700500000, 6, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1699900000, 8, 4), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_advance(tl, 1700510000), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(tl, 172800), NPS_OK);
    assert_int_equal(nps_timeline_dropped(tl), 4);
    check_tl_golden("timeline_days", tl);
    nps_timeline_free(tl);
    /* The clock and the guard came back too: 172800 s past the clock is
       allowed, one second more is not. */
    tl = decode_tl("timeline_days");
    assert_int_equal(nps_timeline_newest(tl, &newest), NPS_OK);
    assert_int_equal(newest, 1700438400);
    assert_int_equal(nps_timeline_add(tl, 1700510000 + 172801, 5), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(tl, 1700510000 + 172800, 5), NPS_OK);
    nps_timeline_free(tl);
}

static void test_golden__timeline_months_offset(void **state)
{
    /* 1-10 scale, calendar months at UTC+1, 12 buckets. Month index =
       (year - 1970) * 12 + (month - 1) of the local date:
       1709249400 = 2024-02-29T23:30Z = 2024-03-01T00:30 local -> 650, a 10;
       1709245800 = 2024-02-29T22:30Z = 23:30 local, still February -> 649,
       two 1s; 1704067199 = 2023-12-31T23:59:59Z = 2024-01-01T00:59:59
       local -> 648, an 8. Newest 650; ages 0, 1, 2. */
    nps_scale s = {1, 10, 7, 9};
    nps_timeline *tl = NULL;
    int64_t newest;
    (void)state;
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 1, 3600, 12,
                                               &s, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1709249400, 10), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1709245800, 1, 2), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1704067199, 8), NPS_OK);
    check_tl_golden("timeline_months_offset", tl);
    nps_timeline_free(tl);
    /* Local March 1st 00:00 at UTC+1 is 2024-02-29T23:00Z = 1709247600. */
    tl = decode_tl("timeline_months_offset");
    assert_int_equal(nps_timeline_newest(tl, &newest), NPS_OK);
    assert_int_equal(newest, 1709247600);
    nps_timeline_free(tl);
}

static void test_golden__timeline_negative_times(void **state)
{
    /* Daily buckets at UTC-5 (offset -18000), 10 of them, before 1970.
       The stored index is floor((t + r) / 86400) with r = floor_mod(-18000,
       86400) = 68400 (docs/format.md):
       -255600 (1969-12-29T01:00Z) -> floor(-187200 / 86400) = -3, two 3s;
       -1 -> floor(68399 / 86400) = 0, one 9: the newest;
       -432000 (1969-12-27T00:00Z) -> floor(-363600 / 86400) = -5, four 10s.
       Ages 0, 3, 5; the clock is -100 (index 0). */
    nps_timeline *tl = NULL;
    int64_t newest;
    (void)state;
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 86400,
                                               -18000, 10, NULL, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, -255600, 3, 2), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, -1, 9), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, -432000, 10, 4), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, -100), NPS_OK);
    check_tl_golden("timeline_negative_times", tl);
    nps_timeline_free(tl);
    /* The newest local day, 1969-12-31 at UTC-5, starts at 05:00Z on
       1969-12-31 = -86400 + 18000 = -68400. */
    tl = decode_tl("timeline_negative_times");
    assert_int_equal(nps_timeline_newest(tl, &newest), NPS_OK);
    assert_int_equal(newest, -68400);
    nps_timeline_free(tl);
}

static void test_golden__timeline_near_max(void **state)
{
    /* Minute buckets, 4 of them: bucket 2 (t = 120) holds one 0 and
       UINT64_MAX - 1 tens (total UINT64_MAX), bucket 1 (t = 60) UINT64_MAX
       fives; an event at t = -1000 (bucket -17) is too old with n =
       UINT64_MAX, so the drop counter is UINT64_MAX. */
    nps_timeline *tl = NULL;
    (void)state;
    assert_int_equal(nps_timeline_new(&tl, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 120, 10, UINT64_MAX - 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 120, 0, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 60, 5, UINT64_MAX), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, -1000, 7, UINT64_MAX), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(tl), UINT64_MAX);
    check_tl_golden("timeline_near_max", tl);
    nps_timeline_free(tl);
}

static void test_golden__timeline_quarters_wide(void **state)
{
    /* 0-100 scale, quarters (3 months) at UTC-24h, 8 buckets, guard 3600 s
       without a clock. Quarter index = floor(month index / 3):
       1711929600 = 2024-04-01T00:00Z = 2024-03-31 local -> month 650 ->
       216, one 95; 1719792000 = 2024-07-01T00:00Z = 2024-06-30 local ->
       month 653 -> 217, two 50s and one 0. Newest 217; ages 0 and 1. */
    nps_scale s = {0, 100, 70, 90};
    nps_timeline *tl = NULL;
    (void)state;
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 3, -86400, 8,
                                               &s, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1711929600, 95), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 1719792000, 50, 2), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1719792000, 0), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(tl, 3600), NPS_OK);
    check_tl_golden("timeline_quarters_wide", tl);
    nps_timeline_free(tl);
}

/* ---- weighted accumulators (kind W) -------------------------------------- */

static void check_wacc_golden(const char *name, const nps_wacc *want)
{
    struct blob b = load(name);
    nps_wacc *got = NULL;
    uint8_t out[256];
    size_t len = 0;
    assert_int_equal(nps_wacc_deserialize(&got, b.p, b.n), NPS_OK);
    assert_true(nps_wacc_equal(got, want));
    assert_int_equal(nps_wacc_serialize(got, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    assert_int_equal(nps_wacc_serialize(want, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    nps_wacc_free(got);
    free(b.p);
}

static nps_wacc *wacc_of(const nps_scale *s, const int *scores,
                         const double *weights, size_t n)
{
    nps_wacc *w = NULL;
    size_t i;
    assert_int_equal(nps_wacc_new(&w, s), NPS_OK);
    for (i = 0; i < n; i++)
        assert_int_equal(nps_wacc_add(w, scores[i], weights[i]), NPS_OK);
    return w;
}

static void test_golden__wacc_empty(void **state)
{
    nps_wacc *w = wacc_of(NULL, NULL, NULL, 0);
    (void)state;
    check_wacc_golden("wacc_empty", w);
    nps_wacc_free(w);
}

static void test_golden__wacc_standard(void **state)
{
    /* The worked example of docs/format.md: a 10 weighing 2, a 9 weighing
       1, a 7 weighing 1, a 3 weighing 4 (weighted NPS -12.5). */
    static const int sc[] = {10, 9, 7, 3};
    static const double wt[] = {2.0, 1.0, 1.0, 4.0};
    nps_wacc *w = wacc_of(NULL, sc, wt, 4);
    (void)state;
    check_wacc_golden("wacc_standard", w);
    assert_true(nps_wacc_score(w) == -12.5);
    nps_wacc_free(w);
}

static void test_golden__wacc_compensated(void **state)
{
    /* 1-10 scale. Promoters 1 + 2^-60 + 2^-60: the weight sum is the pair
       (1, 2^-59), its squares (1, 2^-119); detractors 0.1 and 3 (a pair
       with a non-zero rest); one passive weighing 1e-100. */
    static const int sc[] = {10, 9, 10, 1, 6, 8};
    static const double wt[] = {1.0, 0x1p-60, 0x1p-60, 0.1, 3.0, 1e-100};
    nps_scale s = {1, 10, 7, 9};
    nps_wacc *w = wacc_of(&s, sc, wt, 6);
    (void)state;
    check_wacc_golden("wacc_compensated", w);
    assert_true(nps_wacc_category_weight(w, NPS_PROMOTER) == 1.0);
    nps_wacc_free(w);
}

static void test_golden__wacc_revenue_wide(void **state)
{
    /* 0-100 scale with bands at 70 and 90, revenue weights. */
    static const int sc[] = {100, 95, 90, 80, 69, 0, 35};
    static const double wt[] = {125000.0, 3400.5, 0.75, 99999.0, 250000.25,
                                12.0, 7e6};
    nps_scale s = {0, 100, 70, 90};
    nps_wacc *w = wacc_of(&s, sc, wt, 7);
    (void)state;
    check_wacc_golden("wacc_revenue_wide", w);
    nps_wacc_free(w);
}

static void test_golden__wacc_near_max(void **state)
{
    /* 2^63 detractors, 1 passive, 2^63 - 2 promoters (a total of
       2^64 - 1), sums at and near the bounds: not reachable through a
       test's additions, so it is checked through the getters. */
    struct blob b = load("wacc_near_max");
    nps_wacc *w = NULL;
    uint8_t out[256];
    size_t len = 0;
    (void)state;
    assert_int_equal(nps_wacc_deserialize(&w, b.p, b.n), NPS_OK);
    assert_true(nps_wacc_total(w) == UINT64_MAX);
    assert_true(nps_wacc_category_count(w, NPS_DETRACTOR) == UINT64_C(1) << 63);
    assert_true(nps_wacc_category_count(w, NPS_PASSIVE) == 1);
    assert_true(nps_wacc_category_weight(w, NPS_DETRACTOR) == ldexp(1.0, 500));
    assert_true(nps_wacc_category_weight(w, NPS_PASSIVE) == ldexp(1.0, -448));
    assert_true(nps_wacc_category_weight(w, NPS_PROMOTER) == ldexp(1.0, 511));
    assert_true(nps_wacc_category_weight_sq(w, NPS_PASSIVE) == ldexp(1.0, -896));
    assert_true(nps_wacc_category_weight_sq(w, NPS_PROMOTER) == ldexp(1.0, 959));
    assert_int_equal(nps_wacc_serialize(w, out, sizeof out, &len), NPS_OK);
    assert_int_equal(len, b.n);
    assert_memory_equal(out, b.p, b.n);
    nps_wacc_free(w);
    free(b.p);
}

/* Format version 2 (1.1): weeks starting on Monday 00:00 UTC, a geometry
   no 1.0 UTC offset expresses. Width 604800, origin 2024-01-01T00:00Z (a
   Monday); offset floor_mod(-1704067200, 604800) = 259200. Newest bucket
   2818 = floor((1704240000 + 259200) / 604800), starting 1704067200; it
   holds 3 x1 and 9 x2 (2024-01-03); bucket 2817 holds 10 x1
   (2023-12-31T23:59:59Z, a Sunday: the week before). */
static void test_golden__timeline_weeks_monday_v2(void **state)
{
    nps_timeline_options o = NPS_TIMELINE_OPTIONS_INIT;
    nps_timeline *want = NULL;
    int64_t start = 0, off = 0;
    (void)state;
    o.width = 604800;
    o.buckets = 4;
    o.origin = 1704067200;
    assert_int_equal(nps_timeline_new_with_options(&want, &o), NPS_OK);
    assert_int_equal(nps_timeline_add(want, 1704240000, 3), NPS_OK);
    assert_int_equal(nps_timeline_add_n(want, 1704240000, 9, 2), NPS_OK);
    assert_int_equal(nps_timeline_add(want, 1704067199, 10), NPS_OK);
    assert_int_equal(nps_timeline_newest(want, &start), NPS_OK);
    assert_int_equal(start, 1704067200);
    assert_int_equal(nps_timeline_offset(want, &off), NPS_OK);
    assert_int_equal(off, 259200);
    check_tl_golden("v2/timeline_weeks_monday", want);
    nps_timeline_free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden__timeline_weeks_monday_v2),
        cmocka_unit_test(test_golden__acc_standard),
        cmocka_unit_test(test_golden__acc_one_to_ten),
        cmocka_unit_test(test_golden__acc_zero_to_hundred),
        cmocka_unit_test(test_golden__acc_empty),
        cmocka_unit_test(test_golden__acc_near_max),
        cmocka_unit_test(test_golden__acc_no_passives),
        cmocka_unit_test(test_golden__timeline_empty),
        cmocka_unit_test(test_golden__timeline_days),
        cmocka_unit_test(test_golden__timeline_months_offset),
        cmocka_unit_test(test_golden__timeline_negative_times),
        cmocka_unit_test(test_golden__timeline_near_max),
        cmocka_unit_test(test_golden__timeline_quarters_wide),
        cmocka_unit_test(test_golden__wacc_empty),
        cmocka_unit_test(test_golden__wacc_standard),
        cmocka_unit_test(test_golden__wacc_compensated),
        cmocka_unit_test(test_golden__wacc_revenue_wide),
        cmocka_unit_test(test_golden__wacc_near_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
