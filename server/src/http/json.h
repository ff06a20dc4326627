/* Parsing request bodies as JSON under explicit bounds. cJSON trees never leave http/ and api/. */
#pragma once

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"

/* The deepest nesting of arrays and objects in text (strings are skipped properly), or -1 when
 * it exceeds limit (the scan stops there). Does not validate the JSON. */
int http_json_depth(const char *text, size_t len, int limit);

/* Parses text as one JSON value nested at most max_depth deep. On success *out owns a tree that
 * the caller frees with cJSON_Delete. STATUS_MALFORMED (400) for broken JSON, trailing garbage or
 * excessive depth; err says which. */
enum status http_json_parse(const char *text, size_t len, int max_depth, cJSON **out,
                            struct error *err);
