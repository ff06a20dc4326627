/* clients/cli/src/text.c: terminal widths of Chinese, Latin, combining and control text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text.h"

static void test_widths(void **state)
{
    (void)state;
    assert_int_equal(0, text_width(""));
    assert_int_equal(0, text_width(NULL));
    assert_int_equal(5, text_width("hello"));
    assert_int_equal(8, text_width("东大社区"));            /* four ideographs */
    assert_int_equal(4, text_width("，！"));                /* fullwidth punctuation */
    assert_int_equal(4, text_width("「」"));                /* CJK brackets */
    assert_int_equal(2 * 2 + 7, text_width("张三 (WD-1)")); /* mixed */
    assert_int_equal(1, text_width("e\xCC\x81"));           /* e + combining acute */
    assert_int_equal(2, text_width("\xF0\x9F\x98\x80"));    /* 😀 */
    assert_int_equal(2, text_width("\xF0\xA0\x80\x80"));    /* U+20000, extension B */
    assert_int_equal(1, text_width("\xFF"));                /* invalid byte: U+FFFD */
    assert_int_equal(3, text_width("\xEF\xBC\xA1"
                                   "b")); /* Ａb */
}

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(3, text_decode("中", 3, &cp));
    assert_int_equal(0x4E2D, cp);
    assert_int_equal(1, text_decode("\xE4\xB8", 2, &cp)); /* cut short */
    assert_int_equal(0xFFFD, cp);
    assert_int_equal(1, text_decode("\xC0\xAF", 2, &cp)); /* overlong */
    assert_int_equal(0xFFFD, cp);
}

static void fit(const char *s, size_t max, const char *want, size_t want_width)
{
    struct buf b;
    buf_init(&b, 1024);
    assert_int_equal(want_width, text_fit(s, max, &b));
    assert_string_equal(want, buf_str(&b));
    buf_cleanup(&b);
}

static void test_fit(void **state)
{
    (void)state;
    fit("abc", 5, "abc", 3);
    fit("abcdef", 4, "abc…", 4);
    fit("楼上漏水导致", 12, "楼上漏水导致", 12);
    fit("楼上漏水导致", 7, "楼上漏…", 7);         /* 6 columns of text and the ellipsis */
    fit("楼上漏水导致", 6, "楼上…", 5);           /* never half an ideograph */
    fit("a\tb\nc\x1b[31m", 20, "a b c [31m", 10); /* controls become spaces */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
