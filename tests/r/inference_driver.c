/*
 * Driver for the R cross-checks of the inference layer (tests/r/inference_check.R).
 *   inference_driver trend [re|answers] < "x detractors passives promoters" lines
 *     prints: slope se p_value df tau q q_p_value
 *   inference_driver adjust [holm|bh] < one p-value per line
 *     prints the adjusted p-values, one per line
 *   inference_driver omnibus < "detractors passives promoters" lines
 *     prints: statistic df p_value
 * Numbers are printed with 17 significant digits.
 * SPDX-License-Identifier: MIT
 */
#include <nps.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 4096

static nps_acc *load(unsigned long long d, unsigned long long p,
                     unsigned long long r)
{
    nps_acc *a = NULL;
    if (nps_acc_new(&a, NULL) != NPS_OK || nps_acc_add_n(a, 0, d) != NPS_OK ||
        nps_acc_add_n(a, 7, p) != NPS_OK || nps_acc_add_n(a, 10, r) != NPS_OK) {
        fprintf(stderr, "cannot build an accumulator\n");
        exit(2);
    }
    return a;
}

int main(int argc, char **argv)
{
    static nps_acc *accs[MAXN];
    static double xs[MAXN], ps[MAXN];
    size_t k = 0, i;
    if (argc < 2)
        return 2;
    if (strcmp(argv[1], "trend") == 0 || strcmp(argv[1], "omnibus") == 0) {
        int trend = argv[1][0] == 't';
        unsigned long long d, p, r;
        double x = 0;
        nps_status st;
        for (;;) {
            int got = trend ? scanf("%lf %llu %llu %llu", &x, &d, &p, &r)
                            : scanf("%llu %llu %llu", &d, &p, &r);
            if (got != (trend ? 4 : 3) || k == MAXN)
                break;
            xs[k] = x;
            accs[k++] = load(d, p, r);
        }
        if (trend) {
            nps_trend t = NPS_TREND_INIT;
            nps_trend_method m = argc > 2 && strcmp(argv[2], "answers") == 0
                                     ? NPS_TREND_ANSWERS
                                     : NPS_TREND_RANDOM_EFFECTS;
            st = nps_trend_fit(&t, (const nps_acc *const *)accs, xs, k, m);
            if (st != NPS_OK) {
                fprintf(stderr, "nps_trend_fit: %s\n", nps_strerror(st));
                return 1;
            }
            printf("%.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", t.slope, t.se,
                   t.p_value, t.df, t.tau, t.q, t.q_p_value);
        } else {
            nps_heterogeneity h = NPS_HETEROGENEITY_INIT;
            st = nps_heterogeneity_test(&h, (const nps_acc *const *)accs, k);
            if (st != NPS_OK) {
                fprintf(stderr, "nps_heterogeneity_test: %s\n",
                        nps_strerror(st));
                return 1;
            }
            printf("%.17g %.17g %.17g\n", h.statistic, h.df, h.p_value);
        }
        for (i = 0; i < k; i++)
            nps_acc_free(accs[i]);
        return 0;
    }
    if (strcmp(argv[1], "adjust") == 0) {
        nps_adjust m = argc > 2 && strcmp(argv[2], "bh") == 0 ? NPS_ADJUST_BH
                                                              : NPS_ADJUST_HOLM;
        nps_status st;
        while (k < MAXN && scanf("%lf", &ps[k]) == 1)
            k++;
        st = nps_pvalues_adjust(ps, ps, k, m, NULL);
        if (st != NPS_OK) {
            fprintf(stderr, "nps_pvalues_adjust: %s\n", nps_strerror(st));
            return 1;
        }
        for (i = 0; i < k; i++)
            printf("%.17g\n", ps[i]);
        return 0;
    }
    return 2;
}
