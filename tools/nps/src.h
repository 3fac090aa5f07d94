/*
 * Input bytes decoded to UTF-8: the encoding is chosen from a bounded
 * prefix (byte order mark, else UTF-8 validity, else Windows-1252) or
 * forced, and transcoded with iconv. The decoded prefix can be inspected
 * before the stream is read, so sniffing never needs a second pass.
 * SPDX-License-Identifier: MIT
 */
#ifndef NPS_CLI_SRC_H
#define NPS_CLI_SRC_H

#include <stddef.h>
#include <stdio.h>

/* Bytes of the input examined before reading: bounded, whatever the size
   of the file. */
#define SRC_SAMPLE (1u << 20)

typedef struct src src;

/* Reads up to SRC_SAMPLE bytes of @p f and chooses the encoding:
   @p forced (an iconv name, e.g. "latin1"), else by byte order mark,
   else UTF-8 when the prefix is valid UTF-8, else WINDOWS-1252. Returns
   NULL with *err set (a CLI_EXIT_* code, the message printed) on failure. */
src *src_open(FILE *f, const char *name, const char *forced, int *err);
/* A source over memory, decoded the same way (fuzzing, sniffing). */
src *src_mem(const void *p, size_t n, const char *forced);
void src_free(src *s);

/* The decoded prefix (at most about SRC_SAMPLE bytes). *complete is 1
   when it holds the whole input. */
const char *src_sample(src *s, size_t *len, int *complete);
/* The next decoded bytes (the sample first); 0 at the end or on error. */
size_t src_read(src *s, unsigned char *buf, size_t cap);
int src_error(const src *s);
/* The encoding used ("UTF-8", "UTF-16LE", "WINDOWS-1252", ...) and whether
   it was a fallback from bytes that are not UTF-8. */
const char *src_encoding(const src *s);
int src_fallback(const src *s);
/* Bytes that could not be decoded (replaced by U+FFFD). */
unsigned long src_replaced(const src *s);

/* 1 if the n bytes are valid UTF-8; a sequence cut by the end counts as
   valid when @p partial_end. */
int src_valid_utf8(const unsigned char *p, size_t n, int partial_end);

#endif
