/*
 * Inference over sequences of accumulators: multiplicity adjustment, the
 * omnibus heterogeneity test, the MOVER-score two-sample comparison,
 * planning on a method's margin and alerts against a trailing baseline.
 * docs/statistics.md derives each formula and gives its measured error
 * rates.
 * SPDX-License-Identifier: MIT
 */
#include "inference.h"
#include "normal.h"

#include <math.h>
#include <stdlib.h>

/* The largest double below 2^64: the largest count a double can name
   that fits in uint64_t. */
#define NPS__MAX_COUNT 18446744073709549568.0

/* ---- chi-square tail ---------------------------------------------------- */

/* log Gamma(a) for a > 0 (Lanczos, g = 7, 9 terms; relative error about
   1e-15). lgamma() is avoided: it writes the global signgam. */
static double log_gamma(double a)
{
    static const double c[9] = {
        0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
        771.32342877765313,   -176.61502916214059,   12.507343278686905,
        -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    double x = a - 1.0, s = c[0], t;
    int i;
    for (i = 1; i < 9; i++)
        s += c[i] / (x + (double)i);
    t = x + 7.5;
    return 0.91893853320467274178 + (x + 0.5) * log(t) - t + log(s);
}

/*
 * Regularized upper incomplete gamma Q(a, x), a > 0, x >= 0: the series for
 * P below x = a + 1, Lentz's continued fraction for Q above (Press et al.,
 * Numerical Recipes, 6.2). Both converge to double precision in at most a
 * few hundred terms for the arguments used here.
 */
static double gamma_q(double a, double x)
{
    double front;
    int i;
    if (x <= 0.0)
        return 1.0;
    front = exp(a * log(x) - x - log_gamma(a));
    if (x < a + 1.0) {
        double term = 1.0 / a, sum = term, ap = a;
        for (i = 0; i < 100000; i++) {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if (fabs(term) < fabs(sum) * 1e-17)
                break;
        }
        return 1.0 - sum * front;
    } else {
        const double tiny = 1e-300;
        double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
        for (i = 1; i < 100000; i++) {
            double an = -(double)i * ((double)i - a), del;
            b += 2.0;
            d = an * d + b;
            if (fabs(d) < tiny)
                d = tiny; /* GCOVR_EXCL_LINE: Lentz's guard, b > 0 keeps d away from 0 */
            c = b + an / c;
            if (fabs(c) < tiny)
                c = tiny; /* GCOVR_EXCL_LINE: as above */
            d = 1.0 / d;
            del = d * c;
            h *= del;
            if (fabs(del - 1.0) < 1e-17)
                break;
        }
        return front * h;
    }
}

double nps__chi2_sf(double x, double df)
{
    return gamma_q(0.5 * df, 0.5 * x);
}

/* ---- adjusted p-values -------------------------------------------------- */

struct ranked {
    double p;
    size_t i;
};

/* Ascending p; ties by input position, so the order is fully defined. */
static int ranked_cmp(const void *a, const void *b)
{
    const struct ranked *x = (const struct ranked *)a;
    const struct ranked *y = (const struct ranked *)b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

nps_status nps_pvalues_adjust(double *out, const double *p_values, size_t n,
                              nps_adjust method,
                              const nps_allocator *allocator)
{
    nps_allocator al;
    struct ranked *r;
    size_t i;
    if ((n && (!out || !p_values)) ||
        (method != NPS_ADJUST_NONE && method != NPS_ADJUST_HOLM &&
         method != NPS_ADJUST_BH) ||
        nps__allocator_init(&al, allocator) != NPS_OK)
        return NPS_E_INVALID;
    for (i = 0; i < n; i++)
        if (!(p_values[i] >= 0.0 && p_values[i] <= 1.0))
            return NPS_E_INVALID;
    if (n == 0)
        return NPS_OK;
    /* Every p-value was read, so n doubles exist: n structs of two words
       fit in the address space unless size_t is narrower than both. */
    if (n > (size_t)-1 / sizeof *r) /* GCOVR_EXCL_BR_LINE */
        return NPS_E_NOMEM;         /* GCOVR_EXCL_LINE: see above */
    r = (struct ranked *)nps__alloc(&al, n * sizeof *r);
    if (!r)
        return NPS_E_NOMEM;
    for (i = 0; i < n; i++) {
        r[i].p = p_values[i];
        r[i].i = i;
    }
    if (method != NPS_ADJUST_NONE)
        qsort(r, n, sizeof *r, ranked_cmp);
    if (method == NPS_ADJUST_HOLM) {
        double run = 0.0;
        for (i = 0; i < n; i++) {
            double v = (double)(n - i) * r[i].p;
            if (v > run)
                run = v;
            r[i].p = run < 1.0 ? run : 1.0;
        }
    } else if (method == NPS_ADJUST_BH) {
        double run = 1.0;
        for (i = n; i-- > 0;) {
            double v = (double)n / (double)(i + 1) * r[i].p;
            if (v < run)
                run = v;
            r[i].p = run;
        }
    }
    /* Every input was read above, so out may alias p_values. */
    for (i = 0; i < n; i++)
        out[r[i].i] = r[i].p;
    nps__free(&al, r, n * sizeof *r);
    return NPS_OK;
}

/* ---- shared validation -------------------------------------------------- */

/* NULL entries are NPS_E_INVALID, mixed scales NPS_E_MISMATCH. */
static nps_status check_seq(const nps_acc *const *accs, size_t k)
{
    size_t i;
    if (k && !accs)
        return NPS_E_INVALID;
    for (i = 0; i < k; i++)
        if (!accs[i])
            return NPS_E_INVALID;
    for (i = 1; i < k; i++)
        if (!nps__scale_same(&accs[i]->scale, &accs[0]->scale))
            return NPS_E_MISMATCH;
    return NPS_OK;
}

/* Raw NPS in points of a non-empty accumulator, with its counts. */
static double raw_nps(const nps_acc *a, uint64_t c3[3])
{
    nps__category_sums(&a->scale, a->counts, c3);
    return 100.0 * ((double)c3[NPS_PROMOTER] - (double)c3[NPS_DETRACTOR]) /
           (double)a->total;
}

/* ---- omnibus heterogeneity ---------------------------------------------- */

nps_status nps_heterogeneity_test(nps_heterogeneity *out,
                                  const nps_acc *const *groups, size_t k)
{
    nps_heterogeneity r;
    nps_status st;
    double sw = 0, swy = 0, ybar, q = 0;
    uint64_t c3[3], used = 0;
    size_t i;
    if (!out || out->version != NPS_HETEROGENEITY_VERSION)
        return NPS_E_INVALID;
    if ((st = check_seq(groups, k)) != NPS_OK)
        return st;
    for (i = 0; i < k; i++) {
        double y, w;
        if (groups[i]->total == 0)
            continue;
        y = raw_nps(groups[i], c3);
        w = 1.0 / nps__period_variance(c3);
        sw += w;
        swy += w * y;
        used++;
    }
    if (used < 2)
        return NPS_E_EMPTY;
    ybar = swy / sw;
    /* Second pass around the weighted mean: no cancellation. */
    for (i = 0; i < k; i++) {
        double e;
        if (groups[i]->total == 0)
            continue;
        e = raw_nps(groups[i], c3) - ybar;
        q += e * e / nps__period_variance(c3);
    }
    r = *out;
    r.statistic = q;
    r.df = (double)(used - 1);
    r.p_value = nps__chi2_sf(q, r.df);
    r.groups = used;
    *out = r;
    return NPS_OK;
}

/* ---- MOVER comparison on score limits ----------------------------------- */

/* The MOVER bounds (fractions) at normal quantile z. */
static void mover(const nps_acc *a, const nps_acc *b, double ta, double tb,
                  double z, double *lo, double *hi)
{
    double la, ua, lb, ub;
    nps__acc_score_limits(a, z, &la, &ua);
    nps__acc_score_limits(b, z, &lb, &ub);
    *lo = ta - tb - sqrt((ta - la) * (ta - la) + (ub - tb) * (ub - tb));
    *hi = ta - tb + sqrt((ua - ta) * (ua - ta) + (tb - lb) * (tb - lb));
}

nps_status nps_compare_score(nps_comparison *out, const nps_acc *a,
                             const nps_acc *b, double level)
{
    nps_comparison r;
    uint64_t c3[3];
    double ta, tb, lo, hi, z, p;
    if (!out || out->version != NPS_COMPARISON_VERSION || !a || !b ||
        !(level > 0.0 && level < 1.0))
        return NPS_E_INVALID;
    if (!nps__scale_same(&a->scale, &b->scale))
        return NPS_E_MISMATCH;
    if (a->total == 0 || b->total == 0)
        return NPS_E_EMPTY;
    ta = raw_nps(a, c3) / 100.0;
    tb = raw_nps(b, c3) / 100.0;
    z = -nps__normal_quantile(0.5 * (1.0 - level));
    mover(a, b, ta, tb, z, &lo, &hi);
    if (ta == tb) {
        p = 1.0;
    } else {
        /* Invert the interval: the bound nearest 0 moves monotonically
           away from the estimate as z grows; find the z where it reaches
           0. Beyond z = 40 the p-value is below the smallest double. */
        double zl = 0.0, zh = 40.0, l, h;
        int it;
        for (it = 0; it < 64; it++) {
            double zm = 0.5 * (zl + zh), edge;
            mover(a, b, ta, tb, zm, &l, &h);
            edge = ta > tb ? l : -h;
            if (edge > 0.0)
                zl = zm;
            else
                zh = zm;
        }
        p = nps__normal_sf2(0.5 * (zl + zh));
        /* Keep the verdict and the interval in step at the caller's level
           despite the last bisection digits. */
        if ((lo > 0.0 || hi < 0.0) && p >= 1.0 - level)
            p = nextafter(1.0 - level, 0.0);
        else if (lo <= 0.0 && hi >= 0.0 && p < 1.0 - level)
            p = 1.0 - level;
    }
    r = *out;
    r.diff = 100.0 * (ta - tb);
    r.lo = 100.0 * lo;
    r.hi = 100.0 * hi;
    r.p_value = p;
    *out = r;
    return NPS_OK;
}

/* ---- sample size on a method's margin ----------------------------------- */

/*
 * Per-answer variance (fraction) at n answers with pseudo-answers add per
 * outer category (0 or 3/4), expected shares pr, pd; a negative share is
 * unknown and takes the value that maximises the variance given the other
 * (the variance is concave in either adjusted share, with its vertex at the
 * other + 1/2).
 */
static double planned_var_at(double n, double add, double pr, double pd)
{
    double m = n + 4.0 * add, ar, ad, vmin, vmax;
    if (pr < 0.0 && pd < 0.0) {
        ar = ad = (0.5 * n + add) / m;
    } else if (pd < 0.0) {
        ar = (n * pr + add) / m;
        vmin = add / m;
        vmax = (n * (1.0 - pr) + add) / m;
        ad = ar + 0.5 < vmax ? ar + 0.5 : vmax;
        ad = ad > vmin ? ad : vmin;
    } else if (pr < 0.0) {
        ad = (n * pd + add) / m;
        vmin = add / m;
        vmax = (n * (1.0 - pd) + add) / m;
        ar = ad + 0.5 < vmax ? ad + 0.5 : vmax;
        ar = ar > vmin ? ar : vmin;
    } else {
        ar = (n * pr + add) / m;
        ad = (n * pd + add) / m;
    }
    return ar * (1.0 - ar) + ad * (1.0 - ad) + 2.0 * ar * ad;
}

/* Half-width in points of the method's interval at n answers. */
static double margin_at(nps_method method, double n, double z, double pr,
                        double pd)
{
    if (method == NPS_METHOD_SCORE) {
        double lo, hi;
        nps__share_score_limits(n, pr, pd, z, &lo, &hi);
        if (lo < -1.0)
            lo = -1.0; /* GCOVR_EXCL_LINE: score limits stay in [-1, 1] */
        return 50.0 * (hi - lo);
    } else {
        double add = method == NPS_METHOD_ADJUSTED_WALD ? 0.75 : 0.0;
        double half = z * 100.0 * sqrt(planned_var_at(n, add, pr, pd) /
                                       (n + 4.0 * add));
        /* The reported interval is clamped to [-100, 100]. */
        return half < 100.0 ? half : 100.0;
    }
}

nps_status nps_sample_size_margin(uint64_t *out, nps_method method,
                                  double margin, double level,
                                  double promoter_share,
                                  double detractor_share)
{
    double z, lo, hi, pr = promoter_share, pd = detractor_share;
    if (!out || !(margin > 0.0 && margin <= 200.0) ||
        !(level > 0.0 && level < 1.0) ||
        (method != NPS_METHOD_WALD && method != NPS_METHOD_ADJUSTED_WALD &&
         method != NPS_METHOD_SCORE) ||
        isnan(pr) || isnan(pd) || pr > 1.0 || pd > 1.0 ||
        (pr >= 0.0 && pd >= 0.0 && pr + pd > 1.0 + 1e-12) ||
        (method == NPS_METHOD_SCORE && (pr < 0.0 || pd < 0.0)))
        return NPS_E_INVALID;
    z = -nps__normal_quantile(0.5 * (1.0 - level));
    /* The margin shrinks as n grows: bracket the first n at or below the
       target by doubling, then bisect on integers. */
    if (margin_at(method, 1.0, z, pr, pd) <= margin) {
        *out = 1;
        return NPS_OK;
    }
    lo = 1.0;
    hi = 2.0;
    while (margin_at(method, hi, z, pr, pd) > margin) {
        if (hi >= NPS__MAX_COUNT)
            return NPS_E_OVERFLOW;
        lo = hi;
        hi = 2.0 * hi < NPS__MAX_COUNT ? 2.0 * hi : NPS__MAX_COUNT;
    }
    /* margin(lo) > target >= margin(hi); integers below 2^53 are exact,
       and above it the half-way point is rounded to an integer. */
    while (hi - lo > 1.0) {
        double mid = floor(lo + 0.5 * (hi - lo));
        if (margin_at(method, mid, z, pr, pd) > margin)
            lo = mid;
        else
            hi = mid;
    }
    *out = (uint64_t)hi;
    return NPS_OK;
}

/* ---- alerts against a trailing baseline --------------------------------- */

/* Laney's d2 for moving ranges of two: E|Z1 - Z2| = 2 / sqrt(pi). */
#define NPS__D2 1.1283791670955126

nps_status nps_alert_scan(nps_alert *out, const nps_acc *const *periods,
                          size_t k, size_t window, double limit)
{
    nps_status st;
    size_t t;
    if (!out || out->version != NPS_ALERT_VERSION || window < 3 ||
        !(limit > 0.0 && limit < INFINITY))
        return NPS_E_INVALID;
    if ((st = check_seq(periods, k)) != NPS_OK)
        return st;
    for (t = 0; t < k; t++) {
        nps_alert r = out[t];
        size_t j, from = t > window ? t - window : 0;
        uint64_t c3[3], base = 0;
        double sum_d = 0, big_n = 0, c, s2, pr, pd, mr = 0, prev_z = 0, sz;
        double sd, y;
        int have_prev = 0;
        r.version = out[0].version;
        r.kind = NPS_ALERT_UNDECIDED;
        r.z = r.center = r.lo = r.hi = 0.0;
        r.sigma_z = 1.0;
        r.baseline = 0;
        /* Pooled baseline. */
        for (j = from; j < t; j++) {
            if (periods[j]->total == 0)
                continue;
            nps__category_sums(&periods[j]->scale, periods[j]->counts, c3);
            base++;
            big_n += (double)periods[j]->total;
            sum_d += (double)c3[NPS_PROMOTER] - (double)c3[NPS_DETRACTOR];
        }
        r.baseline = base;
        if (base < 3 || periods[t]->total == 0) {
            out[t] = r;
            continue;
        }
        /* Pooled shares of the baseline, for the per-answer variance. */
        {
            double sr = 0, sdd = 0;
            for (j = from; j < t; j++) {
                if (periods[j]->total == 0)
                    continue;
                nps__category_sums(&periods[j]->scale, periods[j]->counts, c3);
                sr += (double)c3[NPS_PROMOTER];
                sdd += (double)c3[NPS_DETRACTOR];
            }
            pr = sr / big_n;
            pd = sdd / big_n;
        }
        c = 100.0 * sum_d / big_n;
        s2 = 1e4 * (pr * (1.0 - pr) + pd * (1.0 - pd) + 2.0 * pr * pd);
        if (s2 <= 0.0) {
            /* Every baseline answer in one category: take the variance
               after the pseudo-answers (as nps__period_variance) so the
               limits keep a width. */
            double m = big_n + 3.0, ar = (pr * big_n + 0.75) / m,
                   ad = (pd * big_n + 0.75) / m;
            s2 = 1e4 * (ar * (1.0 - ar) + ad * (1.0 - ad) + 2.0 * ar * ad);
        }
        for (j = from; j < t; j++) {
            double zj;
            if (periods[j]->total == 0)
                continue;
            zj = (raw_nps(periods[j], c3) - c) /
                 sqrt(s2 / (double)periods[j]->total);
            if (have_prev)
                mr += fabs(zj - prev_z);
            prev_z = zj;
            have_prev = 1;
        }
        sz = mr / (double)(base - 1) / NPS__D2;
        if (sz < 1.0)
            sz = 1.0;
        sd = sqrt(s2 * (1.0 / (double)periods[t]->total + 1.0 / big_n));
        y = raw_nps(periods[t], c3);
        r.center = c;
        r.sigma_z = sz;
        r.z = (y - c) / (sz * sd);
        r.lo = c - limit * sz * sd;
        r.hi = c + limit * sz * sd;
        r.lo = r.lo > -100.0 ? r.lo : -100.0;
        r.hi = r.hi < 100.0 ? r.hi : 100.0;
        r.kind = r.z < -limit ? NPS_ALERT_LOW
                 : r.z > limit ? NPS_ALERT_HIGH
                               : NPS_ALERT_NONE;
        out[t] = r;
    }
    return NPS_OK;
}
