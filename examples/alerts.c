/* Alerts and trend on two years of monthly NPS.

   The counts below are examples/data/responses.csv per UTC month
   (2023-01 .. 2024-12; rows with an unreadable score or date left out),
   counted by examples/data/monthly_counts.py (ctest example_alerts_table
   checks that this table is the file's).
   Each month is an accumulator; nps_alert_scan() compares each month with
   the 12 before it (a Laney p'-chart, limits at 3 sigma), and
   nps_trend_fit() fits the trend across months with a random-effects
   model, so month-to-month variation beyond sampling noise widens the
   slope's standard error instead of being taken for signal.

   Expected output, worked by hand for March 2024 (month 14): its baseline
   is 2023-03 .. 2024-02, N = 11296 answers (2469 detractors, 4160
   promoters), pooled centre c = 100 (4160 - 2469) / 11296 = 19.46 and
   per-answer variance s^2 = 10^4 ((0.36827 + 0.21857) - 0.14970^2) =
   5938.7. The baseline months' z_j = (y_j - c) / sqrt(s^2 / n_j) have a
   mean moving range of 0.887 < 1.128, so sigma_z = 1 (no widening). March:
   n = 978, NPS 100 (361 - 291) / 978 = 7.16, sd = sqrt(5938.7 (1/978 +
   1/11296)) = 2.569, z = (7.16 - 19.46) / 2.569 = -4.79 < -3: LOW, limits
   19.46 -+ 3 * 2.569 = 11.75 to 27.16. September 2024 (baseline
   2023-09 .. 2024-08, c = 19.81, sigma_z = 1.730 / 1.128 = 1.534, sd =
   2.725): NPS 32.62, z = 12.81 / (1.534 * 2.725) = 3.06 > 3: HIGH, limits
   7.27 to 32.35. No other month passes 3 (see docs/statistics.md).
   Trend with the variances of nps_trend_fit() (3/4, 3/2, 3/4 pseudo-answers
   in each month's variance), checked with R's
       metafor::rma(y, v, mods = ~x, method = "DL", test = "knha"):
   slope 0.3683 points/month, SE 0.1288, p = 0.0091, tau 3.47 points.
   Treating the 22651 answers as one sample instead (1.0's method: OLS of
   +100/0/-100 on the month) gives slope 0.3637 with SE 0.0750, a p-value
   near 1e-6: 1.7 times too confident, because the month-to-month SD of
   3.5 points is real variation, not sampling noise.
   SPDX-License-Identifier: MIT */
#include <nps.h>
#include <stdio.h>

#define MONTHS 24

/* detractors, passives, promoters per month, 2023-01 first */
static const unsigned counts[MONTHS][3] = {
    {217, 307, 380}, {195, 309, 334}, {205, 364, 385}, {194, 312, 383},
    {218, 371, 387}, {217, 355, 378}, {206, 298, 377}, {207, 355, 404},
    {186, 326, 368}, {217, 343, 404}, {215, 368, 406}, {222, 353, 368},
    {196, 381, 426}, {186, 334, 381}, {291, 326, 361}, {260, 276, 394},
    {235, 371, 468}, {181, 310, 393}, {218, 350, 473}, {185, 311, 431},
    {155, 285, 443}, {198, 344, 466}, {179, 330, 418}, {195, 356, 410}};

int main(void)
{
    nps_acc *month[MONTHS] = {0};
    nps_alert alert[MONTHS];
    nps_trend re = NPS_TREND_INIT, ols = NPS_TREND_INIT;
    double position[MONTHS];
    const nps_acc *const *periods = (const nps_acc *const *)month;
    size_t i;
    int rc = 1, flagged = 0;

    for (i = 0; i < MONTHS; i++) {
        nps_alert init = NPS_ALERT_INIT;
        alert[i] = init;
        position[i] = (double)i;
        if (nps_acc_new(&month[i], NULL) != NPS_OK ||
            nps_acc_add_n(month[i], 0, counts[i][0]) != NPS_OK ||
            nps_acc_add_n(month[i], 7, counts[i][1]) != NPS_OK ||
            nps_acc_add_n(month[i], 10, counts[i][2]) != NPS_OK)
            goto out;
    }
    if (nps_alert_scan(alert, periods, MONTHS, 12, 3.0) != NPS_OK ||
        nps_trend_fit(&re, periods, position, MONTHS,
                      NPS_TREND_RANDOM_EFFECTS) != NPS_OK ||
        nps_trend_fit(&ols, periods, position, MONTHS, NPS_TREND_ANSWERS) !=
            NPS_OK)
        goto out;
    for (i = 0; i < MONTHS; i++) {
        const nps_alert *a = &alert[i];
        if (a->kind != NPS_ALERT_LOW && a->kind != NPS_ALERT_HIGH)
            continue;
        flagged++;
        printf("%d-%02d %s: NPS %.1f, centre %.1f, limits %.1f to %.1f, "
               "z %.1f\n", 2023 + (int)(i / 12), (int)(i % 12) + 1,
               a->kind == NPS_ALERT_LOW ? "LOW " : "HIGH", nps_acc_score(month[i]),
               a->center, a->lo, a->hi, a->z);
    }
    printf("%d of %d months flagged (the first 3 have no baseline)\n", flagged,
           MONTHS);
    printf("trend, random effects: %+.2f points/month (SE %.2f, p = %.4f), "
           "between-month SD %.1f points\n", re.slope, re.se, re.p_value,
           re.tau);
    printf("trend, answers as one sample (1.0): %+.2f points/month "
           "(SE %.2f, p = %.2g)\n", ols.slope, ols.se, ols.p_value);
    rc = 0;
out:
    for (i = 0; i < MONTHS; i++)
        nps_acc_free(month[i]);
    return rc;
}
