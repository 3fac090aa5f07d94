/* Rollups through files: a daily job stores each day's state as bytes, a
   monthly job later merges the day files into a report with intervals and
   a month-over-month comparison.

   Usage: rollup [DIR]   (DIR must exist and keeps the day files; without
   it a temporary directory is used and removed.)

   Synthetic data, chosen so the monthly totals follow by hand. On day k
   (k = 0, 1, ... within the month) there are 12 passives,
   P0 + (k mod 5) - 2 promoters and D0 + (k mod 3) - 1 detractors.
   Over a whole number of cycles the (k mod 5) - 2 and (k mod 3) - 1 terms
   sum to zero.
   - June 2024, 30 days, P0 = 18, D0 = 10: 30 = 6 cycles of 5 and 10 of 3,
     so P = 540, D = 300, passives 360, n = 1200, NPS 20.0.
   - July 2024, 31 days, P0 = 20, D0 = 8: the 31st day (k = 30) adds
     30 mod 5 - 2 = -2 and 30 mod 3 - 1 = -1, so P = 620 - 2 = 618,
     D = 248 - 1 = 247, passives 372, n = 1237, NPS 100 * 371 / 1237 = 30.0.
   95% adjusted Wald (3/4, 3/2, 3/4 pseudo-answers, z = 1.959964):
   - June: n' = 1203, pR = 540.75/1203 = 0.449501, pD = 300.75/1203 = 0.25,
     estimate 19.950; var = 0.699501 - 0.039800 = 0.659701;
     SE = sqrt(var/n') = 0.023418; margin 4.590: CI 15.4 to 24.5.
   - July: n' = 1240, pR = 618.75/1240 = 0.498992, pD = 247.75/1240
     = 0.199798, estimate 29.919; var = 0.698790 - 0.089517 = 0.609273;
     SE = 0.022167; margin 4.345: CI 25.6 to 34.3.
   - July - June (unpooled, pseudo-answers in each): diff 29.919 - 19.950
     = 9.969; SE = sqrt(0.023418^2 + 0.022167^2) = 0.032245 = 3.2245
     points; margin 6.320: CI 3.6 to 16.3; z = 3.092, two-sided
     p = 0.0020.
   SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <nps.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct month {
    const char *name; /* "YYYY-MM", the prefix of its day files */
    int days, p0, d0;
};

static const struct month months[] = {
    {"2024-06", 30, 18, 10},
    {"2024-07", 31, 20, 8},
};
#define NMONTHS (sizeof months / sizeof months[0])

static int fail(const char *what, nps_status st)
{
    fprintf(stderr, "rollup: %s: %s\n", what, nps_strerror(st));
    return 1;
}

/* One day's raw answers, in arrival order. Returns how many. */
static size_t day_answers(const struct month *m, int k, uint8_t *out)
{
    int promoters = m->p0 + k % 5 - 2, detractors = m->d0 + k % 3 - 1;
    size_t n = 0;
    int j;

    for (j = 0; j < detractors; j++)
        out[n++] = (uint8_t)((k + j) % 7);      /* 0..6 */
    for (j = 0; j < 12; j++)
        out[n++] = (uint8_t)(j < 5 ? 7 : 8);
    for (j = 0; j < promoters; j++)
        out[n++] = (uint8_t)(j % 2 ? 9 : 10);
    return n;
}

static int write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(buf, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok;
}

/* The whole file in a malloc'd buffer; NULL on failure. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 &&
        (buf = (unsigned char *)malloc(size ? (size_t)size : 1)) != NULL &&
        fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = buf ? (size_t)size : 0;
    return buf;
}

/* The daily job: one file per day holding that day's serialized state. */
static int write_days(const char *dir)
{
    uint8_t answers[64];
    unsigned char bytes[256];
    char path[4096];
    size_t mi, n, len;
    nps_acc *day = NULL;
    nps_status st;
    int k, files = 0;

    if ((st = nps_acc_new(&day, NULL)) != NPS_OK)
        return fail("nps_acc_new", st);
    for (mi = 0; mi < NMONTHS; mi++) {
        for (k = 0; k < months[mi].days; k++) {
            n = day_answers(&months[mi], k, answers);
            nps_acc_reset(day);
            if ((st = nps_acc_add_scores(day, answers, n, NULL)) != NPS_OK ||
                (st = nps_acc_serialize(day, bytes, sizeof bytes, &len)) !=
                    NPS_OK) {
                nps_acc_free(day);
                return fail("day state", st);
            }
            snprintf(path, sizeof path, "%s/%s-%02d.nps", dir, months[mi].name,
                     k + 1);
            if (!write_file(path, bytes, len)) {
                fprintf(stderr, "rollup: cannot write %s\n", path);
                nps_acc_free(day);
                return 1;
            }
            files++;
        }
    }
    nps_acc_free(day);
    printf("wrote %d day files to %s\n", files, dir);
    return 0;
}

/* The monthly job: merge every day file of each month found in dir. */
static int merge_days(const char *dir, nps_acc **month_acc, int *files)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    int rc = 0;

    if (!d) {
        fprintf(stderr, "rollup: cannot open %s\n", dir);
        return 1;
    }
    *files = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t mi, len, nl = strlen(e->d_name);
        unsigned char *bytes;
        nps_acc *day;
        nps_status st;

        if (nl < 4 || strcmp(e->d_name + nl - 4, ".nps") != 0)
            continue;
        for (mi = 0; mi < NMONTHS; mi++)
            if (strncmp(e->d_name, months[mi].name, 7) == 0)
                break;
        if (mi == NMONTHS)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!(bytes = read_file(path, &len))) {
            fprintf(stderr, "rollup: cannot read %s\n", path);
            rc = 1;
            break;
        }
        /* A truncated or damaged file is refused here, never half-merged. */
        st = nps_acc_deserialize(&day, bytes, len);
        free(bytes);
        if (st == NPS_OK) {
            st = nps_acc_merge(month_acc[mi], day);
            nps_acc_free(day);
        }
        if (st != NPS_OK)
            rc = fail(path, st);
        else
            ++*files;
    }
    closedir(d);
    return rc;
}

static int report(nps_acc *const *month_acc)
{
    double lo, hi, diff, p;
    nps_status st;
    size_t mi;

    for (mi = 0; mi < NMONTHS; mi++) {
        if ((st = nps_acc_interval(month_acc[mi], NPS_METHOD_ADJUSTED_WALD,
                                   0.95, &lo, &hi)) != NPS_OK)
            return fail("nps_acc_interval", st);
        printf("%s  n = %llu  NPS %.1f  95%% CI %.1f to %.1f\n",
               months[mi].name,
               (unsigned long long)nps_acc_total(month_acc[mi]),
               nps_acc_score(month_acc[mi]), lo, hi);
    }
    /* Two months are independent samples: nps_compare, recent minus older. */
    if ((st = nps_compare(month_acc[1], month_acc[0], NPS_METHOD_ADJUSTED_WALD,
                          0.95, &diff, &lo, &hi, &p)) != NPS_OK)
        return fail("nps_compare", st);
    printf("%s vs %s: %+.1f points, 95%% CI %.1f to %.1f, p = %.4f\n",
           months[1].name, months[0].name, diff, lo, hi, p);
    return 0;
}

/* Any single changed byte is detected: show it on one day's bytes. */
static int show_damage_is_refused(void)
{
    uint8_t answers[64];
    unsigned char bytes[256];
    size_t n = day_answers(&months[0], 0, answers), len;
    nps_acc *acc = NULL, *back = NULL;
    nps_status st;

    if ((st = nps_acc_new(&acc, NULL)) != NPS_OK ||
        (st = nps_acc_add_scores(acc, answers, n, NULL)) != NPS_OK ||
        (st = nps_acc_serialize(acc, bytes, sizeof bytes, &len)) != NPS_OK) {
        nps_acc_free(acc);
        return fail("day state", st);
    }
    nps_acc_free(acc);
    bytes[len / 2] ^= 0x10;
    st = nps_acc_deserialize(&back, bytes, len);
    printf("a day file with one flipped bit: %s\n", nps_strerror(st));
    if (st != NPS_E_FORMAT || back != NULL) {
        nps_acc_free(back);
        return fail("damaged bytes were not refused", st);
    }
    return 0;
}

static void remove_days(const char *dir)
{
    char path[4096];
    size_t mi;
    int k;

    for (mi = 0; mi < NMONTHS; mi++)
        for (k = 0; k < months[mi].days; k++) {
            snprintf(path, sizeof path, "%s/%s-%02d.nps", dir, months[mi].name,
                     k + 1);
            remove(path);
        }
}

int main(int argc, char **argv)
{
    char tmpl[4096];
    const char *dir;
    nps_acc *month_acc[NMONTHS] = {NULL};
    nps_status st;
    size_t mi;
    int rc = 1, files = 0, temporary = argc < 2;

    if (temporary) {
        const char *tmp = getenv("TMPDIR");
        snprintf(tmpl, sizeof tmpl, "%s/nps-rollup-XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!(dir = mkdtemp(tmpl))) {
            perror("rollup: mkdtemp");
            return 1;
        }
    } else {
        dir = argv[1];
    }

    for (mi = 0; mi < NMONTHS; mi++)
        if ((st = nps_acc_new(&month_acc[mi], NULL)) != NPS_OK) {
            rc = fail("nps_acc_new", st);
            goto out;
        }
    if (write_days(dir) != 0 || merge_days(dir, month_acc, &files) != 0)
        goto out;
    printf("read %d day files\n", files);
    rc = report(month_acc);
    if (rc == 0)
        rc = show_damage_is_refused();

out:
    for (mi = 0; mi < NMONTHS; mi++)
        nps_acc_free(month_acc[mi]);
    if (temporary) {
        remove_days(dir);
        rmdir(dir);
    }
    return rc;
}
