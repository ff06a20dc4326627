/* Reading request bodies field by field, with field-level errors for 422 answers. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "request.h"

/* The body as a JSON object. NULL (with req->error set to 400 or 422) when the request has no body
 * or its body is not an object. */
const cJSON *input_object(struct http_request *req);

/* input_object, then input_only_known(allowed) into req->error: the start of every handler that
 * reads a JSON body. NULL (req->error set) when there is no object body. */
const cJSON *input_body(struct http_request *req, const char *const *allowed);

/* For a create whose answer shows a secret that is never stored, so that a replay could not
 * answer it again: true, with the field error "Idempotency-Key is not accepted here: <why>" in
 * req->error, when the request has an Idempotency-Key; false otherwise. */
bool input_refuse_replay(struct http_request *req, const char *why);

/* Adds a field error for every member of obj whose name is not in allowed (NULL-terminated).
 * Returns true when all are known. */
bool input_only_known(const cJSON *obj, const char *const *allowed, struct error *err);

/* The string member name, or NULL. A missing required member, or a member of another type, adds a
 * field error. An absent optional member returns NULL without error. */
const char *input_string(const cJSON *obj, const char *name, bool required, struct error *err);

/* The member name as a positive whole number (an id): 0 when absent or null (adding a field error
 * when required), and a field error for fractions, negatives and non-numbers. */
long input_id(const cJSON *obj, const char *name, bool required, struct error *err);

/* The optional boolean member name: 1 or 0, or -1 when absent (a field error when not a bool). */
int input_bool(const cJSON *obj, const char *name, struct error *err);

/* The path parameter name as a positive id; false (req->error set for 404) otherwise. */
bool input_path_id(struct http_request *req, const char *name, long *id);

/* The start of a handler that changes the row named by the path: input_path_id("id") into *id,
 * then input_body(allowed), or input_object when allowed is NULL. NULL (req->error set: 404, 400
 * or 422) when either fails. */
const cJSON *input_path_body(struct http_request *req, long *id, const char *const *allowed);

/* Checks If-Match against "<id>-<version>": STATUS_PRECONDITION_REQUIRED when absent,
 * STATUS_PRECONDITION when it names another version or is malformed; *version receives the
 * version the client had. req->error is set on failure. */
enum status input_if_match(struct http_request *req, long id, int *version);

/* Formats the ETag of a versioned resource, "\"<id>-<version>\"", in the request arena. */
const char *input_etag(struct http_request *req, long id, int version);

/* Reads a page request of an id-ordered list: `limit` (1..100, default 50) and an opaque `cursor`
 * that list issued. Returns 0, or the HTTP status to answer with (422 for a bad limit, 400 for a
 * cursor of another list); *after is first for the first page (0, or LONG_MAX for a newest-first
 * list). */
int input_page(struct http_request *req, const char *list, long first, long *limit, long *after);

/* Parses a query-string integer in [min, max]; absent → fallback. Adds a field error on failure. */
long input_query_long(struct http_request *req, const char *name, long min, long max,
                      long fallback);
