/* Unit tests for http/json.c: the nesting-depth scan and bounded parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "json.h"

/* The tree of the current test; the teardown frees it even after a failed assertion. */
static cJSON *tree;

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(tree);
    tree = NULL;
    return 0;
}

static int depth(const char *text, int limit)
{
    return http_json_depth(text, strlen(text), limit);
}

static enum status parse(const char *text, int max_depth, struct error *err)
{
    cJSON_Delete(tree);
    tree = NULL;
    error_init(err);
    return http_json_parse(text, strlen(text), max_depth, &tree, err);
}

/* n opening brackets followed by n closing ones. */
static char *nested(char *out, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = '[';
    for (int i = 0; i < n; i++)
        out[n + i] = ']';
    out[2 * n] = '\0';
    return out;
}

static void test_json_depth_of_scalars_is_zero(void **state)
{
    (void)state;
    assert_int_equal(depth("", 10), 0);
    assert_int_equal(depth("42", 10), 0);
    assert_int_equal(depth("\"text\"", 10), 0);
}

static void test_json_depth_counts_nesting(void **state)
{
    (void)state;
    assert_int_equal(depth("{}", 10), 1);
    assert_int_equal(depth("[[]]", 10), 2);
    assert_int_equal(depth("{\"a\":[1,{\"b\":[]}]}", 10), 4);
    /* siblings do not add up */
    assert_int_equal(depth("[[],[],[[]]]", 10), 3);
}

static void test_json_depth_ignores_brackets_inside_strings(void **state)
{
    (void)state;
    assert_int_equal(depth("{\"a\":\"[[[{{{\"}", 10), 1);
    assert_int_equal(depth("[\"]]]]\",[]]", 10), 2);
}

static void test_json_depth_handles_escaped_quotes_in_strings(void **state)
{
    (void)state;
    /* the string is  a\"[[[  : the escaped quote does not end it */
    assert_int_equal(depth("[\"a\\\"[[[\"]", 10), 1);
    /* an escaped backslash before the closing quote does end it */
    assert_int_equal(depth("[\"a\\\\\",[[]]]", 10), 3);
}

static void test_json_depth_over_limit_is_minus_one(void **state)
{
    (void)state;
    char text[64];
    assert_int_equal(depth(nested(text, 5), 5), 5);
    assert_int_equal(depth(nested(text, 6), 5), -1);
}

static void test_json_depth_reads_only_len_bytes(void **state)
{
    (void)state;
    const char *text = "[[[[[[";
    assert_int_equal(http_json_depth(text, 2, 10), 2);
}

static void test_json_parse_accepts_an_object(void **state)
{
    (void)state;
    struct error err;
    assert_int_equal(parse("{\"code\":\"WD-01\",\"n\":[1,2]}", 32, &err), STATUS_OK);
    assert_non_null(tree);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(tree, "code");
    assert_true(cJSON_IsString(code));
    assert_string_equal(code->valuestring, "WD-01");
}

static void test_json_parse_accepts_depth_equal_to_limit(void **state)
{
    (void)state;
    char text[64];
    struct error err;
    assert_int_equal(parse(nested(text, 8), 8, &err), STATUS_OK);
    assert_non_null(tree);
}

static void test_json_parse_refuses_depth_beyond_limit(void **state)
{
    (void)state;
    char text[64];
    struct error err;
    assert_int_equal(parse(nested(text, 9), 8, &err), STATUS_MALFORMED);
    assert_null(tree);
    assert_int_equal(err.status, STATUS_MALFORMED);
    assert_non_null(strstr(err.message, "8"));
}

static void test_json_parse_refuses_very_deep_input_without_recursing(void **state)
{
    (void)state;
    enum { N = 100000 };
    static char text[2 * N + 1];
    struct error err;
    assert_int_equal(parse(nested(text, N), 32, &err), STATUS_MALFORMED);
    assert_null(tree);
}

static void test_json_parse_refuses_malformed_json(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",   "{",      "{\"a\":}", "[1,]",      "{'a':1}", "nul", "\"unterminated",
        "  ", "{\"a\"", "[1 2]",    "{\"a\" 1}", NULL,
    };
    for (size_t i = 0; bad[i]; i++) {
        struct error err;
        if (parse(bad[i], 32, &err) != STATUS_MALFORMED)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_null(tree);
        assert_true(err.message[0] != '\0');
    }
}

static void test_json_parse_refuses_trailing_garbage(void **state)
{
    (void)state;
    static const char *const bad[] = {"{} x", "{}{}", "[1]]", "1 2", "{}\n,", NULL};
    for (size_t i = 0; bad[i]; i++) {
        struct error err;
        if (parse(bad[i], 32, &err) != STATUS_MALFORMED)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_null(tree);
        assert_int_equal(err.status, STATUS_MALFORMED);
    }
}

static void test_json_parse_accepts_surrounding_whitespace(void **state)
{
    (void)state;
    struct error err;
    assert_int_equal(parse(" \t\r\n{\"a\":1} \r\n\t ", 32, &err), STATUS_OK);
    assert_true(cJSON_IsObject(tree));
}

static void test_json_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    const char *text = "{\"a\":1}GARBAGE";
    struct error err;
    error_init(&err);
    assert_int_equal(http_json_parse(text, 7, 32, &tree, &err), STATUS_OK);
    assert_true(cJSON_IsObject(tree));
}

static void test_json_parse_refuses_embedded_nul(void **state)
{
    (void)state;
    const char text[] = "{\"a\":1}\0{}";
    struct error err;
    error_init(&err);
    assert_int_equal(http_json_parse(text, sizeof(text) - 1, 32, &tree, &err), STATUS_MALFORMED);
    assert_null(tree);
}

static void test_json_parse_refuses_duplicate_keys_at_every_depth(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"risk_level\":\"red\",\"risk_level\":\"none\"}", /* the example */
        "{\"a\":1,\"b\":2,\"a\":3}",
        "{\"outer\":{\"x\":1,\"x\":1}}",
        "[{\"ok\":1},{\"p\":[{\"q\":1,\"q\":2}]}]",
        "{\"\":1,\"\":2}",
        "{\"\\u0061\":1,\"a\":2}", /* the same name, once escaped */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct error err;
        if (parse(bad[i], 32, &err) != STATUS_MALFORMED)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_null(tree);
        assert_non_null(strstr(err.message, "appears twice"));
    }
    struct error err;
    assert_int_equal(parse("{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}", 32, &err), STATUS_OK);
}

static void test_json_parse_refuses_invalid_utf8_and_nul_escapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"name\":\"\xFF\xFE\"}", "{\"\xC0\xAF\":1}",
        "[\"\xED\xA0\x80\"]",    /* a surrogate written as UTF-8 */
        "{\"a\":\"x\\u0000y\"}", /* cJSON would cut the string at the NUL */
        "[\"\\ud800\"]",         /* a lone surrogate escape */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct error err;
        if (parse(bad[i], 32, &err) != STATUS_MALFORMED)
            fail_msg("bad[%zu] was accepted", i);
        assert_null(tree);
    }
    struct error err;
    assert_int_equal(parse("{\"a\":\"\\\\u0000 is text\",\"b\":\"中\\u6587\"}", 32, &err),
                     STATUS_OK);
    assert_string_equal(cJSON_GetObjectItem(tree, "b")->valuestring, "中文");
}

#define T(name) cmocka_unit_test_teardown(name, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_json_depth_of_scalars_is_zero),
        T(test_json_depth_counts_nesting),
        T(test_json_depth_ignores_brackets_inside_strings),
        T(test_json_depth_handles_escaped_quotes_in_strings),
        T(test_json_depth_over_limit_is_minus_one),
        T(test_json_depth_reads_only_len_bytes),
        T(test_json_parse_accepts_an_object),
        T(test_json_parse_accepts_depth_equal_to_limit),
        T(test_json_parse_refuses_depth_beyond_limit),
        T(test_json_parse_refuses_very_deep_input_without_recursing),
        T(test_json_parse_refuses_malformed_json),
        T(test_json_parse_refuses_trailing_garbage),
        T(test_json_parse_accepts_surrounding_whitespace),
        T(test_json_parse_reads_only_len_bytes),
        T(test_json_parse_refuses_embedded_nul),
        T(test_json_parse_refuses_duplicate_keys_at_every_depth),
        T(test_json_parse_refuses_invalid_utf8_and_nul_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
