/*
 * nps followup: who to call back.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_FOLLOWUP_H
#define NPS_CLI_FOLLOWUP_H

#include "input.h"

typedef struct followup_opts {
    input_opts in;
    size_t limit;           /* newest K of each category */
    int has_since;
    int64_t since;
    const char *columns;    /* comma-separated; NULL = detect */
#define FOLLOWUP_MAX_COLUMNS 64
    const char *column[FOLLOWUP_MAX_COLUMNS]; /* --column, repeatable */
    size_t ncolumn;
    int json;
} followup_opts;

int followup_run(const followup_opts *o);

#endif
