/* What every request must satisfy before routing: a bounded request target, and text that is
 * UTF-8 without NUL bytes wherever the server may echo or store it (the path, every query name
 * and value, every header value). */
#pragma once

#include <stddef.h>

#include "error.h"

/* The longest request target accepted, in bytes after percent-decoding: the path plus every query
 * name and value with their separators. A longer one is answered 414. */
#define HTTP_TARGET_MAX 2048

/* Decodes %HH escapes in s in place (libmicrohttpd's unescape callback), except %00, which stays
 * as the three characters "%00": a NUL inside a C string would silently cut what follows, so the
 * value keeps it visibly and fails validation instead. Returns the new length. */
size_t http_unescape(char *s);

/* Checks the request on connection (a struct MHD_Connection *) whose decoded path is path.
 * Returns 0, or 414 (target longer than HTTP_TARGET_MAX) or 400 (text that is not UTF-8 or holds
 * a NUL byte) with err saying which part, without echoing the offending bytes. */
int http_request_check(void *connection, const char *path, struct error *err);
