/*
 * nps command-line tool: messages, allocation, number formatting and
 * option-value parsers.
 * SPDX-License-Identifier: MIT
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *cli_prog = "nps";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void *cli_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        cli_error("out of memory");
        exit(CLI_EXIT_INTERNAL);
    }
    return p;
}

void *cli_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        cli_error("out of memory");
        exit(CLI_EXIT_INTERNAL);
    }
    return q;
}

char *cli_xstrndup(const char *s, size_t n)
{
    char *d = cli_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

const char *cli_fmt_count(uint64_t v, char *buf, size_t cap)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    size_t o = 0;
    int i;
    for (i = 0; i < len && o + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *cli_fmt_p(double p, char *buf, size_t cap)
{
    if (isnan(p))
        snprintf(buf, cap, "p = n/a");
    else if (p < 0.001)
        snprintf(buf, cap, "p < 0.001");
    else
        snprintf(buf, cap, "p = %.3f", p);
    return buf;
}

int cli_parse_double(const char *s, double *out)
{
    char *end;
    double v;
    if (!s || !*s)
        return -1;
    errno = 0;
    v = strtod(s, &end);
    if (errno || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!s || !isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_int(const char **p, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(*p, &end, 10);
    if (end == *p || errno || v < -1000000 || v > 1000000)
        return -1;
    *out = (int)v;
    *p = end;
    return 0;
}

int cli_parse_scale(const char *s, nps_scale *out)
{
    nps_scale sc;
    const char *p = s;
    if (!s)
        return -1;
    /* Short forms name the two scales programmes actually use; anything
       else spells out its thresholds. */
    if (strcmp(s, "0-10") == 0) {
        sc.min = 0; sc.max = 10; sc.passive_min = 7; sc.promoter_min = 9;
    } else if (strcmp(s, "1-10") == 0) {
        sc.min = 1; sc.max = 10; sc.passive_min = 7; sc.promoter_min = 9;
    } else {
        if (parse_int(&p, &sc.min) || *p++ != ',' || parse_int(&p, &sc.max) ||
            *p++ != ',' || parse_int(&p, &sc.passive_min) || *p++ != ',' ||
            parse_int(&p, &sc.promoter_min) || *p)
            return -1;
    }
    if (nps_scale_validate(&sc) != NPS_OK)
        return -1;
    *out = sc;
    return 0;
}

/* The library's names: every spelling 1.0 accepted still parses. */
int cli_parse_method(const char *s, nps_method *out)
{
    return nps_method_parse(s, out) == NPS_OK ? 0 : -1;
}

const char *cli_method_name(nps_method m)
{
    return nps_method_name(m);
}

int cli_parse_level(const char *s, double *out)
{
    double v;
    if (cli_parse_double(s, &v))
        return -1;
    /* "95" is how people say it; the library wants 0.95. */
    if (v >= 1 && v < 100)
        v /= 100;
    if (!(v > 0 && v < 1))
        return -1;
    *out = v;
    return 0;
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t len, i;
    uint32_t cp;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2, cp = p[0] & 0x1F;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3, cp = p[0] & 0x0F;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4, cp = p[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

void cli_json_string(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    fputc('"', f);
    while (n) {
        size_t len;
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20) {
                fprintf(f, "\\u%04x", *p);
                break;
            }
            /* Exports in legacy encodings must still give valid JSON. */
            len = utf8_len(p, n);
            if (len == 0) {
                fputs("\\ufffd", f);
                break;
            }
            fwrite(p, 1, len, f);
            p += len;
            n -= len;
            continue;
        }
        p++;
        n--;
    }
    fputc('"', f);
}

void cli_json_number(FILE *f, double v)
{
    if (!isfinite(v))
        fputs("null", f);
    else {
        /* The shortest form that reads back as the same double. */
        char buf[32];
        int prec;
        for (prec = 15; prec < 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        if (prec == 17)
            snprintf(buf, sizeof buf, "%.17g", v);
        fputs(buf, f);
    }
}

int cli_name_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}
