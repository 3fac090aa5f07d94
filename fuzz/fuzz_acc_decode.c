/* Property: decoding arbitrary bytes as an accumulator never misbehaves,
   fails only with NPS_E_FORMAT or NPS_E_VERSION (leaving out NULL), and any
   accepted input is the canonical encoding of what it decodes to, so it
   re-encodes to exactly the same bytes. Each input is tried as given and
   with a valid checksum. */
#include "fuzz_common.h"

static void check_one(const uint8_t *data, size_t size)
{
    nps_acc *a = (nps_acc *)(uintptr_t)1;
    nps_status st = nps_acc_deserialize(&a, data, size);
    uint8_t *buf;
    size_t len = 0, n, i;
    uint64_t counts[NPS_SCALE_LIMIT + 1], sum = 0;
    nps_scale s;
    if (st != NPS_OK) {
        FUZZ_CHECK(a == NULL);
        FUZZ_CHECK(st == NPS_E_FORMAT || st == NPS_E_VERSION);
        /* VERSION only for our magic with a version byte above 1. */
        if (st == NPS_E_VERSION)
            FUZZ_CHECK(size >= 5 && memcmp(data, "NPSA", 4) == 0 && data[4] > 1);
        return;
    }
    FUZZ_CHECK(a != NULL);
    FUZZ_CHECK(nps_acc_serialize(a, NULL, 0, &len) == NPS_E_BUFSIZE);
    FUZZ_CHECK(len == size);
    buf = (uint8_t *)malloc(len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_acc_serialize(a, buf, len, &n) == NPS_OK && n == len);
    FUZZ_CHECK(memcmp(buf, data, len) == 0);
    free(buf);
    /* The decoded object is consistent: scale valid, total = sum. */
    FUZZ_CHECK(nps_acc_scale(a, &s) == NPS_OK && nps_scale_validate(&s) == NPS_OK);
    FUZZ_CHECK(nps_acc_counts(a, counts, NPS_SCALE_LIMIT + 1, &n) == NPS_OK);
    FUZZ_CHECK(n == (size_t)(s.max - s.min + 1));
    for (i = 0; i < n; i++) {
        FUZZ_CHECK(counts[i] <= UINT64_MAX - sum);
        sum += counts[i];
    }
    FUZZ_CHECK(sum == nps_acc_total(a));
    if (sum > 0) {
        double v = nps_acc_score(a);
        FUZZ_CHECK(v >= -100.0 && v <= 100.0);
    }
    nps_acc_free(a);
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
