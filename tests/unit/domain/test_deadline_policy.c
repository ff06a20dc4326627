/* Unit tests for domain/deadline_policy.c: row validation, the risk order, and resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "deadline.h"
#include "deadline_policy.h"

static struct deadline_policy_row any(enum risk_level risk, int days)
{
    struct deadline_policy_row r = {
        .any_type = true, .risk = risk, .days = days, .max_extension_days = 30};
    return r;
}

static struct deadline_policy_row typed(enum dispute_type type, enum risk_level risk, int days)
{
    struct deadline_policy_row r = {
        .type = type, .risk = risk, .days = days, .max_extension_days = 30};
    return r;
}

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

static void test_empty_policy_is_valid_and_resolves_to_defaults(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    assert_int_equal(STATUS_OK, deadline_policy_check(NULL, 0, &err));
    for (int t = 0; t < DISPUTE_TYPE_COUNT; t++)
        for (int r = 0; r < RISK_LEVEL_COUNT; r++) {
            int days = 0, cap = -1;
            deadline_policy_resolve(NULL, 0, (enum dispute_type)t, (enum risk_level)r, &days, &cap);
            assert_int_equal(deadline_default_days((enum dispute_type)t, (enum risk_level)r), days);
            assert_int_equal(DEADLINE_DEFAULT_EXTENSION_CAP_DAYS, cap);
        }
}

static void test_resolve_most_specific_first(void **state)
{
    (void)state;
    struct deadline_policy_row rows[] = {
        any(RISK_LEVEL_NONE, 45),
        typed(DISPUTE_TYPE_NEIGHBOR, RISK_LEVEL_NONE, 15),
        typed(DISPUTE_TYPE_NEIGHBOR, RISK_LEVEL_RED, 2),
    };
    rows[1].max_extension_days = 7;
    int days, cap;
    deadline_policy_resolve(rows, 3, DISPUTE_TYPE_NEIGHBOR, RISK_LEVEL_NONE, &days, &cap);
    assert_int_equal(15, days);
    assert_int_equal(7, cap);
    deadline_policy_resolve(rows, 3, DISPUTE_TYPE_LABOR, RISK_LEVEL_NONE, &days, &cap);
    assert_int_equal(45, days); /* the any-type row */
    assert_int_equal(30, cap);
    deadline_policy_resolve(rows, 3, DISPUTE_TYPE_NEIGHBOR, RISK_LEVEL_YELLOW, &days, &cap);
    assert_int_equal(20, days); /* no row at all: the default */
    assert_int_equal(DEADLINE_DEFAULT_EXTENSION_CAP_DAYS, cap);
    deadline_policy_resolve(rows, 3, DISPUTE_TYPE_NEIGHBOR, RISK_LEVEL_RED, &days, &cap);
    assert_int_equal(2, days);
    deadline_policy_resolve(rows, 3, DISPUTE_TYPE_LABOR, RISK_LEVEL_RED, &days, &cap);
    assert_int_equal(3, days);
}

static void test_ranges_and_duplicates(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    char fields[512];
    struct deadline_policy_row rows[] = {
        any(RISK_LEVEL_NONE, 0),
        typed(DISPUTE_TYPE_LABOR, RISK_LEVEL_NONE, 366),
        typed(DISPUTE_TYPE_LABOR, RISK_LEVEL_YELLOW, 10),
        typed(DISPUTE_TYPE_LABOR, RISK_LEVEL_YELLOW, 9),
        any(RISK_LEVEL_NONE, 30),
    };
    rows[2].max_extension_days = -1;
    rows[4].max_extension_days = 366;
    assert_int_equal(STATUS_INVALID, deadline_policy_check(rows, 5, &err));
    assert_string_equal("items[0].days items[1].days items[2].max_extension_days items[3] "
                        "items[4].max_extension_days items[4]",
                        fields_of(&err, fields, sizeof(fields)));
    assert_non_null(strstr(err.fields[3].message, "items[2]"));

    /* the bounds themselves are valid */
    error_init(&err);
    struct deadline_policy_row edges[] = {any(RISK_LEVEL_NONE, 365), any(RISK_LEVEL_RED, 1)};
    edges[0].max_extension_days = 365;
    edges[1].max_extension_days = 0;
    assert_int_equal(STATUS_OK, deadline_policy_check(edges, 2, &err));

    /* out-of-range enums */
    error_init(&err);
    struct deadline_policy_row bad[] = {any((enum risk_level)RISK_LEVEL_COUNT, 5),
                                        typed((enum dispute_type)99, RISK_LEVEL_NONE, 5)};
    assert_int_equal(STATUS_INVALID, deadline_policy_check(bad, 2, &err));
    assert_string_equal("items[0].risk_level items[1].dispute_type",
                        fields_of(&err, fields, sizeof(fields)));

    /* too many rows */
    error_init(&err);
    struct deadline_policy_row many[DEADLINE_POLICY_ROWS_MAX + 1];
    memset(many, 0, sizeof(many));
    assert_int_equal(STATUS_INVALID,
                     deadline_policy_check(many, DEADLINE_POLICY_ROWS_MAX + 1, &err));
    assert_string_equal("items", fields_of(&err, fields, sizeof(fields)));
}

static void test_a_full_valid_policy(void **state)
{
    (void)state;
    struct error err;
    error_init(&err);
    struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX];
    size_t n = 0;
    static const int days[RISK_LEVEL_COUNT] = {60, 30, 10, 4};
    for (int r = 0; r < RISK_LEVEL_COUNT; r++)
        rows[n++] = any((enum risk_level)r, days[r]);
    for (int t = 0; t < DISPUTE_TYPE_COUNT; t++)
        for (int r = 0; r < RISK_LEVEL_COUNT; r++)
            rows[n++] = typed((enum dispute_type)t, (enum risk_level)r, days[r] - r);
    assert_int_equal(DEADLINE_POLICY_ROWS_MAX, (int)n);
    assert_int_equal(STATUS_OK, deadline_policy_check(rows, n, &err));
    assert_int_equal(0, (int)err.field_count);
}

static void test_risk_order(void **state)
{
    (void)state;
    struct error err;
    char fields[512];

    /* equal days are allowed; more for a higher risk is not */
    error_init(&err);
    struct deadline_policy_row equal[] = {any(RISK_LEVEL_NONE, 20), any(RISK_LEVEL_YELLOW, 20)};
    assert_int_equal(STATUS_OK, deadline_policy_check(equal, 2, &err));

    error_init(&err);
    struct deadline_policy_row more[] = {any(RISK_LEVEL_ORANGE, 10), any(RISK_LEVEL_RED, 11)};
    assert_int_equal(STATUS_INVALID, deadline_policy_check(more, 2, &err));
    assert_string_equal("items[1].days", fields_of(&err, fields, sizeof(fields)));
    assert_non_null(strstr(err.fields[0].message, "any dispute type"));
    assert_non_null(strstr(err.fields[0].message, "red gets 11 days"));

    /* against a default: red may not exceed orange's default of 10 days */
    error_init(&err);
    struct deadline_policy_row over_default[] = {any(RISK_LEVEL_RED, 15)};
    assert_int_equal(STATUS_INVALID, deadline_policy_check(over_default, 1, &err));
    assert_string_equal("items[0].days", fields_of(&err, fields, sizeof(fields)));
    assert_non_null(strstr(err.fields[0].message, "(default)"));

    /* a lower level set below the default of the next: the lower row is blamed */
    error_init(&err);
    struct deadline_policy_row low[] = {typed(DISPUTE_TYPE_NEIGHBOR, RISK_LEVEL_NONE, 15)};
    assert_int_equal(STATUS_INVALID, deadline_policy_check(low, 1, &err));
    assert_string_equal("items[0].days", fields_of(&err, fields, sizeof(fields)));
    assert_non_null(strstr(err.fields[0].message, "neighbor"));

    /* per type: the type's rows and the any-type rows it falls back to */
    error_init(&err);
    struct deadline_policy_row mixed[] = {
        any(RISK_LEVEL_YELLOW, 25),
        any(RISK_LEVEL_NONE, 40),
        typed(DISPUTE_TYPE_LABOR, RISK_LEVEL_NONE, 21),
    };
    /* labor: none 21 (own row) < yellow 25 (any-type row) */
    assert_int_equal(STATUS_INVALID, deadline_policy_check(mixed, 3, &err));
    assert_string_equal("items[2].days", fields_of(&err, fields, sizeof(fields)));
    assert_non_null(strstr(err.fields[0].message, "labor"));
    mixed[2].days = 25;
    error_init(&err);
    assert_int_equal(STATUS_OK, deadline_policy_check(mixed, 3, &err));

    /* the any-type scope's violation is reported once, not again for every type */
    error_init(&err);
    struct deadline_policy_row once[] = {
        any(RISK_LEVEL_NONE, 5),
        typed(DISPUTE_TYPE_MEDICAL, RISK_LEVEL_RED, 1),
    };
    assert_int_equal(STATUS_INVALID, deadline_policy_check(once, 2, &err));
    assert_string_equal("items[0].days", fields_of(&err, fields, sizeof(fields)));

    /* the order is not checked while rows are otherwise invalid */
    error_init(&err);
    struct deadline_policy_row invalid[] = {any(RISK_LEVEL_RED, 400)};
    assert_int_equal(STATUS_INVALID, deadline_policy_check(invalid, 1, &err));
    assert_int_equal(1, (int)err.field_count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_policy_is_valid_and_resolves_to_defaults),
        cmocka_unit_test(test_resolve_most_specific_first),
        cmocka_unit_test(test_ranges_and_duplicates),
        cmocka_unit_test(test_a_full_valid_policy),
        cmocka_unit_test(test_risk_order),
    };
    return cmocka_run_group_tests_name("unit_domain_deadline_policy", tests, NULL, NULL);
}
