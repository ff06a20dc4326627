/* Space-separated word lists (API key scopes, stored as "cases:read cases:write"). */
#pragma once

#include <stddef.h>

/* The next word of the list at *cursor: returns its start and its length in *len, and moves
 * *cursor past it; NULL when no word is left. Runs of spaces separate words. */
const char *words_next(const char **cursor, size_t *len);
