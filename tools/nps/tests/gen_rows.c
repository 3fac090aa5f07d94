/*
 * Writes N synthetic survey rows (id, ISO 8601 time with offset, score,
 * plan) to stdout, for measuring the nps tool on inputs of any size
 * without storing them: gen_rows 100000000 | nps report -
 * Deterministic (xorshift64*); times advance about 1.6 s per row from
 * 2020-01-01, so 100 million rows span about five years.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

static void civil(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

int main(int argc, char **argv)
{
    static const char *const plans[4] = {"free", "pro", "business", "enterprise"};
    static const int plan_len[4] = {4, 3, 8, 10};
    static char out[1 << 16];
    unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000, i;
    int64_t t = 1577836800; /* 2020-01-01T00:00:00Z */
    int64_t day = -1;
    char date[11] = "";
    size_t o = 0;
    /* printf would make the generator, not the reader, the bottleneck. */
    fputs("id,submitted_at,score,plan\n", stdout);
    for (i = 0; i < n; i++) {
        uint64_t r = next();
        int64_t s;
        unsigned long long id = i + 1;
        int k, sc;
        char *p;
        if (o > sizeof out - 128) {
            fwrite(out, 1, o, stdout);
            o = 0;
        }
        p = out + o;
        t += (int64_t)(r & 3); /* 0-3 s: mean 1.5 s */
        if (t / 86400 != day) {
            int y, m, d;
            day = t / 86400;
            civil(day, &y, &m, &d);
            snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
        }
        s = t % 86400;
        *p++ = 'R';
        for (k = 8; k >= 0; k--, id /= 10)
            p[k] = (char)('0' + id % 10);
        p += 9;
        *p++ = ',';
        for (k = 0; k < 10; k++)
            *p++ = date[k];
        *p++ = 'T';
        p = put2(p, (int)(s / 3600));
        *p++ = ':';
        p = put2(p, (int)(s / 60 % 60));
        *p++ = ':';
        p = put2(p, (int)(s % 60));
        *p++ = 'Z';
        *p++ = ',';
        sc = (int)((r >> 8) % 11);
        if (sc == 10)
            *p++ = '1', *p++ = '0';
        else
            *p++ = (char)('0' + sc);
        *p++ = ',';
        for (k = 0; k < plan_len[(r >> 16) & 3]; k++)
            *p++ = plans[(r >> 16) & 3][k];
        *p++ = '\n';
        o = (size_t)(p - out);
    }
    fwrite(out, 1, o, stdout);
    return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
