/* PostgreSQL array literals for statement parameters, so that one statement can take a list
 * (the parties of a case: one INSERT … SELECT FROM unnest(...) instead of one INSERT a party).
 *
 * Pure: no libpq. The literal is appended to a caller-owned buffer; the caller passes buf_str()
 * as the parameter and cleans the buffer up after the statement ran. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Appends {"a","b",NULL}: every element double-quoted with '"' and '\' escaped, a NULL item as
 * SQL NULL. For a text[] (or any element type whose text input reads the element). */
enum status pg_array_text(struct buf *b, const char *const *items, size_t count);

/* Appends {"\\x0a1b…",NULL}: items[i] of lengths[i] bytes as bytea hex input, a NULL item as SQL
 * NULL. For a bytea[]. */
enum status pg_array_bytea(struct buf *b, const unsigned char *const *items, const size_t *lengths,
                           size_t count);
