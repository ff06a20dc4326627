/* Space-separated word lists (words.h). */
#include "words.h"

#include <string.h>

const char *words_next(const char **cursor, size_t *len)
{
    const char *p = *cursor;
    while (*p == ' ')
        p++;
    *len = strcspn(p, " ");
    *cursor = p + *len;
    return *len ? p : NULL;
}
