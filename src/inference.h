/*
 * libnps private header: pieces shared by the inference layer (trend across
 * periods, multiplicity, omnibus test, alerts) and the timeline's 1.0 trend.
 * Nothing outside src/ (and unit tests of these functions) may include it.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_INFERENCE_H
#define NPS_INFERENCE_H

#include "nps_internal.h"

/*
 * A sequence of periods seen through a callback, so the timeline can fit a
 * trend over its buckets without copying them. get(ctx, i, &x, c3) gives
 * period i's position and its detractor/passive/promoter counts; periods
 * whose counts are all 0 are skipped.
 */
typedef void (*nps__period_get)(const void *ctx, uint64_t i, double *x,
                                uint64_t c3[3]);

/*
 * Answer-level OLS of the +100/0/-100 values on position (the 1.0
 * nps_timeline_trend formula, bit for bit): three passes over the periods.
 * NPS_E_EMPTY with fewer than min_periods non-empty periods or fewer than
 * 3 answers. Writes out->slope, se, p_value, df, periods, answers only.
 */
nps_status nps__trend_answers(nps_trend *out, nps__period_get get,
                              const void *ctx, uint64_t count,
                              uint64_t min_periods);

/* Upper tail P(X >= x) of chi^2 with df > 0 degrees of freedom. */
double nps__chi2_sf(double x, double df);

/*
 * Sampling variance (points^2) of a period's raw NPS, 10^4 v / n, with the
 * per-answer variance v taken from the shares after adding 3/4 detractor,
 * 3/2 passive and 3/4 promoter pseudo-answers: never 0, so a period where
 * every answer agrees still carries its uncertainty. c3 has n > 0 answers.
 */
double nps__period_variance(const uint64_t c3[3]);

/*
 * Tango score limits for E[X], X in {-1, 0, 1}, as fractions (multiply by
 * 100 for points), at normal quantile z >= 0: for a non-empty accumulator,
 * or for n answers with promoter and detractor shares pr, pd (n > 0, may
 * be fractional: expected counts). Both contain the raw estimate. In
 * stats.c, next to the one-sample score interval.
 */
void nps__acc_score_limits(const nps_acc *acc, double z, double *lo,
                           double *hi);
void nps__share_score_limits(double n, double pr, double pd, double z,
                             double *lo, double *hi);

#endif /* NPS_INFERENCE_H */
