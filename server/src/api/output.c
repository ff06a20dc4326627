/* JSON response helpers. */
#include "output.h"

#include <string.h>

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
    const char *p = words;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        char word[64];
        if (len < sizeof(word)) {
            memcpy(word, p, len);
            word[len] = '\0';
            cJSON_AddItemToArray(arr, cJSON_CreateString(word));
        }
        p += len;
    }
}
