/*
 * The weighted accumulator: per category, the number of answers, the sum of
 * their weights and the sum of their squared weights. That is all that the
 * weighted NPS, Kish's effective sample size and the Taylor-linearisation
 * standard error of R's survey::svymean need, and it merges exactly for
 * counts and to a few ulps for the sums (compensated summation).
 * docs/statistics.md ("Weighted NPS") derives every formula used here.
 * SPDX-License-Identifier: MIT
 */
#include "nps_internal.h"

#include <math.h>
#include <string.h>

/* Accepted weights: [2^-448, 2^448]. The square of such a weight is a
   normal double, and 2^64 answers of the largest one sum to at most 2^512
   (weights) and 2^960 (squares): no sum can overflow or lose its squares
   to underflow, so no statistic ever sees an infinite or zero sum. */
#define WMIN 0x1p-448
#define WMAX 0x1p448

/* ---- double-double sums (non-negative terms) ---------------------------- */

/* Knuth's TwoSum: s + e == a + b exactly, s = fl(a + b). */
static void two_sum(double a, double b, double *s, double *e)
{
    double t = a + b, bp = t - a;
    *e = (a - (t - bp)) + (b - bp);
    *s = t;
}

/* Make (s, c) a normalized pair: hi = fl(s + c), lo the exact rest
   (Fast2Sum; |s| >= |c| holds for sums of non-negative terms). */
static struct nps__dd normalize(double s, double c)
{
    struct nps__dd r;
    r.hi = s + c;
    r.lo = c - (r.hi - s);
    return r;
}

static void dd_add(struct nps__dd *a, double x)
{
    double s, e;
    two_sum(a->hi, x, &s, &e);
    *a = normalize(s, a->lo + e);
}

static struct nps__dd dd_sum(struct nps__dd a, struct nps__dd b)
{
    double s, e;
    two_sum(a.hi, b.hi, &s, &e);
    return normalize(s, e + (a.lo + b.lo));
}

/* a - b for a, b >= 0, to double: the hi parts are close when the result
   cancels, and then hi_a - hi_b is exact (Sterbenz), so the lo parts
   carry the digits that matter. */
static double dd_diff(struct nps__dd a, struct nps__dd b)
{
    return (a.hi - b.hi) + (a.lo - b.lo);
}

/* Largest sums a state may hold (docs/format.md): 2^64 answers of the
   largest weight stay below them, so only a decoded state near them can
   reach them; adding past them is NPS_E_OVERFLOW. */
#define SUM_MAX 0x1p512
#define SUM2_MAX 0x1p960

static int within(const struct nps__dd *w, const struct nps__dd *w2)
{
    return w[0].hi <= SUM_MAX && w[1].hi <= SUM_MAX && w[2].hi <= SUM_MAX &&
           w2[0].hi <= SUM2_MAX && w2[1].hi <= SUM2_MAX && w2[2].hi <= SUM2_MAX;
}

int nps__wacc_pair_ok(double hi, double lo, uint64_t count, int squared)
{
    double min = squared ? 0x1p-896 : WMIN, max = squared ? SUM2_MAX : SUM_MAX;
    /* Finite, never -0 (it compares equal to +0 but is another spelling),
       normalized; zero exactly when the category is empty. */
    if (!isfinite(hi) || !isfinite(lo) || signbit(hi) ||
        (lo == 0.0 && signbit(lo)) || hi + lo != hi)
        return 0;
    if (count == 0)
        return hi == 0.0;
    return hi >= min && hi <= max;
}

/* ---- lifecycle ------------------------------------------------------------ */

nps_status nps__wacc_create(nps_wacc **out, const nps_scale *scale,
                            const nps_allocator *alloc)
{
    nps_wacc *w = (nps_wacc *)nps__alloc(alloc, sizeof *w);
    if (!w)
        return NPS_E_NOMEM;
    memset(w, 0, sizeof *w);
    w->scale = *scale;
    w->alloc = *alloc;
    *out = w;
    return NPS_OK;
}

nps_status nps_wacc_new_with_allocator(nps_wacc **out, const nps_scale *scale,
                                       const nps_allocator *allocator)
{
    nps_allocator a;
    const nps_scale *s = nps__scale_or_standard(scale);
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (nps_scale_validate(s) != NPS_OK ||
        nps__allocator_init(&a, allocator) != NPS_OK)
        return NPS_E_INVALID;
    return nps__wacc_create(out, s, &a);
}

nps_status nps_wacc_new(nps_wacc **out, const nps_scale *scale)
{
    return nps_wacc_new_with_allocator(out, scale, NULL);
}

void nps_wacc_free(nps_wacc *w)
{
    if (w) {
        nps_allocator a = w->alloc;
        nps__free(&a, w, sizeof *w);
    }
}

nps_status nps_wacc_clone(nps_wacc **out, const nps_wacc *w)
{
    nps_status st;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!w)
        return NPS_E_INVALID;
    st = nps__wacc_create(out, &w->scale, &w->alloc);
    if (st == NPS_OK)
        memcpy(*out, w, sizeof *w);
    return st;
}

void nps_wacc_reset(nps_wacc *w)
{
    if (w) {
        w->total = 0;
        memset(w->count, 0, sizeof w->count);
        memset(w->w, 0, sizeof w->w);
        memset(w->w2, 0, sizeof w->w2);
    }
}

/* ---- adding --------------------------------------------------------------- */

static int weight_ok(double x)
{
    return x >= WMIN && x <= WMAX; /* false for NaN */
}

static int category_of(const nps_scale *s, int score)
{
    return score >= s->promoter_min ? NPS_PROMOTER
           : score >= s->passive_min ? NPS_PASSIVE
                                     : NPS_DETRACTOR;
}

nps_status nps_wacc_add(nps_wacc *w, int score, double weight)
{
    struct nps__dd sw[3], sw2[3];
    int c;
    if (!w)
        return NPS_E_INVALID;
    if (score < w->scale.min || score > w->scale.max)
        return NPS_E_RANGE;
    if (!weight_ok(weight))
        return NPS_E_INVALID;
    if (w->total == UINT64_MAX)
        return NPS_E_OVERFLOW;
    c = category_of(&w->scale, score);
    memcpy(sw, w->w, sizeof sw);
    memcpy(sw2, w->w2, sizeof sw2);
    dd_add(&sw[c], weight);
    dd_add(&sw2[c], weight * weight);
    if (!within(sw, sw2))
        return NPS_E_OVERFLOW;
    w->count[c]++;
    w->total++;
    w->w[c] = sw[c];
    w->w2[c] = sw2[c];
    return NPS_OK;
}

/*
 * The hot path: one pass classifies through a 256-entry table, checks each
 * weight and adds it with Neumaier's compensation into running copies of
 * the state's sums (sum s, compensation c: unnormalized until the end, so
 * the loop carries one TwoSum per sum). Nothing is stored until the whole
 * batch is known to be good.
 */
nps_status nps_wacc_add_scores(nps_wacc *w, const uint8_t *scores,
                               const double *weights, size_t n,
                               size_t *bad_index)
{
    uint8_t tab[256];
    uint64_t cnt[3] = {0, 0, 0};
    double s[3], c[3], s2[3], c2[3];
    struct nps__dd sw[3], sw2[3];
    size_t i;
    int k;
    if (!w || ((!scores || !weights) && n > 0))
        return NPS_E_INVALID;
    memset(tab, 3, sizeof tab);
    for (k = w->scale.min; k <= w->scale.max; k++)
        tab[k] = (uint8_t)category_of(&w->scale, k);
    for (k = 0; k < 3; k++) {
        s[k] = w->w[k].hi;
        c[k] = w->w[k].lo;
        s2[k] = w->w2[k].hi;
        c2[k] = w->w2[k].lo;
    }
    for (i = 0; i < n; i++) {
        unsigned v = tab[scores[i]];
        double x = weights[i], e;
        if (v > 2 || !weight_ok(x)) {
            if (bad_index)
                *bad_index = i;
            return v > 2 ? NPS_E_RANGE : NPS_E_INVALID;
        }
        cnt[v]++;
        two_sum(s[v], x, &s[v], &e);
        c[v] += e;
        two_sum(s2[v], x * x, &s2[v], &e);
        c2[v] += e;
    }
    for (k = 0; k < 3; k++) {
        sw[k] = normalize(s[k], c[k]);
        sw2[k] = normalize(s2[k], c2[k]);
    }
    if ((uint64_t)n > UINT64_MAX - w->total || !within(sw, sw2))
        return NPS_E_OVERFLOW;
    for (k = 0; k < 3; k++)
        w->count[k] += cnt[k];
    memcpy(w->w, sw, sizeof sw);
    memcpy(w->w2, sw2, sizeof sw2);
    w->total += (uint64_t)n;
    return NPS_OK;
}

nps_status nps_wacc_merge(nps_wacc *dst, const nps_wacc *src)
{
    struct nps__dd sw[3], sw2[3];
    int k;
    uint64_t total;
    if (!dst || !src)
        return NPS_E_INVALID;
    if (!nps__scale_same(&dst->scale, &src->scale))
        return NPS_E_MISMATCH;
    if (src->total > UINT64_MAX - dst->total)
        return NPS_E_OVERFLOW;
    /* Everything is computed before anything is written: src may be dst. */
    for (k = 0; k < 3; k++) {
        sw[k] = dd_sum(dst->w[k], src->w[k]);
        sw2[k] = dd_sum(dst->w2[k], src->w2[k]);
    }
    if (!within(sw, sw2))
        return NPS_E_OVERFLOW;
    total = src->total;
    for (k = 0; k < 3; k++)
        dst->count[k] += src->count[k];
    memcpy(dst->w, sw, sizeof sw);
    memcpy(dst->w2, sw2, sizeof sw2);
    dst->total += total;
    return NPS_OK;
}

/* ---- reading -------------------------------------------------------------- */

uint64_t nps_wacc_total(const nps_wacc *w)
{
    return w ? w->total : 0;
}

static int category_ok(nps_category c)
{
    return (int)c >= 0 && (int)c <= 2;
}

uint64_t nps_wacc_category_count(const nps_wacc *w, nps_category c)
{
    return w && category_ok(c) ? w->count[c] : 0;
}

double nps_wacc_category_weight(const nps_wacc *w, nps_category c)
{
    return w && category_ok(c) ? w->w[c].hi : NAN;
}

double nps_wacc_category_weight_sq(const nps_wacc *w, nps_category c)
{
    return w && category_ok(c) ? w->w2[c].hi : NAN;
}

/* Sum of all weights (or squares) as a double-double. */
static struct nps__dd total_of(const struct nps__dd *v)
{
    return dd_sum(dd_sum(v[0], v[1]), v[2]);
}

double nps_wacc_total_weight(const nps_wacc *w)
{
    return w ? total_of(w->w).hi : NAN;
}

nps_status nps_wacc_scale(const nps_wacc *w, nps_scale *out)
{
    if (!w || !out)
        return NPS_E_INVALID;
    *out = w->scale;
    return NPS_OK;
}

int nps_wacc_equal(const nps_wacc *a, const nps_wacc *b)
{
    int k;
    if (!a || !b || !nps__scale_same(&a->scale, &b->scale) ||
        a->total != b->total)
        return 0;
    /* Canonical pairs hold no -0 and no NaN, so == on the doubles is the
       bitwise comparison that the bytes make. */
    for (k = 0; k < 3; k++)
        if (a->count[k] != b->count[k] || a->w[k].hi != b->w[k].hi ||
            a->w[k].lo != b->w[k].lo || a->w2[k].hi != b->w2[k].hi ||
            a->w2[k].lo != b->w2[k].lo)
            return 0;
    return 1;
}

size_t nps_wacc_footprint(const nps_wacc *w)
{
    return w ? sizeof *w : 0;
}

/* ---- statistics ----------------------------------------------------------- */

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

double nps_wacc_score(const nps_wacc *w)
{
    if (!w || w->total == 0)
        return NAN;
    /* Ratio first, then scale (as nps_acc_score); the clamp only catches
       rounding of states decoded from other writers' bytes. */
    return clamp(100.0 * (dd_diff(w->w[NPS_PROMOTER], w->w[NPS_DETRACTOR]) /
                          total_of(w->w).hi),
                 -100.0, 100.0);
}

/* Kish's (sum w)^2 / sum w^2, formed without squaring the sum and kept in
   [1, n], where Cauchy-Schwarz puts it: equal weights give n exactly. */
static double kish(const nps_wacc *w)
{
    double sw = total_of(w->w).hi, sw2 = total_of(w->w2).hi;
    return clamp(sw * (sw / sw2), 1.0, (double)w->total);
}

nps_status nps_wacc_effective_n(const nps_wacc *w, double *out)
{
    if (!w || !out)
        return NPS_E_INVALID;
    if (w->total == 0)
        return NPS_E_EMPTY;
    *out = kish(w);
    return NPS_OK;
}

/*
 * Taylor linearisation (survey::svymean, one stage, no strata):
 *     Var = n/(n-1) sum_i w_i^2 (x_i - m)^2 / W^2
 * with x = +1/0/-1 here (points at the end). Per category the deviation
 * x_c - m is a ratio of weight sums formed without cancellation:
 *     1 - m = (W_pas + 2 W_d)/W,  0 - m = (W_d - W_p)/W,
 *    -1 - m = -(2 W_p + W_pas)/W,
 * and sum_c W2_c dev_c^2 / W^2 = (sum_c (W2_c / W2) dev_c^2) / kish.
 * Needs n >= 2.
 */
static double taylor_se(const nps_wacc *w)
{
    struct nps__dd tw = total_of(w->w), tw2 = total_of(w->w2);
    double W = tw.hi, W2 = tw2.hi, n = (double)w->total, sum;
    double dev[3];
    dev[NPS_PROMOTER] = (w->w[NPS_PASSIVE].hi + 2.0 * w->w[NPS_DETRACTOR].hi) / W;
    dev[NPS_PASSIVE] = dd_diff(w->w[NPS_DETRACTOR], w->w[NPS_PROMOTER]) / W;
    dev[NPS_DETRACTOR] = (2.0 * w->w[NPS_PROMOTER].hi + w->w[NPS_PASSIVE].hi) / W;
    sum = (w->w2[0].hi / W2) * dev[0] * dev[0] +
          (w->w2[1].hi / W2) * dev[1] * dev[1] +
          (w->w2[2].hi / W2) * dev[2] * dev[2];
    return 100.0 * sqrt(n / (n - 1.0) * sum / kish(w));
}

nps_status nps_wacc_stderr(const nps_wacc *w, double *out)
{
    if (!w || !out)
        return NPS_E_INVALID;
    if (w->total < 2)
        return NPS_E_EMPTY;
    *out = taylor_se(w);
    return NPS_OK;
}

/* Pseudo-counts: n_eff times the weighted shares, W_c * (n_eff / W). */
static void pseudo(const nps_wacc *w, double c[3])
{
    double f = kish(w) / total_of(w->w).hi;
    int k;
    for (k = 0; k < 3; k++)
        c[k] = w->w[k].hi * f;
}

static int method_ok(nps_method m)
{
    return m == NPS_METHOD_WALD || m == NPS_METHOD_ADJUSTED_WALD ||
           m == NPS_METHOD_SCORE;
}

static int level_ok(double level)
{
    return level > 0.0 && level < 1.0;
}

/* Smallest sample each method needs: Wald's variance has n - 1 in it. */
static uint64_t min_total(nps_method m)
{
    return m == NPS_METHOD_WALD ? 2 : 1;
}

/* Estimate and its standard error for Wald (Taylor) and adjusted Wald
   (pseudo-counts plus the pseudo-answers), in points. */
static void estimate(const nps_wacc *w, nps_method m, double *est, double *se)
{
    if (m == NPS_METHOD_WALD) {
        *est = nps_wacc_score(w);
        *se = taylor_se(w);
    } else {
        double c[3], v;
        pseudo(w, c);
        nps__pseudo_estimate(c[NPS_DETRACTOR], c[NPS_PASSIVE], c[NPS_PROMOTER],
                             1, est, &v);
        *se = sqrt(v);
    }
}

nps_status nps_wacc_interval(const nps_wacc *w, nps_method method,
                             double level, double *lo, double *hi)
{
    double l, h;
    if (!w || !lo || !hi || !method_ok(method) || !level_ok(level))
        return NPS_E_INVALID;
    if (w->total < min_total(method))
        return NPS_E_EMPTY;
    if (method == NPS_METHOD_SCORE) {
        double c[3];
        pseudo(w, c);
        nps__pseudo_score_interval(c[NPS_DETRACTOR], c[NPS_PASSIVE],
                                   c[NPS_PROMOTER], level, &l, &h);
    } else {
        double est, se, half;
        estimate(w, method, &est, &se);
        half = nps__z_of_level(level) * se;
        l = clamp(est - half, -100.0, 100.0);
        h = clamp(est + half, -100.0, 100.0);
    }
    *lo = l;
    *hi = h;
    return NPS_OK;
}

nps_status nps_wacc_test(const nps_wacc *w, double benchmark,
                         nps_method method, double *p_value)
{
    double p;
    if (!w || !p_value || !method_ok(method) ||
        !(benchmark >= -100.0 && benchmark <= 100.0))
        return NPS_E_INVALID;
    if (w->total < min_total(method))
        return NPS_E_EMPTY;
    if (method == NPS_METHOD_SCORE) {
        double c[3];
        pseudo(w, c);
        p = nps__pseudo_score_p(c[NPS_DETRACTOR], c[NPS_PASSIVE],
                                c[NPS_PROMOTER], benchmark);
    } else {
        double est, se;
        estimate(w, method, &est, &se);
        p = nps__wald_p(est, benchmark, se);
    }
    *p_value = p;
    return NPS_OK;
}

nps_status nps_wacc_compare(const nps_wacc *a, const nps_wacc *b,
                            nps_method method, double level, double *diff,
                            double *lo, double *hi, double *p_value)
{
    double ea, sa, eb, sb, est, se, half;
    if (!a || !b || !level_ok(level) ||
        (method != NPS_METHOD_WALD && method != NPS_METHOD_ADJUSTED_WALD))
        return NPS_E_INVALID;
    if (!nps__scale_same(&a->scale, &b->scale))
        return NPS_E_MISMATCH;
    if (a->total < min_total(method) || b->total < min_total(method))
        return NPS_E_EMPTY;
    estimate(a, method, &ea, &sa);
    estimate(b, method, &eb, &sb);
    est = ea - eb;
    /* Independent samples, unpooled. */
    se = sqrt(sa * sa + sb * sb);
    half = nps__z_of_level(level) * se;
    if (diff)
        *diff = est;
    if (lo)
        *lo = clamp(est - half, -200.0, 200.0);
    if (hi)
        *hi = clamp(est + half, -200.0, 200.0);
    if (p_value)
        *p_value = nps__wald_p(est, 0.0, se);
    return NPS_OK;
}
