/*
 * Input bytes decoded to UTF-8 (see src.h). Transcoding is glibc's iconv;
 * bytes it cannot decode become U+FFFD so one stray byte never stops a
 * report.
 * SPDX-License-Identifier: MIT
 */
#include "src.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define RAW_BUF (1u << 16)

struct src {
    FILE *f;
    const unsigned char *mem;
    size_t memlen, mempos;
    iconv_t cd;
    int transcode;
    int unit;                 /* bytes skipped on an undecodable sequence */
    char enc[40];
    int fallback;
    unsigned char *raw;       /* bytes waiting for iconv */
    size_t rlen, rpos;
    int raw_eof;
    char *sample_mem;         /* owned buffer holding the sample */
    const char *sample;
    size_t slen, spos;
    int complete;
    int err;
    unsigned long replaced;
};

int src_valid_utf8(const unsigned char *p, size_t n, int partial_end)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        size_t len, k;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        else
            return 0;
        for (k = 1; k < len; k++) {
            if (i + k >= n)
                return partial_end;
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
        }
        if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0) ||
            (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
            return 0;
        i += len;
    }
    return 1;
}

static size_t raw_read(src *s, unsigned char *buf, size_t cap)
{
    size_t n;
    if (s->raw_eof)
        return 0;
    if (s->f) {
        n = fread(buf, 1, cap, s->f);
        if (n < cap) {
            if (ferror(s->f))
                s->err = 1;
            s->raw_eof = 1;
        }
        return n;
    }
    n = s->memlen - s->mempos;
    if (n > cap)
        n = cap;
    memcpy(buf, s->mem + s->mempos, n);
    s->mempos += n;
    if (s->mempos == s->memlen)
        s->raw_eof = 1;
    return n;
}

/* Decodes s->raw[rpos..rlen) into out; returns the bytes written. At the
   end of the input an incomplete sequence is replaced too. */
static size_t decode(src *s, char *out, size_t cap)
{
    char *op = out;
    size_t ol = cap;
    while (s->rpos < s->rlen && ol >= 4) {
        char *ip = (char *)s->raw + s->rpos;
        size_t il = s->rlen - s->rpos;
        size_t r = iconv(s->cd, &ip, &il, &op, &ol);
        s->rpos = (size_t)((unsigned char *)ip - s->raw);
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG)
            break;
        if (errno == EINVAL && !s->raw_eof)
            break; /* wait for the rest of the sequence */
        /* EILSEQ, or an incomplete sequence at the very end. */
        if (ol < 3)
            break;
        memcpy(op, "\xEF\xBF\xBD", 3);
        op += 3;
        ol -= 3;
        s->replaced++;
        s->rpos += s->unit;
        if (s->rpos > s->rlen)
            s->rpos = s->rlen;
    }
    return (size_t)(op - out);
}

static int refill_raw(src *s)
{
    size_t keep = s->rlen - s->rpos, n;
    if (s->raw_eof)
        return 0;
    memmove(s->raw, s->raw + s->rpos, keep);
    s->rpos = 0;
    s->rlen = keep;
    n = raw_read(s, s->raw + keep, RAW_BUF - keep);
    s->rlen += n;
    return n > 0;
}

static int setup(src *s, const char *forced, int *err)
{
    /* A memory source needs no more than its size. */
    size_t cap = !s->f && s->memlen < SRC_SAMPLE ? s->memlen + 1 : SRC_SAMPLE;
    unsigned char *pre = cli_xmalloc(cap);
    size_t n = 0, k, skip = 0;
    const char *enc = NULL;

    while (n < cap && (k = raw_read(s, pre + n, cap - n)) > 0)
        n += k;
    if (s->err) {
        free(pre);
        *err = CLI_EXIT_IO;
        return -1;
    }
    s->unit = 1;
    if (forced) {
        if (strcasecmp(forced, "utf-8") == 0 || strcasecmp(forced, "utf8") == 0)
            enc = NULL;
        else
            enc = forced;
        if (n >= 3 && memcmp(pre, "\xEF\xBB\xBF", 3) == 0 && !enc)
            skip = 3;
    } else if (n >= 2 && ((pre[0] == 0xFF && pre[1] == 0xFE) ||
                          (pre[0] == 0xFE && pre[1] == 0xFF))) {
        enc = "UTF-16"; /* iconv reads the mark and drops it */
    } else if (n >= 3 && memcmp(pre, "\xEF\xBB\xBF", 3) == 0) {
        skip = 3;
    } else if (!src_valid_utf8(pre, n, !s->raw_eof)) {
        enc = "WINDOWS-1252";
        s->fallback = 1;
    }
    if (enc && strncasecmp(enc, "utf-16", 6) == 0)
        s->unit = 2;
    if (enc && strncasecmp(enc, "utf-32", 6) == 0)
        s->unit = 4;
    if (!enc) {
        snprintf(s->enc, sizeof s->enc, "UTF-8");
        s->sample_mem = (char *)pre;
        s->sample = (char *)pre + skip;
        s->slen = n - skip;
        s->complete = s->raw_eof;
        return 0;
    }
    snprintf(s->enc, sizeof s->enc, "%s", enc);
    s->cd = iconv_open("UTF-8", enc);
    if (s->cd == (iconv_t)-1) {
        free(pre);
        cli_error("unknown --encoding '%s' (try utf-8, utf-16, windows-1252, "
                  "latin1; 'iconv -l' lists them)", enc);
        *err = CLI_EXIT_USAGE;
        return -1;
    }
    s->transcode = 1;
    if (strcasecmp(enc, "UTF-16") == 0 && n >= 2)
        snprintf(s->enc, sizeof s->enc, "UTF-16%s", pre[0] == 0xFF ? "LE" : "BE");
    /* Decode the prefix into the sample; a cut sequence waits in raw. */
    s->raw = cli_xmalloc(RAW_BUF > n ? RAW_BUF : n);
    memcpy(s->raw, pre, n);
    s->rlen = n;
    free(pre);
    s->sample_mem = cli_xmalloc(3 * n + 16);
    s->slen = decode(s, s->sample_mem, 3 * n + 16);
    s->sample = s->sample_mem;
    s->complete = s->raw_eof && s->rpos >= s->rlen;
    if (s->rlen - s->rpos < RAW_BUF) {
        /* Shrink the raw buffer back to its working size. */
        size_t keep = s->rlen - s->rpos;
        unsigned char *r = cli_xmalloc(RAW_BUF);
        memcpy(r, s->raw + s->rpos, keep);
        free(s->raw);
        s->raw = r;
        s->rpos = 0;
        s->rlen = keep;
    }
    return 0;
}

src *src_open(FILE *f, const char *name, const char *forced, int *err)
{
    src *s = cli_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->f = f;
    if (setup(s, forced, err)) {
        if (*err == CLI_EXIT_IO)
            cli_error("%s: read error", name);
        free(s);
        return NULL;
    }
    return s;
}

src *src_mem(const void *p, size_t n, const char *forced)
{
    int err = 0;
    src *s = cli_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->mem = p;
    s->memlen = n;
    s->raw_eof = n == 0;
    if (setup(s, forced, &err)) {
        free(s);
        return NULL;
    }
    return s;
}

void src_free(src *s)
{
    if (!s)
        return;
    if (s->transcode)
        iconv_close(s->cd);
    free(s->raw);
    free(s->sample_mem);
    free(s);
}

const char *src_sample(src *s, size_t *len, int *complete)
{
    *len = s->slen;
    *complete = s->complete;
    return s->sample;
}

size_t src_read(src *s, unsigned char *buf, size_t cap)
{
    size_t n;
    if (s->spos < s->slen) {
        n = s->slen - s->spos;
        if (n > cap)
            n = cap;
        memcpy(buf, s->sample + s->spos, n);
        s->spos += n;
        return n;
    }
    if (!s->transcode)
        return raw_read(s, buf, cap);
    for (;;) {
        n = decode(s, (char *)buf, cap);
        if (n > 0)
            return n;
        if (!refill_raw(s)) {
            if (s->rpos < s->rlen) {
                s->raw_eof = 1;
                return decode(s, (char *)buf, cap);
            }
            return 0;
        }
    }
}

int src_error(const src *s)
{
    return s->err;
}

const char *src_encoding(const src *s)
{
    return s->enc;
}

int src_fallback(const src *s)
{
    return s->fallback;
}

unsigned long src_replaced(const src *s)
{
    return s->replaced;
}
