/* The scalar counting kernel: the reference every SIMD kernel is tested
   against. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

int nps__count_scalar(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint8_t v = s[i];
        if (v < lo || v > hi) {
            *bad = i;
            return 0;
        }
        hist[v - lo]++;
    }
    return 1;
}
