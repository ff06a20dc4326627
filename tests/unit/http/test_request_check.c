/* Unit tests for http/request_check.c: percent-decoding that never makes a NUL byte. (The checks
 * on a live connection are covered by tests/integration/test_hostile.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "request_check.h"

static void unescape(const char *in, const char *want)
{
    char s[128];
    snprintf(s, sizeof(s), "%s", in);
    size_t n = http_unescape(s);
    assert_string_equal(s, want);
    assert_int_equal(n, strlen(want));
}

static void test_request_check_unescape_decodes_escapes(void **state)
{
    (void)state;
    unescape("/api/v1/cases", "/api/v1/cases");
    unescape("a%20b", "a b");
    unescape("%E4%B8%AD", "中");
    unescape("%e4%b8%ad", "中");
    unescape("%FF%FE", "\xFF\xFE"); /* decoded: the UTF-8 check refuses it afterwards */
    unescape("", "");
}

static void test_request_check_unescape_keeps_nul_and_broken_escapes(void **state)
{
    (void)state;
    unescape("2026-01-01%00junk", "2026-01-01%00junk");
    unescape("%0", "%0");
    unescape("%", "%");
    unescape("%G1", "%G1");
    unescape("100%", "100%");
    unescape("%%41", "%A");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_check_unescape_decodes_escapes),
        cmocka_unit_test(test_request_check_unescape_keeps_nul_and_broken_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
