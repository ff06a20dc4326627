/* /api/v1/users: staff accounts (admins). Center-bound admins manage their own center's users;
 * city-level admins manage every center's. */
#include <string.h>

#include "account.h"
#include "actor.h"
#include "app.h"
#include "auth_cache.h"
#include "community.h"
#include "field_limits.h"
#include "admin.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "resource.h"
#include "password.h"
#include "user_store.h"
#include "views.h"

#define LIST_NAME "users"

static int respond_user(struct http_request *req, struct http_response *res, int status,
                        const struct user *u)
{
    return api_respond(req, res, status, view_user(u), input_etag(req, u->id, u->version));
}

/* A role a person may hold (integration is for keys only). */
static bool person_role(const char *text, enum role *role)
{
    return role_parse(text, role) && *role != ROLE_INTEGRATION;
}

void users_new_check(const char *username, const char *display_name, const char *role_text,
                     const char *password, enum role *role, struct error *err)
{
    if (username && !account_username_valid(username))
        error_add_field(err, "username",
                        "must be 2 to 64 lower-case letters, digits, '.', '_' or '-'");
    if (display_name)
        text_field_check("display_name", display_name, FIELD_LIMIT_USER_DISPLAY_NAME, err);
    if (role_text && !person_role(role_text, role))
        error_add_field(err, "role", "must be front_desk, mediator, supervisor or admin");
    if (password)
        account_password_check(password, err);
}

API_LIST_HANDLER(users_list, LIST_NAME, false, struct user, db_user_list, view_user)
API_GET_HANDLER(users_get, false, struct user, db_user_get, respond_user)

struct user_create_ctx {
    struct http_request *req;
    const char *center, *username, *display_name;
    enum role role;
    char hash[PASSWORD_HASH_MAX];
    struct user created;
};

static enum status user_create_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                                  struct error *err)
{
    struct user_create_ctx *ctx = ctxv;
    return db_user_insert(conn, ctx->req->arena, ctx->center, ctx->username, ctx->display_name,
                          ctx->role, ctx->hash, actor, &ctx->created, err);
}

static int user_create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct user_create_ctx *ctx = ctxv;
    const struct user *u = &ctx->created;
    return api_created(req, res, "users", u->id, view_user(u), input_etag(req, u->id, u->version));
}

int users_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"username", "display_name", "role",
                                         "center",   "password",     NULL};
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    struct user_create_ctx ctx = {.req = req};
    ctx.username = input_string(body, "username", true, &req->error);
    ctx.display_name = input_string(body, "display_name", true, &req->error);
    const char *role = input_string(body, "role", true, &req->error);
    const char *center = input_string(body, "center", false, &req->error);
    const char *password = input_string(body, "password", true, &req->error);
    users_new_check(ctx.username, ctx.display_name, role, password, &ctx.role, &req->error);
    ctx.center = api_target_center(req, center);
    if (req->error.field_count)
        return 422;
    if (password_hash(password, ctx.hash) != STATUS_OK)
        return http_fail(req, STATUS_INTERNAL, "cannot hash the password");
    return api_mutate_as_caller(req, res, app, user_create_tx, user_create_render, &ctx);
}

struct user_update_ctx {
    struct http_request *req;
    long id;
    int version;
    struct user_change change;
    char hash[PASSWORD_HASH_MAX];
    struct user updated;
};

static enum status user_update_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                                  struct error *err)
{
    struct user_update_ctx *ctx = ctxv;
    enum status st = db_user_update(conn, ctx->req->arena, ctx->id, api_caller(ctx->req)->center_id,
                                    ctx->version, &ctx->change, actor, &ctx->updated, err);
    if (st == STATUS_CONFLICT)
        err->status = STATUS_PRECONDITION; /* a stale If-Match */
    return st == STATUS_CONFLICT ? STATUS_PRECONDITION : st;
}

int users_update(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"display_name", "role", "active", "password", NULL};
    struct user_update_ctx ctx = {.req = req};
    const cJSON *body = input_path_body(req, &ctx.id, fields);
    if (!body)
        return http_fail_with_error(req);
    ctx.change.display_name = input_string(body, "display_name", false, &req->error);
    ctx.change.role = input_string(body, "role", false, &req->error);
    ctx.change.active = input_bool(body, "active", &req->error);
    const char *password = input_string(body, "password", false, &req->error);
    enum role role;
    /* the same checks as a new user's, of the fields given (the username never changes) */
    users_new_check(NULL, ctx.change.display_name, ctx.change.role, password, &role, &req->error);
    if (req->error.field_count)
        return 422;
    if (input_if_match(req, ctx.id, &ctx.version) != STATUS_OK)
        return http_fail_with_error(req);
    if (password) {
        if (password_hash(password, ctx.hash) != STATUS_OK)
            return http_fail(req, STATUS_INTERNAL, "cannot hash the password");
        ctx.change.password_hash = ctx.hash;
    }
    /* an admin cannot lock themselves out: the last admin would need the command line */
    const struct principal *who = api_caller(req);
    if (who->kind == PRINCIPAL_SESSION && who->user_id == ctx.id &&
        (ctx.change.active == 0 || (ctx.change.role && strcmp(ctx.change.role, "admin") != 0)))
        return http_fail(req, STATUS_CONFLICT, "you cannot deactivate or demote yourself");
    if (api_transact_as_caller(req, app, user_update_tx, &ctx) != STATUS_OK)
        return http_fail_with_error(req);
    /* a deactivation, a new password, a new role or name (sessions carry both): on this instance
     * at once, on other instances within the cache lifetime */
    auth_cache_forget_user(((struct app *)app)->auth_cache, ctx.id);
    return respond_user(req, res, 200, &ctx.updated);
}
