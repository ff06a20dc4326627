/* CSV writer. */
#include "csv.h"

#include <string.h>

enum status csv_begin(struct buf *out)
{
    return buf_append(out, "\xEF\xBB\xBF", 3);
}

/* Whether a spreadsheet would read a cell starting with c as a formula (OWASP's list: = + - @,
 * and tab and carriage return, which some programs skip before looking). */
static bool formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Appends text as one cell, prefixed by a quote mark when formula is true; quoted (RFC 4180) when
 * it holds a comma, a double quote, CR or LF. The whole text, never cut. */
static enum status append_cell(struct buf *out, const char *text, bool formula)
{
    bool quote = strpbrk(text, ",\"\r\n") != NULL;
    enum status st = quote ? buf_append(out, "\"", 1) : STATUS_OK;
    if (st == STATUS_OK && formula)
        st = buf_append(out, "'", 1);
    if (!quote)
        return st == STATUS_OK ? buf_append_str(out, text) : st;
    for (const char *p = text; st == STATUS_OK && *p;) {
        size_t run = strcspn(p, "\"");
        st = buf_append(out, p, run);
        p += run;
        if (st == STATUS_OK && *p == '"') {
            st = buf_append(out, "\"\"", 2);
            p++;
        }
    }
    if (st == STATUS_OK)
        st = buf_append(out, "\"", 1);
    return st;
}

enum status csv_field(struct buf *out, const char *text, bool first)
{
    enum status st = first ? STATUS_OK : buf_append(out, ",", 1);
    if (st != STATUS_OK || !text)
        return st;
    return append_cell(out, text, formula_start(text[0]));
}

bool csv_is_number(const char *text)
{
    const char *p = text;
    if (*p == '-')
        p++;
    size_t whole = strspn(p, "0123456789");
    if (whole == 0)
        return false;
    p += whole;
    if (*p == '.') {
        size_t fraction = strspn(p + 1, "0123456789");
        if (fraction == 0)
            return false;
        p += 1 + fraction;
    }
    return *p == '\0';
}

enum status csv_number(struct buf *out, const char *text, bool first)
{
    enum status st = first ? STATUS_OK : buf_append(out, ",", 1);
    if (st != STATUS_OK || !text)
        return st;
    /* a plain decimal number is data, not a formula, even when negative */
    return append_cell(out, text, !csv_is_number(text) && formula_start(text[0]));
}

enum status csv_end_row(struct buf *out)
{
    return buf_append(out, "\r\n", 2);
}
