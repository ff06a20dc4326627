/* Unit tests for domain/permission.c: the role × permission and scope × permission tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "permission.h"

#define ALL_SCOPES                                                                                 \
    (SCOPE_CASES_READ | SCOPE_CASES_WRITE | SCOPE_REPORTS_READ | SCOPE_EVENTS_READ |               \
     SCOPE_WEBHOOKS_MANAGE)

static struct principal principal_with(enum role role, unsigned scopes)
{
    struct principal p;
    memset(&p, 0, sizeof(p));
    p.kind = PRINCIPAL_API_KEY;
    p.key_id = 1;
    p.role = role;
    p.scopes = scopes;
    return p;
}

/* What each staff role may do: the policy, written out so that a change to it is deliberate. */
static const struct {
    enum permission perm;
    bool front_desk, mediator, supervisor, admin;
} staff_matrix[] = {
    {PERM_PUBLIC, true, true, true, true},
    {PERM_AUTHENTICATED, true, true, true, true},
    {PERM_DIRECTORY_READ, true, true, true, true},
    {PERM_CASES_READ, true, true, true, true},
    {PERM_CASES_INTAKE, true, false, true, true},
    {PERM_CASES_MEDIATE, false, true, true, true},
    {PERM_CASES_SUPERVISE, false, false, true, true},
    {PERM_CASES_UNMASK, false, true, true, true},
    {PERM_CASES_ATTACH, true, true, true, true},
    {PERM_REPORTS_READ, false, false, true, true},
    {PERM_REPORTS_SNAPSHOT, false, false, true, true},
    {PERM_EVENTS_READ, false, false, true, true},
    {PERM_WEBHOOKS_MANAGE, false, false, false, true},
    {PERM_ADMIN, false, false, false, true},
};
#define STAFF_ROWS (sizeof(staff_matrix) / sizeof(staff_matrix[0]))

static void test_permission_staff_matrix_has_a_row_per_permission(void **state)
{
    (void)state;
    assert_int_equal(STAFF_ROWS, PERM_COUNT);
    for (size_t i = 0; i < STAFF_ROWS; i++)
        assert_int_equal(staff_matrix[i].perm, i);
}

static void test_permission_each_staff_role_gets_exactly_its_permissions(void **state)
{
    (void)state;
    static const enum role roles[] = {ROLE_FRONT_DESK, ROLE_MEDIATOR, ROLE_SUPERVISOR, ROLE_ADMIN};
    for (size_t i = 0; i < STAFF_ROWS; i++) {
        const bool expect[] = {staff_matrix[i].front_desk, staff_matrix[i].mediator,
                               staff_matrix[i].supervisor, staff_matrix[i].admin};
        for (size_t r = 0; r < 4; r++) {
            struct principal p = principal_with(roles[r], 0);
            if (permission_allows(staff_matrix[i].perm, &p) != expect[r])
                fail_msg("%s on %s: expected %s", role_name(roles[r]),
                         permission_name(staff_matrix[i].perm), expect[r] ? "allowed" : "refused");
        }
    }
}

static void test_permission_scopes_grant_nothing_to_people(void **state)
{
    (void)state;
    /* a front desk principal carrying every scope bit is still only front desk */
    struct principal p = principal_with(ROLE_FRONT_DESK, ALL_SCOPES);
    assert_false(permission_allows(PERM_REPORTS_READ, &p));
    assert_false(permission_allows(PERM_WEBHOOKS_MANAGE, &p));
    assert_false(permission_allows(PERM_ADMIN, &p));
    assert_false(permission_allows(PERM_CASES_MEDIATE, &p));
}

static void test_permission_public_allows_everyone_including_anonymous(void **state)
{
    (void)state;
    assert_true(permission_allows(PERM_PUBLIC, NULL));
    struct principal p = principal_with(ROLE_INTEGRATION, 0);
    assert_true(permission_allows(PERM_PUBLIC, &p));
}

static void test_permission_anonymous_is_refused_everything_but_public(void **state)
{
    (void)state;
    for (int perm = PERM_AUTHENTICATED; perm < PERM_COUNT; perm++)
        if (permission_allows((enum permission)perm, NULL))
            fail_msg("anonymous allowed %s", permission_name((enum permission)perm));
}

static void test_permission_integration_key_without_scopes_is_only_authenticated(void **state)
{
    (void)state;
    struct principal p = principal_with(ROLE_INTEGRATION, 0);
    assert_true(permission_allows(PERM_AUTHENTICATED, &p));
    for (int perm = PERM_DIRECTORY_READ; perm < PERM_COUNT; perm++)
        if (permission_allows((enum permission)perm, &p))
            fail_msg("scopeless integration key allowed %s",
                     permission_name((enum permission)perm));
}

static void test_permission_integration_scopes_grant_their_permissions(void **state)
{
    (void)state;
    static const struct {
        unsigned scope;
        enum permission perm;
    } grants[] = {
        {SCOPE_CASES_READ, PERM_DIRECTORY_READ}, {SCOPE_CASES_READ, PERM_CASES_READ},
        {SCOPE_CASES_WRITE, PERM_CASES_INTAKE},  {SCOPE_REPORTS_READ, PERM_REPORTS_READ},
        {SCOPE_EVENTS_READ, PERM_EVENTS_READ},   {SCOPE_WEBHOOKS_MANAGE, PERM_WEBHOOKS_MANAGE},
    };
    for (size_t i = 0; i < sizeof(grants) / sizeof(grants[0]); i++) {
        struct principal p = principal_with(ROLE_INTEGRATION, grants[i].scope);
        if (!permission_allows(grants[i].perm, &p))
            fail_msg("%s did not grant %s", scope_name((enum scope)grants[i].scope),
                     permission_name(grants[i].perm));
    }
}

static void test_permission_integration_scopes_do_not_leak_to_other_permissions(void **state)
{
    (void)state;
    struct principal reports = principal_with(ROLE_INTEGRATION, SCOPE_REPORTS_READ);
    assert_false(permission_allows(PERM_CASES_READ, &reports));
    assert_false(permission_allows(PERM_EVENTS_READ, &reports));
    assert_false(permission_allows(PERM_WEBHOOKS_MANAGE, &reports));
    struct principal reader = principal_with(ROLE_INTEGRATION, SCOPE_CASES_READ);
    assert_false(permission_allows(PERM_CASES_INTAKE, &reader));
    assert_false(permission_allows(PERM_CASES_ATTACH, &reader));
    struct principal writer = principal_with(ROLE_INTEGRATION, SCOPE_CASES_WRITE);
    assert_true(permission_allows(PERM_CASES_ATTACH, &writer));
    assert_false(permission_allows(PERM_REPORTS_READ, &reader));
}

static void
test_permission_integration_key_never_mediates_supervises_unmasks_or_admins(void **state)
{
    (void)state;
    struct principal p = principal_with(ROLE_INTEGRATION, ALL_SCOPES);
    assert_false(permission_allows(PERM_CASES_MEDIATE, &p));
    assert_false(permission_allows(PERM_CASES_SUPERVISE, &p));
    assert_false(permission_allows(PERM_CASES_UNMASK, &p));
    assert_false(permission_allows(PERM_ADMIN, &p));
}

static void test_permission_session_principal_follows_its_role(void **state)
{
    (void)state;
    struct principal p = principal_with(ROLE_SUPERVISOR, 0);
    p.kind = PRINCIPAL_SESSION;
    p.key_id = 0;
    p.session_id = 9;
    p.user_id = 3;
    assert_true(permission_allows(PERM_CASES_SUPERVISE, &p));
    assert_false(permission_allows(PERM_ADMIN, &p));
}

static void test_permission_unknown_permission_is_refused(void **state)
{
    (void)state;
    struct principal p = principal_with(ROLE_ADMIN, ALL_SCOPES);
    assert_false(permission_allows(PERM_COUNT, &p));
    assert_false(permission_allows((enum permission)(PERM_COUNT + 1), &p));
}

static void test_permission_names_are_distinct(void **state)
{
    (void)state;
    assert_string_equal(permission_name(PERM_PUBLIC), "public");
    assert_string_equal(permission_name(PERM_CASES_READ), "cases.read");
    assert_string_equal(permission_name(PERM_ADMIN), "admin");
    for (int a = 0; a < PERM_COUNT; a++) {
        const char *name = permission_name((enum permission)a);
        assert_non_null(name);
        assert_true(name[0] != '\0');
        for (int b = a + 1; b < PERM_COUNT; b++)
            assert_string_not_equal(name, permission_name((enum permission)b));
    }
}

static void test_permission_name_of_unknown_permission_is_unknown(void **state)
{
    (void)state;
    assert_string_equal(permission_name(PERM_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_permission_staff_matrix_has_a_row_per_permission),
        cmocka_unit_test(test_permission_each_staff_role_gets_exactly_its_permissions),
        cmocka_unit_test(test_permission_scopes_grant_nothing_to_people),
        cmocka_unit_test(test_permission_public_allows_everyone_including_anonymous),
        cmocka_unit_test(test_permission_anonymous_is_refused_everything_but_public),
        cmocka_unit_test(test_permission_integration_key_without_scopes_is_only_authenticated),
        cmocka_unit_test(test_permission_integration_scopes_grant_their_permissions),
        cmocka_unit_test(test_permission_integration_scopes_do_not_leak_to_other_permissions),
        cmocka_unit_test(
            test_permission_integration_key_never_mediates_supervises_unmasks_or_admins),
        cmocka_unit_test(test_permission_session_principal_follows_its_role),
        cmocka_unit_test(test_permission_unknown_permission_is_refused),
        cmocka_unit_test(test_permission_names_are_distinct),
        cmocka_unit_test(test_permission_name_of_unknown_permission_is_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
