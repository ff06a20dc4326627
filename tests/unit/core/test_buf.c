/* Unit tests for core/buf.c: the size cap, printf, clearing and JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"

/* The buffer under test; the teardown frees it even when an assertion fails mid-test. */
static struct buf b;

static int teardown(void **state)
{
    (void)state;
    buf_cleanup(&b);
    return 0;
}

static void test_buf_empty_buffer_reads_as_empty_string(void **state)
{
    (void)state;
    buf_init(&b, 16);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
}

static void test_buf_appends_are_concatenated_and_nul_terminated(void **state)
{
    (void)state;
    buf_init(&b, 1024);
    assert_int_equal(buf_append(&b, "abc", 3), STATUS_OK);
    assert_int_equal(buf_append_str(&b, "def"), STATUS_OK);
    assert_int_equal(buf_printf(&b, "-%d-%s", 42, "x"), STATUS_OK);
    assert_int_equal(b.len, 11);
    assert_string_equal(buf_str(&b), "abcdef-42-x");
    assert_int_equal(b.data[b.len], '\0');
}

static void test_buf_grows_past_its_first_allocation(void **state)
{
    (void)state;
    buf_init(&b, 100000);
    char chunk[100];
    memset(chunk, 'z', sizeof(chunk));
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_append(&b, chunk, sizeof(chunk)), STATUS_OK);
    assert_int_equal(b.len, 100000);
    assert_int_equal(strlen(buf_str(&b)), 100000);
    assert_int_equal(b.data[99999], 'z');
}

static void test_buf_append_exactly_at_cap_succeeds(void **state)
{
    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_append(&b, "12345678", 8), STATUS_OK);
    assert_string_equal(buf_str(&b), "12345678");
}

static void test_buf_append_past_cap_is_too_large_and_keeps_contents(void **state)
{
    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_append_str(&b, "hello"), STATUS_OK);
    assert_int_equal(buf_append_str(&b, "world"), STATUS_TOO_LARGE);
    assert_int_equal(b.len, 5);
    assert_string_equal(buf_str(&b), "hello");
    /* a later append that fits still works */
    assert_int_equal(buf_append_str(&b, "!!!"), STATUS_OK);
    assert_string_equal(buf_str(&b), "hello!!!");
    assert_int_equal(buf_append(&b, "x", 1), STATUS_TOO_LARGE);
    assert_string_equal(buf_str(&b), "hello!!!");
}

static void test_buf_first_append_past_cap_leaves_buffer_empty(void **state)
{
    (void)state;
    buf_init(&b, 4);
    assert_int_equal(buf_append_str(&b, "too long"), STATUS_TOO_LARGE);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
}

static void test_buf_printf_past_cap_is_too_large_and_keeps_contents(void **state)
{
    (void)state;
    buf_init(&b, 10);
    assert_int_equal(buf_printf(&b, "%s", "abcd"), STATUS_OK);
    assert_int_equal(buf_printf(&b, "%d", 1234567), STATUS_TOO_LARGE);
    assert_int_equal(b.len, 4);
    assert_string_equal(buf_str(&b), "abcd");
}

static void test_buf_json_escape_past_cap_is_too_large_and_keeps_contents(void **state)
{
    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_append_str(&b, "ab"), STATUS_OK);
    /* 3 input bytes, 6 once escaped: 8 in all would fit, but "x" makes it 9 */
    assert_int_equal(buf_append_json_escaped(&b, "\"\"\"x", 4), STATUS_TOO_LARGE);
    assert_int_equal(b.len, 2);
    assert_string_equal(buf_str(&b), "ab");
}

static void test_buf_clear_forgets_contents_but_keeps_memory(void **state)
{
    (void)state;
    buf_init(&b, 64);
    assert_int_equal(buf_append_str(&b, "something"), STATUS_OK);
    char *before = b.data;
    buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    assert_ptr_equal(b.data, before);
    assert_int_equal(buf_append_str(&b, "new"), STATUS_OK);
    assert_string_equal(buf_str(&b), "new");
}

static void test_buf_cleanup_frees_and_keeps_the_cap(void **state)
{
    (void)state;
    buf_init(&b, 32);
    assert_int_equal(buf_append_str(&b, "abc"), STATUS_OK);
    buf_cleanup(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 32);
}

static void test_buf_json_escapes_quote_and_backslash(void **state)
{
    (void)state;
    buf_init(&b, 256);
    const char *in = "say \"hi\" \\o/";
    assert_int_equal(buf_append_json_escaped(&b, in, strlen(in)), STATUS_OK);
    assert_string_equal(buf_str(&b), "say \\\"hi\\\" \\\\o/");
}

static void test_buf_json_escapes_control_characters(void **state)
{
    (void)state;
    buf_init(&b, 256);
    const char in[] = "a\nb\rc\td\x01"
                      "e\x1f"
                      "f\b";
    assert_int_equal(buf_append_json_escaped(&b, in, sizeof(in) - 1), STATUS_OK);
    assert_string_equal(buf_str(&b), "a\\nb\\rc\\td\\u0001e\\u001ff\\u0008");
}

static void test_buf_json_escapes_embedded_nul(void **state)
{
    (void)state;
    buf_init(&b, 256);
    assert_int_equal(buf_append_json_escaped(&b, "a\0b", 3), STATUS_OK);
    assert_string_equal(buf_str(&b), "a\\u0000b");
}

static void test_buf_json_passes_utf8_through(void **state)
{
    (void)state;
    buf_init(&b, 256);
    /* 调解 中心 and an emoji: every byte >= 0x80 is copied as it is */
    const char *in = "\xe8\xb0\x83\xe8\xa7\xa3 \xe4\xb8\xad\xe5\xbf\x83 \xf0\x9f\x98\x80";
    assert_int_equal(buf_append_json_escaped(&b, in, strlen(in)), STATUS_OK);
    assert_string_equal(buf_str(&b), in);
}

static void test_buf_json_leaves_plain_text_alone_and_appends(void **state)
{
    (void)state;
    buf_init(&b, 256);
    assert_int_equal(buf_append_str(&b, "\""), STATUS_OK);
    assert_int_equal(buf_append_json_escaped(&b, "plain text/123", 14), STATUS_OK);
    assert_int_equal(buf_append_str(&b, "\""), STATUS_OK);
    assert_string_equal(buf_str(&b), "\"plain text/123\"");
}

/* Last in the list: when it fails, AddressSanitizer stops the program. */
static void test_buf_with_size_max_cap_appends_like_any_other(void **state)
{
    (void)state;
    /* SIZE_MAX is a natural "no cap"; capacity must not wrap around to zero */
    buf_init(&b, SIZE_MAX);
    assert_int_equal(buf_append_str(&b, "hello, uncapped world"), STATUS_OK);
    assert_string_equal(buf_str(&b), "hello, uncapped world");
    assert_true(b.capacity > b.len);
}

#define T(name) cmocka_unit_test_teardown(name, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_buf_empty_buffer_reads_as_empty_string),
        T(test_buf_appends_are_concatenated_and_nul_terminated),
        T(test_buf_grows_past_its_first_allocation),
        T(test_buf_append_exactly_at_cap_succeeds),
        T(test_buf_append_past_cap_is_too_large_and_keeps_contents),
        T(test_buf_first_append_past_cap_leaves_buffer_empty),
        T(test_buf_printf_past_cap_is_too_large_and_keeps_contents),
        T(test_buf_json_escape_past_cap_is_too_large_and_keeps_contents),
        T(test_buf_clear_forgets_contents_but_keeps_memory),
        T(test_buf_cleanup_frees_and_keeps_the_cap),
        T(test_buf_json_escapes_quote_and_backslash),
        T(test_buf_json_escapes_control_characters),
        T(test_buf_json_escapes_embedded_nul),
        T(test_buf_json_passes_utf8_through),
        T(test_buf_json_leaves_plain_text_alone_and_appends),
        T(test_buf_with_size_max_cap_appends_like_any_other),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
