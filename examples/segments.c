/* Which regions differ? An omnibus test, then each region against the rest
   with Holm-adjusted p-values.

   Counts (detractors, passives, promoters) per region:
     NA     40  60 100   n = 200, NPS  30.0
     EMEA   50  70  80   n = 200, NPS  15.0
     APAC   30  40  80   n = 150, NPS  33.3
     LATAM  45  30  25   n = 100, NPS -20.0

   Expected output, worked by hand.
   Overall: 165 detractors, 200 passives, 285 promoters, n = 650, NPS 18.5.
   Omnibus (docs/statistics.md): each region's variance v = 10^4 s^2 / n,
   s^2 from its shares with 3/4, 3/2, 3/4 pseudo-answers; NA: pR = 100.75
   / 203, pD = 40.75 / 203, s^2 = 0.697044 - 0.087360 = 0.609685, v =
   30.484; likewise EMEA 31.297, APAC 41.464, LATAM 65.647. Weights w =
   1/v give the weighted mean 18.852 and chi2 = sum w (y - 18.852)^2 =
   (30 - 18.852)^2 / 30.484 + (15 - 18.852)^2 / 31.297 + (33.333 -
   18.852)^2 / 41.464 + (-20 - 18.852)^2 / 65.647 = 4.077 + 0.474 + 5.058
   + 22.993 = 32.60 on 3 df, p = 3.9e-07: the regions differ.
   Each region against the other three (MOVER interval from the Tango
   score limits, nps_compare_score()): NA 30.0 vs 13.3 (125, 140, 185):
   +16.7; EMEA 15.0 vs 20.0: -5.0; APAC 33.3 vs 14.0: +19.3; LATAM -20.0
   vs 25.5: -45.5. Raw p-values: NA 0.01568, EMEA 0.46099, APAC 0.01194,
   LATAM below 1e-5.
   Holm over the 4 p-values: sort ascending, multiply the i-th smallest by
   (4 - i + 1), take the running maximum, cap at 1:
     LATAM  p * 4        = 0.00000
     APAC   0.01194 * 3  = 0.03582
     NA     0.01568 * 2  = 0.03136 -> running max 0.03582
     EMEA   0.46099 * 1  = 0.46099
   So NA, APAC and LATAM differ from the rest at a family-wise 5%; EMEA
   does not. Unadjusted tests flag some region far more often than 5%
   when none differs (docs/statistics.md, table 2).
   SPDX-License-Identifier: MIT */
#include <nps.h>
#include <stdio.h>

#define K 4

static const char *const names[K] = {"NA", "EMEA", "APAC", "LATAM"};
static const unsigned counts[K][3] = {
    {40, 60, 100}, {50, 70, 80}, {30, 40, 80}, {45, 30, 25}};

int main(void)
{
    nps_acc *seg[K] = {0}, *all = NULL, *rest = NULL;
    nps_heterogeneity omnibus = NPS_HETEROGENEITY_INIT;
    nps_comparison cmp[K];
    double raw[K], holm[K];
    size_t i;
    int rc = 1;

    if (nps_acc_new(&all, NULL) != NPS_OK) goto out;
    for (i = 0; i < K; i++)
        if (nps_acc_new(&seg[i], NULL) != NPS_OK ||
            nps_acc_add_n(seg[i], 0, counts[i][0]) != NPS_OK ||
            nps_acc_add_n(seg[i], 7, counts[i][1]) != NPS_OK ||
            nps_acc_add_n(seg[i], 10, counts[i][2]) != NPS_OK ||
            nps_acc_merge(all, seg[i]) != NPS_OK)
            goto out;

    /* First: do the regions differ at all? */
    if (nps_heterogeneity_test(&omnibus, (const nps_acc *const *)seg, K) !=
        NPS_OK)
        goto out;
    printf("overall NPS %.1f, n = %llu\n", nps_acc_score(all),
           (unsigned long long)nps_acc_total(all));
    printf("omnibus: chi2 = %.2f on %.0f df, p = %.2g\n", omnibus.statistic,
           omnibus.df, omnibus.p_value);

    /* Then each region against the rest (all minus the region). */
    for (i = 0; i < K; i++) {
        nps_comparison init = NPS_COMPARISON_INIT;
        cmp[i] = init;
        if (nps_acc_clone(&rest, all) != NPS_OK ||
            nps_acc_subtract(rest, seg[i]) != NPS_OK ||
            nps_compare_score(&cmp[i], seg[i], rest, 0.95) != NPS_OK)
            goto out;
        nps_acc_free(rest);
        rest = NULL;
        raw[i] = cmp[i].p_value;
    }
    /* K tests: adjust for multiplicity before calling any one significant. */
    if (nps_pvalues_adjust(holm, raw, K, NPS_ADJUST_HOLM, NULL) != NPS_OK)
        goto out;
    printf("region  NPS    vs rest (95%% CI)          p raw    p Holm\n");
    for (i = 0; i < K; i++)
        printf("%-6s %5.1f  %+6.1f (%+6.1f to %+6.1f)  %.5f  %.5f%s\n", names[i],
               nps_acc_score(seg[i]), cmp[i].diff, cmp[i].lo, cmp[i].hi, raw[i],
               holm[i], holm[i] < 0.05 ? "  differs" : "");
    rc = 0;
out:
    for (i = 0; i < K; i++)
        nps_acc_free(seg[i]);
    nps_acc_free(all);
    nps_acc_free(rest);
    return rc;
}
