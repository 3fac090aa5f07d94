/* Kernel selection. Only the scalar kernel exists so far.
   SPDX-License-Identifier: MIT */
#include "nps_internal.h"

int nps__count_scores(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad)
{
    return nps__count_scalar(s, n, lo, hi, hist, bad);
}
