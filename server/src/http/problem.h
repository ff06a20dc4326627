/* RFC 9457 problem details (application/problem+json). */
#pragma once

#include "buf.h"
#include "error.h"

#define HTTP_PROBLEM_CONTENT_TYPE "application/problem+json"

/* Writes {"type","title","status","detail","request_id"[,"errors":[{field,message}]]} into out.
 * detail comes from err->message (or the title when empty); errors from err->fields. */
enum status http_problem_render(struct buf *out, int http_status, const struct error *err,
                                const char *request_id);
