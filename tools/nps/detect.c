/*
 * What the file looks like (see detect.h). The rules are general: header
 * words in several languages, confirmed by what the cells hold.
 * SPDX-License-Identifier: MIT
 */
#include "detect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "cli.h"
#include "csv.h"
#include "src.h"

#define SNIFF_RECORDS 50

char detect_delimiter(const char *p, size_t n, int complete)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t best_score = 0, best_fields = 0;
    char best = ',';
    size_t c;
    for (c = 0; c < sizeof cands; c++) {
        char d = cands[c];
        size_t i = 0, rec = 0, head = 0, same = 0, fields = 1;
        int inq = 0, any = 0;
        while (i < n && rec <= SNIFF_RECORDS) {
            char ch = p[i++];
            if (inq) {
                if (ch == '"') {
                    if (i < n && p[i] == '"')
                        i++;
                    else
                        inq = 0;
                }
                continue;
            }
            if (ch == '"') {
                inq = 1;
                any = 1;
            } else if (ch == d) {
                fields++;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i < n && p[i] == '\n')
                    i++;
                if (any || fields > 1) {
                    if (rec == 0)
                        head = fields;
                    else if (fields == head)
                        same++;
                    rec++;
                }
                fields = 1;
                any = 0;
            } else if (ch != ' ') {
                any = 1;
            }
        }
        if (complete && i >= n && !inq && (any || fields > 1)) {
            if (rec == 0)
                head = fields;
            else if (fields == head)
                same++;
            rec++;
        }
        if (head < 2)
            continue;
        /* The header counts as one agreeing record. */
        if (same + 1 > best_score || (same + 1 == best_score && head > best_fields)) {
            best_score = same + 1;
            best_fields = head;
            best = d;
        }
    }
    return best;
}

static int all_blank(const csv_record *r)
{
    size_t i;
    for (i = 0; i < r->nfields; i++) {
        const char *s = r->field[i];
        size_t n = r->len[i];
        cell_trim(&s, &n);
        if (n)
            return 0;
    }
    return 1;
}

int table_read(table *t, const char *p, size_t n, int complete, char delim)
{
    src *s = src_mem(p, n, "utf-8");
    csv_reader *r;
    csv_record rec;
    size_t cap = 64, i;
    int rc, got_head = 0;

    memset(t, 0, sizeof *t);
    if (!s)
        return -1;
    r = csv_new(s, delim, n + 16);
    t->cell = cli_xmalloc(cap * sizeof *t->cell);
    t->nf = cli_xmalloc(cap * sizeof *t->nf);
    t->line = cli_xmalloc(cap * sizeof *t->line);
    while (t->nrow < DETECT_MAX_ROWS && (rc = csv_next(r, &rec)) == CSV_RECORD) {
        char **row;
        if (rec.blank || all_blank(&rec))
            continue;
        if (rec.unterminated)
            break;
        if (!got_head) {
            t->ncol = rec.nfields;
            t->head = cli_xmalloc(t->ncol * sizeof *t->head);
            for (i = 0; i < rec.nfields; i++) {
                const char *f = rec.field[i];
                size_t len = rec.len[i];
                cell_trim(&f, &len);
                t->head[i] = cli_xstrndup(f, len);
            }
            got_head = 1;
            continue;
        }
        if (t->nrow == cap) {
            cap *= 2;
            t->cell = cli_xrealloc(t->cell, cap * sizeof *t->cell);
            t->nf = cli_xrealloc(t->nf, cap * sizeof *t->nf);
            t->line = cli_xrealloc(t->line, cap * sizeof *t->line);
        }
        row = cli_xmalloc((rec.nfields ? rec.nfields : 1) * sizeof *row);
        for (i = 0; i < rec.nfields; i++)
            row[i] = cli_xstrndup(rec.field[i], rec.len[i]);
        t->cell[t->nrow] = row;
        t->nf[t->nrow] = rec.nfields;
        t->line[t->nrow] = rec.line;
        t->nrow++;
    }
    /* A record cut by the end of the sample is not a record. */
    if (!complete && t->nrow > 1) {
        t->nrow--;
        for (i = 0; i < t->nf[t->nrow]; i++)
            free(t->cell[t->nrow][i]);
        free(t->cell[t->nrow]);
    }
    csv_free(r);
    src_free(s);
    if (!got_head) {
        table_free(t);
        return -1;
    }
    return 0;
}

void table_free(table *t)
{
    size_t i, j;
    for (i = 0; i < t->nrow; i++) {
        for (j = 0; j < t->nf[i]; j++)
            free(t->cell[i][j]);
        free(t->cell[i]);
    }
    for (i = 0; i < t->ncol; i++)
        free(t->head[i]);
    free(t->head);
    free(t->cell);
    free(t->nf);
    free(t->line);
    memset(t, 0, sizeof *t);
}

static const char *cell_at(const table *t, size_t row, size_t col)
{
    return col < t->nf[row] ? t->cell[row][col] : "";
}

static int is_date_cell(const char *s)
{
    int64_t tt;
    int32_t off;
    return tp_parse_flex(s, strlen(s), TP_ORDER_ANY, 0, &tt, &off, NULL, NULL) == 0;
}

size_t detect_header_rows(const table *t)
{
    size_t k, c, r;
    for (k = 0; k < 3 && k < t->nrow; k++) {
        int header_like = 0, numeric_cell = 0;
        for (c = 0; c < t->nf[k]; c++) {
            const char *s = t->cell[k][c];
            if (strstr(s, "{\"ImportId\"") || strstr(s, "{\"importId\""))
                header_like = 1;
            if (cell_is_number(s, strlen(s)) || is_date_cell(s))
                numeric_cell = 1;
        }
        if (!header_like && !numeric_cell) {
            /* Text where the data below are numbers or dates. */
            for (c = 0; c < t->nf[k] && !header_like; c++) {
                const char *s = t->cell[k][c];
                size_t nonempty = 0, typed = 0;
                if (cell_unanswered(s, strlen(s)))
                    continue;
                for (r = k + 1; r < t->nrow; r++) {
                    const char *v = cell_at(t, r, c);
                    if (cell_unanswered(v, strlen(v)))
                        continue;
                    nonempty++;
                    if (cell_is_number(v, strlen(v)) || is_date_cell(v))
                        typed++;
                }
                if (nonempty >= 3 && typed * 10 >= nonempty * 8)
                    header_like = 1;
            }
        }
        if (!header_like)
            break;
    }
    return k;
}

void detect_header_text(const table *t, size_t skip, size_t col, char *buf, size_t cap)
{
    size_t r, o = 0;
    buf[0] = '\0';
    for (r = 0; r <= skip && r <= t->nrow; r++) {
        const char *s = r == 0 ? t->head[col] : cell_at(t, r - 1, col);
        size_t i;
        if (o && o + 1 < cap)
            buf[o++] = ' ';
        for (i = 0; s[i] && o + 1 < cap; i++)
            buf[o++] = (char)tolower((unsigned char)s[i]);
        buf[o] = '\0';
    }
}

/* Splits a header into lowercase words at non-letters and camelCase. */
static size_t words_of(const char *h, char words[][32], size_t max)
{
    size_t nw = 0, len = 0, i;
    for (i = 0;; i++) {
        unsigned char c = (unsigned char)h[i];
        /* Inverted marks (U+00BF, U+00A1) and no-break spaces are not letters. */
        int mark = c == 0xC2 && ((unsigned char)h[i + 1] == 0xBF ||
                                 (unsigned char)h[i + 1] == 0xA1 ||
                                 (unsigned char)h[i + 1] == 0xA0);
        int letter = !mark && (isalnum(c) || c >= 0x80) &&
                     !(i > 0 && (unsigned char)h[i - 1] == 0xC2 &&
                       (c == 0xBF || c == 0xA1 || c == 0xA0));
        int boundary = !letter ||
                       (i > 0 && isupper(c) && islower((unsigned char)h[i - 1]));
        if (boundary && len) {
            words[nw][len] = '\0';
            if (++nw == max)
                return nw;
            len = 0;
        }
        if (!c)
            return nw;
        if (letter && len < 31)
            words[nw][len++] = (char)tolower(c);
    }
}

static int has_word(const char *h, const char *const *list)
{
    char w[64][32];
    size_t n = words_of(h, w, 64), i;
    const char *const *l;
    for (i = 0; i < n; i++)
        for (l = list; *l; l++)
            if (strcmp(w[i], *l) == 0)
                return 1;
    return 0;
}

int detect_comment_name(const char *h)
{
    static const char *const list[] = {
        "why", "reason", "reasons", "comment", "comments", "feedback", "explain",
        "explanation", "explication", "explications", "pourquoi", "porqu\xc3\xa9",
        "warum", "motivo", "motivos", "verbatim", "remarks", "remark", "suggestion",
        "suggestions", "commentaire", "commentaires", "comentario", "comentarios",
        "kommentar", "begr\xc3\xbcndung", "opmerking", "waarom", "perch\xc3\xa9",
        "porque", "improve", NULL};
    char w[64][32];
    size_t n = words_of(h, w, 64), i;
    /* "por qué" is two words: "qué" right after "por". */
    for (i = 1; i < n; i++)
        if (strcmp(w[i - 1], "por") == 0 && strcmp(w[i], "qu\xc3\xa9") == 0)
            return 1;
    return has_word(h, list);
}

int detect_id_name(const char *h)
{
    char w[64][32];
    static const char *const list[] = {"id", "respondent", "email", "mail", "name",
                                       "uuid", "responseid", "uniqueid",
                                       "customerid", "nom", "nombre", NULL};
    /* A short label, not a question ("What is the name of your job?"). */
    if (strchr(h, '?') || words_of(h, w, 64) > 4)
        return 0;
    return has_word(h, list);
}

static int contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* How strongly a header asks the recommendation question. */
static int score_strength(const char *text, const char *raw)
{
    static const char *const strong[] = {
        "recommend", "recommand", "recomend", "recomiend", "recomenda",
        "empfehl", "raccomand", "aanbevel", "aanraden", "net promoter", NULL};
    static const char *const scale[] = {"0-10", "0 - 10", "0 to 10", "0 a 10",
                                        "0 al 10", "0 bis 10", "0 \xc3\xa0 10",
                                        "0\342\200\22310", "0 en 10", NULL};
    static const char *const nps[] = {"nps", NULL};
    static const char *const likely[] = {"likely", "likelihood", "probable",
                                         "probabilit\xc3\xa9", "wahrscheinlich",
                                         "probabile", "waarschijnlijk", NULL};
    const char *const *w;
    int s = 0;
    for (w = strong; *w; w++)
        if (contains(text, *w)) {
            s += 2;
            break;
        }
    if (has_word(raw, nps))
        s += 2;
    for (w = likely; *w; w++)
        if (contains(text, *w)) {
            s += 1;
            break;
        }
    for (w = scale; *w; w++)
        if (contains(text, *w)) {
            s += 1;
            break;
        }
    return s;
}

static void alnum_lower(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        if (isalnum((unsigned char)*s))
            out[o++] = (char)tolower((unsigned char)*s);
    out[o] = '\0';
}

size_t detect_score(const table *t, size_t skip, const nps_scale *scale,
                    long *cand, size_t *nbest, uint64_t *answers)
{
    size_t c, r, n = 0, i, j;
    int *strength = cli_xmalloc((t->ncol ? t->ncol : 1) * sizeof *strength);
    char text[1024], key[64];
    *nbest = 0;
    for (c = 0; c < t->ncol; c++) {
        size_t nonempty = 0, ok = 0;
        int hi = scale->min, v, s;
        answers[c] = 0;
        strength[c] = 0;
        alnum_lower(t->head[c], key, sizeof key);
        for (r = skip; r < t->nrow; r++) {
            const char *x = cell_at(t, r, c);
            int k = cell_answer(x, strlen(x), scale, &v);
            if (k == ANS_UNANSWERED)
                continue;
            nonempty++;
            if (k == ANS_OK) {
                ok++;
                if (v > hi)
                    hi = v;
            }
        }
        answers[c] = ok;
        detect_header_text(t, skip, c, text, sizeof text);
        s = score_strength(text, t->head[c]);
        if (strcmp(key, "nps") == 0 || strcmp(key, "npsscore") == 0 ||
            strcmp(key, "netpromoterscore") == 0)
            s = 10;
        /* Confirmed by content: most cells are answers, and some are above
           the middle of the scale (a 1-5 item is not a 0-10 question). */
        if (s > 0 && ok > 0 && ok * 10 >= nonempty * 8 &&
            2 * hi > scale->min + scale->max)
            strength[c] = s;
    }
    for (c = 0; c < t->ncol; c++)
        if (strength[c] > 0)
            cand[n++] = (long)c;
    /* Strongest first, then file order (insertion sort: few columns). */
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && strength[cand[j]] > strength[cand[j - 1]]; j--) {
            long tmp = cand[j];
            cand[j] = cand[j - 1];
            cand[j - 1] = tmp;
        }
    for (i = 0; i < n && strength[cand[i]] == strength[cand[0]]; i++)
        (*nbest)++;
    free(strength);
    return n;
}

/* 3: a completion time; 2: a date or time; 1: a weaker hint; 0: none. */
static int time_name(const char *h, int *flags)
{
    static const char *const top[] = {"timestamp", "recorded", "submitted", "completion",
                                      "completed", "end", "ended", "created",
                                      "answered", "responded", "submission", NULL};
    static const char *const mid[] = {"date", "time", "datetime", "fecha", "datum",
                                      "heure", "hora", "zeit", "horodateur",
                                      "marca", NULL};
    static const char *const low[] = {"start", "started", "when", "day", "month",
                                      "at", NULL};
    char w[64][32];
    size_t n = words_of(h, w, 64), i;
    int best = 0;
    const char *const *l;
    *flags = 0;
    for (i = 0; i < n; i++) {
        size_t k = strlen(w[i]);
        for (l = top; *l; l++)
            if (strcmp(w[i], *l) == 0 && best < 3)
                best = 3;
        for (l = mid; *l; l++)
            if (strcmp(w[i], *l) == 0 && best < 2)
                best = 2;
        /* "Qtime", "surveydate", "recordeddate" */
        if (k > 4 && (strcmp(w[i] + k - 4, "time") == 0 ||
                      strcmp(w[i] + k - 4, "date") == 0) && best < 2)
            best = 2;
        for (l = low; *l; l++)
            if (strcmp(w[i], *l) == 0 && best < 1)
                best = 1;
        if (strstr(w[i], "date") || strstr(w[i], "month") || strstr(w[i], "day") ||
            strcmp(w[i], "fecha") == 0 || strcmp(w[i], "datum") == 0)
            *flags |= TP_SERIAL;
        if (strstr(w[i], "time") || strstr(w[i], "epoch") || strcmp(w[i], "at") == 0)
            *flags |= TP_EPOCH;
    }
    return best;
}

long detect_time(const table *t, size_t skip, long not_col, int *flags)
{
    size_t c, r;
    long best = -1;
    double best_key = 0;
    for (c = 0; c < t->ncol; c++) {
        int fl, pri, v;
        size_t nonempty = 0, ok = 0, numbers = 0;
        double key;
        if ((long)c == not_col)
            continue;
        pri = time_name(t->head[c], &fl);
        if (pri == 0)
            fl = 0;
        for (r = skip; r < t->nrow; r++) {
            const char *x = cell_at(t, r, c);
            size_t n = strlen(x);
            int64_t tt;
            int32_t off;
            if (cell_unanswered(x, n))
                continue;
            nonempty++;
            if (cell_is_number(x, n))
                numbers++;
            if (tp_parse_flex(x, n, TP_ORDER_ANY, fl, &tt, &off, &v, NULL) == 0)
                ok++;
        }
        if (nonempty == 0 || ok * 10 < nonempty * 8)
            continue;
        /* Unnamed columns qualify by content only with written dates. */
        if (pri == 0 && (numbers || nonempty < 3 || ok * 10 < nonempty * 9))
            continue;
        key = pri * 10.0 + (double)ok / (double)nonempty;
        if (best < 0 || key > best_key) {
            best = (long)c;
            best_key = key;
            *flags = fl;
        }
    }
    return best;
}

int detect_date_order(const table *t, size_t skip, long col, int flags,
                      const char **how)
{
    size_t r, dmy = 0, mdy = 0, ambiguous = 0;
    int64_t lo[3] = {INT64_MAX, INT64_MAX, INT64_MAX}, hi[3] = {INT64_MIN, INT64_MIN, INT64_MIN};
    int o;
    for (r = skip; r < t->nrow; r++) {
        const char *x = cell_at(t, r, (size_t)col);
        size_t n = strlen(x);
        int a, b;
        int64_t tt;
        int32_t off;
        if (tp_parse_flex(x, n, TP_ORDER_ANY, flags, &tt, &off, &a, &b) || a == 0)
            continue;
        if (a > 12 && b <= 12)
            dmy++;
        else if (b > 12 && a <= 12)
            mdy++;
        else if (a != b)
            ambiguous++;
        for (o = TP_MDY; o <= TP_DMY; o++)
            if (tp_parse_flex(x, n, o, flags, &tt, &off, NULL, NULL) == 0) {
                if (tt < lo[o])
                    lo[o] = tt;
                if (tt > hi[o])
                    hi[o] = tt;
            }
    }
    if (dmy && !mdy) {
        *how = "day first (a first field above 12)";
        return TP_DMY;
    }
    if (mdy && !dmy) {
        *how = "month first (a second field above 12)";
        return TP_MDY;
    }
    if (dmy && mdy) {
        *how = dmy > mdy ? "day first (most values; some disagree)"
                         : "month first (most values; some disagree)";
        return dmy > mdy ? TP_DMY : TP_MDY;
    }
    if (!ambiguous) {
        /* Nothing to decide: a later 31/12/2023 still reads, 3/4/2020 does
           not. */
        *how = NULL;
        return TP_ORDER_ANY;
    }
    /* Every value reads both ways: a survey runs over a contiguous time,
       so the reading with the clearly shorter span is taken. */
    if (hi[TP_MDY] >= lo[TP_MDY] && hi[TP_DMY] >= lo[TP_DMY]) {
        int64_t sm = hi[TP_MDY] - lo[TP_MDY], sd = hi[TP_DMY] - lo[TP_DMY];
        if (2 * sm <= sd) {
            *how = "month first (guessed: the dates span a much shorter time)";
            return TP_MDY;
        }
        if (2 * sd <= sm) {
            *how = "day first (guessed: the dates span a much shorter time)";
            return TP_DMY;
        }
    }
    *how = "undecidable";
    return TP_ORDER_ANY;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void detect_col_stats(const table *t, size_t skip, size_t col, col_stats *s)
{
    size_t r, n = 0, total = 0, i;
    const char **v = cli_xmalloc((t->nrow ? t->nrow : 1) * sizeof *v);
    int tmp;
    nps_scale any = {-1000000, 1000000, 0, 1};
    memset(s, 0, sizeof *s);
    for (r = skip; r < t->nrow; r++) {
        const char *x = cell_at(t, r, col);
        size_t len = strlen(x);
        if (cell_unanswered(x, len))
            continue;
        s->nonempty++;
        total += len;
        v[n++] = x;
        if (cell_is_number(x, len) || cell_answer(x, len, &any, &tmp) == ANS_OK)
            s->numeric++;
        else
            s->text++;
    }
    qsort(v, n, sizeof *v, cmp_str);
    for (i = 0; i < n; i++)
        if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
            s->distinct++;
    s->avg_len = n ? (double)total / (double)n : 0;
    /* Items of multiple-choice cells ("Modelling, Visualisation") repeat
       across rows; the phrases of free text do not. */
    {
        size_t cap = 0, k = 0;
        char **items = NULL;
        for (i = 0; i < n; i++) {
            const char *p = v[i];
            while (*p) {
                size_t len = strcspn(p, ",;");
                const char *q = p;
                size_t m = len;
                cell_trim(&q, &m);
                if (m) {
                    if (k == cap) {
                        cap = cap ? 2 * cap : 64;
                        items = cli_xrealloc(items, cap * sizeof *items);
                    }
                    items[k++] = cli_xstrndup(q, m);
                }
                p += len;
                if (*p)
                    p++;
            }
        }
        if (k)
            qsort(items, k, sizeof *items, cmp_str);
        s->items = k;
        for (i = 0; i < k; i++)
            if (i == 0 || strcmp(items[i], items[i - 1]) != 0)
                s->distinct_items++;
        for (i = 0; i < k; i++)
            free(items[i]);
        free(items);
    }
    free(v);
}
