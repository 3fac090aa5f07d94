/* Per-object allocators: every byte goes through them and comes back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "nps.h"

struct ledger {
    size_t live_bytes;
    size_t live_blocks;
    size_t calls;
    size_t fail_after; /* allocations allowed before failing; SIZE_MAX: never */
};

static void *ledger_alloc(void *ctx, size_t size)
{
    struct ledger *l = (struct ledger *)ctx;
    void *p;
    if (l->calls++ >= l->fail_after)
        return NULL;
    p = malloc(size);
    if (p) {
        l->live_bytes += size;
        l->live_blocks++;
    }
    return p;
}

static void ledger_free(void *ctx, void *ptr, size_t size)
{
    struct ledger *l = (struct ledger *)ctx;
    assert_non_null(ptr);
    l->live_bytes -= size;
    l->live_blocks--;
    free(ptr);
}

static void test_alloc__every_byte_goes_through_the_allocator(void **state)
{
    struct ledger l = {0, 0, 0, (size_t)-1};
    nps_allocator a;
    nps_acc *acc = NULL, *copy = NULL;
    (void)state;
    a.alloc = ledger_alloc;
    a.free = ledger_free;
    a.ctx = &l;
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &a), NPS_OK);
    assert_int_equal(l.live_blocks, 1);
    assert_int_equal(l.live_bytes, nps_acc_footprint(acc));
    assert_int_equal(nps_acc_add(acc, 9), NPS_OK);
    /* A clone uses the original's allocator. */
    assert_int_equal(nps_acc_clone(&copy, acc), NPS_OK);
    assert_int_equal(l.live_blocks, 2);
    assert_true(nps_acc_equal(acc, copy));
    nps_acc_free(copy);
    nps_acc_free(acc);
    assert_int_equal(l.live_blocks, 0);
    assert_int_equal(l.live_bytes, 0);
}

static void test_alloc__failure_is_nomem_and_out_is_null(void **state)
{
    struct ledger l = {0, 0, 0, 0};
    nps_allocator a;
    nps_acc *acc = (nps_acc *)&l, *ok = NULL, *copy = (nps_acc *)&l;
    (void)state;
    a.alloc = ledger_alloc;
    a.free = ledger_free;
    a.ctx = &l;
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &a), NPS_E_NOMEM);
    assert_null(acc);
    l.fail_after = 1;
    l.calls = 0;
    assert_int_equal(nps_acc_new_with_allocator(&ok, NULL, &a), NPS_OK);
    assert_int_equal(nps_acc_add(ok, 3), NPS_OK);
    assert_int_equal(nps_acc_clone(&copy, ok), NPS_E_NOMEM);
    assert_null(copy);
    assert_true(nps_acc_total(ok) == 1);
    nps_acc_free(ok);
    assert_int_equal(l.live_blocks, 0);
}

static void test_alloc__incomplete_allocator_is_invalid(void **state)
{
    struct ledger l = {0, 0, 0, (size_t)-1};
    nps_allocator a;
    nps_acc *acc = (nps_acc *)&l;
    nps_scale bad = {0, 10, 11, 12};
    (void)state;
    a.alloc = ledger_alloc;
    a.free = NULL;
    a.ctx = &l;
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &a), NPS_E_INVALID);
    assert_null(acc);
    a.alloc = NULL;
    a.free = ledger_free;
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, &a), NPS_E_INVALID);
    a.alloc = ledger_alloc;
    assert_int_equal(nps_acc_new_with_allocator(&acc, &bad, &a), NPS_E_INVALID);
    assert_int_equal(nps_acc_new_with_allocator(NULL, NULL, &a), NPS_E_INVALID);
    assert_int_equal(l.calls, 0); /* nothing allocated for a refused call */
    /* NULL allocator means malloc/free. */
    assert_int_equal(nps_acc_new_with_allocator(&acc, NULL, NULL), NPS_OK);
    nps_acc_free(acc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc__every_byte_goes_through_the_allocator),
        cmocka_unit_test(test_alloc__failure_is_nomem_and_out_is_null),
        cmocka_unit_test(test_alloc__incomplete_allocator_is_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
