/* Unit tests for core/arena.c: alignment, growth beyond the first block, reset, string helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"

#define MAX_ALIGN (_Alignof(max_align_t))

static void test_arena_allocations_are_aligned_for_any_type(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    static const size_t sizes[] = {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1, 2};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        void *p = arena_alloc(a, sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % MAX_ALIGN, 0);
    }
    arena_free(a);
}

static void test_arena_allocations_do_not_overlap(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    unsigned char *p[40];
    for (int i = 0; i < 40; i++) {
        p[i] = arena_alloc(a, 24);
        assert_non_null(p[i]);
        memset(p[i], i, 24);
    }
    for (int i = 0; i < 40; i++)
        for (int k = 0; k < 24; k++)
            assert_int_equal(p[i][k], i);
    arena_free(a);
}

static void test_arena_serves_allocation_larger_than_first_block(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    unsigned char *big = arena_alloc(a, 100000);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % MAX_ALIGN, 0);
    memset(big, 0xab, 100000); /* ASan reports if the block is smaller */
    assert_true(arena_used(a) >= 100000);
    unsigned char *after = arena_alloc(a, 16);
    assert_non_null(after);
    assert_true(after + 16 <= big || after >= big + 100000);
    assert_int_equal(big[99999], 0xab);
    arena_free(a);
}

static void test_arena_grows_through_many_blocks(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    size_t total = 0;
    for (int i = 0; i < 2000; i++) {
        char *p = arena_alloc(a, 100);
        assert_non_null(p);
        memset(p, 'x', 100);
        total += 100;
    }
    assert_true(arena_used(a) >= total);
    arena_free(a);
}

static void test_arena_used_counts_bytes_handed_out(void **state)
{
    (void)state;
    struct arena *a = arena_new(1024);
    assert_non_null(a);
    assert_int_equal(arena_used(a), 0);
    assert_non_null(arena_alloc(a, 1));
    size_t one = arena_used(a);
    assert_in_range(one, 1, MAX_ALIGN);
    assert_non_null(arena_alloc(a, MAX_ALIGN + 1));
    assert_in_range(arena_used(a) - one, MAX_ALIGN + 1, 2 * MAX_ALIGN);
    arena_free(a);
}

static void test_arena_reset_forgets_allocations_and_reuses_first_block(void **state)
{
    (void)state;
    struct arena *a = arena_new(512);
    assert_non_null(a);
    void *first = arena_alloc(a, 8);
    assert_non_null(first);
    assert_non_null(arena_alloc(a, 50000)); /* forces a second block */
    assert_true(arena_used(a) > 50000);
    arena_reset(a);
    assert_int_equal(arena_used(a), 0);
    void *again = arena_alloc(a, 8);
    assert_ptr_equal(again, first);
    arena_free(a);
}

static void test_arena_reset_allows_growth_again(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    for (int round = 0; round < 3; round++) {
        char *p = arena_alloc(a, 10000);
        assert_non_null(p);
        memset(p, round, 10000);
        arena_reset(a);
        assert_int_equal(arena_used(a), 0);
    }
    arena_free(a);
}

static void test_arena_calloc_zeroes_memory(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    unsigned char *dirty = arena_alloc(a, 64);
    assert_non_null(dirty);
    memset(dirty, 0xff, 64);
    arena_reset(a);
    unsigned char *p = arena_calloc(a, 16, 4);
    assert_non_null(p);
    for (int i = 0; i < 64; i++)
        assert_int_equal(p[i], 0);
    arena_free(a);
}

static void test_arena_calloc_overflow_returns_null(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
    assert_null(arena_alloc(a, SIZE_MAX));
    assert_int_equal(arena_used(a), 0);
    arena_free(a);
}

static void test_arena_strdup_copies_the_string(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    char src[] = "mediation";
    char *copy = arena_strdup(a, src);
    assert_non_null(copy);
    assert_ptr_not_equal(copy, src);
    src[0] = 'M';
    assert_string_equal(copy, "mediation");
    arena_free(a);
}

static void test_arena_strndup_stops_at_len_and_terminates(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    char *s = arena_strndup(a, "abcdef", 3);
    assert_non_null(s);
    assert_string_equal(s, "abc");
    char *empty = arena_strndup(a, "xyz", 0);
    assert_non_null(empty);
    assert_string_equal(empty, "");
    arena_free(a);
}

static void test_arena_printf_formats_into_the_arena(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    char *s = arena_printf(a, "%s-%04d-%c", "case", 42, 'x');
    assert_non_null(s);
    assert_string_equal(s, "case-0042-x");
    assert_true(arena_used(a) >= strlen(s) + 1);
    arena_free(a);
}

static void test_arena_printf_handles_output_longer_than_a_block(void **state)
{
    (void)state;
    struct arena *a = arena_new(256);
    assert_non_null(a);
    char *s = arena_printf(a, "%2000s|", "end");
    assert_non_null(s);
    assert_int_equal(strlen(s), 2001);
    assert_string_equal(s + 1997, "end|");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_allocations_are_aligned_for_any_type),
        cmocka_unit_test(test_arena_allocations_do_not_overlap),
        cmocka_unit_test(test_arena_serves_allocation_larger_than_first_block),
        cmocka_unit_test(test_arena_grows_through_many_blocks),
        cmocka_unit_test(test_arena_used_counts_bytes_handed_out),
        cmocka_unit_test(test_arena_reset_forgets_allocations_and_reuses_first_block),
        cmocka_unit_test(test_arena_reset_allows_growth_again),
        cmocka_unit_test(test_arena_calloc_zeroes_memory),
        cmocka_unit_test(test_arena_calloc_overflow_returns_null),
        cmocka_unit_test(test_arena_strdup_copies_the_string),
        cmocka_unit_test(test_arena_strndup_stops_at_len_and_terminates),
        cmocka_unit_test(test_arena_printf_formats_into_the_arena),
        cmocka_unit_test(test_arena_printf_handles_output_longer_than_a_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
