/* Parsing and formatting of yuan amounts as integer fen, without floating point. */
#include "money.h"

#include <stdbool.h>
#include <stddef.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum status money_parse(const char *text, int64_t *fen, struct error *err)
{
    static const char plain[] = "must be a decimal number of yuan such as \"2500.00\"";
    if (!text || !*text)
        return error_set(err, STATUS_INVALID, "must not be empty");
    if (*text == '-')
        return error_set(err, STATUS_INVALID, "must not be negative");

    const char *p = text;
    int64_t yuan = 0;
    size_t int_digits = 0;
    bool too_large = false;
    for (; is_digit(*p); p++, int_digits++) {
        /* stop accumulating once past the limit: the answer is known and nothing overflows */
        if (yuan <= MONEY_MAX_FEN / 100)
            yuan = yuan * 10 + (*p - '0');
        else
            too_large = true;
    }
    if (int_digits == 0)
        return error_set(err, STATUS_INVALID, "%s", plain);
    if (int_digits > 1 && text[0] == '0')
        return error_set(err, STATUS_INVALID, "must not have leading zeros");

    int64_t cents = 0;
    if (*p == '.') {
        p++;
        size_t decimals = 0;
        for (; is_digit(*p); p++, decimals++)
            if (decimals < 2)
                cents = cents * 10 + (*p - '0');
        if (decimals == 0)
            return error_set(err, STATUS_INVALID, "%s", plain);
        if (*p == '\0' && decimals > 2)
            return error_set(err, STATUS_INVALID, "must have at most two decimals");
        if (decimals == 1)
            cents *= 10;
    }
    if (*p != '\0')
        return error_set(err, STATUS_INVALID, "%s", plain);

    if (too_large || yuan > MONEY_MAX_FEN / 100 || yuan * 100 + cents > MONEY_MAX_FEN)
        return error_set(err, STATUS_INVALID, "must be at most 1000000000000.00");
    *fen = yuan * 100 + cents;
    return STATUS_OK;
}

void money_format(int64_t fen, char out[MONEY_TEXT_MAX])
{
    /* work on the magnitude as unsigned, which also holds -INT64_MIN */
    uint64_t magnitude = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    char reversed[MONEY_TEXT_MAX];
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        reversed[n++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    }
    reversed[n++] = '.';
    do {
        reversed[n++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    if (fen < 0)
        reversed[n++] = '-';
    for (size_t i = 0; i < n; i++)
        out[i] = reversed[n - 1 - i];
    out[n] = '\0';
}
