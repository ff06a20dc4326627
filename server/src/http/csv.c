/* CSV writer. */
#include "csv.h"

#include <string.h>

enum status csv_begin(struct buf *out)
{
    return buf_append(out, "\xEF\xBB\xBF", 3);
}

enum status csv_field(struct buf *out, const char *text, bool first)
{
    enum status st = first ? STATUS_OK : buf_append(out, ",", 1);
    if (st != STATUS_OK)
        return st;
    if (!text)
        return STATUS_OK;
    if (strpbrk(text, ",\"\r\n") == NULL)
        return buf_append_str(out, text);
    st = buf_append(out, "\"", 1);
    for (const char *p = text; st == STATUS_OK && *p; p++)
        st = *p == '"' ? buf_append(out, "\"\"", 2) : buf_append(out, p, 1);
    if (st == STATUS_OK)
        st = buf_append(out, "\"", 1);
    return st;
}

enum status csv_end_row(struct buf *out)
{
    return buf_append(out, "\r\n", 2);
}
