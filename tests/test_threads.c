/* The threading contract: one writer per object, any number of concurrent
   readers of a const object. Run under ThreadSanitizer by
   scripts/test.d/46-tsan.sh; under a plain build it still checks results. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "nps.h"

#define NTHREADS 4
#define ROUNDS 2000

/* ---- parallel producers, one accumulator each, merged ------------------ */

struct producer {
    nps_acc *acc;
    int id;
    nps_status st;
};

static void *produce(void *arg)
{
    struct producer *p = (struct producer *)arg;
    uint8_t batch[11 * 8];
    int r, i;
    /* Each batch holds every score 0..10 eight times. */
    for (i = 0; i < (int)sizeof batch; i++)
        batch[i] = (uint8_t)(i % 11);
    p->st = NPS_OK;
    for (r = 0; r < ROUNDS && p->st == NPS_OK; r++) {
        p->st = nps_acc_add_scores(p->acc, batch, sizeof batch, NULL);
        if (p->st == NPS_OK)
            p->st = nps_acc_add(p->acc, 10);
    }
    return NULL;
}

static void test_threads__per_thread_accumulators_merge_to_the_exact_total(void **state)
{
    pthread_t th[NTHREADS];
    struct producer p[NTHREADS];
    nps_acc *sum = NULL;
    int i, v;
    (void)state;
    for (i = 0; i < NTHREADS; i++) {
        p[i].id = i;
        assert_int_equal(nps_acc_new(&p[i].acc, NULL), NPS_OK);
        assert_int_equal(pthread_create(&th[i], NULL, produce, &p[i]), 0);
    }
    assert_int_equal(nps_acc_new(&sum, NULL), NPS_OK);
    for (i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(p[i].st, NPS_OK);
        assert_int_equal(nps_acc_merge(sum, p[i].acc), NPS_OK);
        nps_acc_free(p[i].acc);
    }
    /* Each thread: ROUNDS batches of eight of every score, plus one extra
       10 per round. */
    for (v = 0; v <= 9; v++)
        assert_int_equal(nps_acc_count(sum, v), (uint64_t)NTHREADS * ROUNDS * 8);
    assert_int_equal(nps_acc_count(sum, 10), (uint64_t)NTHREADS * ROUNDS * 9);
    assert_int_equal(nps_acc_total(sum), (uint64_t)NTHREADS * ROUNDS * (88 + 1));
    nps_acc_free(sum);
}

/* ---- concurrent readers of const objects ------------------------------- */

struct shared {
    const nps_acc *acc;
    const nps_timeline *tl;
    /* Results computed before the threads start. */
    double score, variance, lo, hi, p_value;
    uint8_t acc_bytes[64];
    size_t acc_len;
    uint8_t *tl_bytes;
    size_t tl_len;
    double slope;
    nps_status trend_st;
};

struct reader {
    const struct shared *sh;
    int failures;
};

static void *read_all(void *arg)
{
    struct reader *rd = (struct reader *)arg;
    const struct shared *sh = rd->sh;
    int r;
    nps_scale scale;
    rd->failures = 0;
    if (nps_acc_scale(sh->acc, &scale) != NPS_OK) {
        rd->failures = 1;
        return NULL;
    }
    for (r = 0; r < 200; r++) {
        double v = 0, lo = 0, hi = 0, pv = 0, slope = 0;
        uint8_t buf[64];
        size_t len = 0;
        nps_acc *copy = NULL, *win = NULL;
        nps_timeline *tcopy = NULL;
        uint8_t *tbuf;
        if (nps_acc_score(sh->acc) != sh->score)
            rd->failures++;
        if (nps_acc_variance(sh->acc, &v) != NPS_OK || v != sh->variance)
            rd->failures++;
        if (nps_acc_interval(sh->acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo, &hi) !=
                NPS_OK ||
            lo != sh->lo || hi != sh->hi)
            rd->failures++;
        if (nps_acc_test(sh->acc, 30.0, NPS_METHOD_SCORE, &pv) != NPS_OK ||
            pv != sh->p_value)
            rd->failures++;
        if (nps_acc_serialize(sh->acc, buf, sizeof buf, &len) != NPS_OK ||
            len != sh->acc_len || memcmp(buf, sh->acc_bytes, len) != 0)
            rd->failures++;
        if (nps_acc_deserialize(&copy, sh->acc_bytes, sh->acc_len) != NPS_OK ||
            !nps_acc_equal(copy, sh->acc))
            rd->failures++;
        nps_acc_free(copy);
        /* The timeline: windows, trend and serialization. */
        if (nps_acc_new(&win, &scale) != NPS_OK ||
            nps_timeline_rolling(sh->tl, 7, win) != NPS_OK ||
            nps_acc_total(win) == 0)
            rd->failures++;
        nps_acc_free(win);
        if (nps_timeline_trend(sh->tl, INT64_MIN, INT64_MAX, &slope, NULL, NULL) !=
                sh->trend_st ||
            (sh->trend_st == NPS_OK && slope != sh->slope))
            rd->failures++;
        tbuf = (uint8_t *)malloc(sh->tl_len);
        if (!tbuf || nps_timeline_serialize(sh->tl, tbuf, sh->tl_len, &len) != NPS_OK ||
            len != sh->tl_len || memcmp(tbuf, sh->tl_bytes, len) != 0)
            rd->failures++;
        free(tbuf);
        if (nps_timeline_deserialize(&tcopy, sh->tl_bytes, sh->tl_len) != NPS_OK ||
            !nps_timeline_equal(tcopy, sh->tl))
            rd->failures++;
        nps_timeline_free(tcopy);
    }
    return NULL;
}

static void test_threads__concurrent_readers_of_const_objects_agree(void **state)
{
    pthread_t th[NTHREADS];
    struct reader rd[NTHREADS];
    struct shared sh;
    nps_acc *acc = NULL;
    nps_timeline *tl = NULL;
    int i, day;
    (void)state;
    memset(&sh, 0, sizeof sh);
    assert_int_equal(nps_acc_new(&acc, NULL), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 10, 40), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 8, 25), NPS_OK);
    assert_int_equal(nps_acc_add_n(acc, 3, 15), NPS_OK);
    assert_int_equal(nps_timeline_new(&tl, 86400, 30, NULL), NPS_OK);
    for (day = 0; day < 30; day++) {
        assert_int_equal(nps_timeline_add_n(tl, day * 86400 + 100, 10, 5 + (uint64_t)day),
                         NPS_OK);
        assert_int_equal(nps_timeline_add_n(tl, day * 86400 + 200, 2, 20), NPS_OK);
    }
    sh.acc = acc;
    sh.tl = tl;
    /* The expected values come from the same functions called from one
       thread: this test is about concurrency, not about the numbers. */
    sh.score = nps_acc_score(acc);
    assert_false(isnan(sh.score));
    assert_int_equal(nps_acc_variance(acc, &sh.variance), NPS_OK);
    assert_int_equal(nps_acc_interval(acc, NPS_METHOD_ADJUSTED_WALD, 0.95, &sh.lo, &sh.hi),
                     NPS_OK);
    assert_int_equal(nps_acc_test(acc, 30.0, NPS_METHOD_SCORE, &sh.p_value), NPS_OK);
    assert_int_equal(nps_acc_serialize(acc, sh.acc_bytes, sizeof sh.acc_bytes, &sh.acc_len),
                     NPS_OK);
    assert_int_equal(nps_timeline_serialize(tl, NULL, 0, &sh.tl_len), NPS_E_BUFSIZE);
    sh.tl_bytes = (uint8_t *)malloc(sh.tl_len);
    assert_non_null(sh.tl_bytes);
    assert_int_equal(nps_timeline_serialize(tl, sh.tl_bytes, sh.tl_len, &sh.tl_len), NPS_OK);
    sh.trend_st = nps_timeline_trend(tl, INT64_MIN, INT64_MAX, &sh.slope, NULL, NULL);
    assert_int_equal(sh.trend_st, NPS_OK);
    for (i = 0; i < NTHREADS; i++) {
        rd[i].sh = &sh;
        assert_int_equal(pthread_create(&th[i], NULL, read_all, &rd[i]), 0);
    }
    for (i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(rd[i].failures, 0);
    }
    free(sh.tl_bytes);
    nps_acc_free(acc);
    nps_timeline_free(tl);
}

/* ---- objects with their own allocators in different threads ------------ */

struct worker {
    nps_timeline *tl;
    int id;
    nps_status st;
};

static void *fill_timeline(void *arg)
{
    struct worker *w = (struct worker *)arg;
    int64_t t[64];
    uint8_t s[64];
    int i, r;
    w->st = NPS_OK;
    for (r = 0; r < 100 && w->st == NPS_OK; r++) {
        for (i = 0; i < 64; i++) {
            t[i] = (int64_t)(r * 64 + i) * 60 + w->id;
            s[i] = (uint8_t)((i + w->id) % 11);
        }
        w->st = nps_timeline_add_batch(w->tl, t, s, 64, NULL, NULL);
    }
    return NULL;
}

static void test_threads__per_thread_timelines_merge_to_the_exact_total(void **state)
{
    pthread_t th[NTHREADS];
    struct worker w[NTHREADS];
    nps_timeline *sum = NULL;
    nps_acc *all = NULL;
    int i;
    (void)state;
    for (i = 0; i < NTHREADS; i++) {
        w[i].id = i;
        assert_int_equal(nps_timeline_new(&w[i].tl, 3600, 200, NULL), NPS_OK);
        assert_int_equal(pthread_create(&th[i], NULL, fill_timeline, &w[i]), 0);
    }
    assert_int_equal(nps_timeline_new(&sum, 3600, 200, NULL), NPS_OK);
    for (i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].st, NPS_OK);
        assert_int_equal(nps_timeline_merge(sum, w[i].tl), NPS_OK);
        nps_timeline_free(w[i].tl);
    }
    /* 100 batches of 64 one-minute events per thread: 6400 minutes, about
       107 hours, all within the 200-hour ring. */
    assert_int_equal(nps_acc_new(&all, NULL), NPS_OK);
    assert_int_equal(nps_timeline_rolling(sum, 200, all), NPS_OK);
    assert_int_equal(nps_acc_total(all), (uint64_t)NTHREADS * 100 * 64);
    assert_int_equal(nps_timeline_dropped(sum), 0);
    nps_acc_free(all);
    nps_timeline_free(sum);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads__per_thread_accumulators_merge_to_the_exact_total),
        cmocka_unit_test(test_threads__concurrent_readers_of_const_objects_agree),
        cmocka_unit_test(test_threads__per_thread_timelines_merge_to_the_exact_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
