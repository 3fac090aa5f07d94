/*
 * Empirical coverage of the weighted intervals (not a test): for
 * populations whose answers carry lognormal weights, possibly larger for
 * one category (revenue-weighted B2B programmes), draw many samples of n
 * answers, compute the 95% Wald (Taylor SE), adjusted Wald and score
 * intervals of nps_wacc, and count how often each holds the population's
 * weighted NPS:
 *     100 (pi_p mu_p - pi_d mu_d) / sum_c pi_c mu_c
 * with pi_c the category shares and mu_c the mean weight of category c.
 * Also prints the mean effective n. docs/statistics.md quotes the output.
 *
 * Usage: coverage_wacc [reps]   (default 20000 samples per cell)
 * SPDX-License-Identifier: MIT
 */
#include "nps.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng = 0x853c49e6748fea9bu;

static double unit(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return ((double)(rng >> 11) + 0.5) * 0x1p-53;
}

static double normal(void)
{
    return sqrt(-2.0 * log(unit())) * cos(6.283185307179586 * unit());
}

struct scenario {
    const char *name;
    double share[3];  /* detractors, passives, promoters */
    double loc[3];    /* log-scale location of each category's weights */
    double sigma;     /* log-scale spread */
};

static const struct scenario scenarios[] = {
    {"raking-like, 30/30/40, sigma 0.3", {0.3, 0.3, 0.4}, {0, 0, 0}, 0.3},
    {"revenue, promoters 2x, sigma 1.5", {0.3, 0.3, 0.4}, {0, 0, 0.7}, 1.5},
    {"skewed 5/15/80, sigma 0.8", {0.05, 0.15, 0.80}, {0, 0, 0}, 0.8},
    {"detractors heavy, 40/20/40, sigma 1", {0.4, 0.2, 0.4}, {0.7, 0, 0}, 1.0},
};

static const int sizes[] = {20, 50, 200, 1000};

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 20000;
    size_t si, ni;
    static const int score_of[3] = {3, 7, 10};
    printf("libnps %s: coverage of 95%% weighted intervals, %d samples per cell\n",
           nps_version_string(), reps);
    for (si = 0; si < sizeof scenarios / sizeof *scenarios; si++) {
        const struct scenario *sc = &scenarios[si];
        double mu[3], num, den = 0.0, truth;
        int c;
        for (c = 0; c < 3; c++) {
            mu[c] = exp(sc->loc[c] + 0.5 * sc->sigma * sc->sigma);
            den += sc->share[c] * mu[c];
        }
        num = sc->share[2] * mu[2] - sc->share[0] * mu[0];
        truth = 100.0 * num / den;
        printf("\n%s: weighted NPS %.2f\n", sc->name, truth);
        printf("  %6s %10s %8s %8s %8s\n", "n", "mean n_eff", "Wald", "adjWald",
               "score");
        for (ni = 0; ni < sizeof sizes / sizeof *sizes; ni++) {
            int n = sizes[ni], r, i, m;
            long hit[3] = {0, 0, 0}, valid[3] = {0, 0, 0};
            double neff_sum = 0.0;
            for (r = 0; r < reps; r++) {
                nps_wacc *w = NULL;
                double neff, lo, hi;
                nps_wacc_new(&w, NULL);
                for (i = 0; i < n; i++) {
                    double u = unit();
                    int k = u < sc->share[0] ? 0
                            : u < sc->share[0] + sc->share[1] ? 1 : 2;
                    nps_wacc_add(w, score_of[k],
                                 exp(sc->loc[k] + sc->sigma * normal()));
                }
                nps_wacc_effective_n(w, &neff);
                neff_sum += neff;
                for (m = 0; m < 3; m++)
                    if (nps_wacc_interval(w, (nps_method)m, 0.95, &lo, &hi) ==
                        NPS_OK) {
                        valid[m]++;
                        hit[m] += lo <= truth && truth <= hi;
                    }
                nps_wacc_free(w);
            }
            printf("  %6d %10.1f", n, neff_sum / reps);
            for (m = 0; m < 3; m++)
                printf(" %7.1f%%", 100.0 * (double)hit[m] / (double)valid[m]);
            printf("\n");
        }
    }
    return 0;
}
