/* Unit tests for domain/dates.c: calendar arithmetic, YYYY-MM-DD dates and RFC 3339 timestamps.
 * Expected instants were computed independently (Python's calendar.timegm). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <string.h>

#include "dates.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void test_dates_leap_years_and_month_lengths(void **state)
{
    (void)state;
    assert_true(date_is_leap_year(2000));
    assert_true(date_is_leap_year(2024));
    assert_true(date_is_leap_year(1600));
    assert_true(date_is_leap_year(0));
    assert_false(date_is_leap_year(1900));
    assert_false(date_is_leap_year(2100));
    assert_false(date_is_leap_year(2026));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2026, 2), 28);
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2026, 1), 31);
    assert_int_equal(date_days_in_month(2026, 4), 30);
    assert_int_equal(date_days_in_month(2026, 12), 31);
    assert_int_equal(date_days_in_month(2026, 0), 0);
    assert_int_equal(date_days_in_month(2026, 13), 0);
    assert_true(date_is_valid(2024, 2, 29));
    assert_false(date_is_valid(2026, 2, 29));
    assert_false(date_is_valid(2026, 4, 31));
    assert_false(date_is_valid(2026, 1, 0));
}

static void test_dates_days_from_civil_known_values(void **state)
{
    (void)state;
    static const struct {
        int y;
        unsigned m, d;
        int64_t days;
    } cases[] = {
        {1970, 1, 1, 0},      {1969, 12, 31, -1}, {2000, 3, 1, 11017},     {2026, 11, 29, 20786},
        {1900, 1, 1, -25567}, {1, 1, 1, -719162}, {9999, 12, 31, 2932896}, {1600, 2, 29, -135081},
        {2000, 2, 29, 11016}, {0, 3, 1, -719468}, {-1, 12, 31, -719529},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        int64_t got = date_days_from_civil(cases[i].y, cases[i].m, cases[i].d);
        if (got != cases[i].days)
            fail_msg("%d-%u-%u: %" PRId64 " days, expected %" PRId64, cases[i].y, cases[i].m,
                     cases[i].d, got, cases[i].days);
        struct date back;
        date_civil_from_days(cases[i].days, &back);
        assert_int_equal(back.year, cases[i].y);
        assert_int_equal(back.month, cases[i].m);
        assert_int_equal(back.day, cases[i].d);
    }
}

static void test_dates_every_day_follows_the_previous(void **state)
{
    (void)state;
    /* walk day by day from 1600-01-01 to 2400-12-31, checking both directions */
    int y = 1600;
    unsigned m = 1, d = 1;
    int64_t days = date_days_from_civil(y, m, d);
    while (y <= 2400) {
        assert_true(date_days_from_civil(y, m, d) == days);
        struct date back;
        date_civil_from_days(days, &back);
        if (back.year != y || back.month != m || back.day != d)
            fail_msg("%" PRId64 ": %d-%u-%u, expected %d-%u-%u", days, back.year, back.month,
                     back.day, y, m, d);
        days++;
        if (++d > date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}

static void test_dates_parse_valid(void **state)
{
    (void)state;
    struct date date;
    assert_int_equal(date_parse("2026-11-20", &date), STATUS_OK);
    assert_int_equal(date.year, 2026);
    assert_int_equal(date.month, 11);
    assert_int_equal(date.day, 20);
    assert_int_equal(date_parse("2024-02-29", &date), STATUS_OK);
    assert_int_equal(date_parse("2000-02-29", &date), STATUS_OK);
    assert_int_equal(date_parse("1900-01-01", &date), STATUS_OK); /* the range's ends */
    assert_int_equal(date_parse("2199-12-31", &date), STATUS_OK);
    char out[DATE_TEXT_MAX];
    date_format(&date, out);
    assert_string_equal(out, "2199-12-31");
    struct date d = {2026, 1, 5};
    date_format(&d, out);
    assert_string_equal(out, "2026-01-05");
}

static void test_dates_parse_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "2026-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-01-32",
        "2026-1-01",
        "2026-01-1",
        "26-01-01",
        "20260101",
        "2026/01/01",
        " 2026-01-01",
        "2026-01-01 ",
        "2026-01-01T",
        "2026-01-01T00:00:00Z",
        "+2026-01-01",
        "２０２６-01-01",
        "2026-0a-01",
        "-001-01-01",
        "0000-01-01", /* the example: PostgreSQL has no year 0 */
        "0001-01-01",
        "1899-12-31",
        "2200-01-01",
        "9999-12-31",
    };
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        struct date date = {1, 2, 3};
        if (date_parse(bad[i], &date) != STATUS_INVALID)
            fail_msg("\"%s\" accepted", bad[i]);
        assert_int_equal(date.year, 1); /* unchanged */
        assert_int_equal(date.month, 2);
        assert_int_equal(date.day, 3);
    }
    struct date date;
    assert_int_equal(date_parse(NULL, &date), STATUS_INVALID);
}

static void test_dates_timestamp_parse_valid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t unix_seconds;
    } cases[] = {
        {"2026-11-29T02:15:00Z", INT64_C(1795918500)},
        {"2026-11-29T10:15:00+08:00", INT64_C(1795918500)},
        {"2026-11-28T21:15:00-05:00", INT64_C(1795918500)},
        {"2026-11-29T07:45:00+05:30", INT64_C(1795918500)},
        {"2026-11-30T09:00:00+08:00", INT64_C(1796000400)},
        {"2026-11-29T02:15:00.123Z", INT64_C(1795918500)},
        {"2026-11-29T02:15:00.999999999Z", INT64_C(1795918500)},
        {"2026-11-29T02:15:00.5+00:00", INT64_C(1795918500)},
        {"2026-11-29t02:15:00z", INT64_C(1795918500)},
        {"2026-11-29T02:15:00-00:00", INT64_C(1795918500)},
        {"1970-01-01T00:00:00Z", 0},
        {"1970-01-01T08:00:00+08:00", 0},
        {"1969-12-31T23:59:59Z", -1},
        {"2024-02-29T23:59:59Z", INT64_C(1709251199)},
        {"2016-12-31T23:59:60Z", INT64_C(1483228800)}, /* leap second: the next second */
        {"2017-01-01T00:00:00Z", INT64_C(1483228800)},
        {"2000-01-01T00:00:00+23:59", INT64_C(946598460)},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        int64_t got = 42;
        if (timestamp_parse(cases[i].text, &got) != STATUS_OK)
            fail_msg("\"%s\" refused", cases[i].text);
        if (got != cases[i].unix_seconds)
            fail_msg("\"%s\": %" PRId64 ", expected %" PRId64, cases[i].text, got,
                     cases[i].unix_seconds);
    }
}

static void test_dates_timestamp_parse_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "2026-11-29",
        "2026-11-29T02:15:00",  /* no offset */
        "2026-11-29 02:15:00Z", /* space instead of T */
        "2026-11-29T02:15Z",    /* no seconds */
        "2026-11-29T24:00:00Z",
        "2026-11-29T23:60:00Z",
        "2026-11-29T23:59:61Z",
        "2026-02-29T00:00:00Z",
        "2026-11-29T02:15:00.Z",
        "2026-11-29T02:15:00.1234567890Z", /* more than nanoseconds */
        "2026-11-29T02:15:00+0800",
        "2026-11-29T02:15:00+08",
        "2026-11-29T02:15:00+24:00",
        "2026-11-29T02:15:00+08:60",
        "2026-11-29T02:15:00 +08:00",
        "2026-11-29T02:15:00Z ",
        "2026-11-29T02:15:00ZZ",
        "2026-11-29T2:15:00Z",
        "2026-11-29T02:15:00UTC",
        "2026-11-29T02:15:00+08:00[Asia/Shanghai]",
        "1795918500",
        "0000-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    };
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        int64_t got = 42;
        if (timestamp_parse(bad[i], &got) != STATUS_INVALID)
            fail_msg("\"%s\" accepted as %" PRId64, bad[i], got);
        assert_true(got == 42);
    }
    int64_t got;
    assert_int_equal(timestamp_parse(NULL, &got), STATUS_INVALID);
}

static void test_dates_timestamp_format(void **state)
{
    (void)state;
    static const struct {
        int64_t unix_seconds;
        const char *text;
    } cases[] = {
        {INT64_C(1795918500), "2026-11-29T02:15:00Z"},
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {-86400, "1969-12-31T00:00:00Z"},
        {-86401, "1969-12-30T23:59:59Z"},
        {INT64_C(1709251199), "2024-02-29T23:59:59Z"},
        {INT64_C(253402300799), "9999-12-31T23:59:59Z"},
        {INT64_C(-62135596800), "0001-01-01T00:00:00Z"},
        {INT64_MAX, "292277026596-12-04T15:30:07Z"},
        {INT64_MIN, "-292277022657-01-27T08:29:52Z"},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char out[TIMESTAMP_TEXT_MAX];
        timestamp_format(cases[i].unix_seconds, out);
        assert_string_equal(out, cases[i].text);
    }
}

static void test_dates_timestamp_round_trips(void **state)
{
    (void)state;
    /* from 1900-01-01 to 2199-12-31 in uneven steps */
    for (int64_t t = INT64_C(-2208988800); t <= INT64_C(7258118399);
         t += INT64_C(86400) * 37 + 3607) {
        char out[TIMESTAMP_TEXT_MAX];
        timestamp_format(t, out);
        int64_t back = 0;
        if (timestamp_parse(out, &back) != STATUS_OK || back != t)
            fail_msg("%" PRId64 " → %s → %" PRId64, t, out, back);
    }
}

static void test_dates_date_from_unix(void **state)
{
    (void)state;
    struct date d;
    date_from_unix(INT64_C(1795918500), &d);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 11);
    assert_int_equal(d.day, 29);
    date_from_unix(-1, &d);
    assert_int_equal(d.year, 1969);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.day, 31);
    date_from_unix(-86400, &d);
    assert_int_equal(d.day, 31);
    date_from_unix(0, &d);
    assert_int_equal(d.year, 1970);
    assert_int_equal(d.day, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_leap_years_and_month_lengths),
        cmocka_unit_test(test_dates_days_from_civil_known_values),
        cmocka_unit_test(test_dates_every_day_follows_the_previous),
        cmocka_unit_test(test_dates_parse_valid),
        cmocka_unit_test(test_dates_parse_invalid),
        cmocka_unit_test(test_dates_timestamp_parse_valid),
        cmocka_unit_test(test_dates_timestamp_parse_invalid),
        cmocka_unit_test(test_dates_timestamp_format),
        cmocka_unit_test(test_dates_timestamp_round_trips),
        cmocka_unit_test(test_dates_date_from_unix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
