/* Unit tests for security/webhook_sign.c: the Standard Webhooks test vector, the secret's form,
 * and refused secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "encode.h"
#include "webhook_sign.h"

/* The example of the Standard Webhooks specification (standard-webhooks/standard-webhooks,
 * spec/standard-webhooks.md and its reference libraries' tests). */
static void test_signature_matches_the_standard_webhooks_vector(void **state)
{
    (void)state;
    const char *secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const char *body = "{\"test\": 2432232314}";
    char sig[WEBHOOK_SIGNATURE_MAX];
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, webhook_sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                             body, strlen(body), sig, &err));
    assert_string_equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig);
}

static void test_any_change_changes_the_signature(void **state)
{
    (void)state;
    const char *secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    char a[WEBHOOK_SIGNATURE_MAX], b[WEBHOOK_SIGNATURE_MAX];
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, webhook_sign(secret, "msg_1", 1, "{}", 2, a, &err));
    assert_int_equal(STATUS_OK, webhook_sign(secret, "msg_1", 2, "{}", 2, b, &err));
    assert_string_not_equal(a, b);
    assert_int_equal(STATUS_OK, webhook_sign(secret, "msg_2", 1, "{}", 2, b, &err));
    assert_string_not_equal(a, b);
    assert_int_equal(STATUS_OK, webhook_sign(secret, "msg_1", 1, "[]", 2, b, &err));
    assert_string_not_equal(a, b);
}

static void test_new_secret_is_whsec_and_32_random_bytes(void **state)
{
    (void)state;
    char s1[WEBHOOK_SECRET_MAX], s2[WEBHOOK_SECRET_MAX];
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, webhook_secret_new(s1, &err));
    assert_int_equal(STATUS_OK, webhook_secret_new(s2, &err));
    assert_int_equal(0, strncmp(s1, "whsec_", 6));
    assert_int_equal(6 + 44, strlen(s1));
    unsigned char raw[40];
    assert_int_equal(32, decode_base64(s1 + 6, strlen(s1 + 6), raw, sizeof(raw)));
    assert_string_not_equal(s1, s2);
    char sig[WEBHOOK_SIGNATURE_MAX];
    assert_int_equal(STATUS_OK, webhook_sign(s1, "msg_1", 1, "{}", 2, sig, &err));
}

static void test_malformed_secrets_are_refused(void **state)
{
    (void)state;
    char sig[WEBHOOK_SIGNATURE_MAX];
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_INVALID, webhook_sign("MfKQ9r8GKYqrTwjU", "m", 1, "{}", 2, sig, &err));
    assert_int_equal(STATUS_INVALID, webhook_sign("whsec_!!!!", "m", 1, "{}", 2, sig, &err));
    assert_int_equal(STATUS_INVALID, webhook_sign("whsec_", "m", 1, "{}", 2, sig, &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature_matches_the_standard_webhooks_vector),
        cmocka_unit_test(test_any_change_changes_the_signature),
        cmocka_unit_test(test_new_secret_is_whsec_and_32_random_bytes),
        cmocka_unit_test(test_malformed_secrets_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
