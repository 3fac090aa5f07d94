/*
 * The SSE2 counting kernel (16 bytes a step), for x86 CPUs without AVX2.
 * SSE2 has no byte shuffle, so a scale of at most 16 points is counted by
 * comparing each byte with every value and subtracting the all-ones match
 * from byte counters; a byte off the scale matches no value, so the byte
 * counters of a lane summing to fewer than the vectors seen reveals it.
 * Wider scales are validated with an unsigned maximum and counted by four
 * scalar sub-histograms, which beat sixteen or more compares per byte.
 * SPDX-License-Identifier: MIT
 */
#include "kernels.h"

#include <emmintrin.h>
#include <string.h>

#define SSE_SUPER 255u /* vectors per superblock: byte counters hold 255 */
#define WIDE_BLOCK 1024u /* vectors validated before being counted */
#define WIDE_FLUSH ((size_t)1 << 20) /* bytes between sub-histogram flushes */

#if defined(__GNUC__) || defined(__clang__)
#define SSE_INLINE static inline __attribute__((always_inline))
#else
#define SSE_INLINE static inline
#endif

static int all_eq(__m128i a, __m128i b)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi8(a, b)) == 0xFFFF;
}

/* nvec (<= SSE_SUPER) vectors of a scale of R (constant) points: 1 when
   all bytes are on the scale, with the counts in cnt[0..R). */
SSE_INLINE int narrow_super(const uint8_t *s, size_t nvec, __m128i lov,
                            const unsigned R, uint64_t *cnt)
{
    __m128i c[16], tot = _mm_setzero_si128();
    size_t i;
    unsigned j;
    for (j = 0; j < R; j++)
        c[j] = _mm_setzero_si128();
    for (i = 0; i < nvec; i++) {
        __m128i x = _mm_sub_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(s + i * 16)), lov);
        for (j = 0; j < R; j++)
            c[j] = _mm_sub_epi8(c[j], _mm_cmpeq_epi8(x, _mm_set1_epi8((char)j)));
    }
    for (j = 0; j < R; j++) {
        uint64_t lanes[2];
        __m128i sums = _mm_sad_epu8(c[j], _mm_setzero_si128());
        tot = _mm_add_epi8(tot, c[j]);
        memcpy(lanes, &sums, sizeof lanes);
        cnt[j] = lanes[0] + lanes[1];
    }
    return all_eq(tot, _mm_set1_epi8((char)(uint8_t)nvec));
}

static int narrow_super_r(const uint8_t *s, size_t nvec, __m128i lov,
                          unsigned R, uint64_t *cnt)
{
    switch (R) {
    case 1: return narrow_super(s, nvec, lov, 1, cnt);
    case 2: return narrow_super(s, nvec, lov, 2, cnt);
    case 3: return narrow_super(s, nvec, lov, 3, cnt);
    case 4: return narrow_super(s, nvec, lov, 4, cnt);
    case 5: return narrow_super(s, nvec, lov, 5, cnt);
    case 6: return narrow_super(s, nvec, lov, 6, cnt);
    case 7: return narrow_super(s, nvec, lov, 7, cnt);
    case 8: return narrow_super(s, nvec, lov, 8, cnt);
    case 9: return narrow_super(s, nvec, lov, 9, cnt);
    case 10: return narrow_super(s, nvec, lov, 10, cnt);
    case 11: return narrow_super(s, nvec, lov, 11, cnt);
    case 12: return narrow_super(s, nvec, lov, 12, cnt);
    case 13: return narrow_super(s, nvec, lov, 13, cnt);
    case 14: return narrow_super(s, nvec, lov, 14, cnt);
    case 15: return narrow_super(s, nvec, lov, 15, cnt);
    default: return narrow_super(s, nvec, lov, 16, cnt);
    }
}

static int count_narrow(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                        uint64_t *hist, size_t *bad)
{
    unsigned R = (unsigned)hi - lo + 1u, v;
    __m128i lov = _mm_set1_epi8((char)lo);
    uint64_t cnt[16];
    size_t off = 0, nvec = n / 16;
    while (nvec > 0) {
        size_t sv = nvec < SSE_SUPER ? nvec : SSE_SUPER;
        size_t len = sv * 16;
        if (narrow_super_r(s + off, sv, lov, R, cnt)) {
            for (v = 0; v < R; v++)
                hist[v] += cnt[v];
        } else {
            /* A lane falls short only for a byte off the scale, so the
               reference always finds one (other branch marked for gcovr). */
            size_t b;
            if (!nps__count_scalar(s + off, len, lo, hi, hist, &b)) { /* GCOVR_EXCL_BR_LINE */
                *bad = off + b;
                return 0;
            }
        }
        off += len;
        nvec -= sv;
    }
    if (off < n) {
        size_t b;
        if (!nps__count_scalar(s + off, n - off, lo, hi, hist, &b)) {
            *bad = off + b;
            return 0;
        }
    }
    return 1;
}

/* Four sub-histograms so consecutive equal bytes do not wait on each
   other's increment; 32-bit counters, flushed long before they could wrap
   (every WIDE_FLUSH bytes: at 1 MiB the flush costs nothing measurable and
   inputs of test size cross it). */
static int count_wide(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad)
{
    uint32_t sub[4][256];
    unsigned R = (unsigned)hi - lo + 1u, v;
    const __m128i lov = _mm_set1_epi8((char)lo);
    const __m128i lim = _mm_set1_epi8((char)(uint8_t)(R - 1));
    size_t off = 0, since_flush = 0;
    size_t nvec = n / 16;

    memset(sub, 0, sizeof sub);
    while (off < n) {
        size_t sv = nvec < WIDE_BLOCK ? nvec : WIDE_BLOCK;
        size_t len = sv ? sv * 16 : n - off; /* the last partial vector */
        size_t i;
        __m128i mx = _mm_setzero_si128();
        for (i = 0; i < sv; i++) {
            __m128i x = _mm_sub_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(s + off + i * 16)),
                lov);
            mx = _mm_max_epu8(mx, x);
        }
        if (!sv || !all_eq(_mm_max_epu8(mx, lim), lim)) {
            /* The tail, or a block with a bad byte: the reference counts
               or finds the first bad byte; flush first so hist stays exact. */
            size_t b;
            for (v = 0; v < R; v++)
                hist[v] += (uint64_t)sub[0][v] + sub[1][v] + sub[2][v] + sub[3][v];
            memset(sub, 0, sizeof sub);
            since_flush = 0;
            if (!nps__count_scalar(s + off, len, lo, hi, hist, &b)) {
                *bad = off + b;
                return 0;
            }
        } else {
            const uint8_t *p = s + off;
            for (i = 0; i < len; i += 4) {
                sub[0][(uint8_t)(p[i] - lo)]++;
                sub[1][(uint8_t)(p[i + 1] - lo)]++;
                sub[2][(uint8_t)(p[i + 2] - lo)]++;
                sub[3][(uint8_t)(p[i + 3] - lo)]++;
            }
            since_flush += len;
            if (since_flush >= WIDE_FLUSH) {
                for (v = 0; v < R; v++)
                    hist[v] += (uint64_t)sub[0][v] + sub[1][v] + sub[2][v] + sub[3][v];
                memset(sub, 0, sizeof sub);
                since_flush = 0;
            }
        }
        off += len;
        nvec -= sv;
    }
    for (v = 0; v < R; v++)
        hist[v] += (uint64_t)sub[0][v] + sub[1][v] + sub[2][v] + sub[3][v];
    return 1;
}

int nps__count_sse2(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                    uint64_t *hist, size_t *bad)
{
    if (hi < lo)
        return nps__count_scalar(s, n, lo, hi, hist, bad);
    if ((unsigned)hi - lo < 16u)
        return count_narrow(s, n, lo, hi, hist, bad);
    return count_wide(s, n, lo, hi, hist, bad);
}
