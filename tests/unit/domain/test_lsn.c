/* domain/lsn.c: LSN text in PostgreSQL's form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "lsn.h"

static void parses_postgres_form(void **state)
{
    (void)state;
    uint64_t v = 0;
    assert_true(lsn_parse("16/B374D848", &v));
    assert_true(v == ((uint64_t)0x16 << 32 | 0xB374D848u));
    assert_true(lsn_parse("0/0", &v));
    assert_true(v == 0);
    assert_true(lsn_parse("ffffffff/ffffffff", &v));
    assert_true(v == UINT64_MAX);
    assert_true(lsn_parse("0/3000060", &v));
    assert_true(v == 0x3000060u);
}

static void refuses_other_text(void **state)
{
    (void)state;
    uint64_t v = 7;
    const char *bad[] = {"",      "/",           "0/",          "/0",  "16B374D848",
                         "1/2/3", "123456789/0", "0/123456789", "g/0", "0/0 ",
                         " 0/0",  "-1/0",        "0x1/0"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(lsn_parse(bad[i], &v));
    assert_false(lsn_parse(NULL, &v));
    assert_true(v == 7);
}

static void formats_and_round_trips(void **state)
{
    (void)state;
    char out[LSN_TEXT_MAX];
    lsn_format(0, out);
    assert_string_equal(out, "0/0");
    lsn_format((uint64_t)0x16 << 32 | 0xB374D848u, out);
    assert_string_equal(out, "16/B374D848");
    lsn_format(UINT64_MAX, out);
    assert_string_equal(out, "FFFFFFFF/FFFFFFFF");
    const uint64_t samples[] = {1, 0xFFFFFFFFu, (uint64_t)1 << 32, 0x123456789ABCDEFull};
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        uint64_t back = 0;
        lsn_format(samples[i], out);
        assert_true(lsn_parse(out, &back));
        assert_true(back == samples[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_postgres_form),
        cmocka_unit_test(refuses_other_text),
        cmocka_unit_test(formats_and_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
