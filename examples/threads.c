/* Parallel producers: one accumulator per thread, no locks on the hot path,
   merged once at the end.

   The data set is built so its counts are known without running anything:
   each block of 100 answers holds, for scores 0..10,
       2 1 1 2 2 4 8 | 12 18 | 25 25
   i.e. 20 detractors, 30 passives, 50 promoters (NPS 30). 80 000 blocks
   give 8 000 000 answers: 1 600 000 detractors, 2 400 000 passives,
   4 000 000 promoters, NPS exactly 30.0. The answers are then shuffled so
   that every thread sees a mix.
   95% adjusted Wald: n' = 8 000 003, pR = 4 000 000.75 / n' = 0.4999998,
   pD = 1 600 000.75 / n' = 0.2000000, estimate 29.99999; variance
   0.7 - 0.09 = 0.61; SE = sqrt(0.61 / n') = 0.00027614 = 0.027614 points;
   margin 1.959964 * 0.027614 = 0.0541: CI 29.9 to 30.1.
   SPDX-License-Identifier: MIT */
#include <nps.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define BLOCKS 80000u
#define PER_BLOCK 100u
#define NANSWERS ((size_t)BLOCKS * PER_BLOCK)
/* Feed each thread's accumulator in slices, as a reader of a stream would. */
#define SLICE ((size_t)1 << 16)

static const unsigned pattern[11] = {2, 1, 1, 2, 2, 4, 8, 12, 18, 25, 25};

struct worker {
    pthread_t thread;
    const uint8_t *scores;
    size_t n;
    nps_acc *acc; /* owned by this thread until it is joined */
    nps_status status;
};

static void *count_chunk(void *arg)
{
    struct worker *w = (struct worker *)arg;
    size_t done = 0;

    w->status = NPS_OK;
    while (done < w->n && w->status == NPS_OK) {
        size_t k = w->n - done < SLICE ? w->n - done : SLICE;
        w->status = nps_acc_add_scores(w->acc, w->scores + done, k, NULL);
        done += k;
    }
    return NULL;
}

/* splitmix64: a fixed seed makes every run identical. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint8_t *make_answers(void)
{
    uint8_t *a = (uint8_t *)malloc(NANSWERS);
    uint64_t rng = 2016;
    size_t i = 0, b;
    unsigned s, k;

    if (!a)
        return NULL;
    for (b = 0; b < BLOCKS; b++)
        for (s = 0; s <= 10; s++)
            for (k = 0; k < pattern[s]; k++)
                a[i++] = (uint8_t)s;
    for (i = NANSWERS - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = (size_t)(next_random(&rng) % (i + 1));
        uint8_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
    return a;
}

static int fail(const char *what, nps_status st)
{
    fprintf(stderr, "threads: %s: %s\n", what, nps_strerror(st));
    return 1;
}

int main(void)
{
    struct worker w[NTHREADS];
    uint8_t *answers = make_answers();
    nps_acc *merged = NULL, *single = NULL;
    uint64_t plain[11] = {0};
    size_t i, start = 0;
    nps_status st;
    double lo, hi;
    int t, started = 0, rc = 1, same;

    if (!answers)
        return fail("answers", NPS_E_NOMEM);
    for (t = 0; t < NTHREADS; t++)
        w[t].acc = NULL;
    if ((st = nps_acc_new(&merged, NULL)) != NPS_OK ||
        (st = nps_acc_new(&single, NULL)) != NPS_OK) {
        rc = fail("nps_acc_new", st);
        goto out;
    }
    for (t = 0; t < NTHREADS; t++)
        if ((st = nps_acc_new(&w[t].acc, NULL)) != NPS_OK) {
            rc = fail("nps_acc_new", st);
            goto out;
        }

    /* Chunks differ by at most one answer; the last takes the remainder. */
    for (t = 0; t < NTHREADS; t++) {
        size_t n = NANSWERS / NTHREADS + ((size_t)t < NANSWERS % NTHREADS);
        w[t].scores = answers + start;
        w[t].n = n;
        start += n;
        if (pthread_create(&w[t].thread, NULL, count_chunk, &w[t]) != 0) {
            fprintf(stderr, "threads: pthread_create failed\n");
            break;
        }
        started++;
    }
    for (t = 0; t < started; t++)
        pthread_join(w[t].thread, NULL);
    if (started < NTHREADS)
        goto out;

    /* Merging is a handful of additions per thread: no lock was needed. */
    for (t = 0; t < NTHREADS; t++) {
        if (w[t].status != NPS_OK) {
            rc = fail("worker", w[t].status);
            goto out;
        }
        if ((st = nps_acc_merge(merged, w[t].acc)) != NPS_OK) {
            rc = fail("nps_acc_merge", st);
            goto out;
        }
    }

    /* Two references: the library on one thread, and a plain loop. */
    if ((st = nps_acc_add_scores(single, answers, NANSWERS, NULL)) != NPS_OK) {
        rc = fail("nps_acc_add_scores", st);
        goto out;
    }
    for (i = 0; i < NANSWERS; i++)
        plain[answers[i]]++;
    same = nps_acc_equal(merged, single);
    for (i = 0; i <= 10; i++)
        if (nps_acc_count(merged, (int)i) != plain[i] ||
            plain[i] != (uint64_t)pattern[i] * BLOCKS)
            same = 0;

    if ((st = nps_acc_interval(merged, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo,
                               &hi)) != NPS_OK) {
        rc = fail("nps_acc_interval", st);
        goto out;
    }
    printf("%d threads, %zu answers each\n", NTHREADS, w[0].n);
    printf("answers %llu: %llu detractors, %llu passives, %llu promoters\n",
           (unsigned long long)nps_acc_total(merged),
           (unsigned long long)nps_acc_category_count(merged, NPS_DETRACTOR),
           (unsigned long long)nps_acc_category_count(merged, NPS_PASSIVE),
           (unsigned long long)nps_acc_category_count(merged, NPS_PROMOTER));
    printf("NPS %.1f (95%% CI %.1f to %.1f)\n", nps_acc_score(merged), lo, hi);
    printf("merged == single-threaded: %s\n", same ? "yes" : "NO");
    rc = same ? 0 : 1;

out:
    for (t = 0; t < NTHREADS; t++)
        nps_acc_free(w[t].acc);
    nps_acc_free(single);
    nps_acc_free(merged);
    free(answers);
    return rc;
}
