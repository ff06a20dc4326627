/* Unit tests for core/error.c: status names, error_set and field errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "error.h"

static void test_error_status_name_names_every_status(void **state)
{
    (void)state;
    static const struct {
        enum status status;
        const char *name;
    } names[] = {
        {STATUS_OK, "ok"},
        {STATUS_INVALID, "invalid"},
        {STATUS_MALFORMED, "malformed"},
        {STATUS_NOT_FOUND, "not_found"},
        {STATUS_CONFLICT, "conflict"},
        {STATUS_TOO_LARGE, "too_large"},
        {STATUS_RETRY, "retry"},
        {STATUS_UNAVAILABLE, "unavailable"},
        {STATUS_NO_MEMORY, "no_memory"},
        {STATUS_UNAUTHORIZED, "unauthorized"},
        {STATUS_FORBIDDEN, "forbidden"},
        {STATUS_INTERNAL, "internal"},
        {STATUS_RATE_LIMITED, "rate_limited"},
        {STATUS_PRECONDITION, "precondition_failed"},
        {STATUS_PRECONDITION_REQUIRED, "precondition_required"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        assert_string_equal(status_name(names[i].status), names[i].name);
}

static void test_error_status_name_of_unknown_value_is_not_null(void **state)
{
    (void)state;
    const char *name = status_name((enum status)1000);
    assert_non_null(name);
    assert_string_equal(name, "unknown");
}

static void test_error_init_clears_everything(void **state)
{
    (void)state;
    struct error err;
    memset(&err, 0x5a, sizeof(err));
    error_init(&err);
    assert_int_equal(err.status, STATUS_OK);
    assert_string_equal(err.message, "");
    assert_int_equal(err.field_count, 0);
    assert_int_equal(err.retry_after, 0);
}

static void test_error_set_returns_status_and_formats_message(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(error_set(&err, STATUS_NOT_FOUND, "case %d not found", 17), STATUS_NOT_FOUND);
    assert_int_equal(err.status, STATUS_NOT_FOUND);
    assert_string_equal(err.message, "case 17 not found");
}

static void test_error_set_accepts_null_error(void **state)
{
    (void)state;
    assert_int_equal(error_set(NULL, STATUS_CONFLICT, "ignored %s", "x"), STATUS_CONFLICT);
}

static void test_error_set_truncates_long_message(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    char long_text[ERROR_MESSAGE_MAX * 2];
    memset(long_text, 'm', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    error_set(&err, STATUS_INVALID, "%s", long_text);
    assert_int_equal(strlen(err.message), ERROR_MESSAGE_MAX - 1);
}

static void test_error_add_field_records_field_and_sets_invalid(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(error_add_field(&err, "name", "must be at most %d characters", 100),
                     STATUS_INVALID);
    assert_int_equal(err.status, STATUS_INVALID);
    assert_true(err.message[0] != '\0');
    assert_int_equal(err.field_count, 1);
    assert_string_equal(err.fields[0].field, "name");
    assert_string_equal(err.fields[0].message, "must be at most 100 characters");
}

static void test_error_add_field_keeps_fields_in_order(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_add_field(&err, "code", "bad code");
    error_add_field(&err, "street", "bad street");
    assert_int_equal(err.field_count, 2);
    assert_string_equal(err.fields[0].field, "code");
    assert_string_equal(err.fields[1].field, "street");
    assert_string_equal(err.fields[1].message, "bad street");
}

static void test_error_add_field_keeps_an_existing_invalid_message(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_set(&err, STATUS_INVALID, "the community is invalid");
    error_add_field(&err, "code", "bad code");
    assert_string_equal(err.message, "the community is invalid");
}

static void test_error_add_field_replaces_a_non_invalid_status(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_set(&err, STATUS_NOT_FOUND, "no such case");
    error_add_field(&err, "code", "bad code");
    assert_int_equal(err.status, STATUS_INVALID);
    assert_string_not_equal(err.message, "no such case");
}

static void test_error_add_field_caps_at_fields_max_keeping_the_first(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    for (int i = 0; i < ERROR_FIELDS_MAX + 5; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d", i);
        assert_int_equal(error_add_field(&err, name, "bad %d", i), STATUS_INVALID);
    }
    assert_int_equal(err.field_count, ERROR_FIELDS_MAX);
    assert_string_equal(err.fields[0].field, "f0");
    char last[16];
    snprintf(last, sizeof(last), "f%d", ERROR_FIELDS_MAX - 1);
    assert_string_equal(err.fields[ERROR_FIELDS_MAX - 1].field, last);
}

static void test_error_add_field_truncates_long_field_name(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    char name[ERROR_FIELD_NAME_MAX * 2];
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    error_add_field(&err, name, "x");
    assert_int_equal(strlen(err.fields[0].field), ERROR_FIELD_NAME_MAX - 1);
}

static void test_error_add_field_accepts_null_error(void **state)
{
    (void)state;
    assert_int_equal(error_add_field(NULL, "f", "m"), STATUS_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_status_name_names_every_status),
        cmocka_unit_test(test_error_status_name_of_unknown_value_is_not_null),
        cmocka_unit_test(test_error_init_clears_everything),
        cmocka_unit_test(test_error_set_returns_status_and_formats_message),
        cmocka_unit_test(test_error_set_accepts_null_error),
        cmocka_unit_test(test_error_set_truncates_long_message),
        cmocka_unit_test(test_error_add_field_records_field_and_sets_invalid),
        cmocka_unit_test(test_error_add_field_keeps_fields_in_order),
        cmocka_unit_test(test_error_add_field_keeps_an_existing_invalid_message),
        cmocka_unit_test(test_error_add_field_replaces_a_non_invalid_status),
        cmocka_unit_test(test_error_add_field_caps_at_fields_max_keeping_the_first),
        cmocka_unit_test(test_error_add_field_truncates_long_field_name),
        cmocka_unit_test(test_error_add_field_accepts_null_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
