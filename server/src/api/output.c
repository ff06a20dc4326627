/* JSON response helpers. */
#include "output.h"

#include <stdbool.h>
#include <string.h>

#include "cursor.h"
#include "request.h"
#include "words.h"

void output_string_or_null(cJSON *obj, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(obj, name, value);
    else
        cJSON_AddNullToObject(obj, name);
}

void output_word_list(cJSON *obj, const char *name, const char *words)
{
    cJSON *arr = cJSON_AddArrayToObject(obj, name);
    if (!arr || !words)
        return;
    size_t len;
    for (const char *w; (w = words_next(&words, &len)) != NULL;) {
        char word[64];
        if (len < sizeof(word)) {
            memcpy(word, w, len);
            word[len] = '\0';
            cJSON_AddItemToArray(arr, cJSON_CreateString(word));
        }
    }
}

/* {"items": [item(rows, 0) … item(rows, count - 1)]} */
static cJSON *items_object(const void *rows, size_t count,
                           cJSON *(*item)(const void *rows, size_t i))
{
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; arr && i < count; i++)
        cJSON_AddItemToArray(arr, item(rows, i));
    return o;
}

int output_items(struct http_response *res, int status, const void *rows, size_t count,
                 cJSON *(*item)(const void *rows, size_t i), bool with_cursor)
{
    cJSON *o = items_object(rows, count, item);
    if (with_cursor)
        cJSON_AddNullToObject(o, "next_cursor");
    return output_json(res, status, o);
}

/* The page of either kind: key NULL for an id-ordered list. */
static int page(struct http_response *res, const char *list, const void *rows, size_t count,
                size_t limit, cJSON *(*item)(const void *rows, size_t i),
                long long (*key)(const void *rows, size_t i),
                long (*id)(const void *rows, size_t i))
{
    size_t shown = count > limit ? limit : count;
    cJSON *o = items_object(rows, shown, item);
    if (count > shown) {
        char next[CURSOR_MAX];
        if (key)
            cursor_encode_pair(list, key(rows, shown - 1), id(rows, shown - 1), next);
        else
            cursor_encode(list, id(rows, shown - 1), next);
        cJSON_AddStringToObject(o, "next_cursor", next);
    } else {
        cJSON_AddNullToObject(o, "next_cursor");
    }
    return output_json(res, 200, o);
}

int output_page(struct http_response *res, const char *list, const void *rows, size_t count,
                size_t limit, cJSON *(*item)(const void *rows, size_t i),
                long (*id)(const void *rows, size_t i))
{
    return page(res, list, rows, count, limit, item, NULL, id);
}

int output_page_keyed(struct http_response *res, const char *list, const void *rows, size_t count,
                      size_t limit, cJSON *(*item)(const void *rows, size_t i),
                      long long (*key)(const void *rows, size_t i),
                      long (*id)(const void *rows, size_t i))
{
    return page(res, list, rows, count, limit, item, key, id);
}

int output_json(struct http_response *res, int status, cJSON *o)
{
    int s = http_response_json(res, status, o);
    cJSON_Delete(o);
    return s;
}

void output_id_or_null(cJSON *obj, const char *name, long id)
{
    if (id)
        cJSON_AddNumberToObject(obj, name, (double)id);
    else
        cJSON_AddNullToObject(obj, name);
}

cJSON *output_fields(cJSON *obj, const void *row, const struct output_field *fields, size_t count)
{
    if (!obj)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        const char *name = fields[i].name;
        const void *p = (const char *)row + fields[i].offset;
        const char *const *text = p; /* for the string kinds */
        switch (fields[i].kind) {
        case OUTPUT_LONG:
            cJSON_AddNumberToObject(obj, name, (double)*(const long *)p);
            break;
        case OUTPUT_INT:
            cJSON_AddNumberToObject(obj, name, *(const int *)p);
            break;
        case OUTPUT_LLONG:
            cJSON_AddNumberToObject(obj, name, (double)*(const long long *)p);
            break;
        case OUTPUT_BOOL:
            cJSON_AddBoolToObject(obj, name, *(const bool *)p);
            break;
        case OUTPUT_STRING:
            cJSON_AddStringToObject(obj, name, *text);
            break;
        case OUTPUT_STRING_OR_NULL:
            output_string_or_null(obj, name, *text);
            break;
        case OUTPUT_ID_OR_NULL:
            output_id_or_null(obj, name, *(const long *)p);
            break;
        case OUTPUT_WORDS:
            output_word_list(obj, name, *text);
            break;
        }
    }
    return obj;
}
