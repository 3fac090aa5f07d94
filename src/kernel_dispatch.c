/*
 * Kernel selection. The best kernel this CPU supports is chosen on the first
 * call and cached in one pointer: every thread computes the same answer, so
 * the cache is idempotent, and relaxed atomic loads and stores make the
 * race on it benign. Nothing for a caller to initialise, nothing exported.
 * The SIMD kernels live in files compiled with their own instruction-set
 * flags; this file is compiled for the baseline CPU, so the library loads
 * and runs anywhere.
 * SPDX-License-Identifier: MIT
 */
#include "kernels.h"

#include <stddef.h>

#if !defined(NPS_SCALAR_ONLY) && defined(NPS_HAVE_X86_KERNELS) && \
    (defined(__GNUC__) || defined(__clang__))
#define NPS_DISPATCH_X86 1
#endif

static const char *const kernel_names[NPS__KERNEL_COUNT] = {
    "scalar", "sse2", "avx2", "avx512bw"};

/*
 * Which way the CPU tests below go depends on the machine, not on any
 * input: where coverage is measured (a CPU with AVX-512BW) every SIMD
 * kernel is available, so their "absent" sides are marked for gcovr. The
 * scalar-only build (NPS_SCALAR_ONLY) runs the fallback to the scalar
 * kernel in the test suites.
 */
#ifdef NPS_DISPATCH_X86
/* which is one of the SIMD kernels (nps__kernel_get checks). */
static int cpu_has(int which)
{
    /* __builtin_cpu_supports also checks that the OS saves the AVX and
       AVX-512 register state (XGETBV), not only the CPUID bits. */
    __builtin_cpu_init();
    if (which == NPS__KERNEL_SSE2)
        return __builtin_cpu_supports("sse2") != 0;
    if (which == NPS__KERNEL_AVX2)
        return __builtin_cpu_supports("avx2") != 0;
    return __builtin_cpu_supports("avx512f") != 0 &&  /* GCOVR_EXCL_BR_LINE */
           __builtin_cpu_supports("avx512bw") != 0 && /* GCOVR_EXCL_BR_LINE */
           __builtin_cpu_supports("popcnt") != 0;     /* GCOVR_EXCL_BR_LINE */
}
#endif

nps__count_fn nps__kernel_get(int which, const char **name)
{
    if (name)
        *name = (which >= 0 && which < NPS__KERNEL_COUNT) ? kernel_names[which]
                                                          : "unknown";
    switch (which) {
    case NPS__KERNEL_SCALAR:
        return nps__count_scalar;
#ifdef NPS_DISPATCH_X86
    case NPS__KERNEL_SSE2:
        return cpu_has(which) ? nps__count_sse2 : NULL; /* GCOVR_EXCL_BR_LINE */
    case NPS__KERNEL_AVX2:
        return cpu_has(which) ? nps__count_avx2 : NULL; /* GCOVR_EXCL_BR_LINE */
    case NPS__KERNEL_AVX512:
        return cpu_has(which) ? nps__count_avx512 : NULL; /* GCOVR_EXCL_BR_LINE */
#endif
    default:
        return NULL;
    }
}

int nps__kernel_selected(void)
{
    int k;
    for (k = NPS__KERNEL_COUNT - 1; k > NPS__KERNEL_SCALAR; k--) /* GCOVR_EXCL_BR_LINE */
        if (nps__kernel_get(k, NULL)) /* GCOVR_EXCL_BR_LINE */
            return k;
    return NPS__KERNEL_SCALAR; /* GCOVR_EXCL_LINE (no SIMD kernel here) */
}

static nps__count_fn selected_kernel;

int nps__count_scores(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad)
{
    nps__count_fn f = __atomic_load_n(&selected_kernel, __ATOMIC_RELAXED);
    if (!f) {
        f = nps__kernel_get(nps__kernel_selected(), NULL);
        __atomic_store_n(&selected_kernel, f, __ATOMIC_RELAXED);
    }
    return f(s, n, lo, hi, hist, bad);
}
