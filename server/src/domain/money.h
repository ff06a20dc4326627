/* Money: amounts of yuan exchanged as decimal strings ("2500.00") and kept as integer fen (分,
 * 1/100 yuan) in an int64_t, so sums of hundreds of millions of yuan stay exact. No floating point
 * anywhere. */
#pragma once

#include <stdint.h>

#include "error.h"

/* The largest single amount accepted: 10^12 yuan (1000000000000.00), in fen. */
#define MONEY_MAX_FEN INT64_C(100000000000000)
/* Room for any int64_t of fen as text and its NUL: "-92233720368547758.08" is 21 characters. */
#define MONEY_TEXT_MAX 24

/* Parses a non-negative amount of yuan: one or more digits, optionally '.' and one or two digits.
 * No sign, exponent, spaces, thousands separators or leading '+'; a leading zero only as "0" or
 * "0.x"/"0.xx" (so "007" is refused); at most MONEY_MAX_FEN. "0.1" is 10 fen, "2500" is 250000.
 * Returns STATUS_OK and sets *fen, or STATUS_INVALID with err->message phrased to follow a field
 * name ("must have at most two decimals"), so that a caller can pass it on with
 * error_add_field(err, "agreement.amount", "%s", message). *fen is unchanged on failure; err may
 * be NULL. */
enum status money_parse(const char *text, int64_t *fen, struct error *err);

/* Writes fen as yuan with exactly two decimals: 10 → "0.10", 8200000000 → "82000000.00",
 * -5 → "-0.05". Exact for every int64_t, so it also formats totals beyond MONEY_MAX_FEN. */
void money_format(int64_t fen, char out[MONEY_TEXT_MAX]);
