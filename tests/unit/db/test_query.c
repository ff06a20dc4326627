/* Unit tests for db/query.c's parameter lists: what DB_ARGS builds for a statement. (Running the
 * statements is shown by the integration tests: every store goes through db_query.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "query.h"

static void test_values_in_order_with_numbers_formatted(void **state)
{
    (void)state;
    struct db_params p;
    db_params_init(&p);
    db_params_add(&p, DB_ARGS(DB_TEXT("a"), DB_INT(-42), DB_INT(9007199254740993LL), DB_NULL));
    assert_int_equal(4, p.count);
    assert_false(p.overflow);
    assert_string_equal("a", p.values[0]);
    assert_string_equal("-42", p.values[1]);
    assert_string_equal("9007199254740993", p.values[2]);
    assert_null(p.values[3]);
    for (int i = 0; i < 4; i++)
        assert_int_equal(0, p.formats[i]);
}

static void test_ids_and_booleans_have_their_nulls(void **state)
{
    (void)state;
    struct db_params p;
    db_params_init(&p);
    db_params_add(&p, DB_ARGS(DB_ID(0), DB_ID(7), DB_BOOL(-1), DB_BOOL(0), DB_BOOL(1), DB_BOOL(2)));
    assert_int_equal(6, p.count);
    assert_null(p.values[0]);
    assert_string_equal("7", p.values[1]);
    assert_null(p.values[2]);
    assert_string_equal("false", p.values[3]);
    assert_string_equal("true", p.values[4]);
    assert_string_equal("true", p.values[5]);
}

static void test_bytes_go_in_binary(void **state)
{
    (void)state;
    static const unsigned char hash[3] = {0, 1, 2};
    struct db_params p;
    db_params_init(&p);
    db_params_add(&p, DB_ARGS(DB_INT(1), DB_BYTES(hash, sizeof(hash))));
    assert_int_equal(2, p.count);
    assert_ptr_equal(hash, p.values[1]);
    assert_int_equal(3, p.lengths[1]);
    assert_int_equal(1, p.formats[1]);
    assert_int_equal(0, p.formats[0]);
}

static void test_the_actor_as_key_user_name_request_id(void **state)
{
    (void)state;
    struct db_actor key = {.key_id = 3, .user_id = 0, .name = "ops", .request_id = "r-1"};
    struct db_actor user = {.key_id = 0, .user_id = 7, .name = "li", .request_id = "r-2"};
    struct db_params p;
    db_params_init(&p);
    db_params_add(&p, DB_ARGS(DB_ACTOR(&key), DB_ACTOR(&user)));
    assert_int_equal(8, p.count);
    /* key, user, name, request id: an API key's actor has no user */
    assert_string_equal("3", p.values[0]);
    assert_null(p.values[1]);
    assert_string_equal("ops", p.values[2]);
    assert_string_equal("r-1", p.values[3]);
    /* and a user's has no key */
    assert_null(p.values[4]);
    assert_string_equal("7", p.values[5]);
    assert_string_equal("li", p.values[6]);
    assert_string_equal("r-2", p.values[7]);
}

static void test_too_many_parameters_overflow(void **state)
{
    (void)state;
    struct db_params p;
    db_params_init(&p);
    for (int i = 0; i < 3; i++)
        db_params_add(&p, DB_ARGS(DB_INT(1), DB_INT(2), DB_INT(3), DB_INT(4), DB_INT(5), DB_INT(6),
                                  DB_INT(7), DB_INT(8), DB_INT(9), DB_INT(10), DB_INT(11)));
    assert_true(p.overflow);
    assert_int_equal(DB_PARAMS_MAX, p.count);
}

static void test_no_arguments(void **state)
{
    (void)state;
    struct db_params p;
    db_params_init(&p);
    db_params_add(&p, DB_NO_ARGS);
    assert_int_equal(0, p.count);
    assert_false(p.overflow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_in_order_with_numbers_formatted),
        cmocka_unit_test(test_ids_and_booleans_have_their_nulls),
        cmocka_unit_test(test_bytes_go_in_binary),
        cmocka_unit_test(test_the_actor_as_key_user_name_request_id),
        cmocka_unit_test(test_too_many_parameters_overflow),
        cmocka_unit_test(test_no_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
