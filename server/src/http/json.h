/* Parsing request bodies as JSON under explicit bounds. cJSON trees never leave http/ and api/. */
#pragma once

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"

/* The deepest nesting of arrays and objects in text (strings are skipped properly), -1 when it
 * exceeds limit (the scan stops there), or -2 when a string holds the escape \u0000 (cJSON would
 * cut the string there). Does not validate the JSON. */
int http_json_depth(const char *text, size_t len, int limit);

/* Parses text as one JSON value nested at most max_depth deep. On success *out owns a tree that
 * the caller frees with cJSON_Delete. STATUS_MALFORMED (400) for broken JSON, trailing garbage,
 * excessive depth, text that is not UTF-8, a \u0000 escape, or a member name that appears twice
 * in one object (at any depth); err says which. */
enum status http_json_parse(const char *text, size_t len, int max_depth, cJSON **out,
                            struct error *err);

/* Checks a parsed tree (node and its siblings, recursively; depth is the parser's bound): every
 * string and member name is UTF-8, and no object names a member twice. STATUS_MALFORMED with err
 * set otherwise (the duplicated name is quoted, cut at 64 bytes). */
enum status http_json_check_tree(const cJSON *node, struct error *err);
