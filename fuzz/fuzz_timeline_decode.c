/* Property: decoding arbitrary bytes as a timeline never misbehaves, fails
   only with NPS_E_FORMAT, NPS_E_VERSION or NPS_E_NOMEM (for a ring beyond
   a 1 MiB budget, which keeps executions fast), leaving out NULL; accepted
   input re-encodes to the same bytes, and every query and update on the decoded object is
   safe (the sanitizers watch for undefined behaviour). Each input is tried
   as given and with a valid checksum. */
#include "fuzz_common.h"

static int64_t sat_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

static void exercise(nps_timeline *tl, const nps_scale *s)
{
    nps_acc *acc = NULL;
    int64_t start, newest = 0;
    uint32_t nb = nps_timeline_buckets(tl), age;
    nps_status st;
    FUZZ_CHECK(nps_acc_new(&acc, s) == NPS_OK);
    st = nps_timeline_newest(tl, &newest);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_EMPTY || st == NPS_E_OVERFLOW);
    for (age = 0; age < nb && age < 64; age++) {
        st = nps_timeline_bucket(tl, age, &start, acc);
        FUZZ_CHECK(st == NPS_OK || st == NPS_E_EMPTY || st == NPS_E_OVERFLOW);
    }
    st = nps_timeline_rolling(tl, nb, acc);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_EMPTY || st == NPS_E_OVERFLOW);
    st = nps_timeline_range(tl, INT64_MIN, INT64_MAX, acc);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_OVERFLOW);
    st = nps_timeline_range(tl, sat_add(newest, -1000000),
                            sat_add(newest, 1000000), acc);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_OVERFLOW);
    /* Updates on a decoded state behave like on any other. */
    st = nps_timeline_add(tl, newest, s->max);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_TOO_OLD || st == NPS_E_TOO_NEW ||
               st == NPS_E_OVERFLOW);
    st = nps_timeline_advance(tl, sat_add(newest, 1));
    FUZZ_CHECK(st == NPS_OK);
    nps_acc_free(acc);
}

static void check_one(const uint8_t *data, size_t size)
{
    struct budget b = {0, (size_t)1 << 20};
    nps_allocator al = {budget_alloc, budget_free, NULL};
    nps_timeline *tl = (nps_timeline *)(uintptr_t)1, *again = NULL;
    nps_status st;
    uint8_t *buf;
    size_t len = 0, n;
    nps_scale s;
    al.ctx = &b;
    st = nps_timeline_deserialize_with_allocator(&tl, data, size, &al);
    if (st != NPS_OK) {
        FUZZ_CHECK(tl == NULL);
        FUZZ_CHECK(b.live == 0);
        FUZZ_CHECK(st == NPS_E_FORMAT || st == NPS_E_VERSION || st == NPS_E_NOMEM);
        if (st == NPS_E_VERSION)
            FUZZ_CHECK(size >= 5 && memcmp(data, "NPST", 4) == 0 && data[4] > 2);
        return;
    }
    FUZZ_CHECK(tl != NULL);
    FUZZ_CHECK(nps_timeline_serialize(tl, NULL, 0, &len) == NPS_E_BUFSIZE);
    FUZZ_CHECK(len == size);
    buf = (uint8_t *)malloc(len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_timeline_serialize(tl, buf, len, &n) == NPS_OK && n == len);
    FUZZ_CHECK(memcmp(buf, data, len) == 0);
    free(buf);
    FUZZ_CHECK(nps_timeline_scale(tl, &s) == NPS_OK);
    FUZZ_CHECK(nps_scale_validate(&s) == NPS_OK);
    /* A clone decoded from the same bytes is equal, before and after the
       same updates. */
    FUZZ_CHECK(nps_timeline_deserialize_with_allocator(&again, data, size, &al) ==
                   NPS_OK ||
               b.live + nps_timeline_footprint(tl) > b.limit);
    if (again)
        FUZZ_CHECK(nps_timeline_equal(tl, again));
    exercise(tl, &s);
    if (again) {
        exercise(again, &s);
        FUZZ_CHECK(nps_timeline_equal(tl, again));
        FUZZ_CHECK(nps_timeline_dropped(tl) == nps_timeline_dropped(again));
        nps_timeline_free(again);
    }
    nps_timeline_free(tl);
    FUZZ_CHECK(b.live == 0);
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The bytes as given, then with their checksum made valid: random
       mutations almost never keep a CRC intact, and the second call lets
       them reach every field check. */
    uint8_t *fixed = fuzz_with_crc(data, size);
    check_one(data, size);
    if (fixed) {
        check_one(fixed, size);
        free(fixed);
    }
    return 0;
}
