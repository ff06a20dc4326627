/* libmicrohttpd glue: the request lifecycle.
 *
 *   first callback     allocate the request (arena), match the route, reject by Content-Length
 *   upload callbacks   append to the capped body buffer
 *   last callback      authorize, check media type, parse JSON, run the handler, application
 *                      cleanup (the answer is complete in memory), queue the response
 *   completed callback metrics, access log, application cleanup again (a no-op unless the
 *                      request never reached a handler), free everything
 *
 * Over 600 lines because the callbacks share one request's state and its lifecycle (with the
 * deferred work and the shutdown drain) is easier to check read top to bottom in one file.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "encode.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "problem.h"
#include "request.h"
#include "request_check.h"
#include "status_map.h"
#include "tmpfile.h"
#include "utf8.h"

#define FIRST_ARENA_BLOCK 8192
#define RESPONSE_BODY_MAX (64u << 20)
/* A chunked body past the cap is read and dropped up to this many times the cap, so that the
 * client can be told 413; past that the connection is closed. Nothing past the cap is stored. */
#define DISCARD_FACTOR 4

#define BACKGROUND_THREADS_MAX 16

struct request_state;

/* Parked requests (http_park): connections set aside until http_server_wake or their deadline.
 * One thread waits for the earliest deadline; a wake resumes every parked request. */
struct parking {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct request_state *head;
    bool stopping;
    bool started;
    long count;
    unsigned long generation; /* bumped by every http_server_wake */
    pthread_t thread;
};

/* Deferred work (http_defer): a queue of requests whose connections are suspended, and the
 * threads that run them. */
struct background {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct request_state *head, *tail;
    bool stopping;
    int thread_count;
    pthread_t threads[BACKGROUND_THREADS_MAX];
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_server_config config;
    struct http_metrics *metrics;
    struct background background;
    struct parking parking;
    long in_flight;
    int port;
};

/* Per-request state: the public request plus what only the server needs. The request must be
 * the first member: http_defer finds the state from it. */
struct request_state {
    struct http_request req;
    struct http_response res;
    struct MHD_Connection *connection;
    /* http_defer: the rest of the work, and its status once done (deferred_done) */
    http_deferred_fn deferred;
    void *deferred_ctx;
    int deferred_status;
    int deferred_done; /* atomic */
    struct request_state *next_deferred;
    /* http_park: what runs when the request is woken, until when it may wait, and the wake
     * generation seen when its handler started (a wake after that resumes it at once) */
    http_parked_fn parked;
    void *parked_ctx;
    long park_deadline_ms; /* monotonic */
    long park_recheck_ms;  /* monotonic; 0: none (http_park_recheck) */
    unsigned long generation_seen;
    struct request_state *next_parked;
    size_t spool_cap; /* a body spooled to a file (http_hooks.spool_body): its cap */
    struct timespec started;
    size_t bytes_in;
    size_t discarded;
    bool responded;
    bool too_large;
    int refused; /* 414 or 400 from http_request_check, answered before routing; 0 otherwise */
    int match_result;
    char allow[HTTP_ALLOW_MAX];
};

static double elapsed_seconds(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

static bool request_id_acceptable(const char *id)
{
    size_t len = strlen(id);
    if (len == 0 || len > HTTP_REQUEST_ID_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* The server's own id for every request (24 random hex digits): the key of the log lines and of
 * the audit events. A client's X-Request-Id is kept beside it when it has the documented form
 * (1 to 64 characters of A-Z a-z 0-9 - _ .), and ignored otherwise. */
static void assign_request_id(struct http_request *req, struct MHD_Connection *conn)
{
    const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
    if (given && request_id_acceptable(given))
        snprintf(req->client_request_id, sizeof(req->client_request_id), "%s", given);
    unsigned char raw[12];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        memcpy(raw, &t, sizeof(raw) < sizeof(t) ? sizeof(raw) : sizeof(t));
    }
    encode_hex(raw, sizeof(raw), req->request_id);
}

/* Renders the problem body unless the handler wrote one. */
static void render_problem_if_empty(struct request_state *st)
{
    if (st->res.status < 400 || st->res.body.len > 0)
        return;
    buf_clear(&st->res.body);
    if (http_problem_render(&st->res.body, st->res.status, &st->req.error, st->req.request_id) ==
        STATUS_OK)
        st->res.content_type = HTTP_PROBLEM_CONTENT_TYPE;
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct request_state *st, int status)
{
    st->res.status = status;
    render_problem_if_empty(st);
    struct MHD_Response *r;
    if (st->res.file_fd >= 0 && status < 400) {
        /* libmicrohttpd owns the descriptor from here (it closes it, even on failure) */
        r = MHD_create_response_from_fd((uint64_t)st->res.file_size, st->res.file_fd);
        st->res.file_fd = -1;
    } else if (st->res.static_body && status < 400) {
        r = MHD_create_response_from_buffer(st->res.static_len, (void *)st->res.static_body,
                                            MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_buffer(st->res.body.len,
                                            st->res.body.data ? st->res.body.data : (void *)"",
                                            MHD_RESPMEM_MUST_COPY);
    }
    if (!r)
        return MHD_NO;
    if (st->res.content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, st->res.content_type);
    MHD_add_response_header(r, "X-Request-Id", st->req.request_id);
    if (st->req.client_request_id[0])
        MHD_add_response_header(r, "X-Client-Request-Id", st->req.client_request_id);
    bool has_retry_after = false, has_cache_control = false;
    for (size_t i = 0; i < st->res.header_count; i++) {
        MHD_add_response_header(r, st->res.headers[i].name, st->res.headers[i].value);
        if (strcasecmp(st->res.headers[i].name, "Retry-After") == 0)
            has_retry_after = true;
        if (strcasecmp(st->res.headers[i].name, "Cache-Control") == 0)
            has_cache_control = true;
    }
    /* what an authenticated route answers is for its caller only (cases and their parties, names
     * of people): no cache may keep it */
    if (st->req.route && st->req.route->permission != 0 && !has_cache_control)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if ((status == 503 || status == 429) && !has_retry_after) {
        char secs[16];
        int ra = st->req.error.retry_after > 0 ? st->req.error.retry_after : 1;
        snprintf(secs, sizeof(secs), "%d", ra);
        MHD_add_response_header(r, "Retry-After", secs);
    }
    if (status == 405 && st->allow[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, st->allow);
    if (status == 401)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"mediationd\"");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned int)status, r);
    MHD_destroy_response(r);
    st->responded = true;
    return ok;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        len -= (size_t)w;
    }
    return true;
}

/* An unlinked temporary file for a spooled body. */
static enum status spool_open(struct http_request *req)
{
    int fd = tmpfile_open_unlinked();
    if (fd < 0) {
        log_msg(LOG_WARN, "cannot create a file for an upload: %s", strerror(errno));
        return STATUS_UNAVAILABLE;
    }
    req->body_fd = fd;
    req->body_file_size = 0;
    return STATUS_OK;
}

static struct request_state *request_begin(struct http_server *srv, struct MHD_Connection *conn,
                                           const char *url, const char *method)
{
    struct arena *arena = arena_new(FIRST_ARENA_BLOCK);
    if (!arena)
        return NULL;
    struct request_state *st = arena_calloc(arena, 1, sizeof(*st));
    if (!st) {
        arena_free(arena);
        return NULL;
    }
    clock_gettime(CLOCK_MONOTONIC, &st->started);
    struct http_request *req = &st->req;
    st->connection = conn;
    st->res.file_fd = -1;
    req->body_fd = -1;
    req->arena = arena;
    req->connection = conn;
    req->method = arena_strdup(arena, method);
    req->path = arena_strdup(arena, url);
    req->route_index = -1;
    error_init(&req->error);
    buf_init(&req->body, srv->config.max_body_bytes);
    buf_init(&st->res.body, RESPONSE_BODY_MAX);
    assign_request_id(req, conn);
    st->refused = http_request_check(conn, url, &req->error);
    __atomic_fetch_add(&srv->in_flight, 1, __ATOMIC_SEQ_CST);
    http_metrics_in_flight(srv->metrics, 1);
    if (st->refused)
        return st; /* no route is matched on text that is refused */

    struct http_match m;
    st->match_result =
        (int)http_router_match(srv->config.routes, srv->config.route_count, method, url, &m);
    memcpy(st->allow, m.allow, sizeof(st->allow));
    if (st->match_result == HTTP_MATCH_FOUND) {
        req->route_index = m.route;
        req->route = &srv->config.routes[m.route];
        req->param_count = m.param_count;
        for (size_t i = 0; i < m.param_count; i++) {
            req->params[i].name = arena_strndup(arena, m.params[i].name, m.params[i].name_len);
            req->params[i].value = arena_strndup(arena, m.params[i].value, m.params[i].value_len);
        }
        if (srv->config.hooks.spool_body && srv->config.max_upload_bytes > 0 &&
            srv->config.hooks.spool_body(req, srv->config.hooks.app))
            st->spool_cap = srv->config.max_upload_bytes;
    }
    return st;
}

static bool is_json_media_type(const char *ct)
{
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    static const char json[] = "application/json";
    if (strncasecmp(ct, json, sizeof(json) - 1) != 0)
        return false;
    char next = ct[sizeof(json) - 1];
    return next == '\0' || next == ';' || next == ' ';
}

static bool method_has_body(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

static int dispatch(struct http_server *srv, struct request_state *st)
{
    struct http_request *req = &st->req;
    if (st->match_result == HTTP_MATCH_NOT_FOUND && srv->config.hooks.fallback &&
        (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) &&
        strncmp(req->path, "/api/", 5) != 0)
        return srv->config.hooks.fallback(req, &st->res, srv->config.hooks.app);
    if (st->match_result == HTTP_MATCH_NOT_FOUND)
        return http_fail(req, STATUS_NOT_FOUND, "no route for %s", req->path);
    if (st->match_result == HTTP_MATCH_METHOD_NOT_ALLOWED) {
        http_fail(req, STATUS_INVALID, "%s is not allowed here; allowed: %s", req->method,
                  st->allow);
        return 405;
    }
    if (req->route->permission != 0 && srv->config.hooks.authorize) {
        int denied = srv->config.hooks.authorize(req, srv->config.hooks.app);
        if (denied)
            return denied;
    }
    if (method_has_body(req->method) && req->body.len > 0 && req->body_fd < 0) {
        const char *ct = http_request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!is_json_media_type(ct)) {
            http_fail(req, STATUS_INVALID, "the body must be application/json, not %s",
                      ct ? ct : "unlabelled");
            return 415;
        }
        if (http_json_parse(req->body.data, req->body.len, srv->config.max_json_depth, &req->json,
                            &req->error) != STATUS_OK)
            return 400;
    }
    int status = req->route->handler(req, &st->res, srv->config.hooks.app);
    bool reads_only = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    if (status == 503 && reads_only && srv->config.hooks.retry &&
        srv->config.hooks.retry(req, srv->config.hooks.app)) {
        buf_clear(&st->res.body);
        st->res.header_count = 0;
        st->res.content_type = NULL;
        error_init(&req->error);
        status = req->route->handler(req, &st->res, srv->config.hooks.app);
    }
    return status;
}

int http_defer(struct http_request *req, http_deferred_fn rest, void *ctx)
{
    struct request_state *st = (struct request_state *)req; /* req is its first member */
    st->deferred = rest;
    st->deferred_ctx = ctx;
    return 0;
}

/* Runs a request's deferred work and answers with its status (then the cleanup hook again). */
static int run_deferred(struct http_server *srv, struct request_state *st)
{
    log_bind_request(st->req.request_id);
    int status = st->deferred(&st->req, &st->res, srv->config.hooks.app, st->deferred_ctx);
    if (srv->config.hooks.cleanup)
        srv->config.hooks.cleanup(&st->req, srv->config.hooks.app);
    log_bind_request(NULL);
    return status;
}

static void *background_main(void *arg)
{
    struct http_server *srv = arg;
    struct background *bg = &srv->background;
    pthread_mutex_lock(&bg->lock);
    for (;;) {
        while (!bg->head && !bg->stopping)
            pthread_cond_wait(&bg->wake, &bg->lock);
        struct request_state *st = bg->head;
        if (!st)
            break; /* stopping, and nothing left to run */
        bg->head = st->next_deferred;
        if (!bg->head)
            bg->tail = NULL;
        pthread_mutex_unlock(&bg->lock);
        st->deferred_status = run_deferred(srv, st);
        __atomic_store_n(&st->deferred_done, 1, __ATOMIC_RELEASE);
        MHD_resume_connection(st->connection);
        pthread_mutex_lock(&bg->lock);
    }
    pthread_mutex_unlock(&bg->lock);
    return NULL;
}

/* A mutex and its condition variable, both or neither. */
static bool lock_and_cond_init(pthread_mutex_t *lock, pthread_cond_t *cond)
{
    if (pthread_mutex_init(lock, NULL) != 0)
        return false;
    if (pthread_cond_init(cond, NULL) != 0) {
        pthread_mutex_destroy(lock);
        return false;
    }
    return true;
}

/* Starts the background threads; false (with none running) when a thread cannot start. */
static bool background_start(struct http_server *srv, int threads)
{
    struct background *bg = &srv->background;
    if (!lock_and_cond_init(&bg->lock, &bg->wake))
        return false;
    if (threads > BACKGROUND_THREADS_MAX)
        threads = BACKGROUND_THREADS_MAX;
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&bg->threads[i], NULL, background_main, srv) != 0)
            break;
        bg->thread_count++;
    }
    return true;
}

/* Lets the threads run what is queued, then joins them. */
static void background_stop(struct http_server *srv)
{
    struct background *bg = &srv->background;
    pthread_mutex_lock(&bg->lock);
    bg->stopping = true;
    pthread_cond_broadcast(&bg->wake);
    pthread_mutex_unlock(&bg->lock);
    for (int i = 0; i < bg->thread_count; i++)
        pthread_join(bg->threads[i], NULL);
    pthread_cond_destroy(&bg->wake);
    pthread_mutex_destroy(&bg->lock);
}

/* Queues st's deferred work; false when no thread runs it (then the caller runs it inline). */
static bool background_submit(struct http_server *srv, struct request_state *st)
{
    struct background *bg = &srv->background;
    pthread_mutex_lock(&bg->lock);
    bool ok = bg->thread_count > 0 && !bg->stopping;
    if (ok) {
        st->next_deferred = NULL;
        if (bg->tail)
            bg->tail->next_deferred = st;
        else
            bg->head = st;
        bg->tail = st;
        pthread_cond_signal(&bg->wake);
    }
    pthread_mutex_unlock(&bg->lock);
    return ok;
}

/* ---- parking (http_park) --------------------------------------------------------------------- */

static long monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void http_park_recheck(struct http_request *req, long ms)
{
    struct request_state *st = (struct request_state *)req; /* req is its first member */
    st->park_recheck_ms = monotonic_ms() + (ms > 0 ? ms : 0);
}

int http_park(struct http_request *req, long wait_ms, http_parked_fn again, void *ctx)
{
    struct request_state *st = (struct request_state *)req; /* req is its first member */
    st->parked = again;
    st->parked_ctx = ctx;
    st->park_deadline_ms = monotonic_ms() + (wait_ms > 0 ? wait_ms : 0);
    return 0;
}

static unsigned long parking_generation(struct http_server *srv)
{
    pthread_mutex_lock(&srv->parking.lock);
    unsigned long g = srv->parking.generation;
    pthread_mutex_unlock(&srv->parking.lock);
    return g;
}

static bool parking_stopping(struct http_server *srv)
{
    pthread_mutex_lock(&srv->parking.lock);
    bool stopping = srv->parking.stopping;
    pthread_mutex_unlock(&srv->parking.lock);
    return stopping;
}

/* Resumes a list linked by next_parked (taken off the parking under its lock). The next link is
 * read before each resume: a resumed request may park again at once on another thread. */
static void resume_list(struct request_state *list)
{
    while (list) {
        struct request_state *next = list->next_parked;
        MHD_resume_connection(list->connection);
        list = next;
    }
}

/* Sets st (its connection already suspended) aside until a wake or its deadline; resumes it at
 * once when a wake came since its handler started, or when the server is stopping. */
static void park_submit(struct http_server *srv, struct request_state *st)
{
    struct parking *p = &srv->parking;
    pthread_mutex_lock(&p->lock);
    bool now = p->stopping || !p->started || p->generation != st->generation_seen;
    if (!now) {
        st->next_parked = p->head;
        p->head = st;
        p->count++;
        pthread_cond_signal(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    if (now)
        MHD_resume_connection(st->connection);
}

/* Resumes the parked requests whose deadline has passed; sleeps until the next deadline. */
static void *parking_main(void *arg)
{
    struct http_server *srv = arg;
    struct parking *p = &srv->parking;
    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        long now = monotonic_ms(), next = -1;
        struct request_state *due = NULL, **link = &p->head;
        while (*link) {
            struct request_state *st = *link;
            long at = st->park_deadline_ms;
            if (st->park_recheck_ms && st->park_recheck_ms < at)
                at = st->park_recheck_ms;
            if (at <= now) {
                *link = st->next_parked;
                st->next_parked = due;
                due = st;
                p->count--;
            } else {
                if (next < 0 || at < next)
                    next = at;
                link = &st->next_parked;
            }
        }
        if (due) {
            pthread_mutex_unlock(&p->lock);
            resume_list(due);
            pthread_mutex_lock(&p->lock);
            continue;
        }
        if (next < 0) {
            pthread_cond_wait(&p->changed, &p->lock);
        } else {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            long ms = next - now;
            until.tv_sec += ms / 1000;
            until.tv_nsec += (ms % 1000) * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&p->changed, &p->lock, &until);
        }
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static bool parking_start(struct http_server *srv)
{
    struct parking *p = &srv->parking;
    if (!lock_and_cond_init(&p->lock, &p->changed))
        return false;
    if (pthread_create(&p->thread, NULL, parking_main, srv) != 0) {
        pthread_cond_destroy(&p->changed);
        pthread_mutex_destroy(&p->lock);
        return false;
    }
    p->started = true;
    return true;
}

/* Answers every parked request (their last call) and stops the thread; later parks resume at
 * once. */
static void parking_stop(struct http_server *srv)
{
    struct parking *p = &srv->parking;
    pthread_mutex_lock(&p->lock);
    if (p->stopping) {
        pthread_mutex_unlock(&p->lock);
        return;
    }
    p->stopping = true;
    struct request_state *all = p->head;
    p->head = NULL;
    p->count = 0;
    pthread_cond_signal(&p->changed);
    pthread_mutex_unlock(&p->lock);
    resume_list(all);
    pthread_join(p->thread, NULL);
}

/* After parking_stop, once no request can run any more. */
static void parking_free(struct http_server *srv)
{
    pthread_cond_destroy(&srv->parking.changed);
    pthread_mutex_destroy(&srv->parking.lock);
}

void http_server_wake(struct http_server *srv)
{
    struct parking *p = &srv->parking;
    pthread_mutex_lock(&p->lock);
    p->generation++;
    struct request_state *all = p->head;
    p->head = NULL;
    p->count = 0;
    pthread_mutex_unlock(&p->lock);
    resume_list(all);
}

long http_server_parked(struct http_server *srv)
{
    pthread_mutex_lock(&srv->parking.lock);
    long n = srv->parking.count;
    pthread_mutex_unlock(&srv->parking.lock);
    return n;
}

/* Runs a woken request's parked function: answers, or parks it again. */
static enum MHD_Result run_parked(struct http_server *srv, struct MHD_Connection *conn,
                                  struct request_state *st)
{
    bool last = monotonic_ms() >= st->park_deadline_ms || parking_stopping(srv);
    st->generation_seen = parking_generation(srv);
    st->park_recheck_ms = 0;
    log_bind_request(st->req.request_id);
    int status = st->parked(&st->req, &st->res, srv->config.hooks.app, st->parked_ctx, last);
    if (srv->config.hooks.cleanup)
        srv->config.hooks.cleanup(&st->req, srv->config.hooks.app);
    log_bind_request(NULL);
    if (status == HTTP_PARK_AGAIN && !last) {
        MHD_suspend_connection(conn);
        park_submit(srv, st);
        return MHD_YES;
    }
    st->parked = NULL;
    if (status == HTTP_PARK_AGAIN) {
        http_fail(&st->req, STATUS_INTERNAL, "a parked request did not answer at its deadline");
        status = 500;
    }
    return queue(conn, st, status);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct http_server *srv = cls;
    struct request_state *st = *con_cls;
    if (!st) {
        st = request_begin(srv, conn, url, method);
        if (!st)
            return MHD_NO;
        *con_cls = st;
        if (st->refused)
            return queue(conn, st, st->refused);
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            size_t cap = st->spool_cap ? st->spool_cap : srv->config.max_body_bytes;
            if (errno || *end || n > cap) {
                http_fail(&st->req, STATUS_TOO_LARGE, "the body is larger than %zu bytes", cap);
                return queue(conn, st, 413);
            }
        }
        if (st->spool_cap && st->req.route->permission != 0 && srv->config.hooks.authorize) {
            /* a spooled body costs disk: it is taken only from a caller who may send it. The
             * hook runs again at dispatch (it is idempotent: cached); the cleanup hook gives back
             * what it took (a pooled connection) before the body is read. */
            log_bind_request(st->req.request_id);
            int denied = srv->config.hooks.authorize(&st->req, srv->config.hooks.app);
            if (srv->config.hooks.cleanup)
                srv->config.hooks.cleanup(&st->req, srv->config.hooks.app);
            log_bind_request(NULL);
            if (denied)
                return queue(conn, st, denied);
        }
        if (st->spool_cap && spool_open(&st->req) != STATUS_OK) {
            http_fail(&st->req, STATUS_UNAVAILABLE, "cannot store the upload now");
            return queue(conn, st, 503);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        st->bytes_in += n;
        if (st->responded)
            return MHD_YES;
        if (st->too_large) {
            st->discarded += n;
            size_t cap = st->spool_cap ? st->spool_cap : srv->config.max_body_bytes;
            return st->discarded > DISCARD_FACTOR * cap ? MHD_NO : MHD_YES;
        }
        if (st->req.body_fd >= 0) {
            if (st->req.body_file_size + n > st->spool_cap) {
                /* nothing more is kept: what was written goes with the file */
                st->too_large = true;
                close(st->req.body_fd);
                st->req.body_fd = -1;
                return MHD_YES;
            }
            if (!write_all(st->req.body_fd, upload_data, n))
                return MHD_NO;
            st->req.body_file_size += n;
            return MHD_YES;
        }
        enum status bs = buf_append(&st->req.body, upload_data, n);
        if (bs == STATUS_TOO_LARGE) {
            st->too_large = true;
            buf_cleanup(&st->req.body);
        } else if (bs != STATUS_OK) {
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (st->responded)
        return MHD_YES;
    if (st->parked)
        return run_parked(srv, conn, st);
    if (st->deferred) {
        /* called again after MHD_resume_connection: the background thread is done */
        if (!__atomic_load_n(&st->deferred_done, __ATOMIC_ACQUIRE))
            return MHD_YES;
        return queue(conn, st, st->deferred_status);
    }
    if (st->too_large) {
        size_t cap = st->spool_cap ? st->spool_cap : srv->config.max_body_bytes;
        http_fail(&st->req, STATUS_TOO_LARGE, "the body is larger than %zu bytes", cap);
        return queue(conn, st, 413);
    }
    /* every log line written while the request runs on this thread carries its id */
    log_bind_request(st->req.request_id);
    st->generation_seen = parking_generation(srv);
    int status = dispatch(srv, st);
    /* The whole answer is in st->res now: let the application release what it holds (its
     * database connection) before the answer waits on the client's socket. */
    if (srv->config.hooks.cleanup)
        srv->config.hooks.cleanup(&st->req, srv->config.hooks.app);
    log_bind_request(NULL);
    if (st->parked) {
        MHD_suspend_connection(conn);
        park_submit(srv, st);
        return MHD_YES;
    }
    if (st->deferred) {
        /* suspended before it is queued, so that the resume cannot come first */
        MHD_suspend_connection(conn);
        if (background_submit(srv, st))
            return MHD_YES;
        MHD_resume_connection(conn);
        status = run_deferred(srv, st);
    }
    return queue(conn, st, status);
}

static void log_access(struct request_state *st, double seconds, enum MHD_RequestTerminationCode tc)
{
    if (log_get_level() > LOG_INFO)
        return;
    char storage[2048];
    struct buf line = {storage, 0, sizeof(storage), sizeof(storage) - 1};
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    buf_printf(&line,
               "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"level\":\"info\","
               "\"msg\":\"request\",\"request_id\":\"%s",
               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
               now.tv_nsec / 1000000, st->req.request_id);
    if (st->req.client_request_id[0])
        buf_printf(&line, "\",\"client_request_id\":\"%s", st->req.client_request_id);
    buf_printf(&line, "\",\"method\":\"");
    buf_append_json_escaped(&line, st->req.method, strlen(st->req.method));
    buf_append_str(&line, "\",\"route\":\"");
    const char *route = st->req.route ? st->req.route->pattern : "unmatched";
    buf_append_json_escaped(&line, route, strlen(route));
    buf_append_str(&line, "\",\"path\":\"");
    size_t plen = strlen(st->req.path);
    buf_append_json_escaped(&line, st->req.path,
                            plen > 256 ? utf8_boundary(st->req.path, 256) : plen);
    buf_printf(&line, "\",\"status\":%d,\"duration_ms\":%.3f,\"bytes_in\":%zu,\"bytes_out\":%zu%s}",
               st->res.status, seconds * 1000.0, st->bytes_in, st->res.body.len,
               tc == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : ",\"aborted\":true");
    log_write_line(buf_str(&line), line.len);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode tc)
{
    (void)conn;
    struct http_server *srv = cls;
    struct request_state *st = *con_cls;
    if (!st)
        return;
    *con_cls = NULL;
    double seconds = elapsed_seconds(&st->started);
    http_metrics_record(srv->metrics, st->req.route_index, st->res.status, seconds);
    log_access(st, seconds, tc);
    if (srv->config.hooks.cleanup)
        srv->config.hooks.cleanup(&st->req, srv->config.hooks.app);
    cJSON_Delete(st->req.json);
    if (st->req.body_fd >= 0)
        close(st->req.body_fd);
    if (st->res.file_fd >= 0)
        close(st->res.file_fd);
    buf_cleanup(&st->req.body);
    buf_cleanup(&st->res.body);
    http_metrics_in_flight(srv->metrics, -1);
    struct arena *arena = st->req.arena;
    arena_free(arena);
    __atomic_fetch_sub(&srv->in_flight, 1, __ATOMIC_SEQ_CST);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    log_msg(LOG_WARN, "libmicrohttpd: %s", msg);
}

static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return http_unescape(s);
}

static enum status resolve(const char *host, int port, struct sockaddr_storage *out, socklen_t *len,
                           struct error *err)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *res = NULL;
    char service[8];
    snprintf(service, sizeof(service), "%d", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0 || !res)
        return error_set(err, STATUS_INVALID, "cannot resolve listen address %s: %s", host,
                         gai_strerror(rc));
    memcpy(out, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return STATUS_OK;
}

struct http_server *http_server_start(const struct http_server_config *config, struct error *err)
{
    struct sockaddr_storage addr;
    socklen_t addr_len;
    if (resolve(config->host, config->port, &addr, &addr_len, err) != STATUS_OK)
        return NULL;
    struct http_server *srv = calloc(1, sizeof(*srv));
    if (!srv) {
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    srv->config = *config;
    srv->metrics = http_metrics_new(config->routes, config->route_count);
    if (!srv->metrics) {
        free(srv);
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    if (!parking_start(srv)) {
        http_metrics_free(srv->metrics);
        free(srv);
        error_set(err, STATUS_NO_MEMORY, "cannot start the parking thread");
        return NULL;
    }
    if (!background_start(srv, config->background_threads)) {
        parking_stop(srv);
        parking_free(srv);
        http_metrics_free(srv->metrics);
        free(srv);
        error_set(err, STATUS_NO_MEMORY, "cannot start the background threads");
        return NULL;
    }
    unsigned int flags =
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)config->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)config->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)config->max_connections_per_ip, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)config->connection_timeout_s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!srv->daemon) {
        error_set(err, STATUS_UNAVAILABLE, "cannot listen on %s:%d", config->host, config->port);
        background_stop(srv);
        parking_stop(srv);
        parking_free(srv);
        http_metrics_free(srv->metrics);
        free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : config->port;
    return srv;
}

int http_server_port(const struct http_server *server)
{
    return server->port;
}

int http_server_shutdown(struct http_server *server, int timeout_s)
{
    MHD_socket fd = MHD_quiesce_daemon(server->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    /* long polls answer now with what they have */
    parking_stop(server);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long left;
    while ((left = __atomic_load_n(&server->in_flight, __ATOMIC_SEQ_CST)) > 0 &&
           elapsed_seconds(&start) < timeout_s) {
        struct timespec pause = {0, 10 * 1000000L};
        nanosleep(&pause, NULL);
    }
    /* runs what is still queued (resuming those connections): libmicrohttpd must not be stopped
     * with a connection suspended */
    background_stop(server);
    MHD_stop_daemon(server->daemon);
    parking_free(server);
    http_metrics_free(server->metrics);
    free(server);
    return (int)left;
}

enum status http_server_render_metrics(struct http_server *server, struct buf *out)
{
    return http_metrics_render(server->metrics, out);
}
