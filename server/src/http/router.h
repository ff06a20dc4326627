/* The route table as data, and matching a request against it.
 *
 * A route is (method, pattern, handler, permission). Patterns are literal segments and {name}
 * placeholders, each matching one non-empty path segment. Matching is pure and allocation-free: the
 * parameters point into the path. HEAD matches the GET routes. */
#pragma once

#include <stddef.h>

struct http_request;
struct http_response;

/* A handler fills res and returns the HTTP status. For a status >= 400 with an empty body, the
 * server renders problem+json from req->error. */
typedef int (*http_handler_fn)(struct http_request *req, struct http_response *res, void *app);

struct http_route {
    const char *method;
    const char *pattern;
    http_handler_fn handler;
    int permission; /* 0: public; otherwise interpreted by the application's authorize hook */
};

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_ALLOW_MAX 64

struct http_param {
    const char *name; /* points into the pattern, not NUL-terminated at the closing brace */
    size_t name_len;
    const char *value; /* points into the path */
    size_t value_len;
};

enum http_match_result { HTTP_MATCH_FOUND, HTTP_MATCH_NOT_FOUND, HTTP_MATCH_METHOD_NOT_ALLOWED };

struct http_match {
    int route; /* index into the table, or -1 */
    size_t param_count;
    struct http_param params[HTTP_MAX_PATH_PARAMS];
    char allow[HTTP_ALLOW_MAX]; /* for 405: the methods the path accepts, e.g. "GET, HEAD, POST" */
};

enum http_match_result http_router_match(const struct http_route *routes, size_t count,
                                         const char *method, const char *path,
                                         struct http_match *out);
