/* UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800–U+DFFF), nothing past
 * U+10FFFF. Pure functions over caller-owned bytes; nothing allocates. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The length (1–4) of the well-formed sequence at the start of s[0..len), or 0 when s does not
 * start with one (an invalid byte, or a sequence cut short by len). len must be at least 1. */
size_t utf8_sequence_len(const char *s, size_t len);

/* True when all len bytes of s are well-formed UTF-8 (NUL bytes included: U+0000 is a valid
 * character; callers that keep C strings refuse it on their own). */
bool utf8_valid(const char *s, size_t len);

/* True when the NUL-terminated s is well-formed UTF-8; NULL counts as valid (absent). */
bool utf8_valid_str(const char *s);

/* The largest n <= len such that s[0..n) does not end inside a sequence: drops at most the last
 * three bytes of a well-formed text that a byte limit cut in the middle of a character. */
size_t utf8_boundary(const char *s, size_t len);
