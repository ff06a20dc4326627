/* The application object shared by every handler: configuration, the database pool and the HTTP
 * server (for metrics). Created by main.c; handlers receive it as their `app` argument. */
#pragma once

#include "client_addr.h"
#include "config.h"
#include "idempotency_store.h"
#include "principal.h"
#include "request.h"

struct auth_cache;
struct guard;
struct db_actor;
struct db_conn;
struct db_pool;
struct http_server;

struct app {
    const struct config *config;
    struct db_pool *pool;
    struct auth_cache *auth_cache;
    struct guard *guard;                /* login and token-lookup throttles */
    struct client_addr_proxies proxies; /* TRUSTED_PROXIES, parsed */
    unsigned char seal_key[32];         /* seals stored idempotent answers (from PII_HASH_KEY) */
    struct http_server *server;         /* set once the server is running */
};

/* The case a response shows, as its renderer recorded it (case_view.h). api_mutate keeps it with
 * an idempotent answer, audits a response that shows parties in clear, and re-checks both on a
 * replay. */
struct api_shown {
    long case_id; /* 0: the response shows no case */
    int center_id;
    size_t party_count;
    enum idempotent_pii pii; /* masked, or why the parties are in clear */
    bool audited;            /* the handler wrote the event itself (the unmask route) */
};

/* Per-request state the api layer keeps in req->app_state (allocated in the request arena). */
struct api_request {
    struct db_conn *conn; /* acquired on first use, released when the handler returns */
    bool authenticated;
    struct principal who;
    struct api_shown shown;
};

/* The request's state, created on first call. NULL when out of memory. */
struct api_request *api_request_state(struct http_request *req);

/* The request's database connection, acquired on first use. Fills req->error on failure. */
enum status api_db(struct http_request *req, struct app *app, struct db_conn **out);

/* Hands the request's connection (if it holds one) back to the pool now; idempotent. A handler
 * that has slow work to do after its database work (hashing a password) calls it first, so that
 * no connection waits on that work; a later api_db acquires one again. */
void api_release(struct http_request *req, struct app *app);

/* Starts a transaction on conn with begin (db_tx_begin, db_report_read_begin). When begin finds
 * the connection lost (PostgreSQL restarted while it sat in the pool), nothing of the
 * transaction reached the server: the connection is reopened and begin runs once more, so only a
 * database that is really down gives STATUS_UNAVAILABLE. */
enum status api_begin(struct http_request *req, struct app *app, struct db_conn *conn,
                      enum status (*begin)(struct db_conn *conn, struct error *err));

/* Runs work in one transaction on the request's connection: BEGIN, work, COMMIT; rolls back on
 * failure and runs it again (up to three times) on a serialization failure or deadlock. work
 * fills err on failure. Returns the final status; req->error holds the reason on failure. */
enum status api_transact(struct http_request *req, struct app *app,
                         enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
                         void *ctx);

/* api_transact without a request (the command line, api/admin.c): on a connection of app->pool,
 * released before it returns; err holds the reason on failure. */
enum status api_transact_offline(struct app *app,
                                 enum status (*work)(struct db_conn *conn, void *ctx,
                                                     struct error *err),
                                 void *ctx, struct error *err);

/* Runs a state-changing request in one transaction: claims its Idempotency-Key (when sent), runs
 * work, renders the response with render (inside the transaction, so the stored replay and the
 * change commit together), stores it for replays, and commits. A retry with the same key and the
 * same body gets the first response again with Idempotent-Replayed: true; the same key with
 * another body is 422. Serialization failures and deadlocks run it all again (three tries).
 * render returns the HTTP status and fills res (only Location and ETag headers are replayed).
 * Returns the HTTP status to answer with; on failure req->error holds the reason. */
int api_mutate(struct http_request *req, struct http_response *res, struct app *app,
               enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
               int (*render)(struct http_request *req, struct http_response *res, void *ctx),
               void *ctx);

/* api_mutate for work that sends exactly one statement (no more, or its statements would be
 * transactions of their own): without an Idempotency-Key the statement runs in autocommit, a
 * transaction by itself, without the BEGIN and COMMIT round trips; with one (or with a client
 * X-Request-Id, which the transaction records first), as api_mutate. */
int api_mutate_one_statement(
    struct http_request *req, struct http_response *res, struct app *app,
    enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
    int (*render)(struct http_request *req, struct http_response *res, void *ctx), void *ctx);

/* The client's address (TRUSTED_PROXIES and X-Forwarded-For, domain/client_addr.h) into out. */
const char *api_client(struct http_request *req, const struct app *app, char *out, size_t size);

/* Writes the pii.view case event of a response that shows the parties of the case in clear: who
 * (the caller), the case, the fields, why (pii). In the caller's transaction. */
enum status api_audit_clear(struct http_request *req, struct db_conn *conn, long case_id,
                            int center_id, size_t party_count, enum idempotent_pii pii, bool replay,
                            struct error *err);

/* The caller as the author of a change, for audit events. */
void api_actor(struct http_request *req, struct db_actor *out);

/* The caller's principal (authenticated routes only). */
const struct principal *api_caller(struct http_request *req);

/* The authorize and cleanup hooks of the HTTP server (see http_hooks); api_cleanup is
 * api_release, so it may run twice. */
int api_authorize(struct http_request *req, void *app);
void api_cleanup(struct http_request *req, void *app);
