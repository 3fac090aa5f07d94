/*
 * nps followup: the newest detractors (to contact first) and promoters (to
 * ask for a testimonial), with their contact and comment columns.
 *
 * Memory is bounded by --limit: each category keeps a min-heap of its
 * newest K rows, so the oldest kept row is replaced in O(log K).
 * SPDX-License-Identifier: MIT
 */
#include "followup.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cells.h"
#include "detect.h"
#include "timeparse.h"

typedef struct entry {
    int64_t t;
    uint64_t line;
    int score;
    char *when;             /* the time as written, offset included */
    char **vals;
} entry;

typedef struct heap {
    entry *e;
    size_t n, cap;
    uint64_t seen;
} heap;

typedef struct cols {
    long *idx;
    int *is_long;           /* comments go on their own line */
    size_t n;
} cols;

static int older(const entry *a, const entry *b)
{
    return a->t != b->t ? a->t < b->t : a->line < b->line;
}

static void sift_down(heap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        entry tmp;
        if (l < h->n && older(&h->e[l], &h->e[m]))
            m = l;
        if (l + 1 < h->n && older(&h->e[l + 1], &h->e[m]))
            m = l + 1;
        if (m == i)
            return;
        tmp = h->e[i];
        h->e[i] = h->e[m];
        h->e[m] = tmp;
        i = m;
    }
}

static void sift_up(heap *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        entry tmp;
        if (!older(&h->e[i], &h->e[parent]))
            return;
        tmp = h->e[i];
        h->e[i] = h->e[parent];
        h->e[parent] = tmp;
        i = parent;
    }
}

static void free_entry(entry *e, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(e->vals[i]);
    free(e->vals);
    free(e->when);
}

static void offer(heap *h, const cols *c, const row *w, size_t limit)
{
    entry e;
    size_t i;
    h->seen++;
    if (limit == 0)
        return;
    e.t = w->has_time ? w->t : 0;
    e.line = w->line;
    e.score = w->score;
    if (h->n == limit && !older(&h->e[0], &e))
        return;
    e.when = w->has_time ? cli_xstrndup(w->time_text, w->time_len) : NULL;
    e.vals = cli_xmalloc((c->n ? c->n : 1) * sizeof *e.vals);
    for (i = 0; i < c->n; i++) {
        size_t k = (size_t)c->idx[i];
        e.vals[i] = k < w->rec->nfields ? cli_xstrndup(w->rec->field[k], w->rec->len[k])
                                        : cli_xstrndup("", 0);
    }
    if (h->n == limit) {
        free_entry(&h->e[0], c->n);
        h->e[0] = e;
        sift_down(h, 0);
        return;
    }
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 16;
        h->e = cli_xrealloc(h->e, h->cap * sizeof *h->e);
    }
    h->e[h->n++] = e;
    sift_up(h, h->n - 1);
}

static int newest_first(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return older(x, y) ? 1 : older(y, x) ? -1 : 0;
}

static int has_exact(const char *h)
{
    static const char *const exact[] = {"segment", "plan", "tier", "region",
                                        "country", "channel", NULL};
    const char *const *w;
    for (w = exact; *w; w++)
        if (cli_name_eq(h, *w))
            return 1;
    return 0;
}

static int add_named(const input *in, const char *name, cols *c)
{
    long k = input_column(in, name);
    if (k < 0) {
        cli_error("%s: no column '%s' (--columns/--column take names or "
                  "1-based positions)", in->name, name);
        return CLI_EXIT_USAGE;
    }
    if (c->n < in->nheader) {
        col_stats st;
        detect_col_stats(&in->sample, in->extra_header_rows, (size_t)k, &st);
        c->idx[c->n] = k;
        c->is_long[c->n] = st.avg_len > 30;
        c->n++;
    }
    return CLI_EXIT_OK;
}

/* Free text: mostly not numbers, many distinct values, long enough; or a
   comment word in the header with some text. Scales (few distinct values)
   never are. */
static double comment_weight(const input *in, size_t col)
{
    col_stats st;
    char text[512];
    int named;
    detect_col_stats(&in->sample, in->extra_header_rows, col, &st);
    detect_header_text(&in->sample, in->extra_header_rows, col, text, sizeof text);
    named = detect_comment_name(in->header[col]) ||
            (in->extra_header_rows && detect_comment_name(text));
    if (st.nonempty == 0 || st.text * 10 < st.nonempty * 7)
        return 0;
    if (st.nonempty >= 10 && st.distinct <= 7)
        return 0; /* a Likert item or a category */
    if (st.items > st.nonempty && st.distinct_items * 3 < st.items)
        return 0; /* multiple choice: the same options again and again */
    if (named && st.avg_len >= 4 && st.distinct * 2 >= st.nonempty)
        return 1000 + st.avg_len;
    /* Unnamed free text: long, varied, and answered by a fair share. */
    if (st.avg_len >= 25 && st.distinct * 10 >= st.nonempty * 8 && st.nonempty >= 3 &&
        st.nonempty * 20 >= in->sample.nrow - in->extra_header_rows)
        return st.avg_len;
    return 0;
}

static int is_identifier(const input *in, size_t col)
{
    col_stats st;
    size_t rows = in->sample.nrow - in->extra_header_rows;
    if (!detect_id_name(in->header[col]))
        return 0;
    detect_col_stats(&in->sample, in->extra_header_rows, col, &st);
    /* Mostly one value per respondent (names repeat a little), and given
       on a fair share of the rows. */
    return st.nonempty > 0 && st.distinct * 4 >= st.nonempty * 3 &&
           st.nonempty * 10 >= rows;
}

#define MAX_COMMENT_COLUMNS 3

static int choose_columns(const input *in, const followup_opts *o, cols *c)
{
    size_t i, j;
    double *w;
    int rc;
    c->idx = cli_xmalloc((in->nheader ? in->nheader : 1) * sizeof *c->idx);
    c->is_long = cli_xmalloc((in->nheader ? in->nheader : 1) * sizeof *c->is_long);
    c->n = 0;
    if (o->columns || o->ncolumn) {
        const char *p = o->columns ? o->columns : "";
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            char *name = cli_xstrndup(p, len);
            rc = add_named(in, name, c);
            free(name);
            if (rc)
                return rc;
            p += len;
            if (*p == ',')
                p++;
        }
        for (i = 0; i < o->ncolumn; i++)
            if ((rc = add_named(in, o->column[i], c)))
                return rc;
        return CLI_EXIT_OK;
    }
    /* Identifiers first, then the segment-like columns 1.0 showed, then
       comments, each in file order. */
    for (i = 0; i < in->nheader; i++) {
        if ((long)i == in->score_idx || (long)i == in->time_idx)
            continue;
        if (is_identifier(in, i) || has_exact(in->header[i])) {
            c->idx[c->n] = (long)i;
            c->is_long[c->n++] = 0;
        }
    }
    w = cli_xmalloc((in->nheader ? in->nheader : 1) * sizeof *w);
    for (i = 0; i < in->nheader; i++) {
        int taken = (long)i == in->score_idx || (long)i == in->time_idx;
        for (j = 0; j < c->n; j++)
            taken |= c->idx[j] == (long)i;
        w[i] = taken ? 0 : comment_weight(in, i);
    }
    /* Columns a comment word names win; free text alone counts only when
       no header says where the comments are. */
    {
        int named = 0;
        for (i = 0; i < in->nheader; i++)
            named |= w[i] >= 1000;
        for (i = 0; i < in->nheader && named; i++)
            if (w[i] < 1000)
                w[i] = 0;
    }
    for (j = 0; j < MAX_COMMENT_COLUMNS; j++) {
        size_t best = in->nheader;
        for (i = 0; i < in->nheader; i++)
            if (w[i] > 0 && (best == in->nheader || w[i] > w[best]))
                best = i;
        if (best == in->nheader)
            break;
        w[best] = -1; /* chosen */
    }
    for (i = 0; i < in->nheader; i++)
        if (w[i] < 0) {
            c->idx[c->n] = (long)i;
            c->is_long[c->n++] = 1;
        }
    free(w);
    return CLI_EXIT_OK;
}

static void print_oneline(FILE *f, const char *s, size_t max)
{
    size_t i;
    for (i = 0; s[i] && i < max; i++)
        fputc(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i], f);
    if (s[i])
        fputs("...", f);
}

static void text_list(FILE *f, const input *in, const cols *c, heap *h,
                      const char *title, const followup_opts *o, int dated)
{
    char b1[32], b2[40];
    size_t i, j;
    fprintf(f, "%s: %s %zu of %s", title, dated ? "newest" : "last in file", h->n,
            cli_fmt_count(h->seen, b1, sizeof b1));
    if (o->has_since) {
        tp_format(o->since, b2, sizeof b2);
        fprintf(f, " since %s", b2);
    }
    fputs("\n", f);
    if (h->n == 0)
        fputs("  (none)\n", f);
    for (i = 0; i < h->n; i++) {
        const entry *e = &h->e[i];
        fprintf(f, "  line %llu", (unsigned long long)e->line);
        if (e->when) {
            fputs("  ", f);
            print_oneline(f, e->when, 40);
        }
        fprintf(f, "  score %d", e->score);
        for (j = 0; j < c->n; j++)
            if (!c->is_long[j] && !cell_unanswered(e->vals[j], strlen(e->vals[j]))) {
                fprintf(f, "  %s=", in->header[c->idx[j]]);
                print_oneline(f, e->vals[j], 80);
            }
        fputc('\n', f);
        for (j = 0; j < c->n; j++)
            if (c->is_long[j] && !cell_unanswered(e->vals[j], strlen(e->vals[j]))) {
                fputs("      \"", f);
                print_oneline(f, e->vals[j], 300);
                fputs("\"\n", f);
            }
    }
}

static void json_list(FILE *f, const input *in, const cols *c, const heap *h)
{
    size_t i, j;
    char b[40];
    fputc('[', f);
    for (i = 0; i < h->n; i++) {
        const entry *e = &h->e[i];
        fprintf(f, "%s{\"line\":%llu,\"time\":", i ? "," : "",
                (unsigned long long)e->line);
        if (e->when) {
            cli_json_string(f, e->when);
            tp_format(e->t, b, sizeof b);
            fputs(",\"utc\":", f);
            cli_json_string(f, b);
        } else {
            fputs("null,\"utc\":null", f);
        }
        fprintf(f, ",\"score\":%d,\"fields\":{", e->score);
        for (j = 0; j < c->n; j++) {
            if (j)
                fputc(',', f);
            cli_json_string(f, in->header[c->idx[j]]);
            fputc(':', f);
            cli_json_string(f, e->vals[j]);
        }
        fputs("}}", f);
    }
    fputc(']', f);
}

int followup_run(const followup_opts *o)
{
    input in;
    cols c = {NULL, NULL, 0};
    heap det = {NULL, 0, 0, 0}, pro = {NULL, 0, 0, 0};
    row w;
    int rc;
    size_t i;
    uint64_t answers = 0;

    rc = input_open(&in, &o->in);
    if (rc == CLI_EXIT_OK && o->has_since && in.time_idx < 0) {
        cli_error("--since needs a time column (--time)");
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK)
        rc = choose_columns(&in, o, &c);
    while (rc == CLI_EXIT_OK && (rc = input_next(&in, &w)) == 1) {
        nps_category cat;
        rc = CLI_EXIT_OK;
        answers++;
        if (o->has_since && w.t < o->since)
            continue;
        if (nps_classify(&o->in.scale, w.score, &cat) != NPS_OK)
            continue; /* cannot happen: input_next checked the range */
        if (cat == NPS_DETRACTOR)
            offer(&det, &c, &w, o->limit);
        else if (cat == NPS_PROMOTER)
            offer(&pro, &c, &w, o->limit);
    }
    if (rc < 0)
        rc = -rc;
    if (rc == CLI_EXIT_OK || rc == CLI_EXIT_BADROWS)
        input_summary(&in);
    if (rc == CLI_EXIT_OK)
        rc = input_check_answers(&in, answers);
    if (rc == CLI_EXIT_OK) {
        char b[32];
        /* "Newest" only when the times were read. */
        int dated = in.time_idx >= 0 && in.undated < answers;
        if (det.n > 1)
            qsort(det.e, det.n, sizeof *det.e, newest_first);
        if (pro.n > 1)
            qsort(pro.e, pro.n, sizeof *pro.e, newest_first);
        if (o->json) {
            printf("{\"file\":");
            cli_json_string(stdout, in.name);
            printf(",\"rows\":%llu,\"bad_rows\":%llu,\"limit\":%zu,\"since\":",
                   (unsigned long long)in.rows, (unsigned long long)in.bad, o->limit);
            if (o->has_since) {
                char t[40];
                tp_format(o->since, t, sizeof t);
                cli_json_string(stdout, t);
            } else {
                fputs("null", stdout);
            }
            printf(",\"order\":\"%s\"", dated ? "newest" : "last_in_file");
            printf(",\"detractors_total\":%llu,\"promoters_total\":%llu,"
                   "\"detractors\":",
                   (unsigned long long)det.seen, (unsigned long long)pro.seen);
            json_list(stdout, &in, &c, &det);
            fputs(",\"promoters\":", stdout);
            json_list(stdout, &in, &c, &pro);
            fputs("}\n", stdout);
        } else {
            printf("nps followup: %s (%s rows)\n\n", in.name,
                   cli_fmt_count(in.rows, b, sizeof b));
            text_list(stdout, &in, &c, &det, "Detractors to contact first", o, dated);
            fputc('\n', stdout);
            text_list(stdout, &in, &c, &pro, "Promoters to ask for a testimonial", o, dated);
        }
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("write error on standard output");
            rc = CLI_EXIT_IO;
        }
    }
    for (i = 0; i < det.n; i++)
        free_entry(&det.e[i], c.n);
    for (i = 0; i < pro.n; i++)
        free_entry(&pro.e[i], c.n);
    free(det.e);
    free(pro.e);
    free(c.idx);
    free(c.is_long);
    input_close(&in);
    return rc;
}
