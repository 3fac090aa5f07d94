/*
 * Reading one cell (see cells.h).
 * SPDX-License-Identifier: MIT
 */
#define _XOPEN_SOURCE 700
#include "cells.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "timeparse.h"

static int is_blank_at(const char *s, size_t n, size_t i, size_t *w)
{
    if (s[i] == ' ' || s[i] == '\t') {
        *w = 1;
        return 1;
    }
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2;
        return 1;
    }
    return 0;
}

void cell_trim(const char **s, size_t *n)
{
    size_t w;
    while (*n && is_blank_at(*s, *n, 0, &w)) {
        *s += w;
        *n -= w;
    }
    while (*n) {
        if ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')
            (*n)--;
        else if (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2 &&
                 (unsigned char)(*s)[*n - 1] == 0xA0)
            *n -= 2;
        else
            break;
    }
}

int cell_unanswered(const char *s, size_t n)
{
    static const char *const tokens[] = {
        "na", "n/a", "n.a.", "#n/a", "null", "none", "nan", "-", "--", ".", "?",
        "missing", "no answer", "(blank)", "blank", "skipped", "not answered",
        "(no answer)", "(none)", "nil", "(null)", "\xe2\x80\x94", "\xe2\x80\x93",
        NULL};
    const char *const *t;
    cell_trim(&s, &n);
    if (n == 0)
        return 1;
    for (t = tokens; *t; t++)
        if (strlen(*t) == n && strncasecmp(s, *t, n) == 0)
            return 1;
    return 0;
}

int cell_is_number(const char *s, size_t n)
{
    size_t i = 0, nd = 0;
    cell_trim(&s, &n);
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        nd++;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            nd++;
    }
    return nd > 0 && i == n;
}

int cell_answer(const char *s, size_t n, const nps_scale *scale, int *out)
{
    size_t i = 0, nd = 0;
    long v = 0;
    int neg = 0;
    cell_trim(&s, &n);
    if (n == 0)
        return ANS_UNANSWERED;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i++;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (++nd > 9)
            return ANS_OFF_SCALE;
        v = v * 10 + (s[i] - '0');
    }
    if (nd == 0)
        return cell_unanswered(s, n) ? ANS_UNANSWERED : ANS_MALFORMED;
    if (i < n) {
        if (s[i] == '.' || s[i] == ',') {
            /* An integral decimal; anything else after the point is not an
               answer on an integer scale. */
            size_t j = i + 1;
            int digit = 0;
            while (j < n && s[j] == '0')
                j++, digit = 1;
            if (j < n && s[j] >= '1' && s[j] <= '9')
                return ANS_NOT_INTEGER;
            if (!digit || j < n)
                return ANS_MALFORMED;
        } else {
            /* A label: blanks, then a dash, bracket, '=' or ':' or a
               letter. "9/8/18", "10%" or "3x" are not answers. */
            size_t j = i, w;
            unsigned char c;
            while (j < n && is_blank_at(s, n, j, &w))
                j += w;
            c = (unsigned char)s[j < n ? j : n - 1];
            if (j >= n)
                return ANS_MALFORMED;
            if (!(c == '-' || c == '(' || c == '=' || c == ':' || c == '[' ||
                  (c == 0xE2 && j > i) || (j > i && (isalpha(c) || c >= 0xC0))))
                return ANS_MALFORMED;
            if (c == '-' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')
                return ANS_MALFORMED; /* "0-10", "9-8-18" */
        }
    }
    if (neg)
        v = -v;
    if (v < scale->min || v > scale->max)
        return ANS_OFF_SCALE;
    *out = (int)v;
    return ANS_OK;
}

/* ---- dates ---- */

static int lower_eq(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n == k && strncasecmp(s, w, n) == 0;
}

/* 1-12 for a month name or its abbreviation, else 0. */
static int month_of(const char *s, size_t n)
{
    static const char *const names[] = {
        /* English */
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
        /* French */
        "janvier", "f\xc3\xa9vrier", "mars", "avril", "mai", "juin", "juillet",
        "ao\xc3\xbbt", "septembre", "octobre", "novembre", "d\303\251cembre",
        /* Spanish */
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
        "agosto", "septiembre", "octubre", "noviembre", "diciembre",
        /* German */
        "januar", "februar", "m\xc3\xa4rz", "april", "mai", "juni", "juli",
        "august", "september", "oktober", "november", "dezember"};
    size_t i;
    if (n > 0 && s[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (i = 0; i < sizeof names / sizeof *names; i++) {
        size_t k = strlen(names[i]);
        /* The full name or an abbreviation of at least three letters. */
        if (n <= k && strncasecmp(s, names[i], n) == 0)
            return (int)(i % 12) + 1;
    }
    if (lower_eq(s, n, "sept") || lower_eq(s, n, "juil"))
        return lower_eq(s, n, "sept") ? 9 : 7;
    return 0;
}

static int is_weekday(const char *s, size_t n)
{
    static const char *const names[] = {"monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    size_t i;
    if (n > 0 && s[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (i = 0; i < 7; i++)
        if (n <= strlen(names[i]) && strncasecmp(s, names[i], n) == 0)
            return 1;
    return 0;
}

static int days_in(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static int bare_number(const char *s, size_t n, int flags, int64_t *t)
{
    size_t i = 0, nd = 0, nf = 0;
    int64_t v = 0;
    double frac = 0, scale = 0.1;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (++nd > 15)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (nd == 0)
        return -1;
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nf++) {
            frac += (s[i] - '0') * scale;
            scale /= 10;
        }
        if (nf == 0)
            return -1;
    }
    if (i != n)
        return -1;
    if (flags & TP_SERIAL) {
        if (nd == 6 && nf == 0) {
            int y = (int)(v / 100), m = (int)(v % 100);
            if (y >= 1900 && y <= 2200 && m >= 1 && m <= 12) {
                *t = tp_days_from_civil(y, m, 1) * 86400;
                return 0;
            }
        }
        if (nd == 8 && nf == 0) {
            int y = (int)(v / 10000), m = (int)(v / 100 % 100), d = (int)(v % 100);
            if (y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
                d <= days_in(y, m)) {
                *t = tp_days_from_civil(y, m, d) * 86400;
                return 0;
            }
        }
        /* Excel serial days: 1970-01-01 is 25569; 20000-80000 covers
           1954-2119. */
        if (v >= 20000 && v <= 80000) {
            *t = (v - 25569) * 86400 + (int64_t)(frac * 86400 + 0.5);
            return 0;
        }
    }
    if (flags & TP_EPOCH) {
        if (nd >= 12)
            v /= 1000; /* milliseconds */
        *t = v;
        return 0;
    }
    return -1;
}

int tp_parse_flex(const char *s, size_t n, int order, int flags, int64_t *t,
                  int32_t *off, int *fa, int *fb)
{
    int num[3], ndig[3], nn = 0, month = 0, h = -1, mi = 0, sec = 0;
    int ampm = 0, tz = 0, has_tz = 0;
    size_t i = 0;
    int64_t y;
    int m, d, a, b;

    if (fa)
        *fa = 0;
    if (fb)
        *fb = 0;
    *off = 0;
    /* The common case first: ISO 8601 as 1.0 read it. */
    if (n >= 10 && s[4] == '-' && s[0] >= '0' && s[0] <= '9' &&
        tp_parse(s, n, t, off) == 0)
        return 0;
    cell_trim(&s, &n);
    if (n == 0)
        return -1;
    if (s[0] >= '0' && s[0] <= '9' && bare_number(s, n, flags, t) == 0)
        return 0;
    {
        /* The 1.0 forms first: ISO 8601 exactly as before. */
        int32_t o;
        int digits_only = cell_is_number(s, n);
        if (!digits_only && tp_parse(s, n, t, &o) == 0) {
            *off = o;
            return 0;
        }
    }
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            size_t j = i;
            int v = 0, k = 0;
            while (j < n && s[j] >= '0' && s[j] <= '9') {
                if (++k > 4)
                    return -1;
                v = v * 10 + (s[j] - '0');
                j++;
            }
            if (j < n && s[j] == ':' && h < 0 && nn >= 2) {
                /* H:MM[:SS[.fff]] */
                h = v;
                j++;
                if (j >= n || !isdigit((unsigned char)s[j]))
                    return -1;
                mi = 0;
                for (k = 0; j < n && isdigit((unsigned char)s[j]) && k < 3; j++, k++)
                    mi = mi * 10 + (s[j] - '0');
                if (k != 2)
                    return -1;
                if (j < n && s[j] == ':') {
                    j++;
                    sec = 0;
                    for (k = 0; j < n && isdigit((unsigned char)s[j]) && k < 3; j++, k++)
                        sec = sec * 10 + (s[j] - '0');
                    if (k != 2)
                        return -1;
                    if (j < n && (s[j] == '.' || s[j] == ',')) {
                        j++;
                        while (j < n && isdigit((unsigned char)s[j]))
                            j++;
                    }
                }
                i = j;
                continue;
            }
            if (h >= 0 || nn == 3)
                return -1;
            num[nn] = v;
            ndig[nn] = k;
            nn++;
            i = j;
            continue;
        }
        if ((c == '+' || c == '-') && h >= 0 && !has_tz) {
            int oh = 0, om = 0, k = 0;
            int sign = c == '-' ? -1 : 1;
            size_t j = i + 1;
            for (; j < n && isdigit((unsigned char)s[j]) && k < 2; j++, k++)
                oh = oh * 10 + (s[j] - '0');
            if (k != 2)
                return -1;
            if (j < n && s[j] == ':')
                j++;
            for (k = 0; j < n && isdigit((unsigned char)s[j]) && k < 2; j++, k++)
                om = om * 10 + (s[j] - '0');
            if ((k != 0 && k != 2) || oh > 23 || om > 59)
                return -1;
            tz = sign * (oh * 3600 + om * 60);
            has_tz = 1;
            i = j;
            continue;
        }
        if (c == ' ' || c == ',' || c == '/' || c == '-' || c == '.' || c == '\t') {
            i++;
            continue;
        }
        if (isalpha(c) || c >= 0x80) {
            size_t j = i;
            while (j < n && (isalpha((unsigned char)s[j]) ||
                             (unsigned char)s[j] >= 0x80 || s[j] == '.'))
                j++;
            if (lower_eq(s + i, j - i, "am") || lower_eq(s + i, j - i, "a.m.") ||
                lower_eq(s + i, j - i, "a.m"))
                ampm = 1;
            else if (lower_eq(s + i, j - i, "pm") || lower_eq(s + i, j - i, "p.m.") ||
                     lower_eq(s + i, j - i, "p.m"))
                ampm = 2;
            else if (lower_eq(s + i, j - i, "t") && nn == 3 && h < 0)
                ; /* ISO 8601 separator */
            else if ((lower_eq(s + i, j - i, "z") || lower_eq(s + i, j - i, "utc") ||
                      lower_eq(s + i, j - i, "gmt")) && h >= 0)
                has_tz = 1;
            else if (!month && h < 0 && (month = month_of(s + i, j - i)) != 0)
                ;
            else if (!is_weekday(s + i, j - i) || h >= 0)
                return -1;
            i = j;
            continue;
        }
        return -1;
    }
    if (month) {
        if (nn != 2)
            return -1;
        if (ndig[0] == 4) {
            y = num[0];
            d = num[1];
        } else if (ndig[1] == 4 || ndig[1] == 2) {
            d = num[0];
            y = num[1];
            if (ndig[1] == 2)
                y += y < 70 ? 2000 : 1900;
        } else {
            return -1;
        }
        m = month;
    } else {
        if (nn != 3)
            return -1;
        if (ndig[0] == 4) {
            y = num[0];
            m = num[1];
            d = num[2];
        } else if ((ndig[2] == 4 || ndig[2] == 2) && ndig[0] <= 2 && ndig[1] <= 2) {
            a = num[0];
            b = num[1];
            if (fa)
                *fa = a;
            if (fb)
                *fb = b;
            y = num[2];
            if (ndig[2] == 2)
                y += y < 70 ? 2000 : 1900;
            if (order == TP_DMY || (order == TP_ORDER_ANY && a > 12)) {
                d = a;
                m = b;
            } else {
                m = a;
                d = b;
            }
        } else {
            return -1;
        }
    }
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return -1;
    if (h < 0) {
        if (ampm)
            return -1;
        h = 0;
    }
    if (ampm) {
        if (h < 1 || h > 12)
            return -1;
        if (h == 12)
            h = 0;
        if (ampm == 2)
            h += 12;
    }
    if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi || sec)))
        return -1;
    *t = tp_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + sec - tz;
    *off = tz;
    return 0;
}

int tp_parse_format(const char *s, size_t n, const char *fmt, int64_t *t)
{
    char buf[128];
    struct tm tm;
    const char *end;
    cell_trim(&s, &n);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1;
    end = strptime(buf, fmt, &tm);
    if (!end)
        return -1;
    while (*end == ' ')
        end++;
    if (*end)
        return -1;
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
        tm.tm_mday > days_in(tm.tm_year + 1900, tm.tm_mon + 1))
        return -1;
    *t = tp_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
         tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return 0;
}
