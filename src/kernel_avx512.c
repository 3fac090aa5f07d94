/* The AVX-512BW counting kernel (64 bytes a step); compiled with -mavx512f
   -mavx512bw and only called after the CPU was seen to support both.
   SPDX-License-Identifier: MIT */
#include "kernels.h"

#include <immintrin.h>

#define NIB_V __m512i
#define NIB_VL 64u
#define NIB_NAME nps__count_avx512
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
