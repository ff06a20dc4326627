/* Unit tests for api/token_mint.c: a minted token parses back to the public id and secret hash
 * it was minted with, for both kinds, and no two are alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "token_mint.h"

static void check_kind(enum token_kind kind, const char *prefix)
{
    struct minted_token m;
    assert_int_equal(STATUS_OK, token_mint(kind, &m));
    assert_int_equal(API_KEY_LEN, strlen(m.token));
    assert_memory_equal(prefix, m.token, 4);
    enum token_kind parsed;
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *secret;
    size_t secret_len;
    assert_true(token_parse(m.token, strlen(m.token), &parsed, public_id, &secret, &secret_len));
    assert_int_equal(kind, parsed);
    assert_string_equal(public_id, m.public_id);
    unsigned char hash[CRYPTO_SHA256_LEN];
    crypto_sha256(secret, secret_len, hash);
    assert_memory_equal(hash, m.secret_hash, sizeof(hash));
}

static void test_api_keys_parse_back_to_what_is_stored(void **state)
{
    (void)state;
    check_kind(TOKEN_API_KEY, API_KEY_PREFIX);
}

static void test_session_tokens_parse_back_to_what_is_stored(void **state)
{
    (void)state;
    check_kind(TOKEN_SESSION, SESSION_TOKEN_PREFIX);
}

static void test_two_mints_differ(void **state)
{
    (void)state;
    struct minted_token a, b;
    assert_int_equal(STATUS_OK, token_mint(TOKEN_API_KEY, &a));
    assert_int_equal(STATUS_OK, token_mint(TOKEN_API_KEY, &b));
    assert_string_not_equal(a.token, b.token);
    assert_string_not_equal(a.public_id, b.public_id);
    assert_memory_not_equal(a.secret_hash, b.secret_hash, sizeof(a.secret_hash));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_keys_parse_back_to_what_is_stored),
        cmocka_unit_test(test_session_tokens_parse_back_to_what_is_stored),
        cmocka_unit_test(test_two_mints_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
