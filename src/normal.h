/*
 * libnps private header: normal and Student t distribution functions used by
 * the statistics and timeline layers. Nothing outside src/ (and the unit
 * tests of these functions) may include this file.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_NORMAL_H
#define NPS_NORMAL_H

/*
 * Quantile of the standard normal distribution (Wichura 1988, algorithm
 * AS 241, PPND16): relative accuracy about 1e-16 over (0, 1). Returns
 * -INFINITY for 0, +INFINITY for 1 and NaN outside [0, 1] or for NaN.
 * For an upper quantile near 1 pass the lower tail and negate: 1 - p loses
 * the digits that p near 0 keeps.
 */
double nps__normal_quantile(double p);

/*
 * Two-sided p-value of a standard normal statistic: P(|Z| >= |z|) =
 * erfc(|z| / sqrt 2). 1 for z = 0, 0 for infinite z, NaN for NaN.
 */
double nps__normal_sf2(double z);

/*
 * Two-sided p-value of Student's t with df > 0 degrees of freedom (df need
 * not be an integer): P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). Relative
 * error below 5e-13 for any df (continued fraction below df = 8000, Hill's
 * normalizing transformation from there on); infinite df gives the normal
 * value. NaN for NaN arguments or df <= 0.
 */
double nps__t_sf2(double t, double df);

#endif /* NPS_NORMAL_H */
