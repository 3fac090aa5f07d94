/* Property: decoding arbitrary bytes as a weighted accumulator never
   misbehaves, fails only with NPS_E_FORMAT or NPS_E_VERSION (leaving out
   NULL), and any accepted input is the canonical encoding of what it
   decodes to, so it re-encodes to exactly the same bytes. Every statistic
   of an accepted state is finite and in range, and adding to or merging it
   keeps it encodable and decodable. Each input is tried as given and with
   a valid checksum. */
#include "fuzz_common.h"

#include <math.h>

static void check_stats(const nps_wacc *w)
{
    double v, lo, hi, p;
    uint64_t n = nps_wacc_total(w);
    int m;
    FUZZ_CHECK(nps_wacc_category_count(w, NPS_DETRACTOR) +
                   nps_wacc_category_count(w, NPS_PASSIVE) +
                   nps_wacc_category_count(w, NPS_PROMOTER) == n);
    if (n == 0) {
        FUZZ_CHECK(isnan(nps_wacc_score(w)));
        FUZZ_CHECK(nps_wacc_effective_n(w, &v) == NPS_E_EMPTY);
        return;
    }
    v = nps_wacc_score(w);
    FUZZ_CHECK(v >= -100.0 && v <= 100.0);
    FUZZ_CHECK(nps_wacc_effective_n(w, &v) == NPS_OK);
    FUZZ_CHECK(v >= 1.0 && v <= (double)n);
    if (n >= 2) {
        FUZZ_CHECK(nps_wacc_stderr(w, &v) == NPS_OK);
        FUZZ_CHECK(isfinite(v) && v >= 0.0);
    }
    for (m = 0; m < 3; m++) {
        if (m == NPS_METHOD_WALD && n < 2)
            continue;
        FUZZ_CHECK(nps_wacc_interval(w, (nps_method)m, 0.95, &lo, &hi) == NPS_OK);
        FUZZ_CHECK(lo >= -100.0 && hi <= 100.0 && lo <= hi);
        FUZZ_CHECK(nps_wacc_test(w, 0.0, (nps_method)m, &p) == NPS_OK);
        FUZZ_CHECK(p >= 0.0 && p <= 1.0);
    }
}

static uint8_t *encode(const nps_wacc *w, size_t *len)
{
    uint8_t *buf;
    size_t n;
    FUZZ_CHECK(nps_wacc_serialize(w, NULL, 0, len) == NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(*len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_wacc_serialize(w, buf, *len, &n) == NPS_OK && n == *len);
    return buf;
}

static void check_one(const uint8_t *data, size_t size)
{
    nps_wacc *w = (nps_wacc *)(uintptr_t)1, *back = NULL;
    nps_status st = nps_wacc_deserialize(&w, data, size);
    uint8_t *buf;
    size_t len = 0;
    nps_scale s;
    if (st != NPS_OK) {
        FUZZ_CHECK(w == NULL);
        FUZZ_CHECK(st == NPS_E_FORMAT || st == NPS_E_VERSION);
        if (st == NPS_E_VERSION)
            FUZZ_CHECK(size >= 5 && memcmp(data, "NPSW", 4) == 0 && data[4] > 1);
        return;
    }
    FUZZ_CHECK(w != NULL);
    buf = encode(w, &len);
    FUZZ_CHECK(len == size && memcmp(buf, data, len) == 0);
    free(buf);
    FUZZ_CHECK(nps_wacc_scale(w, &s) == NPS_OK && nps_scale_validate(&s) == NPS_OK);
    check_stats(w);
    /* Grow it: one answer and a self-merge, each all-or-nothing; the result
       still round-trips. */
    st = nps_wacc_add(w, s.max, 1.0);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_OVERFLOW);
    st = nps_wacc_merge(w, w);
    FUZZ_CHECK(st == NPS_OK || st == NPS_E_OVERFLOW);
    check_stats(w);
    buf = encode(w, &len);
    FUZZ_CHECK(nps_wacc_deserialize(&back, buf, len) == NPS_OK);
    FUZZ_CHECK(nps_wacc_equal(w, back));
    free(buf);
    nps_wacc_free(back);
    nps_wacc_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *fixed = fuzz_with_crc(data, size);
    check_one(data, size);
    if (fixed) {
        check_one(fixed, size);
        free(fixed);
    }
    return 0;
}
