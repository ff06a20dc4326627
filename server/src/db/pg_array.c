/* PostgreSQL array literals: see pg_array.h. */
#include "pg_array.h"

#include "encode.h"

/* Appends {e0,e1,…}: NULL for the elements is_null names, element() (one element, quoted) for
 * the others; both get the element's index and ctx. */
static enum status pg_array(struct buf *b, size_t count, bool (*is_null)(size_t, const void *),
                            enum status (*element)(struct buf *b, size_t i, const void *ctx),
                            const void *ctx)
{
    enum status st = buf_append_str(b, "{");
    for (size_t i = 0; i < count && st == STATUS_OK; i++) {
        if (i > 0)
            st = buf_append_str(b, ",");
        if (st == STATUS_OK)
            st = is_null(i, ctx) ? buf_append_str(b, "NULL") : element(b, i, ctx);
    }
    return st == STATUS_OK ? buf_append_str(b, "}") : st;
}

static bool text_null(size_t i, const void *ctx)
{
    const char *const *items = ctx;
    return items[i] == NULL;
}

static enum status text_element(struct buf *b, size_t i, const void *ctx)
{
    const char *const *items = ctx;
    enum status st = buf_append_str(b, "\"");
    for (const char *p = items[i]; *p && st == STATUS_OK; p++) {
        if (*p == '"' || *p == '\\')
            st = buf_append(b, "\\", 1);
        if (st == STATUS_OK)
            st = buf_append(b, p, 1);
    }
    return st == STATUS_OK ? buf_append_str(b, "\"") : st;
}

enum status pg_array_text(struct buf *b, const char *const *items, size_t count)
{
    return pg_array(b, count, text_null, text_element, items);
}

struct bytea_items {
    const unsigned char *const *items;
    const size_t *lengths;
};

static bool bytea_null(size_t i, const void *ctx)
{
    const struct bytea_items *x = ctx;
    return x->items[i] == NULL;
}

static enum status bytea_element(struct buf *b, size_t i, const void *ctx)
{
    const struct bytea_items *x = ctx;
    /* "\\x…": the array parser turns \\ into the \ of bytea's hex input */
    enum status st = buf_append_str(b, "\"\\\\x");
    /* in chunks, so that an item of any length needs no allocation */
    char hex[ENCODE_HEX_LEN(32) + 1];
    for (size_t k = 0; k < x->lengths[i] && st == STATUS_OK; k += 32) {
        size_t n = x->lengths[i] - k < 32 ? x->lengths[i] - k : 32;
        size_t len = encode_hex(x->items[i] + k, n, hex);
        st = buf_append(b, hex, len);
    }
    return st == STATUS_OK ? buf_append_str(b, "\"") : st;
}

enum status pg_array_bytea(struct buf *b, const unsigned char *const *items, const size_t *lengths,
                           size_t count)
{
    struct bytea_items x = {items, lengths};
    return pg_array(b, count, bytea_null, bytea_element, &x);
}
