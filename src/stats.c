/*
 * Statistics over accumulators: variance, standard error, intervals, tests,
 * two-sample comparison and sample-size planning, in NPS points.
 *
 * Each answer is X in {-1, 0, +1} (detractor, passive, promoter) and the NPS
 * is 100 E[X]. Methods follow Rocks (2016), "Interval Estimation for the Net
 * Promoter Score", The American Statistician 70(4), and Tango
 * (1998), "Equivalence test and confidence interval for the difference in
 * proportions for the paired-sample design", Statistics in Medicine 17,
 * 891-908. docs/statistics.md derives every formula used here.
 *
 * Work is done in shares (fractions of n) as doubles: counts up to
 * UINT64_MAX convert exactly enough (53 bits) and no product of counts is
 * ever formed, so nothing overflows.
 * SPDX-License-Identifier: MIT
 */
#include "nps_internal.h"
#include "normal.h"
#include "inference.h"

#include <math.h>

/* 2^64: the first double that no uint64_t can hold. */
#define NPS__TWO64 18446744073709551616.0

/*
 * One sample reduced to what every method needs. pr, pd are the promoter and
 * detractor shares, qr = 1 - pr and qd = 1 - pd formed from exact integer
 * differences (no cancellation when a share is near 1), d = pr - pd, n the
 * number of answers. For adjusted Wald, all of them include the
 * pseudo-answers (3/4 detractor, 3/2 passive, 3/4 promoter).
 */
struct sample {
    double n, pr, pd, qr, qd, d;
};

static int method_ok(nps_method m)
{
    return m == NPS_METHOD_WALD || m == NPS_METHOD_ADJUSTED_WALD ||
           m == NPS_METHOD_SCORE;
}

static int level_ok(double level)
{
    return level > 0.0 && level < 1.0; /* false for NaN */
}

/* z_{1 - (1 - level)/2}, from the lower tail: (1 - level) / 2 is exact for
   levels near 1, where (1 + level) / 2 would round to 1 and give infinity. */
static double z_of_level(double level)
{
    return -nps__normal_quantile(0.5 * (1.0 - level));
}

/* acc is non-empty; adjusted selects the pseudo-answers. */
static void sample_of(const nps_acc *acc, int adjusted, struct sample *s)
{
    uint64_t c[3], n = acc->total;
    double add = adjusted ? 0.75 : 0.0, n_eff, diff;
    nps__category_sums(&acc->scale, acc->counts, c);
    n_eff = (double)n + 4.0 * add; /* + 3 answers when adjusted */
    /* R - D in integers first: exact for any counts. */
    diff = c[NPS_PROMOTER] >= c[NPS_DETRACTOR]
               ? (double)(c[NPS_PROMOTER] - c[NPS_DETRACTOR])
               : -(double)(c[NPS_DETRACTOR] - c[NPS_PROMOTER]);
    s->n = n_eff;
    s->pr = ((double)c[NPS_PROMOTER] + add) / n_eff;
    s->pd = ((double)c[NPS_DETRACTOR] + add) / n_eff;
    /* 1 - pr = (D + P + pseudo-answers other than promoters) / n. */
    s->qr = ((double)(n - c[NPS_PROMOTER]) + 3.0 * add) / n_eff;
    s->qd = ((double)(n - c[NPS_DETRACTOR]) + 3.0 * add) / n_eff;
    s->d = diff / n_eff;
}

/* Per-answer variance of X, as a fraction: (pr + pd) - (pr - pd)^2 written
   as a sum of non-negative terms, so rounding can never make it negative. */
static double var_of(const struct sample *s)
{
    return s->pr * s->qr + s->pd * s->qd + 2.0 * s->pr * s->pd;
}

/* Two-sided p-value of (est - h0) / se; a zero se decides exactly. */
static double wald_p(double est, double h0, double se)
{
    if (se == 0.0)
        return est == h0 ? 1.0 : 0.0;
    return nps__normal_sf2((est - h0) / se);
}

/*
 * Variance of X under H0: E[X] = delta, for delta in [0, 1], at the
 * restricted maximum-likelihood estimate of the shares (Tango 1998):
 * with the detractor share q free and the promoter share q + delta, the
 * score equation of the multinomial likelihood is
 *     2 q^2 + B q + C = 0,  B = -(pr + pd) + (2 - pr + pd) delta,
 *                           C = -pd delta (1 - delta),
 * whose non-negative root is the MLE (C <= 0 for delta >= 0, so exactly one
 * root is >= 0). The variance is then 2 q + delta (1 - delta).
 */
static double score_var_nonneg(double pr, double pd, double delta)
{
    double b = -(pr + pd) + (2.0 - pr + pd) * delta;
    double c = -pd * delta * (1.0 - delta);
    double root = sqrt(b * b - 8.0 * c), q;
    /* The two textbook forms of the root; each avoids cancellation on
       its side of b = 0. */
    q = b > 0.0 ? -2.0 * c / (b + root) : (root - b) / 4.0;
    return 2.0 * q + delta * (1.0 - delta);
}

/*
 * Score statistic T(delta) = (d - delta) / sqrt(V(delta) / n) for H0:
 * E[X] = delta in [-1, 1], d the observed mean. Negative delta uses the
 * mirror image (promoters and detractors swapped), so V is always computed
 * where the closed form's root is unique and intervals mirror exactly.
 * V = 0 happens only at delta = +-1 or with all answers passive at
 * delta = 0; then T is 0 if the data agree exactly and infinite otherwise.
 */
static double score_stat(const struct sample *s, double delta)
{
    double v = delta >= 0.0 ? score_var_nonneg(s->pr, s->pd, delta)
                            : score_var_nonneg(s->pd, s->pr, -delta);
    double num = s->d - delta;
    if (num == 0.0)
        return 0.0;
    if (v <= 0.0)
        return num > 0.0 ? INFINITY : -INFINITY;
    return num / sqrt(v / s->n);
}

/*
 * Upper end of the score interval: the delta in [d, 1] where T(delta)
 * falls to -z, found by bisection. T(d) = 0 >= -z and T(1) = -infinity
 * unless every answer is a promoter (then the end is 1), so the bracket
 * always holds a crossing. Bisection runs until the bracket is two adjacent
 * doubles: about 60 halvings, well below the 1e-12 that matters.
 */
static double score_upper(const struct sample *s, double z)
{
    double lo = s->d, hi = 1.0;
    if (s->qr == 0.0)
        return 1.0;
    for (;;) {
        double mid = lo + 0.5 * (hi - lo);
        if (mid <= lo || mid >= hi)
            break;
        if (score_stat(s, mid) + z >= 0.0)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void score_interval(const struct sample *s, double z, double *lo,
                           double *hi)
{
    /* The lower end is the mirror sample's upper end, negated. */
    struct sample m;
    m.n = s->n;
    m.pr = s->pd;
    m.pd = s->pr;
    m.qr = s->qd;
    m.qd = s->qr;
    m.d = -s->d;
    *hi = score_upper(s, z);
    *lo = -score_upper(&m, z);
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

nps_status nps_acc_variance(const nps_acc *acc, double *out)
{
    struct sample s;
    if (!acc || !out)
        return NPS_E_INVALID;
    if (acc->total == 0)
        return NPS_E_EMPTY;
    sample_of(acc, 0, &s);
    *out = 1e4 * var_of(&s);
    return NPS_OK;
}

nps_status nps_acc_stderr(const nps_acc *acc, double *out)
{
    struct sample s;
    if (!acc || !out)
        return NPS_E_INVALID;
    if (acc->total == 0)
        return NPS_E_EMPTY;
    sample_of(acc, 0, &s);
    *out = 100.0 * sqrt(var_of(&s) / s.n);
    return NPS_OK;
}

/* Interval in points; arguments already validated, acc non-empty. */
static void interval_of(const nps_acc *acc, nps_method method, double level,
                        double *lo, double *hi)
{
    struct sample s;
    double z = z_of_level(level);
    if (method == NPS_METHOD_SCORE) {
        double l, h;
        sample_of(acc, 0, &s);
        score_interval(&s, z, &l, &h);
        *lo = clamp(100.0 * l, -100.0, 100.0);
        *hi = clamp(100.0 * h, -100.0, 100.0);
    } else {
        double est, half;
        sample_of(acc, method == NPS_METHOD_ADJUSTED_WALD, &s);
        est = 100.0 * s.d;
        half = z * 100.0 * sqrt(var_of(&s) / s.n);
        *lo = clamp(est - half, -100.0, 100.0);
        *hi = clamp(est + half, -100.0, 100.0);
    }
}

nps_status nps_acc_interval(const nps_acc *acc, nps_method method,
                            double level, double *lo, double *hi)
{
    double l, h;
    if (!acc || !lo || !hi || !method_ok(method) || !level_ok(level))
        return NPS_E_INVALID;
    if (acc->total == 0)
        return NPS_E_EMPTY;
    interval_of(acc, method, level, &l, &h);
    *lo = l;
    *hi = h;
    return NPS_OK;
}

nps_status nps_acc_margin(const nps_acc *acc, nps_method method, double level,
                          double *out)
{
    double l, h;
    if (!acc || !out || !method_ok(method) || !level_ok(level))
        return NPS_E_INVALID;
    if (acc->total == 0)
        return NPS_E_EMPTY;
    interval_of(acc, method, level, &l, &h);
    *out = 0.5 * (h - l);
    return NPS_OK;
}

nps_status nps_acc_test(const nps_acc *acc, double benchmark,
                        nps_method method, double *p_value)
{
    struct sample s;
    double p;
    if (!acc || !p_value || !method_ok(method) ||
        !(benchmark >= -100.0 && benchmark <= 100.0))
        return NPS_E_INVALID;
    if (acc->total == 0)
        return NPS_E_EMPTY;
    if (method == NPS_METHOD_SCORE) {
        sample_of(acc, 0, &s);
        p = nps__normal_sf2(score_stat(&s, benchmark / 100.0));
    } else {
        sample_of(acc, method == NPS_METHOD_ADJUSTED_WALD, &s);
        p = wald_p(100.0 * s.d, benchmark, 100.0 * sqrt(var_of(&s) / s.n));
    }
    *p_value = p;
    return NPS_OK;
}

nps_status nps_compare(const nps_acc *a, const nps_acc *b, nps_method method,
                       double level, double *diff, double *lo, double *hi,
                       double *p_value)
{
    struct sample sa, sb;
    double est, se, half, z;
    int adjusted = method == NPS_METHOD_ADJUSTED_WALD;
    if (!a || !b || !level_ok(level) ||
        (method != NPS_METHOD_WALD && method != NPS_METHOD_ADJUSTED_WALD))
        return NPS_E_INVALID;
    if (!nps__scale_same(&a->scale, &b->scale))
        return NPS_E_MISMATCH;
    if (a->total == 0 || b->total == 0)
        return NPS_E_EMPTY;
    sample_of(a, adjusted, &sa);
    sample_of(b, adjusted, &sb);
    z = z_of_level(level);
    est = 100.0 * (sa.d - sb.d);
    /* Unpooled: each sample keeps its own variance. */
    se = 100.0 * sqrt(var_of(&sa) / sa.n + var_of(&sb) / sb.n);
    half = z * se;
    if (diff)
        *diff = est;
    if (lo)
        *lo = clamp(est - half, -200.0, 200.0);
    if (hi)
        *hi = clamp(est + half, -200.0, 200.0);
    if (p_value)
        *p_value = wald_p(est, 0.0, se);
    return NPS_OK;
}

/*
 * Per-answer variance (points^2) implied by expected shares; a negative
 * share is unknown and takes its worst case given the other (10^4 when
 * both are unknown). Returns -1 for shares
 * that are NaN, above 1, or sum above 1 (beyond 1e-12 of rounding). A share
 * above 1 is refused even when the other is unknown: it is a caller error
 * (60 for 0.6), not a plan.
 */
static double planned_var(double pr, double pd)
{
    if (isnan(pr) || isnan(pd) || pr > 1.0 || pd > 1.0)
        return -1.0;
    if (pr < 0.0 && pd < 0.0)
        return 1e4;
    /* One share unknown: the variance is concave in it, greatest at the
       other share + 1/2, within what the known share leaves. */
    if (pr < 0.0)
        pr = pd + 0.5 < 1.0 - pd ? pd + 0.5 : 1.0 - pd;
    if (pd < 0.0)
        pd = pr + 0.5 < 1.0 - pr ? pr + 0.5 : 1.0 - pr;
    if (pr + pd > 1.0 + 1e-12)
        return -1.0;
    /* (pr + pd) - (pr - pd)^2 as non-negative terms. */
    return 1e4 * (pr * (1.0 - pr) + pd * (1.0 - pd) + 2.0 * pr * pd);
}

/* ceil(x) as a count of answers, at least 1; x >= 0 or NaN-free. */
static nps_status to_count(double x, uint64_t *out)
{
    double c;
    if (!(x < NPS__TWO64)) /* also catches infinity */
        return NPS_E_OVERFLOW;
    /* Doubles from 2^53 on are integers, so ceil(x) < 2^64 too. */
    c = ceil(x);
    *out = c < 1.0 ? 1 : (uint64_t)c;
    return NPS_OK;
}

nps_status nps_sample_size(double margin, double level, double promoter_share,
                           double detractor_share, uint64_t *out)
{
    double v, z;
    if (!out || !(margin > 0.0 && margin <= 200.0) || !level_ok(level))
        return NPS_E_INVALID;
    v = planned_var(promoter_share, detractor_share);
    if (v < 0.0)
        return NPS_E_INVALID;
    z = z_of_level(level);
    /* Divide before multiplying: margin may be tiny, z * z * v not. */
    return to_count(z * z * (v / margin) / margin, out);
}

nps_status nps_sample_size_compare(double diff, double level, double power,
                                   double promoter_a, double detractor_a,
                                   double promoter_b, double detractor_b,
                                   uint64_t *out)
{
    double va, vb, za, zb, s;
    if (!out || !(diff > 0.0 && diff <= 200.0) || !level_ok(level) ||
        !(power > 0.0 && power < 1.0))
        return NPS_E_INVALID;
    va = planned_var(promoter_a, detractor_a);
    vb = planned_var(promoter_b, detractor_b);
    if (va < 0.0 || vb < 0.0)
        return NPS_E_INVALID;
    za = z_of_level(level);
    /* z_power from the smaller tail, exact for power near 1. */
    zb = power >= 0.5 ? -nps__normal_quantile(1.0 - power)
                      : nps__normal_quantile(power);
    s = za + zb;
    /* s <= 0: a test at this level already has the requested power with
       any sample (power below 1/2 at a tiny level); one answer suffices. */
    if (s <= 0.0) {
        *out = 1;
        return NPS_OK;
    }
    return to_count(s * s * ((va + vb) / diff) / diff, out);
}

/* ---- pseudo-counts (the weighted accumulator, src/wacc.c) --------------- */

/*
 * The one-sample methods above, on real-valued counts: cd, cpas, cp
 * detractors, passives and promoters (non-negative, positive sum). The
 * weighted accumulator passes n_eff times its weighted shares, so adjusted
 * Wald and the score method keep one implementation. With integer counts
 * these are the accumulator's own results.
 */
static void sample_of_pseudo(double cd, double cpas, double cp, int adjusted,
                             struct sample *s)
{
    double add = adjusted ? 0.75 : 0.0;
    double n = cd + cpas + cp + 4.0 * add;
    s->n = n;
    s->pr = (cp + add) / n;
    s->pd = (cd + add) / n;
    s->qr = (cd + cpas + 3.0 * add) / n;
    s->qd = (cp + cpas + 3.0 * add) / n;
    s->d = (cp - cd) / n;
}

void nps__pseudo_estimate(double cd, double cpas, double cp, int adjusted,
                          double *est, double *var_of_est)
{
    struct sample s;
    sample_of_pseudo(cd, cpas, cp, adjusted, &s);
    *est = 100.0 * s.d;
    *var_of_est = 1e4 * var_of(&s) / s.n;
}

void nps__pseudo_score_interval(double cd, double cpas, double cp,
                                double level, double *lo, double *hi)
{
    struct sample s;
    double l, h;
    sample_of_pseudo(cd, cpas, cp, 0, &s);
    score_interval(&s, z_of_level(level), &l, &h);
    *lo = clamp(100.0 * l, -100.0, 100.0);
    *hi = clamp(100.0 * h, -100.0, 100.0);
}

double nps__pseudo_score_p(double cd, double cpas, double cp, double benchmark)
{
    struct sample s;
    sample_of_pseudo(cd, cpas, cp, 0, &s);
    return nps__normal_sf2(score_stat(&s, benchmark / 100.0));
}

double nps__z_of_level(double level)
{
    return z_of_level(level);
}

double nps__wald_p(double est, double h0, double se)
{
    return wald_p(est, h0, se);
}

/* Score limits as fractions of the NPS scale, for the inference layer. */
void nps__acc_score_limits(const nps_acc *acc, double z, double *lo,
                           double *hi)
{
    struct sample s;
    sample_of(acc, 0, &s);
    score_interval(&s, z, lo, hi);
}

void nps__share_score_limits(double n, double pr, double pd, double z,
                             double *lo, double *hi)
{
    struct sample s;
    s.n = n;
    s.pr = pr;
    s.pd = pd;
    s.qr = 1.0 - pr;
    s.qd = 1.0 - pd;
    s.d = pr - pd;
    score_interval(&s, z, lo, hi);
}
