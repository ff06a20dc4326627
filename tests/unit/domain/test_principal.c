/* Unit tests for domain/principal.c: role names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "principal.h"

static void test_principal_role_names_are_the_documented_ones(void **state)
{
    (void)state;
    assert_string_equal(role_name(ROLE_FRONT_DESK), "front_desk");
    assert_string_equal(role_name(ROLE_MEDIATOR), "mediator");
    assert_string_equal(role_name(ROLE_SUPERVISOR), "supervisor");
    assert_string_equal(role_name(ROLE_ADMIN), "admin");
    assert_string_equal(role_name(ROLE_INTEGRATION), "integration");
}

static void test_principal_role_name_then_parse_round_trips(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        enum role parsed = ROLE_COUNT;
        assert_true(role_parse(role_name((enum role)r), &parsed));
        assert_int_equal(parsed, r);
    }
}

static void test_principal_role_name_of_out_of_range_role_is_not_null(void **state)
{
    (void)state;
    const char *name = role_name(ROLE_COUNT);
    assert_non_null(name);
    assert_string_equal(name, "unknown");
}

static void test_principal_unknown_role_names_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {"",           "unknown", "Admin",  "ADMIN",
                                      "admin ",     " admin",  "admins", "adm",
                                      "front-desk", "root",    NULL};
    for (size_t i = 0; bad[i]; i++) {
        enum role out = ROLE_MEDIATOR;
        if (role_parse(bad[i], &out))
            fail_msg("role \"%s\" was accepted", bad[i]);
    }
}

static void test_principal_scope_names_are_the_documented_ones(void **state)
{
    (void)state;
    assert_string_equal(scope_name(SCOPE_CASES_READ), "cases:read");
    assert_string_equal(scope_name(SCOPE_CASES_WRITE), "cases:write");
    assert_string_equal(scope_name(SCOPE_REPORTS_READ), "reports:read");
    assert_string_equal(scope_name(SCOPE_EVENTS_READ), "events:read");
    assert_string_equal(scope_name(SCOPE_WEBHOOKS_MANAGE), "webhooks:manage");
}

static void test_principal_scope_name_then_parse_round_trips(void **state)
{
    (void)state;
    for (int i = 0; i < SCOPE_COUNT; i++) {
        enum scope s = (enum scope)(1u << i);
        const char *name = scope_name(s);
        assert_non_null(name);
        enum scope parsed = 0;
        assert_true(scope_parse(name, &parsed));
        assert_int_equal(parsed, s);
    }
}

static void test_principal_scope_name_of_non_single_bit_is_null(void **state)
{
    (void)state;
    assert_null(scope_name((enum scope)0));
    assert_null(scope_name((enum scope)(SCOPE_CASES_READ | SCOPE_CASES_WRITE)));
    assert_null(scope_name((enum scope)(1u << SCOPE_COUNT)));
}

static void test_principal_unknown_scope_names_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {"",           "cases", "cases:", "Cases:read", "cases:read ",
                                      "cases.read", "admin", NULL};
    for (size_t i = 0; bad[i]; i++) {
        enum scope out;
        if (scope_parse(bad[i], &out))
            fail_msg("scope \"%s\" was accepted", bad[i]);
    }
}

static void test_principal_scope_list_parses_space_separated_names(void **state)
{
    (void)state;
    unsigned bits = 0;
    assert_true(scopes_parse_list("cases:read reports:read", &bits));
    assert_int_equal(bits, SCOPE_CASES_READ | SCOPE_REPORTS_READ);
    assert_true(scopes_parse_list("  webhooks:manage   events:read ", &bits));
    assert_int_equal(bits, SCOPE_WEBHOOKS_MANAGE | SCOPE_EVENTS_READ);
    assert_true(scopes_parse_list("cases:read cases:read", &bits));
    assert_int_equal(bits, SCOPE_CASES_READ);
}

static void test_principal_empty_scope_list_is_no_scopes(void **state)
{
    (void)state;
    unsigned bits = 99;
    assert_true(scopes_parse_list("", &bits));
    assert_int_equal(bits, 0);
    bits = 99;
    assert_true(scopes_parse_list("   ", &bits));
    assert_int_equal(bits, 0);
}

static void test_principal_scope_list_with_unknown_name_is_rejected(void **state)
{
    (void)state;
    unsigned bits = 0;
    assert_false(scopes_parse_list("cases:read bogus", &bits));
    assert_false(scopes_parse_list("cases:read,reports:read", &bits));
    char long_word[200];
    memset(long_word, 'x', sizeof(long_word) - 1);
    long_word[sizeof(long_word) - 1] = '\0';
    assert_false(scopes_parse_list(long_word, &bits));
}

static void test_principal_city_level_sees_every_center(void **state)
{
    (void)state;
    struct principal p;
    memset(&p, 0, sizeof(p));
    p.center_id = 0;
    assert_true(principal_sees_center(&p, 1));
    assert_true(principal_sees_center(&p, 42));
}

static void test_principal_center_level_sees_only_its_center(void **state)
{
    (void)state;
    struct principal p;
    memset(&p, 0, sizeof(p));
    p.center_id = 3;
    assert_true(principal_sees_center(&p, 3));
    assert_false(principal_sees_center(&p, 4));
    assert_false(principal_sees_center(&p, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_principal_role_names_are_the_documented_ones),
        cmocka_unit_test(test_principal_role_name_then_parse_round_trips),
        cmocka_unit_test(test_principal_role_name_of_out_of_range_role_is_not_null),
        cmocka_unit_test(test_principal_unknown_role_names_are_rejected),
        cmocka_unit_test(test_principal_scope_names_are_the_documented_ones),
        cmocka_unit_test(test_principal_scope_name_then_parse_round_trips),
        cmocka_unit_test(test_principal_scope_name_of_non_single_bit_is_null),
        cmocka_unit_test(test_principal_unknown_scope_names_are_rejected),
        cmocka_unit_test(test_principal_scope_list_parses_space_separated_names),
        cmocka_unit_test(test_principal_empty_scope_list_is_no_scopes),
        cmocka_unit_test(test_principal_scope_list_with_unknown_name_is_rejected),
        cmocka_unit_test(test_principal_city_level_sees_every_center),
        cmocka_unit_test(test_principal_center_level_sees_only_its_center),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
