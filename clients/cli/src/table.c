/* Tables printed aligned or as CSV (see table.h). */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "text.h"

struct table {
    size_t ncols;
    char **headers;
    size_t *max_width; /* per column, 0: no cap */
    bool *right;
    char **cells; /* rows * ncols, row-major */
    size_t rows, capacity;
};

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

struct table *table_new(size_t ncols, const char *const *headers)
{
    struct table *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof(char *));
    t->max_width = calloc(ncols, sizeof(size_t));
    t->right = calloc(ncols, sizeof(bool));
    if (!t->headers || !t->max_width || !t->right) {
        table_free(t);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++) {
        t->headers[i] = dup_or_empty(headers[i]);
        if (!t->headers[i]) {
            table_free(t);
            return NULL;
        }
    }
    return t;
}

void table_free(struct table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->headers && i < t->ncols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i]);
    free(t->headers);
    free(t->max_width);
    free(t->right);
    free(t->cells);
    free(t);
}

void table_set_max_width(struct table *t, size_t col, size_t max)
{
    if (col < t->ncols)
        t->max_width[col] = max;
}

void table_set_right(struct table *t, size_t col, bool right)
{
    if (col < t->ncols)
        t->right[col] = right;
}

int table_add_row(struct table *t, const char *const *cells)
{
    if (t->rows == t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 16;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof(char *));
        if (!grown)
            return -1;
        t->cells = grown;
        t->capacity = cap;
    }
    char **row = t->cells + t->rows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        row[i] = dup_or_empty(cells[i]);
        if (!row[i]) {
            while (i-- > 0)
                free(row[i]);
            return -1;
        }
    }
    t->rows++;
    return 0;
}

size_t table_rows(const struct table *t)
{
    return t->rows;
}

/* The width a cell takes in its column: its text width, capped. */
static size_t cell_width(const struct table *t, size_t col, const char *text)
{
    size_t w = text_width(text);
    if (t->max_width[col] && w > t->max_width[col])
        w = t->max_width[col];
    return w;
}

static int pad(struct buf *out, size_t n)
{
    for (; n > 0; n--)
        if (buf_append(out, " ", 1) != STATUS_OK)
            return -1;
    return 0;
}

static int render_line(const struct table *t, const char *const *cells, const size_t *widths,
                       struct buf *out)
{
    size_t line_start = out->len;
    for (size_t c = 0; c < t->ncols; c++) {
        if (c > 0 && pad(out, 2) != 0)
            return -1;
        struct buf cell;
        buf_init(&cell, 1 << 20);
        size_t max = t->max_width[c] ? t->max_width[c] : (size_t)-2;
        size_t used = text_fit(cells[c], max, &cell);
        int rc = 0;
        if (used == (size_t)-1)
            rc = -1;
        else if (t->right[c])
            rc = (pad(out, widths[c] - used) == 0 &&
                  buf_append_str(out, buf_str(&cell)) == STATUS_OK)
                     ? 0
                     : -1;
        else
            rc = (buf_append_str(out, buf_str(&cell)) == STATUS_OK &&
                  pad(out, widths[c] - used) == 0)
                     ? 0
                     : -1;
        buf_cleanup(&cell);
        if (rc != 0)
            return -1;
    }
    /* trailing spaces of the last column are noise */
    while (out->len > line_start && out->data[out->len - 1] == ' ')
        out->len--;
    if (out->data)
        out->data[out->len] = '\0';
    return buf_append(out, "\n", 1) == STATUS_OK ? 0 : -1;
}

int table_render_text(const struct table *t, struct buf *out)
{
    size_t *widths = calloc(t->ncols ? t->ncols : 1, sizeof(size_t));
    if (!widths)
        return -1;
    for (size_t c = 0; c < t->ncols; c++) {
        widths[c] = cell_width(t, c, t->headers[c]);
        for (size_t r = 0; r < t->rows; r++) {
            size_t w = cell_width(t, c, t->cells[r * t->ncols + c]);
            if (w > widths[c])
                widths[c] = w;
        }
    }
    int rc = render_line(t, (const char *const *)t->headers, widths, out);
    for (size_t r = 0; rc == 0 && r < t->rows; r++)
        rc = render_line(t, (const char *const *)t->cells + r * t->ncols, widths, out);
    free(widths);
    return rc;
}

static int csv_line(const struct table *t, char *const *cells, struct buf *out)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (csv_number(out, cells[c], c == 0) != STATUS_OK)
            return -1;
    return csv_end_row(out) == STATUS_OK ? 0 : -1;
}

int table_render_csv(const struct table *t, struct buf *out, bool with_bom)
{
    if (with_bom && csv_begin(out) != STATUS_OK)
        return -1;
    int rc = csv_line(t, t->headers, out);
    for (size_t r = 0; rc == 0 && r < t->rows; r++)
        rc = csv_line(t, t->cells + r * t->ncols, out);
    return rc;
}
