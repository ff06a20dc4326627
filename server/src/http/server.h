/* The HTTP server on libmicrohttpd: an epoll thread pool, bounded bodies and connections,
 * problem+json errors, request ids, access logs, metrics and graceful drain on shutdown. */
#pragma once

#include <stdbool.h>

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "router.h"

struct http_request;

struct http_hooks {
    /* Called before the handler of every route whose permission is not 0. Returns 0 to run the
     * handler, or an HTTP status (having filled req->error) to answer with instead. */
    int (*authorize)(struct http_request *req, void *app);
    /* Releases what the application put in req->app_state (for instance a pooled database
     * connection). Called as soon as the handler has returned, before the response (already
     * complete in memory) is queued, so that nothing is held while a slow client reads it; and
     * again when the request completes, for requests that ended otherwise. Must therefore be
     * idempotent. Nothing is acquired before the whole request body has arrived: the handler
     * and authorize run only then, except for a spooled body (spool_body), whose authorize runs
     * (and cleanup after it) before the body is read, and again at dispatch: authorize must
     * therefore be idempotent too. May be NULL. */
    void (*cleanup)(struct http_request *req, void *app);
    /* Called once the route is matched, before any body arrives: true sends this request's body
     * to an unlinked temporary file (req->body_fd) capped at max_upload_bytes instead of memory
     * (uploads). May be NULL. */
    bool (*spool_body)(const struct http_request *req, void *app);
    /* Called when the handler of a GET or HEAD answered 503: true when running it once more may
     * succeed (the application found that the database connection its read used was lost, and
     * has arranged for the next attempt to use another). The server then clears the response
     * and runs the handler again, once. May be NULL. */
    bool (*retry)(struct http_request *req, void *app);
    /* Answers a GET or HEAD whose path matches no route and lies outside /api/ (the web client's
     * files), public, without the authorize hook. May be NULL: such requests get 404. */
    http_handler_fn fallback;
    void *app; /* every hook's app argument */
};

struct http_server_config {
    const char *host;
    int port; /* 0: any free port, see http_server_port() */
    int threads;
    size_t max_body_bytes;
    int max_json_depth;
    int connection_timeout_s;
    int max_connections;
    int max_connections_per_ip;
    int background_threads;  /* threads that run deferred work (http_defer); 0 runs it inline */
    size_t max_upload_bytes; /* cap of a spooled body (hooks.spool_body); 0: no spooling */
    const struct http_route *routes; /* must outlive the server */
    size_t route_count;
    struct http_hooks hooks;
};

struct http_server;

/* Binds and starts serving. NULL with err filled when the address cannot be bound. */
struct http_server *http_server_start(const struct http_server_config *config, struct error *err);

/* The port actually bound. */
int http_server_port(const struct http_server *server);

/* Stops accepting connections, waits up to timeout_s for requests in flight to complete, then
 * stops the daemon and frees the server. Returns the number of requests still in flight when it
 * gave up (0 on a clean drain). */
int http_server_shutdown(struct http_server *server, int timeout_s);

/* Resumes every parked request (http_park), from any thread. */
void http_server_wake(struct http_server *server);
/* How many requests are parked now (a hint: it may change at once). */
long http_server_parked(struct http_server *server);

/* Appends the request metrics in Prometheus text format. */
enum status http_server_render_metrics(struct http_server *server, struct buf *out);
