/* Internal to db/: reading result cells into arena-owned C values. */
#pragma once

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdlib.h>

#include "arena.h"
#include "encode.h"

/* The cell as an arena copy; NULL for SQL NULL (or when out of memory: callers that must tell the
 * two apart check PQgetisnull first). */
static inline const char *row_text(PGresult *res, int row, int col, struct arena *arena)
{
    if (PQgetisnull(res, row, col))
        return NULL;
    return arena_strndup(arena, PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col));
}

static inline long row_long(PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0 : strtol(PQgetvalue(res, row, col), NULL, 10);
}

static inline bool row_bool(PGresult *res, int row, int col)
{
    return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

/* Reads n text columns from col on (col, col + 1 …) into *out[0], *out[1] … as arena copies
 * (NULL for SQL NULL); false when out of memory. ROW_TEXTS lists the destinations. */
bool row_texts(PGresult *res, int row, int col, struct arena *arena, const char **const *out,
               size_t n);
#define ROW_TEXTS(res, row, col, arena, ...)                                                       \
    row_texts((res), (row), (col), (arena), (const char **const[]){__VA_ARGS__},                   \
              sizeof((const char **const[]){__VA_ARGS__}) / sizeof(const char **))

/* Reads every row of res into a new array of item_size elements in arena (one more element,
 * zeroed, than there are rows), calling read(res, row, &array[row], arena) for each; read returns
 * false when out of memory. Takes res and clears it. Returns the array, or NULL when out of
 * memory; *count receives the number of rows read (0 on failure). */
void *rows_read(PGresult *res, struct arena *arena, size_t item_size,
                bool (*read)(PGresult *res, int row, void *item, struct arena *arena),
                size_t *count);

/* bytea in text format is \x followed by hex digits; decodes exactly len bytes. */
static inline bool row_bytes(PGresult *res, int row, int col, unsigned char *out, size_t len)
{
    const char *text = PQgetvalue(res, row, col);
    if ((size_t)PQgetlength(res, row, col) != 2 + 2 * len || text[0] != '\\' || text[1] != 'x')
        return false;
    for (size_t i = 0; i < len; i++) {
        int hi = decode_hex_digit(text[2 + 2 * i]), lo = decode_hex_digit(text[3 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}
