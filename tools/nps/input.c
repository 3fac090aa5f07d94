/*
 * Reading survey rows.
 * SPDX-License-Identifier: MIT
 */
#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "timeparse.h"

const char *const bad_reason_key[BAD_NREASONS] = {
    "missing_score", "not_integer", "off_scale", "missing_time",
    "bad_time", "unterminated_quote", "too_many_periods"};

/* Generous: a survey comment can be long, but a record this size means an
   unbalanced quote, which would otherwise swallow the rest of the file. */
#define MAX_RECORD (4u << 20)

static const char *const time_names[] = {
    "time", "timestamp", "date", "datetime", "when", "submitted_at", "created_at",
    "answered_at", "responded_at", "completed_at", NULL};
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

static int resolve(input *in, const char *spec, const char *what, long *out)
{
    size_t i;
    *out = input_column(in, spec);
    if (*out < 0) {
        fprintf(stderr, "%s: %s: no %s column '%s'; the columns are:", cli_prog,
                in->name, what, spec);
        for (i = 0; i < in->nheader; i++)
            fprintf(stderr, "%s '%s'", i ? "," : "", in->header[i]);
        fputc('\n', stderr);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

int input_open(input *in, const input_opts *o)
{
    int rc;
    size_t i;
    memset(in, 0, sizeof *in);
    in->o = o;
    in->score_idx = in->time_idx = in->segment_idx = -1;
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
    in->csv = csv_new(in->f, o->delim ? o->delim : ',', MAX_RECORD);
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
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        in->header[i] = cli_xstrndup(s, n);
    }

    if ((rc = resolve(in, o->score_col ? o->score_col : "score", "score",
                      &in->score_idx)))
        return rc;
    if (!o->time_col)
        in->time_idx = input_find(in, time_names);
    else if (*o->time_col && (rc = resolve(in, o->time_col, "time", &in->time_idx)))
        return rc;
    if (!o->segment_col) {
        if (o->want_segment)
            in->segment_idx = input_find(in, segment_names);
    } else if (*o->segment_col &&
               (rc = resolve(in, o->segment_col, "segment", &in->segment_idx))) {
        return rc;
    }
    if (in->time_idx == in->score_idx)
        in->time_idx = -1;
    if (in->segment_idx == in->score_idx || in->segment_idx == in->time_idx)
        in->segment_idx = -1;
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
    if (in->f && in->f != stdin)
        fclose(in->f);
    for (i = 0; i < in->nheader; i++)
        free(in->header[i]);
    free(in->header);
    memset(in, 0, sizeof *in);
}

static const char *const reason_text[BAD_NREASONS] = {
    "missing score", "score is not an integer", "score is off the scale",
    "missing time", "unparsable time", "unterminated quoted field",
    "too many distinct periods"};

int input_bad(input *in, uint64_t line, enum bad_reason why, const char *detail)
{
    input_progress_done(in);
    in->bad++;
    in->bad_by[why]++;
    fprintf(stderr, "%s: %s:%llu: %s%s%s%s\n", cli_prog, in->name,
            (unsigned long long)line, in->o->strict ? "error: " : "",
            reason_text[why], detail ? ": " : "", detail ? detail : "");
    if (in->o->strict) {
        cli_error("stopping at the first bad row (--strict)");
        return -CLI_EXIT_BADROWS;
    }
    return 0;
}

/* Quotes a field for a message, shortened so one bad row stays one line. */
static const char *quote_field(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0, i;
    buf[o++] = '\'';
    for (i = 0; i < n && o + 6 < cap; i++)
        buf[o++] = (s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    if (i < n) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

static int parse_score(const char *s, size_t n, int *out)
{
    long v = 0;
    size_t i = 0;
    int neg = 0, nd = 0;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (++nd > 9)
            return -2; /* an integer, but far off any scale */
        v = v * 10 + (s[i] - '0');
    }
    if (nd == 0)
        return -1;
    *out = (int)(neg ? -v : v);
    return 0;
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

static int is_blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

int input_next(input *in, row *out)
{
    for (;;) {
        csv_record *r = &in->rec;
        int rc = csv_next(in->csv, r);
        char qbuf[80], msg[160];
        const char *f;
        size_t n;
        int ps;
        int32_t off;

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
        in->rows++;
        if (in->progress && (in->rows & 0xFFFFF) == 0)
            progress(in);
        if (r->unterminated) {
            if ((rc = input_bad(in, r->line, BAD_UNTERMINATED,
                                "the input ended inside quotes")))
                return rc;
            continue;
        }
        if ((size_t)in->score_idx >= r->nfields ||
            is_blank(r->field[in->score_idx], r->len[in->score_idx])) {
            if ((rc = input_bad(in, r->line, BAD_MISSING_SCORE, NULL)))
                return rc;
            continue;
        }
        f = r->field[in->score_idx];
        n = r->len[in->score_idx];
        ps = parse_score(f, n, &out->score);
        if (ps == -1) {
            if ((rc = input_bad(in, r->line, BAD_NOT_INTEGER,
                                quote_field(f, n, qbuf, sizeof qbuf))))
                return rc;
            continue;
        }
        if (ps == -2 || out->score < in->o->scale.min ||
            out->score > in->o->scale.max) {
            snprintf(msg, sizeof msg, "%s not in %d-%d",
                     quote_field(f, n, qbuf, sizeof qbuf), in->o->scale.min,
                     in->o->scale.max);
            if ((rc = input_bad(in, r->line, BAD_OFF_SCALE, msg)))
                return rc;
            continue;
        }
        out->has_time = 0;
        if (in->time_idx >= 0) {
            if ((size_t)in->time_idx >= r->nfields ||
                is_blank(r->field[in->time_idx], r->len[in->time_idx])) {
                if ((rc = input_bad(in, r->line, BAD_MISSING_TIME, NULL)))
                    return rc;
                continue;
            }
            f = r->field[in->time_idx];
            n = r->len[in->time_idx];
            if (tp_parse(f, n, &out->t, &off)) {
                if ((rc = input_bad(in, r->line, BAD_TIME,
                                    quote_field(f, n, qbuf, sizeof qbuf))))
                    return rc;
                continue;
            }
            out->has_time = 1;
            out->time_text = f;
            out->time_len = n;
            out->local = out->t + off;
        }
        out->segment = NULL;
        out->segment_len = 0;
        if (in->segment_idx >= 0) {
            if ((size_t)in->segment_idx < r->nfields &&
                !is_blank(r->field[in->segment_idx], r->len[in->segment_idx])) {
                out->segment = r->field[in->segment_idx];
                out->segment_len = r->len[in->segment_idx];
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
