/* Per-object allocators. SPDX-License-Identifier: MIT */
#include "nps_internal.h"

#include <stdlib.h>

static void *default_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void default_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    free(ptr);
}

nps_status nps__allocator_init(nps_allocator *dst, const nps_allocator *src)
{
    if (!src) {
        dst->alloc = default_alloc;
        dst->free = default_free;
        dst->ctx = NULL;
        return NPS_OK;
    }
    if (!src->alloc || !src->free)
        return NPS_E_INVALID;
    *dst = *src;
    return NPS_OK;
}

void *nps__alloc(const nps_allocator *a, size_t size)
{
    return a->alloc(a->ctx, size);
}

/* Keeps the promise that a caller's free never sees NULL. Every current
   caller frees a live block, so the NULL side is marked for gcovr. */
void nps__free(const nps_allocator *a, void *ptr, size_t size)
{
    if (ptr) /* GCOVR_EXCL_BR_LINE */
        a->free(a->ctx, ptr, size);
}
