/* Property: serialization is an exact round trip. A state built from the
   input encodes, decodes to an equal object and re-encodes to the same
   bytes (accumulators, timelines, weighted accumulators); and input bytes
   that decode re-encode to themselves. */
#include "fuzz_common.h"

static const nps_scale scales[] = {{0, 10, 7, 9}, {1, 10, 7, 9},
                                   {0, 100, 70, 90}, {0, 1, 1, 1},
                                   {0, 10, 9, 9}, {3, 7, 5, 6}};
#define NSCALES (sizeof scales / sizeof *scales)

static uint8_t *encode_acc(const nps_acc *a, size_t *len)
{
    uint8_t *buf;
    size_t n;
    FUZZ_CHECK(nps_acc_serialize(a, NULL, 0, len) == NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(*len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_acc_serialize(a, buf, *len, &n) == NPS_OK && n == *len);
    return buf;
}

static uint8_t *encode_tl(const nps_timeline *t, size_t *len)
{
    uint8_t *buf;
    size_t n;
    FUZZ_CHECK(nps_timeline_serialize(t, NULL, 0, len) == NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(*len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_timeline_serialize(t, buf, *len, &n) == NPS_OK && n == *len);
    return buf;
}

static void acc_case(struct fuzz_in *in)
{
    const nps_scale *s = &scales[in_u8(in) % NSCALES];
    nps_acc *a = NULL, *b = NULL;
    uint8_t *x, *y;
    size_t lx, ly;
    int v;
    FUZZ_CHECK(nps_acc_new(&a, s) == NPS_OK);
    for (v = s->min; v <= s->max && in->n > 0; v++) {
        uint64_t n = in_count(in);
        if (n > UINT64_MAX - nps_acc_total(a))
            n = UINT64_MAX - nps_acc_total(a);
        FUZZ_CHECK(nps_acc_add_n(a, v, n) == NPS_OK);
    }
    x = encode_acc(a, &lx);
    FUZZ_CHECK(nps_acc_deserialize(&b, x, lx) == NPS_OK);
    FUZZ_CHECK(nps_acc_equal(a, b));
    y = encode_acc(b, &ly);
    FUZZ_CHECK(lx == ly && memcmp(x, y, lx) == 0);
    free(x);
    free(y);
    nps_acc_free(a);
    nps_acc_free(b);
}

static void tl_case(struct fuzz_in *in)
{
    const nps_scale *s = &scales[in_u8(in) % NSCALES];
    nps_unit unit = (in_u8(in) & 1) ? NPS_UNIT_MONTH : NPS_UNIT_SECOND;
    int64_t width = unit == NPS_UNIT_MONTH ? 1 + in_u8(in) % 24
                                           : 1 + (int64_t)(in_u64(in, 3));
    int32_t off = (int32_t)(in_u64(in, 3) % 172801) - 86400;
    uint32_t nb = 1 + in_u8(in) % 64;
    int64_t base = (int64_t)in_u64(in, 8);
    nps_timeline *t = NULL, *u = NULL;
    uint8_t *x, *y;
    size_t lx, ly;
    FUZZ_CHECK(nps_timeline_new_advanced(&t, unit, width, off, nb, s, NULL) ==
               NPS_OK);
    while (in->n > 0) {
        uint8_t op = in_u8(in);
        int64_t d = (int64_t)(int16_t)in_u64(in, 2) * (int64_t)(op >> 4);
        int64_t when = (d > 0 && base > INT64_MAX - d) ||
                               (d < 0 && base < INT64_MIN - d)
                           ? base
                           : base + d;
        int score = s->min + in_u8(in) % (s->max - s->min + 1);
        nps_status st;
        switch (op & 3) {
        case 0:
        case 1:
            st = nps_timeline_add_n(t, when, score, in_count(in));
            FUZZ_CHECK(st == NPS_OK || st == NPS_E_TOO_OLD ||
                       st == NPS_E_TOO_NEW || st == NPS_E_OVERFLOW);
            break;
        case 2:
            FUZZ_CHECK(nps_timeline_advance(t, when) == NPS_OK);
            break;
        default:
            FUZZ_CHECK(nps_timeline_set_horizon(t, (int64_t)(in_u64(in, 4))) ==
                       NPS_OK);
            break;
        }
    }
    x = encode_tl(t, &lx);
    FUZZ_CHECK(nps_timeline_deserialize(&u, x, lx) == NPS_OK);
    FUZZ_CHECK(nps_timeline_equal(t, u));
    FUZZ_CHECK(nps_timeline_dropped(t) == nps_timeline_dropped(u));
    y = encode_tl(u, &ly);
    FUZZ_CHECK(lx == ly && memcmp(x, y, lx) == 0);
    free(x);
    free(y);
    nps_timeline_free(t);
    nps_timeline_free(u);
}

static uint8_t *encode_wacc(const nps_wacc *w, size_t *len)
{
    uint8_t *buf;
    size_t n;
    FUZZ_CHECK(nps_wacc_serialize(w, NULL, 0, len) == NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(*len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_wacc_serialize(w, buf, *len, &n) == NPS_OK && n == *len);
    return buf;
}

/* Weighted answers from the input: a score byte and a weight whose
   exponent and mantissa come from the input (bad ones must be refused and
   change nothing), then the same answers as one batch. */
static void wacc_case(struct fuzz_in *in)
{
    const nps_scale *s = &scales[in_u8(in) % NSCALES];
    nps_wacc *a = NULL, *b = NULL, *c = NULL;
    uint8_t sc[64], *x, *y;
    double wt[64];
    size_t n = 0, lx, ly, bad;
    nps_status st;
    FUZZ_CHECK(nps_wacc_new(&a, s) == NPS_OK);
    FUZZ_CHECK(nps_wacc_new(&c, s) == NPS_OK);
    while (in->n > 0 && n < 64) {
        uint64_t bits = in_u64(in, 8);
        double w;
        memcpy(&w, &bits, sizeof w);
        sc[n] = in_u8(in);
        wt[n] = w;
        st = nps_wacc_add(a, sc[n], w);
        FUZZ_CHECK(st == NPS_OK || st == NPS_E_RANGE || st == NPS_E_INVALID);
        if (st == NPS_OK)
            n++;
    }
    st = nps_wacc_add_scores(c, sc, wt, n, &bad);
    FUZZ_CHECK(st == NPS_OK);
    FUZZ_CHECK(nps_wacc_total(a) == n && nps_wacc_total(c) == n);
    x = encode_wacc(a, &lx);
    FUZZ_CHECK(nps_wacc_deserialize(&b, x, lx) == NPS_OK);
    FUZZ_CHECK(nps_wacc_equal(a, b));
    y = encode_wacc(b, &ly);
    FUZZ_CHECK(lx == ly && memcmp(x, y, lx) == 0);
    free(x);
    free(y);
    nps_wacc_free(a);
    nps_wacc_free(b);
    nps_wacc_free(c);
}

/* Raw bytes that decode must re-encode to themselves. */
static void raw_case(const uint8_t *data, size_t size)
{
    struct budget b = {0, (size_t)1 << 20};
    nps_allocator al = {budget_alloc, budget_free, NULL};
    nps_acc *a = NULL;
    nps_timeline *t = NULL;
    nps_wacc *w = NULL;
    uint8_t *x;
    size_t lx;
    al.ctx = &b;
    if (nps_acc_deserialize(&a, data, size) == NPS_OK) {
        x = encode_acc(a, &lx);
        FUZZ_CHECK(lx == size && memcmp(x, data, size) == 0);
        free(x);
        nps_acc_free(a);
    }
    if (nps_wacc_deserialize(&w, data, size) == NPS_OK) {
        x = encode_wacc(w, &lx);
        FUZZ_CHECK(lx == size && memcmp(x, data, size) == 0);
        free(x);
        nps_wacc_free(w);
    }
    if (nps_timeline_deserialize_with_allocator(&t, data, size, &al) == NPS_OK) {
        x = encode_tl(t, &lx);
        FUZZ_CHECK(lx == size && memcmp(x, data, size) == 0);
        free(x);
        nps_timeline_free(t);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in;
    if (size == 0)
        return 0;
    in.p = data + 1;
    in.n = size - 1;
    switch (data[0] % 4) {
    case 0: acc_case(&in); break;
    case 1: tl_case(&in); break;
    case 2: raw_case(data + 1, size - 1); break;
    default: wacc_case(&in); break;
    }
    return 0;
}
