/*
 * Reading survey rows.
 * SPDX-License-Identifier: MIT
 */
#include "input.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cells.h"
#include "timeparse.h"

const char *const bad_reason_key[BAD_NREASONS] = {
    "missing_score", "not_integer", "off_scale", "missing_time",
    "bad_time", "unterminated_quote", "too_many_periods", "repeated_header",
    "missing_weight", "bad_weight"};

/* Generous: a survey comment can be long, but a record this size means an
   unbalanced quote, which would otherwise swallow the rest of the file. */
#define MAX_RECORD (4u << 20)

static const char *const segment_names[] = {
    "segment", "plan", "tier", "region", "group", "cohort", NULL};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

long input_column(const input *in, const char *spec)
{
    size_t i;
    uint64_t pos;
    for (i = 0; i < in->nheader; i++)
        if (cli_name_eq(in->header[i], spec))
            return (long)i;
    if (cli_parse_u64(spec, &pos) == 0 && pos >= 1 && pos <= in->nheader)
        return (long)(pos - 1);
    /* Qualtrics: the question text row names the column too. */
    for (i = 0; i < in->nheader && in->extra_header_rows; i++)
        if (i < in->sample.nf[0] && cli_name_eq(in->sample.cell[0][i], spec))
            return (long)i;
    return -1;
}

long input_find(const input *in, const char *const *names)
{
    for (; *names; names++) {
        long i = input_column(in, *names);
        if (i >= 0)
            return i;
    }
    return -1;
}

static void print_columns(const input *in)
{
    size_t i;
    fprintf(stderr, "%s: the columns are:\n", cli_prog);
    for (i = 0; i < in->nheader; i++)
        fprintf(stderr, "  %3zu  %s\n", i + 1, in->header[i]);
}

static int resolve(input *in, const char *spec, const char *what, long *out)
{
    *out = input_column(in, spec);
    if (*out < 0) {
        fprintf(stderr, "%s: %s: no %s column '%s'; give its name or number:", cli_prog,
                in->name, what, spec);
        {
            size_t i;
            for (i = 0; i < in->nheader; i++)
                fprintf(stderr, "%s %zu '%s'", i ? "," : "", i + 1, in->header[i]);
        }
        fputc('\n', stderr);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static const char *delim_name(char d)
{
    switch (d) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    default: return "custom";
    }
}

static int choose_score(input *in)
{
    const input_opts *o = in->o;
    long *cand;
    uint64_t *answers;
    size_t n, nbest, i;
    long named;
    if (o->score_col)
        return resolve(in, o->score_col, "score", &in->score_idx);
    /* 1.0: a column named "score" is the score. */
    if ((named = input_column(in, "score")) >= 0) {
        in->score_idx = named;
        return CLI_EXIT_OK;
    }
    cand = cli_xmalloc((in->nheader ? in->nheader : 1) * sizeof *cand);
    answers = cli_xmalloc((in->nheader ? in->nheader : 1) * sizeof *answers);
    n = detect_score(&in->sample, in->extra_header_rows, &o->scale, cand, &nbest,
                     answers);
    if (n == 0) {
        cli_error("%s: no score column: no column is named score or nps, and none "
                  "asks how likely one is to recommend with answers on the %d-%d "
                  "scale; choose one with --score NAME or --score NUMBER",
                  in->name, o->scale.min, o->scale.max);
        print_columns(in);
        free(cand);
        free(answers);
        return CLI_EXIT_USAGE;
    }
    if (nbest > 1) {
        cli_error("%s: %zu columns could be the score; choose one with --score:",
                  in->name, nbest);
        for (i = 0; i < nbest; i++) {
            char b[32];
            fprintf(stderr, "  %zu. column %ld '%s': %s answers on the scale in the "
                    "first %zu rows\n", i + 1, cand[i] + 1, in->header[cand[i]],
                    cli_fmt_count(answers[cand[i]], b, sizeof b),
                    in->sample.nrow - in->extra_header_rows);
        }
        fprintf(stderr, "e.g.: %s %s --score %ld %s\n", cli_prog,
                o->command ? o->command : "report", cand[0] + 1, in->name);
        free(cand);
        free(answers);
        return CLI_EXIT_USAGE;
    }
    in->score_idx = cand[0];
    in->score_auto = 1;
    free(cand);
    free(answers);
    return CLI_EXIT_OK;
}

static int choose_time(input *in)
{
    const input_opts *o = in->o;
    int rc;
    in->date_order = TP_ORDER_ANY;
    if (!o->time_col) {
        in->time_idx = detect_time(&in->sample, in->extra_header_rows, in->score_idx,
                                   &in->time_flags);
        in->time_auto = in->time_idx >= 0;
    } else if (*o->time_col) {
        int pri_flags = TP_EPOCH;
        if ((rc = resolve(in, o->time_col, "time", &in->time_idx)))
            return rc;
        in->time_flags = pri_flags | TP_SERIAL;
    }
    if (in->time_idx >= 0 && !o->date_format)
        in->date_order = detect_date_order(&in->sample, in->extra_header_rows,
                                           in->time_idx, in->time_flags, &in->date_how);
    return CLI_EXIT_OK;
}

int input_open(input *in, const input_opts *o)
{
    int rc = 0;
    size_t i, slen;
    int complete;
    const char *sample;
    memset(in, 0, sizeof *in);
    in->o = o;
    in->score_idx = in->time_idx = in->segment_idx = in->weight_idx = -1;
    if (strcmp(o->path, "-") == 0) {
        in->name = "<stdin>";
        in->f = stdin;
    } else {
        in->name = o->path;
        in->f = fopen(o->path, "rb");
        if (!in->f) {
            cli_error("%s: %s", o->path, strerror(errno));
            return CLI_EXIT_IO;
        }
    }
    in->src = src_open(in->f, in->name, o->encoding, &rc);
    if (!in->src)
        return rc;
    if (src_fallback(in->src))
        cli_error("%s: not UTF-8; read as Windows-1252 (--encoding to choose another)",
                  in->name);
    sample = src_sample(in->src, &slen, &complete);
    in->delim = o->delim ? o->delim : detect_delimiter(sample, slen, complete);
    if (table_read(&in->sample, sample, slen, complete, in->delim)) {
        cli_error("%s: empty input: a header row is required", in->name);
        return CLI_EXIT_DATA;
    }
    in->csv = csv_new(in->src, in->delim, MAX_RECORD);
    rc = csv_next(in->csv, &in->rec);
    while (rc == CSV_RECORD && in->rec.blank)
        rc = csv_next(in->csv, &in->rec);
    if (rc == CSV_ERR_IO) {
        cli_error("%s: read error: %s", in->name, strerror(errno));
        return CLI_EXIT_IO;
    }
    if (rc != CSV_RECORD || in->rec.unterminated) {
        cli_error("%s: %s", in->name,
                  rc == CSV_EOF ? "empty input: a header row is required"
                                : "malformed header row");
        return CLI_EXIT_DATA;
    }
    in->nheader = in->rec.nfields;
    in->header = cli_xmalloc(in->nheader * sizeof *in->header);
    for (i = 0; i < in->nheader; i++) {
        /* Trim: "score " and " score" in hand-made files mean "score". */
        const char *s = in->rec.field[i];
        size_t n = in->rec.len[i];
        cell_trim(&s, &n);
        in->header[i] = cli_xstrndup(s, n);
    }
    if (!o->delim && in->delim != ',')
        cli_error("%s: fields separated by %s (--delimiter to change)", in->name,
                  delim_name(in->delim));
    in->extra_header_rows = detect_header_rows(&in->sample);
    in->header_rows_left = in->extra_header_rows;
    if (in->extra_header_rows)
        cli_error("%s: %zu more header row%s after the first (sub-labels or question "
                  "text): skipped", in->name, in->extra_header_rows,
                  in->extra_header_rows == 1 ? "" : "s");

    if ((rc = choose_score(in)))
        return rc;
    if ((rc = choose_time(in)))
        return rc;
    if (!o->segment_col) {
        if (o->want_segment)
            in->segment_idx = input_find(in, segment_names);
    } else if (*o->segment_col &&
               (rc = resolve(in, o->segment_col, "segment", &in->segment_idx))) {
        return rc;
    }
    if (o->weight_col) {
        if ((rc = resolve(in, o->weight_col, "weight", &in->weight_idx)))
            return rc;
        if (in->weight_idx == in->score_idx) {
            cli_error("%s: the weight column cannot be the score column", in->name);
            return CLI_EXIT_USAGE;
        }
        if (in->time_idx == in->weight_idx)
            in->time_idx = -1;
        if (in->segment_idx == in->weight_idx)
            in->segment_idx = -1;
    }
    if (in->time_idx == in->score_idx)
        in->time_idx = -1;
    if (in->segment_idx == in->score_idx || in->segment_idx == in->time_idx)
        in->segment_idx = -1;
    if (in->score_auto)
        cli_error("%s: score column %ld '%s' (--score to choose another)", in->name,
                  in->score_idx + 1, in->header[in->score_idx]);
    if (in->time_idx >= 0 && (in->time_auto || in->date_how)) {
        char how[160] = "";
        if (o->date_format)
            snprintf(how, sizeof how, "; format '%s'", o->date_format);
        else if (in->date_how && strcmp(in->date_how, "undecidable") != 0)
            snprintf(how, sizeof how, "; dates read %s", in->date_how);
        cli_error("%s: time column %ld '%s'%s (--time to choose another, --time '' "
                  "for none)", in->name, in->time_idx + 1, in->header[in->time_idx], how);
        if (in->date_how && strcmp(in->date_how, "undecidable") == 0 && !o->date_format)
            cli_error("%s: cannot tell day-first from month-first dates in '%s': "
                      "those rows are undated; give --date-format '%%d/%%m/%%Y "
                      "%%H:%%M' or '%%m/%%d/%%Y %%H:%%M'", in->name,
                      in->header[in->time_idx]);
    }
    if (o->bad_rows_path) {
        in->bad_rows = fopen(o->bad_rows_path, "w");
        if (!in->bad_rows) {
            cli_error("%s: %s", o->bad_rows_path, strerror(errno));
            return CLI_EXIT_IO;
        }
        fputs("line,reason,value\n", in->bad_rows);
    }
    in->progress = isatty(fileno(stderr));
    in->t0 = in->progress ? now_s() : 0;
    return CLI_EXIT_OK;
}

void input_progress_done(input *in)
{
    if (in->progress_shown) {
        fputs("\r\033[K", stderr);
        in->progress_shown = 0;
    }
}

void input_close(input *in)
{
    size_t i;
    input_progress_done(in);
    csv_free(in->csv);
    src_free(in->src);
    table_free(&in->sample);
    if (in->bad_rows)
        fclose(in->bad_rows);
    if (in->f && in->f != stdin)
        fclose(in->f);
    for (i = 0; i < in->nheader; i++)
        free(in->header[i]);
    free(in->header);
    memset(in, 0, sizeof *in);
}

static const char *const reason_text[BAD_NREASONS] = {
    "unanswered", "not an answer on the scale", "score off the scale",
    "missing time", "unparsable time", "unterminated quoted field",
    "too many distinct periods", "header row repeated", "missing weight",
    "weight not a positive number"};

/* Classes that are errors (a row left out, or --strict stops). */
static int is_error(enum bad_reason why)
{
    return why == BAD_NOT_INTEGER || why == BAD_OFF_SCALE || why == BAD_TIME ||
           why == BAD_UNTERMINATED || why == BAD_TOO_MANY_PERIODS ||
           why == BAD_MISSING_WEIGHT || why == BAD_WEIGHT;
}

/* A value for a message, shortened so one problem stays one line. */
static void shorten(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0, i;
    for (i = 0; i < n && o + 4 < cap; i++)
        buf[o++] = (s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    /* Never cut a UTF-8 sequence. */
    while (i < n && o > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
        o--;
        i--;
    }
    if (i < n) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

static void csv_cell(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int record_problem(input *in, uint64_t line, enum bad_reason why,
                          const char *value, size_t vlen)
{
    uint64_t k = in->bad_by[why]++;
    if (k < 3)
        in->first_line[why][k] = line;
    if (k == 0 && value)
        shorten(value, vlen, in->example[why], sizeof in->example[why]);
    if (why != BAD_MISSING_TIME && why != BAD_TIME && why != BAD_MISSING_SCORE &&
        why != BAD_HEADER_REPEAT)
        in->bad++;
    if (in->bad_rows) {
        fprintf(in->bad_rows, "%llu,%s,", (unsigned long long)line, bad_reason_key[why]);
        if (value) {
            char *v = cli_xstrndup(value, vlen);
            csv_cell(in->bad_rows, v);
            free(v);
        }
        fputc('\n', in->bad_rows);
    }
    if (in->o->strict && is_error(why)) {
        char buf[64];
        input_progress_done(in);
        shorten(value ? value : "", value ? vlen : 0, buf, sizeof buf);
        fprintf(stderr, "%s: %s:%llu: error: %s%s%s%s\n", cli_prog, in->name,
                (unsigned long long)line, reason_text[why], value ? " '" : "",
                value ? buf : "", value ? "'" : "");
        cli_error("stopping at the first bad row (--strict)");
        return -CLI_EXIT_BADROWS;
    }
    return 0;
}

/* The weight of a row: 0 with *w set, 1 for a bad row (reported), or
   -(exit code) under --strict. The library's range: [2^-448, 2^448]. */
static int parse_weight(input *in, const csv_record *r, double *w)
{
    const char *f = (size_t)in->weight_idx < r->nfields ? r->field[in->weight_idx] : "";
    size_t n = (size_t)in->weight_idx < r->nfields ? r->len[in->weight_idx] : 0;
    char buf[64], *end;
    double v;
    int rc;
    cell_trim(&f, &n);
    if (n == 0 || cell_unanswered(f, n)) {
        rc = record_problem(in, r->line, BAD_MISSING_WEIGHT, f, n);
        return rc ? rc : 1;
    }
    if (n < sizeof buf) {
        memcpy(buf, f, n);
        buf[n] = '\0';
        errno = 0;
        v = strtod(buf, &end);
        if (end == buf + n && isfinite(v) && v >= ldexp(1, -448) && v <= ldexp(1, 448)) {
            *w = v;
            return 0;
        }
    }
    rc = record_problem(in, r->line, BAD_WEIGHT, f, n);
    return rc ? rc : 1;
}

int input_bad(input *in, uint64_t line, enum bad_reason why, const char *detail)
{
    return record_problem(in, line, why, detail, detail ? strlen(detail) : 0);
}

static const char *fix_text(const input *in, enum bad_reason why, char *buf, size_t cap)
{
    const nps_scale *sc = &in->o->scale;
    switch (why) {
    case BAD_MISSING_SCORE:
        return "not counted (empty, NA and the like mean no answer)";
    case BAD_NOT_INTEGER:
        snprintf(buf, cap, "rows left out; is '%s' the score column (--score)?",
                 in->header[in->score_idx]);
        return buf;
    case BAD_OFF_SCALE:
        snprintf(buf, cap, "rows left out; the scale is %d-%d (--scale)", sc->min,
                 sc->max);
        return buf;
    case BAD_MISSING_TIME:
        return "rows counted, but not in any period";
    case BAD_TIME:
        return "rows counted, but not in any period (--date-format, or --time)";
    case BAD_UNTERMINATED:
        return "rows left out; a quote opened and never closed";
    case BAD_TOO_MANY_PERIODS:
        return "rows left out; use a coarser --by";
    case BAD_HEADER_REPEAT:
        return "skipped (files put end to end)";
    case BAD_MISSING_WEIGHT:
        snprintf(buf, cap, "rows left out; every answer needs its weight in '%s'",
                 in->header[in->weight_idx]);
        return buf;
    case BAD_WEIGHT:
        snprintf(buf, cap, "rows left out; weights in '%s' must be positive and "
                 "finite (--weight)", in->header[in->weight_idx]);
        return buf;
    default:
        return "";
    }
}

void input_summary(input *in)
{
    int w;
    int any_error = 0;
    input_progress_done(in);
    for (w = 0; w < BAD_NREASONS; w++) {
        uint64_t k = in->bad_by[w], i;
        char lines[96] = "", b[32], fix[160];
        size_t o = 0;
        if (!k)
            continue;
        any_error |= is_error((enum bad_reason)w);
        for (i = 0; i < k && i < 3; i++)
            o += (size_t)snprintf(lines + o, sizeof lines - o, "%s%llu", i ? ", " : "",
                                  (unsigned long long)in->first_line[w][i]);
        if (k > 3)
            snprintf(lines + o, sizeof lines - o, ", ...");
        fprintf(stderr, "%s: %s: %s %s at line%s %s%s%s%s: %s\n", cli_prog, in->name,
                cli_fmt_count(k, b, sizeof b), reason_text[w], k == 1 ? "" : "s", lines,
                in->example[w][0] ? " (e.g. '" : "", in->example[w],
                in->example[w][0] ? "')" : "", fix_text(in, (enum bad_reason)w, fix,
                                                        sizeof fix));
    }
    if (any_error && !in->bad_rows)
        fprintf(stderr, "%s: --bad-rows FILE writes every one of them\n", cli_prog);
}

int input_check_answers(input *in, uint64_t n)
{
    uint64_t malformed = in->bad_by[BAD_NOT_INTEGER] + in->bad_by[BAD_OFF_SCALE];
    const char *col = in->header[in->score_idx];
    if (n == 0) {
        enum bad_reason top = BAD_MISSING_SCORE;
        if (in->bad_by[BAD_NOT_INTEGER] > in->bad_by[top])
            top = BAD_NOT_INTEGER;
        if (in->bad_by[BAD_OFF_SCALE] > in->bad_by[top])
            top = BAD_OFF_SCALE;
        if (in->rows == 0)
            cli_error("%s: no answers: the file has a header and no data rows", in->name);
        else if (top == BAD_MISSING_SCORE)
            cli_error("%s: no answers: every cell of score column '%s' is empty or NA; "
                      "is it the right column (--score)?", in->name, col);
        else if (top == BAD_NOT_INTEGER)
            cli_error("%s: no answers: the cells of score column '%s' are not numbers "
                      "(e.g. '%s'); choose the 0-10 column with --score", in->name, col,
                      in->example[top]);
        else
            cli_error("%s: no answers: the scores of '%s' are off the %d-%d scale "
                      "(e.g. '%s'); set --scale", in->name, col, in->o->scale.min,
                      in->o->scale.max, in->example[top]);
        return CLI_EXIT_DATA;
    }
    if (malformed * 10 > malformed + n)
        cli_error("warning: %.0f%% of the answered cells of score column '%s' are not "
                  "answers on the %d-%d scale: wrong column (--score) or scale "
                  "(--scale)?", 100.0 * (double)malformed / (double)(malformed + n), col,
                  in->o->scale.min, in->o->scale.max);
    return CLI_EXIT_OK;
}

static void progress(input *in)
{
    double t = now_s() - in->t0;
    char buf[32];
    if (t < 1)
        return;
    fprintf(stderr, "\r%s: %s rows (%.0f s)", cli_prog,
            cli_fmt_count(in->rows, buf, sizeof buf), t);
    fflush(stderr);
    in->progress_shown = 1;
}

static int is_blank_record(const csv_record *r)
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

static int is_header_again(const input *in, const csv_record *r)
{
    size_t i;
    if (r->nfields != in->nheader)
        return 0;
    for (i = 0; i < r->nfields; i++) {
        const char *s = r->field[i];
        size_t n = r->len[i];
        cell_trim(&s, &n);
        if (strlen(in->header[i]) != n || memcmp(in->header[i], s, n) != 0)
            return 0;
    }
    return 1;
}

/* The usual cell, a bare integer, without the general parser. */
static int fast_int(const char *s, size_t n, int *out)
{
    int v = 0;
    size_t i;
    if (n == 0 || n > 3)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int parse_time(input *in, const char *f, size_t n, row *out)
{
    int32_t off = 0;
    int a, b;
    if (in->o->date_format) {
        if (tp_parse_format(f, n, in->o->date_format, &out->t))
            return -1;
    } else {
        if (tp_parse_flex(f, n, in->date_order, in->time_flags, &out->t, &off, &a, &b))
            return -1;
        /* An undecided column: 3/4/2020 could be either. */
        if (in->date_order == TP_ORDER_ANY && a && a != b && a <= 12 && b <= 12)
            return -1;
    }
    out->local = out->t + off;
    return 0;
}

int input_next(input *in, row *out)
{
    for (;;) {
        csv_record *r = &in->rec;
        int rc = csv_next(in->csv, r);
        const char *f;
        size_t n;
        int k;

        if (rc == CSV_EOF) {
            input_progress_done(in);
            return 0;
        }
        if (rc == CSV_ERR_IO) {
            input_progress_done(in);
            cli_error("%s: read error: %s", in->name, strerror(errno));
            return -CLI_EXIT_IO;
        }
        if (rc == CSV_ERR_TOOLONG) {
            input_progress_done(in);
            cli_error("%s:%llu: record longer than %u bytes (an unbalanced quote?)",
                      in->name, (unsigned long long)r->line, MAX_RECORD);
            return -CLI_EXIT_DATA;
        }
        if (r->blank) {
            in->blank++;
            continue;
        }
        if (in->header_rows_left) {
            if (!is_blank_record(r))
                in->header_rows_left--;
            continue;
        }
        if (r->unterminated) {
            in->rows++;
            if ((rc = record_problem(in, r->line, BAD_UNTERMINATED, NULL, 0)))
                return rc;
            continue;
        }
        f = (size_t)in->score_idx < r->nfields ? r->field[in->score_idx] : "";
        n = (size_t)in->score_idx < r->nfields ? r->len[in->score_idx] : 0;
        if (fast_int(f, n, &out->score) == 0 && out->score >= in->o->scale.min &&
            out->score <= in->o->scale.max) {
            k = ANS_OK;
        } else {
            k = cell_answer(f, n, &in->o->scale, &out->score);
            if (k == ANS_UNANSWERED && is_blank_record(r)) {
                in->blank++; /* a delimiter-only line */
                continue;
            }
            if (k == ANS_MALFORMED && is_header_again(in, r)) {
                if ((rc = record_problem(in, r->line, BAD_HEADER_REPEAT, NULL, 0)))
                    return rc;
                continue;
            }
        }
        in->rows++;
        if (in->progress && (in->rows & 0xFFFFF) == 0)
            progress(in);
        if (k != ANS_OK) {
            enum bad_reason why = k == ANS_UNANSWERED ? BAD_MISSING_SCORE
                                  : k == ANS_OFF_SCALE ? BAD_OFF_SCALE
                                                       : BAD_NOT_INTEGER;
            if (k == ANS_UNANSWERED)
                in->unanswered++;
            if ((rc = record_problem(in, r->line, why, f, n)))
                return rc;
            continue;
        }
        out->weight = 1;
        if (in->weight_idx >= 0) {
            int wrc = parse_weight(in, r, &out->weight);
            if (wrc < 0)
                return wrc;
            if (wrc > 0)
                continue;
        }
        out->has_time = 0;
        if (in->time_idx >= 0) {
            f = (size_t)in->time_idx < r->nfields ? r->field[in->time_idx] : "";
            n = (size_t)in->time_idx < r->nfields ? r->len[in->time_idx] : 0;
            if (parse_time(in, f, n, out) == 0) {
                out->has_time = 1;
                out->time_text = f;
                out->time_len = n;
            } else if (cell_unanswered(f, n)) {
                in->undated++;
                if ((rc = record_problem(in, r->line, BAD_MISSING_TIME, NULL, 0)))
                    return rc;
            } else {
                in->undated++;
                if ((rc = record_problem(in, r->line, BAD_TIME, f, n)))
                    return rc;
            }
        }
        out->segment = NULL;
        out->segment_len = 0;
        if (in->segment_idx >= 0) {
            const char *sg = (size_t)in->segment_idx < r->nfields
                                 ? r->field[in->segment_idx] : "";
            size_t sn = (size_t)in->segment_idx < r->nfields ? r->len[in->segment_idx] : 0;
            cell_trim(&sg, &sn);
            if (sn) {
                out->segment = sg;
                out->segment_len = sn;
            } else {
                /* A missing segment is a fact about the answer, not an
                   error: it gets its own row in the table. */
                out->segment = "(none)";
                out->segment_len = 6;
            }
        }
        out->rec = r;
        out->line = r->line;
        return 1;
    }
}
