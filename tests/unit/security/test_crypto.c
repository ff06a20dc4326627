/* Unit tests for security/crypto.c: known vectors, comparison, hex, randomness and sealing. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "crypto.h"
#include "encode.h"

static void test_crypto_sha256_of_abc_matches_fips_180_vector(void **state)
{
    (void)state;
    unsigned char digest[CRYPTO_SHA256_LEN];
    char hex[2 * CRYPTO_SHA256_LEN + 1];
    crypto_sha256("abc", 3, digest);
    encode_hex(digest, sizeof(digest), hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_crypto_sha256_of_empty_input_matches_known_vector(void **state)
{
    (void)state;
    unsigned char digest[CRYPTO_SHA256_LEN];
    char hex[2 * CRYPTO_SHA256_LEN + 1];
    crypto_sha256("", 0, digest);
    encode_hex(digest, sizeof(digest), hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_crypto_hmac_sha256_matches_rfc4231_test_case_2(void **state)
{
    (void)state;
    const char *key = "Jefe";
    const char *data = "what do ya want for nothing?";
    unsigned char mac[CRYPTO_SHA256_LEN];
    char hex[2 * CRYPTO_SHA256_LEN + 1];
    assert_int_equal(crypto_hmac_sha256(key, strlen(key), data, strlen(data), mac), STATUS_OK);
    encode_hex(mac, sizeof(mac), hex);
    assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_crypto_hmac_sha256_matches_rfc4231_test_case_1(void **state)
{
    (void)state;
    unsigned char key[20];
    memset(key, 0x0b, sizeof(key));
    unsigned char mac[CRYPTO_SHA256_LEN];
    char hex[2 * CRYPTO_SHA256_LEN + 1];
    assert_int_equal(crypto_hmac_sha256(key, sizeof(key), "Hi There", 8, mac), STATUS_OK);
    encode_hex(mac, sizeof(mac), hex);
    assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

static void test_crypto_hmac_depends_on_the_key(void **state)
{
    (void)state;
    unsigned char a[CRYPTO_SHA256_LEN], b[CRYPTO_SHA256_LEN];
    assert_int_equal(crypto_hmac_sha256("k1", 2, "msg", 3, a), STATUS_OK);
    assert_int_equal(crypto_hmac_sha256("k2", 2, "msg", 3, b), STATUS_OK);
    assert_memory_not_equal(a, b, sizeof(a));
}

/* The keyed form gives crypto_hmac_sha256's result for short, block-sized and long keys and for
 * messages of any length, and the key object can be reused. */
static void test_crypto_hmac_key_matches_one_shot_hmac(void **state)
{
    (void)state;
    char key[200], msg[200];
    for (size_t i = 0; i < sizeof(key); i++)
        key[i] = (char)('a' + i % 26), msg[i] = (char)('0' + i % 10);
    const size_t key_lens[] = {0, 4, 20, 63, 64, 65, 200};
    for (size_t k = 0; k < sizeof(key_lens) / sizeof(key_lens[0]); k++) {
        struct crypto_hmac_key *hk = crypto_hmac_key_new(key, key_lens[k]);
        assert_non_null(hk);
        for (size_t len = 0; len < sizeof(msg); len += 17) {
            unsigned char a[CRYPTO_SHA256_LEN], b[CRYPTO_SHA256_LEN];
            assert_int_equal(crypto_hmac_sha256(key, key_lens[k], msg, len, a), STATUS_OK);
            assert_int_equal(crypto_hmac_key_sha256(hk, msg, len, b), STATUS_OK);
            assert_memory_equal(a, b, sizeof(a));
        }
        crypto_hmac_key_free(hk);
    }
    crypto_hmac_key_free(NULL);
}

static void test_crypto_hmac_key_matches_rfc4231_test_case_2(void **state)
{
    (void)state;
    struct crypto_hmac_key *hk = crypto_hmac_key_new("Jefe", 4);
    assert_non_null(hk);
    unsigned char mac[CRYPTO_SHA256_LEN];
    char hex[2 * CRYPTO_SHA256_LEN + 1];
    const char *data = "what do ya want for nothing?";
    assert_int_equal(crypto_hmac_key_sha256(hk, data, strlen(data), mac), STATUS_OK);
    encode_hex(mac, sizeof(mac), hex);
    assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    crypto_hmac_key_free(hk);
}

static void test_crypto_equal_compares_every_byte(void **state)
{
    (void)state;
    unsigned char a[32], b[32];
    memset(a, 0x42, sizeof(a));
    memcpy(b, a, sizeof(b));
    assert_true(crypto_equal(a, b, sizeof(a)));
    for (size_t i = 0; i < sizeof(a); i++) {
        b[i] ^= 0x01;
        if (crypto_equal(a, b, sizeof(a)))
            fail_msg("difference at byte %zu was missed", i);
        b[i] ^= 0x01;
    }
    assert_true(crypto_equal(a, b, sizeof(a)));
}

static void test_crypto_equal_of_zero_bytes_is_true(void **state)
{
    (void)state;
    assert_true(crypto_equal("x", "y", 0));
}

static void test_crypto_random_fills_and_differs_between_calls(void **state)
{
    (void)state;
    unsigned char a[32], b[32], zero[32];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    memset(zero, 0, sizeof(zero));
    assert_int_equal(crypto_random(a, sizeof(a)), STATUS_OK);
    assert_int_equal(crypto_random(b, sizeof(b)), STATUS_OK);
    /* 2^-256 chance of a false failure */
    assert_memory_not_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, zero, sizeof(a));
}

static void test_crypto_random_of_zero_bytes_succeeds(void **state)
{
    (void)state;
    unsigned char x = 0x5a;
    assert_int_equal(crypto_random(&x, 0), STATUS_OK);
    assert_int_equal(x, 0x5a);
}

static void test_crypto_seal_round_trip_and_tamper(void **state)
{
    (void)state;
    unsigned char key[CRYPTO_SEAL_KEY_LEN], other[CRYPTO_SEAL_KEY_LEN];
    memset(key, 7, sizeof(key));
    memset(other, 8, sizeof(other));
    static const char plain[] = "{\"phone\":\"13800000000\"}";
    size_t len = sizeof(plain) - 1;
    unsigned char sealed[sizeof(plain) - 1 + CRYPTO_SEAL_OVERHEAD], again[sizeof(sealed)];
    unsigned char opened[sizeof(plain)];
    assert_int_equal(STATUS_OK, crypto_seal(key, "aad", 3, plain, len, sealed));
    assert_null(memmem(sealed, sizeof(sealed), "13800000000", 11));
    assert_int_equal(STATUS_OK, crypto_open(key, "aad", 3, sealed, sizeof(sealed), opened));
    assert_memory_equal(plain, opened, len);
    /* a fresh nonce each time */
    assert_int_equal(STATUS_OK, crypto_seal(key, "aad", 3, plain, len, again));
    assert_memory_not_equal(sealed, again, sizeof(sealed));
    /* another key, another aad, a changed byte, too short: refused */
    assert_int_equal(STATUS_INVALID, crypto_open(other, "aad", 3, sealed, sizeof(sealed), opened));
    assert_int_equal(STATUS_INVALID, crypto_open(key, "aae", 3, sealed, sizeof(sealed), opened));
    sealed[14] ^= 1;
    assert_int_equal(STATUS_INVALID, crypto_open(key, "aad", 3, sealed, sizeof(sealed), opened));
    assert_int_equal(STATUS_INVALID, crypto_open(key, "aad", 3, sealed, 27, opened));
    /* nothing seals to just the overhead, and opens again */
    assert_int_equal(STATUS_OK, crypto_seal(key, NULL, 0, "", 0, again));
    assert_int_equal(STATUS_OK, crypto_open(key, NULL, 0, again, CRYPTO_SEAL_OVERHEAD, opened));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypto_sha256_of_abc_matches_fips_180_vector),
        cmocka_unit_test(test_crypto_sha256_of_empty_input_matches_known_vector),
        cmocka_unit_test(test_crypto_hmac_sha256_matches_rfc4231_test_case_2),
        cmocka_unit_test(test_crypto_hmac_sha256_matches_rfc4231_test_case_1),
        cmocka_unit_test(test_crypto_hmac_depends_on_the_key),
        cmocka_unit_test(test_crypto_hmac_key_matches_one_shot_hmac),
        cmocka_unit_test(test_crypto_hmac_key_matches_rfc4231_test_case_2),
        cmocka_unit_test(test_crypto_equal_compares_every_byte),
        cmocka_unit_test(test_crypto_equal_of_zero_bytes_is_true),
        cmocka_unit_test(test_crypto_random_fills_and_differs_between_calls),
        cmocka_unit_test(test_crypto_random_of_zero_bytes_succeeds),
        cmocka_unit_test(test_crypto_seal_round_trip_and_tamper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
