/* Growable, capped byte buffer. */
#include "buf.h"

#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "utf8.h"

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->capacity = 0;
    b->max = max;
}

void buf_cleanup(struct buf *b)
{
    free(b->data);
    buf_init(b, b->max);
}

void buf_clear(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static enum status reserve(struct buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return STATUS_TOO_LARGE;
    size_t need = b->len + extra + 1; /* + NUL */
    if (need <= b->capacity)
        return STATUS_OK;
    /* need <= max + 1 here; the cap on growth is computed without overflowing when max is
     * SIZE_MAX */
    size_t limit = b->max == SIZE_MAX ? SIZE_MAX : b->max + 1;
    size_t cap = b->capacity ? b->capacity : 256;
    while (cap < need)
        cap = cap > limit / 2 ? limit : cap * 2;
    if (cap > limit)
        cap = limit;
    char *p = realloc(b->data, cap);
    if (!p)
        return STATUS_NO_MEMORY;
    b->data = p;
    b->capacity = cap;
    return STATUS_OK;
}

enum status buf_append(struct buf *b, const void *data, size_t len)
{
    enum status st = reserve(b, len);
    if (st != STATUS_OK)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return STATUS_OK;
}

enum status buf_append_str(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_format_len(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    return n;
}

enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    int n = buf_format_len(fmt, ap);
    if (n < 0)
        return STATUS_INTERNAL;
    enum status st = reserve(b, (size_t)n);
    if (st != STATUS_OK)
        return st;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return STATUS_OK;
}

enum status buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum status st = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

static enum status append_escaped(struct buf *b, const char *s, size_t len);

enum status buf_append_json_escaped(struct buf *b, const char *s, size_t len)
{
    size_t before = b->len;
    enum status st = append_escaped(b, s, len);
    if (st != STATUS_OK && b->data) {
        /* all or nothing: drop what was appended before the cap was hit */
        b->len = before;
        b->data[before] = '\0';
    }
    return st;
}

static enum status append_escaped(struct buf *b, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence_len(s + i, len - i);
            if (n > 0) {
                i += n - 1;
                continue;
            }
            /* not UTF-8: U+FFFD instead of the byte, so that the output stays valid JSON text */
            enum status st = buf_append(b, s + start, i - start);
            if (st == STATUS_OK)
                st = buf_append(b, "\\ufffd", 6);
            if (st != STATUS_OK)
                return st;
            start = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        enum status st = buf_append(b, s + start, i - start);
        if (st != STATUS_OK)
            return st;
        /* the short escapes JSON has, else \u00XX */
        static const char plain[] = "\"\\\n\r\t", escaped[] = "\"\\nrt";
        const char *short_form = c ? strchr(plain, c) : NULL;
        char esc[7] = {'\\', 'u', '0', '0', 0};
        size_t n = 6;
        if (short_form) {
            esc[1] = escaped[short_form - plain];
            n = 2;
        } else {
            encode_hex(&c, 1, esc + 4);
        }
        st = buf_append(b, esc, n);
        if (st != STATUS_OK)
            return st;
        start = i + 1;
    }
    return buf_append(b, s + start, len - start);
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}
