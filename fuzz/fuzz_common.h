/* Helpers shared by the fuzz targets: an input reader and an allocator with
   a budget, so that a decoded 2^24-bucket ring (a legitimate state) is
   refused with NPS_E_NOMEM instead of exhausting the fuzzer's memory. */
#ifndef NPS_FUZZ_COMMON_H
#define NPS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nps.h"

/* Abort with a reason the crash report shows. */
#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond))                                                          \
            fuzz_fail(#cond, __FILE__, __LINE__);                             \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <stdio.h>
static inline void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    abort();
}

struct fuzz_in {
    const uint8_t *p;
    size_t n;
};

static inline uint8_t in_u8(struct fuzz_in *in)
{
    uint8_t b = 0;
    if (in->n > 0) {
        b = *in->p++;
        in->n--;
    }
    return b;
}

static inline uint64_t in_u64(struct fuzz_in *in, int bytes)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < bytes; i++)
        v |= (uint64_t)in_u8(in) << (8 * i);
    return v;
}

/* A count whose size class comes from the input: small, medium, or near
   the 64-bit limit, where overflow checks matter. */
static inline uint64_t in_count(struct fuzz_in *in)
{
    uint8_t k = in_u8(in);
    switch (k & 3) {
    case 0: return k >> 2;
    case 1: return in_u64(in, 2);
    case 2: return UINT64_MAX - in_u64(in, 1);
    default: return in_u64(in, 8);
    }
}

/* Allocator with a live-bytes budget. */
struct budget {
    size_t live, limit;
};

static inline void *budget_alloc(void *ctx, size_t size)
{
    struct budget *b = (struct budget *)ctx;
    void *p;
    if (size > b->limit - b->live)
        return NULL;
    p = malloc(size);
    if (p)
        b->live += size;
    return p;
}

static inline void budget_free(void *ctx, void *ptr, size_t size)
{
    struct budget *b = (struct budget *)ctx;
    b->live -= size;
    free(ptr);
}

/* CRC-32C, bit at a time: lets a target rewrite the checksum of a mutated
   input so that fuzzing reaches the field checks behind it. */
static inline uint32_t fuzz_crc32c(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
    }
    return c ^ 0xffffffffu;
}

/* A copy of data whose last four bytes are the CRC-32C of the rest, or
   NULL for inputs shorter than a checksum. The caller frees it. */
static inline uint8_t *fuzz_with_crc(const uint8_t *data, size_t size)
{
    uint8_t *copy;
    uint32_t c;
    if (size < 4)
        return NULL;
    copy = (uint8_t *)malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    c = fuzz_crc32c(copy, size - 4);
    copy[size - 4] = (uint8_t)c;
    copy[size - 3] = (uint8_t)(c >> 8);
    copy[size - 2] = (uint8_t)(c >> 16);
    copy[size - 1] = (uint8_t)(c >> 24);
    return copy;
}

#endif
