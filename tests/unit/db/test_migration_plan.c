/* Unit tests for db/migration_plan.c: which migrations to apply, and when to refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "migration_plan.h"

static const struct migration_record shipped[] = {
    {"0001_foundation", "1111111111111111111111111111111111111111111111111111111111111111"},
    {"0002_communities", "2222222222222222222222222222222222222222222222222222222222222222"},
    {"0003_cases", "3333333333333333333333333333333333333333333333333333333333333333"},
};
#define SHIPPED (sizeof(shipped) / sizeof(shipped[0]))

static void test_migration_plan_empty_database_starts_at_first(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(NULL, 0, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_OK);
    assert_int_equal(first, 0);
}

static void test_migration_plan_partly_applied_starts_after_applied(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(shipped, 2, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_OK);
    assert_int_equal(first, 2);
}

static void test_migration_plan_all_applied_returns_count(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(
        migration_plan(shipped, SHIPPED, shipped, SHIPPED, NULL, 0, &first, NULL, &err), STATUS_OK);
    assert_int_equal(first, SHIPPED);
}

static void test_migration_plan_nothing_shipped_nothing_applied_is_ok(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(NULL, 0, NULL, 0, NULL, 0, &first, NULL, &err), STATUS_OK);
    assert_int_equal(first, 0);
}

static void test_migration_plan_changed_checksum_is_conflict_naming_migration(void **state)
{
    (void)state;
    struct migration_record applied[2] = {shipped[0], shipped[1]};
    applied[1].checksum = "9999999999999999999999999999999999999999999999999999999999999999";
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(applied, 2, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_CONFLICT);
    assert_int_equal(err.status, STATUS_CONFLICT);
    assert_non_null(strstr(err.message, "0002_communities"));
    assert_null(strstr(err.message, "0001_foundation"));
}

static void test_migration_plan_unknown_applied_migration_is_conflict(void **state)
{
    (void)state;
    /* a newer binary applied 0004 */
    struct migration_record applied[4] = {
        shipped[0],
        shipped[1],
        shipped[2],
        {"0004_hearings", "4444444444444444444444444444444444444444444444444444444444444444"},
    };
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(applied, 4, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_CONFLICT);
    assert_non_null(strstr(err.message, "0004_hearings"));
}

static void test_migration_plan_name_mismatch_is_conflict(void **state)
{
    (void)state;
    /* the binary ships 0002_communities where the database has 0002_parties: a file was
     * inserted or renamed before an applied one */
    struct migration_record applied[2] = {
        shipped[0],
        {"0002_parties", "2222222222222222222222222222222222222222222222222222222222222222"},
    };
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(applied, 2, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_CONFLICT);
    assert_non_null(strstr(err.message, "0002_parties"));
}

static void test_migration_plan_gap_in_applied_is_conflict(void **state)
{
    (void)state;
    /* 0001 and 0003 applied, 0002 not: applied is not a prefix of shipped */
    struct migration_record applied[2] = {shipped[0], shipped[2]};
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(applied, 2, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_CONFLICT);
}

static void test_migration_plan_conflict_message_is_lower_case_without_period(void **state)
{
    (void)state;
    struct migration_record applied[1] = {shipped[0]};
    applied[0].checksum = "abcdef";
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(migration_plan(applied, 1, shipped, SHIPPED, NULL, 0, &first, NULL, &err),
                     STATUS_CONFLICT);
    size_t len = strlen(err.message);
    assert_true(len > 0);
    assert_false(err.message[0] >= 'A' && err.message[0] <= 'Z');
    assert_int_not_equal(err.message[len - 1], '.');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migration_plan_empty_database_starts_at_first),
        cmocka_unit_test(test_migration_plan_partly_applied_starts_after_applied),
        cmocka_unit_test(test_migration_plan_all_applied_returns_count),
        cmocka_unit_test(test_migration_plan_nothing_shipped_nothing_applied_is_ok),
        cmocka_unit_test(test_migration_plan_changed_checksum_is_conflict_naming_migration),
        cmocka_unit_test(test_migration_plan_unknown_applied_migration_is_conflict),
        cmocka_unit_test(test_migration_plan_name_mismatch_is_conflict),
        cmocka_unit_test(test_migration_plan_gap_in_applied_is_conflict),
        cmocka_unit_test(test_migration_plan_conflict_message_is_lower_case_without_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
