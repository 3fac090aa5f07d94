/*
 * Differential tests of the counting kernels: every kernel this CPU can run
 * against the scalar reference (src/kernel_scalar.c) on random data, every
 * length 0..300 at every alignment 0..63, large lengths across the kernels'
 * block boundaries, a bad byte at every position, every scale on 0..100 and
 * the byte-range edges. A kernel the CPU lacks cannot run and is reported as
 * skipped. The expected results come from the scalar reference, which is
 * itself checked against counts written by hand below.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kernels.h"

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Bytes uniform on [lo, hi]. */
static void fill(uint8_t *p, size_t n, unsigned lo, unsigned hi)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (uint8_t)(lo + rng() % (hi - lo + 1u));
}

/* A byte off [lo, hi], or -1 when every byte is on it. */
static int off_scale_byte(unsigned lo, unsigned hi)
{
    if (lo == 0 && hi == 255)
        return -1;
    for (;;) {
        unsigned b = (unsigned)(rng() % 256u);
        if (b < lo || b > hi)
            return (int)b;
    }
}

/* Runs kernel f and the reference on the same bytes and compares result,
   bad index and (on success) the whole histogram. */
static void check_same(nps__count_fn f, const char *name, const uint8_t *s,
                       size_t n, unsigned lo, unsigned hi)
{
    uint64_t want[257], got[257];
    size_t want_bad = (size_t)-1, got_bad = (size_t)-2;
    int rw, rg;
    /* A sentinel past the histogram catches a write beyond hi - lo. */
    memset(want, 0, sizeof want);
    memset(got, 0, sizeof got);
    want[hi - lo + 1] = got[hi - lo + 1] = 0xA5A5A5A5u;
    rw = nps__count_scalar(s, n, (uint8_t)lo, (uint8_t)hi, want, &want_bad);
    rg = f(s, n, (uint8_t)lo, (uint8_t)hi, got, &got_bad);
    if (rw != rg || (!rw && want_bad != got_bad) ||
        (rw && memcmp(want, got, sizeof want) != 0) ||
        got[hi - lo + 1] != 0xA5A5A5A5u) {
        print_error("kernel %s: n=%zu lo=%u hi=%u: ok %d vs %d, bad %zu vs %zu\n",
                    name, n, lo, hi, rg, rw, got_bad, want_bad);
        fail();
    }
}

/* Calls body(f, name) for every kernel this CPU runs besides the scalar
   one; reports the ones it cannot run. */
typedef void (*kernel_body)(nps__count_fn f, const char *name);
static void for_each_simd_kernel(kernel_body body)
{
    int k;
    for (k = NPS__KERNEL_SCALAR + 1; k < NPS__KERNEL_COUNT; k++) {
        const char *name;
        nps__count_fn f = nps__kernel_get(k, &name);
        if (f)
            body(f, name);
    }
}

static void test_kernels__report_available(void **state)
{
    int k, sel = nps__kernel_selected();
    (void)state;
    for (k = 0; k < NPS__KERNEL_COUNT; k++) {
        const char *name;
        nps__count_fn f = nps__kernel_get(k, &name);
        printf("[ INFO     ] kernel %-8s %s%s\n", name,
               f ? "tested" : "not available here (not compiled, or CPU lacks it): skipped",
               k == sel ? " (selected)" : "");
    }
    assert_non_null(nps__kernel_get(NPS__KERNEL_SCALAR, NULL));
    assert_null(nps__kernel_get(NPS__KERNEL_COUNT, NULL));
    assert_null(nps__kernel_get(-1, NULL));
}

/* The reference itself, on counts worked out by hand. */
static void test_kernels__scalar_reference_counts_by_hand(void **state)
{
    /* 0-10 scale: three 0s, one 5, two 9s, one 10. */
    static const uint8_t s[] = {0, 9, 5, 0, 10, 9, 0};
    /* 1-10 scale: the same bytes, the first 0 is off the scale. */
    uint64_t h[11];
    size_t bad = 99;
    (void)state;
    memset(h, 0, sizeof h);
    assert_int_equal(nps__count_scalar(s, sizeof s, 0, 10, h, &bad), 1);
    assert_int_equal(h[0], 3);
    assert_int_equal(h[5], 1);
    assert_int_equal(h[9], 2);
    assert_int_equal(h[10], 1);
    assert_int_equal(h[1] + h[2] + h[3] + h[4] + h[6] + h[7] + h[8], 0);
    assert_int_equal(bad, 99);
    memset(h, 0, sizeof h);
    assert_int_equal(nps__count_scalar(s + 1, 6, 1, 10, h, &bad), 0);
    assert_int_equal(bad, 2); /* s[3] == 0 is the first byte below 1 */
    /* ADDED to, not stored. */
    memset(h, 0, sizeof h);
    h[5] = 40;
    assert_int_equal(nps__count_scalar(s, 3, 0, 10, h, &bad), 1);
    assert_int_equal(h[5], 41);
    assert_int_equal(h[0], 1);
    assert_int_equal(h[9], 1);
}

/* The dispatcher returns what the selected kernel returns. */
static void test_kernels__dispatch_matches_reference(void **state)
{
    static uint8_t buf[5000];
    (void)state;
    fill(buf, sizeof buf, 0, 10);
    check_same(nps__count_scores, "dispatch", buf, sizeof buf, 0, 10);
    buf[4321] = 11;
    check_same(nps__count_scores, "dispatch", buf, sizeof buf, 0, 10);
}

static uint8_t *big_buf(size_t n)
{
    uint8_t *p = (uint8_t *)malloc(n + 64);
    assert_non_null(p);
    return p;
}

static void lengths_alignments(nps__count_fn f, const char *name)
{
    uint8_t *buf = big_buf(300 + 64);
    size_t n, a;
    for (a = 0; a < 64; a++)
        for (n = 0; n <= 300; n++) {
            fill(buf + a, n, 0, 10);
            check_same(f, name, buf + a, n, 0, 10);
            fill(buf + a, n, 1, 10);
            check_same(f, name, buf + a, n, 1, 10);
        }
    free(buf);
}

static void test_kernels__every_length_to_300_every_alignment(void **state)
{
    (void)state;
    for_each_simd_kernel(lengths_alignments);
}

/* Lengths across every block size the kernels use (16..64-byte vectors,
   15- and 255-vector blocks, 1024-vector blocks) and a large odd one. */
static void large_lengths(nps__count_fn f, const char *name)
{
    static const size_t base[] = {255 * 16, 255 * 32, 255 * 64, 256 * 64,
                                  15 * 64, 1024 * 16, 3 * 255 * 64,
                                  (size_t)1 << 16, ((size_t)1 << 20) + 7};
    size_t big = ((size_t)1 << 20) + 64 + 7;
    uint8_t *buf = big_buf(big);
    size_t i;
    int d;
    fill(buf, big, 0, 10);
    for (i = 0; i < sizeof base / sizeof base[0]; i++)
        for (d = -2; d <= 2; d++) {
            size_t n = base[i] + (size_t)(long)d;
            check_same(f, name, buf, n, 0, 10);
            check_same(f, name, buf + 3, n, 0, 10);
        }
    /* Skewed data: every byte the same value, and only the ends. */
    memset(buf, 10, big);
    check_same(f, name, buf, ((size_t)1 << 20) + 7, 0, 10);
    memset(buf, 0, big);
    check_same(f, name, buf, ((size_t)1 << 20) + 7, 0, 10);
    /* A wide scale over the same lengths. */
    fill(buf, big, 0, 100);
    check_same(f, name, buf, ((size_t)1 << 20) + 7, 0, 100);
    check_same(f, name, buf + 1, 255 * 64 + 1, 0, 100);
    free(buf);
}

static void test_kernels__large_lengths_match_reference(void **state)
{
    (void)state;
    for_each_simd_kernel(large_lengths);
}

/* A bad byte at every position of every length up to 300, below and above
   the scale, alone and followed by a second one: the first index wins. */
static void bad_every_position(nps__count_fn f, const char *name)
{
    uint8_t *buf = big_buf(300 + 64);
    size_t n, p;
    for (n = 1; n <= 300; n++)
        for (p = 0; p < n; p++) {
            size_t a = (n + p) % 64;
            fill(buf + a, n, 1, 10);
            buf[a + p] = (p % 2) ? 11 : 0;
            check_same(f, name, buf + a, n, 1, 10);
            buf[a + p] = (uint8_t)(101 + rng() % 155u);
            check_same(f, name, buf + a, n, 1, 10);
            if (p + 1 < n) {
                buf[a + n - 1] = 0;
                check_same(f, name, buf + a, n, 1, 10);
            }
        }
    free(buf);
}

static void test_kernels__bad_byte_at_every_position(void **state)
{
    (void)state;
    for_each_simd_kernel(bad_every_position);
}

/* A bad byte late in a large buffer, at block boundaries and in the tail:
   counting has already run over many blocks before it. */
static void bad_in_large(nps__count_fn f, const char *name)
{
    size_t n = ((size_t)1 << 20) + 13;
    uint8_t *buf = big_buf(n);
    static const size_t pos[] = {0, 15 * 64 - 1, 15 * 64, 255 * 16, 255 * 32 - 1,
                                 255 * 64, 256 * 64 - 1, 256 * 64, 1024 * 16 + 5,
                                 ((size_t)1 << 20) - 1, ((size_t)1 << 20) + 12};
    size_t i;
    fill(buf, n, 0, 10);
    for (i = 0; i < sizeof pos / sizeof pos[0]; i++) {
        uint8_t keep = buf[pos[i]];
        buf[pos[i]] = 11;
        check_same(f, name, buf, n, 0, 10);
        buf[pos[i]] = 255;
        check_same(f, name, buf, n, 0, 10);
        buf[pos[i]] = keep;
    }
    fill(buf, n, 0, 100);
    buf[n - 2] = 101;
    check_same(f, name, buf, n, 0, 100);
    free(buf);
}

static void test_kernels__bad_byte_in_large_buffer_gives_first_index(void **state)
{
    (void)state;
    for_each_simd_kernel(bad_in_large);
}

/* Every (lo, hi) with 0 <= lo <= hi <= 100, on data from the scale and with
   one byte just off either end. */
static void every_scale(nps__count_fn f, const char *name)
{
    static const size_t lens[] = {77, 1000 + 33};
    uint8_t *buf = big_buf(1100);
    unsigned lo, hi;
    size_t li;
    for (lo = 0; lo <= 100; lo++)
        for (hi = lo; hi <= 100; hi++)
            for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
                size_t n = lens[li];
                fill(buf, n, lo, hi);
                check_same(f, name, buf, n, lo, hi);
                buf[n / 2] = (uint8_t)(hi + 1);
                check_same(f, name, buf, n, lo, hi);
                if (lo > 0) {
                    buf[n / 3] = (uint8_t)(lo - 1);
                    check_same(f, name, buf, n, lo, hi);
                }
            }
    free(buf);
}

static void test_kernels__every_scale_on_0_to_100(void **state)
{
    (void)state;
    for_each_simd_kernel(every_scale);
}

/* The byte range's edges: scales reaching 0 and 255, one-point scales,
   and bytes 101..255 against the widest library scale. */
static void edges(nps__count_fn f, const char *name)
{
    static const unsigned pairs[][2] = {{0, 255}, {0, 254}, {1, 255}, {255, 255},
                                        {0, 0}, {128, 255}, {0, 127}, {127, 128},
                                        {240, 255}, {250, 255}, {200, 215},
                                        {0, 15}, {0, 16}, {0, 31}, {0, 32},
                                        {100, 100}};
    size_t n = 3000;
    uint8_t *buf = big_buf(n);
    size_t i, j;
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        unsigned lo = pairs[i][0], hi = pairs[i][1];
        int b;
        fill(buf, n, lo, hi);
        check_same(f, name, buf, n, lo, hi);
        b = off_scale_byte(lo, hi);
        if (b >= 0) {
            buf[n - 100] = (uint8_t)b;
            check_same(f, name, buf, n, lo, hi);
        }
        /* Every byte value: all off the scale but the scale's own. */
        for (j = 0; j < n; j++)
            buf[j] = (uint8_t)j;
        check_same(f, name, buf, n, lo, hi);
    }
    /* Scores 101..255 against 0..100, each alone in valid data. */
    fill(buf, n, 0, 100);
    for (j = 101; j <= 255; j++) {
        size_t at = (j * 17) % n;
        uint8_t keep = buf[at];
        buf[at] = (uint8_t)j;
        check_same(f, name, buf, n, 0, 100);
        buf[at] = keep;
    }
    /* lo > hi: every byte is off the scale. */
    check_same(f, name, buf, n, 10, 9);
    free(buf);
}

static void test_kernels__byte_range_edges(void **state)
{
    (void)state;
    for_each_simd_kernel(edges);
}

/* The histogram is added to: counts already there stay. */
static void adds_to(nps__count_fn f, const char *name)
{
    uint8_t buf[1000];
    uint64_t h[11];
    size_t bad = 0;
    unsigned v;
    fill(buf, sizeof buf, 0, 10);
    for (v = 0; v <= 10; v++)
        h[v] = 1000u * v;
    assert_int_equal(f(buf, sizeof buf, 0, 10, h, &bad), 1);
    assert_int_equal(f(buf, sizeof buf, 0, 10, h, &bad), 1);
    {
        uint64_t want[11];
        memset(want, 0, sizeof want);
        nps__count_scalar(buf, sizeof buf, 0, 10, want, &bad);
        for (v = 0; v <= 10; v++)
            if (h[v] != 1000u * v + 2 * want[v]) {
                print_error("kernel %s does not add to hist[%u]\n", name, v);
                fail();
            }
    }
}

static void test_kernels__histogram_is_added_to(void **state)
{
    (void)state;
    for_each_simd_kernel(adds_to);
}

/* The public entry point keeps its all-or-nothing promise whichever kernel
   it dispatched to. */
static void test_kernels__add_scores_bad_byte_adds_nothing(void **state)
{
    size_t n = 100000;
    uint8_t *buf = big_buf(n);
    nps_acc *acc = NULL, *before = NULL;
    size_t bad = 0;
    (void)state;
    assert_int_equal(nps_acc_new(&acc, NULL), NPS_OK);
    fill(buf, n, 0, 10);
    assert_int_equal(nps_acc_add_scores(acc, buf, n, &bad), NPS_OK);
    assert_int_equal(nps_acc_total(acc), n);
    assert_int_equal(nps_acc_clone(&before, acc), NPS_OK);
    buf[77777] = 11;
    buf[88888] = 200;
    assert_int_equal(nps_acc_add_scores(acc, buf, n, &bad), NPS_E_RANGE);
    assert_int_equal(bad, 77777);
    assert_true(nps_acc_equal(acc, before));
    nps_acc_free(before);
    nps_acc_free(acc);
    free(buf);
}

/* Identifiers outside the enum have no kernel and the name "unknown". */
static void test_kernels__unknown_identifier_is_named_unknown(void **state)
{
    static const int ids[] = {-1, NPS__KERNEL_COUNT, 1000};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const char *name = NULL;
        assert_null(nps__kernel_get(ids[i], &name));
        assert_string_equal(name, "unknown");
    }
}

/* Scales of at most 8 points starting at byte 0, over several whole 16 KiB
   superblocks plus a tail: the AVX-512 kernel counts them with one table
   and no offset, a loop no wider scale takes. */
static void narrow_from_zero(nps__count_fn f, const char *name)
{
    size_t n = 3 * 16384 + 77;
    uint8_t *buf = big_buf(n);
    unsigned hi;
    for (hi = 0; hi < 8; hi++) {
        fill(buf, n, 0, hi);
        check_same(f, name, buf, n, 0, hi);
        check_same(f, name, buf + 1, n - 1, 0, hi);
        buf[16384 + 4000] = (uint8_t)(hi + 1); /* in the second superblock */
        check_same(f, name, buf, n, 0, hi);
    }
    free(buf);
}

static void test_kernels__narrow_scales_from_zero_over_superblocks(
    void **state)
{
    (void)state;
    for_each_simd_kernel(narrow_from_zero);
}

/* A wide scale over several MiB: the SSE2 kernel's 32-bit sub-histograms
   are flushed into hist every MiB, here three times plus the tail; skewed
   data puts every byte in one counter. */
static void wide_over_flushes(nps__count_fn f, const char *name)
{
    size_t n = ((size_t)3 << 20) + 4099;
    uint8_t *buf = big_buf(n);
    fill(buf, n, 0, 100);
    check_same(f, name, buf, n, 0, 100);
    buf[((size_t)2 << 20) + 5] = 101; /* a bad byte after two flushes */
    check_same(f, name, buf, n, 0, 100);
    memset(buf, 100, n);
    check_same(f, name, buf, n, 0, 100);
    free(buf);
}

static void test_kernels__wide_scale_across_counter_flushes(void **state)
{
    (void)state;
    for_each_simd_kernel(wide_over_flushes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels__report_available),
        cmocka_unit_test(test_kernels__scalar_reference_counts_by_hand),
        cmocka_unit_test(test_kernels__dispatch_matches_reference),
        cmocka_unit_test(test_kernels__every_length_to_300_every_alignment),
        cmocka_unit_test(test_kernels__large_lengths_match_reference),
        cmocka_unit_test(test_kernels__bad_byte_at_every_position),
        cmocka_unit_test(test_kernels__bad_byte_in_large_buffer_gives_first_index),
        cmocka_unit_test(test_kernels__every_scale_on_0_to_100),
        cmocka_unit_test(test_kernels__byte_range_edges),
        cmocka_unit_test(test_kernels__histogram_is_added_to),
        cmocka_unit_test(test_kernels__add_scores_bad_byte_adds_nothing),
        cmocka_unit_test(test_kernels__unknown_identifier_is_named_unknown),
        cmocka_unit_test(test_kernels__narrow_scales_from_zero_over_superblocks),
        cmocka_unit_test(test_kernels__wide_scale_across_counter_flushes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
