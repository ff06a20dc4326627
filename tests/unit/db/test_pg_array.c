/* Unit tests for db/pg_array.c: array literals for statement parameters. (That PostgreSQL reads
 * them back as given is shown by the integration tests: every intake passes its parties so.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pg_array.h"

static void test_text_elements_are_quoted_and_escaped(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1024);
    const char *items[] = {"张三", "a\"b", "back\\slash", "", NULL, "{,}"};
    assert_int_equal(STATUS_OK, pg_array_text(&b, items, 6));
    assert_string_equal("{\"张三\",\"a\\\"b\",\"back\\\\slash\",\"\",NULL,\"{,}\"}", buf_str(&b));
    buf_cleanup(&b);
}

static void test_an_empty_list_is_an_empty_array(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 16);
    assert_int_equal(STATUS_OK, pg_array_text(&b, NULL, 0));
    assert_string_equal("{}", buf_str(&b));
    buf_clear(&b);
    assert_int_equal(STATUS_OK, pg_array_bytea(&b, NULL, NULL, 0));
    assert_string_equal("{}", buf_str(&b));
    buf_cleanup(&b);
}

static void test_bytea_elements_are_hex_input(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 256);
    const unsigned char one[] = {0x00, 0x1f, 0xa0, 0xff};
    const unsigned char *items[] = {one, NULL};
    const size_t lengths[] = {sizeof(one), 0};
    assert_int_equal(STATUS_OK, pg_array_bytea(&b, items, lengths, 2));
    assert_string_equal("{\"\\\\x001fa0ff\",NULL}", buf_str(&b));
    buf_cleanup(&b);
}

static void test_a_literal_past_the_buffer_cap_fails(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    const char *items[] = {"0123456789"};
    assert_int_not_equal(STATUS_OK, pg_array_text(&b, items, 1));
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_elements_are_quoted_and_escaped),
        cmocka_unit_test(test_an_empty_list_is_an_empty_array),
        cmocka_unit_test(test_bytea_elements_are_hex_input),
        cmocka_unit_test(test_a_literal_past_the_buffer_cap_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
