/*
 * Timestamps (ISO 8601 or epoch seconds) and calendar periods, in UTC.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_TIMEPARSE_H
#define NPS_CLI_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

typedef enum period_unit { BY_DAY, BY_WEEK, BY_MONTH, BY_QUARTER } period_unit;

/* Parses "2024-03-01", "2024-03-01T09:30[:00[.123]][Z|+01:00|+0100|+01]"
   (a space may replace the T; no offset means UTC) or epoch seconds
   ("1709285400", optionally with a fraction, which is dropped). Leading
   and trailing blanks are ignored. Returns 0 and the UTC epoch second, or
   -1. Years 0000-9999 only. @p offset (may be NULL) receives the UTC
   offset written in the string, in seconds (0 when there is none). */
int tp_parse(const char *s, size_t len, int64_t *out, int32_t *offset);

int64_t tp_days_from_civil(int64_t y, int m, int d);
void tp_civil_from_days(int64_t z, int64_t *y, int *m, int *d);

int tp_parse_unit(const char *s, period_unit *out);
const char *tp_unit_name(period_unit u); /* "day", "week", ... */

/* Periods are buckets of the library's timeline geometry (report.c); from
   a period's start (UTC seconds): its index (days since the epoch,
   Monday-weeks, months since year 0, quarters), for distances between
   periods, and its label: "2024-03-01", "2024-W09" (ISO week), "2024-03",
   "2024-Q1". */
int64_t tp_period_index(int64_t start, period_unit u);
void tp_period_label(int64_t start, period_unit u, char *buf, size_t cap);
/* "2024-03-01T09:30:00Z" */
void tp_format(int64_t t, char *buf, size_t cap);

#endif
