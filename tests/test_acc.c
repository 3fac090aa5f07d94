/* The accumulator: counting, merging, getters, overflow and the strong
   guarantee. Expected values are worked by hand in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "nps.h"

static nps_acc *make(const nps_scale *s)
{
    nps_acc *acc = NULL;
    assert_int_equal(nps_acc_new(&acc, s), NPS_OK);
    assert_non_null(acc);
    return acc;
}

static nps_acc *copy_of(const nps_acc *acc)
{
    nps_acc *c = NULL;
    assert_int_equal(nps_acc_clone(&c, acc), NPS_OK);
    return c;
}

static void test_acc__new_rejects_bad_arguments(void **state)
{
    nps_scale bad = {3, 2, 2, 3};
    nps_acc *acc = (nps_acc *)&bad; /* poison: must become NULL */
    (void)state;
    assert_int_equal(nps_acc_new(NULL, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_new(&acc, &bad), NPS_E_INVALID);
    assert_null(acc);
    nps_acc_free(NULL); /* documented as fine */
    nps_acc_reset(NULL);
}

static void test_acc__new_is_empty_on_standard_scale(void **state)
{
    nps_acc *acc = make(NULL);
    nps_scale s;
    int v;
    (void)state;
    assert_int_equal(nps_acc_scale(acc, &s), NPS_OK);
    assert_int_equal(s.min, 0);
    assert_int_equal(s.max, 10);
    assert_int_equal(s.passive_min, 7);
    assert_int_equal(s.promoter_min, 9);
    assert_true(nps_acc_total(acc) == 0);
    for (v = -1; v <= 11; v++)
        assert_true(nps_acc_count(acc, v) == 0);
    assert_true(isnan(nps_acc_score(acc)));
    assert_true(isnan(nps_acc_mean(acc)));
    assert_true(isnan(nps_acc_share(acc, NPS_PROMOTER)));
    nps_acc_free(acc);
}

static void test_acc__hand_worked_counts(void **state)
{
    /* D,P,R = 1,2,3 via answers 6, 7, 8, 9, 10, 10:
       NPS = 100 * (3 - 1) / 6 = 33.333...; mean = 50 / 6 = 8.333...;
       shares 1/6, 2/6, 3/6. */
    static const int answers[] = {6, 7, 8, 9, 10, 10};
    nps_acc *acc = make(NULL);
    size_t i;
    (void)state;
    for (i = 0; i < 6; i++)
        assert_int_equal(nps_acc_add(acc, answers[i]), NPS_OK);
    assert_true(nps_acc_total(acc) == 6);
    assert_true(nps_acc_count(acc, 10) == 2);
    assert_true(nps_acc_count(acc, 0) == 0);
    assert_true(nps_acc_category_count(acc, NPS_DETRACTOR) == 1);
    assert_true(nps_acc_category_count(acc, NPS_PASSIVE) == 2);
    assert_true(nps_acc_category_count(acc, NPS_PROMOTER) == 3);
    assert_true(nps_acc_category_count(acc, (nps_category)3) == 0);
    assert_true(fabs(nps_acc_score(acc) - 100.0 / 3.0) < 1e-12);
    assert_true(fabs(nps_acc_mean(acc) - 50.0 / 6.0) < 1e-12);
    assert_true(fabs(nps_acc_share(acc, NPS_DETRACTOR) - 1.0 / 6.0) < 1e-15);
    assert_true(fabs(nps_acc_share(acc, NPS_PASSIVE) - 2.0 / 6.0) < 1e-15);
    assert_true(fabs(nps_acc_share(acc, NPS_PROMOTER) - 3.0 / 6.0) < 1e-15);
    assert_true(isnan(nps_acc_share(acc, (nps_category)-1)));
    nps_acc_free(acc);
}

static void test_acc__extremes_score_plus_and_minus_100(void **state)
{
    nps_acc *acc = make(NULL);
    (void)state;
    assert_int_equal(nps_acc_add_n(acc, 10, 5), NPS_OK);
    assert_true(nps_acc_score(acc) == 100.0);
    nps_acc_reset(acc);
    assert_true(nps_acc_total(acc) == 0);
    assert_int_equal(nps_acc_add_n(acc, 0, 5), NPS_OK);
    assert_true(nps_acc_score(acc) == -100.0);
    nps_acc_reset(acc);
    assert_int_equal(nps_acc_add_n(acc, 8, 5), NPS_OK);
    assert_true(nps_acc_score(acc) == 0.0);
    nps_acc_free(acc);
}

static void test_acc__one_to_ten_scale(void **state)
{
    /* 1-10: 1..6 detract, 7..8 passive, 9..10 promote. Answers 1, 7, 10:
       NPS = 100 * (1 - 1) / 3 = 0; mean = 18 / 3 = 6. */
    nps_scale s = {1, 10, 7, 9};
    nps_acc *acc = make(&s);
    static const uint8_t batch[] = {1, 7, 10};
    static const uint8_t with_zero[] = {5, 0, 9};
    size_t bad = 77;
    (void)state;
    assert_int_equal(nps_acc_add(acc, 0), NPS_E_RANGE);
    assert_int_equal(nps_acc_add_scores(acc, batch, 3, &bad), NPS_OK);
    assert_int_equal(bad, 77); /* untouched on success */
    assert_true(nps_acc_score(acc) == 0.0);
    assert_true(fabs(nps_acc_mean(acc) - 6.0) < 1e-12);
    assert_int_equal(nps_acc_add_scores(acc, with_zero, 3, &bad), NPS_E_RANGE);
    assert_int_equal(bad, 1);
    assert_true(nps_acc_total(acc) == 3);
    assert_true(nps_acc_count(acc, 0) == 0);
    assert_true(nps_acc_count(acc, 1) == 1);
    nps_acc_free(acc);
}

static void test_acc__wide_scale_0_100(void **state)
{
    nps_scale s = {0, 100, 70, 90};
    nps_acc *acc = make(&s);
    uint8_t all[101];
    int v;
    (void)state;
    for (v = 0; v <= 100; v++)
        all[v] = (uint8_t)v;
    assert_int_equal(nps_acc_add_scores(acc, all, 101, NULL), NPS_OK);
    /* 70 detractors (0-69), 20 passives, 11 promoters: 100*(11-70)/101. */
    assert_true(fabs(nps_acc_score(acc) - 100.0 * (11.0 - 70.0) / 101.0) < 1e-12);
    assert_true(fabs(nps_acc_mean(acc) - 50.0) < 1e-12);
    assert_int_equal(nps_acc_add(acc, 101), NPS_E_RANGE);
    nps_acc_free(acc);
}

static void test_acc__add_errors_change_nothing(void **state)
{
    nps_acc *acc = make(NULL);
    nps_acc *before;
    (void)state;
    assert_int_equal(nps_acc_add_n(acc, 9, 4), NPS_OK);
    before = copy_of(acc);
    assert_int_equal(nps_acc_add(NULL, 5), NPS_E_INVALID);
    assert_int_equal(nps_acc_add(acc, -1), NPS_E_RANGE);
    assert_int_equal(nps_acc_add(acc, 11), NPS_E_RANGE);
    assert_int_equal(nps_acc_add_n(acc, 11, 3), NPS_E_RANGE);
    assert_int_equal(nps_acc_add_n(NULL, 1, 3), NPS_E_INVALID);
    assert_int_equal(nps_acc_remove_n(NULL, 1, 3), NPS_E_INVALID);
    assert_int_equal(nps_acc_remove_n(acc, 12, 1), NPS_E_RANGE);
    assert_int_equal(nps_acc_remove_n(acc, 9, 5), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_remove_n(acc, 3, 1), NPS_E_OVERFLOW);
    assert_true(nps_acc_equal(acc, before));
    assert_int_equal(nps_acc_add_n(acc, 3, 0), NPS_OK); /* n = 0 is fine */
    assert_true(nps_acc_equal(acc, before));
    assert_int_equal(nps_acc_remove_n(acc, 9, 4), NPS_OK);
    assert_true(nps_acc_total(acc) == 0);
    nps_acc_free(before);
    nps_acc_free(acc);
}

static void test_acc__overflow_at_uint64_max_leaves_acc_unchanged(void **state)
{
    nps_acc *acc = make(NULL);
    nps_acc *before, *other = make(NULL);
    static const uint8_t one[] = {5};
    (void)state;
    assert_int_equal(nps_acc_add_n(acc, 10, UINT64_MAX - 1), NPS_OK);
    assert_int_equal(nps_acc_add(acc, 0), NPS_OK); /* total now UINT64_MAX */
    assert_true(nps_acc_total(acc) == UINT64_MAX);
    before = copy_of(acc);
    /* Any further answer overflows the total, whatever its score. */
    assert_int_equal(nps_acc_add(acc, 3), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add(acc, 10), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add_n(acc, 5, UINT64_MAX), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add_scores(acc, one, 1, NULL), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add(other, 7), NPS_OK);
    assert_int_equal(nps_acc_merge(acc, other), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_merge(other, acc), NPS_E_OVERFLOW);
    assert_true(nps_acc_total(other) == 1);
    assert_int_equal(nps_acc_merge(acc, acc), NPS_E_OVERFLOW);
    assert_true(nps_acc_equal(acc, before));
    /* NPS of (UINT64_MAX - 1) promoters and 1 detractor is ~ +100. */
    assert_true(fabs(nps_acc_score(acc) - 100.0) < 1e-9);
    nps_acc_free(before);
    nps_acc_free(other);
    nps_acc_free(acc);
}

static void test_acc__merge_of_two_half_max_sources_overflows(void **state)
{
    /* Each count fits; the sum of the source counts alone overflows. */
    nps_acc *a = make(NULL), *b = make(NULL), *before;
    (void)state;
    assert_int_equal(nps_acc_add_n(b, 0, UINT64_MAX / 2 + 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, UINT64_MAX / 2 + 1), NPS_OK);
    before = copy_of(a);
    assert_int_equal(nps_acc_merge(a, b), NPS_E_OVERFLOW);
    assert_true(nps_acc_equal(a, before));
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(before);
}

static void test_acc__add_scores_is_all_or_nothing(void **state)
{
    uint8_t scores[64];
    nps_acc *acc = make(NULL), *before;
    size_t i, bad = 0;
    (void)state;
    for (i = 0; i < sizeof scores; i++)
        scores[i] = (uint8_t)(i % 11);
    assert_int_equal(nps_acc_add(acc, 4), NPS_OK);
    before = copy_of(acc);
    scores[40] = 11;
    scores[50] = 200;
    assert_int_equal(nps_acc_add_scores(acc, scores, sizeof scores, &bad), NPS_E_RANGE);
    assert_int_equal(bad, 40); /* the first bad one */
    assert_true(nps_acc_equal(acc, before));
    assert_int_equal(nps_acc_add_scores(acc, scores, 40, &bad), NPS_OK);
    assert_true(nps_acc_total(acc) == 41);
    /* 40 answers cycling 0..10: 3 full cycles + 0..6, so 0..6 appear 4 times
       each and 7..10 three times; plus the earlier 4. */
    assert_true(nps_acc_count(acc, 4) == 5);
    assert_true(nps_acc_count(acc, 6) == 4);
    assert_true(nps_acc_count(acc, 7) == 3);
    assert_true(nps_acc_count(acc, 10) == 3);
    nps_acc_free(before);
    nps_acc_free(acc);
}

static void test_acc__add_scores_null_and_empty(void **state)
{
    nps_acc *acc = make(NULL);
    uint8_t x = 3;
    size_t bad = 9;
    (void)state;
    assert_int_equal(nps_acc_add_scores(NULL, &x, 1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_add_scores(acc, NULL, 1, &bad), NPS_E_INVALID);
    assert_int_equal(nps_acc_add_scores(acc, NULL, 0, &bad), NPS_OK);
    assert_int_equal(nps_acc_add_scores(acc, &x, 0, &bad), NPS_OK);
    assert_int_equal(bad, 9);
    assert_true(nps_acc_total(acc) == 0);
    nps_acc_free(acc);
}

static void test_acc__merge_and_subtract_round_trip(void **state)
{
    nps_acc *a = make(NULL), *b = make(NULL), *orig;
    (void)state;
    assert_int_equal(nps_acc_add_n(a, 9, 3), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 2, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(b, 9, 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(b, 7, 5), NPS_OK);
    orig = copy_of(a);
    assert_int_equal(nps_acc_merge(a, b), NPS_OK);
    assert_true(nps_acc_total(a) == 11);
    assert_true(nps_acc_count(a, 9) == 5);
    assert_true(nps_acc_count(a, 7) == 5);
    assert_int_equal(nps_acc_subtract(a, b), NPS_OK);
    assert_true(nps_acc_equal(a, orig));
    /* Subtracting more than is held fails and changes nothing. */
    assert_int_equal(nps_acc_subtract(a, b), NPS_E_OVERFLOW);
    assert_true(nps_acc_equal(a, orig));
    /* Self-merge doubles, self-subtract empties. */
    assert_int_equal(nps_acc_merge(a, a), NPS_OK);
    assert_true(nps_acc_total(a) == 8);
    assert_true(nps_acc_count(a, 9) == 6);
    assert_int_equal(nps_acc_subtract(a, a), NPS_OK);
    assert_true(nps_acc_total(a) == 0);
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(orig);
}

static void test_acc__merge_rejects_null_and_other_scales(void **state)
{
    nps_scale s110 = {1, 10, 7, 9}, shifted = {0, 10, 6, 9};
    nps_acc *a = make(NULL), *b = make(&s110), *c = make(&shifted), *before;
    (void)state;
    assert_int_equal(nps_acc_add(a, 5), NPS_OK);
    assert_int_equal(nps_acc_add(b, 5), NPS_OK);
    assert_int_equal(nps_acc_add(c, 5), NPS_OK);
    before = copy_of(a);
    assert_int_equal(nps_acc_merge(a, b), NPS_E_MISMATCH);
    assert_int_equal(nps_acc_merge(a, c), NPS_E_MISMATCH); /* same range, other bands */
    assert_int_equal(nps_acc_subtract(a, c), NPS_E_MISMATCH);
    assert_int_equal(nps_acc_merge(NULL, a), NPS_E_INVALID);
    assert_int_equal(nps_acc_merge(a, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_subtract(NULL, a), NPS_E_INVALID);
    assert_int_equal(nps_acc_subtract(a, NULL), NPS_E_INVALID);
    assert_true(nps_acc_equal(a, before));
    assert_false(nps_acc_equal(a, c));
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(c);
    nps_acc_free(before);
}

static void test_acc__clone_is_deep_and_equal(void **state)
{
    nps_acc *a = make(NULL), *c = NULL;
    (void)state;
    assert_int_equal(nps_acc_add_n(a, 6, 2), NPS_OK);
    assert_int_equal(nps_acc_clone(NULL, a), NPS_E_INVALID);
    c = (nps_acc *)a; /* poison */
    assert_int_equal(nps_acc_clone(&c, NULL), NPS_E_INVALID);
    assert_null(c);
    assert_int_equal(nps_acc_clone(&c, a), NPS_OK);
    assert_true(nps_acc_equal(a, c));
    assert_int_equal(nps_acc_add(c, 6), NPS_OK);
    assert_false(nps_acc_equal(a, c));
    assert_true(nps_acc_count(a, 6) == 2);
    assert_false(nps_acc_equal(a, NULL));
    assert_false(nps_acc_equal(NULL, NULL));
    nps_acc_free(a);
    nps_acc_free(c);
}

static void test_acc__counts_buffer_and_size_query(void **state)
{
    nps_scale s = {1, 10, 7, 9};
    nps_acc *acc = make(&s);
    uint64_t buf[10];
    size_t len = 0;
    (void)state;
    assert_int_equal(nps_acc_add_n(acc, 1, 4), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 10, 6), NPS_OK);
    assert_int_equal(nps_acc_counts(acc, NULL, 0, &len), NPS_E_BUFSIZE);
    assert_int_equal(len, 10);
    memset(buf, 0xAB, sizeof buf);
    assert_int_equal(nps_acc_counts(acc, buf, 9, &len), NPS_E_BUFSIZE);
    assert_true(buf[0] == 0xABABABABABABABABull); /* nothing written */
    assert_int_equal(nps_acc_counts(acc, buf, 10, &len), NPS_OK);
    assert_true(buf[0] == 4 && buf[9] == 6 && buf[4] == 0);
    assert_int_equal(nps_acc_counts(NULL, buf, 10, &len), NPS_E_INVALID);
    assert_int_equal(nps_acc_counts(acc, buf, 10, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_counts(acc, NULL, 10, &len), NPS_E_INVALID);
    nps_acc_free(acc);
}

static void test_acc__getters_tolerate_null(void **state)
{
    nps_scale s;
    (void)state;
    assert_true(nps_acc_total(NULL) == 0);
    assert_true(nps_acc_count(NULL, 5) == 0);
    assert_true(nps_acc_category_count(NULL, NPS_PROMOTER) == 0);
    assert_true(isnan(nps_acc_score(NULL)));
    assert_true(isnan(nps_acc_mean(NULL)));
    assert_true(isnan(nps_acc_share(NULL, NPS_PASSIVE)));
    assert_int_equal(nps_acc_scale(NULL, &s), NPS_E_INVALID);
    assert_true(nps_acc_footprint(NULL) == 0);
}

static void test_acc__footprint_grows_with_scale_width(void **state)
{
    nps_scale wide = {0, 100, 70, 90};
    nps_acc *a = make(NULL), *b = make(&wide);
    nps_scale out;
    (void)state;
    /* 11 versus 101 counters of 8 bytes: the difference is exactly 720. */
    assert_true(nps_acc_footprint(b) - nps_acc_footprint(a) == 90 * 8);
    assert_true(nps_acc_footprint(a) >= 11 * 8);
    assert_int_equal(nps_acc_scale(a, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_scale(b, &out), NPS_OK);
    assert_int_equal(out.promoter_min, 90);
    nps_acc_free(a);
    nps_acc_free(b);
}

static void test_acc__score_and_mean_stay_on_the_scale_for_huge_counts(
    void **state)
{
    /* Found by fuzz_acc_decode: 561322329909423 detractors alone scored
       -100.00000000000001 when -100 * D was rounded before dividing by D. */
    static const uint64_t counts[] = {561322329909423ull, 561322329909423ull,
                                      UINT64_MAX / 3, UINT64_MAX / 2 + 12345,
                                      (1ull << 53) + 1, 3ull << 61};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        nps_acc *acc = make(NULL);
        assert_int_equal(nps_acc_add_n(acc, 0, counts[i]), NPS_OK);
        assert_true(nps_acc_score(acc) == -100.0);
        assert_true(nps_acc_mean(acc) == 0.0);
        nps_acc_reset(acc);
        assert_int_equal(nps_acc_add_n(acc, 10, counts[i]), NPS_OK);
        assert_true(nps_acc_score(acc) == 100.0);
        assert_true(nps_acc_mean(acc) == 10.0);
        assert_int_equal(nps_acc_add_n(acc, 0, 1), NPS_OK);
        assert_true(nps_acc_score(acc) <= 100.0 && nps_acc_score(acc) >= 99.0);
        assert_true(nps_acc_mean(acc) <= 10.0);
        nps_acc_free(acc);
    }
}

static void test_acc__mean_rounding_up_past_max_is_clamped(void **state)
{
    /* N = 2^63 - 2^12 answers of 10 (N is a double). The sum of offsets,
       10 N = 2^14 (5 * 2^50 - 2.5), lies where doubles are multiples of
       2^14: a tie, rounded to even, so the sum is 10 N + 2^13. Divided by
       N that is 10 + 2^13 / N > 10 + 2^-50, more than half an ulp of 10
       (2^-49): the quotient rounds up to 10 + 2^-49, past the maximum. The
       mean of answers that are all 10 is 10 exactly. */
    const uint64_t n = (UINT64_C(1) << 63) - (UINT64_C(1) << 12);
    nps_acc *acc = make(NULL);
    (void)state;
    assert_int_equal(nps_acc_add_n(acc, 10, n), NPS_OK);
    assert_true(nps_acc_mean(acc) == 10.0);
    nps_acc_free(acc);
}

static void test_acc__equal_needs_same_counts_not_only_same_total(
    void **state)
{
    /* Two answers each: {3, 9} and {6, 6} share total, scale and sum. */
    nps_acc *a = make(NULL), *b = make(NULL);
    (void)state;
    assert_int_equal(nps_acc_add(a, 3), NPS_OK);
    assert_int_equal(nps_acc_add(a, 9), NPS_OK);
    assert_int_equal(nps_acc_add_n(b, 6, 2), NPS_OK);
    assert_true(nps_acc_total(a) == nps_acc_total(b));
    assert_false(nps_acc_equal(a, b));
    assert_false(nps_acc_equal(b, a));
    nps_acc_free(a);
    nps_acc_free(b);
}

static void test_acc__scales_differing_in_one_field_do_not_mix(void **state)
{
    /* Each scale differs from the standard {0, 10, 7, 9} in one field
       only; each must refuse to merge and compare unequal, even empty. */
    static const nps_scale other[] = {
        {1, 10, 7, 9}, {0, 9, 7, 9}, {0, 10, 6, 9}, {0, 10, 7, 8}};
    nps_acc *std = make(NULL), *before;
    size_t i;
    (void)state;
    assert_int_equal(nps_acc_add(std, 8), NPS_OK);
    before = copy_of(std);
    for (i = 0; i < sizeof other / sizeof other[0]; i++) {
        nps_acc *o = make(&other[i]), *e = make(NULL), *oe = make(&other[i]);
        assert_int_equal(nps_acc_add(o, 8), NPS_OK);
        assert_int_equal(nps_acc_merge(std, o), NPS_E_MISMATCH);
        assert_int_equal(nps_acc_merge(o, std), NPS_E_MISMATCH);
        assert_int_equal(nps_acc_subtract(std, o), NPS_E_MISMATCH);
        assert_false(nps_acc_equal(std, o));
        assert_false(nps_acc_equal(e, oe));
        assert_true(nps_acc_equal(std, before));
        nps_acc_free(o);
        nps_acc_free(e);
        nps_acc_free(oe);
    }
    nps_acc_free(std);
    nps_acc_free(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acc__new_rejects_bad_arguments),
        cmocka_unit_test(test_acc__new_is_empty_on_standard_scale),
        cmocka_unit_test(test_acc__hand_worked_counts),
        cmocka_unit_test(test_acc__extremes_score_plus_and_minus_100),
        cmocka_unit_test(test_acc__one_to_ten_scale),
        cmocka_unit_test(test_acc__wide_scale_0_100),
        cmocka_unit_test(test_acc__add_errors_change_nothing),
        cmocka_unit_test(test_acc__overflow_at_uint64_max_leaves_acc_unchanged),
        cmocka_unit_test(test_acc__merge_of_two_half_max_sources_overflows),
        cmocka_unit_test(test_acc__add_scores_is_all_or_nothing),
        cmocka_unit_test(test_acc__add_scores_null_and_empty),
        cmocka_unit_test(test_acc__merge_and_subtract_round_trip),
        cmocka_unit_test(test_acc__merge_rejects_null_and_other_scales),
        cmocka_unit_test(test_acc__clone_is_deep_and_equal),
        cmocka_unit_test(test_acc__counts_buffer_and_size_query),
        cmocka_unit_test(test_acc__getters_tolerate_null),
        cmocka_unit_test(test_acc__footprint_grows_with_scale_width),
        cmocka_unit_test(test_acc__score_and_mean_stay_on_the_scale_for_huge_counts),
        cmocka_unit_test(test_acc__mean_rounding_up_past_max_is_clamped),
        cmocka_unit_test(test_acc__equal_needs_same_counts_not_only_same_total),
        cmocka_unit_test(test_acc__scales_differing_in_one_field_do_not_mix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
