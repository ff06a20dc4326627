/* Calendar dates and instants without the C library's time zone machinery: proleptic Gregorian
 * arithmetic (Howard Hinnant's days_from_civil / civil_from_days), ISO 8601 dates and RFC 3339
 * timestamps. Nothing here reads TZ or calls mktime/timegm/localtime; results are the same on every
 * machine. Unix seconds ignore leap seconds, as everywhere. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

/* "2026-11-29" and its NUL. */
#define DATE_TEXT_MAX 11
/* Room for any timestamp_format result and its NUL ("2026-11-29T02:15:00Z" is 20 characters; years
 * outside 0000–9999 take more). */
#define TIMESTAMP_TEXT_MAX 40

/* Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for date and timestamp values. */
#define DATES_PG_EPOCH_DAYS 10957

/* The years date_parse and timestamp_parse accept: a request's dates and instants are refused
 * outside them before any SQL (PostgreSQL has no year 0, and far years overflow deadline and
 * report arithmetic). Repeated in api-spec/openapi.yaml. */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2199

struct date {
    int year;       /* e.g. 2026; date_parse gives DATE_YEAR_MIN–DATE_YEAR_MAX */
    unsigned month; /* 1–12 */
    unsigned day;   /* 1–31 */
};

/* True for Gregorian leap years: divisible by 4, except centuries not divisible by 400. */
bool date_is_leap_year(int year);

/* 28–31 for month 1–12; 0 for any other month. */
unsigned date_days_in_month(int year, unsigned month);

/* True when (year, month, day) names a real day of the proleptic Gregorian calendar. */
bool date_is_valid(int year, unsigned month, unsigned day);

/* Days from 1970-01-01 to the given day (negative before it). Exact for every valid date whose
 * year fits in an int; the result for an invalid date is unspecified. */
int64_t date_days_from_civil(int year, unsigned month, unsigned day);

/* The inverse of date_days_from_civil: the day that is days after 1970-01-01. days must be within
 * the range that keeps the year inside an int (about ±7.8 × 10^11). */
void date_civil_from_days(int64_t days, struct date *out);

/* Parses exactly "YYYY-MM-DD" (four-digit year, two-digit month and day) naming a real date of the
 * years DATE_YEAR_MIN–DATE_YEAR_MAX. Returns STATUS_OK and fills *out, or STATUS_INVALID with *out
 * unchanged. */
enum status date_parse(const char *text, struct date *out);

/* Writes "YYYY-MM-DD" for a date whose year is 0000–9999. */
void date_format(const struct date *date, char out[DATE_TEXT_MAX]);

/* Parses an RFC 3339 date-time whose date part lies in the years DATE_YEAR_MIN–DATE_YEAR_MAX:
 * "YYYY-MM-DDTHH:MM:SS", optional fractional seconds ('.' and 1–9
 * digits, dropped: the result has whole seconds), then "Z" or an offset "+HH:MM"/"-HH:MM" (hours
 * 00–23, minutes 00–59) that is applied, so "2026-11-30T09:00:00+08:00" is 01:00 UTC. 't' and 'z'
 * may be lower case, as RFC 3339 allows; a space instead of 'T' is refused. A leap second (:60)
 * counts as the first second of the next minute. Returns STATUS_OK and sets *unix_seconds, or
 * STATUS_INVALID with it unchanged. */
enum status timestamp_parse(const char *rfc3339, int64_t *unix_seconds);

/* Writes unix_seconds as RFC 3339 UTC with whole seconds: "2026-11-29T02:15:00Z". Defined for
 * every int64_t; only years 0000–9999 give valid RFC 3339 (others have more digits or a sign). */
void timestamp_format(int64_t unix_seconds, char out[TIMESTAMP_TEXT_MAX]);

/* The calendar day (UTC) that contains unix_seconds. */
void date_from_unix(int64_t unix_seconds, struct date *out);

/* The furthest-ahead UTC offset in use (UTC+14, Kiritimati). A date after today there is in the
 * future in every time zone: the server refuses it with the request's other field errors, before
 * the database judges the rest by the center's own time zone. */
#define DATE_MOST_AHEAD_OFFSET_S (14 * 3600)
