/* Unit tests for core/words.c: the words of a space-separated list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "words.h"

static void test_words_next_splits_on_runs_of_spaces(void **state)
{
    (void)state;
    const char *list = "  cases:read   cases:write reports:read ";
    const char *want[] = {"cases:read", "cases:write", "reports:read"};
    size_t len, n = 0;
    for (const char *w; (w = words_next(&list, &len)) != NULL; n++) {
        assert_true(n < 3);
        assert_int_equal(len, strlen(want[n]));
        assert_memory_equal(w, want[n], len);
    }
    assert_int_equal(n, 3);
    /* at the end it stays at the end */
    assert_null(words_next(&list, &len));
    assert_int_equal(len, 0);
}

static void test_words_next_empty_lists(void **state)
{
    (void)state;
    size_t len;
    const char *empty = "", *spaces = "   ";
    assert_null(words_next(&empty, &len));
    assert_null(words_next(&spaces, &len));
    const char *one = "x";
    assert_non_null(words_next(&one, &len));
    assert_int_equal(len, 1);
    assert_null(words_next(&one, &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_next_splits_on_runs_of_spaces),
        cmocka_unit_test(test_words_next_empty_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
