/*
 * Driver for the R cross-check of the inference layer
 * (tests/r/inference_check.R). Reads many data sets at once, each line
 * starting with its data set's id (lines of one data set are consecutive),
 * and prints one line per data set, numbers with 17 significant digits:
 *   inference_driver trend re|answers   "id x detractors passives promoters"
 *       -> id slope se p_value df tau q q_p_value
 *   inference_driver adjust holm|bh     "id p"
 *       -> id adjusted p-values in input order
 *   inference_driver omnibus            "id detractors passives promoters"
 *       -> id statistic df p_value
 * SPDX-License-Identifier: MIT
 */
#include <nps.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 4096

static nps_acc *accs[MAXN];
static double xs[MAXN], ps[MAXN];

static nps_acc *load(unsigned long long d, unsigned long long p,
                     unsigned long long r)
{
    nps_acc *a = NULL;
    if (nps_acc_new(&a, NULL) != NPS_OK || nps_acc_add_n(a, 0, d) != NPS_OK ||
        nps_acc_add_n(a, 7, p) != NPS_OK || nps_acc_add_n(a, 10, r) != NPS_OK) {
        fprintf(stderr, "cannot build an accumulator\n");
        exit(2);
    }
    return a;
}

static void fail(const char *what, nps_status st)
{
    fprintf(stderr, "%s: %s\n", what, nps_strerror(st));
    exit(1);
}

/* Run the statistic on the k items of data set id. */
static void flush(const char *mode, const char *arg, long id, size_t k)
{
    size_t i;
    nps_status st;
    if (k == 0)
        return;
    if (strcmp(mode, "trend") == 0) {
        nps_trend t = NPS_TREND_INIT;
        st = nps_trend_fit(&t, (const nps_acc *const *)accs, xs, k,
                           strcmp(arg, "answers") == 0 ? NPS_TREND_ANSWERS
                                                       : NPS_TREND_RANDOM_EFFECTS);
        if (st != NPS_OK)
            fail("nps_trend_fit", st);
        printf("%ld %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", id, t.slope,
               t.se, t.p_value, t.df, t.tau, t.q, t.q_p_value);
    } else if (strcmp(mode, "omnibus") == 0) {
        nps_heterogeneity h = NPS_HETEROGENEITY_INIT;
        st = nps_heterogeneity_test(&h, (const nps_acc *const *)accs, k);
        if (st != NPS_OK)
            fail("nps_heterogeneity_test", st);
        printf("%ld %.17g %.17g %.17g\n", id, h.statistic, h.df, h.p_value);
    } else {
        st = nps_pvalues_adjust(ps, ps, k,
                                strcmp(arg, "bh") == 0 ? NPS_ADJUST_BH
                                                       : NPS_ADJUST_HOLM,
                                NULL);
        if (st != NPS_OK)
            fail("nps_pvalues_adjust", st);
        printf("%ld", id);
        for (i = 0; i < k; i++)
            printf(" %.17g", ps[i]);
        printf("\n");
    }
    for (i = 0; i < k; i++) {
        nps_acc_free(accs[i]);
        accs[i] = NULL;
    }
}

int main(int argc, char **argv)
{
    const char *mode, *arg;
    char line[256];
    long id = -1;
    size_t k = 0;
    if (argc < 2)
        return 2;
    mode = argv[1];
    arg = argc > 2 ? argv[2] : "";
    while (fgets(line, sizeof line, stdin)) {
        long lid;
        unsigned long long d = 0, p = 0, r = 0;
        double x = 0, pv = 0;
        int ok;
        if (strcmp(mode, "trend") == 0)
            ok = sscanf(line, "%ld %lf %llu %llu %llu", &lid, &x, &d, &p, &r) == 5;
        else if (strcmp(mode, "omnibus") == 0)
            ok = sscanf(line, "%ld %llu %llu %llu", &lid, &d, &p, &r) == 4;
        else if (strcmp(mode, "adjust") == 0)
            ok = sscanf(line, "%ld %lf", &lid, &pv) == 2;
        else
            return 2;
        if (!ok)
            continue;
        if (lid != id) {
            flush(mode, arg, id, k);
            id = lid;
            k = 0;
        }
        if (k == MAXN)
            return 2;
        xs[k] = x;
        ps[k] = pv;
        if (strcmp(mode, "adjust") != 0)
            accs[k] = load(d, p, r);
        k++;
    }
    flush(mode, arg, id, k);
    return 0;
}
