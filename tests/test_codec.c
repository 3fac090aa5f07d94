/* Serialization: exact round trips, canonical bytes, and rejection of every
   truncated, extended, corrupted or hand-crafted malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "nps.h"

/* ---- helpers ------------------------------------------------------------- */

/* CRC-32C written independently of the library (bit at a time), so that
   hand-crafted buffers get a valid checksum without trusting the encoder. */
static uint32_t ref_crc32c(const uint8_t *p, size_t n)
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

/* Append the little-endian CRC of buf[0..n) at buf + n; returns n + 4. */
static size_t seal(uint8_t *buf, size_t n)
{
    uint32_t c = ref_crc32c(buf, n);
    buf[n] = (uint8_t)c;
    buf[n + 1] = (uint8_t)(c >> 8);
    buf[n + 2] = (uint8_t)(c >> 16);
    buf[n + 3] = (uint8_t)(c >> 24);
    return n + 4;
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

/* Deterministic generator for random states (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

/* Counting allocator: tracks live bytes and can refuse the n-th request. */
struct counting {
    long live_blocks;
    size_t live_bytes;
    long calls;
    long fail_at; /* 1-based call to refuse; 0: never */
};

static void *counting_alloc(void *ctx, size_t size)
{
    struct counting *c = (struct counting *)ctx;
    void *p;
    c->calls++;
    if (c->fail_at && c->calls == c->fail_at)
        return NULL;
    p = malloc(size);
    if (p) {
        c->live_blocks++;
        c->live_bytes += size;
    }
    return p;
}

static void counting_free(void *ctx, void *ptr, size_t size)
{
    struct counting *c = (struct counting *)ctx;
    c->live_blocks--;
    c->live_bytes -= size;
    free(ptr);
}

/* Serialize into a fresh heap buffer of the exact size. */
static uint8_t *acc_bytes(const nps_acc *acc, size_t *len)
{
    uint8_t *buf;
    size_t n = 0;
    assert_int_equal(nps_acc_serialize(acc, NULL, 0, &n), NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(n);
    assert_non_null(buf);
    assert_int_equal(nps_acc_serialize(acc, buf, n, len), NPS_OK);
    assert_int_equal(*len, n);
    return buf;
}

/* A sentinel pointer: decoders must overwrite *out with NULL on error. */
static nps_acc *acc_sentinel(void)
{
    return (nps_acc *)(uintptr_t)0x1;
}

static nps_status acc_decode_status(const uint8_t *buf, size_t len)
{
    nps_acc *a = acc_sentinel();
    nps_status st = nps_acc_deserialize(&a, buf, len);
    if (st == NPS_OK) {
        assert_non_null(a);
        nps_acc_free(a);
    } else {
        assert_null(a);
    }
    return st;
}

/* The worked example of docs/format.md: standard scale, one 0, two 7s,
   three 9s and 130 10s. Bytes derived by hand from the specification:
   magic "NPSA", version 1, scale 0 10 7 9, eleven varints (130 =
   0x82 0x01), then CRC-32C of those 21 bytes, little endian. */
static const uint8_t worked_example[] = {
    0x4e, 0x50, 0x53, 0x41, 0x01, 0x00, 0x0a, 0x07, 0x09, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x03, 0x82, 0x01, 0xa9, 0xc4, 0x22, 0x09};

static nps_acc *worked_example_acc(void)
{
    nps_acc *a = NULL;
    assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 0, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 7, 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 9, 3), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, 130), NPS_OK);
    return a;
}

/* Build a hand-crafted accumulator frame: header with the given kind and
   version, the scale, the given counts, a valid CRC. */
static size_t craft_acc(uint8_t *buf, uint8_t kind, uint8_t version,
                        const uint8_t scale[4], const uint64_t *counts,
                        size_t ncounts)
{
    size_t n = 0, i;
    buf[n++] = 'N';
    buf[n++] = 'P';
    buf[n++] = 'S';
    buf[n++] = kind;
    buf[n++] = version;
    memcpy(buf + n, scale, 4);
    n += 4;
    for (i = 0; i < ncounts; i++)
        n += put_varint(buf + n, counts[i]);
    return seal(buf, n);
}

static const uint8_t standard[4] = {0, 10, 7, 9};

/* ---- accumulator -------------------------------------------------------- */

static void test_codec__crc_reference_matches_check_value(void **state)
{
    (void)state;
    /* The standard CRC-32C check value (RFC 3720, appendix B.4). */
    assert_int_equal(ref_crc32c((const uint8_t *)"123456789", 9), 0xe3069283u);
}

static void test_codec__acc_encodes_worked_example_bytes(void **state)
{
    nps_acc *a = worked_example_acc();
    uint8_t buf[64];
    size_t len = 0;
    (void)state;
    assert_int_equal(nps_acc_serialize(a, buf, sizeof buf, &len), NPS_OK);
    assert_int_equal(len, sizeof worked_example);
    assert_memory_equal(buf, worked_example, sizeof worked_example);
    nps_acc_free(a);
}

static void test_codec__acc_decodes_worked_example(void **state)
{
    nps_acc *want = worked_example_acc(), *got = NULL;
    (void)state;
    assert_int_equal(nps_acc_deserialize(&got, worked_example,
                                         sizeof worked_example),
                     NPS_OK);
    assert_true(nps_acc_equal(got, want));
    assert_int_equal(nps_acc_total(got), 136);
    nps_acc_free(got);
    nps_acc_free(want);
}

static void test_codec__acc_size_query_reports_length_and_writes_nothing(void **state)
{
    nps_acc *a = worked_example_acc();
    uint8_t buf[64];
    size_t len = 0;
    (void)state;
    assert_int_equal(nps_acc_serialize(a, NULL, 0, &len), NPS_E_BUFSIZE);
    assert_int_equal(len, sizeof worked_example);
    /* One byte short: the needed size, and not a byte written. */
    memset(buf, 0xee, sizeof buf);
    len = 0;
    assert_int_equal(nps_acc_serialize(a, buf, sizeof worked_example - 1, &len),
                     NPS_E_BUFSIZE);
    assert_int_equal(len, sizeof worked_example);
    for (len = 0; len < sizeof buf; len++)
        assert_int_equal(buf[len], 0xee);
    /* Exactly the size: fits, and nothing past it is touched. */
    assert_int_equal(nps_acc_serialize(a, buf, sizeof worked_example, &len),
                     NPS_OK);
    assert_int_equal(buf[sizeof worked_example], 0xee);
    nps_acc_free(a);
}

static void test_codec__acc_null_arguments_are_invalid(void **state)
{
    nps_acc *a = worked_example_acc(), *out = acc_sentinel();
    uint8_t buf[64];
    size_t len = 0;
    nps_allocator bad = {NULL, NULL, NULL};
    (void)state;
    assert_int_equal(nps_acc_serialize(NULL, buf, sizeof buf, &len), NPS_E_INVALID);
    assert_int_equal(nps_acc_serialize(a, buf, sizeof buf, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_serialize(a, NULL, 8, &len), NPS_E_INVALID);
    assert_int_equal(nps_acc_deserialize(NULL, worked_example,
                                         sizeof worked_example),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_deserialize(&out, NULL, 25), NPS_E_INVALID);
    assert_null(out);
    out = acc_sentinel();
    assert_int_equal(nps_acc_deserialize_with_allocator(
                         &out, worked_example, sizeof worked_example, &bad),
                     NPS_E_INVALID);
    assert_null(out);
    nps_acc_free(a);
}

static void test_codec__acc_random_states_round_trip_exactly(void **state)
{
    static const nps_scale scales[] = {
        {0, 10, 7, 9}, {1, 10, 7, 9}, {0, 100, 70, 90}, {0, 1, 1, 1},
        {0, 10, 9, 9}, {3, 7, 5, 6}, {99, 100, 100, 100}};
    int round;
    (void)state;
    for (round = 0; round < 2000; round++) {
        const nps_scale *s = &scales[(size_t)round % (sizeof scales / sizeof *scales)];
        nps_acc *a = NULL, *b = NULL;
        uint8_t *buf, *buf2;
        size_t len, len2;
        uint64_t budget = UINT64_MAX;
        int v;
        assert_int_equal(nps_acc_new(&a, s), NPS_OK);
        for (v = s->min; v <= s->max; v++) {
            uint64_t r = rnd(), n;
            switch (r % 5) {
            case 0: n = 0; break;
            case 1: n = (r >> 8) % 200; break;
            case 2: n = (r >> 8) % 100000000u; break;
            case 3: n = r >> (r % 64); break;
            default: n = budget; break; /* take everything left */
            }
            if (n > budget)
                n = budget;
            budget -= n;
            assert_int_equal(nps_acc_add_n(a, v, n), NPS_OK);
        }
        buf = acc_bytes(a, &len);
        assert_int_equal(nps_acc_deserialize(&b, buf, len), NPS_OK);
        assert_true(nps_acc_equal(a, b));
        /* Canonical: the decoded copy re-encodes to the same bytes. */
        buf2 = acc_bytes(b, &len2);
        assert_int_equal(len, len2);
        assert_memory_equal(buf, buf2, len);
        free(buf);
        free(buf2);
        nps_acc_free(a);
        nps_acc_free(b);
    }
}

static void test_codec__acc_equal_states_give_equal_bytes(void **state)
{
    nps_acc *a = worked_example_acc(), *b = NULL, *c = NULL;
    uint8_t b1[64], b2[64];
    size_t l1, l2;
    /* Same counts reached another way: a batch, a merge and a removal. */
    static const uint8_t batch[] = {10, 10, 9, 0, 7, 7, 3};
    (void)state;
    assert_int_equal(nps_acc_new(&b, NULL), NPS_OK);
    assert_int_equal(nps_acc_new(&c, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_scores(b, batch, sizeof batch, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(c, 10, 128), NPS_OK);
    assert_int_equal(nps_acc_add_n(c, 9, 2), NPS_OK);
    assert_int_equal(nps_acc_merge(b, c), NPS_OK);
    assert_int_equal(nps_acc_remove_n(b, 3, 1), NPS_OK);
    assert_int_equal(nps_acc_serialize(a, b1, sizeof b1, &l1), NPS_OK);
    assert_int_equal(nps_acc_serialize(b, b2, sizeof b2, &l2), NPS_OK);
    assert_int_equal(l1, l2);
    assert_memory_equal(b1, b2, l1);
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(c);
}

static void test_codec__acc_every_truncation_is_rejected(void **state)
{
    nps_acc *a = NULL;
    uint8_t *buf;
    size_t len, n;
    nps_scale wide = {0, 100, 70, 90};
    int v;
    (void)state;
    assert_int_equal(nps_acc_new(&a, &wide), NPS_OK);
    for (v = 0; v <= 100; v += 3)
        assert_int_equal(nps_acc_add_n(a, v, (uint64_t)v << (v % 50)), NPS_OK);
    buf = acc_bytes(a, &len);
    for (n = 0; n < len; n++)
        assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    assert_int_equal(acc_decode_status(buf, len), NPS_OK);
    free(buf);
    nps_acc_free(a);
}

static void test_codec__acc_every_truncation_with_valid_crc_is_rejected(void **state)
{
    /* Cut the body short and give the shorter frame a valid checksum: the
       field checks, not the CRC, must reject it. (Shorter than the 5-byte
       header, the checksum's first byte would stand in the version's
       place.) */
    uint8_t buf[64];
    size_t body = sizeof worked_example - 4, n;
    (void)state;
    for (n = 5; n < body; n++) {
        memcpy(buf, worked_example, n);
        assert_int_equal(acc_decode_status(buf, seal(buf, n)),
                         NPS_E_FORMAT);
    }
}

static void test_codec__acc_every_trailing_byte_is_rejected(void **state)
{
    uint8_t buf[64];
    size_t n = sizeof worked_example;
    int b;
    (void)state;
    memcpy(buf, worked_example, n);
    for (b = 0; b < 256; b++) {
        buf[n] = (uint8_t)b;
        assert_int_equal(acc_decode_status(buf, n + 1), NPS_E_FORMAT);
    }
    memset(buf + n, 0, 8);
    assert_int_equal(acc_decode_status(buf, n + 8), NPS_E_FORMAT);
}

static void test_codec__acc_extra_field_with_valid_crc_is_rejected(void **state)
{
    /* An extra count after the eleven, then a CRC that covers it: the
       checksum is fine, the length is not. */
    uint64_t counts[12] = {1, 0, 0, 0, 0, 0, 0, 2, 0, 3, 130, 0};
    uint8_t buf[64];
    size_t n;
    (void)state;
    n = craft_acc(buf, 'A', 1, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_OK);
    assert_memory_equal(buf, worked_example, n);
    n = craft_acc(buf, 'A', 1, standard, counts, 12);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    n = craft_acc(buf, 'A', 1, standard, counts, 10);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
}

static void test_codec__acc_every_single_bit_flip_is_rejected(void **state)
{
    nps_acc *a = NULL;
    uint8_t *buf;
    size_t len, i;
    nps_scale one_ten = {1, 10, 7, 9};
    int bit, v;
    (void)state;
    assert_int_equal(nps_acc_new(&a, &one_ten), NPS_OK);
    for (v = 1; v <= 10; v++)
        assert_int_equal(nps_acc_add_n(a, v, (uint64_t)1 << (v * 6)), NPS_OK);
    buf = acc_bytes(a, &len);
    for (i = 0; i < len; i++) {
        for (bit = 0; bit < 8; bit++) {
            nps_status st;
            buf[i] ^= (uint8_t)(1u << bit);
            st = acc_decode_status(buf, len);
            /* Flipping a bit of the version byte can announce a newer
               version; anything else is damage. */
            if (i == 4 && buf[4] > 1)
                assert_int_equal(st, NPS_E_VERSION);
            else
                assert_int_equal(st, NPS_E_FORMAT);
            buf[i] ^= (uint8_t)(1u << bit);
        }
    }
    free(buf);
    nps_acc_free(a);
}

static void test_codec__acc_double_bit_flips_within_a_byte_pair_are_rejected(void **state)
{
    /* CRC-32C detects every error burst of up to 32 bits: any damage to two
       adjacent bytes must be caught too. */
    uint8_t buf[64];
    size_t n = sizeof worked_example, i;
    unsigned d;
    (void)state;
    for (i = 5; i + 1 < n; i++) {
        for (d = 1; d < 65536; d += 97) {
            memcpy(buf, worked_example, n);
            buf[i] ^= (uint8_t)d;
            buf[i + 1] ^= (uint8_t)(d >> 8);
            assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
        }
    }
}

static void test_codec__acc_counts_summing_past_uint64_max_are_rejected(void **state)
{
    uint64_t counts[11] = {0};
    uint8_t buf[160];
    size_t n;
    nps_acc *a = NULL;
    (void)state;
    /* Exactly UINT64_MAX in total is a real state and decodes. */
    counts[0] = UINT64_MAX - 5;
    counts[10] = 5;
    n = craft_acc(buf, 'A', 1, standard, counts, 11);
    assert_int_equal(nps_acc_deserialize(&a, buf, n), NPS_OK);
    assert_int_equal(nps_acc_total(a), UINT64_MAX);
    assert_int_equal(nps_acc_count(a, 10), 5);
    nps_acc_free(a);
    /* One more answer overflows the total. */
    counts[10] = 6;
    n = craft_acc(buf, 'A', 1, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    /* Two maximal counts. */
    counts[0] = UINT64_MAX;
    counts[10] = UINT64_MAX;
    n = craft_acc(buf, 'A', 1, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
}

static void test_codec__acc_non_minimal_varints_are_rejected(void **state)
{
    uint8_t buf[64];
    size_t n = 0;
    int extra;
    (void)state;
    /* Count of score 0 written as 0x81 0x00 (1 with a redundant zero
       group), or 0x80 0x80 0x00 (0 in three bytes). */
    for (extra = 0; extra < 2; extra++) {
        n = 0;
        memcpy(buf, "NPSA\x01", 5);
        n = 5;
        memcpy(buf + n, standard, 4);
        n += 4;
        if (extra == 0) {
            buf[n++] = 0x81;
            buf[n++] = 0x00;
        } else {
            buf[n++] = 0x80;
            buf[n++] = 0x80;
            buf[n++] = 0x00;
        }
        memset(buf + n, 0, 10);
        n += 10;
        n = seal(buf, n);
        assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    }
    /* The same count written minimally is accepted. */
    memcpy(buf, "NPSA\x01", 5);
    memcpy(buf + 5, standard, 4);
    buf[9] = 0x01;
    memset(buf + 10, 0, 10);
    n = seal(buf, 20);
    assert_int_equal(acc_decode_status(buf, n), NPS_OK);
}

static void test_codec__acc_varints_beyond_64_bits_are_rejected(void **state)
{
    uint8_t buf[64];
    size_t n;
    int last;
    (void)state;
    /* UINT64_MAX is nine 0xff then 0x01; a tenth byte of 0x02 or more, or
       an eleventh byte, does not fit in 64 bits. */
    for (last = 1; last <= 3; last++) {
        memcpy(buf, "NPSA\x01", 5);
        memcpy(buf + 5, standard, 4);
        n = 9;
        memset(buf + n, 0xff, 9);
        n += 9;
        if (last == 3) {
            buf[n++] = 0x81;
            buf[n++] = 0x01;
        } else {
            buf[n++] = (uint8_t)last;
        }
        memset(buf + n, 0, 10);
        n += 10;
        n = seal(buf, n);
        assert_int_equal(acc_decode_status(buf, n),
                         last == 1 ? NPS_OK : NPS_E_FORMAT);
    }
}

static void test_codec__acc_invalid_scales_are_rejected(void **state)
{
    static const uint8_t bad[][4] = {
        {10, 0, 7, 9},   /* min > max */
        {7, 10, 7, 9},   /* no detractor point */
        {0, 10, 9, 7},   /* passive_min > promoter_min */
        {0, 10, 7, 11},  /* promoter_min > max */
        {0, 101, 70, 90}, /* beyond NPS_SCALE_LIMIT */
        {0, 255, 7, 9},
    };
    uint64_t counts[256] = {0};
    uint8_t buf[400];
    size_t i, n;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        /* As many counts as the fields would imply, so only the scale is
           wrong. */
        size_t np = bad[i][1] >= bad[i][0] ? (size_t)(bad[i][1] - bad[i][0] + 1) : 11;
        n = craft_acc(buf, 'A', 1, bad[i], counts, np);
        assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    }
}

static void test_codec__acc_wrong_magic_or_kind_is_rejected(void **state)
{
    uint64_t counts[11] = {0};
    uint8_t buf[64];
    size_t n;
    (void)state;
    n = craft_acc(buf, 'T', 1, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    n = craft_acc(buf, 'a', 1, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    n = craft_acc(buf, 'A', 1, standard, counts, 11);
    buf[0] = 'n';
    n = seal(buf, n - 4);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
}

static void test_codec__acc_newer_version_is_version_error(void **state)
{
    uint64_t counts[11] = {0};
    uint8_t buf[64];
    size_t n;
    (void)state;
    n = craft_acc(buf, 'A', 2, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_VERSION);
    n = craft_acc(buf, 'A', 255, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_VERSION);
    /* A newer version may change everything after its header: even a body
       this reader cannot parse is reported as a version problem. */
    assert_int_equal(acc_decode_status((const uint8_t *)"NPSA\x02", 5), NPS_E_VERSION);
    /* Version 0 never existed. */
    n = craft_acc(buf, 'A', 0, standard, counts, 11);
    assert_int_equal(acc_decode_status(buf, n), NPS_E_FORMAT);
    /* Without the version byte there is no header at all. */
    assert_int_equal(acc_decode_status((const uint8_t *)"NPSA", 4), NPS_E_FORMAT);
}

static void test_codec__acc_decode_uses_the_given_allocator(void **state)
{
    struct counting c = {0, 0, 0, 0};
    nps_allocator al = {counting_alloc, counting_free, NULL};
    nps_acc *a = NULL;
    (void)state;
    al.ctx = &c;
    assert_int_equal(nps_acc_deserialize_with_allocator(
                         &a, worked_example, sizeof worked_example, &al),
                     NPS_OK);
    assert_int_equal(c.live_blocks, 1);
    assert_int_equal(c.live_bytes, nps_acc_footprint(a));
    nps_acc_free(a);
    assert_int_equal(c.live_blocks, 0);
    assert_int_equal(c.live_bytes, 0);
}

static void test_codec__acc_allocation_failure_is_nomem_and_leaks_nothing(void **state)
{
    struct counting c = {0, 0, 0, 1};
    nps_allocator al = {counting_alloc, counting_free, NULL};
    nps_acc *a = acc_sentinel();
    (void)state;
    al.ctx = &c;
    assert_int_equal(nps_acc_deserialize_with_allocator(
                         &a, worked_example, sizeof worked_example, &al),
                     NPS_E_NOMEM);
    assert_null(a);
    assert_int_equal(c.live_blocks, 0);
}

static void test_codec__acc_malformed_input_allocates_nothing(void **state)
{
    struct counting c = {0, 0, 0, 0};
    nps_allocator al = {counting_alloc, counting_free, NULL};
    nps_acc *a = acc_sentinel();
    uint8_t buf[64];
    (void)state;
    al.ctx = &c;
    memcpy(buf, worked_example, sizeof worked_example);
    buf[12] ^= 0x40;
    assert_int_equal(nps_acc_deserialize_with_allocator(
                         &a, buf, sizeof worked_example, &al),
                     NPS_E_FORMAT);
    assert_null(a);
    assert_int_equal(c.calls, 0);
}

static void test_codec__acc_serialize_leaves_object_unchanged(void **state)
{
    nps_acc *a = worked_example_acc(), *copy = NULL;
    uint8_t buf[8];
    size_t len;
    (void)state;
    assert_int_equal(nps_acc_clone(&copy, a), NPS_OK);
    assert_int_equal(nps_acc_serialize(a, buf, sizeof buf, &len), NPS_E_BUFSIZE);
    assert_true(nps_acc_equal(a, copy));
    nps_acc_free(a);
    nps_acc_free(copy);
}

/* ---- timeline ------------------------------------------------------------ */

static nps_timeline *tl_sentinel(void)
{
    return (nps_timeline *)(uintptr_t)0x1;
}

static uint8_t *tl_bytes(const nps_timeline *tl, size_t *len)
{
    uint8_t *buf;
    size_t n = 0;
    assert_int_equal(nps_timeline_serialize(tl, NULL, 0, &n), NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(n);
    assert_non_null(buf);
    assert_int_equal(nps_timeline_serialize(tl, buf, n, len), NPS_OK);
    assert_int_equal(*len, n);
    return buf;
}

static nps_status tl_decode_status(const uint8_t *buf, size_t len)
{
    nps_timeline *t = tl_sentinel();
    nps_status st = nps_timeline_deserialize(&t, buf, len);
    if (st == NPS_OK) {
        assert_non_null(t);
        nps_timeline_free(t);
    } else {
        assert_null(t);
    }
    return st;
}

/* Everything observable about a timeline: equality of geometry, ring and
   newest bucket, plus the fields nps_timeline_equal() leaves out. */
static void assert_tl_same(const nps_timeline *a, const nps_timeline *b)
{
    uint8_t *ba, *bb;
    size_t la, lb;
    assert_true(nps_timeline_equal(a, b));
    assert_int_equal(nps_timeline_dropped(a), nps_timeline_dropped(b));
    ba = tl_bytes(a, &la);
    bb = tl_bytes(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);
}

/* The small example of docs/format.md: standard scale, hourly buckets,
   24 of them; one 10 and two 6s at 1970-01-01T02:30Z (hour 2), one 9 at
   00:10 (hour 0). Newest index 2; stored buckets at ages 0 and 2. */
static nps_timeline *tl_example(void)
{
    nps_timeline *tl = NULL;
    assert_int_equal(nps_timeline_new(&tl, 3600, 24, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 9000, 10, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 9000, 6, 2), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 600, 9, 1), NPS_OK);
    return tl;
}

/* Hand-derived from docs/format.md: "NPST", version 1, scale 0 10 7 9,
   unit 0, width 3600 (0x90 0x1c), offset 0, 24 buckets (0x18), flags 1,
   newest 2 (zigzag 4), horizon 0, dropped 0, two stored buckets; age 0:
   counts 0 0 0 0 0 0 2 0 0 0 1; age 2: counts 0 0 0 0 0 0 0 0 0 1 0;
   CRC-32C of the 43 bytes before it. */
static const uint8_t tl_example_bytes[] = {
    0x4e, 0x50, 0x53, 0x54, 0x01, 0x00, 0x0a, 0x07, 0x09, 0x00, 0x90, 0x1c,
    0x00, 0x18, 0x01, 0x04, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x41, 0x30, 0x32, 0xb2};

/* Fields of a hand-crafted timeline frame. */
struct tl_craft {
    uint8_t scale[4];
    uint8_t unit;
    uint64_t width;
    uint64_t offset_zz; /* zigzag form */
    uint64_t nbuckets;
    uint8_t flags;
    uint64_t newest_zz, clock_zz, horizon, dropped, nstored;
};

static size_t craft_tl(uint8_t *buf, const struct tl_craft *c,
                       const uint8_t *entries, size_t entries_len)
{
    size_t n = 0;
    memcpy(buf, "NPST\x01", 5);
    n = 5;
    memcpy(buf + n, c->scale, 4);
    n += 4;
    buf[n++] = c->unit;
    n += put_varint(buf + n, c->width);
    n += put_varint(buf + n, c->offset_zz);
    n += put_varint(buf + n, c->nbuckets);
    buf[n++] = c->flags;
    if (c->flags & 1)
        n += put_varint(buf + n, c->newest_zz);
    if (c->flags & 2)
        n += put_varint(buf + n, c->clock_zz);
    n += put_varint(buf + n, c->horizon);
    n += put_varint(buf + n, c->dropped);
    n += put_varint(buf + n, c->nstored);
    memcpy(buf + n, entries, entries_len);
    n += entries_len;
    return seal(buf, n);
}

/* A valid base: standard scale, hourly, 24 buckets, newest 2, one stored
   bucket at age 0 holding one 10. */
static struct tl_craft tl_base(void)
{
    struct tl_craft c = {{0, 10, 7, 9}, 0, 3600, 0, 24, 1, 4, 0, 0, 0, 1};
    return c;
}

static const uint8_t one_ten_at_age0[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

static void test_codec__timeline_encodes_worked_example_bytes(void **state)
{
    nps_timeline *tl = tl_example();
    uint8_t buf[128];
    size_t len = 0;
    (void)state;
    assert_int_equal(nps_timeline_serialize(tl, buf, sizeof buf, &len), NPS_OK);
    assert_int_equal(len, sizeof tl_example_bytes);
    assert_memory_equal(buf, tl_example_bytes, len);
    nps_timeline_free(tl);
}

static void test_codec__timeline_decodes_worked_example(void **state)
{
    nps_timeline *want = tl_example(), *got = NULL;
    nps_acc *acc = NULL;
    int64_t start = 0;
    (void)state;
    assert_int_equal(nps_timeline_deserialize(&got, tl_example_bytes,
                                              sizeof tl_example_bytes),
                     NPS_OK);
    assert_true(nps_timeline_equal(got, want));
    assert_int_equal(nps_timeline_newest(got, &start), NPS_OK);
    assert_int_equal(start, 7200);
    assert_int_equal(nps_acc_new(&acc, NULL), NPS_OK);
    assert_int_equal(nps_timeline_range(got, 0, 3600, acc), NPS_OK);
    assert_int_equal(nps_acc_total(acc), 1);
    assert_int_equal(nps_acc_count(acc, 9), 1);
    assert_int_equal(nps_timeline_rolling(got, 1, acc), NPS_OK);
    assert_int_equal(nps_acc_count(acc, 6), 2);
    assert_int_equal(nps_acc_count(acc, 10), 1);
    nps_acc_free(acc);
    nps_timeline_free(got);
    nps_timeline_free(want);
}

static void test_codec__timeline_size_query_and_bufsize_write_nothing(void **state)
{
    nps_timeline *tl = tl_example();
    uint8_t buf[128];
    size_t len = 0, i;
    (void)state;
    assert_int_equal(nps_timeline_serialize(tl, NULL, 0, &len), NPS_E_BUFSIZE);
    assert_int_equal(len, sizeof tl_example_bytes);
    memset(buf, 0xee, sizeof buf);
    assert_int_equal(nps_timeline_serialize(tl, buf, len - 1, &len), NPS_E_BUFSIZE);
    assert_int_equal(len, sizeof tl_example_bytes);
    for (i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xee);
    nps_timeline_free(tl);
}

static void test_codec__timeline_null_arguments_are_invalid(void **state)
{
    nps_timeline *tl = tl_example(), *out = tl_sentinel();
    uint8_t buf[128];
    size_t len;
    nps_allocator bad = {counting_alloc, NULL, NULL};
    (void)state;
    assert_int_equal(nps_timeline_serialize(NULL, buf, sizeof buf, &len), NPS_E_INVALID);
    assert_int_equal(nps_timeline_serialize(tl, buf, sizeof buf, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_serialize(tl, NULL, 4, &len), NPS_E_INVALID);
    assert_int_equal(nps_timeline_deserialize(NULL, tl_example_bytes,
                                              sizeof tl_example_bytes),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_deserialize(&out, NULL, 10), NPS_E_INVALID);
    assert_null(out);
    out = tl_sentinel();
    assert_int_equal(nps_timeline_deserialize_with_allocator(
                         &out, tl_example_bytes, sizeof tl_example_bytes, &bad),
                     NPS_E_INVALID);
    assert_null(out);
    nps_timeline_free(tl);
}

/* A random timeline: random geometry, events around a random base time
   (including before 1970), sometimes an advance, a horizon and drops. */
static nps_timeline *random_timeline(void)
{
    static const nps_scale scales[] = {
        {0, 10, 7, 9}, {1, 10, 7, 9}, {0, 100, 70, 90}, {0, 1, 1, 1}};
    static const int64_t widths[] = {1, 60, 3600, 86400, 604800, 7};
    const nps_scale *s = &scales[rnd() % 4];
    nps_unit unit = rnd() % 3 == 0 ? NPS_UNIT_MONTH : NPS_UNIT_SECOND;
    int64_t width = unit == NPS_UNIT_MONTH ? (int64_t)(1 + rnd() % 12)
                                           : widths[rnd() % 6];
    int32_t offset = (int32_t)(rnd() % 172801) - 86400;
    uint32_t nb = (uint32_t)(1 + rnd() % 40);
    int64_t base = (int64_t)(rnd() % 4000000000u) - 2000000000;
    int64_t spread = width * (unit == NPS_UNIT_MONTH ? 2678400 : 1) *
                     (int64_t)(nb + 3);
    nps_timeline *tl = NULL;
    int k, nev = (int)(rnd() % 30);
    assert_int_equal(nps_timeline_new_advanced(&tl, unit, width, offset, nb, s, NULL),
                     NPS_OK);
    for (k = 0; k < nev; k++) {
        int64_t t = base + (int64_t)(rnd() % (uint64_t)spread);
        int score = s->min + (int)(rnd() % (uint64_t)(s->max - s->min + 1));
        uint64_t n = rnd() % 4 == 0 ? rnd() >> (rnd() % 64) : 1 + rnd() % 5;
        nps_status st = nps_timeline_add_n(tl, t, score, n);
        assert_true(st == NPS_OK || st == NPS_E_TOO_OLD || st == NPS_E_OVERFLOW);
        if (rnd() % 10 == 0)
            assert_int_equal(nps_timeline_advance(tl, t), NPS_OK);
    }
    if (rnd() % 3 == 0)
        assert_int_equal(nps_timeline_set_horizon(tl, (int64_t)(rnd() % 1000000)), NPS_OK);
    return tl;
}

static void test_codec__timeline_random_states_round_trip_exactly(void **state)
{
    int round;
    (void)state;
    for (round = 0; round < 1500; round++) {
        nps_timeline *a = random_timeline(), *b = NULL;
        uint8_t *buf;
        size_t len;
        buf = tl_bytes(a, &len);
        assert_int_equal(nps_timeline_deserialize(&b, buf, len), NPS_OK);
        assert_tl_same(a, b);
        free(buf);
        nps_timeline_free(a);
        nps_timeline_free(b);
    }
}

static void test_codec__timeline_equal_states_give_equal_bytes(void **state)
{
    nps_timeline *a = tl_example(), *b = NULL;
    uint8_t *ba, *bb;
    size_t la, lb;
    (void)state;
    /* Other order, an evicted bucket on the way (a 24-hour ring that once
       held a bucket 30 hours back, zeroed when the ring moved). */
    assert_int_equal(nps_timeline_new(&b, 3600, 24, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(b, -30 * 3600, 4, 7), NPS_OK);
    assert_int_equal(nps_timeline_add_n(b, 600, 9, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(b, 9000, 6, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(b, 9001, 10, 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(b, 10799, 6, 1), NPS_OK);
    ba = tl_bytes(a, &la);
    bb = tl_bytes(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);
    nps_timeline_free(a);
    nps_timeline_free(b);
}

static void test_codec__timeline_every_truncation_is_rejected(void **state)
{
    nps_timeline *tl = NULL;
    uint8_t *buf;
    size_t len, n;
    (void)state;
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 3, -3600, 8,
                                               NULL, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, -1000000, 3, 300), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 5000000, 10, UINT64_MAX - 1), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, -77), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(tl, 86400), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, -100000000, 3, 2), NPS_E_TOO_OLD);
    buf = tl_bytes(tl, &len);
    for (n = 0; n < len; n++)
        assert_int_equal(tl_decode_status(buf, n), NPS_E_FORMAT);
    assert_int_equal(tl_decode_status(buf, len), NPS_OK);
    free(buf);
    nps_timeline_free(tl);
}

static void test_codec__timeline_every_truncation_with_valid_crc_is_rejected(void **state)
{
    nps_timeline *tl = tl_example();
    uint8_t *full, *buf;
    size_t len, n;
    (void)state;
    assert_int_equal(nps_timeline_advance(tl, -5), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(tl, 300), NPS_OK);
    full = tl_bytes(tl, &len);
    buf = (uint8_t *)malloc(len);
    assert_non_null(buf);
    for (n = 5; n < len - 4; n++) {
        memcpy(buf, full, n);
        assert_int_equal(tl_decode_status(buf, seal(buf, n)), NPS_E_FORMAT);
    }
    free(buf);
    free(full);
    nps_timeline_free(tl);
}

static void test_codec__timeline_at_the_start_of_int64_time_round_trips(void **state)
{
    /* One-second buckets: t = INT64_MIN is bucket INT64_MIN, the newest;
       the older ages of the ring name no representable bucket and are
       neither written nor accepted. */
    nps_timeline *tl = NULL, *back = NULL;
    uint8_t *buf;
    size_t len;
    (void)state;
    assert_int_equal(nps_timeline_new(&tl, 1, 8, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, INT64_MIN, 4, 3), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, INT64_MIN), NPS_OK);
    buf = tl_bytes(tl, &len);
    assert_int_equal(nps_timeline_deserialize(&back, buf, len), NPS_OK);
    assert_tl_same(tl, back);
    free(buf);
    nps_timeline_free(tl);
    nps_timeline_free(back);
    /* Events at both ends of int64 time, for several geometries: the
       decoder's range of reachable indices must admit every one. */
    {
        static const struct {
            nps_unit unit;
            int64_t width;
            int32_t offset;
        } g[] = {{NPS_UNIT_SECOND, 1, 0},       {NPS_UNIT_SECOND, 3600, -86400},
                 {NPS_UNIT_SECOND, 7, 86400},   {NPS_UNIT_MONTH, 1, 86400},
                 {NPS_UNIT_MONTH, 7, -86400},   {NPS_UNIT_MONTH, 1200, 86400},
                 {NPS_UNIT_MONTH, 12, -1}};
        size_t k;
        int end;
        for (k = 0; k < sizeof g / sizeof *g; k++) {
            for (end = 0; end < 2; end++) {
                int64_t t = end ? INT64_MAX : INT64_MIN;
                assert_int_equal(nps_timeline_new_advanced(&tl, g[k].unit, g[k].width,
                                                           g[k].offset, 3, NULL, NULL),
                                 NPS_OK);
                assert_int_equal(nps_timeline_add(tl, t, 7), NPS_OK);
                buf = tl_bytes(tl, &len);
                assert_int_equal(nps_timeline_deserialize(&back, buf, len), NPS_OK);
                assert_tl_same(tl, back);
                free(buf);
                nps_timeline_free(tl);
                nps_timeline_free(back);
            }
        }
    }
    /* And the other end: t = INT64_MAX. */
    assert_int_equal(nps_timeline_new(&tl, 1, 8, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, INT64_MAX, 4, 3), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, INT64_MAX - 7, 9, 1), NPS_OK);
    buf = tl_bytes(tl, &len);
    assert_int_equal(nps_timeline_deserialize(&back, buf, len), NPS_OK);
    assert_tl_same(tl, back);
    free(buf);
    nps_timeline_free(tl);
    nps_timeline_free(back);
}

static void test_codec__timeline_every_trailing_byte_is_rejected(void **state)
{
    uint8_t buf[128];
    size_t n = sizeof tl_example_bytes;
    int b;
    (void)state;
    memcpy(buf, tl_example_bytes, n);
    for (b = 0; b < 256; b++) {
        buf[n] = (uint8_t)b;
        assert_int_equal(tl_decode_status(buf, n + 1), NPS_E_FORMAT);
    }
    /* A trailing byte covered by a valid CRC. */
    memcpy(buf, tl_example_bytes, n - 4);
    buf[n - 4] = 0;
    assert_int_equal(tl_decode_status(buf, seal(buf, n - 3)), NPS_E_FORMAT);
}

static void test_codec__timeline_every_single_bit_flip_is_rejected(void **state)
{
    nps_timeline *tl = NULL;
    uint8_t *buf;
    size_t len, i;
    int bit;
    (void)state;
    tl = tl_example();
    assert_int_equal(nps_timeline_advance(tl, 9999), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(tl, 3600), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, -86400, 1, 5), NPS_E_TOO_OLD);
    buf = tl_bytes(tl, &len);
    for (i = 0; i < len; i++) {
        for (bit = 0; bit < 8; bit++) {
            nps_status st;
            buf[i] ^= (uint8_t)(1u << bit);
            st = tl_decode_status(buf, len);
            if (i == 4 && buf[4] > 1)
                assert_int_equal(st, NPS_E_VERSION);
            else
                assert_int_equal(st, NPS_E_FORMAT);
            buf[i] ^= (uint8_t)(1u << bit);
        }
    }
    free(buf);
    nps_timeline_free(tl);
}

static void test_codec__timeline_crafted_base_is_valid(void **state)
{
    /* The base the malformed cases below start from decodes, so each of
       them fails for its one changed field only. */
    struct tl_craft c = tl_base();
    uint8_t buf[256];
    nps_timeline *tl = NULL;
    nps_acc *acc = NULL;
    size_t n = craft_tl(buf, &c, one_ten_at_age0, sizeof one_ten_at_age0);
    (void)state;
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_OK);
    assert_int_equal(nps_acc_new(&acc, NULL), NPS_OK);
    assert_int_equal(nps_timeline_range(tl, 7200, 10800, acc), NPS_OK);
    assert_int_equal(nps_acc_count(acc, 10), 1);
    assert_int_equal(nps_acc_total(acc), 1);
    nps_acc_free(acc);
    nps_timeline_free(tl);
}

static void test_codec__timeline_bad_geometry_is_rejected(void **state)
{
    uint8_t buf[256];
    struct tl_craft c;
    int k;
    (void)state;
    for (k = 0; k < 13; k++) {
        c = tl_base();
        switch (k) {
        case 0: c.unit = 2; break;                       /* unknown unit */
        case 1: c.width = 0; break;                      /* zero width */
        case 2: c.width = (uint64_t)INT64_MAX + 1; break; /* beyond int64 */
        case 3: c.unit = 1; c.width = 1201; break;       /* > 100 years */
        case 4: c.offset_zz = 2 * 86401; break;          /* +86401 s */
        case 5: c.offset_zz = 2 * 86401 - 1; break;      /* -86401 s */
        case 6: c.nbuckets = 0; break;
        case 7: c.nbuckets = (1u << 24) + 1; break;
        case 8: c.flags = 1 | 4; break;                  /* unknown flag */
        case 9: c.horizon = (uint64_t)INT64_MAX + 1; break;
        case 10: c.unit = 1; c.width = 0; break;          /* zero months */
        case 11: c.nstored = 25; break;                   /* > buckets */
        default: c.scale[2] = 11; break;                 /* bad scale */
        }
        assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, one_ten_at_age0,
                                                         sizeof one_ten_at_age0)),
                         NPS_E_FORMAT);
    }
    /* The limits themselves are accepted. */
    c = tl_base();
    c.unit = 1;
    c.width = 1200;
    c.offset_zz = 2 * 86400 - 1;
    c.horizon = (uint64_t)INT64_MAX;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, one_ten_at_age0,
                                                    sizeof one_ten_at_age0)),
                     NPS_OK);
}

static void test_codec__timeline_bad_bucket_lists_are_rejected(void **state)
{
    uint8_t buf[512], e[256];
    struct tl_craft c;
    size_t n;
    (void)state;
    /* Buckets without a newest index. */
    c = tl_base();
    c.flags = 0;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, one_ten_at_age0,
                                                    sizeof one_ten_at_age0)),
                     NPS_E_FORMAT);
    /* More stored buckets than the ring holds. */
    c = tl_base();
    c.nbuckets = 1;
    c.nstored = 2;
    memcpy(e, one_ten_at_age0, 12);
    memcpy(e + 12, one_ten_at_age0, 12);
    e[12] = 1;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 24)), NPS_E_FORMAT);
    /* A huge count with few bytes behind it. */
    c = tl_base();
    c.nbuckets = 1u << 24;
    c.nstored = 1u << 24;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 24)), NPS_E_FORMAT);
    /* Duplicate ages, then descending ages; ascending is fine. */
    c = tl_base();
    c.nstored = 2;
    e[12] = 0;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 24)), NPS_E_FORMAT);
    e[0] = 3;
    e[12] = 1;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 24)), NPS_E_FORMAT);
    e[0] = 1;
    e[12] = 3;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 24)), NPS_OK);
    /* An age outside the ring. */
    c = tl_base();
    memcpy(e, one_ten_at_age0, 12);
    e[0] = 24;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_E_FORMAT);
    e[0] = 23;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_OK);
    /* An age written non-minimally (0 as 0x80 0x00). */
    e[0] = 0x80;
    e[1] = 0x00;
    memcpy(e + 2, one_ten_at_age0 + 1, 11);
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 13)), NPS_E_FORMAT);
    /* An empty bucket, which a canonical writer omits. */
    memset(e, 0, 12);
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_E_FORMAT);
    /* A bucket whose total exceeds UINT64_MAX; exactly UINT64_MAX is fine. */
    n = 0;
    e[n++] = 0;
    n += put_varint(e + n, UINT64_MAX);
    memset(e + n, 0, 9);
    n += 9;
    n += put_varint(e + n, 1);
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, n)), NPS_E_FORMAT);
    n = 0;
    e[n++] = 0;
    n += put_varint(e + n, UINT64_MAX - 1);
    memset(e + n, 0, 9);
    n += 9;
    n += put_varint(e + n, 1);
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, n)), NPS_OK);
    /* A bucket at an index below INT64_MIN: with one-second buckets,
       newest INT64_MIN + 1 (zigzag 2^64 - 3) is reachable, and age 2 names
       index INT64_MIN - 1. */
    c = tl_base();
    c.width = 1;
    c.newest_zz = UINT64_MAX - 2;
    memcpy(e, one_ten_at_age0, 12);
    e[0] = 2;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_E_FORMAT);
    e[0] = 1;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_OK);
    /* Two-second buckets: the earliest index any time maps to is
       floor(INT64_MIN / 2) = -2^62 (zigzag 2^63 - 1); a bucket one older
       can hold nothing. */
    c.width = 2;
    c.newest_zz = ((uint64_t)1 << 63) - 1;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_E_FORMAT);
    e[0] = 0;
    assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, e, 12)), NPS_OK);
}

static void test_codec__timeline_unreachable_newest_index_is_rejected(void **state)
{
    /* The newest index must be the index of some int64 time
       (docs/format.md): */
    static const struct {
        uint8_t unit;
        uint64_t width, offset_zz, newest_zz;
        nps_status want;
    } cases[] = {
        /* hourly: floor(INT64_MAX / 3600) = 2562047788015215 is the
           last index (zigzag 2x), one more is not */
        {0, 3600, 0, UINT64_C(2) * 2562047788015215, NPS_OK},
        {0, 3600, 0, UINT64_C(2) * 2562047788015216, NPS_E_FORMAT},
        /* and floor(INT64_MIN / 3600) = -2562047788015216 the first
           (zigzag 2|v| - 1) */
        {0, 3600, 0, UINT64_C(2) * 2562047788015216 - 1, NPS_OK},
        {0, 3600, 0, UINT64_C(2) * 2562047788015217 - 1, NPS_E_FORMAT},
        /* one-second buckets reach every index */
        {0, 1, 0, UINT64_MAX, NPS_OK},
        {0, 1, 0, UINT64_MAX - 1, NPS_OK},
        /* months: INT64_MAX seconds is in year 292277026596, December
           (month index (292277026596 - 1970) * 12 + 11 =
           3507324295523), INT64_MIN in year -292277022657, January
           (index (-292277022657 - 1970) * 12 = -3507324295524) */
        {1, 1, 0, UINT64_C(2) * 3507324295523, NPS_OK},
        {1, 1, 0, UINT64_C(2) * 3507324295524, NPS_E_FORMAT},
        {1, 1, 0, UINT64_C(2) * 3507324295524 - 1, NPS_OK},
        {1, 1, 0, UINT64_C(2) * 3507324295525 - 1, NPS_E_FORMAT},
        /* the value that once reached overflowing month arithmetic */
        {1, 1, 0, UINT64_MAX - 4, NPS_E_FORMAT},
    };
    uint8_t buf[256];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct tl_craft c = tl_base();
        c.unit = cases[i].unit;
        c.width = cases[i].width;
        c.offset_zz = cases[i].offset_zz;
        c.newest_zz = cases[i].newest_zz;
        assert_int_equal(tl_decode_status(buf, craft_tl(buf, &c, one_ten_at_age0,
                                                        sizeof one_ten_at_age0)),
                         cases[i].want);
    }
}

static void test_codec__timeline_non_minimal_field_varints_are_rejected(void **state)
{
    uint8_t buf[256];
    struct tl_craft c = tl_base();
    size_t n;
    (void)state;
    /* Width 3600 is 0x90 0x1c; rewrite the frame with 0x90 0x9c 0x00. */
    n = craft_tl(buf, &c, one_ten_at_age0, sizeof one_ten_at_age0) - 4;
    memmove(buf + 13, buf + 12, n - 12);
    buf[11] = 0x9c;
    buf[12] = 0x00;
    n = seal(buf, n + 1);
    assert_int_equal(tl_decode_status(buf, n), NPS_E_FORMAT);
    /* The same edit that keeps minimal form decodes (sanity of the edit):
       undo it. */
    memmove(buf + 12, buf + 13, n - 4 - 13);
    buf[11] = 0x1c;
    n = seal(buf, n - 5);
    assert_int_equal(tl_decode_status(buf, n), NPS_OK);
}

static void test_codec__timeline_non_minimal_zigzag_is_rejected(void **state)
{
    /* newest 2 is zigzag 4: written as 0x84 0x00 it is not canonical. */
    uint8_t buf[256];
    struct tl_craft c = tl_base();
    size_t n;
    (void)state;
    c.flags = 0;
    c.nstored = 0;
    n = craft_tl(buf, &c, one_ten_at_age0, 0) - 4;
    /* flags byte at 14; insert the newest field by hand after it. */
    memmove(buf + 17, buf + 15, n - 15);
    buf[14] = 1;
    buf[15] = 0x84;
    buf[16] = 0x00;
    assert_int_equal(tl_decode_status(buf, seal(buf, n + 2)), NPS_E_FORMAT);
    buf[15] = 0x04;
    memmove(buf + 16, buf + 17, n - 15);
    assert_int_equal(tl_decode_status(buf, seal(buf, n + 1)), NPS_OK);
}

static void test_codec__timeline_newer_version_and_wrong_kind(void **state)
{
    uint8_t buf[256];
    struct tl_craft c = tl_base();
    size_t n = craft_tl(buf, &c, one_ten_at_age0, sizeof one_ten_at_age0);
    nps_acc *a = acc_sentinel();
    (void)state;
    /* Version 3 is the first this library does not know (version 2, 1.1,
       is tested in test_codec__timeline_v2_only_for_new_geometry). */
    buf[4] = 3;
    n = seal(buf, n - 4);
    assert_int_equal(tl_decode_status(buf, n), NPS_E_VERSION);
    /* A timeline is not an accumulator, and the other way round. */
    buf[4] = 1;
    n = seal(buf, n - 4);
    assert_int_equal(nps_acc_deserialize(&a, buf, n), NPS_E_FORMAT);
    assert_null(a);
    assert_int_equal(tl_decode_status(worked_example, sizeof worked_example),
                     NPS_E_FORMAT);
}

static void test_codec__timeline_decode_uses_the_given_allocator(void **state)
{
    struct counting c = {0, 0, 0, 0};
    nps_allocator al = {counting_alloc, counting_free, NULL};
    nps_timeline *tl = NULL;
    (void)state;
    al.ctx = &c;
    assert_int_equal(nps_timeline_deserialize_with_allocator(
                         &tl, tl_example_bytes, sizeof tl_example_bytes, &al),
                     NPS_OK);
    assert_int_equal(c.live_bytes, nps_timeline_footprint(tl));
    nps_timeline_free(tl);
    assert_int_equal(c.live_blocks, 0);
}

static void test_codec__timeline_allocation_failure_is_nomem_and_leaks_nothing(void **state)
{
    long fail;
    (void)state;
    /* Refuse each allocation in turn until decoding needs no more. */
    for (fail = 1;; fail++) {
        struct counting c = {0, 0, 0, 0};
        nps_allocator al = {counting_alloc, counting_free, NULL};
        nps_timeline *tl = tl_sentinel();
        nps_status st;
        c.fail_at = fail;
        al.ctx = &c;
        st = nps_timeline_deserialize_with_allocator(
            &tl, tl_example_bytes, sizeof tl_example_bytes, &al);
        if (st == NPS_OK) {
            assert_true(fail > 1);
            nps_timeline_free(tl);
            assert_int_equal(c.live_blocks, 0);
            break;
        }
        assert_int_equal(st, NPS_E_NOMEM);
        assert_null(tl);
        assert_int_equal(c.live_blocks, 0);
    }
}

static void test_codec__timeline_malformed_input_allocates_nothing(void **state)
{
    struct counting c = {0, 0, 0, 0};
    nps_allocator al = {counting_alloc, counting_free, NULL};
    nps_timeline *tl = tl_sentinel();
    uint8_t buf[256];
    struct tl_craft cr = tl_base();
    size_t n;
    (void)state;
    al.ctx = &c;
    /* A 2^24-bucket ring would be a large allocation: an error after the
       geometry must be found first. */
    cr.nbuckets = 1u << 24;
    cr.nstored = 2;
    n = craft_tl(buf, &cr, one_ten_at_age0, sizeof one_ten_at_age0);
    assert_int_equal(nps_timeline_deserialize_with_allocator(&tl, buf, n, &al),
                     NPS_E_FORMAT);
    assert_null(tl);
    assert_int_equal(c.calls, 0);
}

/* docs/format.md: an empty hourly ring is 22 bytes up to 127 buckets and
   grows by one byte per further 7 bits of its length (1.0's text said 22
   bytes whatever the length). */
static void test_codec__empty_hourly_ring_size_follows_its_length(void **state)
{
    static const struct {
        uint32_t n;
        size_t len;
    } c[] = {{1, 22}, {127, 22}, {128, 23}, {16383, 23}, {16384, 24}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        nps_timeline *tl = NULL;
        size_t len = 0;
        assert_int_equal(nps_timeline_new(&tl, 3600, c[i].n, NULL), NPS_OK);
        assert_int_equal(nps_timeline_serialize(tl, NULL, 0, &len),
                         NPS_E_BUFSIZE);
        assert_int_equal(len, c[i].len);
        nps_timeline_free(tl);
    }
}

/* Build an empty timeline frame with a given version, unit, width and
   offset (standard scale, 4 buckets, nothing else). */
static size_t craft_tl_v(uint8_t *buf, uint8_t version, uint8_t unit,
                         uint64_t width, int64_t offset)
{
    size_t n = 0;
    uint64_t zz = offset < 0 ? ~((uint64_t)offset << 1) : (uint64_t)offset << 1;
    buf[n++] = 'N';
    buf[n++] = 'P';
    buf[n++] = 'S';
    buf[n++] = 'T';
    buf[n++] = version;
    buf[n++] = 0;
    buf[n++] = 10;
    buf[n++] = 7;
    buf[n++] = 9;
    buf[n++] = unit;
    n += put_varint(buf + n, width);
    n += put_varint(buf + n, zz);
    buf[n++] = 4;                   /* buckets */
    buf[n++] = 0;                   /* flags */
    buf[n++] = 0;                   /* horizon */
    buf[n++] = 0;                   /* dropped */
    buf[n++] = 0;                   /* stored buckets */
    return seal(buf, n);
}

/* Format version 2 exists only for fixed-width offsets beyond +-86400 s
   (below the width): anything version 1 can say in version 2 bytes is
   malformed (one state, one encoding), later versions are NPS_E_VERSION,
   and accumulators stay at version 1. */
static void test_codec__timeline_v2_only_for_new_geometry(void **state)
{
    uint8_t buf[64];
    size_t n;
    nps_timeline *tl = (nps_timeline *)buf;
    int64_t off = 0;
    (void)state;
    n = craft_tl_v(buf, 2, 0, 604800, 259200);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_OK);
    assert_int_equal(nps_timeline_offset(tl, &off), NPS_OK);
    assert_int_equal(off, 259200);
    nps_timeline_free(tl);
    /* the same offset in version 1 bytes: beyond the 1.0 limit */
    n = craft_tl_v(buf, 1, 0, 604800, 259200);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    assert_null(tl);
    /* version 2 with what version 1 can say, with months, at or past the
       width, negative */
    n = craft_tl_v(buf, 2, 0, 604800, 86400);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    n = craft_tl_v(buf, 2, 1, 3, 100000);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    n = craft_tl_v(buf, 2, 0, 604800, 604800);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    n = craft_tl_v(buf, 2, 0, 604800, -100000);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    n = craft_tl_v(buf, 2, 0, UINT64_MAX, 100000);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    /* newer than this library */
    n = craft_tl_v(buf, 3, 0, 604800, 259200);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_VERSION);
    /* version 0 is malformed */
    n = craft_tl_v(buf, 0, 0, 604800, 0);
    assert_int_equal(nps_timeline_deserialize(&tl, buf, n), NPS_E_FORMAT);
    /* an accumulator frame of version 2 does not exist yet */
    {
        nps_acc *a = NULL;
        size_t len = 0;
        uint8_t ab[64];
        nps_acc *got = acc_sentinel();
        assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
        assert_int_equal(nps_acc_serialize(a, ab, sizeof ab, &len), NPS_OK);
        ab[4] = 2;
        len = seal(ab, len - 4);
        assert_int_equal(nps_acc_deserialize(&got, ab, len), NPS_E_VERSION);
        assert_null(got);
        nps_acc_free(a);
    }
}

/* An allocator with a budget: refuses any request that would take the live
   bytes past limit, and records the largest request it saw. */
struct budget {
    size_t limit, live, largest;
};

static void *budget_alloc(void *ctx, size_t size)
{
    struct budget *b = (struct budget *)ctx;
    void *p;
    if (size > b->largest)
        b->largest = size;
    if (size > b->limit - b->live)
        return NULL;
    p = malloc(size);
    if (p)
        b->live += size;
    return p;
}

static void budget_free(void *ctx, void *ptr, size_t size)
{
    struct budget *b = (struct budget *)ctx;
    b->live -= size;
    free(ptr);
}

/* Decision (docs/format.md, "Decoding untrusted bytes"): decoding takes no
   size limit of its own. A 28-byte frame may declare a 0-100 scale and
   2^24 buckets, which decodes to a 1.7 GB timeline; a caller that decodes
   untrusted bytes passes an allocator with a budget, and the decoder
   answers NPS_E_NOMEM with nothing allocated. Here: a 1 MiB budget refuses
   the large frame and still decodes a small one. */
static void test_codec__timeline_decode_budget_through_allocator(void **state)
{
    struct budget b = {1u << 20, 0, 0};
    nps_allocator a;
    uint8_t buf[64];
    size_t n = 0;
    nps_timeline *tl = (nps_timeline *)buf;
    (void)state;
    a.alloc = budget_alloc;
    a.free = budget_free;
    a.ctx = &b;
    buf[n++] = 'N';
    buf[n++] = 'P';
    buf[n++] = 'S';
    buf[n++] = 'T';
    buf[n++] = 1;
    buf[n++] = 0;
    buf[n++] = 100;
    buf[n++] = 70;
    buf[n++] = 90;
    buf[n++] = 0;                     /* seconds */
    n += put_varint(buf + n, 60);     /* width */
    buf[n++] = 0;                     /* offset */
    n += put_varint(buf + n, UINT64_C(1) << 24);
    buf[n++] = 0;                     /* flags */
    buf[n++] = 0;                     /* horizon */
    buf[n++] = 0;                     /* dropped */
    buf[n++] = 0;                     /* stored buckets */
    n = seal(buf, n);
    assert_true(n <= 28);
    assert_int_equal(nps_timeline_deserialize_with_allocator(&tl, buf, n, &a),
                     NPS_E_NOMEM);
    assert_null(tl);
    assert_int_equal(b.live, 0);
    /* (2^24 buckets) * (101 counts + 1 total) * 8 bytes */
    assert_true(b.largest >= (size_t)((UINT64_C(1) << 24) * 102 * 8));
    n = craft_tl_v(buf, 1, 0, 3600, 0);
    assert_int_equal(nps_timeline_deserialize_with_allocator(&tl, buf, n, &a),
                     NPS_OK);
    assert_true(b.live > 0 && b.live <= b.limit);
    assert_int_equal(b.live, nps_timeline_footprint(tl));
    nps_timeline_free(tl);
    assert_int_equal(b.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codec__timeline_decode_budget_through_allocator),
        cmocka_unit_test(test_codec__timeline_v2_only_for_new_geometry),
        cmocka_unit_test(test_codec__empty_hourly_ring_size_follows_its_length),
        cmocka_unit_test(test_codec__crc_reference_matches_check_value),
        cmocka_unit_test(test_codec__acc_encodes_worked_example_bytes),
        cmocka_unit_test(test_codec__acc_decodes_worked_example),
        cmocka_unit_test(test_codec__acc_size_query_reports_length_and_writes_nothing),
        cmocka_unit_test(test_codec__acc_null_arguments_are_invalid),
        cmocka_unit_test(test_codec__acc_random_states_round_trip_exactly),
        cmocka_unit_test(test_codec__acc_equal_states_give_equal_bytes),
        cmocka_unit_test(test_codec__acc_every_truncation_is_rejected),
        cmocka_unit_test(test_codec__acc_every_truncation_with_valid_crc_is_rejected),
        cmocka_unit_test(test_codec__acc_every_trailing_byte_is_rejected),
        cmocka_unit_test(test_codec__acc_extra_field_with_valid_crc_is_rejected),
        cmocka_unit_test(test_codec__acc_every_single_bit_flip_is_rejected),
        cmocka_unit_test(test_codec__acc_double_bit_flips_within_a_byte_pair_are_rejected),
        cmocka_unit_test(test_codec__acc_counts_summing_past_uint64_max_are_rejected),
        cmocka_unit_test(test_codec__acc_non_minimal_varints_are_rejected),
        cmocka_unit_test(test_codec__acc_varints_beyond_64_bits_are_rejected),
        cmocka_unit_test(test_codec__acc_invalid_scales_are_rejected),
        cmocka_unit_test(test_codec__acc_wrong_magic_or_kind_is_rejected),
        cmocka_unit_test(test_codec__acc_newer_version_is_version_error),
        cmocka_unit_test(test_codec__acc_decode_uses_the_given_allocator),
        cmocka_unit_test(test_codec__acc_allocation_failure_is_nomem_and_leaks_nothing),
        cmocka_unit_test(test_codec__acc_malformed_input_allocates_nothing),
        cmocka_unit_test(test_codec__acc_serialize_leaves_object_unchanged),
        cmocka_unit_test(test_codec__timeline_encodes_worked_example_bytes),
        cmocka_unit_test(test_codec__timeline_decodes_worked_example),
        cmocka_unit_test(test_codec__timeline_size_query_and_bufsize_write_nothing),
        cmocka_unit_test(test_codec__timeline_null_arguments_are_invalid),
        cmocka_unit_test(test_codec__timeline_random_states_round_trip_exactly),
        cmocka_unit_test(test_codec__timeline_equal_states_give_equal_bytes),
        cmocka_unit_test(test_codec__timeline_every_truncation_is_rejected),
        cmocka_unit_test(test_codec__timeline_every_truncation_with_valid_crc_is_rejected),
        cmocka_unit_test(test_codec__timeline_at_the_start_of_int64_time_round_trips),
        cmocka_unit_test(test_codec__timeline_every_trailing_byte_is_rejected),
        cmocka_unit_test(test_codec__timeline_every_single_bit_flip_is_rejected),
        cmocka_unit_test(test_codec__timeline_crafted_base_is_valid),
        cmocka_unit_test(test_codec__timeline_bad_geometry_is_rejected),
        cmocka_unit_test(test_codec__timeline_bad_bucket_lists_are_rejected),
        cmocka_unit_test(test_codec__timeline_unreachable_newest_index_is_rejected),
        cmocka_unit_test(test_codec__timeline_non_minimal_field_varints_are_rejected),
        cmocka_unit_test(test_codec__timeline_non_minimal_zigzag_is_rejected),
        cmocka_unit_test(test_codec__timeline_newer_version_and_wrong_kind),
        cmocka_unit_test(test_codec__timeline_decode_uses_the_given_allocator),
        cmocka_unit_test(test_codec__timeline_allocation_failure_is_nomem_and_leaks_nothing),
        cmocka_unit_test(test_codec__timeline_malformed_input_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
