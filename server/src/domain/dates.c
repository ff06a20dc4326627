/* Proleptic Gregorian date arithmetic after Howard Hinnant's "chrono-Compatible Low-Level Date
 * Algorithms", YYYY-MM-DD dates and RFC 3339 timestamps, independent of the TZ environment. */
#include "dates.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#define SECONDS_PER_DAY INT64_C(86400)

bool date_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned date_days_in_month(int year, unsigned month)
{
    static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && date_is_leap_year(year) ? 1 : 0);
}

bool date_is_valid(int year, unsigned month, unsigned day)
{
    return day >= 1 && day <= date_days_in_month(year, month);
}

int64_t date_days_from_civil(int year, unsigned month, unsigned day)
{
    /* years start in March so that the leap day is the last day of a year */
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                                 /* [0, 399] */
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                         /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* civil_from_days with a 64-bit year, so that every int64_t of days has an answer. */
static void civil(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    /* Shift the epoch to 0000-03-01 and split into 400-year eras (146097 days each). Dividing
     * before shifting keeps every int64_t, INT64_MIN included, from overflowing. */
    int64_t era = days / 146097;
    int64_t doe = days % 146097;
    if (doe < 0) {
        doe += 146097;
        era--;
    }
    doe += 719468;
    era += doe / 146097;
    doe %= 146097;                                                       /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    *day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

void date_civil_from_days(int64_t days, struct date *out)
{
    int64_t year;
    civil(days, &year, &out->month, &out->day);
    out->year = (int)year;
}

/* Reads exactly n digits at *p, advancing it; false when one is not a digit. */
static bool digits(const char **p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *value = v;
    return true;
}

static bool expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

/* "YYYY-MM-DD" at *p, advancing it. */
static bool read_date(const char **p, struct date *out)
{
    int y, m, d;
    if (!digits(p, 4, &y) || !expect(p, '-') || !digits(p, 2, &m) || !expect(p, '-') ||
        !digits(p, 2, &d))
        return false;
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || !date_is_valid(y, (unsigned)m, (unsigned)d))
        return false;
    out->year = y;
    out->month = (unsigned)m;
    out->day = (unsigned)d;
    return true;
}

enum status date_parse(const char *text, struct date *out)
{
    if (!text)
        return STATUS_INVALID;
    const char *p = text;
    struct date date;
    if (!read_date(&p, &date) || *p != '\0')
        return STATUS_INVALID;
    *out = date;
    return STATUS_OK;
}

/* Writes value as exactly width decimal digits (the lowest ones). */
static char *put_digits(char *p, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

void date_format(const struct date *date, char out[DATE_TEXT_MAX])
{
    char *p = put_digits(out, (unsigned)date->year, 4);
    *p++ = '-';
    p = put_digits(p, date->month, 2);
    *p++ = '-';
    p = put_digits(p, date->day, 2);
    *p = '\0';
}

enum status timestamp_parse(const char *rfc3339, int64_t *unix_seconds)
{
    if (!rfc3339)
        return STATUS_INVALID;
    const char *p = rfc3339;
    struct date date;
    int hour, minute, second;
    if (!read_date(&p, &date))
        return STATUS_INVALID;
    if (*p != 'T' && *p != 't')
        return STATUS_INVALID;
    p++;
    if (!digits(&p, 2, &hour) || !expect(&p, ':') || !digits(&p, 2, &minute) || !expect(&p, ':') ||
        !digits(&p, 2, &second))
        return STATUS_INVALID;
    if (hour > 23 || minute > 59 || second > 60)
        return STATUS_INVALID;
    if (*p == '.') {
        p++;
        int n = 0;
        while (*p >= '0' && *p <= '9' && n <= 9) {
            p++;
            n++;
        }
        if (n == 0 || n > 9)
            return STATUS_INVALID;
    }
    int64_t offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        int oh, om;
        p++;
        if (!digits(&p, 2, &oh) || !expect(&p, ':') || !digits(&p, 2, &om) || oh > 23 || om > 59)
            return STATUS_INVALID;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        return STATUS_INVALID;
    }
    if (*p != '\0')
        return STATUS_INVALID;
    int64_t days = date_days_from_civil(date.year, date.month, date.day);
    /* local time minus its offset from UTC is UTC */
    *unix_seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
    return STATUS_OK;
}

void date_from_unix(int64_t unix_seconds, struct date *out)
{
    int64_t days = unix_seconds / SECONDS_PER_DAY;
    if (unix_seconds % SECONDS_PER_DAY < 0)
        days--; /* floor, not truncation, before 1970 */
    date_civil_from_days(days, out);
}

void timestamp_format(int64_t unix_seconds, char out[TIMESTAMP_TEXT_MAX])
{
    int64_t days = unix_seconds / SECONDS_PER_DAY;
    int64_t rest = unix_seconds % SECONDS_PER_DAY;
    if (rest < 0) {
        rest += SECONDS_PER_DAY;
        days--;
    }
    int64_t year;
    unsigned month, day;
    civil(days, &year, &month, &day);
    snprintf(out, TIMESTAMP_TEXT_MAX, "%04" PRId64 "-%02u-%02uT%02d:%02d:%02dZ", year, month, day,
             (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}
