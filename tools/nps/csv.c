/*
 * Streaming RFC 4180 reader.
 *
 * Lenient where real exports are sloppy and strict where data would be
 * lost: a stray quote inside an unquoted field is kept as text, text after
 * a closing quote is appended, but an unterminated quoted field is flagged
 * so the caller can report it instead of silently swallowing the file.
 * SPDX-License-Identifier: MIT
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "src.h"

#define CSV_BUF (1u << 16)

struct csv_reader {
    src *in;
    unsigned char delim;
    size_t max_record;
    unsigned char *buf;
    size_t blen, bpos;
    int eof, started, after_cr;
    char *data;        /* the fields of the current record, NUL-separated */
    size_t dlen, dcap;
    size_t *off;       /* field start offsets into data */
    size_t *lens;
    char **ptrs;
    size_t nf, fcap;
    uint64_t line;
    int toolong;
};

csv_reader *csv_new(src *in, char delim, size_t max_record)
{
    csv_reader *r = cli_xmalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->in = in;
    r->delim = (unsigned char)delim;
    r->max_record = max_record;
    r->buf = cli_xmalloc(CSV_BUF);
    r->dcap = 256;
    r->data = cli_xmalloc(r->dcap);
    r->fcap = 16;
    r->off = cli_xmalloc(r->fcap * sizeof *r->off);
    r->lens = cli_xmalloc(r->fcap * sizeof *r->lens);
    r->ptrs = cli_xmalloc(r->fcap * sizeof *r->ptrs);
    r->line = 1;
    return r;
}

void csv_free(csv_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->data);
    free(r->off);
    free(r->lens);
    free(r->ptrs);
    free(r);
}

static int fill(csv_reader *r)
{
    size_t n;
    if (r->eof)
        return 0;
    n = src_read(r->in, r->buf, CSV_BUF);
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    r->blen = n;
    r->bpos = 0;
    if (!r->started) {
        r->started = 1;
        if (n >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
            r->bpos = 3;
    }
    return 1;
}

static int append(csv_reader *r, const void *p, size_t n)
{
    /* +1 keeps room for the NUL that ends the field. */
    if (r->dlen + n + 1 > r->dcap) {
        size_t cap = r->dcap;
        if (r->dlen + n + 1 > r->max_record) {
            r->toolong = 1;
            return -1;
        }
        while (cap < r->dlen + n + 1)
            cap *= 2;
        if (cap > r->max_record)
            cap = r->max_record;
        r->data = cli_xrealloc(r->data, cap);
        r->dcap = cap;
    }
    memcpy(r->data + r->dlen, p, n);
    r->dlen += n;
    return 0;
}

static int end_field(csv_reader *r, size_t start)
{
    size_t len = r->dlen - start;
    if (append(r, "", 1))
        return -1;
    if (r->nf == r->fcap) {
        r->fcap *= 2;
        r->off = cli_xrealloc(r->off, r->fcap * sizeof *r->off);
        r->lens = cli_xrealloc(r->lens, r->fcap * sizeof *r->lens);
        r->ptrs = cli_xrealloc(r->ptrs, r->fcap * sizeof *r->ptrs);
    }
    r->off[r->nf] = start;
    r->lens[r->nf] = len;
    r->nf++;
    return 0;
}

static int finish(csv_reader *r, csv_record *rec, int quoted_first)
{
    size_t i;
    for (i = 0; i < r->nf; i++)
        r->ptrs[i] = r->data + r->off[i];
    rec->nfields = r->nf;
    rec->field = r->ptrs;
    rec->len = r->lens;
    rec->blank = r->nf == 1 && r->lens[0] == 0 && !quoted_first;
    return CSV_RECORD;
}

enum { S_START, S_UNQ, S_Q, S_QQ };

int csv_next(csv_reader *r, csv_record *rec)
{
    int st = S_START;
    int quoted_first = 0;
    size_t fstart = 0;
    const unsigned char delim = r->delim;

    r->dlen = 0;
    r->nf = 0;
    rec->unterminated = 0;
    rec->line = r->line;
    for (;;) {
        unsigned char c;
        if (r->bpos >= r->blen && !fill(r)) {
            if (src_error(r->in))
                return CSV_ERR_IO;
            if (st == S_START && r->nf == 0)
                return CSV_EOF;
            if (st == S_Q)
                rec->unterminated = 1;
            if (end_field(r, fstart))
                return CSV_ERR_TOOLONG;
            return finish(r, rec, quoted_first);
        }
        c = r->buf[r->bpos];
        if (r->after_cr) {
            r->after_cr = 0;
            if (c == '\n') {
                r->bpos++;
                continue;
            }
        }
        switch (st) {
        case S_START:
            fstart = r->dlen;
            if (c == '"') {
                if (r->nf == 0)
                    quoted_first = 1;
                r->bpos++;
                st = S_Q;
            } else {
                st = S_UNQ;
            }
            break;
        case S_UNQ: {
            size_t i = r->bpos;
            while (i < r->blen) {
                unsigned char d = r->buf[i];
                if (d == delim || d == '\n' || d == '\r')
                    break;
                i++;
            }
            if (append(r, r->buf + r->bpos, i - r->bpos))
                return CSV_ERR_TOOLONG;
            r->bpos = i;
            if (i == r->blen)
                break;
            c = r->buf[r->bpos++];
            if (end_field(r, fstart))
                return CSV_ERR_TOOLONG;
            if (c == delim) {
                st = S_START;
                break;
            }
            r->line++;
            r->after_cr = c == '\r';
            return finish(r, rec, quoted_first);
        }
        case S_Q: {
            size_t i = r->bpos;
            while (i < r->blen && r->buf[i] != '"' && r->buf[i] != '\n')
                i++;
            if (append(r, r->buf + r->bpos, i - r->bpos))
                return CSV_ERR_TOOLONG;
            r->bpos = i;
            if (i == r->blen)
                break;
            if (r->buf[i] == '\n') {
                r->line++;
                if (append(r, "\n", 1))
                    return CSV_ERR_TOOLONG;
            } else {
                st = S_QQ;
            }
            r->bpos++;
            break;
        }
        case S_QQ:
            if (c == '"') {
                if (append(r, "\"", 1))
                    return CSV_ERR_TOOLONG;
                r->bpos++;
                st = S_Q;
            } else if (c == delim) {
                r->bpos++;
                if (end_field(r, fstart))
                    return CSV_ERR_TOOLONG;
                st = S_START;
            } else if (c == '\n' || c == '\r') {
                r->bpos++;
                r->line++;
                r->after_cr = c == '\r';
                if (end_field(r, fstart))
                    return CSV_ERR_TOOLONG;
                return finish(r, rec, quoted_first);
            } else {
                st = S_UNQ; /* "ab"cd: keep the text after the quote */
            }
            break;
        }
    }
}
