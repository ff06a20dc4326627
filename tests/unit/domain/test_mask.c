/* Unit tests for domain/mask.c: ID numbers, phones and Chinese addresses, bounded output that is
 * never cut inside a UTF-8 character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mask.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Characters in s when it is well-formed UTF-8, or -1. */
static long utf8_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long count = 0;
    while (*p) {
        size_t n = *p < 0x80                  ? 1
                   : *p >= 0xc2 && *p <= 0xdf ? 2
                   : *p >= 0xe0 && *p <= 0xef ? 3
                   : *p >= 0xf0 && *p <= 0xf4 ? 4
                                              : 0;
        if (n == 0)
            return -1;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return -1;
        p += n;
        count++;
    }
    return count;
}

/* Masks in into a buffer surrounded by guard bytes and checks none of them is touched. */
static void masked(void (*fn)(const char *, char *, size_t), const char *in, size_t size,
                   char *result, size_t result_size)
{
    char buf[256];
    assert_true(size + 16 <= sizeof(buf));
    memset(buf, '#', sizeof(buf));
    fn(in, buf + 8, size);
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(buf[i], '#');
    for (size_t i = 8 + size; i < sizeof(buf); i++)
        assert_int_equal(buf[i], '#');
    if (size == 0) {
        result[0] = '\0';
        return;
    }
    assert_non_null(memchr(buf + 8, '\0', size)); /* always terminated */
    snprintf(result, result_size, "%s", buf + 8);
}

static void expect_mask(void (*fn)(const char *, char *, size_t), const char *in, const char *want)
{
    char out[MASK_TEXT_MAX * 4];
    char got[256];
    fn(in, out, sizeof(out));
    assert_string_equal(out, want);
    masked(fn, in, strlen(want) + 1, got, sizeof(got)); /* exactly enough room */
    assert_string_equal(got, want);
}

static void test_mask_id_number(void **state)
{
    (void)state;
    expect_mask(mask_id_number, "410102199001011234", "410102********1234");
    expect_mask(mask_id_number, "11010519491231002X", "110105********002X");
    expect_mask(mask_id_number, "91350100M000100Y43", "913501********0Y43");
    /* shorter: all but the last 4 masked */
    expect_mask(mask_id_number, "410102900101123", "***********1123");
    expect_mask(mask_id_number, "12345", "*2345");
    expect_mask(mask_id_number, "1234", "****");
    expect_mask(mask_id_number, "12", "**");
    expect_mask(mask_id_number, "", "");
    expect_mask(mask_id_number, NULL, "");
    /* longer: first 6, last 4, the rest masked */
    expect_mask(mask_id_number, "41010219900101123456", "410102**********3456");
    char out[MASK_TEXT_MAX];
    mask_id_number("410102199001011234", out, sizeof(out));
    assert_int_equal(strlen(out), 18);
    assert_true(strlen("410102********1234") < MASK_TEXT_MAX);
}

static void test_mask_phone(void **state)
{
    (void)state;
    expect_mask(mask_phone, "13812345678", "138****5678");
    expect_mask(mask_phone, "13800000000", "138****0000");
    expect_mask(mask_phone, "+8613812345678", "138****5678");
    expect_mask(mask_phone, "+86 13812345678", "138****5678");
    expect_mask(mask_phone, "+86-13812345678", "138****5678");
    expect_mask(mask_phone, "8613812345678", "138****5678");
    expect_mask(mask_phone, "0371-22345678", "037****5678");
    expect_mask(mask_phone, "021-6543210", "021****3210");
    expect_mask(mask_phone, "0216543210", "021****3210");
    /* fewer than 10 characters: first 3 and last 4 would show most of it */
    expect_mask(mask_phone, "23456789", "****");
    expect_mask(mask_phone, "1234567", "****");
    expect_mask(mask_phone, "110", "****");
    expect_mask(mask_phone, "", "");
    expect_mask(mask_phone, NULL, "");
}

static void test_mask_address_keeps_six_characters(void **state)
{
    (void)state;
    expect_mask(mask_address, "河南省许昌市魏都区幸福路12号", "河南省许昌市****");
    expect_mask(mask_address, "许昌市魏都区西大街街道32号院3号楼", "许昌市魏都区****");
    expect_mask(mask_address, "北京市朝阳区建国路88号", "北京市朝阳区****");
    /* mixed scripts count characters, not bytes */
    expect_mask(mask_address, "A栋3单元501室，幸福小区", "A栋3单元5****");
    expect_mask(mask_address, "12 Main Street, Springfield", "12 Mai****");
    /* four-byte characters (U+20BB7 𠮷) are whole characters too */
    expect_mask(mask_address, "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷", "𠮷𠮷𠮷𠮷𠮷𠮷****");
}

static void test_mask_address_never_shows_a_short_address_whole(void **state)
{
    (void)state;
    expect_mask(mask_address, "幸福路12号", "幸福路****");             /* 6 characters: keeps 3 */
    expect_mask(mask_address, "魏都区幸福路1号", "魏都区幸****");      /* 8: keeps 4 */
    expect_mask(mask_address, "魏都区幸福路12号院", "魏都区幸福****"); /* 10: keeps 5 */
    expect_mask(mask_address, "魏都区幸福路12号院内部", "魏都区幸福路****"); /* 12+: 6 */
    expect_mask(mask_address, "北京", "北****");
    expect_mask(mask_address, "京", "****");
    expect_mask(mask_address, "", "");
    expect_mask(mask_address, NULL, "");
}

static void test_mask_address_truncates_at_character_boundaries(void **state)
{
    (void)state;
    const char *addr = "河南省许昌市魏都区幸福路12号";
    /* every buffer size: the output is a prefix of the full mask, valid UTF-8, and in bounds */
    const char *full = "河南省许昌市****";
    for (size_t size = 0; size <= strlen(full) + 1; size++) {
        char got[256];
        masked(mask_address, addr, size, got, sizeof(got));
        assert_true(utf8_chars(got) >= 0);
        assert_int_equal(strncmp(got, full, strlen(got)), 0);
        if (size > strlen(full))
            assert_string_equal(got, full);
    }
    /* 7 bytes hold two Chinese characters (6 bytes) and the NUL, not a piece of the third */
    char got[256];
    masked(mask_address, addr, 7, got, sizeof(got));
    assert_string_equal(got, "河南");
    masked(mask_address, addr, 9, got, sizeof(got));
    assert_string_equal(got, "河南");
    masked(mask_address, addr, 10, got, sizeof(got));
    assert_string_equal(got, "河南省");
    masked(mask_address, addr, 1, got, sizeof(got));
    assert_string_equal(got, "");
}

static void test_mask_bounded_ascii_output(void **state)
{
    (void)state;
    char got[256];
    masked(mask_id_number, "410102199001011234", 5, got, sizeof(got));
    assert_string_equal(got, "4101");
    masked(mask_id_number, "410102199001011234", 0, got, sizeof(got)); /* writes nothing */
    masked(mask_phone, "13812345678", 6, got, sizeof(got));
    assert_string_equal(got, "138**");
    masked(mask_phone, "13812345678", 1, got, sizeof(got));
    assert_string_equal(got, "");
}

static void test_mask_invalid_utf8_bytes_count_as_characters(void **state)
{
    (void)state;
    char out[64];
    /* an address with stray bytes still masks and never reads past the end */
    mask_address("\xff\xfe\xe6\xb2\xb3\xe5\x8d\x97\xe7\x9c\x81\x80\x80"
                 "abcdef",
                 out, sizeof(out));
    assert_non_null(strstr(out, "****"));
    /* a truncated three-byte character at the very end */
    mask_address("河南省许昌市魏都区幸福路\xe5\xb9", out, sizeof(out));
    assert_string_equal(out, "河南省许昌市****");
    mask_id_number("4101021990010112\xe5\xb9", out, sizeof(out));
    assert_string_equal(out, "410102********12\xe5\xb9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_id_number),
        cmocka_unit_test(test_mask_phone),
        cmocka_unit_test(test_mask_address_keeps_six_characters),
        cmocka_unit_test(test_mask_address_never_shows_a_short_address_whole),
        cmocka_unit_test(test_mask_address_truncates_at_character_boundaries),
        cmocka_unit_test(test_mask_bounded_ascii_output),
        cmocka_unit_test(test_mask_invalid_utf8_bytes_count_as_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
