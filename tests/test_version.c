/* Version macros and functions agree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "nps.h"

static void test_version__number_matches_header(void **state)
{
    (void)state;
    assert_int_equal(nps_version_number(), NPS_VERSION_NUMBER);
    assert_int_equal(NPS_VERSION_NUMBER, NPS_VERSION_MAJOR * 10000 +
                                             NPS_VERSION_MINOR * 100 +
                                             NPS_VERSION_PATCH);
}

static void test_version__string_matches_parts(void **state)
{
    char buf[64];
    (void)state;
    snprintf(buf, sizeof buf, "%d.%d.%d", NPS_VERSION_MAJOR, NPS_VERSION_MINOR,
             NPS_VERSION_PATCH);
    assert_string_equal(nps_version_string(), buf);
    assert_string_equal(NPS_VERSION_STRING, buf);
}

static void test_version__strerror_covers_every_status(void **state)
{
    int s;
    (void)state;
    for (s = -11; s <= 0; s++) {
        const char *t = nps_strerror((nps_status)s);
        assert_non_null(t);
        assert_string_not_equal(t, "unknown status");
    }
    assert_string_equal(nps_strerror((nps_status)-12), "unknown status");
    assert_string_equal(nps_strerror((nps_status)1), "unknown status");
    assert_string_equal(nps_strerror((nps_status)-1000), "unknown status");
}

/* 1.1 is the version that introduces the LIBNPS_1.1 node; a header that
   still says 1.0 would advertise fewer symbols than the library has. */
static void test_version__is_at_least_1_1(void **state)
{
    (void)state;
    assert_int_equal(NPS_VERSION_MAJOR, 1);
    assert_true(NPS_VERSION_MINOR >= 1);
    assert_true(nps_version_number() >= 10100u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version__number_matches_header),
        cmocka_unit_test(test_version__string_matches_parts),
        cmocka_unit_test(test_version__strerror_covers_every_status),
        cmocka_unit_test(test_version__is_at_least_1_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
