/* POST /api/v1/auth/login and /api/v1/auth/logout: login sessions for people.
 *
 * Login is throttled per (username, client address) and per client address, in memory (guard.h),
 * before any database work or hash, so that failures from one address never lock a user out from
 * another; an unknown username and a wrong password get the same answer after the
 * same work (one PBKDF2 computation either way). The computation runs between two transactions,
 * with no database connection held. */
#include <ctype.h>
#include <string.h>

#include "actor.h"
#include "api_key.h"
#include "app.h"
#include "auth_cache.h"
#include "guard.h"
#include "crypto.h"
#include "handlers.h"
#include "input.h"
#include "resource.h"
#include "password.h"
#include "token_mint.h"
#include "user_store.h"

struct login_ctx {
    struct http_request *req;
    struct app *app;
    char username[72];
    const char *password;
    char client[64];
    /* read by login_check_tx */
    bool known; /* the username exists */
    const char *hash;
    bool active;
    long user_id;
    /* out */
    bool failed;
    char token[API_KEY_LEN + 1];
    long session_id;
    const char *expires_at;
};

/* Transaction 1: the stored hash. */
static enum status login_check_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct login_ctx *ctx = ctxv;
    ctx->hash = NULL;
    enum status st = db_user_credentials(conn, ctx->req->arena, ctx->username, &ctx->user_id,
                                         &ctx->hash, &ctx->active, err);
    ctx->known = st == STATUS_OK;
    return st == STATUS_NOT_FOUND ? STATUS_OK : st;
}

/* Transaction 2, after the hash was checked with no transaction open: the account again (a
 * password changed or an account deactivated meanwhile fails this attempt), then the session. */
static enum status login_finish_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct login_ctx *ctx = ctxv;
    const struct config *cfg = ctx->app->config;
    enum status st = STATUS_OK;
    if (!ctx->failed) {
        long user_id = 0;
        const char *hash = NULL;
        bool active = false;
        st = db_user_credentials(conn, ctx->req->arena, ctx->username, &user_id, &hash, &active,
                                 err);
        if (st != STATUS_OK && st != STATUS_NOT_FOUND)
            return st;
        if (st == STATUS_NOT_FOUND || user_id != ctx->user_id || !active ||
            strcmp(hash, ctx->hash) != 0)
            ctx->failed = true;
    }
    if (ctx->failed)
        return STATUS_OK; /* already counted when it was admitted */
    struct minted_token minted;
    if (token_mint(TOKEN_SESSION, &minted) != STATUS_OK)
        return error_set(err, STATUS_INTERNAL, "no random bytes available");
    snprintf(ctx->token, sizeof(ctx->token), "%s", minted.token);
    return db_session_insert(conn, ctx->req->arena, minted.public_id, minted.secret_hash,
                             ctx->user_id, cfg->session_ttl_s, ctx->req->request_id,
                             &ctx->session_id, &ctx->expires_at, err);
}

/* The rest of a login, deferred: the hash, transaction 2, the answer. */
static int login_finish(struct http_request *req, struct http_response *res, void *appv, void *ctxv)
{
    struct login_ctx *ctx = ctxv;
    bool ok = false;
    /* hash NULL (unknown user) verifies against a dummy: same work, same answer */
    if (password_verify(ctx->password, ctx->known ? ctx->hash : NULL, &ok) != STATUS_OK)
        return http_fail(req, STATUS_INTERNAL, "stored password hash is malformed");
    ctx->failed = !ok || !ctx->active;
    /* a failure needs no transaction: it was counted when the attempt was admitted */
    if (!ctx->failed && api_transact(req, appv, login_finish_tx, ctx) != STATUS_OK)
        return http_fail_with_error(req);
    if (ctx->failed) {
        guard_login_failed(ctx->app->guard, ctx->username, ctx->client);
        return http_fail(req, STATUS_UNAUTHORIZED, "the username or password is wrong");
    }
    guard_login_succeeded(ctx->app->guard, ctx->username, ctx->client);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "token", ctx->token);
    cJSON_AddStringToObject(o, "token_type", "Bearer");
    cJSON_AddStringToObject(o, "expires_at", ctx->expires_at);
    cJSON_AddNumberToObject(o, "user_id", (double)ctx->user_id);
    int status = http_response_json(res, 200, o);
    cJSON_Delete(o);
    http_response_header(res, "Cache-Control", "no-store");
    return status;
}

int auth_login(struct http_request *req, struct http_response *res, void *appv)
{
    (void)res;
    static const char *const fields[] = {"username", "password", NULL};
    const cJSON *body = input_object(req);
    if (!body)
        return http_fail_with_error(req);
    /* a replay would have to keep the session token in the database */
    if (input_refuse_replay(req, "a session token is never stored"))
        return 422;
    struct login_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return http_fail_with_error(req);
    ctx->app = appv;
    input_only_known(body, fields, &req->error);
    const char *username = input_string(body, "username", true, &req->error);
    ctx->password = input_string(body, "password", true, &req->error);
    if (username && (strlen(username) < 2 || strlen(username) > 64))
        error_add_field(&req->error, "username", "must be 2 to 64 characters");
    if (ctx->password && strlen(ctx->password) > PASSWORD_MAX_LENGTH)
        error_add_field(&req->error, "password", "must be at most %d bytes", PASSWORD_MAX_LENGTH);
    if (req->error.field_count)
        return 422;
    /* usernames are stored in lower case */
    for (size_t i = 0; username[i]; i++)
        ctx->username[i] = (char)tolower((unsigned char)username[i]);
    api_client(req, ctx->app, ctx->client, sizeof(ctx->client));
    /* counted now, before any database work or hash: a burst of attempts cannot all pass a check
     * made before the first of them has failed */
    int wait = guard_login_admit(ctx->app->guard, ctx->username, ctx->client);
    if (wait > 0) {
        req->error.retry_after = wait;
        return http_fail(req, STATUS_RATE_LIMITED, "too many login attempts; try again in %d s",
                         wait);
    }
    if (api_transact(req, appv, login_check_tx, ctx) != STATUS_OK)
        return http_fail_with_error(req);
    /* PBKDF2 takes a good part of a second: it runs on a background thread, after the connection
     * went back to the pool, and no transaction is open while it runs */
    return http_defer(req, login_finish, ctx);
}

int auth_logout(struct http_request *req, struct http_response *res, void *appv)
{
    (void)res;
    struct app *app = appv;
    const struct principal *who = api_caller(req);
    if (who->kind != PRINCIPAL_SESSION)
        return http_fail(req, STATUS_FORBIDDEN,
                         "API keys do not log out; revoke them through /api/v1/api-keys");
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    const char *public_id = NULL;
    if (db_session_revoke(conn, req->arena, who->session_id, req->request_id, &public_id,
                          &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    auth_cache_forget(app->auth_cache, TOKEN_SESSION, public_id);
    return 204;
}
