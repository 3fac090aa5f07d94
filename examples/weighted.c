/* Revenue-weighted NPS of eight B2B accounts, with its honest interval.

   One answer per account, weighted by the account's yearly revenue (k$):

     account   score  category   revenue
     acme        10   promoter     120
     globex       6   detractor    200
     initech      9   promoter      40
     umbrella     8   passive       60
     hooli       10   promoter      30
     soylent      4   detractor     20
     stark        9   promoter      80
     wayne        7   passive       50

   Expected output, worked by hand:
   Unweighted: 4 promoters, 2 passives, 2 detractors, n = 8,
   NPS = 100 (4 - 2) / 8 = 25.0. Adjusted Wald (3/4, 3/2, 3/4 pseudo-answers):
   n' = 11, pR = 4.75/11 = 0.431818, pD = 2.75/11 = 0.25, estimate 0.181818,
   variance 0.681818 - 0.033058 = 0.648760, SE = sqrt(0.648760 / 11) =
   0.242854, margin 1.959964 * 0.242854 = 0.475979: CI -29.4 to 65.8.
   Weighted: W = 600, W_p = 120 + 40 + 30 + 80 = 270, W_d = 200 + 20 = 220,
   NPS = 100 (W_p - W_d) / W = 100 * 50 / 600 = 8.3: the two largest
   accounts disagree, and revenue pulls the score down.
   Effective n (Kish) = W^2 / sum w^2 = 360000 / 69800 = 5.16: eight answers
   with these weights are as precise as about five unweighted ones.
   Adjusted Wald on the pseudo-counts n_eff W_c / W: promoters 2.320917,
   passives 0.945559, detractors 1.891117; with the pseudo-answers
   n' = 8.157593, pR = 3.070917 / n' = 0.376449, pD = 2.641117 / n' =
   0.323762, estimate 0.052687, variance 0.700211 - 0.002776 = 0.697435,
   SE = sqrt(0.697435 / 8.157593) = 0.292397, margin 0.573088:
   CI -52.0 to 62.6. The report: 8 points, give or take 57.
   SPDX-License-Identifier: MIT */
#include <nps.h>
#include <stdio.h>

struct account {
    const char *name;
    int score;
    double revenue;
};

int main(void)
{
    static const struct account accounts[] = {
        {"acme", 10, 120}, {"globex", 6, 200}, {"initech", 9, 40},
        {"umbrella", 8, 60}, {"hooli", 10, 30}, {"soylent", 4, 20},
        {"stark", 9, 80}, {"wayne", 7, 50}};
    const size_t n = sizeof accounts / sizeof accounts[0];
    nps_wacc *w = NULL;
    nps_acc *acc = NULL;
    double wlo, whi, lo, hi, n_eff;
    size_t i;
    int rc = 1;

    if (nps_wacc_new(&w, NULL) != NPS_OK || nps_acc_new(&acc, NULL) != NPS_OK)
        goto out;
    for (i = 0; i < n; i++)
        if (nps_wacc_add(w, accounts[i].score, accounts[i].revenue) != NPS_OK ||
            nps_acc_add(acc, accounts[i].score) != NPS_OK)
            goto out;
    if (nps_wacc_effective_n(w, &n_eff) != NPS_OK ||
        nps_wacc_interval(w, NPS_METHOD_ADJUSTED_WALD, 0.95, &wlo, &whi) != NPS_OK ||
        nps_acc_interval(acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi) != NPS_OK)
        goto out;
    printf("accounts: %llu, revenue %.0f k$ (promoters %.0f, passives %.0f, "
           "detractors %.0f)\n",
           (unsigned long long)nps_wacc_total(w), nps_wacc_total_weight(w),
           nps_wacc_category_weight(w, NPS_PROMOTER),
           nps_wacc_category_weight(w, NPS_PASSIVE),
           nps_wacc_category_weight(w, NPS_DETRACTOR));
    printf("unweighted NPS %.1f (95%% CI %.1f to %.1f), n = %llu\n",
           nps_acc_score(acc), lo, hi, (unsigned long long)nps_acc_total(acc));
    printf("revenue-weighted NPS %.1f (95%% CI %.1f to %.1f), "
           "effective n = %.2f\n", nps_wacc_score(w), wlo, whi, n_eff);
    rc = 0;
out:
    nps_wacc_free(w);
    nps_acc_free(acc);
    return rc;
}
