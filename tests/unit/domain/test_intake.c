/* Unit tests for domain/intake.c: a party's ID number by its kind, its phone, the parties a case
 * needs, external references and the search text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "intake.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void test_intake_person_id_number_is_a_resident_id(void **state)
{
    (void)state;
    char out[INTAKE_ID_NUMBER_MAX];
    /* trimmed and upper-cased: the x check character of a valid number */
    assert_null(intake_party_id_number(PARTY_KIND_PERSON, " 410102199001011234 ", out));
    assert_string_equal(out, "410102199001011234");
    assert_string_equal(intake_party_id_number(PARTY_KIND_PERSON, "410102199001011235", out),
                        "is not a valid resident ID number (GB 11643)");
    /* a valid credit code is not a person's number */
    assert_non_null(intake_party_id_number(PARTY_KIND_PERSON, "91350100M000100Y43", out));
    assert_non_null(intake_party_id_number(PARTY_KIND_PERSON, "", out));
}

static void test_intake_organization_id_number_is_a_credit_code(void **state)
{
    (void)state;
    char out[INTAKE_ID_NUMBER_MAX];
    assert_null(intake_party_id_number(PARTY_KIND_ORGANIZATION, "91350100m000100y43", out));
    assert_string_equal(out, "91350100M000100Y43");
    assert_string_equal(intake_party_id_number(PARTY_KIND_ORGANIZATION, "91350100M000100Y44", out),
                        "is not a valid unified social credit code (GB 32100)");
    assert_non_null(intake_party_id_number(PARTY_KIND_ORGANIZATION, "410102199001011234", out));
}

static void test_intake_phone_mobile_then_fixed_line(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } good[] = {
        {"+86 138 0000 0000", "13800000000"},
        {"13800000000", "13800000000"},
        {"0371 23456789", "0371-23456789"},
        {"010-62345678", "010-62345678"},
    };
    char out[IDENTITY_PHONE_MAX];
    for (size_t i = 0; i < COUNT_OF(good); i++) {
        assert_null(intake_party_phone(good[i].in, out));
        assert_string_equal(out, good[i].out);
    }
    static const char *const bad[] = {"12800000000", "0371-123", "not a phone", ""};
    for (size_t i = 0; i < COUNT_OF(bad); i++)
        assert_string_equal(intake_party_phone(bad[i], out),
                            "is not a mainland mobile or fixed-line number");
}

static void test_intake_parties_need_one_to_twenty_and_an_applicant(void **state)
{
    (void)state;
    assert_null(intake_parties_problem(1, 1));
    assert_null(intake_parties_problem(CASE_PARTIES_MAX, 3));
    assert_string_equal(intake_parties_problem(0, 0), "must be an array of 1 to 20 parties");
    assert_string_equal(intake_parties_problem(CASE_PARTIES_MAX + 1, 1),
                        "must be an array of 1 to 20 parties");
    assert_string_equal(intake_parties_problem(2, 0), "must include at least one applicant");
}

static void test_intake_external_system(void **state)
{
    (void)state;
    static const char *const good[] = {"hotline-12345", "a", "court.gov_2", "0x"};
    for (size_t i = 0; i < COUNT_OF(good); i++)
        assert_true(intake_external_system_valid(good[i]));
    char longest[65], too_long[66];
    memset(longest, 'a', 64);
    longest[64] = '\0';
    memset(too_long, 'a', 65);
    too_long[65] = '\0';
    assert_true(intake_external_system_valid(longest));
    assert_false(intake_external_system_valid(too_long));
    static const char *const bad[] = {"", "-hotline", ".x", "Hotline", "hot line", "热线"};
    for (size_t i = 0; i < COUNT_OF(bad); i++)
        assert_false(intake_external_system_valid(bad[i]));
}

static void test_intake_external_id(void **state)
{
    (void)state;
    char id[130];
    memset(id, 'x', sizeof(id) - 1);
    id[128] = '\0';
    assert_true(intake_external_id_valid(id));
    id[128] = 'x';
    id[129] = '\0';
    assert_false(intake_external_id_valid(id));
    assert_false(intake_external_id_valid(""));
    assert_true(intake_external_id_valid("GD20261120-0042"));
}

static void test_intake_search_text(void **state)
{
    (void)state;
    const char *names[] = {"张三", NULL, "李四"};
    char out[64];
    size_t len = intake_search_text("漏水", "赔偿 3000 元", names, 3, out, sizeof(out));
    assert_string_equal(out, "漏水 赔偿 3000 元 张三  李四");
    assert_int_equal(len, strlen(out));
    /* no claims: an empty one, still followed by the names */
    len = intake_search_text("漏水", NULL, names, 1, out, sizeof(out));
    assert_string_equal(out, "漏水  张三");
    /* measured without a buffer, then cut as snprintf cuts */
    size_t whole = intake_search_text("summary", "claims", names, 3, NULL, 0);
    assert_int_equal(whole, strlen("summary claims 张三  李四"));
    char small[10];
    assert_int_equal(intake_search_text("summary", "claims", names, 3, small, sizeof(small)),
                     whole);
    assert_string_equal(small, "summary c");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intake_person_id_number_is_a_resident_id),
        cmocka_unit_test(test_intake_organization_id_number_is_a_credit_code),
        cmocka_unit_test(test_intake_phone_mobile_then_fixed_line),
        cmocka_unit_test(test_intake_parties_need_one_to_twenty_and_an_applicant),
        cmocka_unit_test(test_intake_external_system),
        cmocka_unit_test(test_intake_external_id),
        cmocka_unit_test(test_intake_search_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
