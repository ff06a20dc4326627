/* Display width of UTF-8 text in a terminal, without the locale: East Asian wide and fullwidth
 * characters (汉字, fullwidth punctuation, kana, hangul, most emoji) take two columns, combining
 * marks and zero-width characters none, everything else one. Pure functions; nothing allocates
 * but text_fit, which appends to a caller-owned buf. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Decodes the character at s[0..len) (len >= 1) into *cp and returns its length in bytes. A byte
 * that does not start a well-formed sequence decodes as U+FFFD and counts one byte. */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/* Columns that cp takes: 0, 1 or 2 (control characters: 0). */
int text_char_width(uint32_t cp);

/* Columns that the NUL-terminated UTF-8 text takes (NULL: 0). */
size_t text_width(const char *s);

/* Appends s to out for one table cell of at most max columns (max >= 1): control characters
 * (line breaks, tabs, escape sequences) become spaces and invalid bytes U+FFFD, so a cell can
 * neither break the table nor drive the terminal; a text wider than max is cut at a character
 * boundary and ends with "…". Returns the columns appended, or (size_t)-1 when out is full. */
size_t text_fit(const char *s, size_t max, struct buf *out);
