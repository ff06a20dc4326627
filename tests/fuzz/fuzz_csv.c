/* The CSV cell writer. The input is one row: its first byte says which cells are written as
 * numbers (bit i for cell i), the rest is the cells' text separated by NUL bytes. The output,
 * read back with an RFC 4180 reader, gives exactly the cells written (each whole, never cut), a
 * neutralised cell being its text after one added ' ; no cell read back begins with a formula
 * character (= + - @ tab CR) unless csv_number wrote it as a plain decimal number; and the output
 * is valid UTF-8 whenever every cell is. */
#include <stdbool.h>

#include "csv.h"
#include "fuzz.h"
#include "utf8.h"

#define MAX_CELLS 32

static bool formula_char(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Reads the cell at *p (one row of an RFC 4180 text) into cell (out of cap bytes, NUL-terminated)
 * and moves *p past it and its separator. Returns false when the text is not RFC 4180. */
static bool read_cell(const char **p, const char *end, char *cell, size_t cap, bool *last)
{
    size_t n = 0;
    const char *s = *p;
    if (s < end && *s == '"') {
        for (s++;; s++) {
            if (s >= end)
                return false;
            if (*s == '"') {
                if (s + 1 < end && s[1] == '"')
                    s++;
                else
                    break;
            }
            if (n + 1 >= cap)
                return false;
            cell[n++] = *s;
        }
        s++;
    } else {
        while (s < end && *s != ',' && *s != '\r' && *s != '\n' && *s != '"') {
            if (n + 1 >= cap)
                return false;
            cell[n++] = *s++;
        }
    }
    cell[n] = '\0';
    if (s < end && *s == ',') {
        *last = false;
        *p = s + 1;
        return true;
    }
    if (end - s == 2 && s[0] == '\r' && s[1] == '\n') {
        *last = true;
        *p = end;
        return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mask = data[0];
    char *text = fuzz_strndup(data + 1, size - 1);
    if (!text)
        return 0;
    const char *cells[MAX_CELLS];
    bool number[MAX_CELLS];
    size_t count = 0;
    bool utf8 = true;
    for (const char *c = text; count < MAX_CELLS && c <= text + (size - 1); c += strlen(c) + 1) {
        number[count] = count < 8 && (mask >> count & 1);
        utf8 = utf8 && utf8_valid_str(c);
        cells[count++] = c;
    }

    struct buf out;
    buf_init(&out, 1 << 20);
    enum status st = csv_begin(&out);
    for (size_t i = 0; i < count && st == STATUS_OK; i++)
        st = number[i] ? csv_number(&out, cells[i], i == 0) : csv_field(&out, cells[i], i == 0);
    if (st == STATUS_OK)
        st = csv_end_row(&out);
    FUZZ_CHECK(st == STATUS_OK);

    const char *p = buf_str(&out), *end = p + out.len;
    FUZZ_CHECK(out.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0);
    FUZZ_CHECK(!utf8 || utf8_valid(p, out.len));
    p += 3;
    char *cell = malloc(size + 2);
    FUZZ_CHECK(cell != NULL);
    bool last = false;
    for (size_t i = 0; i < count; i++) {
        FUZZ_CHECK(!last && read_cell(&p, end, cell, size + 2, &last));
        const char *want = cells[i];
        bool plain_number = number[i] && csv_is_number(want);
        if (formula_char(want[0]) && !plain_number) {
            FUZZ_CHECK(cell[0] == '\'' && strcmp(cell + 1, want) == 0);
        } else {
            FUZZ_CHECK(strcmp(cell, want) == 0);
            FUZZ_CHECK(!formula_char(cell[0]) || plain_number);
        }
    }
    FUZZ_CHECK(last && p == end);
    free(cell);
    buf_cleanup(&out);
    free(text);
    return 0;
}
