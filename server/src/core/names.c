/* Enum names both ways (names.h). */
#include "names.h"

#include <string.h>

const char *names_get(const char *const *table, size_t count, int value, const char *fallback)
{
    if (value >= 0 && (size_t)value < count && table[value])
        return table[value];
    return fallback;
}

int names_find_n(const char *const *table, size_t count, const char *text, size_t len)
{
    if (!text)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (table[i] && strlen(table[i]) == len && memcmp(table[i], text, len) == 0)
            return (int)i;
    return -1;
}

int names_find(const char *const *table, size_t count, const char *text)
{
    return text ? names_find_n(table, count, text, strlen(text)) : -1;
}
