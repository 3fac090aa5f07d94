/*
 * libnps private header: object layouts and helpers shared by src/ files.
 * Nothing outside src/ may include this file.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_INTERNAL_H
#define NPS_INTERNAL_H

#include "nps.h"
#include "calendar.h"

#include <stddef.h>
#include <stdint.h>

/* Number of points of a scale; the scale must be valid. */
#define NPS_POINTS(s) ((uint32_t)((s)->max - (s)->min + 1))

/* The standard scale, used wherever a caller passes NULL. */
extern const nps_scale nps__standard_scale;

/* Resolve NULL to the standard scale. */
const nps_scale *nps__scale_or_standard(const nps_scale *scale);

/* 1 if both scales have the same four fields. */
int nps__scale_same(const nps_scale *a, const nps_scale *b);

/* Allocator plumbing: NULL selects malloc/free. Returns NPS_E_INVALID for an
   allocator with a NULL function. */
nps_status nps__allocator_init(nps_allocator *dst, const nps_allocator *src);
void *nps__alloc(const nps_allocator *a, size_t size);
void nps__free(const nps_allocator *a, void *ptr, size_t size);

/*
 * Counter rows: npoints counts and their total, the state of an
 * accumulator and of every timeline bucket. The total is the sum of the
 * counts and never exceeds UINT64_MAX, so checking the total bounds every
 * count. These are the only places that add to or subtract from a row;
 * each checks first and writes second (all or nothing). Inline: they are
 * the ingest hot path of both objects.
 */

/* Add n answers at point p. */
static inline nps_status nps__row_add_n(uint64_t *counts, uint64_t *total,
                                        uint32_t p, uint64_t n)
{
    if (n > UINT64_MAX - *total)
        return NPS_E_OVERFLOW;
    counts[p] += n;
    *total += n;
    return NPS_OK;
}

/* Add a row (or a histogram) whose counts sum to add_total. add may be
   counts itself (each count is read before it is written). */
static inline nps_status nps__row_add(uint64_t *counts, uint64_t *total,
                                      const uint64_t *add, uint64_t add_total,
                                      uint32_t npoints)
{
    uint32_t p;
    if (add_total > UINT64_MAX - *total)
        return NPS_E_OVERFLOW;
    for (p = 0; p < npoints; p++)
        counts[p] += add[p];
    *total += add_total;
    return NPS_OK;
}

/* Subtract a row whose counts sum to sub_total; NPS_E_OVERFLOW when any
   count would go below zero. sub may be counts itself (empties it). */
static inline nps_status nps__row_sub(uint64_t *counts, uint64_t *total,
                                      const uint64_t *sub, uint64_t sub_total,
                                      uint32_t npoints)
{
    uint32_t p;
    for (p = 0; p < npoints; p++)
        if (sub[p] > counts[p])
            return NPS_E_OVERFLOW;
    for (p = 0; p < npoints; p++)
        counts[p] -= sub[p];
    *total -= sub_total;
    return NPS_OK;
}

/*
 * Accumulator. counts[i] holds answers equal to scale.min + i; total is the
 * sum of counts and never overflows (every mutation checks it first).
 * Allocated as one block of nps__acc_size(npoints) bytes.
 */
struct nps_acc {
    nps_scale scale;
    nps_allocator alloc;
    uint64_t total;
    uint32_t npoints;
    uint64_t counts[]; /* npoints of them; see nps__acc_size */
};

size_t nps__acc_size(uint32_t npoints);

/* Room for an accumulator of any scale without allocation (a query that
   fills accumulators of its own, e.g. period over period). */
typedef union nps__acc_storage {
    struct nps_acc acc;
    uint64_t raw[(sizeof(struct nps_acc) + sizeof(uint64_t) - 1) /
                     sizeof(uint64_t) +
                 NPS_SCALE_LIMIT + 1];
} nps__acc_storage;

/* An empty accumulator in storage b for an already validated scale; it
   must not be passed to nps_acc_free(). */
nps_acc *nps__acc_init(nps__acc_storage *b, const nps_scale *scale,
                       const nps_allocator *alloc);

/* Allocate an empty accumulator for an already validated scale. */
nps_status nps__acc_create(nps_acc **out, const nps_scale *scale,
                           const nps_allocator *alloc);

/* Sum of three per-category counts for a count vector on a scale. */
void nps__category_sums(const nps_scale *s, const uint64_t *counts,
                        uint64_t out[3]);

/*
 * Replace acc's counts by the npoints values in counts (same scale as acc).
 * The caller has checked that their sum fits in uint64_t and passes it.
 */
void nps__acc_set_counts(nps_acc *acc, const uint64_t *counts, uint64_t total);

/*
 * Batch-counting kernel: for each byte of s[0..n), check lo <= s[i] <= hi
 * and count it into hist[s[i] - lo]. hist has hi - lo + 1 entries and is
 * ADDED to (the caller zeroes it). On the first byte off [lo, hi], returns 0
 * and stores its index in *bad (hist contents are then unspecified);
 * otherwise returns 1. Implemented by the scalar reference and the SIMD
 * kernels; nps__count_scores dispatches to the best one for this CPU.
 */
typedef int (*nps__count_fn)(const uint8_t *s, size_t n, uint8_t lo,
                             uint8_t hi, uint64_t *hist, size_t *bad);
int nps__count_scores(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad);
int nps__count_scalar(const uint8_t *s, size_t n, uint8_t lo, uint8_t hi,
                      uint64_t *hist, size_t *bad);

/*
 * Timeline. Buckets are numbered by absolute index (nps__geom_index()); bucket
 * i lives in ring slot floor_mod(i, nbuckets), its npoints counts at
 * counts + slot * npoints, its total at totals[slot]. Retained buckets are
 * (newest - nbuckets, newest]; slots of non-retained buckets are all zero.
 */
struct nps_timeline {
    nps_scale scale;
    nps_allocator alloc;
    nps__geom geo;         /* unit, width, offset (src/calendar.h) */
    uint32_t nbuckets;     /* ring size */
    uint32_t npoints;      /* scale points */
    int has_newest;        /* 0 until the first event or advance */
    int64_t newest;        /* absolute index of the newest bucket */
    uint64_t dropped;      /* events refused as too old */
    int64_t horizon;       /* 0: guard off; else max seconds ahead of clock */
    int has_clock;         /* 0 until nps_timeline_advance() */
    int64_t clock;         /* last now given to nps_timeline_advance() */
    uint64_t hot;          /* >= every bucket total (0 when all empty) */
    uint64_t *counts;      /* nbuckets * npoints */
    uint64_t *totals;      /* nbuckets */
};

/*
 * Weighted accumulator (src/wacc.c). Per category c (nps_category order):
 * count[c] answers, w[c] the sum of their weights and w2[c] the sum of the
 * squared weights. Each sum is a normalized double-double (hi, lo):
 * hi == fl(hi + lo), so hi alone is the sum rounded to double and lo keeps
 * the rounding error of the compensated (Neumaier) summation. A category
 * with no answer has both sums exactly (+0, +0). total is the sum of the
 * counts and never overflows.
 */
struct nps__dd {
    double hi, lo;
};

struct nps_wacc {
    nps_scale scale;
    nps_allocator alloc;
    uint64_t total;
    uint64_t count[3];
    struct nps__dd w[3], w2[3];
};

/* Allocate an empty weighted accumulator for a validated scale. */
nps_status nps__wacc_create(nps_wacc **out, const nps_scale *scale,
                            const nps_allocator *alloc);

/* 1 if (hi, lo) is a canonical pair a weighted accumulator may hold for a
   category with count answers (docs/format.md, kind W). */
int nps__wacc_pair_ok(double hi, double lo, uint64_t count, int squared);

/* Pseudo-count statistics of src/stats.c, in points (see stats.c). */
void nps__pseudo_estimate(double cd, double cpas, double cp, int adjusted,
                          double *est, double *var_of_est);
void nps__pseudo_score_interval(double cd, double cpas, double cp,
                                double level, double *lo, double *hi);
double nps__pseudo_score_p(double cd, double cpas, double cp, double benchmark);
double nps__z_of_level(double level);
double nps__wald_p(double est, double h0, double se);
/* Create an empty timeline of a validated geometry (the decoder); checks
   the ring length, scale and allocator like the public constructors. */
nps_status nps__timeline_create(nps_timeline **out, const nps__geom *g,
                                uint32_t buckets, const nps_scale *scale,
                                const nps_allocator *allocator);

/*
 * Restore the state of a new, empty timeline (decoder): newest (when
 * has_newest), clock (when has_clock), guard and drop counter. The caller
 * has validated every value against the geometry. Describes the newest
 * bucket in the ingest cache, as every change of newest does.
 */
void nps__timeline_restore(nps_timeline *tl, int has_newest, int64_t newest,
                           int has_clock, int64_t clock, int64_t horizon,
                           uint64_t dropped);

/* Set the counts of retained absolute bucket i (after a restore) to
   counts[0..npoints), whose sum is total. */
void nps__timeline_set_bucket(nps_timeline *tl, int64_t i,
                              const uint64_t *counts, uint64_t total);

/* The counts of retained absolute bucket i and their sum (*total). */
const uint64_t *nps__timeline_bucket_row(const nps_timeline *tl, int64_t i,
                                         uint64_t *total);

/* 1 when the ingest cache describes the newest bucket (tests check that
   every operation that sets newest leaves the fast path ready). */
int nps__timeline_cache_fresh(const nps_timeline *tl);

#endif /* NPS_INTERNAL_H */
