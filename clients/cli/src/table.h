/* A table of text cells that mediationctl prints three ways: aligned columns for people (widths
 * measured in terminal columns, so 汉字 line up), CSV for spreadsheets, or nothing but JSON (the
 * commands print the server's JSON themselves).
 *
 * Ownership: table_new returns a heap object that owns copies of every cell; table_free frees
 * it. Rendering appends to a caller-owned buf. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct table;

/* A table with ncols columns headed by headers[0..ncols) (copied); NULL when out of memory. */
struct table *table_new(size_t ncols, const char *const *headers);
void table_free(struct table *t);

/* Caps a column's width in the aligned form (longer cells end with "…"); 0: no cap. */
void table_set_max_width(struct table *t, size_t col, size_t max);
/* Right-aligns a column (numbers) in the aligned form. */
void table_set_right(struct table *t, size_t col, bool right);

/* Appends a row of ncols cells (copied; NULL shows as empty). 0, or -1 when out of memory. */
int table_add_row(struct table *t, const char *const *cells);
size_t table_rows(const struct table *t);

/* Aligned columns, two spaces apart, the header first, trailing spaces trimmed, "\n" ends lines.
 * Control characters in cells show as spaces. 0, or -1 when out is full. */
int table_render_text(const struct table *t, struct buf *out);

/* CSV: a byte-order mark, the header row, CRLF line ends, RFC 4180 quoting and cells that would
 * start a formula neutralised (core/csv.h). with_bom false leaves the mark out (for appending to
 * a file that has one). 0, or -1 when out is full. */
int table_render_csv(const struct table *t, struct buf *out, bool with_bom);
