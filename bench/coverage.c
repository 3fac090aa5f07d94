/*
 * Empirical coverage of the three interval methods (Wald, adjusted Wald,
 * score) by simulation: for each true distribution of detractors, passives
 * and promoters and each sample size n, draw many samples, compute each
 * method's interval and count how often it contains the true NPS.
 *
 * Reproducible: xoshiro256** seeded through splitmix64 from a fixed seed,
 * so the same command prints the same table on every machine.
 *
 *   coverage [replications [level]]     defaults: 100000 0.95
 *
 * A figure is starred when it is more than 2 points from the nominal level.
 * The Monte Carlo standard error of each figure is printed in the header.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "nps.h"

/* ---- xoshiro256** (Blackman and Vigna, 2018), seeded by splitmix64 ---- */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void seed(struct rng *r, uint64_t x)
{
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

/* Uniform on [0, 1) with 53 random bits. */
static double uniform(struct rng *r)
{
    return (double)(next(r) >> 11) * 0x1.0p-53;
}

/* ---- the experiment ------------------------------------------------------ */

struct dist {
    double d, p, r; /* shares of detractors, passives, promoters */
};

static const struct dist dists[] = {
    {0.33, 0.34, 0.33}, /* NPS  0, spread out */
    {0.10, 0.80, 0.10}, /* NPS  0, mostly passives */
    {0.20, 0.30, 0.50}, /* NPS 30, typical */
    {0.50, 0.20, 0.30}, /* NPS -20 */
    {0.10, 0.20, 0.70}, /* NPS 60 */
    {0.05, 0.15, 0.80}, /* NPS 75 */
    {0.02, 0.08, 0.90}, /* NPS 88, near the edge */
};

static const uint64_t sizes[] = {10, 30, 100, 1000};

static const nps_method methods[] = {NPS_METHOD_WALD, NPS_METHOD_ADJUSTED_WALD,
                                     NPS_METHOD_SCORE};

int main(int argc, char **argv)
{
    long reps = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    double level = argc > 2 ? strtod(argv[2], NULL) : 0.95;
    double mcse;
    nps_acc *acc = NULL;
    size_t i, j, k;
    struct rng rng;
    int far = 0;

    if (reps < 100 || !(level > 0.0 && level < 1.0)) {
        fprintf(stderr, "usage: coverage [replications >= 100 [level]]\n");
        return 2;
    }
    if (nps_acc_new(&acc, NULL) != NPS_OK)
        return 1;
    seed(&rng, 20160401u);
    mcse = 100.0 * sqrt(level * (1.0 - level) / (double)reps);
    printf("Coverage (%%) of nominal %.4g%% intervals, %ld samples per row "
           "(Monte Carlo SE %.2f points); * = more than 2 points off.\n\n",
           100.0 * level, reps, mcse);
    printf("| D/P/R shares (%%) | NPS | n | Wald | adjusted Wald | score |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    for (i = 0; i < sizeof dists / sizeof dists[0]; i++) {
        const struct dist *t = &dists[i];
        double truth = 100.0 * (t->r - t->d);
        for (j = 0; j < sizeof sizes / sizeof sizes[0]; j++) {
            long hits[3] = {0, 0, 0}, rep;
            for (rep = 0; rep < reps; rep++) {
                uint64_t c[3] = {0, 0, 0}, a;
                for (a = 0; a < sizes[j]; a++) {
                    double u = uniform(&rng);
                    c[u < t->d ? 0 : u < t->d + t->p ? 1 : 2]++;
                }
                nps_acc_reset(acc);
                if (nps_acc_add_n(acc, 0, c[0]) != NPS_OK ||
                    nps_acc_add_n(acc, 7, c[1]) != NPS_OK ||
                    nps_acc_add_n(acc, 10, c[2]) != NPS_OK)
                    return 1;
                for (k = 0; k < 3; k++) {
                    double lo, hi;
                    if (nps_acc_interval(acc, methods[k], level, &lo, &hi) !=
                        NPS_OK)
                        return 1;
                    /* A tiny tolerance: the true value sits exactly on the
                       clamped end when it is +-100, never otherwise. */
                    if (lo <= truth + 1e-9 && truth - 1e-9 <= hi)
                        hits[k]++;
                }
            }
            printf("| %2.0f/%2.0f/%2.0f | %3.0f | %4llu |", 100 * t->d,
                   100 * t->p, 100 * t->r, truth,
                   (unsigned long long)sizes[j]);
            for (k = 0; k < 3; k++) {
                double cov = 100.0 * (double)hits[k] / (double)reps;
                int off = fabs(cov - 100.0 * level) > 2.0;
                if (off && k > 0 && sizes[j] >= 30)
                    far++;
                printf(" %5.1f%s |", cov, off ? "*" : "");
            }
            printf("\n");
        }
    }
    printf("\nadjusted Wald or score figures more than 2 points off at "
           "n >= 30: %d\n",
           far);
    nps_acc_free(acc);
    return 0;
}
