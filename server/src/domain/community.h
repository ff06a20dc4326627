/* Rules for communities (社区): what a valid code, name and street look like. */
#pragma once

#include "error.h"

/* Adds a field error to err for each invalid value (NULL values are skipped: the caller reports
 * missing ones); returns STATUS_OK or STATUS_INVALID.
 * Lengths are counted in characters (UTF-8 code points), not bytes. */
enum status community_validate(const char *code, const char *name, const char *street,
                               struct error *err);

/* Adds a field error unless value is valid UTF-8 of 1 to max characters. */
void text_field_check(const char *field, const char *value, long max, struct error *err);

/* Number of UTF-8 code points in s, or -1 when s is not valid UTF-8. */
long utf8_length(const char *s);
