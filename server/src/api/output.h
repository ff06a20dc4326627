/* Small helpers for building JSON responses. */
#pragma once

#include <cjson/cJSON.h>

/* Adds name: value, or name: null when value is NULL. */
void output_string_or_null(cJSON *obj, const char *name, const char *value);

/* Adds name: [words of a space-separated list]. */
void output_word_list(cJSON *obj, const char *name, const char *words);
