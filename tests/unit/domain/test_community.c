/* Unit tests for domain/community.c: utf8_length and community_validate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "community.h"

/* "社区" in UTF-8: two characters, six bytes. */
#define SHE_QU "\xe7\xa4\xbe\xe5\x8c\xba"
/* "街" (street), one character, three bytes. */
#define JIE "\xe8\xa1\x97"

/* n copies of s into out (which must be large enough). */
static char *repeat(char *out, const char *s, size_t n)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * len, s, len);
    out[n * len] = '\0';
    return out;
}

/* The field names err lists, space-separated, for readable assertions. */
static const char *fields_of(const struct error *err, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < err->field_count; i++) {
        if (i)
            strncat(out, " ", size - strlen(out) - 1);
        strncat(out, err->fields[i].field, size - strlen(out) - 1);
    }
    return out;
}

static void test_utf8_length_counts_ascii_bytes(void **state)
{
    (void)state;
    assert_int_equal(utf8_length(""), 0);
    assert_int_equal(utf8_length("abc"), 3);
}

static void test_utf8_length_counts_chinese_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(strlen(SHE_QU), 6);
    assert_int_equal(utf8_length(SHE_QU), 2);
    assert_int_equal(utf8_length("A" SHE_QU "1"), 4);
}

static void test_utf8_length_counts_two_and_four_byte_sequences(void **state)
{
    (void)state;
    assert_int_equal(utf8_length("\xc3\xa9"), 1);         /* é */
    assert_int_equal(utf8_length("\xf0\x9f\x98\x80"), 1); /* U+1F600 */
    assert_int_equal(utf8_length("\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF, the last code point */
    assert_int_equal(utf8_length("\xef\xbf\xbd"), 1);     /* U+FFFD */
    assert_int_equal(utf8_length("\xed\x9f\xbf"), 1);     /* U+D7FF, just below surrogates */
    assert_int_equal(utf8_length("\xee\x80\x80"), 1);     /* U+E000, just above surrogates */
}

static void test_utf8_length_rejects_invalid_sequences(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\x80",                 /* lone continuation byte */
        "\xbf",                 /* lone continuation byte */
        "\xc3",                 /* truncated two-byte sequence */
        "\xe7\xa4",             /* truncated three-byte sequence */
        "\xf0\x9f\x98",         /* truncated four-byte sequence */
        "\xc3\x41",             /* continuation byte missing */
        "\xfe",                 /* never valid */
        "\xff",                 /* never valid */
        "\xf8\x88\x80\x80\x80", /* five-byte form */
        "\xf4\x90\x80\x80",     /* U+110000, past the last code point */
        "\xf5\x80\x80\x80",     /* lead byte past U+10FFFF */
        "abc\xe7\xa4",          /* truncated after valid text */
        NULL,
    };
    for (size_t i = 0; bad[i]; i++)
        if (utf8_length(bad[i]) != -1)
            fail_msg("invalid UTF-8 #%zu was accepted", i);
}

static void test_utf8_length_rejects_overlong_encodings(void **state)
{
    (void)state;
    assert_int_equal(utf8_length("\xc0\xaf"), -1);         /* '/' in two bytes */
    assert_int_equal(utf8_length("\xc1\xbf"), -1);         /* U+007F in two bytes */
    assert_int_equal(utf8_length("\xc0\x80"), -1);         /* NUL in two bytes */
    assert_int_equal(utf8_length("\xe0\x80\xaf"), -1);     /* '/' in three bytes */
    assert_int_equal(utf8_length("\xe0\x9f\xbf"), -1);     /* U+07FF in three bytes */
    assert_int_equal(utf8_length("\xf0\x80\x80\xaf"), -1); /* '/' in four bytes */
    assert_int_equal(utf8_length("\xf0\x8f\xbf\xbf"), -1); /* U+FFFF in four bytes */
}

static void test_utf8_length_rejects_surrogate_encodings(void **state)
{
    (void)state;
    assert_int_equal(utf8_length("\xed\xa0\x80"), -1); /* U+D800 */
    assert_int_equal(utf8_length("\xed\xbf\xbf"), -1); /* U+DFFF */
    /* CESU-8 pair for U+1F600 */
    assert_int_equal(utf8_length("\xed\xa0\xbd\xed\xb8\x80"), -1);
}

static void test_community_valid_values_pass(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(community_validate("WD-01_a", SHE_QU, JIE "1\xe5\x8f\xb7", &err), STATUS_OK);
    assert_int_equal(err.field_count, 0);
    assert_int_equal(err.status, STATUS_OK);
}

static void test_community_name_of_100_chinese_characters_is_valid(void **state)
{
    (void)state;
    char name[100 * 3 + 1];
    repeat(name, JIE, 100);
    assert_int_equal(strlen(name), 300); /* more than 100 bytes, yet 100 characters */
    struct error err;
    error_init(&err);
    assert_int_equal(community_validate("c1", name, "street", &err), STATUS_OK);
    assert_int_equal(err.field_count, 0);
}

static void test_community_name_of_101_characters_is_invalid(void **state)
{
    (void)state;
    char name[101 * 3 + 1];
    repeat(name, JIE, 101);
    struct error err;
    error_init(&err);
    assert_int_equal(community_validate("c1", name, "street", &err), STATUS_INVALID);
    assert_int_equal(err.field_count, 1);
    assert_string_equal(err.fields[0].field, "name");
    assert_non_null(strstr(err.fields[0].message, "100"));
}

static void test_community_street_of_100_vs_101_ascii_characters(void **state)
{
    (void)state;
    char street[102];
    struct error err;
    error_init(&err);
    repeat(street, "s", 100);
    assert_int_equal(community_validate("c1", "name", street, &err), STATUS_OK);
    repeat(street, "s", 101);
    assert_int_equal(community_validate("c1", "name", street, &err), STATUS_INVALID);
    assert_int_equal(err.field_count, 1);
    assert_string_equal(err.fields[0].field, "street");
}

static void test_community_empty_name_and_street_are_invalid(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(community_validate("c1", "", "", &err), STATUS_INVALID);
    char names[128];
    assert_string_equal(fields_of(&err, names, sizeof(names)), "name street");
    assert_int_equal(err.status, STATUS_INVALID);
}

static void test_community_invalid_utf8_name_is_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {"\xc0\xaf", "\xed\xa0\x80", "ab\xe7\xa4", "\xff", NULL};
    for (size_t i = 0; bad[i]; i++) {
        struct error err;
        error_init(&err);
        assert_int_equal(community_validate("c1", bad[i], "street", &err), STATUS_INVALID);
        assert_int_equal(err.field_count, 1);
        assert_string_equal(err.fields[0].field, "name");
        assert_non_null(strstr(err.fields[0].message, "UTF-8"));
    }
}

static void test_community_code_rules(void **state)
{
    (void)state;
    char code33[34];
    repeat(code33, "a", 33);
    char code32[33];
    repeat(code32, "Z", 32);
    static const char *const bad[] = {"", "has space", "a/b", "a.b", SHE_QU, "a\xc3\xa9", NULL};
    for (size_t i = 0; bad[i]; i++) {
        struct error err;
        error_init(&err);
        if (community_validate(bad[i], "name", "street", &err) != STATUS_INVALID)
            fail_msg("code \"%s\" was accepted", bad[i]);
        assert_string_equal(err.fields[0].field, "code");
    }
    struct error err;
    error_init(&err);
    assert_int_equal(community_validate(code33, "name", "street", &err), STATUS_INVALID);
    error_init(&err);
    assert_int_equal(community_validate(code32, "name", "street", &err), STATUS_OK);
    assert_int_equal(community_validate("a", "name", "street", &err), STATUS_OK);
    assert_int_equal(community_validate("A-z_09", "name", "street", &err), STATUS_OK);
}

static void test_community_reports_every_invalid_field(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(community_validate("bad code", "", "\x80", &err), STATUS_INVALID);
    char names[128];
    assert_string_equal(fields_of(&err, names, sizeof(names)), "code name street");
}

static void test_community_counts_only_its_own_new_fields(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_add_field(&err, "other", "an earlier problem");
    /* valid values: the earlier field error must not make this call fail */
    assert_int_equal(community_validate("c1", "name", "street", &err), STATUS_OK);
    assert_int_equal(err.field_count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_length_counts_ascii_bytes),
        cmocka_unit_test(test_utf8_length_counts_chinese_characters_not_bytes),
        cmocka_unit_test(test_utf8_length_counts_two_and_four_byte_sequences),
        cmocka_unit_test(test_utf8_length_rejects_invalid_sequences),
        cmocka_unit_test(test_utf8_length_rejects_overlong_encodings),
        cmocka_unit_test(test_utf8_length_rejects_surrogate_encodings),
        cmocka_unit_test(test_community_valid_values_pass),
        cmocka_unit_test(test_community_name_of_100_chinese_characters_is_valid),
        cmocka_unit_test(test_community_name_of_101_characters_is_invalid),
        cmocka_unit_test(test_community_street_of_100_vs_101_ascii_characters),
        cmocka_unit_test(test_community_empty_name_and_street_are_invalid),
        cmocka_unit_test(test_community_invalid_utf8_name_is_invalid),
        cmocka_unit_test(test_community_code_rules),
        cmocka_unit_test(test_community_reports_every_invalid_field),
        cmocka_unit_test(test_community_counts_only_its_own_new_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
