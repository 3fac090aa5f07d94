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
#include "detect.h"
#include "src.h"
#include "nps.h"

enum bad_reason {
    BAD_MISSING_SCORE,       /* unanswered: counted, not an error */
    BAD_NOT_INTEGER,         /* not an answer on the scale */
    BAD_OFF_SCALE,
    BAD_MISSING_TIME,        /* row kept, undated */
    BAD_TIME,                /* row kept, undated */
    BAD_UNTERMINATED,
    BAD_TOO_MANY_PERIODS,
    BAD_HEADER_REPEAT,       /* the header again (files put end to end) */
    BAD_MISSING_WEIGHT,      /* --weight: empty weight, row left out */
    BAD_WEIGHT,              /* --weight: not a positive finite number */
    BAD_NREASONS
};
/* Stable identifiers, used as JSON keys. */
extern const char *const bad_reason_key[BAD_NREASONS];

typedef struct input_opts {
    const char *path;        /* "-" for stdin */
    const char *command;     /* "report" or "followup", for hints */
    char delim;
    const char *score_col;   /* name or 1-based position; NULL = "score" */
    const char *time_col;    /* NULL = detect; "" = none */
    const char *segment_col; /* NULL = detect; "" = none */
    const char *weight_col;  /* name or 1-based position; NULL = none */
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
    src *src;
    csv_reader *csv;
    table sample;            /* the first records, for the decisions */
    size_t extra_header_rows;
    uint64_t header_rows_left; /* still to skip in the stream */
    int score_auto, time_auto; /* chosen without an option */
    int time_flags;          /* TP_EPOCH / TP_SERIAL */
    int date_order;          /* TP_MDY / TP_DMY / TP_ORDER_ANY */
    const char *date_how;    /* why, for the note; NULL: nothing decided */
    char delim;
    uint64_t unanswered, undated;
    uint64_t first_line[BAD_NREASONS][3];
    char example[BAD_NREASONS][48];
    FILE *bad_rows;          /* --bad-rows */
    csv_record rec;
    char **header;
    size_t nheader;
    long score_idx, time_idx, segment_idx; /* -1: none */
    long weight_idx;         /* -1: none */
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
    double weight;           /* 1 without a weight column */
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
/* One summary line per problem class on stderr (count, first lines, an
   example, the fix). */
void input_summary(input *in);
/* Exit status after reading @p n valid answers: CLI_EXIT_DATA with the
   commonest reason and the fix when there are none; a warning when many
   cells are not answers. */
int input_check_answers(input *in, uint64_t n);
/* Column index of @p spec (name, case-insensitive, or 1-based position),
   or -1. */
long input_column(const input *in, const char *spec);
/* Finds the first header among @p names (NULL-terminated), or -1. */
long input_find(const input *in, const char *const *names);
void input_progress_done(input *in);

#endif
