/*
 * Reading one cell: an answer on the scale, an unanswered marker, or a
 * date-time in the forms survey tools write.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_CELLS_H
#define NPS_CLI_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "nps.h"

enum cell_answer_kind {
    ANS_OK = 0,
    ANS_UNANSWERED = 1, /* empty, NA, N/A, null, -, ... */
    ANS_MALFORMED = 2,  /* text that is not a number */
    ANS_NOT_INTEGER = 3, /* 7.5 */
    ANS_OFF_SCALE = 4
};

/* Trims blanks (space, tab, no-break space) from both ends. */
void cell_trim(const char **s, size_t *n);
/* 1 for the cells surveys use for "no answer". */
int cell_unanswered(const char *s, size_t n);
/* Integers, integral decimals ("10.0", "10,0") and a leading integer
   followed by its label ("10 - Extremely likely", "9 (Very likely)",
   "10 = ..."). */
int cell_answer(const char *s, size_t n, const nps_scale *scale, int *out);
/* 1 if the cell is a plain number (integer or decimal). */
int cell_is_number(const char *s, size_t n);

enum { TP_ORDER_ANY = 0, TP_MDY = 1, TP_DMY = 2 };
enum {
    TP_EPOCH = 1,  /* bare integers are epoch seconds (or milliseconds) */
    TP_SERIAL = 2  /* bare numbers are Excel serial days or YYYYMM months */
};

/* Parses ISO 8601, M/D/Y and D/M/Y (2- or 4-digit years; '/', '-', '.'),
   Y/M/D, month names (English, French, Spanish, German), with an optional
   time H:MM[:SS[.f]] [AM|PM] and offset. @p order settles A/B/Y dates;
   TP_ORDER_ANY reads them month first unless the first field is above 12.
   @p fa, @p fb (may be NULL) receive the first two fields of an A/B/Y
   date (0 for other forms). Returns 0 with the UTC instant in *t and the
   written offset in *off, or -1. */
int tp_parse_flex(const char *s, size_t n, int order, int flags, int64_t *t,
                  int32_t *off, int *fa, int *fb);
/* strptime with @p fmt; the result is read as UTC. */
int tp_parse_format(const char *s, size_t n, const char *fmt, int64_t *t);

#endif
