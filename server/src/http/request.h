/* One HTTP request and its response, as handlers see them.
 *
 * Memory: the server creates req->arena on libmicrohttpd's first callback and frees it, with the
 * body buffer, the JSON tree and the response, in the completion callback. Everything a handler
 * allocates from req->arena lives exactly as long as the request; nothing needs freeing. Strings
 * given to http_response_header() must live as long (arena or static). */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "router.h"

#define HTTP_REQUEST_ID_MAX 64
#define HTTP_MAX_RESPONSE_HEADERS 12

struct http_header {
    const char *name;
    const char *value;
};

struct http_response {
    int status;
    const char *content_type;
    struct buf body;
    int file_fd;      /* http_response_file: the body is this file (-1: the buffer) */
    size_t file_size; /* its length */
    /* a body that outlives the server (an embedded file), sent as it is instead of body */
    const void *static_body;
    size_t static_len;
    size_t header_count;
    struct http_header headers[HTTP_MAX_RESPONSE_HEADERS];
};

struct http_request {
    struct arena *arena;
    const char *method;
    const char *path;
    const struct http_route *route; /* NULL when no route matched */
    int route_index;
    size_t param_count;
    struct http_header params[HTTP_MAX_PATH_PARAMS]; /* name/value, NUL-terminated, in arena */
    struct buf body;
    /* a body that http_hooks.spool_body sent to a file instead of memory: an unlinked temporary
     * file (read from offset 0 with pread) of body_file_size bytes; -1 otherwise. The server
     * closes it when the request completes. */
    int body_fd;
    size_t body_file_size;
    cJSON *json;                              /* the parsed body; NULL when the request had none */
    char request_id[HTTP_REQUEST_ID_MAX + 1]; /* the server's own: logs and audit key */
    char client_request_id[HTTP_REQUEST_ID_MAX + 1]; /* the client's X-Request-Id, or "" */
    struct error error; /* what a failing handler or hook reports; rendered as problem+json */
    void *app_state;    /* the application's per-request state (see http_hooks.cleanup) */
    void *connection;   /* private to http/ */
};

/* A path parameter by name ("id"), NULL when the route has none such. */
const char *http_request_param(const struct http_request *req, const char *name);
/* A request header (case-insensitive name), NULL when absent. */
const char *http_request_header(const struct http_request *req, const char *name);
/* Calls each(name, value, ctx) for every query-string argument, in order. */
void http_request_query_each(const struct http_request *req,
                             void (*each)(const char *name, const char *value, void *ctx),
                             void *ctx);

/* A query-string argument, NULL when absent. */
const char *http_request_query(const struct http_request *req, const char *name);

/* The client's address as text ("127.0.0.1", "::1") into out; "unknown" when not available. */
const char *http_request_client(const struct http_request *req, char *out, size_t size);

/* Adds a response header; returns STATUS_TOO_LARGE when the fixed table is full. */
enum status http_response_header(struct http_response *res, const char *name, const char *value);

/* Serializes json as the body with Content-Type application/json and returns status, or 503 when
 * out of memory. json stays owned by the caller. */
int http_response_json(struct http_response *res, int status, const cJSON *json);

/* Fills req->error and returns the HTTP status for st, for `return http_fail(req, st, "...")`. */
int http_fail(struct http_request *req, enum status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The rest of a handler's work, run by http_defer: fills res and returns the HTTP status, as a
 * handler does. */
typedef int (*http_deferred_fn)(struct http_request *req, struct http_response *res, void *app,
                                void *ctx);

/* For slow, CPU-bound work (hashing a password) that must not keep the server's threads from
 * serving other connections: a handler calls `return http_defer(req, rest, ctx);` with the rest of
 * its work. When the handler has returned, the server releases the application's state (the
 * cleanup hook: no database connection waits on the work), sets the connection aside and runs
 * rest(req, res, app, ctx) on one of its few background threads, one request at a time on each;
 * the status rest returns is answered as a handler's would be, and the cleanup hook runs again
 * after it. rest may use the database again. ctx must live as long as the request (arena). The
 * value returned is not an HTTP status: the handler returns it as it is. */
int http_defer(struct http_request *req, http_deferred_fn rest, void *ctx);

/* Answers with the contents of fd (size bytes from offset 0) as the body, so that a large download
 * needs no memory of its size: the server takes fd over (and closes it) whatever happens. The
 * file should be an unlinked temporary one. Returns status. */
int http_response_file(struct http_response *res, int status, int fd, size_t size,
                       const char *content_type);

/* Long polling. The rest of a request that waits for something to happen elsewhere (a commit a
 * change feed follower waits for): the handler calls `return http_park(req, wait_ms, again, ctx);`.
 * The server runs the cleanup hook (no database connection is held), sets the connection aside
 * (no worker thread waits either) and calls again(req, res, app, ctx, last) on a worker thread when
 * http_server_wake is called or wait_ms has passed (last is then true), or at shutdown (last true).
 * again answers like a handler, or returns HTTP_PARK_AGAIN (only when last is false) to wait again
 * until the same deadline. A wake that comes after the handler (or again) started and before it
 * parked resumes the request at once, so a change seen by nobody is never slept through. */
typedef int (*http_parked_fn)(struct http_request *req, struct http_response *res, void *app,
                              void *ctx, bool last);
/* Asks for the parked request to be run again after ms even without a wake (before its
 * deadline): for a handler that knows something is coming but cannot see it yet. Called by the
 * handler or again before it returns; good for the one parking that follows. */
void http_park_recheck(struct http_request *req, long ms);
#define HTTP_PARK_AGAIN (-2)
int http_park(struct http_request *req, long wait_ms, http_parked_fn again, void *ctx);

/* Returns the HTTP status for req->error.status, after a store or validator has filled it. */
int http_fail_with_error(struct http_request *req);
