/*
 * The AVX-512BW counting kernel (64 bytes a step); compiled with -mavx512f
 * -mavx512bw -mpopcnt and only called after the CPU was seen to support
 * all three.
 *
 * Whole 16 KiB superblocks use positional popcounts: a byte shuffle turns
 * each byte of a group of 16 values into a one-hot bit (values 0-7 in one
 * vector, 8-15 in another), a Harley-Seal tree of carry-save adders (two
 * three-input logic instructions each) folds 16 such vectors into one
 * "sixteens" vector, and a bit test per position plus a scalar popcount
 * turns that into counts. About 9 vector instructions per 64 bytes for the
 * standard scale, against 14 for the nibble counters of kernel_nibble.h,
 * which handle the remainder below 16 KiB.
 *
 * Validation is free as in the nibble kernel: a byte off the scale sets no
 * bit, so a superblock is valid exactly when its counts sum to its length;
 * otherwise the scalar reference rescans it for the first bad index.
 * SPDX-License-Identifier: MIT
 */
#include "kernels.h"

#include <immintrin.h>
#include <string.h>

#define NIB_V __m512i
#define NIB_VL 64u
#define NIB_NAME nib_count_avx512
#define NIB_STORAGE static
#define NIB_LOADU(p) _mm512_loadu_si512((const void *)(p))
#define NIB_BCAST16(p) \
    _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define NIB_SET1(b) _mm512_set1_epi8(b)
#define NIB_ZERO() _mm512_setzero_si512()
#define NIB_ADD8(a, b) _mm512_add_epi8(a, b)
#define NIB_SUB8(a, b) _mm512_sub_epi8(a, b)
#define NIB_ADDS_U8(a, b) _mm512_adds_epu8(a, b)
#define NIB_AND(a, b) _mm512_and_si512(a, b)
#define NIB_SHUF(t, x) _mm512_shuffle_epi8(t, x)
#define NIB_SRL16_4(x) _mm512_srli_epi16(x, 4)
#define NIB_SAD0(x) _mm512_sad_epu8(x, _mm512_setzero_si512())
#define NIB_EQ_ALL(a, b) (_mm512_cmpneq_epi8_mask(a, b) == 0)
#define NIB_PIN(x) __asm__("" : "+v"(x))

#include "kernel_nibble.h"

#define PP_SUPER 256u /* vectors per superblock: 16 KiB, re-read per group */

#define PP_INLINE static inline __attribute__((always_inline))

PP_INLINE __m512i xor3(__m512i a, __m512i b, __m512i c)
{
    return _mm512_ternarylogic_epi32(a, b, c, 0x96);
}

PP_INLINE __m512i maj3(__m512i a, __m512i b, __m512i c)
{
    return _mm512_ternarylogic_epi32(a, b, c, 0xE8);
}

/* Carry-save adder: (hi, lo) = a + b + c, bitwise. */
#define CSA(hi, lo, a, b, c)                                                 \
    do {                                                                     \
        __m512i a_ = (a), b_ = (b), c_ = (c);                                \
        hi = maj3(a_, b_, c_);                                               \
        lo = xor3(a_, b_, c_);                                               \
    } while (0)

/* cnt[b] += (bits set at position b across w's bytes) << shift. */
PP_INLINE void bits_add(uint64_t *cnt, __m512i w, const int shift)
{
    int b;
    _Pragma("GCC unroll 8")
    for (b = 0; b < 8; b++) {
        __mmask64 m = _mm512_test_epi8_mask(w, _mm512_set1_epi8((char)(1 << b)));
        cnt[b] += (uint64_t)__builtin_popcountll((unsigned long long)m) << shift;
    }
}

/* The scale offset applied to one loaded vector: bytes of the group keep
   their low nibble with bit 7 clear, all others get bit 7 set. A group
   starting at byte 0 needs no subtraction. */
PP_INLINE __m512i pp_index(const uint8_t *p, __m512i bias, __m512i sat,
                           const int nosub)
{
    __m512i v = _mm512_loadu_si512((const void *)p);
    /* nosub is constant in each inlined copy, so each copy takes one side
       only: the other is unreachable there (marked for gcovr). */
    return _mm512_adds_epu8(nosub ? v : _mm512_sub_epi8(v, bias), sat); /* GCOVR_EXCL_BR_LINE */
}

/* Vectors i and i+1 into both streams' carry-save state: TW receives the
   twos carried out of the ones. */
#define PP_PAIR(i, TWa, TWb)                                                     do {                                                                             __m512i x0 = pp_index(s + (i) * NIB_VL, bias, sat, nosub);                   __m512i x1 = pp_index(s + ((i) + 1) * NIB_VL, bias, sat, nosub);             CSA(TWa, onesa, onesa, _mm512_shuffle_epi8(taba, x0),                            _mm512_shuffle_epi8(taba, x1));                                          if (two)                                                                         CSA(TWb, onesb, onesb, _mm512_shuffle_epi8(tabb, x0),                            _mm512_shuffle_epi8(tabb, x1));                                  } while (0)

/* Counts of one group (values 0-7 from taba into cnt[0..8), and when two,
   values 8-15 from tabb into cnt[8..16)) over nvec vectors, a multiple of
   16. Both streams share each loaded and offset vector. */
PP_INLINE void pp_group(const uint8_t *s, size_t nvec, __m512i bias,
                        __m512i taba, __m512i tabb, uint64_t *cnt,
                        const int two, const int nosub)
{
    const __m512i sat = _mm512_set1_epi8(0x70);
    const __m512i z = _mm512_setzero_si512();
    __m512i onesa = z, twosa = z, foursa = z, eightsa = z;
    __m512i onesb = z, twosb = z, foursb = z, eightsb = z;
    __m512i tAa, tBa, fAa, fBa, eAa, eBa, sixa;
    __m512i tAb = z, tBb = z, fAb = z, fBb = z, eAb = z, eBb = z, sixb = z;
    size_t k;
    for (k = 0; k < nvec; k += 16, s += 16 * NIB_VL) {
        PP_PAIR(0, tAa, tAb);
        PP_PAIR(2, tBa, tBb);
        CSA(fAa, twosa, twosa, tAa, tBa);
        if (two) CSA(fAb, twosb, twosb, tAb, tBb);
        PP_PAIR(4, tAa, tAb);
        PP_PAIR(6, tBa, tBb);
        CSA(fBa, twosa, twosa, tAa, tBa);
        if (two) CSA(fBb, twosb, twosb, tAb, tBb);
        CSA(eAa, foursa, foursa, fAa, fBa);
        if (two) CSA(eAb, foursb, foursb, fAb, fBb);
        PP_PAIR(8, tAa, tAb);
        PP_PAIR(10, tBa, tBb);
        CSA(fAa, twosa, twosa, tAa, tBa);
        if (two) CSA(fAb, twosb, twosb, tAb, tBb);
        PP_PAIR(12, tAa, tAb);
        PP_PAIR(14, tBa, tBb);
        CSA(fBa, twosa, twosa, tAa, tBa);
        if (two) CSA(fBb, twosb, twosb, tAb, tBb);
        CSA(eBa, foursa, foursa, fAa, fBa);
        if (two) CSA(eBb, foursb, foursb, fAb, fBb);
        CSA(sixa, eightsa, eightsa, eAa, eBa);
        bits_add(cnt, sixa, 4);
        if (two) {
            CSA(sixb, eightsb, eightsb, eAb, eBb);
            bits_add(cnt + 8, sixb, 4);
        }
    }
    bits_add(cnt, eightsa, 3);
    bits_add(cnt, foursa, 2);
    bits_add(cnt, twosa, 1);
    bits_add(cnt, onesa, 0);
    if (two) {
        bits_add(cnt + 8, eightsb, 3);
        bits_add(cnt + 8, foursb, 2);
        bits_add(cnt + 8, twosb, 1);
        bits_add(cnt + 8, onesb, 0);
    }
}

int nps__count_avx512(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad)
{
    /* pat[g][0] one-hot bits for values 16g..16g+7, pat[g][1] for the rest. */
    uint8_t pat[16][2][16];
    uint64_t cnt[256];
    unsigned R, v, g, ngroups;
    size_t off = 0, b;
    const size_t super = (size_t)PP_SUPER * NIB_VL;

    if (hi < lo)
        return nps__count_scalar(s, n, lo, hi, hist, bad);
    R = (unsigned)hi - lo + 1u;
    ngroups = (R + 15) / 16;
    memset(pat, 0, sizeof pat);
    for (v = 0; v < R; v++)
        pat[v / 16][(v % 16) / 8][v % 16] = (uint8_t)(1u << (v % 8));

    for (; n - off >= super; off += super) {
        uint64_t total = 0;
        memset(cnt, 0, sizeof cnt);
        for (g = 0; g < ngroups; g++) {
            uint8_t base = (uint8_t)(lo + 16 * g);
            __m512i bias = _mm512_set1_epi8((char)base);
            __m512i ta = _mm512_broadcast_i32x4(
                _mm_loadu_si128((const __m128i *)(const void *)pat[g][0]));
            __m512i tb = _mm512_broadcast_i32x4(
                _mm_loadu_si128((const __m128i *)(const void *)pat[g][1]));
            int two = R - 16 * g > 8;
            /* Constant flags give four specialised loops. */
            if (two && base == 0)
                pp_group(s + off, PP_SUPER, bias, ta, tb, cnt + 16 * g, 1, 1);
            else if (two)
                pp_group(s + off, PP_SUPER, bias, ta, tb, cnt + 16 * g, 1, 0);
            else if (base == 0)
                pp_group(s + off, PP_SUPER, bias, ta, tb, cnt + 16 * g, 0, 1);
            else
                pp_group(s + off, PP_SUPER, bias, ta, tb, cnt + 16 * g, 0, 0);
        }
        for (v = 0; v < R; v++)
            total += cnt[v];
        /* Short counts mean a byte off the scale, so the reference always
           finds one (its other branch is marked for gcovr). */
        if (total == super) {
            for (v = 0; v < R; v++)
                hist[v] += cnt[v];
        } else if (!nps__count_scalar(s + off, super, lo, hi, hist, &b)) { /* GCOVR_EXCL_BR_LINE */
            *bad = off + b;
            return 0;
        }
    }
    if (off < n && !nib_count_avx512(s + off, n - off, lo, hi, hist, &b)) {
        *bad = off + b;
        return 0;
    }
    return 1;
}
