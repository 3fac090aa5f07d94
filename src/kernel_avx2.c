/* The AVX2 counting kernel (32 bytes a step); compiled with -mavx2 and only
   called after the CPU was seen to support AVX2.
   SPDX-License-Identifier: MIT */
#include "kernels.h"

#include <immintrin.h>

#define NIB_V __m256i
#define NIB_VL 32u
#define NIB_NAME nps__count_avx2
#define NIB_LOADU(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define NIB_BCAST16(p) \
    _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define NIB_SET1(b) _mm256_set1_epi8(b)
#define NIB_ZERO() _mm256_setzero_si256()
#define NIB_ADD8(a, b) _mm256_add_epi8(a, b)
#define NIB_SUB8(a, b) _mm256_sub_epi8(a, b)
#define NIB_ADDS_U8(a, b) _mm256_adds_epu8(a, b)
#define NIB_AND(a, b) _mm256_and_si256(a, b)
#define NIB_SHUF(t, x) _mm256_shuffle_epi8(t, x)
#define NIB_SRL16_4(x) _mm256_srli_epi16(x, 4)
#define NIB_SAD0(x) _mm256_sad_epu8(x, _mm256_setzero_si256())
#define NIB_EQ_ALL(a, b) \
    ((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, b)) == 0xFFFFFFFFu)
#define NIB_PIN(x) __asm__("" : "+x"(x))

#include "kernel_nibble.h"
