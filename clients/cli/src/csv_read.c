/* CSV reader (see csv_read.h). */
#include "csv_read.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

#define CSV_FIELD_MAX (1u << 20)

void csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
    r->data = data;
    r->len = len;
    r->pos = 0;
    r->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
}

void csv_record_init(struct csv_record *rec)
{
    memset(rec, 0, sizeof(*rec));
}

static void record_clear(struct csv_record *rec)
{
    for (size_t i = 0; i < rec->count; i++)
        free(rec->fields[i]);
    rec->count = 0;
}

void csv_record_cleanup(struct csv_record *rec)
{
    record_clear(rec);
    free(rec->fields);
    csv_record_init(rec);
}

static int push_field(struct csv_record *rec, struct buf *field)
{
    if (rec->count == rec->capacity) {
        size_t cap = rec->capacity ? rec->capacity * 2 : 16;
        char **grown = realloc(rec->fields, cap * sizeof(char *));
        if (!grown)
            return -1;
        rec->fields = grown;
        rec->capacity = cap;
    }
    rec->fields[rec->count] = strdup(buf_str(field));
    if (!rec->fields[rec->count])
        return -1;
    rec->count++;
    buf_clear(field);
    return 0;
}

static int fail(char *err, size_t err_size, size_t line, const char *what)
{
    snprintf(err, err_size, "line %zu: %s", line, what);
    return -1;
}

int csv_read_record(struct csv_reader *r, struct csv_record *rec, char *err, size_t err_size)
{
    record_clear(rec);
    /* skip blank lines */
    while (r->pos < r->len && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r')) {
        if (r->data[r->pos] == '\n')
            r->line++;
        r->pos++;
    }
    if (r->pos >= r->len)
        return 0;
    rec->line = r->line;
    struct buf field;
    buf_init(&field, CSV_FIELD_MAX);
    int rc = 1;
    bool quoted = false, after_quote = false, in_quotes = false;
    for (;;) {
        if (r->pos >= r->len) {
            if (in_quotes)
                rc = fail(err, err_size, rec->line, "a quoted field is not closed");
            else if (push_field(rec, &field) != 0)
                rc = fail(err, err_size, rec->line, "out of memory");
            break;
        }
        char c = r->data[r->pos++];
        if (c == '\0') {
            rc = fail(err, err_size, r->line, "a NUL byte");
            break;
        }
        if (in_quotes) {
            if (c == '"') {
                if (r->pos < r->len && r->data[r->pos] == '"') {
                    r->pos++;
                    c = '"';
                } else {
                    in_quotes = false;
                    after_quote = true;
                    continue;
                }
            } else if (c == '\n') {
                r->line++;
            }
            if (buf_append(&field, &c, 1) != STATUS_OK) {
                rc = fail(err, err_size, r->line, "a field longer than 1 MiB");
                break;
            }
            continue;
        }
        if (c == ',' || c == '\n' || c == '\r') {
            if (push_field(rec, &field) != 0) {
                rc = fail(err, err_size, rec->line, "out of memory");
                break;
            }
            quoted = after_quote = false;
            if (c == ',')
                continue;
            if (c == '\r' && r->pos < r->len && r->data[r->pos] == '\n')
                r->pos++;
            r->line++;
            break;
        }
        if (after_quote) {
            rc = fail(err, err_size, r->line, "text after a closing quote");
            break;
        }
        if (c == '"') {
            if (field.len > 0 || quoted) {
                rc = fail(err, err_size, r->line, "a quote inside an unquoted field");
                break;
            }
            quoted = in_quotes = true;
            continue;
        }
        if (buf_append(&field, &c, 1) != STATUS_OK) {
            rc = fail(err, err_size, r->line, "a field longer than 1 MiB");
            break;
        }
    }
    buf_cleanup(&field);
    for (size_t i = 0; rc == 1 && i < rec->count; i++)
        if (!utf8_valid_str(rec->fields[i]))
            rc = fail(err, err_size, rec->line, "text that is not UTF-8");
    if (rc != 1)
        record_clear(rec);
    return rc;
}
