/*
 * Trend of the NPS across periods (docs/statistics.md, "Trend across
 * periods").
 *
 * NPS_TREND_RANDOM_EFFECTS is a random-effects meta-regression of each
 * period's NPS on its position: DerSimonian & Laird (1986), "Meta-analysis
 * in clinical trials", Controlled Clinical Trials 7, 177-188, for the
 * between-period variance tau^2 (method of moments on the weighted residual
 * sum of squares, as generalised to meta-regression); Knapp & Hartung
 * (2003), "Improved tests for a random effects meta-regression with a single
 * covariate", Statistics in Medicine 22, 2693-2710, for the standard error
 * and its t reference on K - 2 degrees of freedom. Their optional
 * truncation of the scale factor at 1 is not applied: bench/inference.c
 * measured it at 0-3% false positives where 5% was asked (K = 3..24), while
 * the plain factor held 4-6% down to one answer per period, thanks to the
 * pseudo-answer variances.
 *
 * NPS_TREND_ANSWERS is the 1.0 answer-level OLS of nps_timeline_trend.
 * SPDX-License-Identifier: MIT
 */
#include "inference.h"
#include "normal.h"

#include <math.h>

nps_status nps__trend_answers(nps_trend *out, nps__period_get get,
                              const void *ctx, uint64_t count,
                              uint64_t min_periods)
{
    uint64_t k, nonempty = 0, answers = 0;
    double n = 0, sx = 0, xbar, ybar, sxx = 0, sxy = 0, sse = 0, pd = 0;
    double b, se, df, p, x;
    uint64_t c3[3];
    /* Three passes: means, then centred sums, then residuals (no
       cancellation). The arithmetic and its order are those of libnps
       1.0, so results are bit-for-bit the same. */
    for (k = 0; k < count; k++) {
        uint64_t tot;
        get(ctx, k, &x, c3);
        tot = c3[0] + c3[1] + c3[2];
        if (tot != 0) {
            nonempty++;
            answers += tot;
            n += (double)tot;
            sx += x * (double)tot;
            pd += (double)c3[NPS_PROMOTER] - (double)c3[NPS_DETRACTOR];
        }
    }
    if (nonempty < min_periods || n < 3)
        return NPS_E_EMPTY;
    xbar = sx / n;
    ybar = 100.0 * pd / n;
    for (k = 0; k < count; k++) {
        get(ctx, k, &x, c3);
        if (c3[0] + c3[1] + c3[2] != 0) {
            double dx = x - xbar;
            sxx += (double)(c3[0] + c3[1] + c3[2]) * dx * dx;
            /* sum over the period's answers of dx * (y - ybar) */
            sxy += dx * (100.0 * ((double)c3[NPS_PROMOTER] -
                                  (double)c3[NPS_DETRACTOR]) -
                         ybar * (double)(c3[0] + c3[1] + c3[2]));
        }
    }
    b = sxy / sxx;
    for (k = 0; k < count; k++) {
        get(ctx, k, &x, c3);
        if (c3[0] + c3[1] + c3[2] != 0) {
            double fit = ybar + b * (x - xbar);
            sse += (double)c3[NPS_PROMOTER] * (100.0 - fit) * (100.0 - fit) +
                   (double)c3[NPS_PASSIVE] * fit * fit +
                   (double)c3[NPS_DETRACTOR] * (100.0 + fit) * (100.0 + fit);
        }
    }
    df = n - 2.0;
    se = sqrt(sse / df / sxx);
    if (se > 0.0)
        p = nps__t_sf2(b / se, df);
    else
        /* A perfect fit: the slope is certain, as in nps_acc_test. */
        p = b != 0.0 ? 0.0 : 1.0;
    out->slope = b;
    out->se = se;
    out->p_value = p;
    out->df = df;
    out->periods = nonempty;
    out->answers = answers;
    return NPS_OK;
}

double nps__period_variance(const uint64_t c3[3])
{
    double n = (double)c3[0] + (double)c3[1] + (double)c3[2];
    double m = n + 3.0;
    double pr = ((double)c3[NPS_PROMOTER] + 0.75) / m;
    double pd = ((double)c3[NPS_DETRACTOR] + 0.75) / m;
    double qr = ((double)c3[NPS_DETRACTOR] + (double)c3[NPS_PASSIVE] + 2.25) / m;
    double qd = ((double)c3[NPS_PROMOTER] + (double)c3[NPS_PASSIVE] + 2.25) / m;
    /* (pr + pd) - (pr - pd)^2 as a sum of positive terms. */
    return 1e4 * (pr * qr + pd * qd + 2.0 * pr * pd) / n;
}

/* The caller's arrays, seen as periods. */
struct acc_seq {
    const nps_acc *const *periods;
    const double *positions;
};

static void acc_get(const void *ctx, uint64_t i, double *x, uint64_t c3[3])
{
    const struct acc_seq *s = (const struct acc_seq *)ctx;
    const nps_acc *a = s->periods[i];
    nps__category_sums(&a->scale, a->counts, c3);
    *x = s->positions[i];
}

/*
 * Weighted least squares of y on x with weights 1 / (v + tau2) over the
 * non-empty periods: slope, its Sxx (sum of w (x - xbar)^2) and the
 * weighted residual sum of squares; with tr set, also the trace of the
 * residual-maker matrix P = W - W X (X'WX)^-1 X'W that DerSimonian-Laird
 * divides by: sum w - sum w^2 / sum w - sum w^2 (x - xbar)^2 / Sxx.
 */
struct wls {
    double slope, sxx, rss, tr;
};

static void wls_fit(const struct acc_seq *s, size_t k, double tau2,
                    struct wls *r)
{
    double sw = 0, swx = 0, swy = 0, sw2 = 0, sxx = 0, sxy = 0, sw2x2 = 0;
    double xbar, ybar, b, rss = 0;
    size_t i;
    uint64_t c3[3];
    for (i = 0; i < k; i++) {
        const nps_acc *a = s->periods[i];
        double w, y;
        if (a->total == 0)
            continue;
        nps__category_sums(&a->scale, a->counts, c3);
        w = 1.0 / (nps__period_variance(c3) + tau2);
        y = 100.0 * ((double)c3[NPS_PROMOTER] - (double)c3[NPS_DETRACTOR]) /
            (double)a->total;
        sw += w;
        sw2 += w * w;
        swx += w * s->positions[i];
        swy += w * y;
    }
    xbar = swx / sw;
    ybar = swy / sw;
    for (i = 0; i < k; i++) {
        const nps_acc *a = s->periods[i];
        double w, y, dx;
        if (a->total == 0)
            continue;
        nps__category_sums(&a->scale, a->counts, c3);
        w = 1.0 / (nps__period_variance(c3) + tau2);
        y = 100.0 * ((double)c3[NPS_PROMOTER] - (double)c3[NPS_DETRACTOR]) /
            (double)a->total;
        dx = s->positions[i] - xbar;
        sxx += w * dx * dx;
        sxy += w * dx * (y - ybar);
        sw2x2 += w * w * dx * dx;
    }
    b = sxy / sxx;
    for (i = 0; i < k; i++) {
        const nps_acc *a = s->periods[i];
        double w, y, e;
        if (a->total == 0)
            continue;
        nps__category_sums(&a->scale, a->counts, c3);
        w = 1.0 / (nps__period_variance(c3) + tau2);
        y = 100.0 * ((double)c3[NPS_PROMOTER] - (double)c3[NPS_DETRACTOR]) /
            (double)a->total;
        e = y - ybar - b * (s->positions[i] - xbar);
        rss += w * e * e;
    }
    r->slope = b;
    r->sxx = sxx;
    r->rss = rss;
    r->tr = sw - sw2 / sw - sw2x2 / sxx;
}

nps_status nps_trend_fit(nps_trend *out, const nps_acc *const *periods,
                         const double *positions, size_t k,
                         nps_trend_method method)
{
    struct acc_seq seq;
    nps_trend r;
    size_t i, nonempty = 0;
    uint64_t answers = 0;
    double first_x = 0;
    int distinct = 0;
    if (!out || out->version != NPS_TREND_VERSION || (k && (!periods || !positions)) ||
        (method != NPS_TREND_RANDOM_EFFECTS && method != NPS_TREND_ANSWERS))
        return NPS_E_INVALID;
    for (i = 0; i < k; i++) {
        if (!periods[i] || !isfinite(positions[i]))
            return NPS_E_INVALID;
        if (!nps__scale_same(&periods[i]->scale, &periods[0]->scale))
            return NPS_E_MISMATCH;
    }
    for (i = 0; i < k; i++) {
        if (periods[i]->total == 0)
            continue;
        if (periods[i]->total > UINT64_MAX - answers)
            return NPS_E_OVERFLOW;
        answers += periods[i]->total;
        if (nonempty++ == 0)
            first_x = positions[i];
        else if (positions[i] != first_x)
            distinct = 1;
    }
    if (nonempty < 3)
        return NPS_E_EMPTY;
    if (!distinct)
        return NPS_E_INVALID;
    seq.periods = periods;
    seq.positions = positions;
    r = *out;
    if (method == NPS_TREND_ANSWERS) {
        struct wls fe;
        /* Cannot fail: 3 non-empty periods hold at least 3 answers. */
        (void)nps__trend_answers(&r, acc_get, &seq, k, 3);
        wls_fit(&seq, k, 0.0, &fe);
        r.tau = 0.0;
        r.q = fe.rss;
    } else {
        struct wls fe, re;
        double df = (double)nonempty - 2.0, tau2, s2;
        wls_fit(&seq, k, 0.0, &fe);
        /* tr(P) > 0 whenever two positions differ and K >= 3. */
        tau2 = (fe.rss - df) / fe.tr;
        if (!(tau2 > 0.0))
            tau2 = 0.0;
        wls_fit(&seq, k, tau2, &re);
        s2 = re.rss / df;
        r.slope = re.slope;
        r.se = sqrt(s2 / re.sxx);
        /* A perfect linear fit (only possible with coarse, tiny periods)
           leaves no residual: the slope is then certain under the model,
           as in nps_timeline_trend. */
        r.p_value = r.se > 0.0 ? nps__t_sf2(re.slope / r.se, df)
                               : re.slope != 0.0 ? 0.0 : 1.0;
        r.df = df;
        r.tau = sqrt(tau2);
        r.q = fe.rss;
        r.periods = nonempty;
        r.answers = answers;
    }
    r.q_p_value = nps__chi2_sf(r.q, (double)nonempty - 2.0);
    *out = r;
    return NPS_OK;
}
