/* Reading a result's rows into an arena array. */
#include "rows.h"

void *rows_read(PGresult *res, struct arena *arena, size_t item_size,
                bool (*read)(PGresult *res, int row, void *item, struct arena *arena),
                size_t *count)
{
    int n = PQntuples(res);
    *count = 0;
    unsigned char *items = arena_calloc(arena, (size_t)n + 1, item_size);
    for (int i = 0; items && i < n; i++)
        if (!read(res, i, items + (size_t)i * item_size, arena))
            items = NULL;
    PQclear(res);
    if (items)
        *count = (size_t)n;
    return items;
}

bool row_texts(PGresult *res, int row, int col, struct arena *arena, const char **const *out,
               size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int k = col + (int)i;
        *out[i] = row_text(res, row, k, arena);
        if (!*out[i] && !PQgetisnull(res, row, k))
            return false;
    }
    return true;
}
