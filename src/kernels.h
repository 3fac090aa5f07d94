/*
 * libnps private header: the counting kernels and the way tests and
 * benchmarks force one of them. Nothing here is exported from libnps.so
 * (hidden visibility, absent from libnps.sym); the static library carries
 * the symbols so the kernel tests can reach them.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_KERNELS_H
#define NPS_KERNELS_H

#include "nps_internal.h"

/* Kernel identifiers for nps__kernel_get; values are internal only. */
enum {
    NPS__KERNEL_SCALAR = 0,
    NPS__KERNEL_SSE2 = 1,
    NPS__KERNEL_AVX2 = 2,
    NPS__KERNEL_AVX512 = 3,
    NPS__KERNEL_COUNT = 4
};

/*
 * The kernel `which` when it was compiled in and this CPU can run it, else
 * NULL. NPS__KERNEL_SCALAR is always available. *name (may be NULL) gets a
 * static name ("scalar", "sse2", "avx2", "avx512bw") whatever the result.
 */
nps__count_fn nps__kernel_get(int which, const char **name);

/* The kernel nps__count_scores uses on this CPU, and its identifier. */
int nps__kernel_selected(void);

/* SIMD kernels, compiled only on x86 without NPS_SCALAR_ONLY. Each may only
   be called on a CPU with its instruction set (see nps__kernel_get). */
int nps__count_sse2(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                    uint64_t *hist, size_t *bad);
int nps__count_avx2(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                    uint64_t *hist, size_t *bad);
int nps__count_avx512(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad);

#endif /* NPS_KERNELS_H */
