/* Unit tests for domain/cursor.c: opaque keyset-pagination cursors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "cursor.h"

/* base64url without padding, written independently of cursor.c to forge cursors. */
static void b64url(const char *in, size_t len, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        size_t n = len - i < 3 ? len - i : 3;
        unsigned long v = 0;
        for (size_t k = 0; k < 3; k++)
            v = v << 8 | (k < n ? (unsigned char)in[i + k] : 0);
        for (size_t k = 0; k <= n; k++)
            out[o++] = abc[(v >> (18 - 6 * k)) & 63];
    }
    out[o] = '\0';
}

static void test_cursor_round_trips(void **state)
{
    (void)state;
    static const long ids[] = {0, 1, 42, 123456789, LONG_MAX};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        char text[CURSOR_MAX];
        cursor_encode("communities", ids[i], text);
        long got = -1;
        assert_true(cursor_decode("communities", text, &got));
        assert_int_equal(got, ids[i]);
    }
}

static void test_cursor_is_base64url_text(void **state)
{
    (void)state;
    char text[CURSOR_MAX];
    cursor_encode("communities", 987654321, text);
    assert_true(strlen(text) > 0);
    assert_true(strlen(text) < CURSOR_MAX);
    assert_int_equal(
        strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        strlen(text));
    /* opaque: the id does not appear in clear */
    assert_null(strstr(text, "987654321"));
}

static void test_cursor_matches_independent_encoding(void **state)
{
    (void)state;
    char text[CURSOR_MAX], expect[CURSOR_MAX];
    cursor_encode("cases", 7, text);
    b64url("cases:7", 7, expect);
    assert_string_equal(text, expect);
}

static void test_cursor_longest_list_name_fits(void **state)
{
    (void)state;
    const char *list = "abcdefghijklmnopqrstuvwxyz012345"; /* 32 characters */
    char text[CURSOR_MAX];
    cursor_encode(list, LONG_MAX, text);
    assert_true(strlen(text) < CURSOR_MAX);
    long got = 0;
    assert_true(cursor_decode(list, text, &got));
    assert_int_equal(got, LONG_MAX);
}

static void test_cursor_from_another_list_is_refused(void **state)
{
    (void)state;
    char text[CURSOR_MAX];
    cursor_encode("cases", 5, text);
    long got = -1;
    assert_false(cursor_decode("communities", text, &got));
    assert_int_equal(got, -1);
}

static void test_cursor_from_list_with_common_prefix_is_refused(void **state)
{
    (void)state;
    char text[CURSOR_MAX];
    long got = -1;
    cursor_encode("communities_archive", 5, text);
    assert_false(cursor_decode("communities", text, &got));
    cursor_encode("comm", 5, text);
    assert_false(cursor_decode("communities", text, &got));
    assert_int_equal(got, -1);
}

static void test_cursor_garbage_is_refused(void **state)
{
    (void)state;
    static const char *const garbage[] = {
        "", "!!!!", "abc=", "a", "Y29tbXVuaXRpZXM6NQ==", "hello world", "....", "Zm9v", NULL,
    };
    for (size_t i = 0; garbage[i]; i++) {
        long got = -1;
        if (cursor_decode("communities", garbage[i], &got))
            fail_msg("cursor \"%s\" was accepted", garbage[i]);
    }
}

static void test_cursor_forged_malformed_ids_are_refused(void **state)
{
    (void)state;
    static const char *const plains[] = {
        "communities:",     "communities:-5", "communities:+5",
        "communities: 5",   "communities:5x", "communities:5 ",
        "communities:x",    "communities5",   "communities:5:6",
        "communities:0x10", "Communities:5",  "communities:99999999999999999999999",
        "communitiesX5",    "communities/42", NULL,
    };
    for (size_t i = 0; plains[i]; i++) {
        char text[CURSOR_MAX];
        b64url(plains[i], strlen(plains[i]), text);
        long got = -1;
        if (cursor_decode("communities", text, &got))
            fail_msg("cursor for \"%s\" was accepted as %ld", plains[i], got);
    }
}

static void test_cursor_forged_valid_plain_text_is_accepted(void **state)
{
    (void)state;
    /* the check above is meaningful only if a well-formed forgery passes */
    char text[CURSOR_MAX];
    b64url("communities:31", 14, text);
    long got = -1;
    assert_true(cursor_decode("communities", text, &got));
    assert_int_equal(got, 31);
}

static void test_cursor_with_bytes_after_a_nul_is_refused(void **state)
{
    (void)state;
    /* "communities:5\0junk": not something cursor_encode makes */
    char text[CURSOR_MAX];
    b64url("communities:5\0junk", 18, text);
    long got = -1;
    assert_false(cursor_decode("communities", text, &got));
}

static void test_cursor_overlong_text_is_refused(void **state)
{
    (void)state;
    char text[CURSOR_MAX + 10];
    memset(text, 'A', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    long got = -1;
    assert_false(cursor_decode("communities", text, &got));

    /* a valid prefix padded with zeros to exactly CURSOR_MAX characters */
    char plain[80];
    memset(plain, '0', sizeof(plain));
    memcpy(plain, "communities:", 12);
    char long_text[CURSOR_MAX + 40];
    b64url(plain, sizeof(plain), long_text);
    assert_true(strlen(long_text) >= CURSOR_MAX);
    assert_false(cursor_decode("communities", long_text, &got));
}

static void test_cursor_with_a_non_base64url_character_is_refused(void **state)
{
    (void)state;
    char text[CURSOR_MAX];
    cursor_encode("communities", 1234, text);
    size_t len = strlen(text);
    for (size_t pos = 0; pos < len; pos++) {
        char bad[CURSOR_MAX];
        memcpy(bad, text, len + 1);
        bad[pos] = bad[pos] == '*' ? '#' : '*';
        long got = -1;
        if (cursor_decode("communities", bad, &got))
            fail_msg("cursor with '*' at %zu was accepted", pos);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cursor_round_trips),
        cmocka_unit_test(test_cursor_is_base64url_text),
        cmocka_unit_test(test_cursor_matches_independent_encoding),
        cmocka_unit_test(test_cursor_longest_list_name_fits),
        cmocka_unit_test(test_cursor_from_another_list_is_refused),
        cmocka_unit_test(test_cursor_from_list_with_common_prefix_is_refused),
        cmocka_unit_test(test_cursor_garbage_is_refused),
        cmocka_unit_test(test_cursor_forged_malformed_ids_are_refused),
        cmocka_unit_test(test_cursor_forged_valid_plain_text_is_accepted),
        cmocka_unit_test(test_cursor_with_bytes_after_a_nul_is_refused),
        cmocka_unit_test(test_cursor_overlong_text_is_refused),
        cmocka_unit_test(test_cursor_with_a_non_base64url_character_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
