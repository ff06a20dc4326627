/* CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads Chinese text
 * correctly), CRLF line ends and RFC 4180 quoting. Pure; writes into a caller-owned buf. */
#pragma once

#include <stdbool.h>

#include "buf.h"

#define CSV_CONTENT_TYPE "text/csv; charset=utf-8"

/* Writes the byte-order mark; call once before the first row. */
enum status csv_begin(struct buf *out);

/* Appends one text field, whole (never cut, so UTF-8 is never split); first is true for the first
 * field of a row; NULL is an empty field. A field that begins with =, +, -, @, tab or CR is
 * neutralised with a leading ' (OWASP's rule against formula injection), and fields holding a
 * comma, a double quote, CR or LF are quoted, with inner quotes doubled. */
enum status csv_field(struct buf *out, const char *text, bool first);

/* True for a plain decimal number: an optional '-', digits, and optionally '.' and digits. */
bool csv_is_number(const char *text);

/* Appends a field the server formatted as a number: written as it is when csv_is_number(text)
 * (so -3 stays a number), otherwise exactly as csv_field would. */
enum status csv_number(struct buf *out, const char *text, bool first);

/* Ends the row with CRLF. */
enum status csv_end_row(struct buf *out);
