/* Scales and classification. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "nps.h"

static void test_scale__standard_and_null_are_valid(void **state)
{
    nps_scale s = {0, 10, 7, 9};
    (void)state;
    assert_int_equal(nps_scale_validate(NULL), NPS_OK);
    assert_int_equal(nps_scale_validate(&s), NPS_OK);
}

static void test_scale__accepts_common_programmes(void **state)
{
    nps_scale one_ten = {1, 10, 7, 9};
    nps_scale widest = {0, 100, 70, 90};
    nps_scale no_passives = {0, 10, 9, 9};
    nps_scale tiny = {0, 1, 1, 1};
    (void)state;
    assert_int_equal(nps_scale_validate(&one_ten), NPS_OK);
    assert_int_equal(nps_scale_validate(&widest), NPS_OK);
    assert_int_equal(nps_scale_validate(&no_passives), NPS_OK);
    assert_int_equal(nps_scale_validate(&tiny), NPS_OK);
}

static void test_scale__rejects_bad_geometry(void **state)
{
    static const nps_scale bad[] = {
        {10, 0, 7, 9},   /* min > max */
        {5, 5, 5, 5},    /* min == max */
        {-1, 10, 7, 9},  /* negative answers do not fit a byte */
        {0, 101, 7, 9},  /* beyond NPS_SCALE_LIMIT */
        {0, 10, 0, 9},   /* no detractor point */
        {0, 10, 9, 7},   /* thresholds out of order */
        {0, 10, 7, 11},  /* no promoter point */
        {0, 10, -3, 9},  /* passive threshold below the scale */
        {0, 10, 7, -1},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(nps_scale_validate(&bad[i]), NPS_E_INVALID);
}

static void test_scale__classify_standard_bands(void **state)
{
    /* Detractors 0-6, passives 7-8, promoters 9-10. */
    static const nps_category want[11] = {
        NPS_DETRACTOR, NPS_DETRACTOR, NPS_DETRACTOR, NPS_DETRACTOR,
        NPS_DETRACTOR, NPS_DETRACTOR, NPS_DETRACTOR, NPS_PASSIVE,
        NPS_PASSIVE,   NPS_PROMOTER,  NPS_PROMOTER};
    int v;
    (void)state;
    for (v = 0; v <= 10; v++) {
        nps_category c = (nps_category)99;
        assert_int_equal(nps_classify(NULL, v, &c), NPS_OK);
        assert_int_equal(c, want[v]);
    }
}

static void test_scale__classify_one_to_ten(void **state)
{
    nps_scale s = {1, 10, 7, 9};
    nps_category c = NPS_PASSIVE;
    (void)state;
    assert_int_equal(nps_classify(&s, 0, &c), NPS_E_RANGE);
    assert_int_equal(c, NPS_PASSIVE); /* untouched on error */
    assert_int_equal(nps_classify(&s, 1, &c), NPS_OK);
    assert_int_equal(c, NPS_DETRACTOR);
    assert_int_equal(nps_classify(&s, 10, &c), NPS_OK);
    assert_int_equal(c, NPS_PROMOTER);
}

static void test_scale__classify_errors(void **state)
{
    nps_scale bad = {0, 10, 9, 7};
    nps_category c = NPS_PASSIVE;
    (void)state;
    assert_int_equal(nps_classify(NULL, 5, NULL), NPS_E_INVALID);
    assert_int_equal(nps_classify(&bad, 5, &c), NPS_E_INVALID);
    assert_int_equal(nps_classify(NULL, -1, &c), NPS_E_RANGE);
    assert_int_equal(nps_classify(NULL, 11, &c), NPS_E_RANGE);
    assert_int_equal(nps_classify(NULL, 2147483647, &c), NPS_E_RANGE);
    assert_int_equal(nps_classify(NULL, -2147483647 - 1, &c), NPS_E_RANGE);
    assert_int_equal(c, NPS_PASSIVE);
}

static void test_scale__category_names(void **state)
{
    (void)state;
    assert_string_equal(nps_category_name(NPS_DETRACTOR), "detractor");
    assert_string_equal(nps_category_name(NPS_PASSIVE), "passive");
    assert_string_equal(nps_category_name(NPS_PROMOTER), "promoter");
    assert_string_equal(nps_category_name((nps_category)3), "unknown");
    assert_string_equal(nps_category_name((nps_category)-1), "unknown");
}

/* Method names: nps_method_name() prints the documented spelling and
   nps_method_parse() reads it back, for every method. */
static void test_scale__method_names_round_trip(void **state)
{
    int m;
    (void)state;
    assert_string_equal(nps_method_name(NPS_METHOD_WALD), "wald");
    assert_string_equal(nps_method_name(NPS_METHOD_ADJUSTED_WALD),
                        "adjusted_wald");
    assert_string_equal(nps_method_name(NPS_METHOD_SCORE), "score");
    assert_string_equal(nps_method_name((nps_method)3), "unknown");
    assert_string_equal(nps_method_name((nps_method)-1), "unknown");
    for (m = 0; m <= 2; m++) {
        nps_method out = (nps_method)-1;
        assert_int_equal(nps_method_parse(nps_method_name((nps_method)m), &out),
                         NPS_OK);
        assert_int_equal(out, m);
    }
}

/* Every spelling a 1.0 surface accepted keeps working: the nps tool's
   "adjusted-wald", "aw" and "tango"; the SQL extensions and Python compare
   without regard to case. */
static void test_scale__method_parse_accepts_1_0_spellings(void **state)
{
    static const struct {
        const char *name;
        nps_method m;
    } ok[] = {
        {"adjusted-wald", NPS_METHOD_ADJUSTED_WALD},
        {"aw", NPS_METHOD_ADJUSTED_WALD},
        {"ADJUSTED_WALD", NPS_METHOD_ADJUSTED_WALD},
        {"Adjusted-Wald", NPS_METHOD_ADJUSTED_WALD},
        {"Wald", NPS_METHOD_WALD},
        {"SCORE", NPS_METHOD_SCORE},
        {"tango", NPS_METHOD_SCORE},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        nps_method out = (nps_method)-1;
        assert_int_equal(nps_method_parse(ok[i].name, &out), NPS_OK);
        assert_int_equal(out, ok[i].m);
    }
}

/* Unknown names, prefixes, extensions and NULL are refused and leave the
   output untouched. */
static void test_scale__method_parse_refuses_and_leaves_out(void **state)
{
    static const char *bad[] = {"", "wal", "walds", "adjusted wald",
                                "adjusted_wald ", " wald", "adjustedwald",
                                "score\x01", "unknown"};
    size_t i;
    nps_method out = NPS_METHOD_SCORE;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(nps_method_parse(bad[i], &out), NPS_E_INVALID);
        assert_int_equal(out, NPS_METHOD_SCORE);
    }
    assert_int_equal(nps_method_parse(NULL, &out), NPS_E_INVALID);
    assert_int_equal(out, NPS_METHOD_SCORE);
    assert_int_equal(nps_method_parse("wald", NULL), NPS_E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale__standard_and_null_are_valid),
        cmocka_unit_test(test_scale__accepts_common_programmes),
        cmocka_unit_test(test_scale__rejects_bad_geometry),
        cmocka_unit_test(test_scale__classify_standard_bands),
        cmocka_unit_test(test_scale__classify_one_to_ten),
        cmocka_unit_test(test_scale__classify_errors),
        cmocka_unit_test(test_scale__category_names),
        cmocka_unit_test(test_scale__method_names_round_trip),
        cmocka_unit_test(test_scale__method_parse_accepts_1_0_spellings),
        cmocka_unit_test(test_scale__method_parse_refuses_and_leaves_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
