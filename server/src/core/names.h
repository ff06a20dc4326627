/* An enum's names as a table indexed by its values, looked up both ways: the one lookup behind
 * every vocabulary (domain/vocab.h), the status names and the report dimensions. */
#pragma once

#include <stddef.h>

/* table[value], or fallback when value is out of range or has no entry. */
const char *names_get(const char *const *table, size_t count, int value, const char *fallback);

/* The value whose name is the len bytes of text, or -1 (also for NULL text). */
int names_find_n(const char *const *table, size_t count, const char *text, size_t len);

/* names_find_n of a NUL-terminated text (NULL: -1). */
int names_find(const char *const *table, size_t count, const char *text);
