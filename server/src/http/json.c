/* JSON parsing with a depth limit checked before cJSON recurses, and the checks cJSON does not
 * make: UTF-8 text, no U+0000, no duplicated member names. */
#include "json.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

int http_json_depth(const char *text, size_t len, int limit)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\' && i + 5 < len && memcmp(text + i + 1, "u0000", 5) == 0)
                return -2;
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
        case '"':
            in_string = true;
            break;
        case '[':
        case '{':
            if (++depth > limit)
                return -1;
            if (depth > deepest)
                deepest = depth;
            break;
        case ']':
        case '}':
            depth--;
            break;
        default:
            break;
        }
    }
    return deepest;
}

enum status http_json_parse(const char *text, size_t len, int max_depth, cJSON **out,
                            struct error *err)
{
    *out = NULL;
    if (!utf8_valid(text, len))
        return error_set(err, STATUS_MALFORMED, "the body is not valid UTF-8");
    int depth = http_json_depth(text, len, max_depth);
    if (depth == -2)
        return error_set(err, STATUS_MALFORMED, "JSON strings may not contain \\u0000");
    if (depth < 0)
        return error_set(err, STATUS_MALFORMED, "JSON nests deeper than %d levels", max_depth);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        return error_set(err, STATUS_MALFORMED, "malformed JSON near byte %zu", at);
    }
    /* trailing whitespace is fine, anything else is not */
    for (const char *p = end; p && p < text + len; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            cJSON_Delete(root);
            return error_set(err, STATUS_MALFORMED,
                             "unexpected data after the JSON value at byte %zu",
                             (size_t)(p - text));
        }
    }
    enum status st = http_json_check_tree(root, err);
    if (st != STATUS_OK) {
        cJSON_Delete(root);
        return st;
    }
    *out = root;
    return STATUS_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first name that occurs twice among the members of object, or NULL. Sorting copies of the
 * name pointers keeps this O(n log n) for objects with many members. */
static const char *duplicate_name(const cJSON *object, enum status *st)
{
    size_t n = 0;
    for (const cJSON *m = object->child; m; m = m->next)
        n++;
    if (n < 2)
        return NULL;
    const char **names = malloc(n * sizeof(*names));
    if (!names) {
        *st = STATUS_NO_MEMORY;
        return NULL;
    }
    size_t i = 0;
    for (const cJSON *m = object->child; m; m = m->next)
        names[i++] = m->string ? m->string : "";
    qsort(names, n, sizeof(*names), compare_names);
    const char *dup = NULL;
    for (i = 1; i < n && !dup; i++)
        if (strcmp(names[i - 1], names[i]) == 0)
            dup = names[i];
    free(names);
    return dup;
}

enum status http_json_check_tree(const cJSON *node, struct error *err)
{
    for (; node; node = node->next) {
        if (node->string && !utf8_valid_str(node->string))
            return error_set(err, STATUS_MALFORMED, "a member name is not valid UTF-8");
        if (cJSON_IsString(node) && !utf8_valid_str(node->valuestring))
            return error_set(err, STATUS_MALFORMED, "a string is not valid UTF-8");
        if (cJSON_IsObject(node)) {
            enum status st = STATUS_OK;
            const char *dup = duplicate_name(node, &st);
            if (st != STATUS_OK)
                return error_set(err, st, "out of memory");
            if (dup) {
                size_t len = strlen(dup);
                int keep = (int)utf8_boundary(dup, len > 64 ? 64 : len);
                return error_set(err, STATUS_MALFORMED,
                                 "member \"%.*s\" appears twice in an object", keep, dup);
            }
        }
        if (node->child) {
            enum status st = http_json_check_tree(node->child, err);
            if (st != STATUS_OK)
                return st;
        }
    }
    return STATUS_OK;
}
