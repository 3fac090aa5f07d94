/*
 * libnps private header: the one place for calendar and bucket-geometry
 * arithmetic (floor division, civil dates, bucket index <-> start, the
 * limits of a geometry). Used by the timeline and the codec; nothing
 * outside src/ may include it (tests may, as they reach the kernels).
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CALENDAR_H
#define NPS_CALENDAR_H

#include "nps.h"

#include <stdint.h>

/* Limits of a timeline's geometry, shared by the constructors and the
   decoder so that malformed bytes are refused before any allocation. */
#define NPS__MAX_BUCKETS (UINT32_C(1) << 24)
#define NPS__MAX_MONTHS 1200
#define NPS__MAX_OFFSET 86400
#define NPS__DAY INT64_C(86400)

/* floor(a / b) and a - b * floor(a / b) (in [0, b)), for b > 0. */
int64_t nps__floor_div(int64_t a, int64_t b);
int64_t nps__floor_mod(int64_t a, int64_t b);

/* *out = a * b, *out = a + b; 0 (and *out untouched) when it does not
   fit in int64_t. */
int nps__mul_ok(int64_t a, int64_t b, int64_t *out);
int nps__add_ok(int64_t a, int64_t b, int64_t *out);

/* Proleptic Gregorian calendar, days since 1970-01-01 (H. Hinnant's
   algorithms). days_from_civil needs |y| far below 2^62 / 366; the
   geometry below keeps it within a few times 2^38. */
int64_t nps__days_from_civil(int64_t y, int64_t m, int64_t d);
void nps__civil_from_days(int64_t z, int64_t *y, int64_t *m);

/*
 * A bucket geometry. For NPS_UNIT_SECOND, bucket i covers the times t
 * with floor((t + offset) / width) == i + floor(offset / width): the index
 * is floor((t + rem) / width) with rem = floor_mod(offset, width), which
 * has the same boundaries, maps every int64 time to an int64 index and
 * never forms t + offset. For NPS_UNIT_MONTH, the index counts months
 * since 1970-01 of the UTC date of t + offset, divided by width.
 */
typedef struct nps__geom {
    nps_unit unit;
    int64_t width;  /* seconds (>= 1) or months (1..NPS__MAX_MONTHS) */
    int64_t offset; /* seconds added before bucketing */
    int64_t rem;    /* floor_mod(offset, width) for seconds; 0 for months */
} nps__geom;

/* Fill g; 0 when unit, width or offset is outside the 1.0 limits
   (offset within +-NPS__MAX_OFFSET). */
int nps__geom_init(nps__geom *g, nps_unit unit, int64_t width, int64_t offset);

/* Fixed-width geometry whose buckets start at origin + k * width for every
   k (any origin, any width >= 1). The offset is -origin when that is
   within +-NPS__MAX_OFFSET (so origin -o gives exactly the geometry of a
   1.0 UTC offset o), else floor_mod(-origin, width), which may exceed the
   1.0 limit (e.g. weeks starting on Monday). 0 when width < 1. */
int nps__geom_init_origin(nps__geom *g, int64_t width, int64_t origin);

/* 1 when the geometry has a 1.0 offset (within +-NPS__MAX_OFFSET), so
   that format version 1 can express it. */
int nps__geom_is_1_0(const nps__geom *g);

/* Absolute index of the bucket holding time t (any int64). */
int64_t nps__geom_index(const nps__geom *g, int64_t t);

/* Start (UTC seconds) of absolute bucket i; 0 when not representable. */
int nps__geom_start(const nps__geom *g, int64_t i, int64_t *out);

/* The indices some int64 time maps to: [*lo, *hi]. */
void nps__geom_index_range(const nps__geom *g, int64_t *lo, int64_t *hi);

/* 1 when both geometries bucket every time alike and compare equal. */
int nps__geom_same(const nps__geom *a, const nps__geom *b);

#endif /* NPS_CALENDAR_H */
