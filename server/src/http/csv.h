/* CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads Chinese text
 * correctly), CRLF line ends and RFC 4180 quoting. Pure; writes into a caller-owned buf. */
#pragma once

#include <stdbool.h>

#include "buf.h"

#define CSV_CONTENT_TYPE "text/csv; charset=utf-8"

/* Writes the byte-order mark; call once before the first row. */
enum status csv_begin(struct buf *out);

/* Appends one field; first is true for the first field of a row. Fields holding a comma, a
 * double quote, CR or LF are quoted, with inner quotes doubled. */
enum status csv_field(struct buf *out, const char *text, bool first);

/* Ends the row with CRLF. */
enum status csv_end_row(struct buf *out);
