/* Unit tests for domain/api_key.c: format, parse, checksum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "api_key.h"

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* A key made from fixed bytes, so every run tests the same text. */
static void sample_key(char out[API_KEY_LEN + 1])
{
    unsigned char id[API_KEY_ID_BYTES];
    unsigned char secret[API_KEY_SECRET_BYTES];
    for (size_t i = 0; i < sizeof(id); i++)
        id[i] = (unsigned char)(0x10 * i + 0x0f);
    for (size_t i = 0; i < sizeof(secret); i++)
        secret[i] = (unsigned char)(i * 37 + 11);
    api_key_format(id, secret, out);
}

/* Rewrites the last 8 characters as the valid checksum of the rest, so that only the shape is
 * wrong. */
static void fix_checksum(char *key)
{
    static const char digits[] = "0123456789abcdef";
    unsigned long crc = api_key_crc32(key, API_KEY_LEN - 8);
    for (int i = 0; i < 8; i++)
        key[API_KEY_LEN - 8 + i] = digits[(crc >> (28 - 4 * i)) & 15];
}

static bool parses(const char *key, size_t len)
{
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *secret = NULL;
    size_t secret_len = 0;
    return api_key_parse(key, len, public_id, &secret, &secret_len);
}

static void test_api_key_crc32_matches_the_standard_check_value(void **state)
{
    (void)state;
    assert_int_equal(api_key_crc32("123456789", 9), 0xCBF43926UL);
    assert_int_equal(api_key_crc32("", 0), 0);
    assert_int_equal(api_key_crc32("a", 1), 0xE8B7BE43UL);
}

static void test_api_key_format_has_the_documented_shape(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
    unsigned char secret[API_KEY_SECRET_BYTES] = {0};
    char key[API_KEY_LEN + 1];
    memset(key, '#', sizeof(key));
    api_key_format(id, secret, key);
    assert_int_equal(strlen(key), API_KEY_LEN);
    assert_int_equal(API_KEY_LEN, 72);
    assert_memory_equal(key, "mdk_0123456789abcdef_", 21);
    /* 32 zero bytes are 43 'A's in base64url without padding */
    for (size_t i = 21; i < 21 + API_KEY_SECRET_LEN; i++)
        assert_int_equal(key[i], 'A');
    for (size_t i = 21 + API_KEY_SECRET_LEN; i < API_KEY_LEN; i++)
        assert_non_null(strchr("0123456789abcdef", key[i]));
}

static void test_api_key_checksum_is_crc32_of_everything_before_it(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    char expect[API_KEY_LEN + 1];
    memcpy(expect, key, sizeof(expect));
    fix_checksum(expect);
    assert_string_equal(key, expect);
    assert_true(parses(expect, API_KEY_LEN));
}

static void test_api_key_secret_encoding_uses_base64url(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {0};
    unsigned char secret[API_KEY_SECRET_BYTES];
    memset(secret, 0xff, sizeof(secret));
    char key[API_KEY_LEN + 1];
    api_key_format(id, secret, key);
    /* 0xff bytes encode as '_' (63); the last character holds 4 one bits and 2 zero bits: '8' */
    const char *sec = key + 21;
    for (size_t i = 0; i < API_KEY_SECRET_LEN - 1; i++)
        assert_int_equal(sec[i], '_');
    assert_int_equal(sec[API_KEY_SECRET_LEN - 1], '8');
}

static void test_api_key_format_then_parse_round_trips(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *secret = NULL;
    size_t secret_len = 0;
    assert_true(api_key_parse(key, strlen(key), public_id, &secret, &secret_len));
    assert_string_equal(public_id, "0f1f2f3f4f5f6f7f");
    assert_ptr_equal(secret, key + 21);
    assert_int_equal(secret_len, API_KEY_SECRET_LEN);
}

static void test_api_key_round_trips_for_many_inputs(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES];
    unsigned char secret[API_KEY_SECRET_BYTES];
    uint32_t x = 2463534242u; /* xorshift: deterministic pseudo-random bytes */
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof(id); i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            id[i] = (unsigned char)x;
        }
        for (size_t i = 0; i < sizeof(secret); i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            secret[i] = (unsigned char)x;
        }
        char key[API_KEY_LEN + 1];
        api_key_format(id, secret, key);
        assert_true(parses(key, API_KEY_LEN));
    }
}

static void test_api_key_every_single_character_corruption_is_rejected(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    static const char replacements[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ !+/=.";
    for (size_t pos = 0; pos < API_KEY_LEN; pos++) {
        for (size_t r = 0; r < sizeof(replacements) - 1; r++) {
            if (replacements[r] == key[pos])
                continue;
            char bad[API_KEY_LEN + 1];
            memcpy(bad, key, sizeof(bad));
            bad[pos] = replacements[r];
            if (parses(bad, API_KEY_LEN))
                fail_msg("key with '%c' at %zu was accepted", replacements[r], pos);
        }
    }
}

static void test_api_key_corrupted_secret_fails_only_the_checksum(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    /* replacing a secret character by another base64url one keeps the charset valid */
    char *sec = key + 21;
    sec[5] = sec[5] == 'Q' ? 'R' : 'Q';
    assert_non_null(strchr(b64url, sec[5]));
    assert_false(parses(key, API_KEY_LEN));
}

static void test_api_key_wrong_prefix_is_rejected(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    key[0] = 'x';
    /* even with a checksum that matches the changed text */
    fix_checksum(key);
    assert_false(parses(key, API_KEY_LEN));
}

static void test_api_key_wrong_length_is_rejected(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 2];
    sample_key(key);
    assert_false(parses(key, API_KEY_LEN - 1));
    assert_false(parses(key, 0));
    assert_false(parses("mdk_", 4));
    key[API_KEY_LEN] = 'a';
    key[API_KEY_LEN + 1] = '\0';
    assert_false(parses(key, API_KEY_LEN + 1));
}

static void test_api_key_uppercase_public_id_is_rejected(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    unsigned char id[API_KEY_ID_BYTES] = {0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab};
    unsigned char secret[API_KEY_SECRET_BYTES] = {1};
    api_key_format(id, secret, key);
    key[4] = 'A';
    fix_checksum(key);
    assert_false(parses(key, API_KEY_LEN));
}

static void test_api_key_uppercase_checksum_is_rejected(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {0};
    unsigned char secret[API_KEY_SECRET_BYTES] = {0};
    char key[API_KEY_LEN + 1];
    /* find a key whose checksum has a hex letter to upper-case */
    size_t letter = 0;
    for (int n = 0; n < 256 && !letter; n++) {
        id[0] = (unsigned char)n;
        api_key_format(id, secret, key);
        for (size_t i = API_KEY_LEN - 8; i < API_KEY_LEN && !letter; i++)
            if (key[i] >= 'a' && key[i] <= 'f')
                letter = i;
    }
    assert_true(letter > 0);
    assert_true(parses(key, API_KEY_LEN));
    key[letter] = (char)(key[letter] - 'a' + 'A');
    assert_false(parses(key, API_KEY_LEN));
}

static void test_api_key_missing_separator_is_rejected(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    key[20] = '-';
    fix_checksum(key);
    assert_false(parses(key, API_KEY_LEN));
}

static void test_api_key_session_token_round_trips_with_its_kind(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22, 0x33};
    unsigned char secret[API_KEY_SECRET_BYTES] = {9, 8, 7};
    char token[API_KEY_LEN + 1];
    token_format(TOKEN_SESSION, id, secret, token);
    assert_int_equal(strlen(token), API_KEY_LEN);
    assert_memory_equal(token, SESSION_TOKEN_PREFIX, 4);
    enum token_kind kind = TOKEN_API_KEY;
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *sec = NULL;
    size_t sec_len = 0;
    assert_true(token_parse(token, API_KEY_LEN, &kind, public_id, &sec, &sec_len));
    assert_int_equal(kind, TOKEN_SESSION);
    assert_string_equal(public_id, "deadbeef00112233");
    assert_ptr_equal(sec, token + 21);
    assert_int_equal(sec_len, API_KEY_SECRET_LEN);
}

static void test_api_key_token_parse_reports_api_key_kind(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    enum token_kind kind = TOKEN_SESSION;
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *sec = NULL;
    size_t sec_len = 0;
    assert_true(token_parse(key, API_KEY_LEN, &kind, public_id, &sec, &sec_len));
    assert_int_equal(kind, TOKEN_API_KEY);
}

static void test_api_key_token_format_of_api_key_kind_equals_api_key_format(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};
    unsigned char secret[API_KEY_SECRET_BYTES] = {42};
    char a[API_KEY_LEN + 1], b[API_KEY_LEN + 1];
    api_key_format(id, secret, a);
    token_format(TOKEN_API_KEY, id, secret, b);
    assert_string_equal(a, b);
}

static void test_api_key_parse_refuses_a_session_token(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {0};
    unsigned char secret[API_KEY_SECRET_BYTES] = {0};
    char token[API_KEY_LEN + 1];
    token_format(TOKEN_SESSION, id, secret, token);
    assert_false(parses(token, API_KEY_LEN));
}

static void test_api_key_session_token_single_character_corruption_is_rejected(void **state)
{
    (void)state;
    unsigned char id[API_KEY_ID_BYTES] = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe};
    unsigned char secret[API_KEY_SECRET_BYTES] = {0xff, 0xee, 0xdd};
    char token[API_KEY_LEN + 1];
    token_format(TOKEN_SESSION, id, secret, token);
    static const char replacements[] = "Aa0_-fz9 ";
    for (size_t pos = 0; pos < API_KEY_LEN; pos++) {
        for (size_t r = 0; r < sizeof(replacements) - 1; r++) {
            if (replacements[r] == token[pos])
                continue;
            char bad[API_KEY_LEN + 1];
            memcpy(bad, token, sizeof(bad));
            bad[pos] = replacements[r];
            enum token_kind kind;
            char public_id[API_KEY_ID_HEX_LEN + 1];
            const char *sec;
            size_t sec_len;
            if (token_parse(bad, API_KEY_LEN, &kind, public_id, &sec, &sec_len))
                fail_msg("token with '%c' at %zu was accepted", replacements[r], pos);
        }
    }
}

static void test_api_key_token_with_unknown_prefix_is_rejected(void **state)
{
    (void)state;
    char key[API_KEY_LEN + 1];
    sample_key(key);
    static const char *const prefixes[] = {"mdx_", "MDK_", "mdk-", "mds-", "xds_", NULL};
    for (size_t i = 0; prefixes[i]; i++) {
        memcpy(key, prefixes[i], 4);
        fix_checksum(key);
        enum token_kind kind;
        char public_id[API_KEY_ID_HEX_LEN + 1];
        const char *sec;
        size_t sec_len;
        if (token_parse(key, API_KEY_LEN, &kind, public_id, &sec, &sec_len))
            fail_msg("prefix \"%s\" was accepted", prefixes[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_key_crc32_matches_the_standard_check_value),
        cmocka_unit_test(test_api_key_format_has_the_documented_shape),
        cmocka_unit_test(test_api_key_checksum_is_crc32_of_everything_before_it),
        cmocka_unit_test(test_api_key_secret_encoding_uses_base64url),
        cmocka_unit_test(test_api_key_format_then_parse_round_trips),
        cmocka_unit_test(test_api_key_round_trips_for_many_inputs),
        cmocka_unit_test(test_api_key_every_single_character_corruption_is_rejected),
        cmocka_unit_test(test_api_key_corrupted_secret_fails_only_the_checksum),
        cmocka_unit_test(test_api_key_wrong_prefix_is_rejected),
        cmocka_unit_test(test_api_key_wrong_length_is_rejected),
        cmocka_unit_test(test_api_key_uppercase_public_id_is_rejected),
        cmocka_unit_test(test_api_key_uppercase_checksum_is_rejected),
        cmocka_unit_test(test_api_key_missing_separator_is_rejected),
        cmocka_unit_test(test_api_key_session_token_round_trips_with_its_kind),
        cmocka_unit_test(test_api_key_token_parse_reports_api_key_kind),
        cmocka_unit_test(test_api_key_token_format_of_api_key_kind_equals_api_key_format),
        cmocka_unit_test(test_api_key_parse_refuses_a_session_token),
        cmocka_unit_test(test_api_key_session_token_single_character_corruption_is_rejected),
        cmocka_unit_test(test_api_key_token_with_unknown_prefix_is_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
