/* Unit tests for core/encode.c: hex, base64url and base64 (RFC 4648 test vectors), and the
 * decoders' refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "encode.h"

static void test_hex_writes_lowercase_digits_and_nul(void **state)
{
    (void)state;
    const unsigned char data[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
    char out[ENCODE_HEX_LEN(sizeof(data)) + 2];
    memset(out, '#', sizeof(out));
    assert_int_equal(12, encode_hex(data, sizeof(data), out));
    assert_string_equal(out, "00017f80abff");
    assert_int_equal(out[ENCODE_HEX_LEN(sizeof(data)) + 1], '#'); /* nothing past the NUL */
}

static void test_hex_of_nothing_is_empty_string(void **state)
{
    (void)state;
    char out[1] = {'#'};
    assert_int_equal(0, encode_hex(NULL, 0, out));
    assert_int_equal(out[0], '\0');
}

/* RFC 4648 §10, without the padding */
static void test_base64url_matches_rfc_4648_vectors(void **state)
{
    (void)state;
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        char out[16];
        size_t len = strlen(plain[i]);
        assert_int_equal(ENCODE_BASE64URL_LEN(len), encode_base64url(plain[i], len, out));
        assert_string_equal(coded[i], out);
        unsigned char back[16];
        long n = decode_base64url(coded[i], strlen(coded[i]), back, sizeof(back));
        assert_int_equal((long)len, n);
        assert_memory_equal(plain[i], back, len);
    }
}

static void test_base64url_uses_the_url_alphabet(void **state)
{
    (void)state;
    const unsigned char data[] = {0xfb, 0xff, 0xbf};
    char out[8];
    encode_base64url(data, sizeof(data), out);
    assert_string_equal("-_-_", out);
    assert_true(encode_is_base64url('-') && encode_is_base64url('_'));
    assert_false(encode_is_base64url('+') || encode_is_base64url('/') || encode_is_base64url('=') ||
                 encode_is_base64url('\0'));
}

static void test_every_byte_value_round_trips(void **state)
{
    (void)state;
    unsigned char data[256], back[256];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)i;
    char text[ENCODE_BASE64URL_LEN(256) + 1];
    for (size_t len = 0; len <= sizeof(data); len++) {
        size_t n = encode_base64url(data, len, text);
        assert_int_equal(ENCODE_BASE64URL_LEN(len), n);
        assert_int_equal((long)len, decode_base64url(text, n, back, sizeof(back)));
        assert_memory_equal(data, back, len);
    }
}

static void test_decoder_refuses_bad_text(void **state)
{
    (void)state;
    unsigned char out[16];
    assert_int_equal(-1, decode_base64url("Zm9vY", 5, out, sizeof(out))); /* 6 bits left over */
    assert_int_equal(-1, decode_base64url("Zm9+", 4, out, sizeof(out)));  /* standard alphabet */
    assert_int_equal(-1, decode_base64url("Zm9=", 4, out, sizeof(out)));  /* padding */
    assert_int_equal(-1, decode_base64url("Zm\0v", 4, out, sizeof(out))); /* NUL inside */
    assert_int_equal(-1, decode_base64url("Zm\xc3\xa9", 4, out, sizeof(out))); /* not ASCII */
    assert_int_equal(-1, decode_base64url("Zm9vYmFy", 8, out, 5));             /* does not fit */
    assert_int_equal(6, decode_base64url("Zm9vYmFy", 8, out, 6));              /* exactly fits */
}

/* RFC 4648 §10, padded */
static void test_base64_matches_rfc_4648_vectors(void **state)
{
    (void)state;
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                        "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        char out[16];
        size_t len = strlen(plain[i]);
        assert_int_equal(strlen(coded[i]), encode_base64(plain[i], len, out));
        assert_string_equal(coded[i], out);
        unsigned char back[16];
        assert_int_equal((long)len, decode_base64(coded[i], strlen(coded[i]), back, sizeof(back)));
        assert_memory_equal(plain[i], back, len);
    }
}

static void test_base64_uses_plus_and_slash_and_refuses_bad_text(void **state)
{
    (void)state;
    const unsigned char data[] = {0xfb, 0xff, 0xbf};
    char out[8];
    encode_base64(data, sizeof(data), out);
    assert_string_equal("+/+/", out);
    unsigned char back[8];
    assert_int_equal(-1, decode_base64("-_-_", 4, back, sizeof(back))); /* the url alphabet */
    assert_int_equal(-1, decode_base64("Zg=", 3, back, sizeof(back)));  /* not a multiple of 4 */
    assert_int_equal(-1, decode_base64("Z===", 4, back, sizeof(back))); /* three pads */
    assert_int_equal(-1, decode_base64("Zm9vYmFy", 8, back, 5));        /* past the cap */
    assert_int_equal(6, decode_base64("Zm9vYmFy", 8, back, 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex_writes_lowercase_digits_and_nul),
        cmocka_unit_test(test_hex_of_nothing_is_empty_string),
        cmocka_unit_test(test_base64url_matches_rfc_4648_vectors),
        cmocka_unit_test(test_base64url_uses_the_url_alphabet),
        cmocka_unit_test(test_every_byte_value_round_trips),
        cmocka_unit_test(test_decoder_refuses_bad_text),
        cmocka_unit_test(test_base64_matches_rfc_4648_vectors),
        cmocka_unit_test(test_base64_uses_plus_and_slash_and_refuses_bad_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
