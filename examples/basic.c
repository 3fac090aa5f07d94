/* The first program of README.md: an NPS and its 95% interval.

   Expected output, worked by hand: 7 promoters (10 9 9 10 9 10 9),
   2 passives (8 7), 3 detractors (6 3 5), n = 12, so
   NPS = 100 (7 - 3) / 12 = 33.3. Adjusted Wald (Rocks 2016) adds 3/4
   detractor, 3/2 passive, 3/4 promoter: n' = 15, pR = 7.75/15 = 0.516667,
   pD = 3.75/15 = 0.25, estimate 26.667; variance (pR + pD) - (pR - pD)^2
   = 0.766667 - 0.071111 = 0.695556; SE = sqrt(0.695556 / 15) = 0.215338;
   margin 1.959964 * 0.215338 = 42.205 points: CI -15.5 to 68.9.
   SPDX-License-Identifier: MIT */
#include <nps.h>
#include <stdio.h>

int main(void)
{
    static const uint8_t answers[] = {10, 9, 9, 8, 7, 10, 6, 3, 9, 10, 9, 5};
    nps_acc *acc;
    double lo, hi;

    if (nps_acc_new(&acc, NULL) != NPS_OK) return 1;
    if (nps_acc_add_scores(acc, answers, sizeof answers, NULL) != NPS_OK ||
        nps_acc_interval(acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi) != NPS_OK)
        return nps_acc_free(acc), 1;
    printf("NPS %.1f (95%% CI %.1f to %.1f), n = %llu\n", nps_acc_score(acc),
           lo, hi, (unsigned long long)nps_acc_total(acc));
    nps_acc_free(acc);
    return 0;
}
