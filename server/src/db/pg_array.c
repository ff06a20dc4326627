/* PostgreSQL array literals: see pg_array.h. */
#include "pg_array.h"

static enum status element_start(struct buf *b, size_t i)
{
    return buf_append_str(b, i == 0 ? "" : ",");
}

enum status pg_array_text(struct buf *b, const char *const *items, size_t count)
{
    enum status st = buf_append_str(b, "{");
    for (size_t i = 0; i < count && st == STATUS_OK; i++) {
        st = element_start(b, i);
        if (st != STATUS_OK)
            break;
        if (!items[i]) {
            st = buf_append_str(b, "NULL");
            continue;
        }
        st = buf_append_str(b, "\"");
        for (const char *p = items[i]; *p && st == STATUS_OK; p++) {
            if (*p == '"' || *p == '\\')
                st = buf_append(b, "\\", 1);
            if (st == STATUS_OK)
                st = buf_append(b, p, 1);
        }
        if (st == STATUS_OK)
            st = buf_append_str(b, "\"");
    }
    return st == STATUS_OK ? buf_append_str(b, "}") : st;
}

enum status pg_array_bytea(struct buf *b, const unsigned char *const *items, const size_t *lengths,
                           size_t count)
{
    static const char hex[] = "0123456789abcdef";
    enum status st = buf_append_str(b, "{");
    for (size_t i = 0; i < count && st == STATUS_OK; i++) {
        st = element_start(b, i);
        if (st != STATUS_OK)
            break;
        if (!items[i]) {
            st = buf_append_str(b, "NULL");
            continue;
        }
        /* "\\x…": the array parser turns \\ into the \ of bytea's hex input */
        st = buf_append_str(b, "\"\\\\x");
        for (size_t k = 0; k < lengths[i] && st == STATUS_OK; k++) {
            char pair[2] = {hex[items[i][k] >> 4], hex[items[i][k] & 15]};
            st = buf_append(b, pair, 2);
        }
        if (st == STATUS_OK)
            st = buf_append_str(b, "\"");
    }
    return st == STATUS_OK ? buf_append_str(b, "}") : st;
}
