/* No malloc: a kiosk or payment terminal gives libnps a fixed static arena
   through a per-object allocator, checks at start-up that the arena holds
   what it needs, and survives running out of it.

   Hand-worked expected output: the morning shift answers 10 9 7 3 10 2
   (3 promoters, 1 passive, 2 detractors: NPS 100 * 1/6 = 16.7), one key
   press of "11" is refused, the afternoon answers 9 10 8 9 10 9
   (5 promoters, 1 passive: NPS 100 * 5/6 = 83.3); the day holds
   8 promoters, 2 passives, 2 detractors: n = 12, NPS 100 * 6/12 = 50.0.
   SPDX-License-Identifier: MIT */
#include <nps.h>

#include <stdio.h>
#include <string.h>

/* Blocks are handed out in multiples of ALIGN bytes, each starting on an
   ALIGN boundary: enough for any object type on common 64-bit targets
   (max_align_t is 16 bytes on x86-64 and AArch64). */
#define ALIGN 16u
#define ARENA_SIZE 1024u
/* The kiosk keeps today's total and the current shift, and clones today's
   total for a report. */
#define ACCS_NEEDED 3u

/* A bump allocator with a free list of released blocks, reused when the
   size matches (this program only ever asks for one size of block). */
struct free_block {
    struct free_block *next;
    size_t size;
};

struct arena {
    unsigned char *base; /* ALIGN-aligned start inside storage */
    size_t cap, top, used;
    struct free_block *free_list;
};

static unsigned char storage[ARENA_SIZE + ALIGN];

static size_t round_up(size_t n)
{
    return (n + ALIGN - 1) / ALIGN * ALIGN;
}

static void arena_init(struct arena *a)
{
    uintptr_t p = (uintptr_t)storage;
    a->base = storage + (round_up(p) - p);
    a->cap = ARENA_SIZE;
    a->top = a->used = 0;
    a->free_list = NULL;
}

static void *arena_alloc(void *ctx, size_t size)
{
    struct arena *a = (struct arena *)ctx;
    struct free_block **link;
    size_t need = round_up(size ? size : 1);
    void *p;

    for (link = &a->free_list; *link; link = &(*link)->next)
        if ((*link)->size == need) {
            p = *link;
            *link = (*link)->next;
            a->used += need;
            return p;
        }
    if (need > a->cap - a->top)
        return NULL; /* libnps turns this into NPS_E_NOMEM */
    p = a->base + a->top;
    a->top += need;
    a->used += need;
    return p;
}

static void arena_free(void *ctx, void *ptr, size_t size)
{
    struct arena *a = (struct arena *)ctx;
    size_t need = round_up(size ? size : 1);

    a->used -= need;
    if ((unsigned char *)ptr + need == a->base + a->top) {
        a->top -= need; /* the newest block: give it back to the bump area */
    } else {
        struct free_block *b = (struct free_block *)ptr;
        b->size = need;
        b->next = a->free_list;
        a->free_list = b;
    }
    if (a->used == 0) { /* everything released: start afresh */
        a->top = 0;
        a->free_list = NULL;
    }
}

static int fail(const char *what, nps_status st)
{
    fprintf(stderr, "embedded: %s: %s\n", what, nps_strerror(st));
    return 1;
}

/* One key press: a bad key is refused and the shift is left as it was. */
static int press(nps_acc *shift, int key)
{
    nps_status st = nps_acc_add(shift, key);
    if (st == NPS_E_RANGE) {
        printf("key %d refused: %s\n", key, nps_strerror(st));
        return 0;
    }
    return st == NPS_OK ? 0 : fail("nps_acc_add", st);
}

static int end_shift(const char *name, nps_acc *shift, nps_acc *today)
{
    nps_status st = nps_acc_merge(today, shift);
    if (st != NPS_OK)
        return fail("nps_acc_merge", st);
    printf("%s: n = %llu, NPS %.1f\n", name,
           (unsigned long long)nps_acc_total(shift), nps_acc_score(shift));
    nps_acc_reset(shift);
    return 0;
}

/* Fill the arena with clones, then show that one more clone fails cleanly:
   NPS_E_NOMEM, no object returned, today's state and the arena untouched. */
static int show_exhaustion(struct arena *a, nps_acc *today)
{
    static nps_acc *spare[ARENA_SIZE / ALIGN];
    static unsigned char before[256], after[256];
    size_t nspare = 0, used, len_before, len_after, i;
    nps_acc *extra = NULL;
    nps_status st;
    int rc = 0;

    while (nspare < sizeof spare / sizeof spare[0] &&
           (st = nps_acc_clone(&spare[nspare], today)) == NPS_OK)
        nspare++;
    if (st != NPS_E_NOMEM) {
        rc = fail("filling the arena", st);
        goto out;
    }
    used = a->used;
    if ((st = nps_acc_serialize(today, before, sizeof before, &len_before)) !=
        NPS_OK) {
        rc = fail("nps_acc_serialize", st);
        goto out;
    }
    st = nps_acc_clone(&extra, today);
    if (nps_acc_serialize(today, after, sizeof after, &len_after) != NPS_OK ||
        st != NPS_E_NOMEM || extra != NULL || a->used != used ||
        len_after != len_before || memcmp(before, after, len_before) != 0) {
        rc = fail("clone with the arena full did not fail cleanly", st);
        nps_acc_free(extra);
        goto out;
    }
    printf("arena full after %zu more clones (%zu of %u bytes)\n", nspare,
           a->used, ARENA_SIZE);
    printf("clone with the arena full: %s; nothing changed\n",
           nps_strerror(st));
out:
    for (i = 0; i < nspare; i++)
        nps_acc_free(spare[i]);
    return rc;
}

int main(void)
{
    static const int morning[] = {10, 9, 7, 3, 10, 2};
    static const int afternoon[] = {9, 10, 11, 8, 9, 10, 9};
    struct arena arena;
    nps_allocator alloc;
    nps_acc *today = NULL, *shift = NULL, *report = NULL;
    nps_status st;
    size_t i, each;
    int rc = 1;

    arena_init(&arena);
    alloc.alloc = arena_alloc;
    alloc.free = arena_free;
    alloc.ctx = &arena;

    if ((st = nps_acc_new_with_allocator(&today, NULL, &alloc)) != NPS_OK ||
        (st = nps_acc_new_with_allocator(&shift, NULL, &alloc)) != NPS_OK) {
        rc = fail("nps_acc_new_with_allocator", st);
        goto out;
    }
    /* The start-up check a device would make before taking answers. */
    each = round_up(nps_acc_footprint(today));
    printf("accumulator footprint %zu bytes (%zu in the arena); "
           "%u needed: %zu of %u bytes\n",
           nps_acc_footprint(today), each, ACCS_NEEDED, ACCS_NEEDED * each,
           ARENA_SIZE);
    if (ACCS_NEEDED * each > ARENA_SIZE || arena.used != 2 * each ||
        ((uintptr_t)today | (uintptr_t)shift) % ALIGN != 0) {
        fprintf(stderr, "embedded: the arena is too small for this build\n");
        goto out;
    }

    for (i = 0; i < sizeof morning / sizeof morning[0]; i++)
        if (press(shift, morning[i]) != 0)
            goto out;
    if (end_shift("morning", shift, today) != 0)
        goto out;
    for (i = 0; i < sizeof afternoon / sizeof afternoon[0]; i++)
        if (press(shift, afternoon[i]) != 0)
            goto out;
    if (end_shift("afternoon", shift, today) != 0)
        goto out;

    /* The report works on a snapshot so that answers can keep arriving. */
    if ((st = nps_acc_clone(&report, today)) != NPS_OK) {
        rc = fail("nps_acc_clone", st);
        goto out;
    }
    printf("today: n = %llu, NPS %.1f\n",
           (unsigned long long)nps_acc_total(report), nps_acc_score(report));
    nps_acc_free(report);
    report = NULL;

    if (show_exhaustion(&arena, today) != 0)
        goto out;
    rc = 0;
out:
    nps_acc_free(report);
    nps_acc_free(shift);
    nps_acc_free(today);
    printf("all objects freed: arena back to %zu bytes\n", arena.used);
    return arena.used == 0 ? rc : 1;
}
