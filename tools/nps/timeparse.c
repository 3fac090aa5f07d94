/*
 * Timestamps and calendar periods. Calendar arithmetic is done by hand
 * (days from civil and back) so results never depend on the TZ variable or
 * on the platform's time_t range.
 * SPDX-License-Identifier: MIT
 */
#include "timeparse.h"

#include <stdio.h>
#include <string.h>

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

int64_t tp_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void tp_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = floor_div(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly n digits. */
static int digits(const char **p, const char *end, int n, int *out)
{
    int v = 0, i;
    if (end - *p < n)
        return -1;
    for (i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

static int parse_epoch(const char *p, const char *end, int64_t *out)
{
    int neg = 0;
    int64_t v = 0;
    int nd = 0;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    while (p < end && *p >= '0' && *p <= '9') {
        /* 10^15 s is far beyond year 9999: rejecting earlier keeps the
           arithmetic below free of overflow. */
        if (++nd > 15)
            return -1;
        v = v * 10 + (*p - '0');
        p++;
    }
    if (nd == 0)
        return -1;
    if (p < end && *p == '.') {
        p++;
        if (p == end)
            return -1;
        int nonzero = 0;
        while (p < end && *p >= '0' && *p <= '9')
            nonzero |= *p++ != '0';
        /* Floor, so -1.5 belongs to the second before -1. */
        if (neg && nonzero)
            v++;
    }
    if (p != end)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

int tp_parse(const char *s, size_t len, int64_t *out, int32_t *offset)
{
    const char *p = s, *end = s + len;
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    int64_t t;

    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (p == end)
        return -1;
    if (offset)
        *offset = 0;
    if (end - p < 10 || p[4] != '-')
        return parse_epoch(p, end, out);

    if (digits(&p, end, 4, &y) || *p++ != '-' || digits(&p, end, 2, &mo) ||
        p >= end || *p++ != '-' || digits(&p, end, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return -1;
    if (p < end) {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return -1;
        p++;
        if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' ||
            digits(&p, end, 2, &mi))
            return -1;
        if (p < end && *p == ':') {
            p++;
            if (digits(&p, end, 2, &sec))
                return -1;
            if (p < end && (*p == '.' || *p == ',')) {
                const char *f = ++p;
                while (p < end && *p >= '0' && *p <= '9')
                    p++;
                if (p == f)
                    return -1;
            }
        }
        /* 24:00:00 is the end of the day in ISO 8601; 60 is a leap second,
           folded into the next second's minute like POSIX does. */
        if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi || sec)))
            return -1;
        if (p < end) {
            if (*p == 'Z' || *p == 'z') {
                p++;
            } else if (*p == '+' || *p == '-') {
                int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
                if (digits(&p, end, 2, &oh))
                    return -1;
                if (p < end && *p == ':')
                    p++;
                if (p < end && digits(&p, end, 2, &om))
                    return -1;
                if (oh > 23 || om > 59)
                    return -1;
                off = sign * (oh * 3600 + om * 60);
            } else {
                return -1;
            }
        }
    }
    if (p != end)
        return -1;
    t = tp_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    *out = t - off;
    if (offset)
        *offset = off;
    return 0;
}

int tp_parse_unit(const char *s, period_unit *out)
{
    if (strcmp(s, "day") == 0)
        *out = BY_DAY;
    else if (strcmp(s, "week") == 0)
        *out = BY_WEEK;
    else if (strcmp(s, "month") == 0)
        *out = BY_MONTH;
    else if (strcmp(s, "quarter") == 0)
        *out = BY_QUARTER;
    else
        return -1;
    return 0;
}

const char *tp_unit_name(period_unit u)
{
    switch (u) {
    case BY_DAY: return "day";
    case BY_WEEK: return "week";
    case BY_MONTH: return "month";
    case BY_QUARTER: return "quarter";
    }
    return "?";
}

/* Periods themselves (which bucket holds a time, where it starts) are the
   library's timeline geometry (report.c); here only their names. */
int64_t tp_period_index(int64_t start, period_unit u)
{
    int64_t y, days = floor_div(start, 86400);
    int m, d;
    switch (u) {
    case BY_DAY: return days;
    case BY_WEEK: return floor_div(days + 3, 7); /* 1970-01-01 was a Thursday */
    case BY_MONTH:
    case BY_QUARTER:
        tp_civil_from_days(days, &y, &m, &d);
        return u == BY_MONTH ? y * 12 + (m - 1) : floor_div(y * 12 + (m - 1), 3);
    }
    return 0;
}

void tp_period_label(int64_t start, period_unit u, char *buf, size_t cap)
{
    int64_t y, days = floor_div(start, 86400);
    int m, d;
    switch (u) {
    case BY_DAY:
        tp_civil_from_days(days, &y, &m, &d);
        snprintf(buf, cap, "%04lld-%02d-%02d", (long long)y, m, d);
        return;
    case BY_WEEK: {
        /* ISO 8601: a week belongs to the year of its Thursday. */
        int64_t thu = days + 3;
        tp_civil_from_days(thu, &y, &m, &d);
        snprintf(buf, cap, "%04lld-W%02d", (long long)y,
                 (int)((thu - tp_days_from_civil(y, 1, 1)) / 7 + 1));
        return;
    }
    case BY_MONTH:
        tp_civil_from_days(days, &y, &m, &d);
        snprintf(buf, cap, "%04lld-%02d", (long long)y, m);
        return;
    case BY_QUARTER:
        tp_civil_from_days(days, &y, &m, &d);
        snprintf(buf, cap, "%04lld-Q%d", (long long)y, (m - 1) / 3 + 1);
        return;
    }
    snprintf(buf, cap, "?");
}

void tp_format(int64_t t, char *buf, size_t cap)
{
    int64_t y, days = floor_div(t, 86400), s = t - days * 86400;
    int m, d;
    tp_civil_from_days(days, &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}
