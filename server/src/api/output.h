/* Small helpers for building JSON responses. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>
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

/* Answers status with {"items": [item(rows, 0) … item(rows, count - 1)]}, a list that is never
 * paged; with_cursor adds "next_cursor": null, for one with a paged list's shape. */
int output_items(struct http_response *res, int status, const void *rows, size_t count,
                 cJSON *(*item)(const void *rows, size_t i), bool with_cursor);

/* Defines the two callbacks output_page takes for an array of `type` (a struct with a `long id`
 * member) rendered by json(const type *): name_item and name_id. One line where each list had
 * the same two functions. */
#define OUTPUT_PAGE_CALLBACKS(name, type, json)                                                    \
    OUTPUT_ITEM_CALLBACK(name, type, json)                                                         \
    static long name##_id(const void *rows, size_t i)                                              \
    {                                                                                              \
        return ((const type *)rows)[i].id;                                                         \
    }

/* The one callback output_items takes, name_item (as above). */
#define OUTPUT_ITEM_CALLBACK(name, type, json)                                                     \
    static cJSON *name##_item(const void *rows, size_t i)                                          \
    {                                                                                              \
        return json(&((const type *)rows)[i]);                                                     \
    }

/* output_page for a list ordered by a sort key and then id: key(rows, i) gives row i's key,
 * which the cursor carries beside its id (cursor_encode_pair). */
int output_page_keyed(struct http_response *res, const char *list, const void *rows, size_t count,
                      size_t limit, cJSON *(*item)(const void *rows, size_t i),
                      long long (*key)(const void *rows, size_t i),
                      long (*id)(const void *rows, size_t i));

/* Adds name: [words of a space-separated list]. */
void output_word_list(cJSON *obj, const char *name, const char *words);

/* ---- a row rendered from a table of its fields ------------------------------------------------
 * A resource's JSON is declared as the members it shows, in order, each with its kind; one
 * function renders any row from that table, so the handlers hold no cJSON_Add… runs of their
 * own. OUTPUT_FIELD checks at compile time that the member has the C type of its kind. */
enum output_kind {
    OUTPUT_LONG,           /* long: a number */
    OUTPUT_INT,            /* int: a number */
    OUTPUT_LLONG,          /* long long: a number */
    OUTPUT_BOOL,           /* bool: true or false */
    OUTPUT_STRING,         /* const char *: a string */
    OUTPUT_STRING_OR_NULL, /* const char *: a string, or null for NULL */
    OUTPUT_ID_OR_NULL,     /* long: a number, or null for 0 */
    OUTPUT_WORDS,          /* const char *: a space-separated list, as an array of strings */
};

struct output_field {
    const char *name; /* the JSON key */
    enum output_kind kind;
    size_t offset; /* of the member in the row */
};

#define OUTPUT_CTYPE_LONG long
#define OUTPUT_CTYPE_INT int
#define OUTPUT_CTYPE_LLONG long long
#define OUTPUT_CTYPE_BOOL _Bool
#define OUTPUT_CTYPE_STRING const char *
#define OUTPUT_CTYPE_STRING_OR_NULL const char *
#define OUTPUT_CTYPE_ID_OR_NULL long
#define OUTPUT_CTYPE_WORDS const char *

/* The field key of member of type, of kind (LONG, STRING, …); a member of another C type does
 * not compile (an array of negative size). */
#define OUTPUT_FIELD_AS(type, member, kind, key)                                                   \
    {                                                                                              \
        key, OUTPUT_##kind,                                                                        \
            offsetof(type, member) +                                                               \
                0 * sizeof(char[__builtin_types_compatible_p(__typeof__(((type *)0)->member),      \
                                                             OUTPUT_CTYPE_##kind)                  \
                                    ? 1                                                            \
                                    : -1])                                                         \
    }
/* The field of member under its own name. */
#define OUTPUT_FIELD(type, member, kind) OUTPUT_FIELD_AS(type, member, kind, #member)

/* Adds the count fields of row to obj, in order. Returns obj. */
cJSON *output_fields(cJSON *obj, const void *row, const struct output_field *fields, size_t count);

/* output_fields of a whole field table (an array, not a pointer). */
#define OUTPUT_ADD(obj, row, fields)                                                               \
    output_fields(obj, row, fields, sizeof(fields) / sizeof((fields)[0]))

/* A new object with the fields of row (NULL when out of memory). */
#define OUTPUT_OBJECT(row, fields) OUTPUT_ADD(cJSON_CreateObject(), row, fields)
