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

/* migrations/superseded.txt as the runner passes it: an earlier text of 0002 */
static const struct migration_superseded superseded[] = {
    {"0002_communities", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "0123abc", NULL},
    {"0003_cases", "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "4567def",
     "DROP FUNCTION IF EXISTS f();"},
};
#define SUPERSEDED (sizeof(superseded) / sizeof(superseded[0]))

static void test_migration_plan_current_checksum_accepted_not_reported_superseded(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    size_t first = 99;
    const struct migration_superseded *accepted[SHIPPED];
    for (size_t i = 0; i < SHIPPED; i++)
        accepted[i] = &superseded[0];
    assert_int_equal(migration_plan(shipped, SHIPPED, shipped, SHIPPED, superseded, SUPERSEDED,
                                    &first, accepted, &err),
                     STATUS_OK);
    assert_int_equal(first, SHIPPED);
    for (size_t i = 0; i < SHIPPED; i++)
        assert_null(accepted[i]);
}

static void test_migration_plan_superseded_checksum_accepted_and_reported(void **state)
{
    (void)state;
    struct migration_record applied[2] = {shipped[0], shipped[1]};
    applied[1].checksum = superseded[0].checksum;
    struct error err;
    error_init(&err);
    size_t first = 99;
    const struct migration_superseded *accepted[2] = {NULL, NULL};
    assert_int_equal(migration_plan(applied, 2, shipped, SHIPPED, superseded, SUPERSEDED, &first,
                                    accepted, &err),
                     STATUS_OK);
    assert_int_equal(first, 2);
    assert_null(accepted[0]);
    assert_ptr_equal(accepted[1], &superseded[0]);
    assert_string_equal(accepted[1]->commit, "0123abc");
    assert_null(accepted[1]->bridge_sql);
}

static void test_migration_plan_superseded_entry_carries_its_bridge(void **state)
{
    (void)state;
    struct migration_record applied[3] = {shipped[0], shipped[1], shipped[2]};
    applied[2].checksum = superseded[1].checksum;
    struct error err;
    error_init(&err);
    size_t first = 99;
    const struct migration_superseded *accepted[3] = {NULL, NULL, NULL};
    assert_int_equal(migration_plan(applied, 3, shipped, SHIPPED, superseded, SUPERSEDED, &first,
                                    accepted, &err),
                     STATUS_OK);
    assert_ptr_equal(accepted[2], &superseded[1]);
    assert_string_equal(accepted[2]->bridge_sql, "DROP FUNCTION IF EXISTS f();");
}

static void test_migration_plan_superseded_without_accepted_array_is_ok(void **state)
{
    (void)state;
    struct migration_record applied[2] = {shipped[0], shipped[1]};
    applied[1].checksum = superseded[0].checksum;
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(
        migration_plan(applied, 2, shipped, SHIPPED, superseded, SUPERSEDED, &first, NULL, &err),
        STATUS_OK);
    assert_int_equal(first, 2);
}

static void test_migration_plan_unknown_checksum_refused_with_superseded_list(void **state)
{
    (void)state;
    struct migration_record applied[2] = {shipped[0], shipped[1]};
    applied[1].checksum = "9999999999999999999999999999999999999999999999999999999999999999";
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(
        migration_plan(applied, 2, shipped, SHIPPED, superseded, SUPERSEDED, &first, NULL, &err),
        STATUS_CONFLICT);
    assert_int_equal(first, 99);
    assert_non_null(strstr(err.message, "0002_communities"));
    assert_non_null(strstr(err.message, "superseded.txt"));
}

static void test_migration_plan_superseded_checksum_under_other_name_refused(void **state)
{
    (void)state;
    /* 0002's earlier text recorded as 0001: an entry only ever vouches for its own migration */
    struct migration_record applied[2] = {shipped[0], shipped[1]};
    applied[0].checksum = superseded[0].checksum;
    struct error err;
    error_init(&err);
    size_t first = 99;
    assert_int_equal(
        migration_plan(applied, 2, shipped, SHIPPED, superseded, SUPERSEDED, &first, NULL, &err),
        STATUS_CONFLICT);
    assert_non_null(strstr(err.message, "0001_foundation"));
}

static void test_migration_superseded_find_matches_name_and_checksum(void **state)
{
    (void)state;
    assert_ptr_equal(
        migration_superseded_find("0003_cases", superseded[1].checksum, superseded, SUPERSEDED),
        &superseded[1]);
    assert_null(migration_superseded_find("0002_communities", superseded[1].checksum, superseded,
                                          SUPERSEDED));
    assert_null(
        migration_superseded_find("0003_cases", shipped[2].checksum, superseded, SUPERSEDED));
    assert_null(migration_superseded_find("0003_cases", superseded[1].checksum, NULL, 0));
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
        cmocka_unit_test(test_migration_plan_current_checksum_accepted_not_reported_superseded),
        cmocka_unit_test(test_migration_plan_superseded_checksum_accepted_and_reported),
        cmocka_unit_test(test_migration_plan_superseded_entry_carries_its_bridge),
        cmocka_unit_test(test_migration_plan_superseded_without_accepted_array_is_ok),
        cmocka_unit_test(test_migration_plan_unknown_checksum_refused_with_superseded_list),
        cmocka_unit_test(test_migration_plan_superseded_checksum_under_other_name_refused),
        cmocka_unit_test(test_migration_superseded_find_matches_name_and_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
