/* Unit tests for domain/money.c: parsing yuan strings into fen, formatting fen, round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void test_money_parse_valid_amounts(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t fen;
    } cases[] = {
        {"0", 0},
        {"0.0", 0},
        {"0.00", 0},
        {"0.1", 10},
        {"0.10", 10},
        {"0.01", 1},
        {"0.99", 99},
        {"1", 100},
        {"1.5", 150},
        {"2500.00", 250000},
        {"3000", 300000},
        {"10", 1000},
        {"100.07", 10007},
        {"82000000.00", INT64_C(8200000000)},
        {"21474836.48", INT64_C(2147483648)}, /* 2^31 fen */
        {"999999999999.99", INT64_C(99999999999999)},
        {"1000000000000", INT64_C(100000000000000)},
        {"1000000000000.0", INT64_C(100000000000000)},
        {"1000000000000.00", INT64_C(100000000000000)},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        int64_t fen = -1;
        struct error err;
        error_init(&err);
        if (money_parse(cases[i].text, &fen, &err) != STATUS_OK)
            fail_msg("\"%s\" refused: %s", cases[i].text, err.message);
        if (fen != cases[i].fen)
            fail_msg("\"%s\" gave %" PRId64 " fen, not %" PRId64, cases[i].text, fen, cases[i].fen);
    }
    assert_int_equal(MONEY_MAX_FEN, INT64_C(100000000000000));
}

static void test_money_parse_rejects_malformed_amounts(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "1e3",
        "1E3",
        "1.234",
        "0.001",
        "-1",
        "-0.01",
        "+1",
        ".5",
        "5.",
        ".",
        "1,000",
        "1 000",
        " 1",
        "1 ",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "0x10",
        "00",
        "01",
        "007",
        "00.5",
        "1.2.3",
        "1..2",
        "¥100",
        "100元",
        "1000000000000.01",
        "1000000000001",
        "9999999999999",
        "92233720368547758.07",
        "99999999999999999999999999999999999999",
        "18446744073709551616",
        "1.5\n",
        "\xef\xbc\x91", /* full-width 1 */
    };
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        int64_t fen = 4242;
        struct error err;
        error_init(&err);
        if (money_parse(bad[i], &fen, &err) != STATUS_INVALID)
            fail_msg("\"%s\" accepted as %" PRId64, bad[i], fen);
        assert_int_equal(fen, 4242);
        assert_int_equal(err.status, STATUS_INVALID);
        assert_true(err.message[0] >= 'a' && err.message[0] <= 'z');
    }
    int64_t fen = 7;
    assert_int_equal(money_parse(NULL, &fen, NULL), STATUS_INVALID);
    assert_int_equal(money_parse("1e3", &fen, NULL), STATUS_INVALID);
    assert_int_equal(fen, 7);
}

static void test_money_parse_messages(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        {"", "must not be empty"},
        {"-5", "must not be negative"},
        {"1.234", "must have at most two decimals"},
        {"007", "must not have leading zeros"},
        {"1000000000000.01", "must be at most 1000000000000.00"},
        {"99999999999999999999999", "must be at most 1000000000000.00"},
        {"1e3", "must be a decimal number of yuan such as \"2500.00\""},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        int64_t fen;
        struct error err;
        error_init(&err);
        assert_int_equal(money_parse(cases[i].text, &fen, &err), STATUS_INVALID);
        assert_string_equal(err.message, cases[i].message);
    }
}

static void test_money_format(void **state)
{
    (void)state;
    static const struct {
        int64_t fen;
        const char *text;
    } cases[] = {
        {0, "0.00"},
        {1, "0.01"},
        {10, "0.10"},
        {99, "0.99"},
        {100, "1.00"},
        {250000, "2500.00"},
        {INT64_C(2147483647), "21474836.47"},
        {INT64_C(2147483648), "21474836.48"},
        {INT64_C(4294967296), "42949672.96"},
        {INT64_C(8200000000), "82000000.00"},
        {INT64_C(426310050), "4263100.50"},
        {INT64_C(100000000000000), "1000000000000.00"},
        {INT64_MAX, "92233720368547758.07"},
        {-1, "-0.01"},
        {-5, "-0.05"},
        {-150, "-1.50"},
        {INT64_MIN, "-92233720368547758.08"},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char out[MONEY_TEXT_MAX];
        memset(out, 'z', sizeof(out));
        money_format(cases[i].fen, out);
        assert_string_equal(out, cases[i].text);
        assert_true(strlen(out) < MONEY_TEXT_MAX);
    }
}

static void test_money_round_trips_text(void **state)
{
    (void)state;
    static const char *const texts[] = {"0.00",        "0.10",
                                        "0.01",        "2500.00",
                                        "82000000.00", "1000000000000.00",
                                        "4263100.50",  "999999999999.99",
                                        "21474836.48", "12345678.90",
                                        "1.00"};
    for (size_t i = 0; i < COUNT_OF(texts); i++) {
        int64_t fen;
        struct error err;
        error_init(&err);
        assert_int_equal(money_parse(texts[i], &fen, &err), STATUS_OK);
        char out[MONEY_TEXT_MAX];
        money_format(fen, out);
        assert_string_equal(out, texts[i]);
    }
}

static void test_money_round_trips_values(void **state)
{
    (void)state;
    /* every fen value up to 1000 yuan, then a sweep up to the maximum */
    for (int64_t fen = 0; fen <= 100000; fen++) {
        char out[MONEY_TEXT_MAX];
        money_format(fen, out);
        int64_t back = -1;
        if (money_parse(out, &back, NULL) != STATUS_OK || back != fen)
            fail_msg("%" PRId64 " → \"%s\" → %" PRId64, fen, out, back);
    }
    for (int64_t fen = 1; fen > 0 && fen <= MONEY_MAX_FEN; fen = fen * 3 + 7) {
        char out[MONEY_TEXT_MAX];
        money_format(fen, out);
        int64_t back = -1;
        if (money_parse(out, &back, NULL) != STATUS_OK || back != fen)
            fail_msg("%" PRId64 " → \"%s\" → %" PRId64, fen, out, back);
    }
    char out[MONEY_TEXT_MAX];
    int64_t back = -1;
    money_format(MONEY_MAX_FEN, out);
    assert_int_equal(money_parse(out, &back, NULL), STATUS_OK);
    assert_true(back == MONEY_MAX_FEN);
    money_format(MONEY_MAX_FEN + 1, out);
    assert_string_equal(out, "1000000000000.01");
    assert_int_equal(money_parse(out, &back, NULL), STATUS_INVALID);
}

static void test_money_one_decimal_means_tenths(void **state)
{
    (void)state;
    int64_t a, b;
    assert_int_equal(money_parse("0.5", &a, NULL), STATUS_OK);
    assert_int_equal(money_parse("0.50", &b, NULL), STATUS_OK);
    assert_true(a == 50 && b == 50);
    char out[MONEY_TEXT_MAX];
    money_format(a, out);
    assert_string_equal(out, "0.50");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_parse_valid_amounts),
        cmocka_unit_test(test_money_parse_rejects_malformed_amounts),
        cmocka_unit_test(test_money_parse_messages),
        cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_money_round_trips_text),
        cmocka_unit_test(test_money_round_trips_values),
        cmocka_unit_test(test_money_one_decimal_means_tenths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
