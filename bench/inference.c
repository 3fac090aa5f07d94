/*
 * Error rates of the inference layer by simulation (docs/statistics.md):
 *   1. trend false positives and power, random effects vs answer-level OLS,
 *      by between-period SD, with unequal period sizes;
 *   2. family-wise false positives over k segments, raw and under Holm;
 *   3. alert in-control false-alarm rate and detection of a dip;
 *   4. exact coverage on a dense grid of true shares (n = 10, 30);
 *   5. sample size planned on the adjusted-Wald margin vs the realized
 *      margin;
 *   6. errors of two-sample comparisons by direction (small vs large
 *      sample, equal true NPS): adjusted Wald vs MOVER-score.
 *
 *   inference [replications [table]]   default 2000 (tables 1-3, 5, 6),
 *                                       all tables, or only table 1..6
 *
 * Reproducible: xoshiro256** seeded through splitmix64 from a fixed seed.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "nps.h"

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
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
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

static double unif(struct rng *r)
{
    return (double)(next(r) >> 11) * 0x1.0p-53;
}

static double gauss(struct rng *r)
{
    double u = unif(r), v = unif(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static void die(const char *what, nps_status st)
{
    fprintf(stderr, "%s: %s\n", what, nps_strerror(st));
    exit(1);
}

/* Fill acc (reset first) with n answers at shares (pd, 1 - pd - pr, pr). */
static void draw(struct rng *r, nps_acc *acc, uint64_t n, double pr, double pd)
{
    uint64_t c[3] = {0, 0, 0}, i;
    nps_acc_reset(acc);
    for (i = 0; i < n; i++) {
        double u = unif(r);
        c[u < pd ? 0 : u < 1.0 - pr ? 1 : 2]++;
    }
    if (nps_acc_add_n(acc, 0, c[0]) || nps_acc_add_n(acc, 7, c[1]) ||
        nps_acc_add_n(acc, 10, c[2]))
        die("add", NPS_E_INVALID);
}

/* Shares of a period whose NPS is base + shift points: promoters gain
   shift/200 and detractors lose it, from 45% / 25%. */
static void shares(double shift, double *pr, double *pd)
{
    *pr = 0.45 + shift / 200.0;
    *pd = 0.25 - shift / 200.0;
    if (*pd < 0.0)
        *pd = 0.0;
    if (*pr > 1.0)
        *pr = 1.0;
}

#define MAXK 128
static nps_acc *acc[MAXK];
static double pos[MAXK];

/* ---- 1. trend ----------------------------------------------------------- */

static void trend_table(int reps)
{
    static const double taus[] = {0, 2, 4};
    static const double slopes[] = {0.0, 0.5};
    static const double rhos[] = {0.0, 0.5};
    size_t it, is, ir;
    const size_t k = 24;
    printf("## 1. Trend: share of surveys with p < 0.05 (24 periods, 200-1500 "
           "answers each, NPS 20)\n\n");
    printf("| slope (points/period) | between-period SD | lag-1 autocorrelation "
           "| random effects | answers (1.0) |\n|---|---|---|---|---|\n");
    for (is = 0; is < 2; is++)
        for (ir = 0; ir < 2; ir++)
            for (it = 0; it < 3; it++) {
                struct rng r;
                int rep, hit_re = 0, hit_ans = 0;
                if (ir == 1 && it != 2)
                    continue;
                seed(&r, 1000 + 10 * is + it + 100 * ir);
                for (rep = 0; rep < reps; rep++) {
                    size_t i;
                    double prev = 0;
                    nps_trend t1 = NPS_TREND_INIT, t2 = NPS_TREND_INIT;
                    nps_status st;
                    for (i = 0; i < k; i++) {
                        double pr, pd, e = gauss(&r) * taus[it], u;
                        uint64_t n = 200 + (uint64_t)(unif(&r) * 1301.0);
                        /* AR(1) deviations with marginal SD tau. */
                        u = i == 0 ? e
                                   : rhos[ir] * prev +
                                         sqrt(1.0 - rhos[ir] * rhos[ir]) * e;
                        prev = u;
                        shares(slopes[is] * ((double)i - 11.5) + u, &pr, &pd);
                        draw(&r, acc[i], n, pr, pd);
                        pos[i] = (double)i;
                    }
                    st = nps_trend_fit(&t1, (const nps_acc *const *)acc, pos, k,
                                       NPS_TREND_RANDOM_EFFECTS);
                    if (st)
                        die("trend", st);
                    st = nps_trend_fit(&t2, (const nps_acc *const *)acc, pos, k,
                                       NPS_TREND_ANSWERS);
                    if (st)
                        die("trend", st);
                    hit_re += t1.p_value < 0.05;
                    hit_ans += t2.p_value < 0.05;
                }
                printf("| %.1f | %.0f | %.1f | %.1f%% | %.1f%% |\n", slopes[is],
                       taus[it], rhos[ir], 100.0 * hit_re / reps,
                       100.0 * hit_ans / reps);
            }
    printf("\nMonte Carlo SE of a 5%% rate: %.1f points.\n\n",
           100.0 * sqrt(0.05 * 0.95 / reps));
}

/* ---- 2. segments -------------------------------------------------------- */

static void segment_table(int reps)
{
    static const size_t ks[] = {3, 10, 20, 50, 100};
    size_t ik;
    nps_acc *rest;
    double p[MAXK], ps[MAXK], adj[MAXK];
    if (nps_acc_new(&rest, NULL))
        die("new", NPS_E_NOMEM);
    printf("## 2. Segments: share of surveys where some segment differs from "
           "the rest at 0.05 (equal NPS everywhere, 30-300 answers per "
           "segment, adjusted-Wald comparisons)\n\n");
    printf("| segments | unadjusted | Holm | Benjamini-Hochberg | Holm on "
           "MOVER-score p | omnibus test |\n|---|---|---|---|---|---|\n");
    for (ik = 0; ik < 5; ik++) {
        size_t k = ks[ik];
        struct rng r;
        int rep, any_raw = 0, any_holm = 0, any_bh = 0, omni = 0, any_sc = 0;
        seed(&r, 2000 + k);
        for (rep = 0; rep < reps; rep++) {
            size_t i, j;
            int f1 = 0, f2 = 0, f3 = 0, f4 = 0;
            nps_heterogeneity h = NPS_HETEROGENEITY_INIT;
            for (i = 0; i < k; i++)
                draw(&r, acc[i], 30 + (uint64_t)(unif(&r) * 271.0), 0.45, 0.25);
            for (i = 0; i < k; i++) {
                nps_acc_reset(rest);
                for (j = 0; j < k; j++)
                    if (j != i && nps_acc_merge(rest, acc[j]))
                        die("merge", NPS_E_OVERFLOW);
                if (nps_compare(acc[i], rest, NPS_METHOD_ADJUSTED_WALD, 0.95,
                                NULL, NULL, NULL, &p[i]))
                    die("compare", NPS_E_INVALID);
                f1 |= p[i] < 0.05;
                {
                    nps_comparison c = NPS_COMPARISON_INIT;
                    if (nps_compare_score(&c, acc[i], rest, 0.95))
                        die("compare", NPS_E_INVALID);
                    ps[i] = c.p_value;
                }
            }
            if (nps_pvalues_adjust(adj, ps, k, NPS_ADJUST_HOLM, NULL))
                die("adjust", NPS_E_INVALID);
            for (i = 0; i < k; i++)
                f4 |= adj[i] < 0.05;
            if (nps_pvalues_adjust(adj, p, k, NPS_ADJUST_HOLM, NULL))
                die("adjust", NPS_E_INVALID);
            for (i = 0; i < k; i++)
                f2 |= adj[i] < 0.05;
            if (nps_pvalues_adjust(adj, p, k, NPS_ADJUST_BH, NULL))
                die("adjust", NPS_E_INVALID);
            for (i = 0; i < k; i++)
                f3 |= adj[i] < 0.05;
            if (nps_heterogeneity_test(&h, (const nps_acc *const *)acc, k))
                die("omnibus", NPS_E_INVALID);
            any_raw += f1;
            any_holm += f2;
            any_bh += f3;
            any_sc += f4;
            omni += h.p_value < 0.05;
        }
        printf("| %zu | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |\n", k,
               100.0 * any_raw / reps, 100.0 * any_holm / reps,
               100.0 * any_bh / reps, 100.0 * any_sc / reps,
               100.0 * omni / reps);
    }
    printf("\n");
    nps_acc_free(rest);
}

/* ---- 3. alerts ---------------------------------------------------------- */

static void alert_table(int reps)
{
    static const double taus[] = {0, 2, 4};
    size_t it;
    const size_t k = 36;
    static nps_alert al[MAXK];
    printf("## 3. Alerts (window 12, limit 3): share of decided periods "
           "flagged when nothing changes, and share of 10-point dips caught "
           "(36 periods, 200-1500 answers each)\n\n");
    printf("| between-period SD | false alarms per period | dips caught "
           "|\n|---|---|---|\n");
    for (it = 0; it < 3; it++) {
        struct rng r;
        int rep;
        long decided = 0, alarms = 0, caught = 0;
        seed(&r, 3000 + it);
        for (rep = 0; rep < reps; rep++) {
            size_t i;
            for (i = 0; i < k; i++) {
                double pr, pd;
                double dip = i == k - 1 && (rep & 1) ? -10.0 : 0.0;
                shares(gauss(&r) * taus[it] + dip, &pr, &pd);
                draw(&r, acc[i], 200 + (uint64_t)(unif(&r) * 1301.0), pr, pd);
            }
            for (i = 0; i < k; i++) {
                nps_alert a = NPS_ALERT_INIT;
                al[i] = a;
            }
            if (nps_alert_scan(al, (const nps_acc *const *)acc, k, 12, 3.0))
                die("alert", NPS_E_INVALID);
            /* Odd replications end on a dip: its last period is not an
               in-control period. */
            for (i = 0; i < k - ((rep & 1) ? 1 : 0); i++) {
                if (al[i].kind == NPS_ALERT_UNDECIDED)
                    continue;
                decided++;
                alarms += al[i].kind != NPS_ALERT_NONE;
            }
            if (rep & 1)
                caught += al[k - 1].kind == NPS_ALERT_LOW;
        }
        printf("| %.0f | %.2f%% | %.1f%% |\n", taus[it],
               100.0 * (double)alarms / (double)decided,
               100.0 * (double)caught / (double)(reps / 2));
    }
    printf("\n");
}

/* ---- 4. exact coverage on a grid ---------------------------------------- */

static double log_fact(int n)
{
    double s = 0;
    int i;
    for (i = 2; i <= n; i++)
        s += log((double)i);
    return s;
}

static void coverage_table(void)
{
    static const int ns[] = {10, 30};
    static const nps_method ms[] = {NPS_METHOD_WALD, NPS_METHOD_ADJUSTED_WALD,
                                    NPS_METHOD_SCORE};
    static const char *names[] = {"Wald", "adjusted Wald", "score"};
    size_t in, im;
    printf("## 4. Exact coverage of 95%% intervals over a grid of true shares "
           "(step 0.01, every (detractor, passive, promoter) triple)\n\n");
    printf("| n | method | minimum | at (D/P/R %%) | mean | share of grid below "
           "93%% | samples whose estimate is outside its interval "
           "|\n|---|---|---|---|---|---|---|\n");
    for (in = 0; in < 2; in++) {
        int n = ns[in], d, p, a, b;
        for (im = 0; im < 3; im++) {
            /* Interval of every outcome (d, p, n - d - p). */
            static double lo[31][31], hi[31][31];
            double mn = 2, sum = 0, at_d = 0, at_r = 0;
            long cells = 0, below = 0, outside = 0;
            nps_acc *x;
            if (nps_acc_new(&x, NULL))
                die("new", NPS_E_NOMEM);
            for (d = 0; d <= n; d++)
                for (p = 0; d + p <= n; p++) {
                    double est = 100.0 * (double)(n - d - p - d) / n;
                    nps_acc_reset(x);
                    if (nps_acc_add_n(x, 0, (uint64_t)d) ||
                        nps_acc_add_n(x, 7, (uint64_t)p) ||
                        nps_acc_add_n(x, 10, (uint64_t)(n - d - p)) ||
                        nps_acc_interval(x, ms[im], 0.95, &lo[d][p], &hi[d][p]))
                        die("interval", NPS_E_INVALID);
                    outside += est < lo[d][p] || est > hi[d][p];
                }
            nps_acc_free(x);
            for (a = 0; a <= 100; a++)       /* detractor % */
                for (b = 0; a + b <= 100; b++) { /* promoter % */
                    double qd = a / 100.0, qr = b / 100.0, qp = 1 - qd - qr;
                    double truth = 100.0 * (qr - qd), cov = 0;
                    for (d = 0; d <= n; d++)
                        for (p = 0; d + p <= n; p++) {
                            int rr = n - d - p;
                            double lp;
                            if ((qd == 0 && d) || (qp <= 0 && p) || (qr == 0 && rr))
                                continue;
                            if (!(truth >= lo[d][p] - 1e-9 &&
                                  truth <= hi[d][p] + 1e-9))
                                continue;
                            lp = log_fact(n) - log_fact(d) - log_fact(p) -
                                 log_fact(rr) + (d ? d * log(qd) : 0) +
                                 (p ? p * log(qp) : 0) + (rr ? rr * log(qr) : 0);
                            cov += exp(lp);
                        }
                    cells++;
                    sum += cov;
                    below += cov < 0.93;
                    if (cov < mn) {
                        mn = cov;
                        at_d = a;
                        at_r = b;
                    }
                }
            printf("| %d | %s | %.1f%% | %.0f/%.0f/%.0f | %.1f%% | %.1f%% | "
                   "%ld of %d |\n",
                   n, names[im], 100 * mn, at_d, 100 - at_d - at_r, at_r,
                   100 * sum / cells, 100.0 * below / cells, outside,
                   (n + 1) * (n + 2) / 2);
        }
    }
    printf("\n");
}

/* ---- 5. sample size ----------------------------------------------------- */

static void sample_size_table(int reps)
{
    static const double sh[][2] = {{0.95, 0.01}, {0.90, 0.02}, {0.50, 0.20},
                                   {0.30, 0.30}};
    static const double margins[] = {10.0, 5.0};
    size_t is, im;
    nps_acc *x;
    if (nps_acc_new(&x, NULL))
        die("new", NPS_E_NOMEM);
    printf("## 5. Sample size for a 95%% margin: Wald plan (1.0) vs "
           "adjusted-Wald plan, and the adjusted-Wald margin of simulated "
           "samples of the planned size\n\n");
    printf("| shares R/D | target margin | Wald plan | its median margin | "
           "adjusted-Wald plan | its median margin | share of samples at or "
           "below the target |\n|---|---|---|---|---|---|---|\n");
    for (is = 0; is < 4; is++)
        for (im = 0; im < 2; im++) {
            uint64_t n1 = 0, n2 = 0, plan[2];
            int k2, rep;
            double med[2], within = 0;
            struct rng r;
            static double m[100000];
            if (nps_sample_size(margins[im], 0.95, sh[is][0], sh[is][1], &n1) ||
                nps_sample_size_margin(&n2, NPS_METHOD_ADJUSTED_WALD,
                                       margins[im], 0.95, sh[is][0], sh[is][1]))
                die("sample size", NPS_E_INVALID);
            plan[0] = n1;
            plan[1] = n2;
            seed(&r, 5000 + 10 * is + im);
            for (k2 = 0; k2 < 2; k2++) {
                int lower = 0;
                double piv;
                for (rep = 0; rep < reps && rep < 100000; rep++) {
                    draw(&r, x, plan[k2], sh[is][0], sh[is][1]);
                    if (nps_acc_margin(x, NPS_METHOD_ADJUSTED_WALD, 0.95, &m[rep]))
                        die("margin", NPS_E_INVALID);
                    if (k2 == 1)
                        within += m[rep] <= margins[im];
                }
                /* Median by counting: the smallest value with half at or
                   below it (reps is small enough for O(reps^2)). */
                piv = 0;
                for (rep = 0; rep < reps; rep++) {
                    int j, le = 0;
                    for (j = 0; j < reps; j++)
                        le += m[j] <= m[rep];
                    if (le >= (reps + 1) / 2 && (lower == 0 || m[rep] < piv)) {
                        piv = m[rep];
                        lower = 1;
                    }
                }
                med[k2] = piv;
            }
            printf("| %.0f/%.0f | %.0f | %llu | %.2f | %llu | %.2f | %.0f%% |\n",
                   100 * sh[is][0], 100 * sh[is][1], margins[im],
                   (unsigned long long)n1, med[0], (unsigned long long)n2,
                   med[1], 100.0 * within / reps);
        }
    printf("\n");
    nps_acc_free(x);
}

/* ---- 6. two-sample comparisons by direction ----------------------------- */

static void compare_table(int reps)
{
    static const double sh[][2] = {{0.70, 0.10}, {0.45, 0.25}, {0.90, 0.02}};
    static const uint64_t sizes[][2] = {{10, 1000}, {30, 1000}, {100, 100}};
    size_t is, iz;
    nps_acc *a, *b;
    if (nps_acc_new(&a, NULL) || nps_acc_new(&b, NULL))
        die("new", NPS_E_NOMEM);
    printf("## 6. Two samples with the same true NPS: share of 95%% intervals "
           "that call a rise (lo > 0) or a drop (hi < 0)\n\n");
    printf("| shares R/D | n(a) vs n(b) | adjusted Wald: rise / drop | "
           "MOVER-score: rise / drop |\n|---|---|---|---|\n");
    for (is = 0; is < 3; is++)
        for (iz = 0; iz < 3; iz++) {
            struct rng r;
            int rep, w_up = 0, w_down = 0, m_up = 0, m_down = 0;
            seed(&r, 6000 + 10 * is + iz);
            for (rep = 0; rep < reps; rep++) {
                double lo, hi;
                nps_comparison c = NPS_COMPARISON_INIT;
                draw(&r, a, sizes[iz][0], sh[is][0], sh[is][1]);
                draw(&r, b, sizes[iz][1], sh[is][0], sh[is][1]);
                if (nps_compare(a, b, NPS_METHOD_ADJUSTED_WALD, 0.95, NULL, &lo,
                                &hi, NULL) ||
                    nps_compare_score(&c, a, b, 0.95))
                    die("compare", NPS_E_INVALID);
                w_up += lo > 0.0;
                w_down += hi < 0.0;
                m_up += c.lo > 0.0;
                m_down += c.hi < 0.0;
            }
            printf("| %.0f/%.0f | %llu vs %llu | %.1f%% / %.1f%% | %.1f%% / "
                   "%.1f%% |\n",
                   100 * sh[is][0], 100 * sh[is][1],
                   (unsigned long long)sizes[iz][0],
                   (unsigned long long)sizes[iz][1], 100.0 * w_up / reps,
                   100.0 * w_down / reps, 100.0 * m_up / reps,
                   100.0 * m_down / reps);
        }
    printf("\n");
    nps_acc_free(a);
    nps_acc_free(b);
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 2000;
    int only = argc > 2 ? atoi(argv[2]) : 0;
    size_t i;
    if (reps < 2 || reps > 100000) {
        fprintf(stderr, "usage: inference [replications 2..100000]\n");
        return 2;
    }
    for (i = 0; i < MAXK; i++)
        if (nps_acc_new(&acc[i], NULL))
            die("new", NPS_E_NOMEM);
    printf("# libnps inference simulations (%d replications)\n\n", reps);
    if (!only || only == 1)
        trend_table(reps);
    if (!only || only == 2)
        segment_table(reps);
    if (!only || only == 3)
        alert_table(reps);
    if (!only || only == 4)
        coverage_table();
    if (!only || only == 5)
        sample_size_table(reps < 2000 ? reps : 2000);
    if (!only || only == 6)
        compare_table(reps);
    for (i = 0; i < MAXK; i++)
        nps_acc_free(acc[i]);
    return 0;
}
