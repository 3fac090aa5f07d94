/*
 * Reading survey rows: the header, the chosen columns, one validated row at
 * a time, and the accounting of bad rows.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_INPUT_H
#define NPS_CLI_INPUT_H

#include <stdint.h>
#include <stdio.h>

#include "csv.h"
#include "nps.h"

enum bad_reason {
    BAD_MISSING_SCORE,
    BAD_NOT_INTEGER,
    BAD_OFF_SCALE,
    BAD_MISSING_TIME,
    BAD_TIME,
    BAD_UNTERMINATED,
    BAD_TOO_MANY_PERIODS,
    BAD_NREASONS
};
/* Stable identifiers, used as JSON keys. */
extern const char *const bad_reason_key[BAD_NREASONS];

typedef struct input_opts {
    const char *path;        /* "-" for stdin */
    char delim;
    const char *score_col;   /* name or 1-based position; NULL = "score" */
    const char *time_col;    /* NULL = detect; "" = none */
    const char *segment_col; /* NULL = detect; "" = none */
    nps_scale scale;
    int strict;
    int want_segment;        /* detect a segment column when not named */
    const char *encoding;    /* NULL = detect (UTF-8/16 by BOM, else CP1252) */
    const char *date_format; /* strptime format for the time column */
    const char *bad_rows_path; /* CSV of every bad row, or NULL */
} input_opts;

typedef struct input {
    const input_opts *o;
    const char *name;        /* for messages: path or "<stdin>" */
    FILE *f;
    csv_reader *csv;
    csv_record rec;
    char **header;
    size_t nheader;
    long score_idx, time_idx, segment_idx; /* -1: none */
    uint64_t rows;           /* data records, blank lines excluded */
    uint64_t blank;
    uint64_t bad;
    uint64_t bad_by[BAD_NREASONS];
    int progress;            /* stderr is a terminal */
    int progress_shown;
    double t0;
} input;

typedef struct row {
    const csv_record *rec;
    uint64_t line;
    int score;
    int has_time;
    int64_t t;               /* the instant, UTC */
    const char *time_text;   /* as written (not NUL-trimmed) */
    size_t time_len;
    int64_t local;           /* t plus the offset written with it: the
                                wall-clock time the respondent saw */
    const char *segment;     /* NULL without a segment column */
    size_t segment_len;
} row;

/* Opens the file and reads the header. Returns a CLI_EXIT_* code. */
int input_open(input *in, const input_opts *o);
void input_close(input *in);
/* 1: a valid row; 0: end of input; < 0: -(CLI_EXIT_* code), fatal (the
   message is printed). Bad rows are reported, counted and skipped here. */
int input_next(input *in, row *out);
/* Reports a bad row found by the caller; returns -CLI_EXIT_BADROWS under
   --strict, else 0. */
int input_bad(input *in, uint64_t line, enum bad_reason why, const char *detail);
/* Column index of @p spec (name, case-insensitive, or 1-based position),
   or -1. */
long input_column(const input *in, const char *spec);
/* Finds the first header among @p names (NULL-terminated), or -1. */
long input_find(const input *in, const char *const *names);
void input_progress_done(input *in);

#endif
