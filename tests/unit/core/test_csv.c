/* Unit tests for http/csv.c: quoting, formula neutralisation, no cutting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "csv.h"
#include "utf8.h"

/* The buffer under test; the teardown frees it even when an assertion fails mid-test. */
static struct buf b;

static int setup(void **state)
{
    (void)state;
    buf_init(&b, 1u << 20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    buf_cleanup(&b);
    return 0;
}

static const char *one_field(const char *text)
{
    buf_clear(&b);
    assert_int_equal(csv_field(&b, text, true), STATUS_OK);
    return buf_str(&b);
}

static void test_csv_plain_and_quoted_fields(void **state)
{
    (void)state;
    assert_string_equal(one_field("plain"), "plain");
    assert_string_equal(one_field("调解员"), "调解员");
    assert_string_equal(one_field("a,b"), "\"a,b\"");
    assert_string_equal(one_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(one_field("two\nlines"), "\"two\nlines\"");
    assert_string_equal(one_field(""), "");
    buf_clear(&b);
    assert_int_equal(csv_field(&b, NULL, true), STATUS_OK);
    assert_int_equal(csv_field(&b, "x", false), STATUS_OK);
    assert_string_equal(buf_str(&b), ",x");
}

static void test_csv_formulas_are_neutralised(void **state)
{
    (void)state;
    assert_string_equal(one_field("=1+2"), "'=1+2");
    assert_string_equal(one_field("+86 138"), "'+86 138");
    assert_string_equal(one_field("-2"), "'-2"); /* text: the writer cannot know it is a number */
    assert_string_equal(one_field("@SUM(A1:A9)"), "'@SUM(A1:A9)");
    assert_string_equal(one_field("\tcmd"), "'\tcmd");
    assert_string_equal(one_field("\r=cmd"), "\"'\r=cmd\"");
    assert_string_equal(one_field("=HYPERLINK(\"http://x\",\"y\")"),
                        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assert_string_equal(one_field("a=b"), "a=b"); /* only the first character counts */
}

static void test_csv_numbers_stay_numbers(void **state)
{
    (void)state;
    assert_true(csv_is_number("0"));
    assert_true(csv_is_number("-3"));
    assert_true(csv_is_number("12.5000"));
    assert_false(csv_is_number(""));
    assert_false(csv_is_number("-"));
    assert_false(csv_is_number("1."));
    assert_false(csv_is_number("-1+1"));
    assert_false(csv_is_number("1e5"));
    buf_clear(&b);
    assert_int_equal(csv_number(&b, "-3", true), STATUS_OK);
    assert_int_equal(csv_number(&b, "-1+cmd", false), STATUS_OK);
    assert_string_equal(buf_str(&b), "-3,'-1+cmd");
}

static void test_csv_long_fields_are_never_cut(void **state)
{
    (void)state;
    /* 100 three-byte characters: 300 bytes, far past the old 63-byte cut */
    char text[301];
    for (size_t i = 0; i < 100; i++)
        memcpy(text + 3 * i, "调", 3);
    text[300] = '\0';
    assert_string_equal(one_field(text), text);
    assert_true(utf8_valid(b.data, b.len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_plain_and_quoted_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_formulas_are_neutralised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_numbers_stay_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_long_fields_are_never_cut, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
