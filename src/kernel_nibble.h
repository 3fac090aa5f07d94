/*
 * Body of the shuffle-based counting kernels, included by kernel_avx2.c and
 * kernel_avx512.c after they define the vector primitives below. Not a
 * header of its own: every includer gets its own copy compiled with its own
 * instruction-set flags.
 *
 * Method. x = saturating((s - lo - 16g) + 0x70) keeps the low nibble of a
 * byte of group g (values lo+16g .. lo+16g+15) and sets bit 7 for every other
 * byte, so a 16-entry byte shuffle maps it to 0 there. Table t of a group
 * answers 0x01 for value 2t and 0x10 for value 2t+1: one shuffle and one
 * byte add count two values at once in two 4-bit counters. Nibble counters
 * hold 15, so every 15 vectors they are split into byte counters; byte
 * counters hold 255, so every 255 vectors (a "superblock") they are summed
 * (sum of absolute differences against zero) into 64-bit totals.
 *
 * Validation costs nothing per byte: a byte off the scale is counted by no
 * table, so each byte lane of the summed byte counters must equal the number
 * of vectors of the superblock. When one does not, the superblock is
 * rescanned by the scalar reference, which finds the exact first bad index;
 * the counts of a superblock reach hist only after it validated.
 *
 * SPDX-License-Identifier: MIT
 */

/* Required from the includer:
   NIB_V              vector type; NIB_VL its size in bytes
   NIB_NAME           name of the kernel function to define
   NIB_STORAGE        (optional) its storage class, e.g. static
   NIB_PIN(x)         keeps x in a register at this point: stops the
                      compiler from reassociating the counter updates
                      into a tree of spilled temporaries
   NIB_LOADU(p)       unaligned load
   NIB_BCAST16(p)     the 16 bytes at p in every 128-bit lane
   NIB_SET1(b)        every byte = b; NIB_ZERO() all zero
   NIB_ADD8, NIB_SUB8, NIB_ADDS_U8, NIB_AND   bytewise
   NIB_SHUF(t, x)     per-lane byte shuffle, 0 where bit 7 of x is set
   NIB_SRL16_4(x)     shift each 16-bit lane right by 4
   NIB_SAD0(x)        per-8-byte sums of x as 64-bit lanes
   NIB_EQ_ALL(a, b)   1 when every byte of a equals the byte of b */

#include <string.h>

#ifndef NIB_STORAGE
#define NIB_STORAGE
#endif

#define NIB_NIBBLE_MAX 15u
#define NIB_SUPER 255u /* vectors per superblock: byte counters hold 255 */

#if defined(__GNUC__) || defined(__clang__)
#define NIB_INLINE static inline __attribute__((always_inline))
/* Fully unrolled loops over the tables keep every counter in a register;
   -O2 alone leaves them in memory. */
#define NIB_UNROLL _Pragma("GCC unroll 16")
#else
#define NIB_INLINE static inline
#define NIB_UNROLL
#endif

/* One group of at most 16 values over nvec (<= NIB_SUPER) vectors at s.
   Adds the group's byte counters into *tot and their sums into out[0..2T). */
NIB_INLINE void nib_group(const uint8_t *s, size_t nvec, NIB_V bias,
                          const uint8_t (*pat)[16], const int T,
                          NIB_V *tot, uint64_t *out)
{
    NIB_V tab[8], acc[8], bacc[16];
    const NIB_V sat = NIB_SET1(0x70);
    const NIB_V low = NIB_SET1(0x0F);
    size_t k = 0;
    int t;

    NIB_UNROLL
    for (t = 0; t < T; t++)
        tab[t] = NIB_BCAST16(pat[t]);
    NIB_UNROLL
    for (t = 0; t < 2 * T; t++)
        bacc[t] = NIB_ZERO();

    while (k < nvec) {
        size_t m = nvec - k < NIB_NIBBLE_MAX ? nvec - k : NIB_NIBBLE_MAX;
        size_t i;
        NIB_UNROLL
        for (t = 0; t < T; t++)
            acc[t] = NIB_ZERO();
        if (m == NIB_NIBBLE_MAX) {
            /* Unrolled, the loop carries no register copies. */
            NIB_UNROLL
            for (i = 0; i < NIB_NIBBLE_MAX; i++) {
                NIB_V v = NIB_LOADU(s + (k + i) * NIB_VL);
                NIB_V x = NIB_ADDS_U8(NIB_SUB8(v, bias), sat);
                NIB_UNROLL
                for (t = 0; t < T; t++) {
                    acc[t] = NIB_ADD8(acc[t], NIB_SHUF(tab[t], x));
                    NIB_PIN(acc[t]);
                }
            }
        } else {
            for (i = 0; i < m; i++) {
                NIB_V v = NIB_LOADU(s + (k + i) * NIB_VL);
                NIB_V x = NIB_ADDS_U8(NIB_SUB8(v, bias), sat);
                NIB_UNROLL
                for (t = 0; t < T; t++)
                    acc[t] = NIB_ADD8(acc[t], NIB_SHUF(tab[t], x));
            }
        }
        NIB_UNROLL
        for (t = 0; t < T; t++) {
            bacc[2 * t] = NIB_ADD8(bacc[2 * t], NIB_AND(acc[t], low));
            bacc[2 * t + 1] =
                NIB_ADD8(bacc[2 * t + 1], NIB_AND(NIB_SRL16_4(acc[t]), low));
        }
        k += m;
    }

    NIB_UNROLL
    for (t = 0; t < 2 * T; t++) {
        uint64_t lanes[NIB_VL / 8];
        NIB_V sums = NIB_SAD0(bacc[t]);
        size_t j;
        uint64_t sum = 0;
        *tot = NIB_ADD8(*tot, bacc[t]);
        memcpy(lanes, &sums, sizeof lanes);
        for (j = 0; j < NIB_VL / 8; j++)
            sum += lanes[j];
        out[t] = sum;
    }
}

/* A superblock of nvec vectors: 1 when every byte is on the scale, with the
   counts of the R values in cnt[0..R). */
NIB_INLINE int nib_super(const uint8_t *s, size_t nvec, uint8_t lo,
                         unsigned R, const uint8_t (*pat)[8][16],
                         uint64_t *cnt)
{
    NIB_V tot = NIB_ZERO();
    unsigned g, ngroups = (R + 15) / 16;
    for (g = 0; g < ngroups; g++) {
        unsigned vals = R - 16 * g < 16 ? R - 16 * g : 16;
        NIB_V bias = NIB_SET1((char)(uint8_t)(lo + 16 * g));
        uint64_t *out = cnt + 16 * g;
        /* A constant table count lets the compiler keep every counter in a
           register. */
        switch ((vals + 1) / 2) {
        case 1: nib_group(s, nvec, bias, pat[g], 1, &tot, out); break;
        case 2: nib_group(s, nvec, bias, pat[g], 2, &tot, out); break;
        case 3: nib_group(s, nvec, bias, pat[g], 3, &tot, out); break;
        case 4: nib_group(s, nvec, bias, pat[g], 4, &tot, out); break;
        case 5: nib_group(s, nvec, bias, pat[g], 5, &tot, out); break;
        case 6: nib_group(s, nvec, bias, pat[g], 6, &tot, out); break;
        case 7: nib_group(s, nvec, bias, pat[g], 7, &tot, out); break;
        default: nib_group(s, nvec, bias, pat[g], 8, &tot, out); break;
        }
    }
    return NIB_EQ_ALL(tot, NIB_SET1((char)(uint8_t)nvec));
}

NIB_STORAGE int NIB_NAME(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                         uint64_t *hist, size_t *bad)
{
    /* pat[g][t] is table t of group g; cnt has room for the odd last
       value of a group (2T may exceed the values of the last group). */
    uint8_t pat[16][8][16];
    uint64_t cnt[256 + 16];
    unsigned R, v;
    size_t off = 0, nvec, rest;

    if (hi < lo)
        return nps__count_scalar(s, n, lo, hi, hist, bad);
    R = (unsigned)hi - lo + 1u;
    memset(pat, 0, sizeof pat);
    for (v = 0; v < R; v++)
        pat[v / 16][(v % 16) / 2][v % 16] = (uint8_t)(v % 2 ? 0x10 : 0x01);

    nvec = n / NIB_VL;
    while (nvec > 0) {
        size_t sv = nvec < NIB_SUPER ? nvec : NIB_SUPER;
        size_t len = sv * NIB_VL;
        if (!nib_super(s + off, sv, lo, R, (const uint8_t(*)[8][16])pat, cnt)) {
            /* The superblock's counts were not added: the reference finds
               the first bad byte, and counts correctly should it find none.
               It always finds one (a lane falls short of nvec only for a
               byte off the scale), so the other branch is marked for gcovr. */
            size_t b;
            if (!nps__count_scalar(s + off, len, lo, hi, hist, &b)) { /* GCOVR_EXCL_BR_LINE */
                *bad = off + b;
                return 0;
            }
        } else {
            for (v = 0; v < R; v++)
                hist[v] += cnt[v];
        }
        off += len;
        nvec -= sv;
    }
    rest = n - off;
    if (rest > 0) {
        size_t b;
        if (!nps__count_scalar(s + off, rest, lo, hi, hist, &b)) {
            *bad = off + b;
            return 0;
        }
    }
    return 1;
}
