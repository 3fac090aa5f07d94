/*
 * nps command-line tool: shared declarations.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_H
#define NPS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nps.h"

/* Exit codes; documented in docs/nps.1 and docs/cli.md. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_BADROWS = 1,  /* bad rows under --strict */
    CLI_EXIT_USAGE = 2,    /* bad option, value or column name */
    CLI_EXIT_IO = 3,       /* cannot open, read or write a file */
    CLI_EXIT_DATA = 4,     /* input unusable: no header, record too long */
    CLI_EXIT_INTERNAL = 5  /* out of memory or unexpected library error */
};

extern const char *cli_prog; /* "nps", for messages */

/* Prints "nps: message" on stderr (a newline is added). */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* malloc/realloc/strdup that exit with CLI_EXIT_INTERNAL on failure: the
   tool has nothing useful to do without memory. */
void *cli_xmalloc(size_t n);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrndup(const char *s, size_t n);

/* "12,345,678" */
const char *cli_fmt_count(uint64_t v, char *buf, size_t cap);
/* "p = 0.034", "p < 0.001" */
const char *cli_fmt_p(double p, char *buf, size_t cap);

/* Parsers for option values; return 0 on success, -1 on a bad value. */
int cli_parse_scale(const char *s, nps_scale *out);
int cli_parse_method(const char *s, nps_method *out);
const char *cli_method_name(nps_method m);
int cli_parse_level(const char *s, double *out);
int cli_parse_double(const char *s, double *out);
int cli_parse_u64(const char *s, uint64_t *out);

/* JSON output helpers. */
void cli_json_string(FILE *f, const char *s);
void cli_json_number(FILE *f, double v); /* NaN/inf -> null */

/* Case-insensitive ASCII comparison of a header cell with a name. */
int cli_name_eq(const char *a, const char *b);

#endif
