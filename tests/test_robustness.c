/*
 * Robustness: every public function against every class of bad input that
 * applies to it (NULL arguments, out-of-range values, counts near
 * UINT64_MAX, corrupted bytes, mismatched geometry). Each failing call must
 * return its documented status and leave every object exactly as it was:
 * accumulators are compared with a clone (nps_acc_equal) and with their
 * serialized bytes; timelines with a clone (nps_timeline_equal), their drop
 * counter and their serialized bytes, which also carry the clock and the
 * horizon guard. docs/robustness.md maps each function and input class to
 * the test below that pins it.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nps.h"

/* A value no function computes, so an output still holding it was not
   written. */
#define UNTOUCHED_D 12345.5
#define UNTOUCHED_U UINT64_C(0x5a5a5a5a5a5a5a5a)
#define UNTOUCHED_Z ((size_t)0x5a5a5a5a)
#define UNTOUCHED_I INT64_C(0x5a5a5a5a5a5a5a5a)

/* A non-NULL pointer that a constructor must overwrite with NULL on error. */
#define STALE_PTR(type) ((type *)(uintptr_t)0x10)

static const nps_scale standard = {0, 10, 7, 9};
static const nps_scale one_to_ten = {1, 10, 7, 9};

/* Levels, methods and categories that every function taking them must
   refuse. */
static const double bad_levels[] = {0.0, 1.0, -0.5, 1.5, -1e-300, 1.0 + 1e-15};
#define N_BAD_LEVELS (sizeof bad_levels / sizeof bad_levels[0])

static double nan_value(void) { return nan(""); }

/* ---- allocator that counts and can fail ------------------------------ */

struct ledger {
    size_t live_blocks;
    size_t calls;
    size_t fail_after; /* calls allowed before failing; SIZE_MAX: never */
};

static void *ledger_alloc(void *ctx, size_t size)
{
    struct ledger *l = (struct ledger *)ctx;
    void *p;
    if (l->calls++ >= l->fail_after)
        return NULL;
    p = malloc(size);
    if (p)
        l->live_blocks++;
    return p;
}

static void ledger_free(void *ctx, void *ptr, size_t size)
{
    struct ledger *l = (struct ledger *)ctx;
    (void)size;
    assert_non_null(ptr);
    l->live_blocks--;
    free(ptr);
}

static nps_allocator ledger_allocator(struct ledger *l, size_t fail_after)
{
    nps_allocator a;
    l->live_blocks = 0;
    l->calls = 0;
    l->fail_after = fail_after;
    a.alloc = ledger_alloc;
    a.free = ledger_free;
    a.ctx = l;
    return a;
}

/* ---- snapshots for the strong guarantee ------------------------------ */

struct acc_snap {
    nps_acc *copy;
    unsigned char bytes[2048];
    size_t len;
};

static void acc_snap_take(struct acc_snap *s, const nps_acc *acc)
{
    assert_int_equal(nps_acc_clone(&s->copy, acc), NPS_OK);
    assert_int_equal(nps_acc_serialize(acc, s->bytes, sizeof s->bytes, &s->len),
                     NPS_OK);
}

static void acc_snap_check(const struct acc_snap *s, const nps_acc *acc)
{
    unsigned char now[2048];
    size_t len = 0;
    assert_true(nps_acc_equal(acc, s->copy));
    assert_int_equal(nps_acc_serialize(acc, now, sizeof now, &len), NPS_OK);
    assert_int_equal(len, s->len);
    assert_memory_equal(now, s->bytes, len);
}

static void acc_snap_free(struct acc_snap *s)
{
    nps_acc_free(s->copy);
    s->copy = NULL;
}

struct tl_snap {
    nps_timeline *copy;
    unsigned char *bytes;
    size_t len;
    uint64_t dropped;
};

static unsigned char *tl_bytes(const nps_timeline *tl, size_t *len)
{
    unsigned char *buf;
    assert_int_equal(nps_timeline_serialize(tl, NULL, 0, len), NPS_E_BUFSIZE);
    buf = (unsigned char *)malloc(*len);
    assert_non_null(buf);
    assert_int_equal(nps_timeline_serialize(tl, buf, *len, len), NPS_OK);
    return buf;
}

static void tl_snap_take(struct tl_snap *s, const nps_timeline *tl)
{
    assert_int_equal(nps_timeline_clone(&s->copy, tl), NPS_OK);
    s->bytes = tl_bytes(tl, &s->len);
    s->dropped = nps_timeline_dropped(tl);
}

/* extra_dropped: events the failing call was documented to count as
   dropped (NPS_E_TOO_OLD); everything else must be as before. */
static void tl_snap_check_dropped(const struct tl_snap *s,
                                  const nps_timeline *tl,
                                  uint64_t extra_dropped)
{
    assert_true(nps_timeline_equal(tl, s->copy));
    assert_int_equal(nps_timeline_dropped(tl), s->dropped + extra_dropped);
    if (extra_dropped == 0) {
        size_t len = 0;
        unsigned char *now = tl_bytes(tl, &len);
        assert_int_equal(len, s->len);
        assert_memory_equal(now, s->bytes, len);
        free(now);
    }
}

static void tl_snap_check(const struct tl_snap *s, const nps_timeline *tl)
{
    tl_snap_check_dropped(s, tl, 0);
}

static void tl_snap_free(struct tl_snap *s)
{
    nps_timeline_free(s->copy);
    free(s->bytes);
    s->copy = NULL;
    s->bytes = NULL;
}

/* An accumulator with a few answers in every category. */
static nps_acc *sample_acc(const nps_scale *scale)
{
    nps_acc *acc = NULL;
    const nps_scale *s = scale ? scale : &standard;
    assert_int_equal(nps_acc_new(&acc, scale), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, s->min, 3), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, s->passive_min, 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, s->max, 5), NPS_OK);
    return acc;
}

/* A standard-scale accumulator whose total is UINT64_MAX. */
static nps_acc *full_acc(void)
{
    nps_acc *acc = NULL;
    assert_int_equal(nps_acc_new(&acc, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 9, UINT64_MAX - 10), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 3, 10), NPS_OK);
    assert_int_equal(nps_acc_total(acc), UINT64_MAX);
    return acc;
}

/*
 * A timeline with something in every field the byte form carries: 60 s
 * buckets, ring of 4, guard of one hour, clock at t = 1000, answers in two
 * buckets and one event dropped as too old.
 */
static nps_timeline *sample_tl(void)
{
    nps_timeline *tl = NULL;
    assert_int_equal(nps_timeline_new(&tl, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_set_horizon(tl, 3600), NPS_OK);
    assert_int_equal(nps_timeline_advance(tl, 1000), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1000, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 1001, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 950, 3), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 900, 7), NPS_OK);
    /* Bucket 1000/60 = 16 is the newest; 12 and older are evicted. */
    assert_int_equal(nps_timeline_add(tl, 0, 5), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(tl), 1);
    return tl;
}

/* ---- CRC-32C, to build frames whose only defect is a field ----------- */

static uint32_t crc32c(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

static void reseal(unsigned char *frame, size_t len)
{
    uint32_t c = crc32c(frame, len - 4);
    frame[len - 4] = (unsigned char)c;
    frame[len - 3] = (unsigned char)(c >> 8);
    frame[len - 2] = (unsigned char)(c >> 16);
    frame[len - 1] = (unsigned char)(c >> 24);
}

/* ---- version, status, scale ------------------------------------------ */

static void test_robustness__crc_helper_matches_check_value(void **state)
{
    /* The published CRC-32C check value of "123456789"; the frames built
       below are only meaningful if the helper agrees with the format. */
    const unsigned char check[] = "123456789";
    (void)state;
    assert_int_equal(crc32c(check, 9), 0xe3069283u);
}

static void test_robustness__version_and_strerror_never_fail(void **state)
{
    static const int odd[] = {1, 2, -12, -100, INT_MIN, INT_MAX};
    size_t i;
    (void)state;
    assert_int_equal(nps_version_number(), NPS_VERSION_NUMBER);
    assert_non_null(nps_version_string());
    assert_string_equal(nps_version_string(), NPS_VERSION_STRING);
    for (i = 0; i < sizeof odd / sizeof odd[0]; i++)
        assert_string_equal(nps_strerror((nps_status)odd[i]), "unknown status");
    for (i = 0; i <= 11; i++) {
        const char *t = nps_strerror((nps_status)-(int)i);
        assert_non_null(t);
        assert_string_not_equal(t, "unknown status");
    }
}

static void test_robustness__category_name_bad_enum(void **state)
{
    (void)state;
    assert_string_equal(nps_category_name((nps_category)3), "unknown");
    assert_string_equal(nps_category_name((nps_category)5), "unknown");
    assert_string_equal(nps_category_name((nps_category)-1), "unknown");
    assert_string_equal(nps_category_name((nps_category)INT_MAX), "unknown");
}

/* Scales breaking each rule of 0 <= min < passive_min <= promoter_min <=
   max <= NPS_SCALE_LIMIT, plus extreme ints. */
static const nps_scale bad_scales[] = {
    {-1, 10, 7, 9},         /* min < 0 */
    {0, 101, 7, 9},         /* max > limit */
    {7, 10, 7, 9},          /* no detractor point */
    {0, 10, 9, 7},          /* passive_min > promoter_min */
    {0, 8, 7, 9},           /* promoter_min > max: no promoter point */
    {0, 10, 0, 0},          /* min == passive_min */
    {10, 0, 7, 9},          /* min > max */
    {INT_MIN, 10, 7, 9},
    {0, INT_MAX, 7, 9},
    {0, 10, INT_MIN, 9},
    {0, 10, 7, INT_MAX},
};
#define N_BAD_SCALES (sizeof bad_scales / sizeof bad_scales[0])

static void test_robustness__scale_validate_out_of_range(void **state)
{
    size_t i;
    (void)state;
    assert_int_equal(nps_scale_validate(NULL), NPS_OK);
    for (i = 0; i < N_BAD_SCALES; i++)
        assert_int_equal(nps_scale_validate(&bad_scales[i]), NPS_E_INVALID);
}

static void test_robustness__classify_bad_input(void **state)
{
    static const int off[] = {-1, 11, 100, INT_MIN, INT_MAX};
    nps_category c = (nps_category)77;
    size_t i;
    (void)state;
    assert_int_equal(nps_classify(NULL, 5, NULL), NPS_E_INVALID);
    assert_int_equal(nps_classify(&standard, 5, NULL), NPS_E_INVALID);
    for (i = 0; i < N_BAD_SCALES; i++) {
        assert_int_equal(nps_classify(&bad_scales[i], 5, &c), NPS_E_INVALID);
        assert_int_equal(c, 77);
    }
    for (i = 0; i < sizeof off / sizeof off[0]; i++) {
        assert_int_equal(nps_classify(NULL, off[i], &c), NPS_E_RANGE);
        assert_int_equal(c, 77);
    }
    /* 0 exists on the standard scale but not on 1-10. */
    assert_int_equal(nps_classify(&one_to_ten, 0, &c), NPS_E_RANGE);
    assert_int_equal(c, 77);
}

/* ---- accumulator lifecycle -------------------------------------------- */

static void test_robustness__acc_new_bad_input(void **state)
{
    nps_acc *acc = STALE_PTR(nps_acc);
    size_t i;
    (void)state;
    assert_int_equal(nps_acc_new(NULL, NULL), NPS_E_INVALID);
    for (i = 0; i < N_BAD_SCALES; i++) {
        acc = STALE_PTR(nps_acc);
        assert_int_equal(nps_acc_new(&acc, &bad_scales[i]), NPS_E_INVALID);
        assert_null(acc);
    }
}

static void test_robustness__acc_new_with_allocator_bad_input(void **state)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX), half;
    nps_acc *acc = STALE_PTR(nps_acc);
    (void)state;
    assert_int_equal(nps_acc_new_with_allocator(NULL, NULL, &a), NPS_E_INVALID);
    /* An allocator missing either function is refused. */
    half = a;
    half.alloc = NULL;
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &half),
                     NPS_E_INVALID);
    assert_null(acc);
    half = a;
    half.free = NULL;
    acc = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &half),
                     NPS_E_INVALID);
    assert_null(acc);
    /* A bad scale is refused before anything is allocated. */
    acc = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_new_with_allocator(&acc, &bad_scales[0], &a),
                     NPS_E_INVALID);
    assert_null(acc);
    assert_int_equal(l.calls, 0);
    /* The allocator saying no is NOMEM, nothing held. */
    a = ledger_allocator(&l, 0);
    acc = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &a), NPS_E_NOMEM);
    assert_null(acc);
    assert_int_equal(l.live_blocks, 0);
}

static void test_robustness__free_and_reset_accept_null(void **state)
{
    (void)state;
    nps_acc_free(NULL);
    nps_acc_reset(NULL);
    nps_timeline_free(NULL);
    nps_timeline_reset(NULL);
}

static void test_robustness__acc_clone_bad_input(void **state)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX);
    nps_acc *acc = NULL, *copy = STALE_PTR(nps_acc);
    struct acc_snap s;
    (void)state;
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &a), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 9, 4), NPS_OK);
    acc_snap_take(&s, acc);
    assert_int_equal(nps_acc_clone(NULL, acc), NPS_E_INVALID);
    assert_int_equal(nps_acc_clone(&copy, NULL), NPS_E_INVALID);
    assert_null(copy);
    /* The clone is allocated by the original's allocator, which now fails. */
    l.fail_after = 0;
    copy = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_clone(&copy, acc), NPS_E_NOMEM);
    assert_null(copy);
    acc_snap_check(&s, acc);
    acc_snap_free(&s);
    nps_acc_free(acc);
    assert_int_equal(l.live_blocks, 0);
}

/* ---- accumulator mutations -------------------------------------------- */

static const int off_standard[] = {-1, 11, 12, 100, 255, 256, INT_MIN, INT_MAX};
#define N_OFF (sizeof off_standard / sizeof off_standard[0])

static void test_robustness__acc_add_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL), *ten = sample_acc(&one_to_ten);
    struct acc_snap s, st;
    size_t i;
    (void)state;
    acc_snap_take(&s, acc);
    acc_snap_take(&st, ten);
    assert_int_equal(nps_acc_add(NULL, 5), NPS_E_INVALID);
    for (i = 0; i < N_OFF; i++) {
        assert_int_equal(nps_acc_add(acc, off_standard[i]), NPS_E_RANGE);
        assert_int_equal(nps_acc_add(ten, off_standard[i]), NPS_E_RANGE);
    }
    assert_int_equal(nps_acc_add(ten, 0), NPS_E_RANGE);
    acc_snap_check(&s, acc);
    acc_snap_check(&st, ten);
    acc_snap_free(&s);
    acc_snap_free(&st);
    nps_acc_free(acc);
    nps_acc_free(ten);
}

static void test_robustness__acc_add_overflow(void **state)
{
    nps_acc *acc = full_acc();
    struct acc_snap s;
    int score;
    (void)state;
    acc_snap_take(&s, acc);
    /* The total is at the limit, so one more answer of any score
       overflows, including scores whose own count is small. */
    for (score = 0; score <= 10; score++)
        assert_int_equal(nps_acc_add(acc, score), NPS_E_OVERFLOW);
    acc_snap_check(&s, acc);
    acc_snap_free(&s);
    nps_acc_free(acc);
}

static void test_robustness__acc_add_n_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL), *full = full_acc();
    struct acc_snap s, sf;
    size_t i;
    (void)state;
    acc_snap_take(&s, acc);
    acc_snap_take(&sf, full);
    assert_int_equal(nps_acc_add_n(NULL, 5, 1), NPS_E_INVALID);
    for (i = 0; i < N_OFF; i++) {
        assert_int_equal(nps_acc_add_n(acc, off_standard[i], 1), NPS_E_RANGE);
        /* Range is checked even when nothing would be added. */
        assert_int_equal(nps_acc_add_n(acc, off_standard[i], 0), NPS_E_RANGE);
    }
    /* total is 10: 10 + (UINT64_MAX - 9) passes the limit by one. */
    assert_int_equal(nps_acc_add_n(acc, 0, UINT64_MAX), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add_n(acc, 5, UINT64_MAX - 9), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add_n(full, 3, 1), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_add_n(full, 9, UINT64_MAX), NPS_E_OVERFLOW);
    acc_snap_check(&s, acc);
    acc_snap_check(&sf, full);
    /* The largest n that fits still works: the check is exact. */
    assert_int_equal(nps_acc_add_n(acc, 5, UINT64_MAX - 10), NPS_OK);
    assert_int_equal(nps_acc_total(acc), UINT64_MAX);
    assert_int_equal(nps_acc_add_n(full, 9, 0), NPS_OK);
    acc_snap_free(&s);
    acc_snap_free(&sf);
    nps_acc_free(acc);
    nps_acc_free(full);
}

static void test_robustness__acc_remove_n_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL); /* 3 x 0, 2 x 7, 5 x 10 */
    struct acc_snap s;
    size_t i;
    (void)state;
    acc_snap_take(&s, acc);
    assert_int_equal(nps_acc_remove_n(NULL, 0, 1), NPS_E_INVALID);
    for (i = 0; i < N_OFF; i++)
        assert_int_equal(nps_acc_remove_n(acc, off_standard[i], 1),
                         NPS_E_RANGE);
    assert_int_equal(nps_acc_remove_n(acc, 0, 4), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_remove_n(acc, 5, 1), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_remove_n(acc, 10, UINT64_MAX), NPS_E_OVERFLOW);
    acc_snap_check(&s, acc);
    acc_snap_free(&s);
    nps_acc_free(acc);
}

static void test_robustness__acc_add_scores_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL), *ten = sample_acc(&one_to_ten);
    nps_acc *full = full_acc();
    struct acc_snap s, st, sf;
    uint8_t batch[100];
    static const size_t where[] = {0, 1, 31, 32, 63, 99};
    static const uint8_t bad[] = {11, 12, 100, 255};
    size_t i, j, bad_index;
    (void)state;
    memset(batch, 9, sizeof batch);
    acc_snap_take(&s, acc);
    acc_snap_take(&st, ten);
    acc_snap_take(&sf, full);
    bad_index = UNTOUCHED_Z;
    assert_int_equal(nps_acc_add_scores(NULL, batch, 1, &bad_index),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_add_scores(acc, NULL, 1, &bad_index),
                     NPS_E_INVALID);
    assert_int_equal(bad_index, UNTOUCHED_Z);
    /* NULL with n == 0 is an empty batch. */
    assert_int_equal(nps_acc_add_scores(acc, NULL, 0, &bad_index), NPS_OK);
    assert_int_equal(bad_index, UNTOUCHED_Z);
    for (i = 0; i < sizeof where / sizeof where[0]; i++) {
        for (j = 0; j < sizeof bad / sizeof bad[0]; j++) {
            batch[where[i]] = bad[j];
            bad_index = UNTOUCHED_Z;
            assert_int_equal(nps_acc_add_scores(acc, batch, sizeof batch,
                                                &bad_index),
                             NPS_E_RANGE);
            assert_int_equal(bad_index, where[i]);
            assert_int_equal(nps_acc_add_scores(acc, batch, sizeof batch, NULL),
                             NPS_E_RANGE);
            batch[where[i]] = 9;
        }
    }
    /* 0 is off the 1-10 scale. */
    batch[40] = 0;
    assert_int_equal(nps_acc_add_scores(ten, batch, sizeof batch, &bad_index),
                     NPS_E_RANGE);
    assert_int_equal(bad_index, 40);
    batch[40] = 9;
    /* Valid bytes into a full accumulator: nothing added, no index. */
    bad_index = UNTOUCHED_Z;
    assert_int_equal(nps_acc_add_scores(full, batch, sizeof batch, &bad_index),
                     NPS_E_OVERFLOW);
    assert_int_equal(bad_index, UNTOUCHED_Z);
    acc_snap_check(&s, acc);
    acc_snap_check(&st, ten);
    acc_snap_check(&sf, full);
    acc_snap_free(&s);
    acc_snap_free(&st);
    acc_snap_free(&sf);
    nps_acc_free(acc);
    nps_acc_free(ten);
    nps_acc_free(full);
}

static void test_robustness__acc_merge_bad_input(void **state)
{
    nps_acc *a = sample_acc(NULL), *ten = sample_acc(&one_to_ten);
    nps_acc *full = full_acc(), *half = NULL;
    struct acc_snap sa, st, sf, sh;
    (void)state;
    /* Half the limit plus one, twice, passes it: self-merge must fail. */
    assert_int_equal(nps_acc_new(&half, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(half, 8, UINT64_MAX / 2 + 1), NPS_OK);
    acc_snap_take(&sa, a);
    acc_snap_take(&st, ten);
    acc_snap_take(&sf, full);
    acc_snap_take(&sh, half);
    assert_int_equal(nps_acc_merge(NULL, a), NPS_E_INVALID);
    assert_int_equal(nps_acc_merge(a, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_merge(NULL, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_merge(a, ten), NPS_E_MISMATCH);
    assert_int_equal(nps_acc_merge(ten, a), NPS_E_MISMATCH);
    assert_int_equal(nps_acc_merge(full, a), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_merge(a, full), NPS_E_OVERFLOW);
    assert_int_equal(nps_acc_merge(half, half), NPS_E_OVERFLOW);
    acc_snap_check(&sa, a);
    acc_snap_check(&st, ten);
    acc_snap_check(&sf, full);
    acc_snap_check(&sh, half);
    acc_snap_free(&sa);
    acc_snap_free(&st);
    acc_snap_free(&sf);
    acc_snap_free(&sh);
    nps_acc_free(a);
    nps_acc_free(ten);
    nps_acc_free(full);
    nps_acc_free(half);
}

static void test_robustness__acc_subtract_bad_input(void **state)
{
    nps_acc *dst = sample_acc(NULL), *src = NULL, *ten = sample_acc(&one_to_ten);
    struct acc_snap sd, ss, st;
    (void)state;
    /* src fits under dst at 0 and 7 but not at 10, the last point: a
       subtraction that wrote as it went would have changed 0 and 7. */
    assert_int_equal(nps_acc_new(&src, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(src, 0, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(src, 7, 1), NPS_OK);
    assert_int_equal(nps_acc_add_n(src, 10, 6), NPS_OK);
    acc_snap_take(&sd, dst);
    acc_snap_take(&ss, src);
    acc_snap_take(&st, ten);
    assert_int_equal(nps_acc_subtract(NULL, src), NPS_E_INVALID);
    assert_int_equal(nps_acc_subtract(dst, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_subtract(dst, ten), NPS_E_MISMATCH);
    assert_int_equal(nps_acc_subtract(ten, dst), NPS_E_MISMATCH);
    assert_int_equal(nps_acc_subtract(dst, src), NPS_E_OVERFLOW);
    acc_snap_check(&sd, dst);
    acc_snap_check(&ss, src);
    acc_snap_check(&st, ten);
    acc_snap_free(&sd);
    acc_snap_free(&ss);
    acc_snap_free(&st);
    nps_acc_free(dst);
    nps_acc_free(src);
    nps_acc_free(ten);
}

/* ---- accumulator queries --------------------------------------------- */

static void test_robustness__acc_getters_null_and_bad_enum(void **state)
{
    nps_acc *acc = sample_acc(NULL), *empty = NULL, *ten = NULL;
    (void)state;
    assert_int_equal(nps_acc_new(&empty, NULL), NPS_OK);
    assert_int_equal(nps_acc_new(&ten, &one_to_ten), NPS_OK);
    assert_int_equal(nps_acc_total(NULL), 0);
    assert_int_equal(nps_acc_count(NULL, 5), 0);
    assert_int_equal(nps_acc_count(acc, -1), 0);
    assert_int_equal(nps_acc_count(acc, 11), 0);
    assert_int_equal(nps_acc_count(acc, INT_MIN), 0);
    assert_int_equal(nps_acc_count(acc, INT_MAX), 0);
    assert_int_equal(nps_acc_category_count(NULL, NPS_PROMOTER), 0);
    assert_int_equal(nps_acc_category_count(acc, (nps_category)3), 0);
    assert_int_equal(nps_acc_category_count(acc, (nps_category)5), 0);
    assert_int_equal(nps_acc_category_count(acc, (nps_category)-1), 0);
    assert_true(isnan(nps_acc_score(NULL)));
    assert_true(isnan(nps_acc_score(empty)));
    assert_true(isnan(nps_acc_share(NULL, NPS_PROMOTER)));
    assert_true(isnan(nps_acc_share(empty, NPS_PROMOTER)));
    assert_true(isnan(nps_acc_share(acc, (nps_category)5)));
    assert_true(isnan(nps_acc_share(acc, (nps_category)-1)));
    assert_true(isnan(nps_acc_mean(NULL)));
    assert_true(isnan(nps_acc_mean(empty)));
    assert_int_equal(nps_acc_footprint(NULL), 0);
    assert_int_equal(nps_acc_equal(NULL, acc), 0);
    assert_int_equal(nps_acc_equal(acc, NULL), 0);
    assert_int_equal(nps_acc_equal(NULL, NULL), 0);
    /* Two empty accumulators on different scales differ. */
    assert_int_equal(nps_acc_equal(empty, ten), 0);
    nps_acc_free(acc);
    nps_acc_free(empty);
    nps_acc_free(ten);
}

static void test_robustness__acc_scale_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL);
    nps_scale out = {-7, -7, -7, -7};
    (void)state;
    assert_int_equal(nps_acc_scale(NULL, &out), NPS_E_INVALID);
    assert_int_equal(nps_acc_scale(acc, NULL), NPS_E_INVALID);
    assert_int_equal(out.min, -7);
    assert_int_equal(out.max, -7);
    assert_int_equal(out.passive_min, -7);
    assert_int_equal(out.promoter_min, -7);
    nps_acc_free(acc);
}

static void test_robustness__acc_counts_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL);
    struct acc_snap s;
    uint64_t buf[11];
    size_t len = UNTOUCHED_Z, i;
    (void)state;
    acc_snap_take(&s, acc);
    for (i = 0; i < 11; i++)
        buf[i] = UNTOUCHED_U;
    assert_int_equal(nps_acc_counts(NULL, buf, 11, &len), NPS_E_INVALID);
    assert_int_equal(nps_acc_counts(acc, buf, 11, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_counts(acc, NULL, 11, &len), NPS_E_INVALID);
    assert_int_equal(len, UNTOUCHED_Z);
    /* One slot short: the size is reported and nothing is written. */
    assert_int_equal(nps_acc_counts(acc, buf, 10, &len), NPS_E_BUFSIZE);
    assert_int_equal(len, 11);
    for (i = 0; i < 11; i++)
        assert_int_equal(buf[i], UNTOUCHED_U);
    len = UNTOUCHED_Z;
    assert_int_equal(nps_acc_counts(acc, NULL, 0, &len), NPS_E_BUFSIZE);
    assert_int_equal(len, 11);
    acc_snap_check(&s, acc);
    acc_snap_free(&s);
    nps_acc_free(acc);
}

/* ---- statistics -------------------------------------------------------- */

static const int bad_methods[] = {-1, 3, 7, INT_MAX};
#define N_BAD_METHODS (sizeof bad_methods / sizeof bad_methods[0])

static void test_robustness__acc_variance_and_stderr_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL), *empty = NULL;
    double out = UNTOUCHED_D;
    (void)state;
    assert_int_equal(nps_acc_new(&empty, NULL), NPS_OK);
    assert_int_equal(nps_acc_variance(NULL, &out), NPS_E_INVALID);
    assert_int_equal(nps_acc_variance(acc, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_variance(empty, &out), NPS_E_EMPTY);
    assert_int_equal(nps_acc_stderr(NULL, &out), NPS_E_INVALID);
    assert_int_equal(nps_acc_stderr(acc, NULL), NPS_E_INVALID);
    assert_int_equal(nps_acc_stderr(empty, &out), NPS_E_EMPTY);
    assert_true(out == UNTOUCHED_D);
    nps_acc_free(acc);
    nps_acc_free(empty);
}

/* Every (method, level) combination with at least one bad value. */
static void test_robustness__acc_interval_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL), *empty = NULL;
    struct acc_snap s;
    double lo = UNTOUCHED_D, hi = UNTOUCHED_D;
    size_t i;
    int m;
    (void)state;
    assert_int_equal(nps_acc_new(&empty, NULL), NPS_OK);
    acc_snap_take(&s, acc);
    assert_int_equal(nps_acc_interval(NULL, NPS_METHOD_WALD, 0.95, &lo, &hi),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, NULL, &hi),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_WALD, 0.95, &lo, NULL),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_METHODS; i++)
        assert_int_equal(nps_acc_interval(acc, (nps_method)bad_methods[i], 0.95,
                                          &lo, &hi),
                         NPS_E_INVALID);
    for (m = 0; m <= 2; m++) {
        for (i = 0; i < N_BAD_LEVELS; i++)
            assert_int_equal(nps_acc_interval(acc, (nps_method)m, bad_levels[i],
                                              &lo, &hi),
                             NPS_E_INVALID);
        assert_int_equal(nps_acc_interval(acc, (nps_method)m, nan_value(), &lo,
                                          &hi),
                         NPS_E_INVALID);
        assert_int_equal(nps_acc_interval(acc, (nps_method)m, INFINITY, &lo,
                                          &hi),
                         NPS_E_INVALID);
        assert_int_equal(nps_acc_interval(empty, (nps_method)m, 0.95, &lo, &hi),
                         NPS_E_EMPTY);
    }
    assert_true(lo == UNTOUCHED_D);
    assert_true(hi == UNTOUCHED_D);
    acc_snap_check(&s, acc);
    acc_snap_free(&s);
    nps_acc_free(acc);
    nps_acc_free(empty);
}

static void test_robustness__acc_margin_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL), *empty = NULL;
    double out = UNTOUCHED_D;
    size_t i;
    int m;
    (void)state;
    assert_int_equal(nps_acc_new(&empty, NULL), NPS_OK);
    assert_int_equal(nps_acc_margin(NULL, NPS_METHOD_WALD, 0.95, &out),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_margin(acc, NPS_METHOD_WALD, 0.95, NULL),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_METHODS; i++)
        assert_int_equal(nps_acc_margin(acc, (nps_method)bad_methods[i], 0.95,
                                        &out),
                         NPS_E_INVALID);
    for (m = 0; m <= 2; m++) {
        for (i = 0; i < N_BAD_LEVELS; i++)
            assert_int_equal(nps_acc_margin(acc, (nps_method)m, bad_levels[i],
                                            &out),
                             NPS_E_INVALID);
        assert_int_equal(nps_acc_margin(acc, (nps_method)m, nan_value(), &out),
                         NPS_E_INVALID);
        assert_int_equal(nps_acc_margin(empty, (nps_method)m, 0.95, &out),
                         NPS_E_EMPTY);
    }
    assert_true(out == UNTOUCHED_D);
    nps_acc_free(acc);
    nps_acc_free(empty);
}

static void test_robustness__acc_test_bad_input(void **state)
{
    static const double bad_bench[] = {-100.000001, 100.000001, -1e300, 1e300,
                                       -INFINITY, INFINITY};
    nps_acc *acc = sample_acc(NULL), *empty = NULL;
    double p = UNTOUCHED_D;
    size_t i;
    int m;
    (void)state;
    assert_int_equal(nps_acc_new(&empty, NULL), NPS_OK);
    assert_int_equal(nps_acc_test(NULL, 0.0, NPS_METHOD_WALD, &p), NPS_E_INVALID);
    assert_int_equal(nps_acc_test(acc, 0.0, NPS_METHOD_WALD, NULL),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_METHODS; i++)
        assert_int_equal(nps_acc_test(acc, 0.0, (nps_method)bad_methods[i], &p),
                         NPS_E_INVALID);
    for (m = 0; m <= 2; m++) {
        for (i = 0; i < sizeof bad_bench / sizeof bad_bench[0]; i++)
            assert_int_equal(nps_acc_test(acc, bad_bench[i], (nps_method)m, &p),
                             NPS_E_INVALID);
        assert_int_equal(nps_acc_test(acc, nan_value(), (nps_method)m, &p),
                         NPS_E_INVALID);
        assert_int_equal(nps_acc_test(empty, 0.0, (nps_method)m, &p),
                         NPS_E_EMPTY);
    }
    assert_true(p == UNTOUCHED_D);
    nps_acc_free(acc);
    nps_acc_free(empty);
}

static void test_robustness__compare_bad_input(void **state)
{
    nps_acc *a = sample_acc(NULL), *b = sample_acc(NULL), *empty = NULL;
    nps_acc *ten = sample_acc(&one_to_ten);
    double d = UNTOUCHED_D, lo = UNTOUCHED_D, hi = UNTOUCHED_D,
           p = UNTOUCHED_D;
    size_t i;
    int m;
    (void)state;
    assert_int_equal(nps_acc_new(&empty, NULL), NPS_OK);
    assert_int_equal(nps_compare(NULL, b, NPS_METHOD_WALD, 0.95, &d, &lo, &hi,
                                 &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_compare(a, NULL, NPS_METHOD_WALD, 0.95, &d, &lo, &hi,
                                 &p),
                     NPS_E_INVALID);
    /* No two-sample score method exists. */
    assert_int_equal(nps_compare(a, b, NPS_METHOD_SCORE, 0.95, &d, &lo, &hi,
                                 &p),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_METHODS; i++)
        assert_int_equal(nps_compare(a, b, (nps_method)bad_methods[i], 0.95, &d,
                                     &lo, &hi, &p),
                         NPS_E_INVALID);
    for (m = 0; m <= 1; m++) {
        for (i = 0; i < N_BAD_LEVELS; i++)
            assert_int_equal(nps_compare(a, b, (nps_method)m, bad_levels[i], &d,
                                         &lo, &hi, &p),
                             NPS_E_INVALID);
        assert_int_equal(nps_compare(a, b, (nps_method)m, nan_value(), &d, &lo,
                                     &hi, &p),
                         NPS_E_INVALID);
        assert_int_equal(nps_compare(a, ten, (nps_method)m, 0.95, &d, &lo, &hi,
                                     &p),
                         NPS_E_MISMATCH);
        assert_int_equal(nps_compare(ten, a, (nps_method)m, 0.95, &d, &lo, &hi,
                                     &p),
                         NPS_E_MISMATCH);
        assert_int_equal(nps_compare(a, empty, (nps_method)m, 0.95, &d, &lo,
                                     &hi, &p),
                         NPS_E_EMPTY);
        assert_int_equal(nps_compare(empty, a, (nps_method)m, 0.95, &d, &lo,
                                     &hi, &p),
                         NPS_E_EMPTY);
    }
    assert_true(d == UNTOUCHED_D);
    assert_true(lo == UNTOUCHED_D);
    assert_true(hi == UNTOUCHED_D);
    assert_true(p == UNTOUCHED_D);
    /* Every output is optional. */
    assert_int_equal(nps_compare(a, b, NPS_METHOD_ADJUSTED_WALD, 0.95, NULL,
                                 NULL, NULL, NULL),
                     NPS_OK);
    nps_acc_free(a);
    nps_acc_free(b);
    nps_acc_free(empty);
    nps_acc_free(ten);
}

/*
 * Counts at UINT64_MAX: the statistics work in shares, so nothing may
 * overflow. Half promoters and half detractors (to within one answer out
 * of 2^64) give NPS 0 and per-answer variance 10^4 (X is +-100 with equal
 * probability, so E[X^2] = 10^4 and E[X] = 0); n is so large that every
 * interval collapses onto 0 and the standard error to 100 / 2^32.
 */
static void test_robustness__stats_at_uint64_max_counts(void **state)
{
    nps_acc *a = NULL;
    double v, se, lo, hi, margin, p, d;
    int m;
    (void)state;
    assert_int_equal(nps_acc_new(&a, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 10, UINT64_MAX / 2), NPS_OK);
    assert_int_equal(nps_acc_add_n(a, 0, UINT64_MAX / 2 + 1), NPS_OK);
    assert_int_equal(nps_acc_total(a), UINT64_MAX);
    /* One detractor more than promoters out of 2^64 - 1: NPS about
       -100 / 2^64; shares 1/2 each to within 2^-64; mean
       10 (2^63 - 1) / (2^64 - 1), 5 to within 2^-60. */
    assert_true(fabs(nps_acc_score(a)) < 1e-12);
    assert_true(fabs(nps_acc_share(a, NPS_PROMOTER) - 0.5) < 1e-12);
    assert_true(fabs(nps_acc_share(a, NPS_DETRACTOR) - 0.5) < 1e-12);
    assert_true(nps_acc_share(a, NPS_PASSIVE) == 0.0);
    assert_true(fabs(nps_acc_mean(a) - 5.0) < 1e-12);
    assert_int_equal(nps_acc_variance(a, &v), NPS_OK);
    assert_true(fabs(v - 1e4) < 1e-6);
    assert_int_equal(nps_acc_stderr(a, &se), NPS_OK);
    assert_true(fabs(se - 100.0 / 4294967296.0) < 1e-15);
    for (m = 0; m <= 2; m++) {
        assert_int_equal(nps_acc_interval(a, (nps_method)m, 0.95, &lo, &hi),
                         NPS_OK);
        assert_true(lo <= hi);
        assert_true(fabs(lo) < 1e-6 && fabs(hi) < 1e-6);
        assert_int_equal(nps_acc_margin(a, (nps_method)m, 0.95, &margin),
                         NPS_OK);
        assert_true(margin >= 0.0 && margin < 1e-6);
        /* 50 points away from the truth at n = 2^64: p is 0. */
        assert_int_equal(nps_acc_test(a, 50.0, (nps_method)m, &p), NPS_OK);
        assert_true(p >= 0.0 && p < 1e-12);
    }
    assert_int_equal(nps_compare(a, a, NPS_METHOD_WALD, 0.95, &d, &lo, &hi, &p),
                     NPS_OK);
    assert_true(d == 0.0);
    assert_true(p == 1.0);
    nps_acc_free(a);
}

static void test_robustness__sample_size_bad_input(void **state)
{
    static const double bad_margin[] = {0.0, -1.0, 200.000001, 1e300, -INFINITY,
                                        INFINITY};
    static const double bad_shares[][2] = {
        {1.5, 0.0}, {0.0, 1.5}, {0.6, 0.5}, {1.0, 1.0},
        /* One share unknown does not excuse the other being off [0, 1]. */
        {2.0, -1.0}, {-1.0, 1.5}, {60.0, -1.0}, {INFINITY, -1.0},
    };
    uint64_t out = UNTOUCHED_U;
    size_t i;
    (void)state;
    assert_int_equal(nps_sample_size(5.0, 0.95, -1.0, -1.0, NULL),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad_margin / sizeof bad_margin[0]; i++)
        assert_int_equal(nps_sample_size(bad_margin[i], 0.95, -1.0, -1.0, &out),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size(nan_value(), 0.95, -1.0, -1.0, &out),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_LEVELS; i++)
        assert_int_equal(nps_sample_size(5.0, bad_levels[i], -1.0, -1.0, &out),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, nan_value(), -1.0, -1.0, &out),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad_shares / sizeof bad_shares[0]; i++)
        assert_int_equal(nps_sample_size(5.0, 0.95, bad_shares[i][0],
                                         bad_shares[i][1], &out),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, nan_value(), 0.2, &out),
                     NPS_E_INVALID);
    assert_int_equal(nps_sample_size(5.0, 0.95, 0.2, nan_value(), &out),
                     NPS_E_INVALID);
    /* Worst-case variance 10^4 at a margin of 1e-300 points needs about
       z^2 10^604 answers: more than 64 bits hold. */
    assert_int_equal(nps_sample_size(1e-300, 0.95, -1.0, -1.0, &out),
                     NPS_E_OVERFLOW);
    /* 1e-8 points: z^2 10^4 / 10^-16 ~ 3.8e20 > 2^64 ~ 1.8e19. */
    assert_int_equal(nps_sample_size(1e-8, 0.95, -1.0, -1.0, &out),
                     NPS_E_OVERFLOW);
    assert_int_equal(out, UNTOUCHED_U);
}

static void test_robustness__sample_size_compare_bad_input(void **state)
{
    static const double bad_diff[] = {0.0, -1.0, 200.000001, -INFINITY,
                                      INFINITY};
    static const double bad_power[] = {0.0, 1.0, -0.2, 1.2, -INFINITY, INFINITY};
    uint64_t out = UNTOUCHED_U;
    size_t i;
    (void)state;
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, 0.8, -1, -1, -1, -1,
                                             NULL),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad_diff / sizeof bad_diff[0]; i++)
        assert_int_equal(nps_sample_size_compare(bad_diff[i], 0.95, 0.8, -1, -1,
                                                 -1, -1, &out),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(nan_value(), 0.95, 0.8, -1, -1, -1,
                                             -1, &out),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_LEVELS; i++)
        assert_int_equal(nps_sample_size_compare(5.0, bad_levels[i], 0.8, -1, -1,
                                                 -1, -1, &out),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(5.0, nan_value(), 0.8, -1, -1, -1,
                                             -1, &out),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad_power / sizeof bad_power[0]; i++)
        assert_int_equal(nps_sample_size_compare(5.0, 0.95, bad_power[i], -1, -1,
                                                 -1, -1, &out),
                         NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, nan_value(), -1, -1, -1,
                                             -1, &out),
                     NPS_E_INVALID);
    /* Bad shares in either group. */
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, 0.8, 0.6, 0.5, -1, -1,
                                             &out),
                     NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, 0.8, -1, -1, 1.5, 0.0,
                                             &out),
                     NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, 0.8, -1, -1, 0.2,
                                             nan_value(), &out),
                     NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, 0.8, 60.0, -1, -1, -1,
                                             &out),
                     NPS_E_INVALID);
    assert_int_equal(nps_sample_size_compare(5.0, 0.95, 0.8, -1, -1, -1, 1.5,
                                             &out),
                     NPS_E_INVALID);
    /* (z + z_power)^2 * 2 10^4 / (1e-300)^2 does not fit in 64 bits. */
    assert_int_equal(nps_sample_size_compare(1e-300, 0.95, 0.8, -1, -1, -1, -1,
                                             &out),
                     NPS_E_OVERFLOW);
    assert_int_equal(out, UNTOUCHED_U);
}

/* ---- timeline lifecycle ----------------------------------------------- */

static void test_robustness__timeline_new_bad_input(void **state)
{
    static const int64_t bad_width[] = {0, -1, -60, INT64_MIN};
    static const uint32_t bad_buckets[] = {0, (UINT32_C(1) << 24) + 1,
                                           UINT32_MAX};
    nps_timeline *tl = STALE_PTR(nps_timeline);
    size_t i;
    (void)state;
    assert_int_equal(nps_timeline_new(NULL, 60, 4, NULL), NPS_E_INVALID);
    for (i = 0; i < sizeof bad_width / sizeof bad_width[0]; i++) {
        tl = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_new(&tl, bad_width[i], 4, NULL),
                         NPS_E_INVALID);
        assert_null(tl);
    }
    for (i = 0; i < sizeof bad_buckets / sizeof bad_buckets[0]; i++) {
        tl = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_new(&tl, 60, bad_buckets[i], NULL),
                         NPS_E_INVALID);
        assert_null(tl);
    }
    for (i = 0; i < N_BAD_SCALES; i++) {
        tl = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_new(&tl, 60, 4, &bad_scales[i]),
                         NPS_E_INVALID);
        assert_null(tl);
    }
}

static void test_robustness__timeline_new_advanced_bad_input(void **state)
{
    struct {
        int unit;
        int64_t width;
        int32_t offset;
        uint32_t buckets;
    } bad[] = {
        {2, 60, 0, 4},          {9, 60, 0, 4},
        {-1, 60, 0, 4},         {INT_MAX, 60, 0, 4},
        {NPS_UNIT_SECOND, 0, 0, 4},
        {NPS_UNIT_MONTH, 0, 0, 4},
        {NPS_UNIT_MONTH, 1201, 0, 4},
        {NPS_UNIT_MONTH, -1, 0, 4},
        {NPS_UNIT_MONTH, INT64_MAX, 0, 4},
        {NPS_UNIT_SECOND, 60, 86401, 4},
        {NPS_UNIT_SECOND, 60, -86401, 4},
        {NPS_UNIT_MONTH, 1, INT32_MIN, 4},
        {NPS_UNIT_MONTH, 1, INT32_MAX, 4},
        {NPS_UNIT_MONTH, 1, 0, 0},
        {NPS_UNIT_MONTH, 1, 0, (UINT32_C(1) << 24) + 1},
    };
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX), half;
    nps_timeline *tl;
    size_t i;
    (void)state;
    assert_int_equal(nps_timeline_new_advanced(NULL, NPS_UNIT_SECOND, 60, 0, 4,
                                               NULL, &a),
                     NPS_E_INVALID);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tl = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_new_advanced(&tl, (nps_unit)bad[i].unit,
                                                   bad[i].width, bad[i].offset,
                                                   bad[i].buckets, NULL, &a),
                         NPS_E_INVALID);
        assert_null(tl);
    }
    for (i = 0; i < N_BAD_SCALES; i++) {
        tl = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 0,
                                                   4, &bad_scales[i], &a),
                         NPS_E_INVALID);
        assert_null(tl);
    }
    /* Arguments are checked before anything is allocated. */
    assert_int_equal(l.calls, 0);
    half = a;
    half.alloc = NULL;
    tl = STALE_PTR(nps_timeline);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 0, 4,
                                               NULL, &half),
                     NPS_E_INVALID);
    assert_null(tl);
    half = a;
    half.free = NULL;
    tl = STALE_PTR(nps_timeline);
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 0, 4,
                                               NULL, &half),
                     NPS_E_INVALID);
    assert_null(tl);
    /* A failure at the first or the second allocation leaks nothing. */
    for (i = 0; i < 2; i++) {
        a = ledger_allocator(&l, i);
        tl = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_MONTH, 1, 3600,
                                                   12, NULL, &a),
                         NPS_E_NOMEM);
        assert_null(tl);
        assert_int_equal(l.live_blocks, 0);
    }
}

static void test_robustness__timeline_clone_bad_input(void **state)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX);
    nps_timeline *tl = NULL, *copy = STALE_PTR(nps_timeline);
    struct tl_snap s;
    size_t fail;
    (void)state;
    assert_int_equal(nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 60, 0, 4,
                                               NULL, &a),
                     NPS_OK);
    assert_int_equal(nps_timeline_add(tl, 100, 9), NPS_OK);
    tl_snap_take(&s, tl);
    assert_int_equal(nps_timeline_clone(NULL, tl), NPS_E_INVALID);
    assert_int_equal(nps_timeline_clone(&copy, NULL), NPS_E_INVALID);
    assert_null(copy);
    /* The copy's two blocks come from the original's allocator. */
    for (fail = 0; fail < 2; fail++) {
        l.fail_after = l.calls + fail;
        copy = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_clone(&copy, tl), NPS_E_NOMEM);
        assert_null(copy);
    }
    tl_snap_check(&s, tl);
    tl_snap_free(&s);
    nps_timeline_free(tl);
    assert_int_equal(l.live_blocks, 0);
}

/* ---- timeline ingest ---------------------------------------------------- */

static void test_robustness__timeline_add_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *ten = NULL;
    struct tl_snap s, st;
    size_t i;
    (void)state;
    assert_int_equal(nps_timeline_new(&ten, 60, 4, &one_to_ten), NPS_OK);
    tl_snap_take(&s, tl);
    tl_snap_take(&st, ten);
    assert_int_equal(nps_timeline_add(NULL, 1000, 5), NPS_E_INVALID);
    for (i = 0; i < N_OFF; i++) {
        assert_int_equal(nps_timeline_add(tl, 1000, off_standard[i]),
                         NPS_E_RANGE);
        assert_int_equal(nps_timeline_add(ten, 1000, off_standard[i]),
                         NPS_E_RANGE);
    }
    assert_int_equal(nps_timeline_add(ten, 1000, 0), NPS_E_RANGE);
    /* Clock 1000 + guard 3600: 4601 is too new, also at the int64 end;
       a bad score is reported before a bad time. */
    assert_int_equal(nps_timeline_add(tl, 4601, 5), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 5), NPS_E_TOO_NEW);
    assert_int_equal(nps_timeline_add(tl, INT64_MAX, 11), NPS_E_RANGE);
    /* A late score off the scale is a range error, not a drop. */
    assert_int_equal(nps_timeline_add(tl, 0, 11), NPS_E_RANGE);
    tl_snap_check(&s, tl);
    tl_snap_check(&st, ten);
    /* Too old: counts unchanged; the drop counter is the one documented
       effect. */
    assert_int_equal(nps_timeline_add(tl, 0, 5), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_add(tl, INT64_MIN, 5), NPS_E_TOO_OLD);
    tl_snap_check_dropped(&s, tl, 2);
    tl_snap_free(&s);
    tl_snap_free(&st);
    nps_timeline_free(tl);
    nps_timeline_free(ten);
}

static void test_robustness__timeline_add_overflow(void **state)
{
    nps_timeline *tl = NULL;
    struct tl_snap s;
    int score;
    (void)state;
    assert_int_equal(nps_timeline_new(&tl, 60, 4, NULL), NPS_OK);
    /* Bucket 0 full, then the newest is bucket 1: bucket 0 is reached
       through the slow path, bucket 1 through the cached one. */
    assert_int_equal(nps_timeline_add_n(tl, 0, 9, UINT64_MAX - 5), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 10, 2, 5), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 60, 7, UINT64_MAX), NPS_OK);
    tl_snap_take(&s, tl);
    for (score = 0; score <= 10; score++) {
        assert_int_equal(nps_timeline_add(tl, 30, score), NPS_E_OVERFLOW);
        assert_int_equal(nps_timeline_add(tl, 90, score), NPS_E_OVERFLOW);
    }
    tl_snap_check(&s, tl);
    tl_snap_free(&s);
    nps_timeline_free(tl);
}

static void test_robustness__timeline_add_n_bad_input(void **state)
{
    nps_timeline *tl = sample_tl();
    struct tl_snap s;
    size_t i;
    (void)state;
    tl_snap_take(&s, tl);
    assert_int_equal(nps_timeline_add_n(NULL, 1000, 5, 1), NPS_E_INVALID);
    for (i = 0; i < N_OFF; i++) {
        assert_int_equal(nps_timeline_add_n(tl, 1000, off_standard[i], 1),
                         NPS_E_RANGE);
        assert_int_equal(nps_timeline_add_n(tl, 1000, off_standard[i], 0),
                         NPS_E_RANGE);
    }
    assert_int_equal(nps_timeline_add_n(tl, 4601, 5, 1), NPS_E_TOO_NEW);
    /* The newest bucket holds 2 answers: UINT64_MAX more overflow it, in
       the newest bucket (cached path) and an older one (slow path). */
    assert_int_equal(nps_timeline_add_n(tl, 1000, 9, UINT64_MAX),
                     NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_add_n(tl, 900, 9, UINT64_MAX),
                     NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_add_n(tl, 1000, 9, UINT64_MAX - 1),
                     NPS_E_OVERFLOW);
    tl_snap_check(&s, tl);
    /* Too old with n: the drop counter saturates instead of wrapping. */
    assert_int_equal(nps_timeline_add_n(tl, 0, 5, UINT64_MAX), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(tl), UINT64_MAX);
    assert_int_equal(nps_timeline_add_n(tl, 0, 5, 7), NPS_E_TOO_OLD);
    assert_int_equal(nps_timeline_dropped(tl), UINT64_MAX);
    assert_true(nps_timeline_equal(tl, s.copy));
    tl_snap_free(&s);
    nps_timeline_free(tl);
}

static void test_robustness__timeline_add_batch_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *full = NULL;
    struct tl_snap s, sf;
    int64_t t[8] = {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007};
    uint8_t sc[8] = {9, 9, 9, 9, 9, 9, 9, 9};
    size_t bad_index = UNTOUCHED_Z, i;
    uint64_t dropped = UNTOUCHED_U;
    (void)state;
    assert_int_equal(nps_timeline_new(&full, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(full, 1000, 9, UINT64_MAX - 3), NPS_OK);
    tl_snap_take(&s, tl);
    tl_snap_take(&sf, full);
    assert_int_equal(nps_timeline_add_batch(NULL, t, sc, 8, &bad_index,
                                            &dropped),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_add_batch(tl, NULL, sc, 8, &bad_index,
                                            &dropped),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_add_batch(tl, t, NULL, 8, &bad_index,
                                            &dropped),
                     NPS_E_INVALID);
    assert_int_equal(bad_index, UNTOUCHED_Z);
    assert_int_equal(dropped, UNTOUCHED_U);
    /* A bad score anywhere rejects the batch, also after an event that
       would have advanced the ring and one that would be dropped. */
    t[1] = 1200;
    t[2] = 0;
    for (i = 0; i < 8; i++) {
        sc[i] = 11;
        bad_index = UNTOUCHED_Z;
        assert_int_equal(nps_timeline_add_batch(tl, t, sc, 8, &bad_index,
                                                &dropped),
                         NPS_E_RANGE);
        assert_int_equal(bad_index, i);
        sc[i] = 255;
        assert_int_equal(nps_timeline_add_batch(tl, t, sc, 8, NULL, NULL),
                         NPS_E_RANGE);
        sc[i] = 9;
    }
    /* Past the guard (clock 1000 + 3600). */
    t[5] = 4601;
    assert_int_equal(nps_timeline_add_batch(tl, t, sc, 8, &bad_index, &dropped),
                     NPS_E_TOO_NEW);
    assert_int_equal(bad_index, 5);
    t[5] = 1005;
    assert_int_equal(dropped, UNTOUCHED_U);
    tl_snap_check(&s, tl);
    /* 4 answers more into a bucket with room for 3. */
    bad_index = UNTOUCHED_Z;
    t[1] = 1001;
    t[2] = 1002;
    assert_int_equal(nps_timeline_add_batch(full, t, sc, 4, &bad_index,
                                            &dropped),
                     NPS_E_OVERFLOW);
    assert_int_equal(bad_index, UNTOUCHED_Z);
    assert_int_equal(dropped, UNTOUCHED_U);
    tl_snap_check(&sf, full);
    /* On success bad_index stays untouched and dropped is written. */
    assert_int_equal(nps_timeline_add_batch(full, t, sc, 3, &bad_index,
                                            &dropped),
                     NPS_OK);
    assert_int_equal(bad_index, UNTOUCHED_Z);
    assert_int_equal(dropped, 0);
    assert_int_equal(nps_timeline_add_batch(tl, NULL, NULL, 0, NULL, NULL),
                     NPS_OK);
    tl_snap_free(&s);
    tl_snap_free(&sf);
    nps_timeline_free(tl);
    nps_timeline_free(full);
}

static void test_robustness__timeline_advance_bad_input(void **state)
{
    nps_timeline *tl = sample_tl();
    int64_t newest = 0;
    (void)state;
    assert_int_equal(nps_timeline_advance(NULL, 1000), NPS_E_INVALID);
    /* Any int64 is a time; an earlier one only sets the clock. */
    assert_int_equal(nps_timeline_advance(tl, INT64_MIN), NPS_OK);
    assert_int_equal(nps_timeline_newest(tl, &newest), NPS_OK);
    assert_int_equal(newest, 960); /* bucket 16 of 60 s */
    assert_int_equal(nps_timeline_advance(tl, INT64_MAX), NPS_OK);
    nps_timeline_free(tl);
}

static void test_robustness__timeline_set_horizon_bad_input(void **state)
{
    nps_timeline *tl = sample_tl();
    struct tl_snap s;
    (void)state;
    tl_snap_take(&s, tl);
    assert_int_equal(nps_timeline_set_horizon(NULL, 60), NPS_E_INVALID);
    assert_int_equal(nps_timeline_set_horizon(tl, -1), NPS_E_INVALID);
    assert_int_equal(nps_timeline_set_horizon(tl, INT64_MIN), NPS_E_INVALID);
    /* The serialized form carries the guard: still 3600. */
    tl_snap_check(&s, tl);
    assert_int_equal(nps_timeline_add(tl, 4601, 5), NPS_E_TOO_NEW);
    tl_snap_free(&s);
    nps_timeline_free(tl);
}

/* ---- timeline queries ---------------------------------------------------- */

static void test_robustness__timeline_getters_null(void **state)
{
    nps_timeline *a = sample_tl(), *b = NULL;
    (void)state;
    assert_int_equal(nps_timeline_dropped(NULL), 0);
    assert_int_equal(nps_timeline_buckets(NULL), 0);
    assert_int_equal(nps_timeline_footprint(NULL), 0);
    assert_int_equal(nps_timeline_equal(NULL, a), 0);
    assert_int_equal(nps_timeline_equal(a, NULL), 0);
    assert_int_equal(nps_timeline_equal(NULL, NULL), 0);
    /* Same counts, other ring size: not equal. */
    assert_int_equal(nps_timeline_new(&b, 60, 5, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 1000, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 1001, 10), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 950, 3), NPS_OK);
    assert_int_equal(nps_timeline_add(b, 900, 7), NPS_OK);
    assert_int_equal(nps_timeline_equal(a, b), 0);
    nps_timeline_free(a);
    nps_timeline_free(b);
}

static void test_robustness__timeline_scale_bad_input(void **state)
{
    nps_timeline *tl = sample_tl();
    nps_scale out = {-7, -7, -7, -7};
    (void)state;
    assert_int_equal(nps_timeline_scale(NULL, &out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_scale(tl, NULL), NPS_E_INVALID);
    assert_int_equal(out.min, -7);
    assert_int_equal(out.max, -7);
    assert_int_equal(out.passive_min, -7);
    assert_int_equal(out.promoter_min, -7);
    nps_timeline_free(tl);
}

/*
 * 10 s buckets: INT64_MIN = -9223372036854775808 lies in bucket
 * floor(INT64_MIN / 10) = -922337203685477581, which starts at
 * -9223372036854775810, below INT64_MIN: not representable.
 */
static nps_timeline *tl_at_int64_min(void)
{
    nps_timeline *tl = NULL;
    assert_int_equal(nps_timeline_new(&tl, 10, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add(tl, INT64_MIN, 9), NPS_OK);
    return tl;
}

static void test_robustness__timeline_bucket_start_bad_input(void **state)
{
    nps_timeline *tl = tl_at_int64_min();
    int64_t out = UNTOUCHED_I;
    (void)state;
    assert_int_equal(nps_timeline_bucket_start(NULL, 0, &out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket_start(tl, 0, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket_start(tl, INT64_MIN, &out),
                     NPS_E_OVERFLOW);
    assert_int_equal(out, UNTOUCHED_I);
    /* The next bucket, -922337203685477580 * 10, fits exactly. */
    assert_int_equal(nps_timeline_bucket_start(tl, INT64_MIN + 2, &out),
                     NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_bucket_start(tl, INT64_MIN + 8, &out), NPS_OK);
    assert_int_equal(out, INT64_MIN + 8);
    nps_timeline_free(tl);
}

static void test_robustness__timeline_newest_bad_input(void **state)
{
    nps_timeline *tl = tl_at_int64_min(), *fresh = NULL;
    int64_t out = UNTOUCHED_I;
    (void)state;
    assert_int_equal(nps_timeline_new(&fresh, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_newest(NULL, &out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_newest(tl, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_newest(fresh, &out), NPS_E_EMPTY);
    assert_int_equal(nps_timeline_newest(tl, &out), NPS_E_OVERFLOW);
    assert_int_equal(out, UNTOUCHED_I);
    nps_timeline_free(tl);
    nps_timeline_free(fresh);
}

static void test_robustness__timeline_bucket_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *fresh = NULL, *low = tl_at_int64_min();
    nps_acc *out = sample_acc(NULL), *ten = sample_acc(&one_to_ten);
    struct acc_snap s, st;
    int64_t start = UNTOUCHED_I;
    (void)state;
    assert_int_equal(nps_timeline_new(&fresh, 60, 4, NULL), NPS_OK);
    acc_snap_take(&s, out);
    acc_snap_take(&st, ten);
    assert_int_equal(nps_timeline_bucket(NULL, 0, &start, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, 0, &start, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, 4, &start, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, UINT32_MAX, &start, out),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_bucket(tl, 0, &start, ten), NPS_E_MISMATCH);
    assert_int_equal(nps_timeline_bucket(fresh, 0, &start, out), NPS_E_EMPTY);
    assert_int_equal(nps_timeline_bucket(low, 0, &start, out), NPS_E_OVERFLOW);
    assert_int_equal(start, UNTOUCHED_I);
    acc_snap_check(&s, out);
    acc_snap_check(&st, ten);
    /* Without the start the same bucket reads fine: one answer of 9. */
    assert_int_equal(nps_timeline_bucket(low, 0, NULL, out), NPS_OK);
    assert_int_equal(nps_acc_total(out), 1);
    assert_int_equal(nps_acc_count(out, 9), 1);
    acc_snap_free(&s);
    acc_snap_free(&st);
    nps_acc_free(out);
    nps_acc_free(ten);
    nps_timeline_free(tl);
    nps_timeline_free(fresh);
    nps_timeline_free(low);
}

/* Two adjacent 60 s buckets (0 and 1) of UINT64_MAX / 2 + 1 promoters
   each: either alone fits, their sum does not. */
static nps_timeline *tl_two_half_full(uint32_t buckets)
{
    nps_timeline *tl = NULL;
    assert_int_equal(nps_timeline_new(&tl, 60, buckets, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 0, 10, UINT64_MAX / 2 + 1), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 60, 10, UINT64_MAX / 2 + 1),
                     NPS_OK);
    return tl;
}

static void test_robustness__timeline_range_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *big = tl_two_half_full(4);
    nps_acc *out = sample_acc(NULL), *ten = sample_acc(&one_to_ten);
    struct acc_snap s, st;
    struct tl_snap ts;
    (void)state;
    acc_snap_take(&s, out);
    acc_snap_take(&st, ten);
    tl_snap_take(&ts, tl);
    assert_int_equal(nps_timeline_range(NULL, 0, 2000, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 0, 2000, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 2000, 0, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, INT64_MAX, INT64_MIN, out),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 1, 0, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_range(tl, 0, 2000, ten), NPS_E_MISMATCH);
    assert_int_equal(nps_timeline_range(big, 0, 120, out), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_range(big, INT64_MIN, INT64_MAX, out),
                     NPS_E_OVERFLOW);
    acc_snap_check(&s, out);
    acc_snap_check(&st, ten);
    tl_snap_check(&ts, tl);
    /* Each bucket alone fits. */
    assert_int_equal(nps_timeline_range(big, 60, 120, out), NPS_OK);
    assert_int_equal(nps_acc_total(out), UINT64_MAX / 2 + 1);
    acc_snap_free(&s);
    acc_snap_free(&st);
    tl_snap_free(&ts);
    nps_acc_free(out);
    nps_acc_free(ten);
    nps_timeline_free(tl);
    nps_timeline_free(big);
}

static void test_robustness__timeline_rolling_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *fresh = NULL, *big = tl_two_half_full(4);
    nps_acc *out = sample_acc(NULL), *ten = sample_acc(&one_to_ten);
    struct acc_snap s, st;
    (void)state;
    assert_int_equal(nps_timeline_new(&fresh, 60, 4, NULL), NPS_OK);
    acc_snap_take(&s, out);
    acc_snap_take(&st, ten);
    assert_int_equal(nps_timeline_rolling(NULL, 1, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 1, NULL), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 0, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 5, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, UINT32_MAX, out), NPS_E_INVALID);
    assert_int_equal(nps_timeline_rolling(tl, 2, ten), NPS_E_MISMATCH);
    assert_int_equal(nps_timeline_rolling(fresh, 2, out), NPS_E_EMPTY);
    assert_int_equal(nps_timeline_rolling(big, 2, out), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_rolling(big, 4, out), NPS_E_OVERFLOW);
    acc_snap_check(&s, out);
    acc_snap_check(&st, ten);
    acc_snap_free(&s);
    acc_snap_free(&st);
    nps_acc_free(out);
    nps_acc_free(ten);
    nps_timeline_free(tl);
    nps_timeline_free(fresh);
    nps_timeline_free(big);
}

static void test_robustness__timeline_trend_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *one = NULL, *two = NULL;
    nps_timeline *big = tl_two_half_full(4);
    double slope = UNTOUCHED_D, se = UNTOUCHED_D, p = UNTOUCHED_D;
    (void)state;
    /* One non-empty bucket; two non-empty buckets with two answers in
       all: neither has a slope with a standard error. */
    assert_int_equal(nps_timeline_new(&one, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(one, 0, 9, 50), NPS_OK);
    assert_int_equal(nps_timeline_new(&two, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add(two, 0, 9), NPS_OK);
    assert_int_equal(nps_timeline_add(two, 60, 0), NPS_OK);
    assert_int_equal(nps_timeline_trend(NULL, 0, 2000, &slope, &se, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_trend(tl, 0, 2000, NULL, &se, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_trend(tl, 2000, 0, &slope, &se, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_trend(tl, INT64_MAX, INT64_MIN, &slope, &se,
                                        &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_trend(tl, 500, 500, &slope, &se, &p),
                     NPS_E_EMPTY);
    assert_int_equal(nps_timeline_trend(one, INT64_MIN, INT64_MAX, &slope, &se,
                                        &p),
                     NPS_E_EMPTY);
    assert_int_equal(nps_timeline_trend(two, INT64_MIN, INT64_MAX, &slope, &se,
                                        &p),
                     NPS_E_EMPTY);
    assert_true(slope == UNTOUCHED_D);
    assert_true(se == UNTOUCHED_D);
    assert_true(p == UNTOUCHED_D);
    /* 2^64 answers, all promoters: the values are constant (+100), so the
       fitted slope is exactly 0 and the fit perfect (p = 1), with no
       overflow on the way. */
    assert_int_equal(nps_timeline_trend(big, INT64_MIN, INT64_MAX, &slope, &se,
                                        &p),
                     NPS_OK);
    assert_true(slope == 0.0);
    assert_true(se == 0.0);
    assert_true(p == 1.0);
    nps_timeline_free(tl);
    nps_timeline_free(one);
    nps_timeline_free(two);
    nps_timeline_free(big);
}

static void test_robustness__timeline_compare_periods_bad_input(void **state)
{
    nps_timeline *tl = sample_tl(), *fresh = NULL, *big = tl_two_half_full(4);
    double d = UNTOUCHED_D, lo = UNTOUCHED_D, hi = UNTOUCHED_D,
           p = UNTOUCHED_D;
    size_t i;
    (void)state;
    assert_int_equal(nps_timeline_new(&fresh, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_compare_periods(NULL, 1, NPS_METHOD_WALD, 0.95,
                                                  &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, 0, NPS_METHOD_WALD, 0.95,
                                                  &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, 3, NPS_METHOD_WALD, 0.95,
                                                  &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, UINT32_MAX,
                                                  NPS_METHOD_WALD, 0.95, &d,
                                                  &lo, &hi, &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, 1, NPS_METHOD_SCORE, 0.95,
                                                  &d, &lo, &hi, &p),
                     NPS_E_INVALID);
    for (i = 0; i < N_BAD_METHODS; i++)
        assert_int_equal(nps_timeline_compare_periods(
                             tl, 1, (nps_method)bad_methods[i], 0.95, &d, &lo,
                             &hi, &p),
                         NPS_E_INVALID);
    for (i = 0; i < N_BAD_LEVELS; i++)
        assert_int_equal(nps_timeline_compare_periods(tl, 1, NPS_METHOD_WALD,
                                                      bad_levels[i], &d, &lo,
                                                      &hi, &p),
                         NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(tl, 1, NPS_METHOD_WALD,
                                                  nan_value(), &d, &lo, &hi,
                                                  &p),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_compare_periods(fresh, 1, NPS_METHOD_WALD,
                                                  0.95, &d, &lo, &hi, &p),
                     NPS_E_EMPTY);
    /* k = 2: the recent period is buckets 0 and 1, 2^64 answers. */
    assert_int_equal(nps_timeline_compare_periods(big, 2, NPS_METHOD_WALD, 0.95,
                                                  &d, &lo, &hi, &p),
                     NPS_E_OVERFLOW);
    assert_true(d == UNTOUCHED_D);
    assert_true(lo == UNTOUCHED_D);
    assert_true(hi == UNTOUCHED_D);
    assert_true(p == UNTOUCHED_D);
    nps_timeline_free(tl);
    nps_timeline_free(fresh);
    nps_timeline_free(big);
}

/* ---- timeline merge ----------------------------------------------------- */

static void test_robustness__timeline_merge_bad_input(void **state)
{
    nps_timeline *dst = sample_tl(), *other[6], *full = NULL, *src = NULL;
    struct tl_snap sd, so[6], sf, ss;
    size_t i;
    (void)state;
    /* One geometry difference each: scale, unit, width, offset, ring. */
    assert_int_equal(nps_timeline_new(&other[0], 60, 4, &one_to_ten), NPS_OK);
    assert_int_equal(nps_timeline_new_advanced(&other[1], NPS_UNIT_MONTH, 60, 0,
                                               4, NULL, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_new(&other[2], 61, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_new_advanced(&other[3], NPS_UNIT_SECOND, 60,
                                               3600, 4, NULL, NULL),
                     NPS_OK);
    assert_int_equal(nps_timeline_new(&other[4], 60, 5, NULL), NPS_OK);
    assert_int_equal(nps_timeline_new(&other[5], 60, 3, NULL), NPS_OK);
    tl_snap_take(&sd, dst);
    for (i = 0; i < 6; i++) {
        assert_int_equal(nps_timeline_add(other[i], 1000, 9), NPS_OK);
        tl_snap_take(&so[i], other[i]);
        assert_int_equal(nps_timeline_merge(dst, other[i]), NPS_E_MISMATCH);
        assert_int_equal(nps_timeline_merge(other[i], dst), NPS_E_MISMATCH);
    }
    assert_int_equal(nps_timeline_merge(NULL, dst), NPS_E_INVALID);
    assert_int_equal(nps_timeline_merge(dst, NULL), NPS_E_INVALID);
    tl_snap_check(&sd, dst);
    for (i = 0; i < 6; i++) {
        tl_snap_check(&so[i], other[i]);
        tl_snap_free(&so[i]);
        nps_timeline_free(other[i]);
    }
    /*
     * Overflow: full's bucket 0 is at the limit; src has one answer there
     * and one in bucket 1, which would advance full's ring. Nothing may
     * move, including the newest bucket, the drop counter and the clock.
     */
    assert_int_equal(nps_timeline_new(&full, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(full, 0, 9, UINT64_MAX), NPS_OK);
    assert_int_equal(nps_timeline_new(&src, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add(src, 0, 3), NPS_OK);
    assert_int_equal(nps_timeline_add(src, 60, 3), NPS_OK);
    assert_int_equal(nps_timeline_advance(src, 100), NPS_OK);
    assert_int_equal(nps_timeline_add(src, -1000, 3), NPS_E_TOO_OLD);
    tl_snap_take(&sf, full);
    tl_snap_take(&ss, src);
    assert_int_equal(nps_timeline_merge(full, src), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_merge(src, full), NPS_E_OVERFLOW);
    assert_int_equal(nps_timeline_merge(full, full), NPS_E_OVERFLOW);
    tl_snap_check(&sf, full);
    tl_snap_check(&ss, src);
    tl_snap_free(&sd);
    tl_snap_free(&sf);
    tl_snap_free(&ss);
    nps_timeline_free(dst);
    nps_timeline_free(full);
    nps_timeline_free(src);
}

/* ---- serialization -------------------------------------------------------- */

static void test_robustness__acc_serialize_bad_input(void **state)
{
    nps_acc *acc = sample_acc(NULL);
    struct acc_snap s;
    unsigned char buf[64];
    size_t len = UNTOUCHED_Z, need = 0, i;
    (void)state;
    acc_snap_take(&s, acc);
    memset(buf, 0xa5, sizeof buf);
    assert_int_equal(nps_acc_serialize(NULL, buf, sizeof buf, &len),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_serialize(acc, buf, sizeof buf, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_serialize(acc, NULL, sizeof buf, &len),
                     NPS_E_INVALID);
    assert_int_equal(len, UNTOUCHED_Z);
    assert_int_equal(nps_acc_serialize(acc, NULL, 0, &need), NPS_E_BUFSIZE);
    assert_true(need > 1 && need <= sizeof buf);
    /* One byte short: the size is reported, not a byte written. */
    assert_int_equal(nps_acc_serialize(acc, buf, need - 1, &len),
                     NPS_E_BUFSIZE);
    assert_int_equal(len, need);
    for (i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xa5);
    acc_snap_check(&s, acc);
    acc_snap_free(&s);
    nps_acc_free(acc);
}

static void test_robustness__timeline_serialize_bad_input(void **state)
{
    nps_timeline *tl = sample_tl();
    struct tl_snap s;
    unsigned char buf[256];
    size_t len = UNTOUCHED_Z, need = 0, i;
    (void)state;
    tl_snap_take(&s, tl);
    memset(buf, 0xa5, sizeof buf);
    assert_int_equal(nps_timeline_serialize(NULL, buf, sizeof buf, &len),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_serialize(tl, buf, sizeof buf, NULL),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_serialize(tl, NULL, sizeof buf, &len),
                     NPS_E_INVALID);
    assert_int_equal(len, UNTOUCHED_Z);
    assert_int_equal(nps_timeline_serialize(tl, NULL, 0, &need), NPS_E_BUFSIZE);
    assert_true(need > 1 && need <= sizeof buf);
    assert_int_equal(nps_timeline_serialize(tl, buf, need - 1, &len),
                     NPS_E_BUFSIZE);
    assert_int_equal(len, need);
    for (i = 0; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xa5);
    tl_snap_check(&s, tl);
    tl_snap_free(&s);
    nps_timeline_free(tl);
}

/*
 * Decode with either entry point. On error the out pointer must be NULL
 * and, through the counting allocator, nothing may have been allocated
 * (the decoder validates before it allocates).
 */
static nps_status decode_acc(int with_allocator, const void *buf, size_t len)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX);
    nps_acc *out = STALE_PTR(nps_acc);
    nps_status st = with_allocator
                        ? nps_acc_deserialize_with_allocator(&out, buf, len, &a)
                        : nps_acc_deserialize(&out, buf, len);
    if (st == NPS_OK) {
        assert_non_null(out);
        nps_acc_free(out);
    } else {
        assert_null(out);
        assert_int_equal(l.calls, 0);
    }
    assert_int_equal(l.live_blocks, 0);
    return st;
}

static nps_status decode_tl(int with_allocator, const void *buf, size_t len)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX);
    nps_timeline *out = STALE_PTR(nps_timeline);
    nps_status st =
        with_allocator
            ? nps_timeline_deserialize_with_allocator(&out, buf, len, &a)
            : nps_timeline_deserialize(&out, buf, len);
    if (st == NPS_OK) {
        assert_non_null(out);
        nps_timeline_free(out);
    } else {
        assert_null(out);
        assert_int_equal(l.calls, 0);
    }
    assert_int_equal(l.live_blocks, 0);
    return st;
}

typedef nps_status (*decode_fn)(int with_allocator, const void *buf,
                                size_t len);

/*
 * Every single changed byte (each position, each of the 255 other values),
 * every truncation and every extra trailing byte is refused, by both entry
 * points. Only the version byte may read as "newer" (VERSION); everything
 * else is FORMAT.
 */
/* newest: the newest format version the decoder knows for this kind (a
   corrupted version byte at or below it is a damaged frame, above it a
   newer one). */
static void check_corruptions(decode_fn decode, const unsigned char *frame,
                              size_t len, unsigned newest)
{
    unsigned char *copy = (unsigned char *)malloc(len + 1);
    size_t pos, cut;
    unsigned v;
    int w;
    assert_non_null(copy);
    for (w = 0; w < 2; w++) {
        memcpy(copy, frame, len);
        assert_int_equal(decode(w, copy, len), NPS_OK);
        for (pos = 0; pos < len; pos++) {
            for (v = 0; v < 256; v++) {
                nps_status st;
                if (v == frame[pos])
                    continue;
                copy[pos] = (unsigned char)v;
                st = decode(w, copy, len);
                if (pos == 4 && v > newest)
                    assert_int_equal(st, NPS_E_VERSION);
                else
                    assert_int_equal(st, NPS_E_FORMAT);
            }
            copy[pos] = frame[pos];
        }
        for (cut = 0; cut < len; cut++)
            assert_int_equal(decode(w, copy, cut), NPS_E_FORMAT);
        for (v = 0; v < 256; v += 51) {
            copy[len] = (unsigned char)v;
            assert_int_equal(decode(w, copy, len + 1), NPS_E_FORMAT);
        }
    }
    free(copy);
}

static void test_robustness__acc_deserialize_bad_input(void **state)
{
    static const unsigned char junk[20] = {'N', 'P', 'S', 'A', 1};
    nps_acc *out = STALE_PTR(nps_acc);
    int w;
    (void)state;
    assert_int_equal(nps_acc_deserialize(NULL, junk, sizeof junk),
                     NPS_E_INVALID);
    assert_int_equal(nps_acc_deserialize_with_allocator(NULL, junk, sizeof junk,
                                                        NULL),
                     NPS_E_INVALID);
    for (w = 0; w < 2; w++) {
        assert_int_equal(decode_acc(w, NULL, 0), NPS_E_INVALID);
        assert_int_equal(decode_acc(w, NULL, 20), NPS_E_INVALID);
    }
    assert_int_equal(nps_acc_deserialize(&out, NULL, 0), NPS_E_INVALID);
    assert_null(out);
}

static void test_robustness__acc_deserialize_corrupted_bytes(void **state)
{
    nps_acc *acc = sample_acc(NULL), *big = full_acc();
    nps_timeline *tl = sample_tl();
    unsigned char frame[2048], *tframe;
    size_t len = 0, tlen = 0;
    int w;
    (void)state;
    assert_int_equal(nps_acc_serialize(acc, frame, sizeof frame, &len), NPS_OK);
    check_corruptions(decode_acc, frame, len, 1);
    /* Ten-byte varints near UINT64_MAX. */
    assert_int_equal(nps_acc_serialize(big, frame, sizeof frame, &len), NPS_OK);
    check_corruptions(decode_acc, frame, len, 1);
    /* A timeline's bytes are not an accumulator's. */
    tframe = tl_bytes(tl, &tlen);
    for (w = 0; w < 2; w++)
        assert_int_equal(decode_acc(w, tframe, tlen), NPS_E_FORMAT);
    free(tframe);
    nps_acc_free(acc);
    nps_acc_free(big);
    nps_timeline_free(tl);
}

/* Append an unsigned LEB128 varint. */
static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80u) {
        p[n++] = (unsigned char)(v | 0x80u);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* A standard-scale accumulator frame with the given 11 counts and a valid
   checksum; returns its length. */
static size_t acc_frame(unsigned char *f, const uint64_t counts[11])
{
    static const unsigned char head[9] = {'N', 'P', 'S', 'A', 1, 0, 10, 7, 9};
    size_t n = sizeof head, i;
    memcpy(f, head, n);
    for (i = 0; i < 11; i++)
        n += put_varint(f + n, counts[i]);
    n += 4;
    reseal(f, n);
    return n;
}

/* Frames whose checksum is right and whose only defect is a field. */
static void test_robustness__acc_deserialize_crafted_frames(void **state)
{
    uint64_t counts[11] = {3, 0, 0, 0, 0, 0, 0, 2, 0, 0, 5};
    unsigned char f[256], g[256];
    size_t len, mine = 0;
    nps_acc *acc = sample_acc(NULL), *out = NULL;
    int w;
    (void)state;
    /* The builder reproduces the library's own bytes for the same state. */
    len = acc_frame(f, counts);
    assert_int_equal(nps_acc_serialize(acc, g, sizeof g, &mine), NPS_OK);
    assert_int_equal(len, mine);
    assert_memory_equal(f, g, len);
    for (w = 0; w < 2; w++) {
        /* Counts summing past UINT64_MAX: no object can hold them. */
        counts[0] = UINT64_MAX;
        counts[10] = 1;
        len = acc_frame(f, counts);
        assert_int_equal(decode_acc(w, f, len), NPS_E_FORMAT);
        /* UINT64_MAX - 3 + 2 + 1 is exactly the limit: accepted. */
        counts[0] = UINT64_MAX - 3;
        len = acc_frame(f, counts);
        assert_int_equal(decode_acc(w, f, len), NPS_OK);
        counts[0] = 3;
        counts[10] = 5;
        /* Invalid scale: max 101, then no promoter point. */
        len = acc_frame(f, counts);
        f[6] = 101;
        reseal(f, len);
        assert_int_equal(decode_acc(w, f, len), NPS_E_FORMAT);
        f[6] = 8;
        reseal(f, len);
        assert_int_equal(decode_acc(w, f, len), NPS_E_FORMAT);
        /* Version 2 is newer; version 0 never existed. */
        len = acc_frame(f, counts);
        f[4] = 2;
        reseal(f, len);
        assert_int_equal(decode_acc(w, f, len), NPS_E_VERSION);
        f[4] = 0;
        reseal(f, len);
        assert_int_equal(decode_acc(w, f, len), NPS_E_FORMAT);
        /* A non-minimal varint (3 as 0x83 0x00) with a fixed checksum. */
        len = acc_frame(f, counts);
        memmove(f + 11, f + 10, len - 10);
        f[9] = 0x83;
        f[10] = 0x00;
        len++;
        reseal(f, len);
        assert_int_equal(decode_acc(w, f, len), NPS_E_FORMAT);
    }
    assert_int_equal(nps_acc_deserialize(&out, g, mine), NPS_OK);
    assert_true(nps_acc_equal(out, acc));
    nps_acc_free(out);
    nps_acc_free(acc);
}

static void test_robustness__acc_deserialize_with_allocator_bad_input(
    void **state)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX), half;
    nps_acc *acc = sample_acc(NULL), *out;
    unsigned char frame[256];
    size_t len = 0;
    (void)state;
    assert_int_equal(nps_acc_serialize(acc, frame, sizeof frame, &len), NPS_OK);
    half = a;
    half.alloc = NULL;
    out = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_deserialize_with_allocator(&out, frame, len, &half),
                     NPS_E_INVALID);
    assert_null(out);
    half = a;
    half.free = NULL;
    out = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_deserialize_with_allocator(&out, frame, len, &half),
                     NPS_E_INVALID);
    assert_null(out);
    a = ledger_allocator(&l, 0);
    out = STALE_PTR(nps_acc);
    assert_int_equal(nps_acc_deserialize_with_allocator(&out, frame, len, &a),
                     NPS_E_NOMEM);
    assert_null(out);
    assert_int_equal(l.live_blocks, 0);
    nps_acc_free(acc);
}

static void test_robustness__timeline_deserialize_bad_input(void **state)
{
    static const unsigned char junk[40] = {'N', 'P', 'S', 'T', 1};
    nps_timeline *out = STALE_PTR(nps_timeline);
    int w;
    (void)state;
    assert_int_equal(nps_timeline_deserialize(NULL, junk, sizeof junk),
                     NPS_E_INVALID);
    assert_int_equal(nps_timeline_deserialize_with_allocator(NULL, junk,
                                                             sizeof junk, NULL),
                     NPS_E_INVALID);
    for (w = 0; w < 2; w++) {
        assert_int_equal(decode_tl(w, NULL, 0), NPS_E_INVALID);
        assert_int_equal(decode_tl(w, NULL, 40), NPS_E_INVALID);
    }
    assert_int_equal(nps_timeline_deserialize(&out, NULL, 0), NPS_E_INVALID);
    assert_null(out);
}

static void test_robustness__timeline_deserialize_corrupted_bytes(void **state)
{
    nps_timeline *tl = sample_tl(), *big = tl_two_half_full(4);
    nps_acc *acc = sample_acc(NULL);
    unsigned char *frame, aframe[256];
    size_t len = 0, alen = 0;
    int w;
    (void)state;
    frame = tl_bytes(tl, &len);
    check_corruptions(decode_tl, frame, len, 2);
    free(frame);
    frame = tl_bytes(big, &len);
    check_corruptions(decode_tl, frame, len, 2);
    free(frame);
    assert_int_equal(nps_acc_serialize(acc, aframe, sizeof aframe, &alen),
                     NPS_OK);
    for (w = 0; w < 2; w++)
        assert_int_equal(decode_tl(w, aframe, alen), NPS_E_FORMAT);
    nps_timeline_free(tl);
    nps_timeline_free(big);
    nps_acc_free(acc);
}

/*
 * sample_tl()'s frame (docs/format.md): header and scale in bytes 0-8,
 * then unit (9), width 60 (10), offset 0 (11), ring 4 (12), flags 3 (13).
 * Each field is set out of range and the checksum fixed.
 */
static void test_robustness__timeline_deserialize_crafted_frames(void **state)
{
    static const struct {
        size_t pos;
        unsigned char value;
    } bad[] = {
        {9, 2},    /* unknown unit */
        {9, 9},    /* unknown unit */
        {9, 255},  /* unknown unit */
        {10, 0},   /* width 0 */
        {12, 0},   /* ring of 0 buckets */
        {13, 7},   /* unknown flag bit */
        {13, 0x83}, /* unknown flag bit */
        {13, 1},   /* no clock flag: the clock bytes are left over */
        {5, 11},   /* scale min above max */
        {4, 0},    /* version 0 */
    };
    nps_timeline *tl = sample_tl(), *out = NULL;
    unsigned char *frame, *f;
    size_t len = 0, i;
    int w;
    (void)state;
    frame = tl_bytes(tl, &len);
    f = (unsigned char *)malloc(len);
    assert_non_null(f);
    assert_int_equal(frame[9], 0);
    assert_int_equal(frame[10], 60);
    assert_int_equal(frame[11], 0);
    assert_int_equal(frame[12], 4);
    assert_int_equal(frame[13], 3);
    /* Resealing an untouched frame changes nothing. */
    memcpy(f, frame, len);
    reseal(f, len);
    assert_memory_equal(f, frame, len);
    for (w = 0; w < 2; w++) {
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            memcpy(f, frame, len);
            f[bad[i].pos] = bad[i].value;
            reseal(f, len);
            assert_int_equal(decode_tl(w, f, len), NPS_E_FORMAT);
        }
        memcpy(f, frame, len);
        f[4] = 3;
        reseal(f, len);
        assert_int_equal(decode_tl(w, f, len), NPS_E_VERSION);
        /* Version 2 (1.1) exists only for what version 1 cannot express:
           this frame's geometry in version 2 bytes is malformed. */
        memcpy(f, frame, len);
        f[4] = 2;
        reseal(f, len);
        assert_int_equal(decode_tl(w, f, len), NPS_E_FORMAT);
    }
    assert_int_equal(nps_timeline_deserialize(&out, frame, len), NPS_OK);
    assert_true(nps_timeline_equal(out, tl));
    assert_int_equal(nps_timeline_dropped(out), 1);
    nps_timeline_free(out);
    free(f);
    free(frame);
    nps_timeline_free(tl);
}

/*
 * A bucket whose counts sum past UINT64_MAX. The frame of a timeline with
 * one bucket holding UINT64_MAX answers of 10 ends with that bucket's
 * counts: ten one-byte zeros (scores 0-9), the ten-byte varint of
 * UINT64_MAX, then the checksum. Making the count of score 0 one gives a
 * total of 2^64.
 */
static void test_robustness__timeline_deserialize_bucket_sum_overflow(
    void **state)
{
    static const unsigned char max_varint[10] = {0xff, 0xff, 0xff, 0xff, 0xff,
                                                 0xff, 0xff, 0xff, 0xff, 0x01};
    nps_timeline *tl = NULL;
    unsigned char *frame;
    size_t len = 0, i;
    int w;
    (void)state;
    assert_int_equal(nps_timeline_new(&tl, 60, 4, NULL), NPS_OK);
    assert_int_equal(nps_timeline_add_n(tl, 0, 10, UINT64_MAX), NPS_OK);
    frame = tl_bytes(tl, &len);
    assert_true(len > 24);
    for (i = 0; i < 10; i++)
        assert_int_equal(frame[len - 24 + i], 0);
    assert_memory_equal(frame + len - 14, max_varint, 10);
    for (w = 0; w < 2; w++)
        assert_int_equal(decode_tl(w, frame, len), NPS_OK);
    frame[len - 24] = 1;
    reseal(frame, len);
    for (w = 0; w < 2; w++)
        assert_int_equal(decode_tl(w, frame, len), NPS_E_FORMAT);
    free(frame);
    nps_timeline_free(tl);
}

static void test_robustness__timeline_deserialize_with_allocator_bad_input(
    void **state)
{
    struct ledger l;
    nps_allocator a = ledger_allocator(&l, SIZE_MAX), half;
    nps_timeline *tl = sample_tl(), *out;
    unsigned char *frame;
    size_t len = 0, fail;
    (void)state;
    frame = tl_bytes(tl, &len);
    half = a;
    half.alloc = NULL;
    out = STALE_PTR(nps_timeline);
    assert_int_equal(nps_timeline_deserialize_with_allocator(&out, frame, len,
                                                             &half),
                     NPS_E_INVALID);
    assert_null(out);
    half = a;
    half.free = NULL;
    out = STALE_PTR(nps_timeline);
    assert_int_equal(nps_timeline_deserialize_with_allocator(&out, frame, len,
                                                             &half),
                     NPS_E_INVALID);
    assert_null(out);
    for (fail = 0; fail < 2; fail++) {
        a = ledger_allocator(&l, fail);
        out = STALE_PTR(nps_timeline);
        assert_int_equal(nps_timeline_deserialize_with_allocator(&out, frame,
                                                                 len, &a),
                         NPS_E_NOMEM);
        assert_null(out);
        assert_int_equal(l.live_blocks, 0);
    }
    free(frame);
    nps_timeline_free(tl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_robustness__crc_helper_matches_check_value),
        cmocka_unit_test(test_robustness__version_and_strerror_never_fail),
        cmocka_unit_test(test_robustness__category_name_bad_enum),
        cmocka_unit_test(test_robustness__scale_validate_out_of_range),
        cmocka_unit_test(test_robustness__classify_bad_input),
        cmocka_unit_test(test_robustness__acc_new_bad_input),
        cmocka_unit_test(test_robustness__acc_new_with_allocator_bad_input),
        cmocka_unit_test(test_robustness__free_and_reset_accept_null),
        cmocka_unit_test(test_robustness__acc_clone_bad_input),
        cmocka_unit_test(test_robustness__acc_add_bad_input),
        cmocka_unit_test(test_robustness__acc_add_overflow),
        cmocka_unit_test(test_robustness__acc_add_n_bad_input),
        cmocka_unit_test(test_robustness__acc_remove_n_bad_input),
        cmocka_unit_test(test_robustness__acc_add_scores_bad_input),
        cmocka_unit_test(test_robustness__acc_merge_bad_input),
        cmocka_unit_test(test_robustness__acc_subtract_bad_input),
        cmocka_unit_test(test_robustness__acc_getters_null_and_bad_enum),
        cmocka_unit_test(test_robustness__acc_scale_bad_input),
        cmocka_unit_test(test_robustness__acc_counts_bad_input),
        cmocka_unit_test(test_robustness__acc_variance_and_stderr_bad_input),
        cmocka_unit_test(test_robustness__acc_interval_bad_input),
        cmocka_unit_test(test_robustness__acc_margin_bad_input),
        cmocka_unit_test(test_robustness__acc_test_bad_input),
        cmocka_unit_test(test_robustness__compare_bad_input),
        cmocka_unit_test(test_robustness__stats_at_uint64_max_counts),
        cmocka_unit_test(test_robustness__sample_size_bad_input),
        cmocka_unit_test(test_robustness__sample_size_compare_bad_input),
        cmocka_unit_test(test_robustness__timeline_new_bad_input),
        cmocka_unit_test(test_robustness__timeline_new_advanced_bad_input),
        cmocka_unit_test(test_robustness__timeline_clone_bad_input),
        cmocka_unit_test(test_robustness__timeline_add_bad_input),
        cmocka_unit_test(test_robustness__timeline_add_overflow),
        cmocka_unit_test(test_robustness__timeline_add_n_bad_input),
        cmocka_unit_test(test_robustness__timeline_add_batch_bad_input),
        cmocka_unit_test(test_robustness__timeline_advance_bad_input),
        cmocka_unit_test(test_robustness__timeline_set_horizon_bad_input),
        cmocka_unit_test(test_robustness__timeline_getters_null),
        cmocka_unit_test(test_robustness__timeline_scale_bad_input),
        cmocka_unit_test(test_robustness__timeline_bucket_start_bad_input),
        cmocka_unit_test(test_robustness__timeline_newest_bad_input),
        cmocka_unit_test(test_robustness__timeline_bucket_bad_input),
        cmocka_unit_test(test_robustness__timeline_range_bad_input),
        cmocka_unit_test(test_robustness__timeline_rolling_bad_input),
        cmocka_unit_test(test_robustness__timeline_trend_bad_input),
        cmocka_unit_test(test_robustness__timeline_compare_periods_bad_input),
        cmocka_unit_test(test_robustness__timeline_merge_bad_input),
        cmocka_unit_test(test_robustness__acc_serialize_bad_input),
        cmocka_unit_test(test_robustness__timeline_serialize_bad_input),
        cmocka_unit_test(test_robustness__acc_deserialize_bad_input),
        cmocka_unit_test(test_robustness__acc_deserialize_corrupted_bytes),
        cmocka_unit_test(test_robustness__acc_deserialize_crafted_frames),
        cmocka_unit_test(test_robustness__acc_deserialize_with_allocator_bad_input),
        cmocka_unit_test(test_robustness__timeline_deserialize_bad_input),
        cmocka_unit_test(test_robustness__timeline_deserialize_corrupted_bytes),
        cmocka_unit_test(test_robustness__timeline_deserialize_crafted_frames),
        cmocka_unit_test(test_robustness__timeline_deserialize_bucket_sum_overflow),
        cmocka_unit_test(test_robustness__timeline_deserialize_with_allocator_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
