/*
 * Small open-addressing hash maps from a period index or a segment name to
 * an accumulator.
 * SPDX-License-Identifier: MIT
 */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static nps_acc *new_acc(const nps_scale *scale)
{
    nps_acc *a = NULL;
    if (nps_acc_new(&a, scale) != NPS_OK) {
        cli_error("out of memory");
        exit(CLI_EXIT_INTERNAL);
    }
    return a;
}

static nps_wacc *new_wacc(int weighted, const nps_scale *scale)
{
    nps_wacc *w = NULL;
    if (weighted && nps_wacc_new(&w, scale) != NPS_OK) {
        cli_error("out of memory");
        exit(CLI_EXIT_INTERNAL);
    }
    return w;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

/* A zeroed slot table (index + 1 into the entries; 0 = free). */
static size_t *new_slots(size_t nslots)
{
    size_t *slot = calloc(nslots, sizeof *slot);
    if (!slot) {
        cli_error("out of memory");
        exit(CLI_EXIT_INTERNAL);
    }
    return slot;
}

/* Double the slot table and re-insert entries 0..n-1 by their hash. */
static void grow_slots(size_t **slot, size_t *nslots, size_t n,
                       uint64_t (*hash_of)(const void *map, size_t i),
                       const void *map)
{
    size_t i;
    free(*slot);
    *nslots *= 2;
    *slot = new_slots(*nslots);
    for (i = 0; i < n; i++) {
        size_t h = (size_t)hash_of(map, i) & (*nslots - 1);
        while ((*slot)[h])
            h = (h + 1) & (*nslots - 1);
        (*slot)[h] = i + 1;
    }
}

void period_map_init(period_map *m, const nps_scale *scale, size_t limit)
{
    memset(m, 0, sizeof *m);
    m->scale = scale;
    m->limit = limit;
    m->nslots = 64;
    m->slot = new_slots(m->nslots);
    m->last = (size_t)-1;
}

void period_map_free(period_map *m)
{
    size_t i;
    for (i = 0; i < m->n; i++) {
        nps_acc_free(m->e[i].acc);
        nps_wacc_free(m->e[i].w);
    }
    free(m->e);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

static uint64_t period_hash_of(const void *map, size_t i)
{
    return mix64((uint64_t)((const period_map *)map)->e[i].key);
}

nps_acc *period_map_get(period_map *m, int64_t key, nps_wacc **w)
{
    size_t h;
    if (m->last != (size_t)-1 && m->e[m->last].key == key) {
        if (w)
            *w = m->e[m->last].w;
        return m->e[m->last].acc;
    }
    h = (size_t)mix64((uint64_t)key) & (m->nslots - 1);
    while (m->slot[h]) {
        size_t i = m->slot[h] - 1;
        if (m->e[i].key == key) {
            m->last = i;
            if (w)
                *w = m->e[i].w;
            return m->e[i].acc;
        }
        h = (h + 1) & (m->nslots - 1);
    }
    if (m->n >= m->limit)
        return NULL;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->e = cli_xrealloc(m->e, m->cap * sizeof *m->e);
    }
    m->e[m->n].key = key;
    m->e[m->n].acc = new_acc(m->scale);
    m->e[m->n].w = new_wacc(m->weighted, m->scale);
    m->slot[h] = m->n + 1;
    m->last = m->n;
    m->n++;
    if (m->n * 2 > m->nslots)
        grow_slots(&m->slot, &m->nslots, m->n, period_hash_of, m);
    if (w)
        *w = m->e[m->last].w;
    return m->e[m->last].acc;
}

static int cmp_period(const void *a, const void *b)
{
    const period_entry *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

void period_map_sort(period_map *m)
{
    if (m->n > 1)
        qsort(m->e, m->n, sizeof *m->e, cmp_period);
    memset(m->slot, 0, m->nslots * sizeof *m->slot);
    m->last = (size_t)-1;
}

void segment_map_init(segment_map *m, const nps_scale *scale, size_t limit)
{
    memset(m, 0, sizeof *m);
    m->scale = scale;
    m->limit = limit;
    m->nslots = 64;
    m->slot = new_slots(m->nslots);
}

void segment_map_free(segment_map *m)
{
    size_t i;
    for (i = 0; i < m->n; i++) {
        free(m->e[i].name);
        nps_acc_free(m->e[i].acc);
        nps_wacc_free(m->e[i].w);
    }
    nps_acc_free(m->other);
    nps_wacc_free(m->other_w);
    free(m->e);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

static uint64_t hash_str(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

static uint64_t segment_hash_of(const void *map, size_t i)
{
    const char *nm = ((const segment_map *)map)->e[i].name;
    return hash_str(nm, strlen(nm));
}

nps_acc *segment_map_get(segment_map *m, const char *name, size_t len,
                         nps_wacc **w)
{
    size_t h = (size_t)hash_str(name, len) & (m->nslots - 1);
    while (m->slot[h]) {
        segment_entry *e = &m->e[m->slot[h] - 1];
        if (strncmp(e->name, name, len) == 0 && e->name[len] == '\0') {
            if (w)
                *w = e->w;
            return e->acc;
        }
        h = (h + 1) & (m->nslots - 1);
    }
    if (m->n >= m->limit) {
        if (!m->other) {
            m->other = new_acc(m->scale);
            m->other_w = new_wacc(m->weighted, m->scale);
        }
        if (w)
            *w = m->other_w;
        return m->other;
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->e = cli_xrealloc(m->e, m->cap * sizeof *m->e);
    }
    m->e[m->n].name = cli_xstrndup(name, len);
    m->e[m->n].acc = new_acc(m->scale);
    m->e[m->n].w = new_wacc(m->weighted, m->scale);
    m->slot[h] = m->n + 1;
    m->n++;
    if (m->n * 2 > m->nslots)
        grow_slots(&m->slot, &m->nslots, m->n, segment_hash_of, m);
    if (w)
        *w = m->e[m->n - 1].w;
    return m->e[m->n - 1].acc;
}
