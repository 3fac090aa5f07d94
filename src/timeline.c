/* The timeline: a fixed ring of time buckets, each holding the counts of an
   accumulator. See docs/timeline.md for the geometry.

   Bucket numbering (absolute indices, bucket starts, calendar months) is
   the geometry of src/calendar.c, shared with the codec.

   Every mutation validates first and writes second, so an error leaves the
   object untouched. SPDX-License-Identifier: MIT */
#include "nps_internal.h"
#include "normal.h"
#include "inference.h"

#include <math.h>
#include <string.h>

/* Runs of a batch shorter than this are counted without the kernel. */
#define TL_SHORT_RUN 64

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/* ---- geometry (src/calendar.c) ----------------------------------------- */

static int64_t bucket_index(const nps_timeline *tl, int64_t t)
{
    return nps__geom_index(&tl->geo, t);
}

/* Start (UTC seconds) of absolute bucket i; 0 when not representable. */
static int bucket_start_of(const nps_timeline *tl, int64_t i, int64_t *out)
{
    return nps__geom_start(&tl->geo, i, out);
}

/* Smallest absolute index whose bucket starts at or after t. */
static int64_t ceil_index(const nps_timeline *tl, int64_t t)
{
    int64_t i = bucket_index(tl, t), s;
    /* i + 1 cannot overflow: only one-second buckets reach INT64_MAX, and
       there every time is a bucket start. */
    if (bucket_start_of(tl, i, &s) && s == t)
        return i;
    return i + 1;
}

static uint32_t slot_of(const nps_timeline *tl, int64_t i)
{
    return (uint32_t)nps__floor_mod(i, (int64_t)tl->nbuckets);
}

/* The k >= 1 buckets ending at absolute index end, clamped to the int64
   range (indices below INT64_MIN hold no time and are empty): stores the
   first index and returns how many there are. The one place for the
   end - (k - 1) clamp. */
static uint64_t window_ending(int64_t end, uint64_t k, int64_t *first)
{
    if (end < INT64_MIN + (int64_t)(k - 1)) {
        *first = INT64_MIN;
        return (uint64_t)end - (uint64_t)INT64_MIN + 1;
    }
    *first = end - (int64_t)(k - 1);
    return k;
}

/* Oldest retained absolute index. */
static int64_t oldest_index(const nps_timeline *tl)
{
    int64_t first;
    (void)window_ending(tl->newest, tl->nbuckets, &first);
    return first;
}

/* 1 when absolute index i <= newest is still retained. */
static int retained(const nps_timeline *tl, int64_t i)
{
    return (uint64_t)tl->newest - (uint64_t)i < (uint64_t)tl->nbuckets;
}

static void zero_slot(nps_timeline *tl, uint32_t s)
{
    if (tl->totals[s] != 0) {
        memset(tl->counts + (size_t)s * tl->npoints, 0,
               (size_t)tl->npoints * sizeof(uint64_t));
        tl->totals[s] = 0;
    }
}

static uint32_t refresh_cache(nps_timeline *tl);

/* Move the end of the ring to absolute index i (i > newest, or the first
   bucket ever), zeroing the slots of evicted buckets: min(k, N) slots for
   a step of k buckets. Every change of newest goes through here (or
   through nps__timeline_restore), and both describe the new newest bucket
   in the cache, so in-order adds after advance, merge or a restore take
   the fast path at once. */
static void move_to(nps_timeline *tl, int64_t i)
{
    if (tl->has_newest) {
        uint64_t k = (uint64_t)i - (uint64_t)tl->newest;
        if (k >= tl->nbuckets) {
            memset(tl->counts, 0,
                   (size_t)tl->nbuckets * tl->npoints * sizeof(uint64_t));
            memset(tl->totals, 0, (size_t)tl->nbuckets * sizeof(uint64_t));
            tl->hot = 0;
        } else {
            uint32_t s = slot_of(tl, tl->newest);
            while (k-- > 0) {
                if (++s == tl->nbuckets)
                    s = 0;
                zero_slot(tl, s);
            }
        }
    }
    tl->newest = i;
    tl->has_newest = 1;
    (void)refresh_cache(tl);
}

/* 1 when the horizon guard refuses time t. */
static int beyond_horizon(const nps_timeline *tl, int64_t t)
{
    return tl->horizon > 0 && tl->has_clock && t > tl->clock &&
           (uint64_t)t - (uint64_t)tl->clock > (uint64_t)tl->horizon;
}

/* ---- lifecycle ---------------------------------------------------------- */

/*
 * The counter block holds counts, then totals, then a small cache of the
 * newest bucket's time span and slot, so that in-order ingest costs no
 * division. The cache is keyed by the newest index it describes and is a
 * pure function of that index and the geometry: code that sets newest
 * directly (the decoder) at worst makes it miss, never lie. Only writers
 * update it, so const queries stay safe to run concurrently.
 */
struct tl_cache {
    int64_t valid; /* 0 until filled */
    int64_t key;   /* the absolute index described */
    int64_t lo, hi; /* first and last second of that bucket (lo > hi: none) */
    uint64_t slot;
};

static size_t block_size(const nps_timeline *tl)
{
    return (size_t)tl->nbuckets * ((size_t)tl->npoints + 1) * sizeof(uint64_t) +
           sizeof(struct tl_cache);
}

static struct tl_cache *cache_of(const nps_timeline *tl)
{
    return (struct tl_cache *)(void *)(tl->totals + tl->nbuckets);
}

static void cache_clear(nps_timeline *tl)
{
    struct tl_cache *c = cache_of(tl);
    c->valid = 0;
    c->key = 0;
    c->lo = 1;
    c->hi = 0;
    c->slot = 0;
}

/* Create an empty timeline for a validated geometry; validates the rest. */
static nps_status tl_create(nps_timeline **out, const nps__geom *g,
                            uint32_t buckets, const nps_scale *scale,
                            const nps_allocator *allocator)
{
    nps_allocator a;
    nps_timeline *tl;
    uint64_t *block;
    const nps_scale *s = nps__scale_or_standard(scale);
    uint32_t np;
    if (nps_scale_validate(s) != NPS_OK ||
        nps__allocator_init(&a, allocator) != NPS_OK || buckets < 1 ||
        buckets > NPS__MAX_BUCKETS)
        return NPS_E_INVALID;
    np = NPS_POINTS(s);
    /* 2^24 buckets * 102 counters: the size only overflows a 32-bit size_t,
       so a 64-bit build cannot take this branch (marked for gcovr). */
    if ((uint64_t)buckets * (np + 1) > SIZE_MAX / sizeof(uint64_t)) /* GCOVR_EXCL_BR_LINE */
        return NPS_E_NOMEM; /* GCOVR_EXCL_LINE */
    tl = (nps_timeline *)nps__alloc(&a, sizeof *tl);
    if (!tl)
        return NPS_E_NOMEM;
    memset(tl, 0, sizeof *tl);
    tl->scale = *s;
    tl->alloc = a;
    tl->geo = *g;
    tl->nbuckets = buckets;
    tl->npoints = np;
    block = (uint64_t *)nps__alloc(&a, block_size(tl));
    if (!block) {
        nps__free(&a, tl, sizeof *tl);
        return NPS_E_NOMEM;
    }
    memset(block, 0, block_size(tl));
    tl->counts = block;
    tl->totals = block + (size_t)buckets * np;
    cache_clear(tl);
    *out = tl;
    return NPS_OK;
}

nps_status nps__timeline_create(nps_timeline **out, const nps__geom *g,
                                uint32_t buckets, const nps_scale *scale,
                                const nps_allocator *allocator)
{
    *out = NULL;
    return tl_create(out, g, buckets, scale, allocator);
}

nps_status nps_timeline_new_advanced(nps_timeline **out, nps_unit unit,
                                     int64_t width, int32_t utc_offset_seconds,
                                     uint32_t buckets, const nps_scale *scale,
                                     const nps_allocator *allocator)
{
    nps__geom g;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!nps__geom_init(&g, unit, width, utc_offset_seconds))
        return NPS_E_INVALID;
    return tl_create(out, &g, buckets, scale, allocator);
}

nps_status nps_timeline_new_with_options(nps_timeline **out,
                                         const nps_timeline_options *opts)
{
    nps__geom g;
    nps_status st;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!opts || opts->version != NPS_TIMELINE_OPTIONS_VERSION ||
        opts->horizon < 0)
        return NPS_E_INVALID;
    if (opts->unit == NPS_UNIT_SECOND) {
        if (opts->utc_offset != 0 ||
            !nps__geom_init_origin(&g, opts->width, opts->origin))
            return NPS_E_INVALID;
    } else if (opts->origin != 0 ||
               !nps__geom_init(&g, opts->unit, opts->width, opts->utc_offset)) {
        return NPS_E_INVALID;
    }
    st = tl_create(out, &g, opts->buckets, opts->scale, opts->allocator);
    if (st == NPS_OK)
        (*out)->horizon = opts->horizon;
    return st;
}

nps_status nps_timeline_new(nps_timeline **out, int64_t bucket_seconds,
                            uint32_t buckets, const nps_scale *scale)
{
    return nps_timeline_new_advanced(out, NPS_UNIT_SECOND, bucket_seconds, 0,
                                     buckets, scale, NULL);
}

void nps_timeline_free(nps_timeline *tl)
{
    if (tl) {
        nps_allocator a = tl->alloc;
        nps__free(&a, tl->counts, block_size(tl));
        nps__free(&a, tl, sizeof *tl);
    }
}

nps_status nps_timeline_clone(nps_timeline **out, const nps_timeline *tl)
{
    nps_status st;
    nps_timeline *c;
    uint64_t *counts, *totals;
    if (!out)
        return NPS_E_INVALID;
    *out = NULL;
    if (!tl)
        return NPS_E_INVALID;
    st = tl_create(&c, &tl->geo, tl->nbuckets, &tl->scale, &tl->alloc);
    if (st != NPS_OK)
        return st;
    counts = c->counts;
    totals = c->totals;
    *c = *tl;
    c->counts = counts;
    c->totals = totals;
    /* The whole block, cache included: the copy's in-order adds are as
       fast as the original's. */
    memcpy(c->counts, tl->counts, block_size(tl));
    *out = c;
    return NPS_OK;
}

void nps_timeline_reset(nps_timeline *tl)
{
    if (tl) {
        memset(tl->counts, 0,
               (size_t)tl->nbuckets * tl->npoints * sizeof(uint64_t));
        memset(tl->totals, 0, (size_t)tl->nbuckets * sizeof(uint64_t));
        cache_clear(tl);
        tl->hot = 0;
        tl->has_newest = 0;
        tl->newest = 0;
        tl->dropped = 0;
        tl->has_clock = 0;
        tl->clock = 0;
    }
}

/* ---- internal restore path (the decoder) ------------------------------- */

void nps__timeline_restore(nps_timeline *tl, int has_newest, int64_t newest,
                           int has_clock, int64_t clock, int64_t horizon,
                           uint64_t dropped)
{
    if (has_newest)
        move_to(tl, newest);
    tl->has_clock = has_clock;
    tl->clock = has_clock ? clock : 0;
    tl->horizon = horizon;
    tl->dropped = dropped;
}

void nps__timeline_set_bucket(nps_timeline *tl, int64_t i,
                              const uint64_t *counts, uint64_t total)
{
    uint32_t s = slot_of(tl, i);
    memcpy(tl->counts + (size_t)s * tl->npoints, counts,
           (size_t)tl->npoints * sizeof(uint64_t));
    tl->totals[s] = total;
    if (total > tl->hot)
        tl->hot = total;
}

const uint64_t *nps__timeline_bucket_row(const nps_timeline *tl, int64_t i,
                                         uint64_t *total)
{
    uint32_t s = slot_of(tl, i);
    *total = tl->totals[s];
    return tl->counts + (size_t)s * tl->npoints;
}

int nps__timeline_cache_fresh(const nps_timeline *tl)
{
    const struct tl_cache *c = cache_of(tl);
    return tl->has_newest && c->key == tl->newest &&
           c->slot == slot_of(tl, tl->newest);
}

/* ---- ingest ------------------------------------------------------------- */

/* Time span [*lo, *hi] of absolute bucket i, clipped to the int64 range:
   a start that does not fit lies beyond the end of int64 on the side of
   i's sign (starts grow with i and start(0) is near the epoch). The empty
   span is for an index holding no int64 time; the only caller passes the
   newest index, which always holds one (new indices come from times, the
   decoder refuses others), so that path is marked for gcovr. */
static void bucket_span(const nps_timeline *tl, int64_t i, int64_t *lo,
                        int64_t *hi)
{
    int64_t a, b;
    if (!bucket_start_of(tl, i, &a)) {
        if (i > 0)     /* GCOVR_EXCL_BR_LINE */
            goto none; /* GCOVR_EXCL_LINE */
        a = INT64_MIN;
    }
    if (i == INT64_MAX || !bucket_start_of(tl, i + 1, &b)) {
        /* Bucket i + 1 starts below INT64_MIN only when i < 0 (then i lies
           wholly below the int64 range); otherwise i runs to INT64_MAX.
           Written without i + 1, which overflows for i == INT64_MAX. */
        if (i < 0)     /* GCOVR_EXCL_BR_LINE */
            goto none; /* GCOVR_EXCL_LINE */
        b = INT64_MAX;
    } else {
        b -= 1;
    }
    *lo = a;
    *hi = b;
    return;
none: /* GCOVR_EXCL_START */
    *lo = 0;
    *hi = -1;
} /* GCOVR_EXCL_STOP */

/* Describe the newest bucket in the cache; returns its slot. */
static uint32_t refresh_cache(nps_timeline *tl)
{
    struct tl_cache *c = cache_of(tl);
    if (!c->valid || c->key != tl->newest) {
        bucket_span(tl, tl->newest, &c->lo, &c->hi);
        c->slot = slot_of(tl, tl->newest);
        c->key = tl->newest;
        c->valid = 1;
    }
    return (uint32_t)c->slot;
}

#if defined(__GNUC__) || defined(__clang__)
#define TL_NOINLINE __attribute__((noinline))
#else
#define TL_NOINLINE
#endif

/* n answers at point p into ring slot s, through the counter row shared
   with the accumulator; keeps the bound of every bucket total. */
static nps_status add_to_slot(nps_timeline *tl, uint32_t s, uint32_t p,
                              uint64_t n)
{
    nps_status st = nps__row_add_n(tl->counts + (size_t)s * tl->npoints,
                                   &tl->totals[s], p, n);
    if (tl->totals[s] > tl->hot)
        tl->hot = tl->totals[s];
    return st;
}

/* Everything but the newest bucket: kept out of line so that the fast
   path below stays a small leaf function. */
static TL_NOINLINE nps_status add_slow(nps_timeline *tl, int64_t t,
                                       uint32_t p, uint64_t n)
{
    int64_t i = bucket_index(tl, t);
    uint32_t s;
    if (!tl->has_newest || i > tl->newest) {
        /* The bucket is new, so its slot is (or is about to be) empty and
           cannot overflow. */
        move_to(tl, i);
        s = (uint32_t)cache_of(tl)->slot;
    } else {
        if (!retained(tl, i)) {
            tl->dropped = sat_add(tl->dropped, n);
            return NPS_E_TOO_OLD;
        }
        s = slot_of(tl, i);
    }
    return add_to_slot(tl, s, p, n);
}

static nps_status add_impl(nps_timeline *tl, int64_t t, int score, uint64_t n)
{
    const struct tl_cache *c;
    uint32_t p;
    if (!tl)
        return NPS_E_INVALID;
    /* Unsigned wrap-around folds both bounds into one test. */
    p = (uint32_t)score - (uint32_t)tl->scale.min;
    if (p >= tl->npoints)
        return NPS_E_RANGE;
    if (beyond_horizon(tl, t))
        return NPS_E_TOO_NEW;
    /* An empty span (fresh or reset timeline) never matches, so the cache
       alone says whether t falls in the newest bucket. */
    c = cache_of(tl);
    if (!(c->key == tl->newest && t >= c->lo && t <= c->hi))
        return add_slow(tl, t, p, n);
    return add_to_slot(tl, (uint32_t)c->slot, p, n);
}

nps_status nps_timeline_add_n(nps_timeline *tl, int64_t t, int score,
                              uint64_t n)
{
    return add_impl(tl, t, score, n);
}

nps_status nps_timeline_add(nps_timeline *tl, int64_t t, int score)
{
    return add_impl(tl, t, score, 1);
}

/* Exact overflow check of a batch without changing anything: a bucket's
   total only grows until it is evicted, and once evicted it never comes
   back (newest only grows), so a bucket overflows iff its total at the
   start plus the batch events accepted into it exceeds UINT64_MAX. Only
   buckets already within n of the limit can, so this walk is taken only
   by pathological states. */
static int batch_overflows(const nps_timeline *tl, const int64_t *t, size_t n)
{
    uint64_t hot = UINT64_MAX - (uint64_t)n;
    int64_t b;
    /* Unreachable from the only caller (a timeline without a newest bucket
       is empty, so no batch can overflow it); kept because the walk below
       needs a newest index. Marked for gcovr. */
    if (!tl->has_newest) /* GCOVR_EXCL_BR_LINE */
        return 0;        /* GCOVR_EXCL_LINE */
    for (b = oldest_index(tl);; b++) {
        uint32_t s = slot_of(tl, b);
        if (tl->totals[s] > hot) {
            uint64_t room = UINT64_MAX - tl->totals[s], got = 0;
            int64_t newest = tl->newest;
            size_t e;
            for (e = 0; e < n; e++) {
                int64_t i = bucket_index(tl, t[e]);
                if (i > newest)
                    newest = i;
                if (i == b &&
                    (uint64_t)newest - (uint64_t)i < (uint64_t)tl->nbuckets &&
                    ++got > room)
                    return 1;
            }
        }
        if (b == tl->newest)
            return 0;
    }
}

nps_status nps_timeline_add_batch(nps_timeline *tl, const int64_t *t,
                                  const uint8_t *scores, size_t n,
                                  size_t *bad_index, uint64_t *dropped)
{
    size_t e;
    uint64_t late = 0;
    uint32_t s, np;
    uint8_t lo, hi;
    if (!tl || (n > 0 && (!t || !scores)))
        return NPS_E_INVALID;
    lo = (uint8_t)tl->scale.min;
    hi = (uint8_t)tl->scale.max;
    {
        /* A branch-free min/max pass (vectorised by the compiler) clears
           the common all-valid batch; only a failing one is searched for
           its first bad event. */
        uint8_t mn = 0xFF, mx = 0;
        int guard = tl->horizon > 0 && tl->has_clock;
        for (e = 0; e < n; e++) {
            mn = scores[e] < mn ? scores[e] : mn;
            mx = scores[e] > mx ? scores[e] : mx;
        }
        if (n > 0 && (mn < lo || mx > hi || guard)) {
            for (e = 0; e < n; e++) {
                nps_status st = NPS_OK;
                if (scores[e] < lo || scores[e] > hi)
                    st = NPS_E_RANGE;
                else if (beyond_horizon(tl, t[e]))
                    st = NPS_E_TOO_NEW;
                if (st != NPS_OK) {
                    if (bad_index)
                        *bad_index = e;
                    return st;
                }
            }
        }
    }
    /* tl->hot bounds every bucket total, so a batch can only overflow
       when it is within n of the limit: the common case costs nothing,
       whatever the ring's length. */
    if ((uint64_t)n > UINT64_MAX - tl->hot && batch_overflows(tl, t, n))
        return NPS_E_OVERFLOW;

    np = tl->npoints;
    e = 0;
    while (e < n) {
        const struct tl_cache *c = cache_of(tl);
        int64_t i;
        if (tl->has_newest) {
            size_t j = e;
            (void)refresh_cache(tl);
            /* A run of answers in the newest bucket (in-order streams are
               mostly such runs) is counted by the batch kernel at once. */
            while (j < n && t[j] >= c->lo && t[j] <= c->hi)
                j++;
            if (j > e) {
                uint64_t *dst;
                s = (uint32_t)c->slot;
                dst = tl->counts + (size_t)s * np;
                if (j - e < TL_SHORT_RUN) {
                    /* A short run costs less counted in place than through
                       the kernel's setup and a histogram. */
                    size_t k;
                    for (k = e; k < j; k++)
                        dst[scores[k] - lo]++;
                } else {
                    uint64_t hist[NPS_SCALE_LIMIT + 1];
                    size_t badpos;
                    uint32_t p;
                    memset(hist, 0, (size_t)np * sizeof(uint64_t));
                    (void)nps__count_scores(scores + e, j - e, lo, hi, hist,
                                            &badpos);
                    for (p = 0; p < np; p++)
                        dst[p] += hist[p];
                }
                tl->totals[s] += (uint64_t)(j - e);
                if (tl->totals[s] > tl->hot)
                    tl->hot = tl->totals[s];
                e = j;
                continue;
            }
        }
        i = bucket_index(tl, t[e]);
        if (!tl->has_newest || i > tl->newest) {
            move_to(tl, i);
            continue; /* now the newest bucket: taken as a run above */
        }
        if (!retained(tl, i)) {
            late++;
        } else {
            s = slot_of(tl, i);
            tl->counts[(size_t)s * np + (uint32_t)(scores[e] - lo)]++;
            if (++tl->totals[s] > tl->hot)
                tl->hot = tl->totals[s];
        }
        e++;
    }
    tl->dropped = sat_add(tl->dropped, late);
    if (dropped)
        *dropped = late;
    return NPS_OK;
}

nps_status nps_timeline_advance(nps_timeline *tl, int64_t now)
{
    int64_t i;
    if (!tl)
        return NPS_E_INVALID;
    i = bucket_index(tl, now);
    if (!tl->has_newest || i > tl->newest)
        move_to(tl, i);
    tl->clock = now;
    tl->has_clock = 1;
    return NPS_OK;
}

nps_status nps_timeline_set_horizon(nps_timeline *tl, int64_t max_ahead)
{
    if (!tl || max_ahead < 0)
        return NPS_E_INVALID;
    tl->horizon = max_ahead;
    return NPS_OK;
}

/* ---- accessors ---------------------------------------------------------- */

nps_status nps_timeline_unit(const nps_timeline *tl, nps_unit *out)
{
    if (!tl || !out)
        return NPS_E_INVALID;
    *out = tl->geo.unit;
    return NPS_OK;
}

int64_t nps_timeline_width(const nps_timeline *tl)
{
    return tl ? tl->geo.width : 0;
}

nps_status nps_timeline_offset(const nps_timeline *tl, int64_t *out)
{
    if (!tl || !out)
        return NPS_E_INVALID;
    *out = tl->geo.offset;
    return NPS_OK;
}

int64_t nps_timeline_horizon(const nps_timeline *tl)
{
    return tl ? tl->horizon : 0;
}

uint64_t nps_timeline_dropped(const nps_timeline *tl)
{
    return tl ? tl->dropped : 0;
}

uint32_t nps_timeline_buckets(const nps_timeline *tl)
{
    return tl ? tl->nbuckets : 0;
}

nps_status nps_timeline_scale(const nps_timeline *tl, nps_scale *out)
{
    if (!tl || !out)
        return NPS_E_INVALID;
    *out = tl->scale;
    return NPS_OK;
}

nps_status nps_timeline_bucket_start(const nps_timeline *tl, int64_t t,
                                     int64_t *out)
{
    int64_t s;
    if (!tl || !out)
        return NPS_E_INVALID;
    if (!bucket_start_of(tl, bucket_index(tl, t), &s))
        return NPS_E_OVERFLOW;
    *out = s;
    return NPS_OK;
}

nps_status nps_timeline_newest(const nps_timeline *tl, int64_t *out)
{
    int64_t s;
    if (!tl || !out)
        return NPS_E_INVALID;
    if (!tl->has_newest)
        return NPS_E_EMPTY;
    if (!bucket_start_of(tl, tl->newest, &s))
        return NPS_E_OVERFLOW;
    *out = s;
    return NPS_OK;
}

size_t nps_timeline_footprint(const nps_timeline *tl)
{
    return tl ? sizeof *tl + block_size(tl) : 0;
}

int nps_timeline_equal(const nps_timeline *a, const nps_timeline *b)
{
    if (!a || !b)
        return 0;
    if (!nps__geom_same(&a->geo, &b->geo) || a->nbuckets != b->nbuckets ||
        !nps__scale_same(&a->scale, &b->scale) ||
        a->has_newest != b->has_newest ||
        (a->has_newest && a->newest != b->newest))
        return 0;
    /* Each slot's total is the sum of its counts: equal counts mean equal
       totals. */
    return memcmp(a->counts, b->counts, (size_t)a->nbuckets * a->npoints *
                                            sizeof(uint64_t)) == 0;
}

/* ---- windows ------------------------------------------------------------ */

/* Clip the absolute range [lo, hi) to the retained buckets. Returns the
   number of buckets and their first index; 0 when none (or no data). */
static uint64_t clip(const nps_timeline *tl, int64_t lo, int64_t hi,
                     int64_t *first)
{
    int64_t old, last;
    if (!tl->has_newest || hi <= lo)
        return 0;
    old = oldest_index(tl);
    if (lo < old)
        lo = old;
    /* hi - 1 >= lo > INT64_MIN here, so it cannot overflow. */
    last = hi - 1 < tl->newest ? hi - 1 : tl->newest;
    if (last < lo)
        return 0;
    *first = lo;
    return (uint64_t)last - (uint64_t)lo + 1;
}

/* Sum count buckets from absolute index first into hist (npoints entries,
   zeroed here); NPS_E_OVERFLOW when the total would not fit. */
static nps_status sum_buckets(const nps_timeline *tl, int64_t first,
                              uint64_t count, uint64_t *hist, uint64_t *total)
{
    uint32_t s;
    uint64_t tot = 0, k;
    memset(hist, 0, (size_t)tl->npoints * sizeof(uint64_t));
    if (count == 0) {
        *total = 0;
        return NPS_OK;
    }
    s = slot_of(tl, first);
    for (k = 0; k < count; k++) {
        uint64_t bt = tl->totals[s];
        if (bt != 0 &&
            nps__row_add(hist, &tot, tl->counts + (size_t)s * tl->npoints, bt,
                         tl->npoints) != NPS_OK)
            return NPS_E_OVERFLOW;
        if (++s == tl->nbuckets)
            s = 0;
    }
    *total = tot;
    return NPS_OK;
}

/* Fill out (already checked for scale) with count buckets from first; out
   is only written on success. */
static nps_status fill(const nps_timeline *tl, int64_t first, uint64_t count,
                       nps_acc *out)
{
    uint64_t hist[NPS_SCALE_LIMIT + 1], total;
    nps_status st = sum_buckets(tl, first, count, hist, &total);
    if (st == NPS_OK)
        nps__acc_set_counts(out, hist, total);
    return st;
}

nps_status nps_timeline_bucket(const nps_timeline *tl, uint32_t age,
                               int64_t *start, nps_acc *out)
{
    uint32_t s, sn;
    int64_t st;
    if (!tl || !out || age >= tl->nbuckets)
        return NPS_E_INVALID;
    if (!nps__scale_same(&tl->scale, &out->scale))
        return NPS_E_MISMATCH;
    if (!tl->has_newest)
        return NPS_E_EMPTY;
    if (start) {
        if (tl->newest < INT64_MIN + (int64_t)age ||
            !bucket_start_of(tl, tl->newest - (int64_t)age, &st))
            return NPS_E_OVERFLOW;
        *start = st;
    }
    sn = slot_of(tl, tl->newest);
    s = sn >= age ? sn - age : sn + (tl->nbuckets - age);
    nps__acc_set_counts(out, tl->counts + (size_t)s * tl->npoints,
                        tl->totals[s]);
    return NPS_OK;
}

nps_status nps_timeline_range(const nps_timeline *tl, int64_t from, int64_t to,
                              nps_acc *out)
{
    int64_t first = 0;
    uint64_t count;
    if (!tl || !out || from > to)
        return NPS_E_INVALID;
    if (!nps__scale_same(&tl->scale, &out->scale))
        return NPS_E_MISMATCH;
    count = from == to ? 0
                       : clip(tl, ceil_index(tl, from), ceil_index(tl, to),
                              &first);
    return fill(tl, first, count, out);
}

nps_status nps_timeline_rolling(const nps_timeline *tl, uint32_t k,
                                nps_acc *out)
{
    if (!tl || !out || k == 0 || k > tl->nbuckets)
        return NPS_E_INVALID;
    if (!nps__scale_same(&tl->scale, &out->scale))
        return NPS_E_MISMATCH;
    if (!tl->has_newest)
        return NPS_E_EMPTY;
    {
        int64_t first;
        uint64_t count = window_ending(tl->newest, k, &first);
        return fill(tl, first, count, out);
    }
}

/* ---- trend -------------------------------------------------------------- */

/* The window's buckets as periods for the shared trend code; x is the
   bucket's offset from the window's first bucket, so the fit is exact in
   doubles for any absolute index. */
struct trend_window {
    const nps_timeline *tl;
    uint32_t first_slot;
};

static void trend_get(const void *ctx, uint64_t i, double *x, uint64_t c3[3])
{
    const struct trend_window *w = (const struct trend_window *)ctx;
    uint32_t s = (uint32_t)(((uint64_t)w->first_slot + i) % w->tl->nbuckets);
    *x = (double)i;
    nps__category_sums(&w->tl->scale,
                       w->tl->counts + (size_t)s * w->tl->npoints, c3);
}

nps_status nps_timeline_trend(const nps_timeline *tl, int64_t from,
                              int64_t to, double *slope, double *stderr_out,
                              double *p_value)
{
    int64_t first = 0;
    uint64_t count;
    struct trend_window w;
    nps_trend r = NPS_TREND_INIT;
    nps_status st;
    if (!tl || !slope || from > to)
        return NPS_E_INVALID;
    count = from == to ? 0
                       : clip(tl, ceil_index(tl, from), ceil_index(tl, to),
                              &first);
    if (count == 0)
        return NPS_E_EMPTY;
    w.tl = tl;
    w.first_slot = slot_of(tl, first);
    /* 1.0 rule: 2 non-empty buckets suffice here. */
    st = nps__trend_answers(&r, trend_get, &w, count, 2);
    if (st != NPS_OK)
        return st;
    *slope = r.slope;
    if (stderr_out)
        *stderr_out = r.se;
    if (p_value)
        *p_value = r.p_value;
    return NPS_OK;
}

/* ---- merge -------------------------------------------------------------- */

static int same_geometry(const nps_timeline *a, const nps_timeline *b)
{
    return nps__geom_same(&a->geo, &b->geo) && a->nbuckets == b->nbuckets &&
           nps__scale_same(&a->scale, &b->scale);
}

/* 1 when dst's horizon guard refuses to move dst's ring to src's newest
   bucket: the guard is on and that bucket starts after clock + horizon,
   so every time it holds would be NPS_E_TOO_NEW for nps_timeline_add().
   The clock is the merged one (the later of the two): a timeline that saw
   both streams saw both advances, and advance is never refused. */
static int merge_beyond_horizon(const nps_timeline *dst,
                                const nps_timeline *src)
{
    int64_t clock;
    if (!(dst->horizon > 0 && (dst->has_clock || src->has_clock)))
        return 0;
    clock = !dst->has_clock || (src->has_clock && src->clock > dst->clock)
                ? src->clock
                : dst->clock;
    /* clock + horizon, saturated: past INT64_MAX nothing is too new. */
    if (clock > INT64_MAX - dst->horizon)
        return 0;
    return src->newest > bucket_index(dst, clock + dst->horizon);
}

nps_status nps_timeline_merge(nps_timeline *dst, const nps_timeline *src)
{
    uint64_t hot;
    if (!dst || !src)
        return NPS_E_INVALID;
    if (!same_geometry(dst, src))
        return NPS_E_MISMATCH;
    /* A source that saw a bogus far-future time would move dst's ring past
       its guard and evict everything: refuse as nps_timeline_add() would. */
    if (src->has_newest && (!dst->has_newest || src->newest > dst->newest) &&
        merge_beyond_horizon(dst, src))
        return NPS_E_TOO_NEW;
    hot = sat_add(dst->hot, src->hot);
    if (src->has_newest) {
        int64_t newest, first, keep, j;
        uint64_t count = 0, k;
        newest = dst->has_newest && dst->newest > src->newest ? dst->newest
                                                              : src->newest;
        /* src's buckets that survive in the merged window; older ones are
           evicted exactly as a later event would evict them. */
        (void)window_ending(newest, dst->nbuckets, &keep);
        first = oldest_index(src);
        if (first < keep)
            first = keep;
        if (src->newest >= first)
            count = (uint64_t)src->newest - (uint64_t)first + 1;
        /* Check every sum first; dst's buckets that the merge evicts, or
           that dst never had, count as zero. */
        for (k = 0; k < count; k++) {
            uint64_t have = 0;
            j = first + (int64_t)k;
            /* j >= keep, so j <= dst->newest puts it in dst's window. */
            if (dst->has_newest && j <= dst->newest)
                have = dst->totals[slot_of(dst, j)];
            if (src->totals[slot_of(src, j)] > UINT64_MAX - have)
                return NPS_E_OVERFLOW;
        }
        if (!dst->has_newest || newest > dst->newest)
            move_to(dst, newest);
        /* With dst == src nothing moved and each slot adds to itself. */
        for (k = 0; k < count; k++) {
            uint32_t ss, sd;
            j = first + (int64_t)k;
            ss = slot_of(src, j);
            sd = slot_of(dst, j);
            if (src->totals[ss] == 0)
                continue;
            /* Checked above: the row cannot refuse. */
            (void)nps__row_add(dst->counts + (size_t)sd * dst->npoints,
                               &dst->totals[sd],
                               src->counts + (size_t)ss * src->npoints,
                               src->totals[ss], dst->npoints);
        }
        dst->hot = hot;
    }
    dst->dropped = sat_add(dst->dropped, src->dropped);
    if (src->has_clock && (!dst->has_clock || src->clock > dst->clock)) {
        dst->clock = src->clock;
        dst->has_clock = 1;
    }
    return NPS_OK;
}

/* ---- period over period ------------------------------------------------- */

nps_status nps_timeline_compare_periods(const nps_timeline *tl, uint32_t k,
                                        nps_method method, double level,
                                        double *diff, double *lo, double *hi,
                                        double *p_value)
{
    /* The comparison needs no allocation. */
    nps__acc_storage rb, pb;
    nps_acc *recent, *previous;
    nps_status st;
    if (!tl || k == 0 || (uint64_t)k * 2 > tl->nbuckets)
        return NPS_E_INVALID;
    recent = nps__acc_init(&rb, &tl->scale, &tl->alloc);
    previous = nps__acc_init(&pb, &tl->scale, &tl->alloc);
    if (tl->has_newest) {
        /* Newest k buckets, then the k before them; buckets below INT64_MIN
           are empty and skipped. */
        int64_t r0, p0 = INT64_MIN;
        uint64_t rn = window_ending(tl->newest, k, &r0), pn = 0;
        if (r0 != INT64_MIN)
            pn = window_ending(r0 - 1, k, &p0);
        st = fill(tl, r0, rn, recent);
        if (st == NPS_OK)
            st = fill(tl, p0, pn, previous);
        if (st != NPS_OK)
            return st;
    }
    return nps_compare(recent, previous, method, level, diff, lo, hi,
                       p_value);
}
