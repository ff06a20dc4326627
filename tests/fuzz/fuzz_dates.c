/* Dates and instants. An accepted "YYYY-MM-DD" is a real day of DATE_YEAR_MIN–DATE_YEAR_MAX and
 * formats back to the very same text; an accepted RFC 3339 instant formats to a UTC text that
 * parses to the same second and lies in that day; days_from_civil and civil_from_days are
 * inverses for any day count the input gives; timestamp_format is defined for every int64_t. */
#include "dates.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    if (!text)
        return 0;
    struct date d = {-1, 0, 0};
    if (date_parse(text, &d) == STATUS_OK) {
        FUZZ_CHECK(d.year >= DATE_YEAR_MIN && d.year <= DATE_YEAR_MAX);
        FUZZ_CHECK(date_is_valid(d.year, d.month, d.day));
        char out[DATE_TEXT_MAX];
        date_format(&d, out);
        FUZZ_CHECK(strcmp(out, text) == 0);
        struct date back;
        date_civil_from_days(date_days_from_civil(d.year, d.month, d.day), &back);
        FUZZ_CHECK(back.year == d.year && back.month == d.month && back.day == d.day);
    } else {
        FUZZ_CHECK(d.year == -1);
    }

    int64_t secs = INT64_MIN;
    if (timestamp_parse(text, &secs) == STATUS_OK) {
        char out[TIMESTAMP_TEXT_MAX];
        timestamp_format(secs, out);
        int64_t again = INT64_MIN;
        /* an offset may move the instant out of the accepted years: only compare inside them */
        struct date day;
        date_from_unix(secs, &day);
        if (day.year >= DATE_YEAR_MIN && day.year <= DATE_YEAR_MAX)
            FUZZ_CHECK(timestamp_parse(out, &again) == STATUS_OK && again == secs);
        char day_text[DATE_TEXT_MAX];
        date_format(&day, day_text);
        FUZZ_CHECK(strncmp(out, day_text, 10) == 0);
    } else {
        FUZZ_CHECK(secs == INT64_MIN);
    }

    /* any day count within ±10^11 days (far beyond every real date) round-trips */
    int64_t raw = 0;
    memcpy(&raw, data, size < sizeof(raw) ? size : sizeof(raw));
    int64_t days = raw % INT64_C(100000000000);
    struct date civil;
    date_civil_from_days(days, &civil);
    FUZZ_CHECK(date_is_valid(civil.year, civil.month, civil.day));
    FUZZ_CHECK(date_days_from_civil(civil.year, civil.month, civil.day) == days);
    char any[TIMESTAMP_TEXT_MAX];
    timestamp_format(raw, any);
    FUZZ_CHECK(strlen(any) < TIMESTAMP_TEXT_MAX);
    free(text);
    return 0;
}
