/*
 * Per-period and per-segment accumulators. Memory grows with the number of
 * distinct periods and segments (both capped), never with rows.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_TABLES_H
#define NPS_CLI_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "nps.h"

typedef struct period_entry {
    int64_t key;
    nps_acc *acc;
    nps_wacc *w;       /* weighted maps only */
} period_entry;

typedef struct period_map {
    period_entry *e;   /* dense array, insertion order */
    size_t n, cap, limit;
    size_t *slot;      /* open addressing: index+1 into e, 0 = free */
    size_t nslots;
    const nps_scale *scale;
    size_t last;       /* cache: input is usually in time order */
    int weighted;      /* entries also get a weighted accumulator */
} period_map;

void period_map_init(period_map *m, const nps_scale *scale, size_t limit);
void period_map_free(period_map *m);
/* The accumulator for @p key, created on first use; NULL once @p limit
   distinct keys exist. In a weighted map, *w receives its weighted
   accumulator (w may be NULL). */
nps_acc *period_map_get(period_map *m, int64_t key, nps_wacc **w);
void period_map_sort(period_map *m); /* by key; invalidates the hash */

typedef struct segment_entry {
    char *name;
    nps_acc *acc;
    nps_wacc *w;
} segment_entry;

typedef struct segment_map {
    segment_entry *e;
    size_t n, cap, limit;
    size_t *slot;
    size_t nslots;
    const nps_scale *scale;
    nps_acc *other;         /* segments beyond the limit, pooled */
    nps_wacc *other_w;
    int weighted;
} segment_map;

void segment_map_init(segment_map *m, const nps_scale *scale, size_t limit);
void segment_map_free(segment_map *m);
/* The accumulator for @p name; past the limit, the shared "(other)" one. */
nps_acc *segment_map_get(segment_map *m, const char *name, size_t len,
                         nps_wacc **w);

#endif
