/* struct error: the details of a failed call, owned by the caller (usually on the stack or in the
 * request arena). Functions that fail fill it with error_set(); callers that succeed never read it.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#include "status.h"

#define ERROR_MESSAGE_MAX 256
#define ERROR_FIELD_NAME_MAX 64
#define ERROR_FIELDS_MAX 16

/* One invalid field of a request, for problem+json's errors[]. */
struct error_field {
    char field[ERROR_FIELD_NAME_MAX];
    char message[ERROR_MESSAGE_MAX];
};

struct error {
    enum status status;
    char message[ERROR_MESSAGE_MAX]; /* lower-case first letter, no final period */
    int retry_after;                 /* seconds, for STATUS_UNAVAILABLE; 0 when unknown */
    size_t field_count;
    struct error_field fields[ERROR_FIELDS_MAX];
};

void error_init(struct error *err);

/* Sets status and a printf-formatted message; returns status so callers can write
 * `return error_set(err, STATUS_INVALID, "...")`. err may be NULL. */
enum status error_set(struct error *err, enum status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
enum status error_setv(struct error *err, enum status status, const char *fmt, va_list ap);

/* Adds a field error and sets status to STATUS_INVALID. Fields past ERROR_FIELDS_MAX are dropped
 * (the first ones are the useful ones). Returns STATUS_INVALID. */
enum status error_add_field(struct error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
