/* JSON parsing with a depth limit checked before cJSON recurses. */
#include "json.h"

#include <stdbool.h>

int http_json_depth(const char *text, size_t len, int limit)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
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
    if (http_json_depth(text, len, max_depth) < 0)
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
    *out = root;
    return STATUS_OK;
}
