/* Property: accumulators and timelines behave exactly like a plain
   reference model written here (arrays of counts, a ring indexed by age,
   128-bit time arithmetic), for any sequence of operations the input
   describes: statuses, counts, drops, windows and serialized round trips
   must agree after every step. Any disagreement aborts. */
#include "fuzz_common.h"

typedef __int128 i128;

static const nps_scale scales[] = {{0, 10, 7, 9}, {1, 10, 7, 9},
                                   {0, 100, 70, 90}, {0, 1, 1, 1},
                                   {0, 10, 9, 9}, {3, 7, 5, 6}};
#define NSCALES (sizeof scales / sizeof *scales)
#define NP_MAX (NPS_SCALE_LIMIT + 1)

static uint32_t npoints(const nps_scale *s)
{
    return (uint32_t)(s->max - s->min + 1);
}

/* ---- accumulator model ---------------------------------------------------- */

struct ref_acc {
    uint64_t c[NP_MAX];
    uint64_t total;
};

static void check_acc(const nps_acc *a, const struct ref_acc *r,
                      const nps_scale *s)
{
    uint64_t got[NP_MAX], cat[3] = {0, 0, 0};
    size_t n;
    int v;
    FUZZ_CHECK(nps_acc_counts(a, got, NP_MAX, &n) == NPS_OK);
    FUZZ_CHECK(n == npoints(s));
    FUZZ_CHECK(memcmp(got, r->c, n * sizeof(uint64_t)) == 0);
    FUZZ_CHECK(nps_acc_total(a) == r->total);
    for (v = s->min; v <= s->max; v++)
        cat[v >= s->promoter_min ? 2 : v >= s->passive_min ? 1 : 0] +=
            r->c[v - s->min];
    FUZZ_CHECK(nps_acc_category_count(a, NPS_DETRACTOR) == cat[0]);
    FUZZ_CHECK(nps_acc_category_count(a, NPS_PASSIVE) == cat[1]);
    FUZZ_CHECK(nps_acc_category_count(a, NPS_PROMOTER) == cat[2]);
}

static nps_status ref_add_n(struct ref_acc *r, const nps_scale *s, int v,
                            uint64_t n)
{
    if (v < s->min || v > s->max)
        return NPS_E_RANGE;
    if (n > UINT64_MAX - r->total)
        return NPS_E_OVERFLOW;
    r->c[v - s->min] += n;
    r->total += n;
    return NPS_OK;
}

static nps_status ref_remove_n(struct ref_acc *r, const nps_scale *s, int v,
                               uint64_t n)
{
    if (v < s->min || v > s->max)
        return NPS_E_RANGE;
    if (n > r->c[v - s->min])
        return NPS_E_OVERFLOW;
    r->c[v - s->min] -= n;
    r->total -= n;
    return NPS_OK;
}

static void serialize_check_acc(const nps_acc *a, const struct ref_acc *r,
                                const nps_scale *s)
{
    uint8_t buf[NP_MAX * 10 + 32];
    size_t len;
    nps_acc *b = NULL;
    FUZZ_CHECK(nps_acc_serialize(a, buf, sizeof buf, &len) == NPS_OK);
    FUZZ_CHECK(nps_acc_deserialize(&b, buf, len) == NPS_OK);
    FUZZ_CHECK(nps_acc_equal(a, b));
    check_acc(b, r, s);
    nps_acc_free(b);
    FUZZ_CHECK(nps_acc_deserialize(&b, buf, len - 1) == NPS_E_FORMAT && !b);
}

static void acc_ops(struct fuzz_in *in)
{
    const nps_scale *s = &scales[in_u8(in) % NSCALES];
    const nps_scale *o = &scales[in_u8(in) % NSCALES];
    nps_acc *a[2] = {NULL, NULL}, *other = NULL;
    struct ref_acc r[2];
    uint32_t np = npoints(s);
    int steps = 0;
    memset(r, 0, sizeof r);
    FUZZ_CHECK(nps_acc_new(&a[0], s) == NPS_OK);
    FUZZ_CHECK(nps_acc_new(&a[1], s) == NPS_OK);
    FUZZ_CHECK(nps_acc_new(&other, o) == NPS_OK);
    FUZZ_CHECK(nps_acc_add(other, o->min) == NPS_OK);
    while (in->n > 0 && steps++ < 256) {
        uint8_t op = in_u8(in);
        int i = op >> 7, j = (op >> 6) & 1;
        int v = s->min - 2 + (int)(in_u8(in) % (np + 4));
        nps_status want, got;
        switch (op % 10) {
        case 0:
            want = ref_add_n(&r[i], s, v, 1);
            got = nps_acc_add(a[i], v);
            break;
        case 1: {
            uint64_t n = in_count(in);
            want = ref_add_n(&r[i], s, v, n);
            got = nps_acc_add_n(a[i], v, n);
            break;
        }
        case 2: {
            uint64_t n = in_count(in);
            want = ref_remove_n(&r[i], s, v, n);
            got = nps_acc_remove_n(a[i], v, n);
            break;
        }
        case 3: {
            uint8_t batch[64];
            size_t n = in_u8(in) % sizeof batch, k, bad = 12345, wbad = 12345;
            uint64_t hist[NP_MAX];
            for (k = 0; k < n; k++)
                batch[k] = (uint8_t)(in_u8(in) % (s->max + 3));
            want = NPS_OK;
            memset(hist, 0, sizeof hist);
            for (k = 0; k < n && want == NPS_OK; k++) {
                if (batch[k] < s->min || batch[k] > s->max) {
                    want = NPS_E_RANGE;
                    wbad = k;
                } else {
                    hist[batch[k] - s->min]++;
                }
            }
            if (want == NPS_OK && n > UINT64_MAX - r[i].total)
                want = NPS_E_OVERFLOW;
            if (want == NPS_OK) {
                for (k = 0; k < np; k++)
                    r[i].c[k] += hist[k];
                r[i].total += n;
            }
            got = nps_acc_add_scores(a[i], n ? batch : NULL, n, &bad);
            FUZZ_CHECK(bad == wbad);
            break;
        }
        case 4: {
            struct ref_acc src = r[j];
            uint32_t k;
            want = src.total > UINT64_MAX - r[i].total ? NPS_E_OVERFLOW : NPS_OK;
            if (want == NPS_OK) {
                for (k = 0; k < np; k++)
                    r[i].c[k] += src.c[k];
                r[i].total += src.total;
            }
            got = nps_acc_merge(a[i], a[j]);
            break;
        }
        case 5: {
            struct ref_acc src = r[j];
            uint32_t k;
            want = NPS_OK;
            for (k = 0; k < np; k++)
                if (src.c[k] > r[i].c[k])
                    want = NPS_E_OVERFLOW;
            if (want == NPS_OK) {
                for (k = 0; k < np; k++)
                    r[i].c[k] -= src.c[k];
                r[i].total -= src.total;
            }
            got = nps_acc_subtract(a[i], a[j]);
            break;
        }
        case 6:
            nps_acc_reset(a[i]);
            memset(&r[i], 0, sizeof r[i]);
            want = got = NPS_OK;
            break;
        case 7: {
            nps_acc *c = NULL;
            FUZZ_CHECK(nps_acc_clone(&c, a[i]) == NPS_OK);
            FUZZ_CHECK(nps_acc_equal(c, a[i]));
            nps_acc_free(a[i]);
            a[i] = c;
            want = got = NPS_OK;
            break;
        }
        case 8:
            serialize_check_acc(a[i], &r[i], s);
            want = got = NPS_OK;
            break;
        default: {
            int same = memcmp(s, o, sizeof *s) == 0;
            want = same ? (r[i].total == UINT64_MAX ? NPS_E_OVERFLOW : NPS_OK)
                        : NPS_E_MISMATCH;
            if (want == NPS_OK) {
                r[i].c[0]++;
                r[i].total++;
            }
            got = nps_acc_merge(a[i], other);
            break;
        }
        }
        FUZZ_CHECK(got == want);
        check_acc(a[0], &r[0], s);
        check_acc(a[1], &r[1], s);
    }
    serialize_check_acc(a[0], &r[0], s);
    nps_acc_free(a[0]);
    nps_acc_free(a[1]);
    nps_acc_free(other);
}

/* ---- timeline model ------------------------------------------------------- */

#define RING_MAX 16

struct ref_tl {
    const nps_scale *s;
    uint32_t np, nb;
    nps_unit unit;
    int64_t width;
    int32_t off;
    int has_newest, has_clock;
    int64_t newest, clock, horizon;
    uint64_t dropped;
    /* Retained buckets by age: [0] is the newest. */
    uint64_t c[RING_MAX][NP_MAX];
    uint64_t tot[RING_MAX];
};

static i128 fdiv(i128 a, i128 b)
{
    i128 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Howard Hinnant's civil calendar algorithms, in 128-bit arithmetic. */
static i128 days_from_civil(i128 y, i128 m, i128 d)
{
    i128 era, yoe, doy, doe;
    y -= m <= 2;
    era = fdiv(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(i128 z, i128 *y, i128 *m)
{
    i128 era, doe, yoe, doy, mp;
    z += 719468;
    era = fdiv(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* docs/format.md defines the absolute bucket index the format stores. */
static int64_t ref_index(const struct ref_tl *r, int64_t t)
{
    if (r->unit == NPS_UNIT_SECOND) {
        i128 rem = ((i128)r->off % r->width + r->width) % r->width;
        return (int64_t)fdiv((i128)t + rem, r->width);
    } else {
        i128 y, m;
        civil_from_days(fdiv((i128)t + r->off, 86400), &y, &m);
        return (int64_t)fdiv((y - 1970) * 12 + (m - 1), r->width);
    }
}

static i128 ref_start(const struct ref_tl *r, i128 i)
{
    if (r->unit == NPS_UNIT_SECOND) {
        i128 rem = ((i128)r->off % r->width + r->width) % r->width;
        return i * r->width - rem;
    } else {
        i128 months = i * r->width, y = fdiv(months, 12);
        return days_from_civil(y + 1970, months - y * 12 + 1, 1) * 86400 -
               r->off;
    }
}

static int fits64(i128 v)
{
    return v >= INT64_MIN && v <= INT64_MAX;
}

static void ref_move(struct ref_tl *r, int64_t i)
{
    if (r->has_newest) {
        i128 k = (i128)i - r->newest;
        int a;
        for (a = (int)r->nb - 1; a >= 0; a--) {
            if (a >= k) {
                memcpy(r->c[a], r->c[a - (int)k], sizeof r->c[a]);
                r->tot[a] = r->tot[a - (int)k];
            } else {
                memset(r->c[a], 0, sizeof r->c[a]);
                r->tot[a] = 0;
            }
        }
    }
    r->newest = i;
    r->has_newest = 1;
}

static int ref_beyond(const struct ref_tl *r, int64_t t)
{
    return r->horizon > 0 && r->has_clock && t > r->clock &&
           (i128)t - r->clock > r->horizon;
}

static uint64_t sat(uint64_t a, uint64_t b)
{
    return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

static nps_status ref_add(struct ref_tl *r, int64_t t, int v, uint64_t n)
{
    int64_t i;
    i128 age;
    if (v < r->s->min || v > r->s->max)
        return NPS_E_RANGE;
    if (ref_beyond(r, t))
        return NPS_E_TOO_NEW;
    i = ref_index(r, t);
    if (!r->has_newest || i > r->newest) {
        ref_move(r, i);
        age = 0;
    } else {
        age = (i128)r->newest - i;
        if (age >= r->nb) {
            r->dropped = sat(r->dropped, n);
            return NPS_E_TOO_OLD;
        }
        if (n > UINT64_MAX - r->tot[age])
            return NPS_E_OVERFLOW;
    }
    r->c[age][v - r->s->min] += n;
    r->tot[age] += n;
    return NPS_OK;
}

/* Age a's bucket exists (its index is >= INT64_MIN). */
static int age_exists(const struct ref_tl *r, uint32_t a)
{
    return (i128)r->newest - a >= INT64_MIN;
}

static nps_status ref_sum(const struct ref_tl *r, int (*keep)(const struct ref_tl *,
                                                              uint32_t, const void *),
                          const void *arg, uint64_t *hist, uint64_t *total)
{
    uint32_t a, p;
    uint64_t t = 0;
    memset(hist, 0, NP_MAX * sizeof(uint64_t));
    if (r->has_newest) {
        for (a = 0; a < r->nb; a++) {
            if (!age_exists(r, a) || !keep(r, a, arg))
                continue;
            if (r->tot[a] > UINT64_MAX - t)
                return NPS_E_OVERFLOW;
            t += r->tot[a];
            for (p = 0; p < r->np; p++)
                hist[p] += r->c[a][p];
        }
    }
    *total = t;
    return NPS_OK;
}

static int keep_range(const struct ref_tl *r, uint32_t a, const void *arg)
{
    const int64_t *ft = (const int64_t *)arg;
    i128 st = ref_start(r, (i128)r->newest - a);
    return st >= ft[0] && st < ft[1];
}

static int keep_rolling(const struct ref_tl *r, uint32_t a, const void *arg)
{
    (void)r;
    return a < *(const uint32_t *)arg;
}

static void check_window(nps_status want, nps_status got, const uint64_t *hist,
                         uint64_t total, const nps_acc *acc, uint32_t np)
{
    uint64_t c[NP_MAX];
    size_t n;
    FUZZ_CHECK(got == want);
    if (want != NPS_OK)
        return;
    FUZZ_CHECK(nps_acc_counts(acc, c, NP_MAX, &n) == NPS_OK && n == np);
    FUZZ_CHECK(memcmp(c, hist, np * sizeof(uint64_t)) == 0);
    FUZZ_CHECK(nps_acc_total(acc) == total);
}

static void check_tl(const nps_timeline *tl, const struct ref_tl *r, nps_acc *acc)
{
    uint32_t a;
    int64_t st;
    nps_status got = nps_timeline_newest(tl, &st);
    FUZZ_CHECK(nps_timeline_dropped(tl) == r->dropped);
    if (!r->has_newest) {
        FUZZ_CHECK(got == NPS_E_EMPTY);
    } else {
        i128 want = ref_start(r, r->newest);
        FUZZ_CHECK(got == (fits64(want) ? NPS_OK : NPS_E_OVERFLOW));
        if (got == NPS_OK)
            FUZZ_CHECK(st == (int64_t)want);
    }
    for (a = 0; a < r->nb; a++) {
        nps_status s2 = nps_timeline_bucket(tl, a, NULL, acc);
        if (!r->has_newest) {
            FUZZ_CHECK(s2 == NPS_E_EMPTY);
            continue;
        }
        check_window(NPS_OK, s2, r->c[a], r->tot[a], acc, r->np);
    }
}

static int64_t pick_time(struct fuzz_in *in, int64_t base)
{
    static const int64_t mult[8] = {1, 7, 60, 3600, 86400, 2629746, 31556952,
                                    INT64_C(1) << 40};
    uint8_t k = in_u8(in);
    i128 t = (i128)base + (i128)(int16_t)in_u64(in, 2) * mult[k & 7];
    if (k & 8)
        t = (int64_t)in_u64(in, 8);
    return t > INT64_MAX ? INT64_MAX : t < INT64_MIN ? INT64_MIN : (int64_t)t;
}

static void serialize_check_tl(const nps_timeline *tl, const struct ref_tl *r,
                               nps_acc *acc)
{
    uint8_t *buf;
    size_t len, n;
    nps_timeline *b = NULL;
    FUZZ_CHECK(nps_timeline_serialize(tl, NULL, 0, &len) == NPS_E_BUFSIZE);
    buf = (uint8_t *)malloc(len);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(nps_timeline_serialize(tl, buf, len, &n) == NPS_OK && n == len);
    FUZZ_CHECK(nps_timeline_deserialize(&b, buf, len) == NPS_OK);
    FUZZ_CHECK(nps_timeline_equal(tl, b));
    check_tl(b, r, acc);
    nps_timeline_free(b);
    FUZZ_CHECK(nps_timeline_deserialize(&b, buf, len - 1) == NPS_E_FORMAT && !b);
    free(buf);
}

/* Merge src into dst (possibly the same model): align by absolute index,
   keep what the merged window retains, all or nothing on overflow. */
static nps_status ref_merge(struct ref_tl *dst, const struct ref_tl *src_in)
{
    struct ref_tl *src = (struct ref_tl *)malloc(sizeof *src);
    nps_status st = NPS_OK;
    FUZZ_CHECK(src != NULL);
    memcpy(src, src_in, sizeof *src);
    /* Since 1.1 the destination's horizon guard holds for merges too: a
       source whose newest bucket lies past the bucket of the merged clock
       (the later one) plus dst's horizon would evict dst's ring. */
    if (src->has_newest && (!dst->has_newest || src->newest > dst->newest) &&
        dst->horizon > 0 && (dst->has_clock || src->has_clock)) {
        int64_t clock = !dst->has_clock ||
                                (src->has_clock && src->clock > dst->clock)
                            ? src->clock
                            : dst->clock;
        if (clock <= INT64_MAX - dst->horizon &&
            src->newest > ref_index(dst, clock + dst->horizon)) {
            free(src);
            return NPS_E_TOO_NEW;
        }
    }
    if (src->has_newest) {
        int64_t newest = dst->has_newest && dst->newest > src->newest
                             ? dst->newest
                             : src->newest;
        i128 shift = (i128)newest - src->newest, dshift = 0;
        uint32_t a, p;
        if (dst->has_newest)
            dshift = (i128)newest - dst->newest;
        for (a = 0; a < src->nb; a++) {
            i128 to = a + shift, from = to - dshift;
            uint64_t have = 0;
            if (to >= src->nb || !age_exists(src, a))
                continue;
            if (dst->has_newest && from >= 0 && from < dst->nb)
                have = dst->tot[from];
            if (src->tot[a] > UINT64_MAX - have)
                st = NPS_E_OVERFLOW;
        }
        if (st == NPS_OK) {
            if (!dst->has_newest || newest > dst->newest)
                ref_move(dst, newest);
            for (a = 0; a < src->nb; a++) {
                i128 to = a + shift;
                if (to >= src->nb || !age_exists(src, a))
                    continue;
                for (p = 0; p < dst->np; p++)
                    dst->c[to][p] += src->c[a][p];
                dst->tot[to] += src->tot[a];
            }
        }
    }
    if (st == NPS_OK) {
        dst->dropped = sat(dst->dropped, src->dropped);
        if (src->has_clock && (!dst->has_clock || src->clock > dst->clock)) {
            dst->clock = src->clock;
            dst->has_clock = 1;
        }
    }
    free(src);
    return st;
}

static void tl_ops(struct fuzz_in *in)
{
    static const int64_t widths[8] = {1, 2, 7, 60, 3600, 86400, 604800, 1000003};
    static const int64_t anchors[6] = {0, 1700000000, -5000000000, INT64_MAX,
                                       INT64_MIN, 253402300799};
    /* Two timelines of the same geometry, for merges. */
    struct ref_tl *rs[2];
    nps_timeline *ts[2] = {NULL, NULL};
    nps_acc *acc = NULL;
    uint8_t g = in_u8(in);
    int64_t base;
    int steps = 0, w;
    rs[0] = (struct ref_tl *)calloc(1, sizeof *rs[0]);
    rs[1] = (struct ref_tl *)calloc(1, sizeof *rs[1]);
    FUZZ_CHECK(rs[0] != NULL && rs[1] != NULL);
    rs[0]->s = &scales[in_u8(in) % NSCALES];
    rs[0]->np = npoints(rs[0]->s);
    rs[0]->unit = (g & 1) ? NPS_UNIT_MONTH : NPS_UNIT_SECOND;
    rs[0]->width = rs[0]->unit == NPS_UNIT_MONTH ? ((g & 2) ? 1 : 1 + in_u8(in) % 24)
                                                 : widths[(g >> 1) & 7];
    if (rs[0]->unit == NPS_UNIT_MONTH && (g & 0x80))
        rs[0]->width = 1200;
    rs[0]->off = (g & 0x10) ? (int32_t)(in_u64(in, 3) % 172801) - 86400 : 0;
    rs[0]->nb = 1 + in_u8(in) % RING_MAX;
    memcpy(rs[1], rs[0], sizeof *rs[1]);
    base = anchors[in_u8(in) % 6];
    for (w = 0; w < 2; w++)
        FUZZ_CHECK(nps_timeline_new_advanced(&ts[w], rs[0]->unit, rs[0]->width,
                                             rs[0]->off, rs[0]->nb, rs[0]->s,
                                             NULL) == NPS_OK);
    FUZZ_CHECK(nps_acc_new(&acc, rs[0]->s) == NPS_OK);
    while (in->n > 0 && steps++ < 256) {
        uint8_t op = in_u8(in);
        int which = (op >> 6) & 1;
        struct ref_tl *r = rs[which];
        nps_timeline *tl = ts[which];
        int v = r->s->min - 1 + (int)(in_u8(in) % (r->np + 2));
        nps_status want = NPS_OK, got = NPS_OK;
        switch (op % 10) {
        case 0:
        case 1: {
            int64_t t = pick_time(in, base);
            uint64_t n = (op & 0x10) ? in_count(in) : 1;
            want = ref_add(r, t, v, n);
            got = (op & 0x10) ? nps_timeline_add_n(tl, t, v, n)
                              : nps_timeline_add(tl, t, v);
            break;
        }
        case 2: {
            int64_t tv[16];
            uint8_t sc[16];
            size_t n = in_u8(in) % 17, k, bad = 999, wbad = 999;
            uint64_t late = 0, wlate = 0;
            struct ref_tl *copy = (struct ref_tl *)malloc(sizeof *r);
            FUZZ_CHECK(copy != NULL);
            for (k = 0; k < n; k++) {
                tv[k] = pick_time(in, base);
                sc[k] = (uint8_t)(r->s->min - 1 + in_u8(in) % (r->np + 2));
            }
            for (k = 0; k < n && want == NPS_OK; k++) {
                if (sc[k] < r->s->min || sc[k] > r->s->max)
                    want = NPS_E_RANGE;
                else if (ref_beyond(r, tv[k]))
                    want = NPS_E_TOO_NEW;
                if (want != NPS_OK)
                    wbad = k;
            }
            if (want == NPS_OK) {
                memcpy(copy, r, sizeof *r);
                for (k = 0; k < n && want == NPS_OK; k++) {
                    nps_status e = ref_add(copy, tv[k], sc[k], 1);
                    if (e == NPS_E_TOO_OLD)
                        wlate++;
                    else if (e != NPS_OK)
                        want = e;
                }
                if (want == NPS_OK) {
                    /* ref_add counted the drops already. */
                    memcpy(r, copy, sizeof *r);
                }
            }
            free(copy);
            got = nps_timeline_add_batch(tl, n ? tv : NULL, n ? sc : NULL, n,
                                         &bad, &late);
            FUZZ_CHECK(bad == wbad);
            if (want == NPS_OK)
                FUZZ_CHECK(late == wlate);
            break;
        }
        case 3: {
            int64_t now = pick_time(in, base);
            int64_t i = ref_index(r, now);
            if (!r->has_newest || i > r->newest)
                ref_move(r, i);
            r->clock = now;
            r->has_clock = 1;
            got = nps_timeline_advance(tl, now);
            break;
        }
        case 4: {
            int64_t h = (op & 0x10) ? (int64_t)in_u64(in, 8) : (int64_t)in_u64(in, 3);
            want = h < 0 ? NPS_E_INVALID : NPS_OK;
            if (h >= 0)
                r->horizon = h;
            got = nps_timeline_set_horizon(tl, h);
            break;
        }
        case 5: {
            int64_t ft[2];
            uint64_t hist[NP_MAX], total = 0;
            ft[0] = pick_time(in, base);
            ft[1] = pick_time(in, base);
            if (ft[0] > ft[1])
                want = NPS_E_INVALID;
            else
                want = ref_sum(r, keep_range, ft, hist, &total);
            got = nps_timeline_range(tl, ft[0], ft[1], acc);
            check_window(want, got, hist, total, acc, r->np);
            break;
        }
        case 6: {
            uint32_t k = in_u8(in) % (r->nb + 2);
            uint64_t hist[NP_MAX], total = 0;
            if (k == 0 || k > r->nb)
                want = NPS_E_INVALID;
            else if (!r->has_newest)
                want = NPS_E_EMPTY;
            else
                want = ref_sum(r, keep_rolling, &k, hist, &total);
            got = nps_timeline_rolling(tl, k, acc);
            check_window(want, got, hist, total, acc, r->np);
            break;
        }
        case 7:
            serialize_check_tl(tl, r, acc);
            break;
        case 8: {
            int src = (op & 0x80) ? which : !which;
            want = ref_merge(r, rs[src]);
            got = nps_timeline_merge(tl, ts[src]);
            break;
        }
        default:
            if (op & 0x20) {
                nps_timeline_reset(tl);
                memset(r->c, 0, sizeof r->c);
                memset(r->tot, 0, sizeof r->tot);
                r->has_newest = r->has_clock = 0;
                r->newest = r->clock = 0;
                r->dropped = 0;
            } else {
                nps_timeline *c = NULL;
                FUZZ_CHECK(nps_timeline_clone(&c, tl) == NPS_OK);
                nps_timeline_free(tl);
                ts[which] = c;
            }
            break;
        }
        FUZZ_CHECK(got == want);
        check_tl(ts[0], rs[0], acc);
        check_tl(ts[1], rs[1], acc);
    }
    for (w = 0; w < 2; w++) {
        serialize_check_tl(ts[w], rs[w], acc);
        nps_timeline_free(ts[w]);
        free(rs[w]);
    }
    nps_acc_free(acc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in;
    if (size == 0)
        return 0;
    in.p = data + 1;
    in.n = size - 1;
    if (data[0] & 1)
        tl_ops(&in);
    else
        acc_ops(&in);
    return 0;
}
