/* Small helpers for building JSON responses. */
#pragma once

#include <cjson/cJSON.h>
#include <stddef.h>

struct http_response;

/* Answers status with the JSON of o (http_response_json) and deletes o: the end of most
 * handlers. Returns the HTTP status. */
int output_json(struct http_response *res, int status, cJSON *o);

/* Adds name: value, or name: null when value is NULL. */
void output_string_or_null(cJSON *obj, const char *name, const char *value);

/* Adds name: id, or name: null when id is 0 (no mediator, no linked user). */
void output_id_or_null(cJSON *obj, const char *name, long id);

/* Answers a page of an id-ordered list as {"items": [...], "next_cursor": ...}. The query asked
 * for limit + 1 rows, so count > limit says another page follows; item(rows, i) renders row i
 * and id(rows, i) gives its id, which the cursor of list carries. Returns the HTTP status. */
int output_page(struct http_response *res, const char *list, const void *rows, size_t count,
                size_t limit, cJSON *(*item)(const void *rows, size_t i),
                long (*id)(const void *rows, size_t i));

/* Defines the two callbacks output_page takes for an array of `type` (a struct with a `long id`
 * member) rendered by json(const type *): name_item and name_id. One line where each list had
 * the same two functions. */
#define OUTPUT_PAGE_CALLBACKS(name, type, json)                                                    \
    static cJSON *name##_item(const void *rows, size_t i)                                          \
    {                                                                                              \
        return json(&((const type *)rows)[i]);                                                     \
    }                                                                                              \
    static long name##_id(const void *rows, size_t i)                                              \
    {                                                                                              \
        return ((const type *)rows)[i].id;                                                         \
    }

/* output_page for a list ordered by a sort key and then id: key(rows, i) gives row i's key,
 * which the cursor carries beside its id (cursor_encode_pair). */
int output_page_keyed(struct http_response *res, const char *list, const void *rows, size_t count,
                      size_t limit, cJSON *(*item)(const void *rows, size_t i),
                      long long (*key)(const void *rows, size_t i),
                      long (*id)(const void *rows, size_t i));

/* Adds name: [words of a space-separated list]. */
void output_word_list(cJSON *obj, const char *name, const char *words);
