/*
 * What the file looks like, decided from its first records: delimiter,
 * extra header rows, the score, time and comment columns. Every decision
 * reads a bounded sample; none depends on the number of rows.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_DETECT_H
#define NPS_CLI_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "nps.h"

/* Records kept for the decisions. */
#define DETECT_MAX_ROWS 5000

typedef struct table {
    size_t ncol;
    char **head;          /* trimmed header names */
    size_t nrow;
    char ***cell;         /* nrow x nf[i] */
    size_t *nf;
    uint64_t *line;
} table;

/* The delimiter (',', ';', '\t' or '|') that splits the first records
   into the same number of fields, more than one; ',' when none does. */
char detect_delimiter(const char *p, size_t n, int complete);
/* Reads the header and up to DETECT_MAX_ROWS records of the sample
   (blank and delimiter-only lines left out; a record cut by the end of
   an incomplete sample dropped). 0, or -1 when there is no header. */
int table_read(table *t, const char *p, size_t n, int complete, char delim);
void table_free(table *t);

/* Rows right after the header that are more header (sub-labels, question
   text, ImportId tags): 0 to 3. */
size_t detect_header_rows(const table *t);

/* Score candidates: written into @p cand (capacity t->ncol) strongest
   first; returns how many, and *nbest those of equal top strength.
   *answers receives per column the answers found in the sample. */
size_t detect_score(const table *t, size_t skip, const nps_scale *scale,
                    long *cand, size_t *nbest, uint64_t *answers);

/* The time column or -1; *flags receives TP_EPOCH/TP_SERIAL as its name
   allows. */
long detect_time(const table *t, size_t skip, long not_col, int *flags);
/* Day-first or month-first for column @p col: TP_MDY or TP_DMY, with
   *how set to a short reason; TP_ORDER_ANY when the values cannot tell. */
int detect_date_order(const table *t, size_t skip, long col, int flags,
                      const char **how);

typedef struct col_stats {
    size_t nonempty, text, numeric, distinct;
    size_t items, distinct_items; /* cells split at commas and semicolons */
    double avg_len;
} col_stats;
void detect_col_stats(const table *t, size_t skip, size_t col, col_stats *s);
/* Whether a header holds one of the comment words (whole words, camelCase
   split), in several languages. */
int detect_comment_name(const char *h);
/* Whether a header names an identifier (id, respondent, email, name). */
int detect_id_name(const char *h);

/* The header words of column @p col, header rows included. */
void detect_header_text(const table *t, size_t skip, size_t col, char *buf,
                        size_t cap);

#endif
