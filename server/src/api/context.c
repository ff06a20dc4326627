/* Per-request application state: the database connection, authentication, transactions. */
#include "app.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api_key.h"
#include "crypto.h"
#include "actor.h"
#include "auth_cache.h"
#include "case_view.h"
#include "guard.h"
#include "idempotency_store.h"
#include "request_hash.h"
#include "key_store.h"
#include "user_store.h"
#include "log.h"
#include "permission.h"
#include "pool.h"
#include "status_map.h"
#include "tx.h"

#define TX_ATTEMPTS 3

struct api_request *api_request_state(struct http_request *req)
{
    if (!req->app_state)
        req->app_state = arena_calloc(req->arena, 1, sizeof(struct api_request));
    return req->app_state;
}

enum status api_db(struct http_request *req, struct app *app, struct db_conn **out)
{
    struct api_request *ar = api_request_state(req);
    if (!ar)
        return error_set(&req->error, STATUS_NO_MEMORY, "out of memory");
    if (!ar->conn) {
        enum status st = db_pool_acquire(app->pool, &ar->conn, &req->error);
        if (st != STATUS_OK)
            return st;
    }
    *out = ar->conn;
    return STATUS_OK;
}

void api_release(struct http_request *req, struct app *app)
{
    struct api_request *ar = req->app_state;
    if (ar && ar->conn) {
        db_pool_release(app->pool, ar->conn);
        ar->conn = NULL;
    }
}

/* The transaction's audit rows keep the client's request id beside the server's. */
static enum status begun(struct http_request *req, struct db_conn *conn, enum status st)
{
    if (st != STATUS_OK || !req->client_request_id[0])
        return st;
    return db_tx_client_request_id(conn, req->client_request_id, &req->error);
}

enum status api_begin(struct http_request *req, struct app *app, struct db_conn *conn,
                      enum status (*begin)(struct db_conn *conn, struct error *err))
{
    enum status st = begin(conn, &req->error);
    if (st != STATUS_UNAVAILABLE || !db_pool_conn_lost(conn))
        return begun(req, conn, st);
    /* The connection died while it sat idle (PostgreSQL restarted): the transaction had not
     * started, so nothing of it reached the server, and a fresh connection may run it. Once. */
    if (db_pool_reopen_lost(app->pool, conn, &req->error) != STATUS_OK)
        return STATUS_UNAVAILABLE;
    error_init(&req->error);
    return begun(req, conn, begin(conn, &req->error));
}

/* st, after what (a COMMIT, a statement in autocommit) failed on conn: when the connection was
 * lost on the way, whether it took effect is unknown, which the log says; never run it again. */
static enum status outcome_unknown(struct http_request *req, struct db_conn *conn, enum status st,
                                   const char *what)
{
    if (st == STATUS_UNAVAILABLE && db_pool_conn_lost(conn))
        log_msg(LOG_ERROR,
                "database connection lost during %s of request %s %s (request id %s): its "
                "outcome is unknown",
                what, req->method, req->path, req->request_id);
    return st;
}

/* COMMIT; when the connection is lost on the way, whether the transaction committed is unknown:
 * never run it again, answer 503 and say so in the log. */
static enum status commit(struct http_request *req, struct db_conn *conn)
{
    return outcome_unknown(req, conn, db_tx_commit(conn, &req->error), "COMMIT");
}

/* BEGIN, work, COMMIT on conn, again on a serialization failure or deadlock; req is NULL for
 * the command line (no client request id to record, no request to name in the log). */
static enum status transact(struct http_request *req, struct app *app, struct db_conn *conn,
                            enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
                            void *ctx, struct error *err)
{
    for (int attempt = 1;; attempt++) {
        error_init(err);
        enum status st = req ? api_begin(req, app, conn, db_tx_begin) : db_tx_begin(conn, err);
        if (st == STATUS_OK)
            st = work(conn, ctx, err);
        if (st == STATUS_OK)
            st = req ? commit(req, conn) : db_tx_commit(conn, err);
        if (st == STATUS_OK)
            return STATUS_OK;
        db_tx_rollback(conn);
        if (st != STATUS_RETRY || attempt == TX_ATTEMPTS)
            return st;
        log_msg(LOG_DEBUG, "retrying transaction after %s", err->message);
    }
}

enum status api_transact(struct http_request *req, struct app *app,
                         enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
                         void *ctx)
{
    struct db_conn *conn = NULL;
    enum status st = api_db(req, app, &conn);
    if (st != STATUS_OK)
        return st;
    return transact(req, app, conn, work, ctx, &req->error);
}

enum status api_transact_offline(struct app *app,
                                 enum status (*work)(struct db_conn *conn, void *ctx,
                                                     struct error *err),
                                 void *ctx, struct error *err)
{
    struct db_conn *conn = NULL;
    enum status st = db_pool_acquire(app->pool, &conn, err);
    if (st == STATUS_OK)
        st = transact(NULL, app, conn, work, ctx, err);
    db_pool_release(app->pool, conn);
    return st;
}

/* The caller's identity for idempotency keys: each key or user has its own key space. */
static const char *caller_id(struct http_request *req)
{
    const struct principal *who = api_caller(req);
    if (!who)
        return "anonymous";
    return who->kind == PRINCIPAL_SESSION ? arena_printf(req->arena, "user:%ld", who->user_id)
                                          : arena_printf(req->arena, "key:%ld", who->key_id);
}

static void hash_query(const char *name, const char *value, void *ctx)
{
    request_text_part(ctx, name, strlen(name));
    request_text_part(ctx, value, strlen(value));
}

/* SHA-256 of what identifies the request for a retry: method, path, every query argument and the
 * body, each a length-prefixed part (request_hash.h). Nothing is cut: when the text cannot be
 * built whole, the request fails rather than being identified by less. */
static enum status request_hash(struct http_request *req, unsigned char out[CRYPTO_SHA256_LEN])
{
    struct request_text t;
    request_text_init(&t);
    request_text_part(&t, req->method, strlen(req->method));
    request_text_part(&t, req->path, strlen(req->path));
    http_request_query_each(req, hash_query, &t);
    request_text_part(&t, req->body.data ? req->body.data : "", req->body.len);
    enum status st = request_text_hash(&t, out);
    request_text_cleanup(&t);
    return st;
}

static const char *response_header(const struct http_response *res, const char *name)
{
    for (size_t i = 0; i < res->header_count; i++)
        if (strcasecmp(res->headers[i].name, name) == 0)
            return res->headers[i].value;
    return NULL;
}

/* The associated data of a sealed answer: its row, so that it opens in no other. */
static const char *seal_aad(struct http_request *req, const char *caller, const char *key)
{
    return arena_printf(req->arena, "%s\n%s", caller, key);
}

/* Seals the response body for the idempotency row (none when empty): the database never holds
 * an answer about people in clear. */
static enum status seal_body(struct http_request *req, struct app *app,
                             const struct http_response *res, const char *caller, const char *key,
                             const unsigned char **out, size_t *out_len)
{
    const struct buf *body = &res->body;
    *out = NULL;
    *out_len = 0;
    if (body->len == 0)
        return STATUS_OK;
    const char *aad = seal_aad(req, caller, key);
    unsigned char *sealed = arena_alloc(req->arena, body->len + CRYPTO_SEAL_OVERHEAD);
    if (!aad || !sealed)
        return error_set(&req->error, STATUS_NO_MEMORY, "out of memory");
    enum status st = crypto_seal(app->seal_key, aad, strlen(aad), body->data, body->len, sealed);
    if (st != STATUS_OK)
        return error_set(&req->error, st, "cannot seal the answer for replays");
    *out = sealed;
    *out_len = body->len + CRYPTO_SEAL_OVERHEAD;
    return STATUS_OK;
}

/* Opens the stored answer of a replay into *out (arena, NUL-terminated; "" when none). */
static enum status open_body(struct http_request *req, struct app *app, const char *caller,
                             const char *key, const struct idempotent_response *first,
                             const char **out)
{
    *out = "";
    if (!first->sealed)
        return STATUS_OK;
    const char *aad = seal_aad(req, caller, key);
    size_t len =
        first->sealed_len >= CRYPTO_SEAL_OVERHEAD ? first->sealed_len - CRYPTO_SEAL_OVERHEAD : 0;
    char *plain = arena_alloc(req->arena, len + 1);
    if (!aad || !plain)
        return error_set(&req->error, STATUS_NO_MEMORY, "out of memory");
    if (crypto_open(app->seal_key, aad, strlen(aad), first->sealed, first->sealed_len,
                    (unsigned char *)plain) != STATUS_OK)
        return error_set(&req->error, STATUS_INTERNAL,
                         "the stored answer to this Idempotency-Key does not open (was "
                         "PII_HASH_KEY changed?)");
    plain[len] = '\0';
    *out = plain;
    return STATUS_OK;
}

static void reset_response(struct http_response *res)
{
    buf_clear(&res->body);
    res->header_count = 0;
    res->content_type = NULL;
}

/* Runs work as a transaction of its own: the one statement it sends commits by itself (autocommit),
 * which saves the BEGIN and COMMIT round trips. When the connection is lost on the way, whether it
 * committed is unknown, as for a lost COMMIT: answer 503, never run it again, say so in the log. */
static enum status autocommit(struct http_request *req, struct db_conn *conn,
                              enum status (*work)(struct db_conn *, void *, struct error *),
                              void *ctx)
{
    return outcome_unknown(req, conn, work(conn, ctx, &req->error), "the statement");
}

/* One attempt: returns STATUS_OK with *status set, or the failure. one_statement: work sends
 * exactly one statement, so that without an idempotency key it needs no BEGIN and COMMIT. */
static enum status mutate_once(struct http_request *req, struct http_response *res, struct app *app,
                               struct db_conn *conn, const char *key, bool one_statement,
                               enum status (*work)(struct db_conn *, void *, struct error *),
                               int (*render)(struct http_request *, struct http_response *, void *),
                               void *ctx, int *status)
{
    struct error *err = &req->error;
    /* a client request id is set for the transaction's audit rows first (begun): that needs a
     * transaction around the statement */
    if (one_statement && !key && !req->client_request_id[0]) {
        enum status st = autocommit(req, conn, work, ctx);
        if (st != STATUS_OK)
            return st;
        reset_response(res);
        *status = render(req, res, ctx);
        return *status >= 400 ? (req->error.status ? req->error.status : STATUS_INTERNAL)
                              : STATUS_OK;
    }
    const char *caller = NULL;
    unsigned char hash[CRYPTO_SHA256_LEN];
    enum status st = api_begin(req, app, conn, db_tx_begin);
    if (st != STATUS_OK)
        return st;
    if (key) {
        caller = caller_id(req);
        st = request_hash(req, hash);
        if (st != STATUS_OK)
            return error_set(err, st, "cannot compute the request's hash");
        bool claimed = false;
        st = db_idempotency_claim(conn, caller, key, hash, &claimed, err);
        if (st != STATUS_OK)
            return st;
        if (!claimed) {
            struct idempotent_response first;
            st = db_idempotency_get(conn, req->arena, caller, key, hash, &first, err);
            if (st != STATUS_OK)
                return st;
            if (!first.same_request)
                return error_add_field(err, "Idempotency-Key",
                                       "was used for a different request in the last 24 hours");
            /* the caller may have lost the case since (reassigned, moved): check again */
            if (first.case_id && (st = case_view_replay_check(req, conn, first.case_id, first.pii,
                                                              err)) != STATUS_OK)
                return st;
            const char *body = NULL;
            if ((st = open_body(req, app, caller, key, &first, &body)) != STATUS_OK)
                return st;
            reset_response(res);
            buf_append_str(&res->body, body);
            res->content_type = *body ? "application/json" : NULL;
            if (first.location)
                http_response_header(res, "Location", first.location);
            if (first.etag)
                http_response_header(res, "ETag", first.etag);
            http_response_header(res, "Idempotent-Replayed", "true");
            http_response_header(res, "Cache-Control", "no-store");
            *status = first.status;
            return commit(req, conn);
        }
    }
    st = work(conn, ctx, err);
    if (st != STATUS_OK)
        return st;
    reset_response(res);
    struct api_shown *shown = &api_request_state(req)->shown;
    memset(shown, 0, sizeof(*shown));
    *status = render(req, res, ctx);
    if (*status >= 400)
        return req->error.status ? req->error.status : STATUS_INTERNAL;
    /* an answer with the parties in clear is audited in this transaction */
    if (shown->case_id && shown->pii != IDEMPOTENT_PII_MASKED && !shown->audited &&
        (st = case_view_audit_clear(req, conn, shown->case_id, shown->center_id, shown->party_count,
                                    shown->pii, false, err)) != STATUS_OK)
        return st;
    if (key) {
        const unsigned char *sealed = NULL;
        size_t sealed_len = 0;
        if ((st = seal_body(req, app, res, caller, key, &sealed, &sealed_len)) != STATUS_OK)
            return st;
        st = db_idempotency_store(conn, caller, key, *status, response_header(res, "Location"),
                                  response_header(res, "ETag"), sealed, sealed_len, shown->case_id,
                                  shown->pii, err);
        if (st != STATUS_OK)
            return st;
    }
    return commit(req, conn);
}

static int mutate(struct http_request *req, struct http_response *res, struct app *app,
                  bool one_statement,
                  enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
                  int (*render)(struct http_request *req, struct http_response *res, void *ctx),
                  void *ctx)
{
    const char *key = http_request_header(req, "Idempotency-Key");
    if (key && (strlen(key) == 0 || strlen(key) > 255)) {
        error_add_field(&req->error, "Idempotency-Key", "must be 1 to 255 characters");
        return 422;
    }
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    for (int attempt = 1;; attempt++) {
        error_init(&req->error);
        int status = 500;
        enum status st =
            mutate_once(req, res, app, conn, key, one_statement, work, render, ctx, &status);
        if (st == STATUS_OK)
            return status;
        db_tx_rollback(conn);
        reset_response(res);
        if (st != STATUS_RETRY || attempt == TX_ATTEMPTS)
            return http_fail_with_error(req);
        log_msg(LOG_DEBUG, "retrying transaction after %s", req->error.message);
    }
}

int api_mutate(struct http_request *req, struct http_response *res, struct app *app,
               enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
               int (*render)(struct http_request *req, struct http_response *res, void *ctx),
               void *ctx)
{
    return mutate(req, res, app, false, work, render, ctx);
}

int api_mutate_one_statement(
    struct http_request *req, struct http_response *res, struct app *app,
    enum status (*work)(struct db_conn *conn, void *ctx, struct error *err),
    int (*render)(struct http_request *req, struct http_response *res, void *ctx), void *ctx)
{
    return mutate(req, res, app, true, work, render, ctx);
}

/* Extracts the token of "Authorization: Bearer <token>". */
static const char *bearer_token(const struct http_request *req)
{
    const char *h = http_request_header(req, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return *h ? h : NULL;
}

/* Reads a token's row from the database into entry (cache miss). */
static enum status lookup(struct http_request *req, struct app *app, enum token_kind kind,
                          const char *public_id, struct auth_cache_entry *entry)
{
    struct db_conn *conn;
    enum status st = api_db(req, app, &conn);
    if (st != STATUS_OK)
        return st;
    /* read before the database: a revocation committed after our read bumps it */
    uint64_t generation = auth_cache_generation(app->auth_cache);
    memset(entry, 0, sizeof(*entry));
    entry->kind = kind;
    memcpy(entry->public_id, public_id, sizeof(entry->public_id));
    for (int attempt = 1;; attempt++) {
        if (kind == TOKEN_API_KEY)
            st = db_key_lookup(conn, public_id, &entry->who, entry->secret_hash, &entry->usable,
                               &req->error);
        else
            st = db_session_lookup(conn, public_id, &entry->who, entry->secret_hash, &entry->usable,
                                   &entry->expires_unix, &req->error);
        /* a read on an idle connection: when it found the connection dead (PostgreSQL
         * restarted), ask again once on a fresh one */
        if (st != STATUS_UNAVAILABLE || attempt == 2 || !db_pool_conn_lost(conn) ||
            db_pool_reopen_lost(app->pool, conn, &req->error) != STATUS_OK)
            break;
        error_init(&req->error);
    }
    if (st == STATUS_NOT_FOUND) {
        /* cache the miss too (the same made-up id again costs nothing), and count it against the
         * client: a flood of new made-up ids waits instead of reaching the database */
        char client[CLIENT_ADDR_TEXT_MAX];
        guard_token_unknown(app->guard, api_client(req, app, client, sizeof(client)));
        entry->usable = false;
        st = STATUS_OK;
    }
    if (st == STATUS_OK)
        auth_cache_put(app->auth_cache, entry, generation);
    return st;
}

int api_authorize(struct http_request *req, void *appv)
{
    struct app *app = appv;
    struct api_request *ar = api_request_state(req);
    if (!ar)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    const char *token = bearer_token(req);
    if (!token)
        return http_fail(req, STATUS_UNAUTHORIZED, "a bearer token is required");
    enum token_kind kind;
    char public_id[API_KEY_ID_HEX_LEN + 1];
    const char *secret;
    size_t secret_len;
    /* A malformed token or a bad checksum is refused before any database work. */
    if (!token_parse(token, strlen(token), &kind, public_id, &secret, &secret_len))
        return http_fail(req, STATUS_UNAUTHORIZED, "the bearer token is not valid");
    struct auth_cache_entry entry;
    if (!auth_cache_get(app->auth_cache, kind, public_id, &entry)) {
        char client[CLIENT_ADDR_TEXT_MAX];
        int wait = guard_token_wait(app->guard, api_client(req, app, client, sizeof(client)));
        if (wait > 0) {
            req->error.retry_after = wait;
            return http_fail(req, STATUS_RATE_LIMITED,
                             "too many unknown tokens from this address; try again in %d s", wait);
        }
        if (lookup(req, app, kind, public_id, &entry) != STATUS_OK)
            return http_fail_with_error(req);
    }
    unsigned char presented[CRYPTO_SHA256_LEN];
    crypto_sha256(secret, secret_len, presented);
    bool matches = crypto_equal(entry.secret_hash, presented, sizeof(presented));
    bool expired = entry.expires_unix != 0 && entry.expires_unix <= (int64_t)time(NULL);
    if (!matches || !entry.usable || expired)
        return http_fail(req, STATUS_UNAUTHORIZED, "the bearer token is not valid");
    ar->who = entry.who;
    ar->authenticated = true;
    if (!permission_allows((enum permission)req->route->permission, &ar->who))
        return http_fail(req, STATUS_FORBIDDEN, "the %s role may not do this",
                         role_name(ar->who.role));
    return 0;
}

const char *api_client(struct http_request *req, const struct app *app, char *out, size_t size)
{
    char peer[CLIENT_ADDR_TEXT_MAX];
    http_request_client(req, peer, sizeof(peer));
    client_addr_resolve(&app->proxies, peer, http_request_header(req, "X-Forwarded-For"), out,
                        size);
    return out;
}

const struct principal *api_caller(struct http_request *req)
{
    struct api_request *ar = api_request_state(req);
    return ar && ar->authenticated ? &ar->who : NULL;
}

void api_actor(struct http_request *req, struct db_actor *out)
{
    const struct principal *who = api_caller(req);
    out->key_id = who && who->kind == PRINCIPAL_API_KEY ? who->key_id : 0;
    out->user_id = who && who->kind == PRINCIPAL_SESSION ? who->user_id : 0;
    out->name = who ? who->name : "anonymous";
    out->request_id = req->request_id;
}

void api_cleanup(struct http_request *req, void *appv)
{
    api_release(req, appv);
}
