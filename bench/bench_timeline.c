/* Timeline ingest against the plain accumulator, measured in one run.

   The same answers go into: an nps_acc one call per answer (the floor a
   timeline cannot beat, since it does that work plus finding the bucket),
   a timeline one call per answer with in-order times, the same with times
   shuffled within each bucket, and nps_timeline_add_batch over in-order
   times. Prints ns per answer and each timeline figure as a ratio to the
   plain accumulator; the target is in-order ingest at most 2x.

   Usage: bench_timeline [answers]   (default 4,000,000)
   SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nps.h"

#define REPEATS 9
#define BATCH 4096

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * UINT64_C(2685821657736338717);
}

static void die(const char *what, nps_status st)
{
    fprintf(stderr, "bench_timeline: %s: %s\n", what, nps_strerror(st));
    exit(1);
}

/* Keeps the compiler from discarding the work. */
static volatile uint64_t sink;

/* Each run_* measures one pass and returns ns per answer; main
   interleaves the passes so that a noisy neighbour affects all alike, and
   keeps the best of REPEATS for each. */
static double run_acc(const uint8_t *sc, size_t n)
{
    nps_acc *acc;
    double t0;
    size_t i;
    nps_status st = nps_acc_new(&acc, NULL);
    if (st != NPS_OK)
        die("nps_acc_new", st);
    t0 = now_ns();
    for (i = 0; i < n; i++)
        if ((st = nps_acc_add(acc, sc[i])) != NPS_OK)
            die("nps_acc_add", st);
    t0 = now_ns() - t0;
    sink += nps_acc_total(acc);
    nps_acc_free(acc);
    return t0 / (double)n;
}

static nps_timeline *daily(void)
{
    nps_timeline *tl;
    /* A quarter of daily buckets at local midnight of UTC+05:30. */
    nps_status st = nps_timeline_new_advanced(&tl, NPS_UNIT_SECOND, 86400,
                                              19800, 92, NULL, NULL);
    if (st != NPS_OK)
        die("nps_timeline_new_advanced", st);
    return tl;
}

static double run_tl(const int64_t *t, const uint8_t *sc, size_t n)
{
    nps_timeline *tl = daily();
    double t0;
    size_t i;
    nps_status st;
    t0 = now_ns();
    for (i = 0; i < n; i++)
        if ((st = nps_timeline_add(tl, t[i], sc[i])) != NPS_OK)
            die("nps_timeline_add", st);
    t0 = now_ns() - t0;
    sink += nps_timeline_dropped(tl);
    nps_timeline_free(tl);
    return t0 / (double)n;
}

static double run_batch(const int64_t *t, const uint8_t *sc, size_t n)
{
    nps_timeline *tl = daily();
    double t0;
    size_t i;
    uint64_t late = 0;
    nps_status st;
    t0 = now_ns();
    for (i = 0; i < n; i += BATCH) {
        size_t k = n - i < BATCH ? n - i : BATCH;
        st = nps_timeline_add_batch(tl, t + i, sc + i, k, NULL, &late);
        if (st != NPS_OK || late != 0)
            die("nps_timeline_add_batch", st);
    }
    t0 = now_ns() - t0;
    nps_timeline_free(tl);
    return t0 / (double)n;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 4000000u;
    int64_t *t, *ts;
    uint8_t *sc;
    size_t i;
    int r;
    double acc_ns, tl_ns, shuf_ns, batch_ns;
    if (n < 1000) {
        fprintf(stderr, "usage: bench_timeline [answers >= 1000]\n");
        return 2;
    }
    t = malloc(n * sizeof *t);
    ts = malloc(n * sizeof *ts);
    sc = malloc(n);
    if (!t || !ts || !sc) {
        fprintf(stderr, "bench_timeline: out of memory\n");
        return 1;
    }
    /* A year of answers from 2024-01-01, evenly spread and in time order;
       scores uniform on 0-10. */
    for (i = 0; i < n; i++) {
        t[i] = INT64_C(1704067200) +
               (int64_t)((double)i * (365.0 * 86400.0) / (double)n);
        sc[i] = (uint8_t)(rnd() % 11);
    }
    /* The same times shuffled within each bucket: late answers that land
       in a retained bucket other than the newest. */
    for (i = 0; i < n; i++)
        ts[i] = t[i];
    {
        nps_timeline *tl = daily();
        size_t b = 0;
        while (b < n) {
            int64_t s0, s1;
            size_t e = b, j;
            nps_status st = nps_timeline_bucket_start(tl, ts[b], &s0);
            if (st != NPS_OK)
                die("nps_timeline_bucket_start", st);
            while (e < n && nps_timeline_bucket_start(tl, ts[e], &s1) ==
                                NPS_OK &&
                   s1 == s0)
                e++;
            for (j = e - b; j > 1; j--) {
                size_t pick = (size_t)(rnd() % j);
                int64_t x = ts[b + j - 1];
                ts[b + j - 1] = ts[b + pick];
                ts[b + pick] = x;
            }
            b = e;
        }
        nps_timeline_free(tl);
    }

    acc_ns = tl_ns = shuf_ns = batch_ns = 1e300;
    for (r = 0; r < REPEATS; r++) {
        double x;
        if ((x = run_acc(sc, n)) < acc_ns)
            acc_ns = x;
        if ((x = run_tl(t, sc, n)) < tl_ns)
            tl_ns = x;
        if ((x = run_tl(ts, sc, n)) < shuf_ns)
            shuf_ns = x;
        if ((x = run_batch(t, sc, n)) < batch_ns)
            batch_ns = x;
    }

    printf("answers: %zu, daily buckets (UTC+05:30), 92 retained, best of %d\n",
           n, REPEATS);
    printf("%-38s %8.2f ns/answer  %5.2fx\n", "nps_acc_add (plain accumulator)",
           acc_ns, 1.0);
    printf("%-38s %8.2f ns/answer  %5.2fx\n", "nps_timeline_add, in order", tl_ns,
           tl_ns / acc_ns);
    printf("%-38s %8.2f ns/answer  %5.2fx\n",
           "nps_timeline_add, shuffled in bucket", shuf_ns, shuf_ns / acc_ns);
    printf("%-38s %8.2f ns/answer  %5.2fx\n", "nps_timeline_add_batch, in order",
           batch_ns, batch_ns / acc_ns);
    printf("in-order ingest / plain accumulator: %.2fx (target <= 2.00x): %s\n",
           tl_ns / acc_ns, tl_ns / acc_ns <= 2.0 ? "met" : "NOT met");
    free(t);
    free(ts);
    free(sc);
    return 0;
}
