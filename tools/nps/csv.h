/*
 * Streaming RFC 4180 reader: memory grows with the longest record, never
 * with the number of records.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_CSV_H
#define NPS_CLI_CSV_H

#include <stdint.h>
#include <stdio.h>

typedef struct csv_reader csv_reader;
struct src;

typedef struct csv_record {
    size_t nfields;
    char **field;        /* NUL-terminated; valid until the next call */
    size_t *len;         /* byte length of each field */
    uint64_t line;       /* physical line where the record starts (1-based) */
    int blank;           /* an empty line: one empty, unquoted field */
    int unterminated;    /* the input ended inside a quoted field */
} csv_record;

enum { CSV_RECORD = 1, CSV_EOF = 0, CSV_ERR_IO = -1, CSV_ERR_TOOLONG = -2 };

/* A reader over @p in (not closed by csv_free). A leading UTF-8 BOM is
   skipped; records end at LF, CRLF or CR; quoted fields may hold the
   delimiter, quotes ("") and line breaks. A record longer than
   @p max_record bytes is CSV_ERR_TOOLONG. */
csv_reader *csv_new(struct src *in, char delim, size_t max_record);
void csv_free(csv_reader *r);
int csv_next(csv_reader *r, csv_record *rec);

#endif
