/* Unit tests for core/names.c: an enum's names looked up both ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "names.h"

/* a table with a gap, as designated initializers leave one */
static const char *const table[4] = {[0] = "zero", [1] = "one", [3] = "three"};

static void test_names_get_in_and_out_of_range(void **state)
{
    (void)state;
    assert_string_equal(names_get(table, 4, 0, "?"), "zero");
    assert_string_equal(names_get(table, 4, 3, "?"), "three");
    assert_string_equal(names_get(table, 4, 2, "?"), "?"); /* the gap */
    assert_string_equal(names_get(table, 4, 4, "?"), "?");
    assert_string_equal(names_get(table, 4, -1, "?"), "?");
    assert_null(names_get(table, 4, 9, NULL));
}

static void test_names_find_is_the_exact_inverse(void **state)
{
    (void)state;
    assert_int_equal(names_find(table, 4, "zero"), 0);
    assert_int_equal(names_find(table, 4, "three"), 3);
    assert_int_equal(names_find(table, 4, "Three"), -1); /* case-sensitive */
    assert_int_equal(names_find(table, 4, "thre"), -1);  /* no prefixes */
    assert_int_equal(names_find(table, 4, ""), -1);
    assert_int_equal(names_find(table, 4, NULL), -1);
}

static void test_names_find_n_reads_only_len_bytes(void **state)
{
    (void)state;
    const char *text = "one,three";
    assert_int_equal(names_find_n(table, 4, text, 3), 1);
    assert_int_equal(names_find_n(table, 4, text + 4, 5), 3);
    assert_int_equal(names_find_n(table, 4, text, 4), -1);
    assert_int_equal(names_find_n(table, 4, NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_get_in_and_out_of_range),
        cmocka_unit_test(test_names_find_is_the_exact_inverse),
        cmocka_unit_test(test_names_find_n_reads_only_len_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
