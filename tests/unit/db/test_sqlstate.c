/* Unit tests for db/sqlstate.c: the SQLSTATE → status table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sqlstate.h"

struct expectation {
    const char *sqlstate;
    enum status status;
};

static void check(const struct expectation *rows, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        enum status got = db_sqlstate_status(rows[i].sqlstate);
        if (got != rows[i].status)
            fail_msg("%s mapped to %s, expected %s", rows[i].sqlstate, status_name(got),
                     status_name(rows[i].status));
    }
}

static void test_sqlstate_integrity_violations_map_to_conflict_or_invalid(void **state)
{
    (void)state;
    static const struct expectation rows[] = {
        {"23505", STATUS_CONFLICT}, /* unique_violation */
        {"23P01", STATUS_CONFLICT}, /* exclusion_violation */
        {"23503", STATUS_INVALID},  /* foreign_key_violation */
        {"23514", STATUS_INVALID},  /* check_violation */
        {"23502", STATUS_INVALID},  /* not_null_violation */
    };
    check(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_sqlstate_serialization_failures_map_to_retry(void **state)
{
    (void)state;
    static const struct expectation rows[] = {
        {"40001", STATUS_RETRY}, /* serialization_failure */
        {"40P01", STATUS_RETRY}, /* deadlock_detected */
        {"55P03", STATUS_RETRY}, /* lock_not_available */
    };
    check(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_sqlstate_timeouts_and_shutdowns_map_to_unavailable(void **state)
{
    (void)state;
    static const struct expectation rows[] = {
        {"57014", STATUS_UNAVAILABLE}, /* query_canceled (statement_timeout) */
        {"57P01", STATUS_UNAVAILABLE}, /* admin_shutdown */
        {"57P02", STATUS_UNAVAILABLE}, /* crash_shutdown */
        {"57P03", STATUS_UNAVAILABLE}, /* cannot_connect_now */
    };
    check(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_sqlstate_insufficient_privilege_maps_to_forbidden(void **state)
{
    (void)state;
    assert_int_equal(db_sqlstate_status("42501"), STATUS_FORBIDDEN);
}

static void test_sqlstate_classes_map_every_code_in_them(void **state)
{
    (void)state;
    static const struct expectation rows[] = {
        {"08000", STATUS_UNAVAILABLE}, /* connection_exception */
        {"08006", STATUS_UNAVAILABLE}, /* connection_failure */
        {"08001", STATUS_UNAVAILABLE}, /* sqlclient_unable_to_establish_sqlconnection */
        {"53000", STATUS_UNAVAILABLE}, /* insufficient_resources */
        {"53300", STATUS_UNAVAILABLE}, /* too_many_connections */
        {"53100", STATUS_UNAVAILABLE}, /* disk_full */
        {"22000", STATUS_INVALID},     /* data_exception */
        {"22001", STATUS_INVALID},     /* string_data_right_truncation */
        {"22P02", STATUS_INVALID},     /* invalid_text_representation */
        {"22003", STATUS_INVALID},     /* numeric_value_out_of_range */
    };
    check(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_sqlstate_unmapped_codes_are_internal(void **state)
{
    (void)state;
    static const struct expectation rows[] = {
        {"00000", STATUS_INTERNAL}, /* successful_completion */
        {"42P01", STATUS_INTERNAL}, /* undefined_table: a bug */
        {"42601", STATUS_INTERNAL}, /* syntax_error */
        {"42703", STATUS_INTERNAL}, /* undefined_column */
        {"23000", STATUS_INTERNAL}, /* integrity_constraint_violation, no exact row */
        {"40000", STATUS_INTERNAL}, /* transaction_rollback, no exact row */
        {"57000", STATUS_INTERNAL}, /* operator_intervention, no exact row */
        {"XX000", STATUS_INTERNAL}, /* internal_error */
        {"P0001", STATUS_INTERNAL}, /* raise_exception */
    };
    check(rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_sqlstate_null_is_internal(void **state)
{
    (void)state;
    assert_int_equal(db_sqlstate_status(NULL), STATUS_INTERNAL);
}

static void test_sqlstate_wrong_length_is_internal(void **state)
{
    (void)state;
    static const struct expectation rows[] = {
        {"", STATUS_INTERNAL},       {"08", STATUS_INTERNAL},     {"2350", STATUS_INTERNAL},
        {"235050", STATUS_INTERNAL}, {"40001 ", STATUS_INTERNAL}, {"0800", STATUS_INTERNAL},
    };
    check(rows, sizeof(rows) / sizeof(rows[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlstate_integrity_violations_map_to_conflict_or_invalid),
        cmocka_unit_test(test_sqlstate_serialization_failures_map_to_retry),
        cmocka_unit_test(test_sqlstate_timeouts_and_shutdowns_map_to_unavailable),
        cmocka_unit_test(test_sqlstate_insufficient_privilege_maps_to_forbidden),
        cmocka_unit_test(test_sqlstate_classes_map_every_code_in_them),
        cmocka_unit_test(test_sqlstate_unmapped_codes_are_internal),
        cmocka_unit_test(test_sqlstate_null_is_internal),
        cmocka_unit_test(test_sqlstate_wrong_length_is_internal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
