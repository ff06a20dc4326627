/* Status codes returned by every fallible function in the server.
 *
 * A function returns an enum status and, when it fails, fills a caller-owned struct error with the
 * details. One table (http/status_map.c) turns a status into an HTTP status; one table
 * (db/sqlstate.c) turns a SQLSTATE into a status. */
#pragma once

enum status {
    STATUS_OK = 0,
    STATUS_INVALID,               /* the caller sent something that breaks a rule: 422 */
    STATUS_MALFORMED,             /* the caller sent something unparseable: 400 */
    STATUS_NOT_FOUND,             /* 404 */
    STATUS_CONFLICT,              /* unique violation or a transition not allowed now: 409 */
    STATUS_TOO_LARGE,             /* a bound was exceeded: 413 */
    STATUS_RETRY,                 /* serialization failure or deadlock: run the transaction again */
    STATUS_UNAVAILABLE,           /* the database cannot be reached: 503 */
    STATUS_NO_MEMORY,             /* allocation failed: 503, the process may recover */
    STATUS_UNAUTHORIZED,          /* 401 */
    STATUS_FORBIDDEN,             /* 403 */
    STATUS_INTERNAL,              /* a bug or an unexpected answer: 500 */
    STATUS_RATE_LIMITED,          /* too many attempts: 429, with retry_after */
    STATUS_PRECONDITION,          /* If-Match does not match the current version: 412 */
    STATUS_PRECONDITION_REQUIRED, /* If-Match missing where required: 428 */
};

/* A short lower-case name for logs, e.g. "not_found". Never NULL. */
const char *status_name(enum status status);
