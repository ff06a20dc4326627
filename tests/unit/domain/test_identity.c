/* Unit tests for domain/identity.c: resident ID numbers (GB 11643), unified social credit codes
 * (GB 32100) and phone numbers. Valid numbers are built here with reference checksums computed
 * from the standards' own definitions, independently of the implementation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "identity.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* GB 11643 / ISO 7064 MOD 11-2: weight of position i (1-based) is 2^(18-i) mod 11, and the check
 * value c makes (sum + c) ≡ 1 (mod 11); c = 10 is written 'X'. */
static char reference_id_check(const char *first17)
{
    int sum = 0;
    for (int i = 1; i <= 17; i++) {
        int weight = 1;
        for (int k = 0; k < 18 - i; k++)
            weight = weight * 2 % 11;
        sum += (first17[i - 1] - '0') * weight;
    }
    int c = (12 - sum % 11) % 11;
    return c == 10 ? 'X' : (char)('0' + c);
}

/* A full ID: region, birth date (8 digits), sequence (3 digits) and the reference check. */
static void make_id(const char *region, const char *birth, const char *seq, char out[19])
{
    snprintf(out, 19, "%s%s%s", region, birth, seq);
    out[17] = reference_id_check(out);
    out[18] = '\0';
}

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 32100: the weights as the standard lists them; check = 31 - sum mod 31, 31 written '0'. */
static char reference_uscc_check(const char *first17)
{
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (int)(strchr(uscc_chars, first17[i]) - uscc_chars) * weights[i];
    int c = 31 - sum % 31;
    return uscc_chars[c == 31 ? 0 : c];
}

static void make_uscc(const char *first17, char out[19])
{
    memcpy(out, first17, 17);
    out[17] = reference_uscc_check(first17);
    out[18] = '\0';
}

/* resident ID numbers */

static void test_identity_well_known_example_is_valid(void **state)
{
    (void)state;
    assert_true(identity_resident_id_valid("11010519491231002X"));
    assert_true(identity_resident_id_valid("11010519491231002x")); /* lower-case x accepted */
    assert_int_equal(reference_id_check("11010519491231002"), 'X');
    assert_int_equal(identity_resident_id_check_char("11010519491231002"), 'X');
}

static void test_identity_only_the_right_check_character_is_valid(void **state)
{
    (void)state;
    static const char *const bodies[] = {"11010519491231002", "41010219900101123",
                                         "44030620000229001", "51010820231231999",
                                         "65010219000101000"};
    static const char candidates[] = "0123456789Xx";
    for (size_t b = 0; b < COUNT_OF(bodies); b++) {
        char want = reference_id_check(bodies[b]);
        assert_int_equal(identity_resident_id_check_char(bodies[b]), want);
        int valid = 0;
        for (size_t c = 0; c < strlen(candidates); c++) {
            char id[19];
            snprintf(id, sizeof(id), "%s%c", bodies[b], candidates[c]);
            bool ok = identity_resident_id_valid(id);
            bool expect = candidates[c] == want || (candidates[c] == 'x' && want == 'X');
            if (ok != expect)
                fail_msg("%s: valid=%d, expected %d", id, ok, expect);
            valid += ok;
        }
        assert_int_equal(valid, want == 'X' ? 2 : 1);
    }
}

static void test_identity_design_example_is_valid(void **state)
{
    (void)state;
    /* the example number in docs/design.md, Cases and parties */
    assert_true(identity_resident_id_valid("410102199001011234"));
}

static void test_identity_birth_dates_must_be_real(void **state)
{
    (void)state;
    static const struct {
        const char *birth;
        bool valid;
    } cases[] = {
        {"19000101", true},  {"19491231", true},  {"20000229", true}, /* 2000: leap century */
        {"20240229", true},  {"19960229", true},  {"20991231", true},
        {"19900131", true},  {"19900430", true},  {"19000229", false}, /* 1900: not a leap year */
        {"20230229", false}, {"21000229", false}, {"19990230", false},
        {"19990431", false}, {"19991301", false}, {"19990001", false},
        {"19990100", false}, {"19990132", false}, {"18991231", false}, /* before 1900 */
        {"00000000", false}, {"21000101", false},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char id[19];
        make_id("110105", cases[i].birth, "123", id);
        if (identity_resident_id_valid(id) != cases[i].valid)
            fail_msg("%s (birth %s): expected %s", id, cases[i].birth,
                     cases[i].valid ? "valid" : "invalid");
    }
}

static void test_identity_resident_id_shape(void **state)
{
    (void)state;
    char good[19];
    make_id("440306", "19851015", "047", good);
    assert_true(identity_resident_id_valid(good));

    char id[40];
    /* 17 and 19 characters */
    snprintf(id, sizeof(id), "%.17s", good);
    assert_false(identity_resident_id_valid(id));
    snprintf(id, sizeof(id), "%s0", good);
    assert_false(identity_resident_id_valid(id));
    /* a letter among the first 17 */
    snprintf(id, sizeof(id), "%s", good);
    id[3] = 'A';
    assert_false(identity_resident_id_valid(id));
    /* X is a check character only */
    snprintf(id, sizeof(id), "%s", "11010519491231002X");
    id[5] = 'X';
    assert_false(identity_resident_id_valid(id));
    /* surrounding spaces are not part of a valid number */
    snprintf(id, sizeof(id), " %s", good);
    assert_false(identity_resident_id_valid(id));
    snprintf(id, sizeof(id), "%s ", good);
    assert_false(identity_resident_id_valid(id));
    static const char *const bad[] = {"", "X", "11010519491231002Y", "11010519491231002 ",
                                      /* full-width digits */
                                      "\xef\xbc\x91\xef\xbc\x91\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90"
                                      "\xef\xbc\x95"};
    for (size_t i = 0; i < COUNT_OF(bad); i++)
        assert_false(identity_resident_id_valid(bad[i]));
    assert_false(identity_resident_id_valid(NULL));
    assert_int_equal(identity_resident_id_check_char("1101051949123100"), '\0'); /* 16 digits */
    assert_int_equal(identity_resident_id_check_char("1101051949123100A"), '\0');
    assert_int_equal(identity_resident_id_check_char(NULL), '\0');
}

static void test_identity_resident_id_normalize(void **state)
{
    (void)state;
    char out[IDENTITY_RESIDENT_ID_LEN + 1];
    assert_true(identity_resident_id_normalize("  11010519491231002x\t", out));
    assert_string_equal(out, "11010519491231002X");
    assert_true(identity_resident_id_normalize("410102199001011234", out));
    assert_string_equal(out, "410102199001011234");

    static const char *const bad[] = {"11010519491231002Y",  "110105194912310021", "", "   ",
                                      "11010519491231002X1", "1101051949 1231002X"};
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        memset(out, 'z', sizeof(out));
        assert_false(identity_resident_id_normalize(bad[i], out));
        assert_string_equal(out, "");
    }
    assert_false(identity_resident_id_normalize(NULL, out));
    assert_string_equal(out, "");
}

/* unified social credit codes */

static void test_identity_uscc_well_known_example(void **state)
{
    (void)state;
    assert_true(identity_uscc_valid("91350100M000100Y43"));
    assert_int_equal(reference_uscc_check("91350100M000100Y4"), '3');
    assert_int_equal(identity_uscc_check_char("91350100M000100Y4"), '3');
    /* every other character of the set in the check position is wrong */
    int valid = 0;
    for (size_t i = 0; i < strlen(uscc_chars); i++) {
        char code[19] = "91350100M000100Y4";
        code[17] = uscc_chars[i];
        code[18] = '\0';
        valid += identity_uscc_valid(code);
    }
    assert_int_equal(valid, 1);
}

static void test_identity_uscc_constructed_codes(void **state)
{
    (void)state;
    static const char *const bodies[] = {"91110108MA01ABCD1", "12100000400000000",
                                         "52440300MJL123456", "92410102MA9XYTW01",
                                         "31440000455869911", "Y1440300123456789"};
    for (size_t i = 0; i < COUNT_OF(bodies); i++) {
        char code[19];
        make_uscc(bodies[i], code);
        if (!identity_uscc_valid(code))
            fail_msg("%s should be valid", code);
        assert_int_equal(identity_uscc_check_char(bodies[i]), code[17]);
        /* one changed character in the body breaks it */
        char altered[19];
        memcpy(altered, code, sizeof(code));
        altered[9] = altered[9] == '0' ? '1' : '0';
        if (identity_uscc_valid(altered))
            fail_msg("%s should be invalid", altered);
    }
}

static void test_identity_uscc_check_of_31_is_zero(void **state)
{
    (void)state;
    /* sum 0: 31 - 0 = 31, written '0' */
    assert_int_equal(identity_uscc_check_char("00000000000000000"), '0');
    assert_true(identity_uscc_valid("000000000000000000"));
    /* find bodies whose reference check is '0' the long way, and compare */
    char body[18] = "9144030000000000A";
    int found = 0;
    for (size_t i = 0; i < strlen(uscc_chars); i++) {
        body[16] = uscc_chars[i];
        if (reference_uscc_check(body) == '0') {
            found++;
            assert_int_equal(identity_uscc_check_char(body), '0');
        }
    }
    assert_int_equal(found, 1); /* the last weight (28) is invertible mod 31 */
}

static void test_identity_uscc_invalid_shapes(void **state)
{
    (void)state;
    char code[19];
    /* letters outside the set: I, O, S, V, Z, and lower case */
    static const char excluded[] = {'I', 'O', 'S', 'V', 'Z', 'a', 'm', '-', ' '};
    for (size_t i = 0; i < sizeof(excluded); i++) {
        char body[18] = "91350100M000100Y4";
        body[10] = excluded[i];
        assert_int_equal(identity_uscc_check_char(body), '\0');
        snprintf(code, sizeof(code), "%s0", body);
        assert_false(identity_uscc_valid(code));
    }
    assert_false(identity_uscc_valid("91350100m000100y43")); /* lower case: normalize first */
    assert_false(identity_uscc_valid("91350100M000100Y4"));  /* 17 */
    assert_false(identity_uscc_valid("91350100M000100Y433"));
    assert_false(identity_uscc_valid("91350100M000100Y4I"));
    assert_false(identity_uscc_valid(""));
    assert_false(identity_uscc_valid(NULL));
    assert_int_equal(identity_uscc_check_char(NULL), '\0');
    /* a resident ID is not a credit code */
    assert_false(identity_uscc_valid("11010519491231002X"));
}

static void test_identity_uscc_normalize(void **state)
{
    (void)state;
    char out[IDENTITY_USCC_LEN + 1];
    assert_true(identity_uscc_normalize(" 91350100m000100y43 ", out));
    assert_string_equal(out, "91350100M000100Y43");
    assert_false(identity_uscc_normalize("91350100M000100Y44", out));
    assert_string_equal(out, "");
    assert_false(identity_uscc_normalize("9135 0100M000100Y43", out));
    assert_false(identity_uscc_normalize(NULL, out));
}

/* phone numbers */

static void test_identity_mobile_numbers(void **state)
{
    (void)state;
    static const char *const good[] = {
        "13800000000", "13912345678", "15012345678", "16612345678",    "17712345678",
        "18812345678", "19912345678", "14512345678", "+8613800000000", "8613800000000"};
    for (size_t i = 0; i < COUNT_OF(good); i++)
        if (!identity_mobile_valid(good[i]))
            fail_msg("%s should be a valid mobile number", good[i]);
    static const char *const bad[] = {
        "",
        "1380000000",
        "138000000000",
        "12800000000",
        "11800000000",
        "10800000000",
        "23800000000",
        "+85213800000000",
        "+8612800000000",
        "0086138000000000",
        "+86",
        "86",
        "+86 13800000000",
        "138-0000-0000",
        "1380000000a",
        " 13800000000",
        "13800000000 ",
        "+8513800000000",
        "8612800000000",
        "861380000000",
        "\xef\xbc\x91\x33\x38\x30\x30\x30\x30\x30\x30\x30\x30" /* full-width 1 */};
    for (size_t i = 0; i < COUNT_OF(bad); i++)
        if (identity_mobile_valid(bad[i]))
            fail_msg("\"%s\" should be refused", bad[i]);
    assert_false(identity_mobile_valid(NULL));
}

static void test_identity_mobile_normalize(void **state)
{
    (void)state;
    char out[IDENTITY_MOBILE_LEN + 1];
    static const char *const same[] = {"13800000000",       "+8613800000000",    "8613800000000",
                                       "+86 138 0000 0000", "+86-138-0000-0000", " 138-0000-0000 "};
    for (size_t i = 0; i < COUNT_OF(same); i++) {
        assert_true(identity_mobile_normalize(same[i], out));
        assert_string_equal(out, "13800000000");
    }
    static const char *const bad[] = {"12800000000", "0371-22345678", "+86 1380000000",
                                      "1380000000000000000000000000000000000000"};
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        assert_false(identity_mobile_normalize(bad[i], out));
        assert_string_equal(out, "");
    }
    assert_false(identity_mobile_normalize(NULL, out));
}

static void test_identity_phone_accepts_mobile_and_fixed_line(void **state)
{
    (void)state;
    static const char *const good[] = {
        "13800000000",   "+8613800000000", "010-62345678", "01062345678",   "021-6543210",
        "0371-22345678", "037122345678",   "0371-2345678", "0755-88889999", "029-87654321"};
    for (size_t i = 0; i < COUNT_OF(good); i++)
        if (!identity_phone_valid(good[i]))
            fail_msg("%s should be a valid phone number", good[i]);
    static const char *const bad[] = {"",
                                      "011-12345678",   /* no such area code */
                                      "0371-123456789", /* 9 digits */
                                      "0371-234567",    /* 6 digits */
                                      "0371-02345678",  /* local numbers do not start with 0 */
                                      "010-12345678",   /* … nor with 1 */
                                      "0371-12345678x",
                                      "371-23456789",
                                      "0371--23456789",
                                      "0371 23456789", /* spaces: normalize first */
                                      "(0371)23456789",
                                      "0371-",
                                      "0",
                                      "03",
                                      "037",
                                      "12800000000"};
    for (size_t i = 0; i < COUNT_OF(bad); i++)
        if (identity_phone_valid(bad[i]))
            fail_msg("\"%s\" should be refused", bad[i]);
    assert_false(identity_phone_valid(NULL));
}

static void test_identity_phone_normalize(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"+86 138 0000 0000", "13800000000"}, {"13800000000", "13800000000"},
        {"0371 23456789", "0371-23456789"},   {"037123456789", "0371-23456789"},
        {"010-62345678", "010-62345678"},     {" 01062345678 ", "010-62345678"},
        {"021-6543210", "021-6543210"},
    };
    char out[IDENTITY_PHONE_MAX];
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        assert_true(identity_phone_normalize(cases[i].in, out));
        assert_string_equal(out, cases[i].out);
        assert_true(identity_phone_valid(out));
    }
    assert_false(identity_phone_normalize("0371-123", out));
    assert_string_equal(out, "");
    assert_false(identity_phone_normalize("not a phone", out));
    assert_false(identity_phone_normalize(NULL, out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_well_known_example_is_valid),
        cmocka_unit_test(test_identity_only_the_right_check_character_is_valid),
        cmocka_unit_test(test_identity_design_example_is_valid),
        cmocka_unit_test(test_identity_birth_dates_must_be_real),
        cmocka_unit_test(test_identity_resident_id_shape),
        cmocka_unit_test(test_identity_resident_id_normalize),
        cmocka_unit_test(test_identity_uscc_well_known_example),
        cmocka_unit_test(test_identity_uscc_constructed_codes),
        cmocka_unit_test(test_identity_uscc_check_of_31_is_zero),
        cmocka_unit_test(test_identity_uscc_invalid_shapes),
        cmocka_unit_test(test_identity_uscc_normalize),
        cmocka_unit_test(test_identity_mobile_numbers),
        cmocka_unit_test(test_identity_mobile_normalize),
        cmocka_unit_test(test_identity_phone_accepts_mobile_and_fixed_line),
        cmocka_unit_test(test_identity_phone_normalize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
