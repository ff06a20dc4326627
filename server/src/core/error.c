/* Status names and struct error helpers. */
#include "error.h"

#include <stdio.h>
#include <string.h>

#include "names.h"
#include "utf8.h"

static const char *const status_names[] = {
    [STATUS_OK] = "ok",
    [STATUS_INVALID] = "invalid",
    [STATUS_MALFORMED] = "malformed",
    [STATUS_NOT_FOUND] = "not_found",
    [STATUS_CONFLICT] = "conflict",
    [STATUS_TOO_LARGE] = "too_large",
    [STATUS_RETRY] = "retry",
    [STATUS_UNAVAILABLE] = "unavailable",
    [STATUS_NO_MEMORY] = "no_memory",
    [STATUS_UNAUTHORIZED] = "unauthorized",
    [STATUS_FORBIDDEN] = "forbidden",
    [STATUS_INTERNAL] = "internal",
    [STATUS_RATE_LIMITED] = "rate_limited",
    [STATUS_PRECONDITION] = "precondition_failed",
    [STATUS_PRECONDITION_REQUIRED] = "precondition_required",
};

const char *status_name(enum status status)
{
    return names_get(status_names, sizeof(status_names) / sizeof(status_names[0]), (int)status,
                     "unknown");
}

/* Formats into out; a message longer than size is cut at a character boundary, never inside a
 * UTF-8 sequence. */
__attribute__((format(printf, 3, 0))) static void fit_text(char *out, size_t size, const char *fmt,
                                                           va_list ap)
{
    int n = vsnprintf(out, size, fmt, ap);
    if (n >= 0 && (size_t)n >= size)
        out[utf8_boundary(out, size - 1)] = '\0';
}

void error_init(struct error *err)
{
    memset(err, 0, sizeof(*err));
}

enum status error_setv(struct error *err, enum status status, const char *fmt, va_list ap)
{
    if (!err)
        return status;
    err->status = status;
    fit_text(err->message, sizeof(err->message), fmt, ap);
    return status;
}

enum status error_set(struct error *err, enum status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(err, status, fmt, ap);
    va_end(ap);
    return status;
}

enum status error_add_field(struct error *err, const char *field, const char *fmt, ...)
{
    if (!err)
        return STATUS_INVALID;
    if (err->status != STATUS_INVALID || err->message[0] == '\0') {
        err->status = STATUS_INVALID;
        snprintf(err->message, sizeof(err->message), "the request has invalid fields");
    }
    if (err->field_count < ERROR_FIELDS_MAX) {
        struct error_field *f = &err->fields[err->field_count++];
        snprintf(f->field, sizeof(f->field), "%s", field);
        f->field[utf8_boundary(f->field, strlen(f->field))] = '\0';
        va_list ap;
        va_start(ap, fmt);
        fit_text(f->message, sizeof(f->message), fmt, ap);
        va_end(ap);
    }
    return STATUS_INVALID;
}
