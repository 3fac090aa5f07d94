/* Route each answer as it arrives -- detractors to the contact queue,
   promoters to a testimonial request -- while keeping the live score and a
   rolling 7-day score.

   Usage: followup [FILE]   FILE has one answer per line,
   "YYYY-MM-DD HH:MM CUSTOMER SCORE" (UTC, in arrival order; '#' starts a
   comment). Without FILE a built-in day-by-day sample is used.

   Hand-worked expected output for the built-in sample: 16 lines; C-1008's
   "12" is refused, leaving 15 answers: promoters C-1001 C-1004 C-1006
   C-1009 C-1011 C-1012 C-1014 C-1015 (8), passives C-1003 C-1007 C-1016
   (3), detractors C-1002 C-1005 C-1010 C-1013 (4). Live NPS
   100 (8 - 4) / 15 = 26.7; 95% adjusted Wald: n' = 18, pR = 8.75/18
   = 0.486111, pD = 4.75/18 = 0.263889, estimate 22.222, variance
   0.75 - 0.049383 = 0.700617, SE = sqrt(0.700617/18) = 0.197290, margin
   1.959964 * 0.197290 = 38.668 points: CI -16.4 to 60.9.
   The 7-day window ends with the newest day, 05-10, so it holds 05-04 to
   05-10: promoters C-1006 C-1009 C-1011 C-1012 C-1015 (5), passives
   C-1007 C-1016 (2), detractors C-1010 C-1013 (2), n = 9, NPS
   100 * 3/9 = 33.3. C-1014's answer, dated 04-28, arrives when the window
   already starts at 05-03: it is routed and counted live but is too old
   for the window.
   SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <nps.h>

#include <stdio.h>
#include <string.h>

#define DAY 86400
#define WINDOW_DAYS 7
#define MAX_QUEUE 64

static char sample[] =
    "# date       time  customer score\n"
    "2024-05-01 09:12 C-1001 10\n"
    "2024-05-01 14:40 C-1002 3\n"
    "2024-05-02 10:05 C-1003 8\n"
    "2024-05-03 11:30 C-1004 9\n"
    "2024-05-03 16:20 C-1005 6\n"
    "2024-05-04 08:55 C-1006 10\n"
    "2024-05-05 13:10 C-1007 7\n"
    "2024-05-06 09:45 C-1008 12\n"
    "2024-05-06 15:00 C-1009 9\n"
    "2024-05-07 12:00 C-1010 2\n"
    "2024-05-08 10:30 C-1011 10\n"
    "2024-05-08 17:45 C-1012 9\n"
    "2024-05-09 09:00 C-1013 5\n"
    "2024-04-28 18:00 C-1014 9\n"
    "2024-05-10 11:15 C-1015 10\n"
    "2024-05-10 16:30 C-1016 8\n";

struct queue {
    const char *name;
    char ids[MAX_QUEUE][32];
    size_t n;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
   days_from_civil), so the program needs no time zone database. */
static int64_t days_from_civil(int y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void push(struct queue *q, const char *id)
{
    if (q->n < MAX_QUEUE) {
        snprintf(q->ids[q->n], sizeof q->ids[0], "%s", id);
        q->n++;
    }
}

static int fail(const char *what, nps_status st)
{
    fprintf(stderr, "followup: %s: %s\n", what, nps_strerror(st));
    return 1;
}

struct router {
    nps_acc *live;     /* every answer so far */
    nps_timeline *tl;  /* one bucket per UTC day, the last WINDOW_DAYS kept */
    nps_acc *window;   /* scratch for the rolling window */
    struct queue contact, testimonial;
    unsigned rejected;
};

/* One answer: classify, route, record. Returns non-zero on a library
   error; a bad answer is refused and recorded nowhere. */
static int route(struct router *r, const char *when, int64_t t,
                 const char *customer, int score)
{
    nps_category c;
    nps_status st = nps_classify(NULL, score, &c);
    const char *action = "no follow-up", *note = "";

    if (st == NPS_E_RANGE) {
        printf("%s %-7s %3d  refused: %s\n", when, customer, score,
               nps_strerror(st));
        r->rejected++;
        return 0;
    }
    if (st != NPS_OK)
        return fail("nps_classify", st);
    if ((st = nps_acc_add(r->live, score)) != NPS_OK)
        return fail("nps_acc_add", st);
    /* A late answer still counts live, but its day has left the window. */
    st = nps_timeline_add(r->tl, t, score);
    if (st == NPS_E_TOO_OLD)
        note = "  (too old for the 7-day window)";
    else if (st != NPS_OK)
        return fail("nps_timeline_add", st);
    if (c == NPS_DETRACTOR) {
        push(&r->contact, customer);
        action = "-> contact queue";
    } else if (c == NPS_PROMOTER) {
        push(&r->testimonial, customer);
        action = "-> testimonial request";
    }
    if ((st = nps_timeline_rolling(r->tl, WINDOW_DAYS, r->window)) != NPS_OK)
        return fail("nps_timeline_rolling", st);
    printf("%s %-7s %3d  %-9s %-23s live %6.1f  7-day %6.1f%s\n", when,
           customer, score, nps_category_name(c), action,
           nps_acc_score(r->live), nps_acc_score(r->window), note);
    return 0;
}

static int run(struct router *r, FILE *in)
{
    char line[256];
    unsigned lineno = 0;

    while (fgets(line, sizeof line, in)) {
        int y, mo, d, h, mi, score;
        char customer[32], when[17];
        int64_t t;

        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
            continue;
        if (sscanf(line, "%4d-%2d-%2d %2d:%2d %31s %d", &y, &mo, &d, &h, &mi,
                   customer, &score) != 7 ||
            mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
            mi < 0 || mi > 59) {
            fprintf(stderr, "followup: line %u: expected "
                            "\"YYYY-MM-DD HH:MM CUSTOMER SCORE\"\n", lineno);
            r->rejected++;
            continue;
        }
        t = days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60;
        snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", y, mo, d, h,
                 mi);
        if (route(r, when, t, customer, score) != 0)
            return 1;
    }
    return 0;
}

static void print_queue(const struct queue *q)
{
    size_t i;
    printf("%s (%zu):", q->name, q->n);
    for (i = 0; i < q->n; i++)
        printf(" %s", q->ids[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    struct router r;
    FILE *in;
    nps_status st;
    double lo, hi;
    int rc = 1;

    memset(&r, 0, sizeof r);
    r.contact.name = "contact queue";
    r.testimonial.name = "testimonial requests";
    in = argc > 1 ? fopen(argv[1], "r") : fmemopen(sample, strlen(sample), "r");
    if (!in) {
        perror(argc > 1 ? argv[1] : "fmemopen");
        return 1;
    }
    if ((st = nps_acc_new(&r.live, NULL)) != NPS_OK ||
        (st = nps_acc_new(&r.window, NULL)) != NPS_OK ||
        (st = nps_timeline_new(&r.tl, DAY, WINDOW_DAYS, NULL)) != NPS_OK) {
        rc = fail("setup", st);
        goto out;
    }
    if (run(&r, in) != 0)
        goto out;

    printf("\n");
    print_queue(&r.contact);
    print_queue(&r.testimonial);
    printf("refused: %u\n", r.rejected);
    if (nps_acc_total(r.live) == 0) {
        printf("no answers\n");
        rc = 0;
        goto out;
    }
    if ((st = nps_acc_interval(r.live, NPS_METHOD_ADJUSTED_WALD, 0.95, &lo,
                               &hi)) != NPS_OK ||
        (st = nps_timeline_rolling(r.tl, WINDOW_DAYS, r.window)) != NPS_OK) {
        rc = fail("report", st);
        goto out;
    }
    printf("live NPS %.1f (95%% CI %.1f to %.1f), n = %llu\n",
           nps_acc_score(r.live), lo, hi,
           (unsigned long long)nps_acc_total(r.live));
    printf("last %d days NPS %.1f, n = %llu\n", WINDOW_DAYS,
           nps_acc_score(r.window), (unsigned long long)nps_acc_total(r.window));
    rc = 0;
out:
    nps_timeline_free(r.tl);
    nps_acc_free(r.window);
    nps_acc_free(r.live);
    fclose(in);
    return rc;
}
