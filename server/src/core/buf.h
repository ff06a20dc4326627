/* struct buf: a growable byte buffer with a hard size cap (the idea of curl's dynbuf).
 *
 * Ownership: the caller owns the struct (stack or embedded); buf_init() takes no memory, the buffer
 * mallocs on first append, and buf_cleanup() frees it. Data is always NUL-terminated after a
 * successful append, so text can be read as a C string. Appending past the cap fails with
 * STATUS_TOO_LARGE and leaves the contents as they were. */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#include "status.h"

struct buf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t capacity;
    size_t max; /* hard cap on len */
};

void buf_init(struct buf *b, size_t max);
void buf_cleanup(struct buf *b);
/* Forgets the contents but keeps the memory. */
void buf_clear(struct buf *b);

enum status buf_append(struct buf *b, const void *data, size_t len);
enum status buf_append_str(struct buf *b, const char *s);
enum status buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum status buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The length (without the NUL) that fmt formats to with ap, which is copied, not consumed, so the
 * caller formats with it next; -1 on an encoding error. buf_vprintf and arena_printf measure
 * with it before they allocate. */
int buf_format_len(const char *fmt, va_list ap);

/* Appends s as the inside of a JSON string (quotes not included): escapes ", \ and control
 * characters; well-formed UTF-8 is copied as it is, and every byte that is not part of a
 * well-formed sequence becomes \ufffd (U+FFFD), so the output is always valid JSON text. */
enum status buf_append_json_escaped(struct buf *b, const char *s, size_t len);

/* The contents, "" when empty. Valid until the next append or cleanup. */
const char *buf_str(const struct buf *b);
