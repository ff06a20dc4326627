/* Unit tests for domain/deadline.c: the default policy, due instants and the extension rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "deadline.h"

/* The field names err lists, space-separated. */
static const char *fields_of(const struct error *err, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < err->field_count; i++) {
        int n = snprintf(out + used, size - used, "%s%s", i ? " " : "", err->fields[i].field);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return out;
}

static void test_deadline_default_days_by_risk(void **state)
{
    (void)state;
    static const int expected[RISK_LEVEL_COUNT] = {30, 20, 10, 3};
    for (int t = 0; t < DISPUTE_TYPE_COUNT; t++)
        for (int r = 0; r < RISK_LEVEL_COUNT; r++)
            assert_int_equal(deadline_default_days((enum dispute_type)t, (enum risk_level)r),
                             expected[r]);
    assert_int_equal(DEADLINE_DEFAULT_DAYS, 30);
}

static void test_deadline_higher_risk_is_shorter(void **state)
{
    (void)state;
    for (int r = 1; r < RISK_LEVEL_COUNT; r++)
        assert_true(deadline_default_days(DISPUTE_TYPE_NEIGHBOR, (enum risk_level)r) <
                    deadline_default_days(DISPUTE_TYPE_NEIGHBOR, (enum risk_level)(r - 1)));
    /* an unexpected risk value errs towards attention */
    assert_int_equal(deadline_default_days(DISPUTE_TYPE_OTHER, RISK_LEVEL_COUNT), 3);
    assert_int_equal(deadline_default_days(DISPUTE_TYPE_OTHER, (enum risk_level) - 1), 3);
}

static void test_deadline_due(void **state)
{
    (void)state;
    int64_t accepted = INT64_C(1795918500); /* 2026-11-29T02:15:00Z */
    assert_true(deadline_due(accepted, 30) == accepted + 30 * INT64_C(86400));
    assert_true(deadline_due(accepted, 30) == INT64_C(1798510500)); /* 2026-12-29T02:15:00Z */
    assert_true(deadline_due(accepted, 3) == accepted + 259200);
    assert_true(deadline_due(accepted, 0) == accepted);
    assert_true(deadline_due(accepted, -5) == accepted);
    assert_true(deadline_due(accepted, INT_MAX) == accepted + (int64_t)INT_MAX * 86400);
    assert_true(deadline_due(INT64_MAX - 10, 1) == INT64_MAX);
    assert_true(deadline_due(-86400, 1) == 0);
}

static void test_deadline_extension_allowed(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, 15, 30, true, true, &err), STATUS_OK);
    assert_int_equal(deadline_extension_check(15, 15, 30, true, true, &err), STATUS_OK);
    assert_int_equal(deadline_extension_check(0, 30, 30, true, true, &err), STATUS_OK);
    assert_int_equal(deadline_extension_check(29, 1, 30, true, true, &err), STATUS_OK);
    assert_int_equal(err.field_count, 0);
    assert_int_equal(err.status, STATUS_OK);
}

static void test_deadline_extension_needs_both_consents(void **state)
{
    (void)state;
    char names[128];
    struct error err;
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, 10, 30, false, true, &err), STATUS_INVALID);
    assert_string_equal(fields_of(&err, names, sizeof(names)), "applicant_consent");
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, 10, 30, true, false, &err), STATUS_INVALID);
    assert_string_equal(fields_of(&err, names, sizeof(names)), "respondent_consent");
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, 10, 30, false, false, &err), STATUS_INVALID);
    assert_string_equal(fields_of(&err, names, sizeof(names)),
                        "applicant_consent respondent_consent");
    assert_int_equal(err.status, STATUS_INVALID);
    assert_non_null(strstr(err.fields[0].message, "consent"));
}

static void test_deadline_extension_days_must_be_positive(void **state)
{
    (void)state;
    static const int bad[] = {0, -1, INT_MIN};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct error err;
        error_init(&err);
        assert_int_equal(deadline_extension_check(0, bad[i], 30, true, true, &err), STATUS_INVALID);
        assert_int_equal(err.field_count, 1);
        assert_string_equal(err.fields[0].field, "days");
        assert_string_equal(err.fields[0].message, "must be at least 1");
    }
}

static void test_deadline_extension_cap(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(deadline_extension_check(20, 11, 30, true, true, &err), STATUS_INVALID);
    assert_int_equal(err.field_count, 1);
    assert_string_equal(err.fields[0].field, "days");
    assert_string_equal(err.fields[0].message,
                        "must keep all extensions within the cap of 30 days (10 days left)");
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, 31, 30, true, true, &err), STATUS_INVALID);
    error_init(&err);
    assert_int_equal(deadline_extension_check(40, 1, 30, true, true, &err), STATUS_INVALID);
    assert_non_null(strstr(err.fields[0].message, "(0 days left)"));
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, 1, 0, true, true, &err), STATUS_INVALID);
    /* no overflow with extreme values */
    error_init(&err);
    assert_int_equal(deadline_extension_check(INT_MAX, INT_MAX, INT_MAX, true, true, &err),
                     STATUS_INVALID);
    error_init(&err);
    assert_int_equal(deadline_extension_check(0, INT_MAX, INT_MAX, true, true, &err), STATUS_OK);
}

static void test_deadline_extension_reports_every_problem(void **state)
{
    (void)state;
    char names[128];
    struct error err;
    error_init(&err);
    assert_int_equal(deadline_extension_check(25, 10, 30, false, false, &err), STATUS_INVALID);
    assert_string_equal(fields_of(&err, names, sizeof(names)),
                        "days applicant_consent respondent_consent");
}

static void test_deadline_extension_ignores_earlier_errors(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    error_add_field(&err, "reason", "must not be empty");
    assert_int_equal(deadline_extension_check(0, 5, 30, true, true, &err), STATUS_OK);
    assert_int_equal(err.field_count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline_default_days_by_risk),
        cmocka_unit_test(test_deadline_higher_risk_is_shorter),
        cmocka_unit_test(test_deadline_due),
        cmocka_unit_test(test_deadline_extension_allowed),
        cmocka_unit_test(test_deadline_extension_needs_both_consents),
        cmocka_unit_test(test_deadline_extension_days_must_be_positive),
        cmocka_unit_test(test_deadline_extension_cap),
        cmocka_unit_test(test_deadline_extension_reports_every_problem),
        cmocka_unit_test(test_deadline_extension_ignores_earlier_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
