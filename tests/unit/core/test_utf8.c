/* Unit tests for core/utf8.c: well-formed and ill-formed sequences, cutting at a boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "error.h"
#include "utf8.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void test_utf8_accepts_well_formed(void **state)
{
    (void)state;
    static const char *const good[] = {
        "",
        "plain ascii",
        "矛盾纠纷调处化解中心",
        "\xC2\x80",           /* U+0080, the first two-byte character */
        "\xDF\xBF",           /* U+07FF */
        "\xE0\xA0\x80",       /* U+0800 */
        "\xED\x9F\xBF",       /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80",       /* U+E000, just above them */
        "\xEF\xBF\xBF",       /* U+FFFF */
        "\xF0\x90\x80\x80",   /* U+10000 */
        "\xF4\x8F\xBF\xBF",   /* U+10FFFF, the last one */
        "a\xF0\x9F\x98\x80z", /* an emoji between ASCII */
    };
    for (size_t i = 0; i < COUNT_OF(good); i++)
        if (!utf8_valid(good[i], strlen(good[i])))
            fail_msg("good[%zu] refused", i);
    assert_true(utf8_valid_str(NULL));
    assert_true(utf8_valid("a\0b", 3)); /* U+0000 is a character */
}

static void test_utf8_refuses_ill_formed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xFF\xFE",         /* the example */
        "\x80",             /* a lone continuation byte */
        "\xC0\xAF",         /* overlong '/' */
        "\xC1\xBF",         /* overlong */
        "\xE0\x80\xAF",     /* overlong three-byte */
        "\xF0\x80\x80\xAF", /* overlong four-byte */
        "\xED\xA0\x80",     /* U+D800, a surrogate */
        "\xED\xBF\xBF",     /* U+DFFF */
        "\xF4\x90\x80\x80", /* U+110000 */
        "\xF5\x80\x80\x80", /* past the range */
        "\xC3",             /* cut short */
        "\xE4\xB8",         /* cut short */
        "\xF0\x9F\x98",     /* cut short */
        "\xC3\x28",         /* a lead byte followed by ASCII */
        "abc\xE4\xB8\xAD"
        "d\xFF", /* valid then invalid */
    };
    for (size_t i = 0; i < COUNT_OF(bad); i++)
        if (utf8_valid(bad[i], strlen(bad[i])))
            fail_msg("bad[%zu] accepted", i);
    assert_false(utf8_valid_str("%\xFF"));
}

static void test_utf8_sequence_len(void **state)
{
    (void)state;
    assert_int_equal(utf8_sequence_len("a", 1), 1);
    assert_int_equal(utf8_sequence_len("\xC3\xA9", 2), 2);
    assert_int_equal(utf8_sequence_len("\xE4\xB8\xAD", 3), 3);
    assert_int_equal(utf8_sequence_len("\xF0\x9F\x98\x80", 4), 4);
    assert_int_equal(utf8_sequence_len("\xF0\x9F\x98\x80", 3), 0); /* len cuts it */
    assert_int_equal(utf8_sequence_len("\xFF", 1), 0);
}

static void test_utf8_boundary_never_splits(void **state)
{
    (void)state;
    const char *text = "ab中文"; /* 2 + 3 + 3 bytes */
    assert_int_equal(utf8_boundary(text, 8), 8);
    assert_int_equal(utf8_boundary(text, 7), 5);
    assert_int_equal(utf8_boundary(text, 6), 5);
    assert_int_equal(utf8_boundary(text, 5), 5);
    assert_int_equal(utf8_boundary(text, 4), 2);
    assert_int_equal(utf8_boundary(text, 3), 2);
    assert_int_equal(utf8_boundary(text, 2), 2);
    assert_int_equal(utf8_boundary(text, 0), 0);
    /* every cut of a mixed text leaves a valid prefix */
    const char *mixed = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z";
    for (size_t n = 0; n <= strlen(mixed); n++) {
        size_t cut = utf8_boundary(mixed, n);
        assert_true(cut <= n && n - cut <= 3);
        if (!utf8_valid(mixed, cut))
            fail_msg("cut at %zu leaves an invalid prefix of %zu bytes", n, cut);
    }
}

static void test_utf8_json_escaping_replaces_invalid_bytes(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 256);
    assert_int_equal(buf_append_json_escaped(&b, "/api/v1/\xFF\xFE", 10), STATUS_OK);
    assert_string_equal(buf_str(&b), "/api/v1/\\ufffd\\ufffd");
    buf_clear(&b);
    assert_int_equal(buf_append_json_escaped(&b, "中\xE4\xB8", 5), STATUS_OK);
    assert_string_equal(buf_str(&b), "中\\ufffd\\ufffd");
    buf_cleanup(&b);
}

static void test_utf8_error_messages_are_cut_at_a_boundary(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    char long_text[ERROR_MESSAGE_MAX * 2];
    long_text[0] = 'x'; /* one ASCII byte shifts every three-byte character off the limit */
    for (size_t i = 1; i + 3 < sizeof(long_text); i += 3)
        memcpy(long_text + i, "中", 3), long_text[i + 3] = '\0';
    error_set(&err, STATUS_INVALID, "%s", long_text);
    assert_true(strlen(err.message) < ERROR_MESSAGE_MAX);
    assert_true(utf8_valid_str(err.message));
    error_add_field(&err, long_text, "%s", long_text);
    assert_true(utf8_valid_str(err.fields[0].field));
    assert_true(utf8_valid_str(err.fields[0].message));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_well_formed),
        cmocka_unit_test(test_utf8_refuses_ill_formed),
        cmocka_unit_test(test_utf8_sequence_len),
        cmocka_unit_test(test_utf8_boundary_never_splits),
        cmocka_unit_test(test_utf8_json_escaping_replaces_invalid_bytes),
        cmocka_unit_test(test_utf8_error_messages_are_cut_at_a_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
