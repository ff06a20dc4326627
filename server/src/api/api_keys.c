/* /api/v1/api-keys: keys for people and for other district systems (admins). A key is shown once,
 * in the answer that creates it; only the hash of its secret is stored. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "actor.h"
#include "admin.h"
#include "api_key.h"
#include "app.h"
#include "auth_cache.h"
#include "community.h"
#include "crypto.h"
#include "dates.h"
#include "field_limits.h"
#include "handlers.h"
#include "input.h"
#include "key_store.h"
#include "output.h"
#include "resource.h"
#include "token_mint.h"
#include "views.h"

#define LIST_NAME "api-keys"

API_LIST_HANDLER(api_keys_list, LIST_NAME, false, struct api_key_info, db_key_list, view_api_key)

/* Reads "scopes": an array of scope names, into a space-separated list in the arena. */
static const char *read_scopes(struct http_request *req, const cJSON *body, unsigned *bits)
{
    *bits = 0;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "scopes");
    if (!arr || cJSON_IsNull(arr))
        return "";
    if (!cJSON_IsArray(arr)) {
        error_add_field(&req->error, "scopes", "must be an array of scope names");
        return NULL;
    }
    char list[256] = "";
    size_t used = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        enum scope s;
        if (!cJSON_IsString(item) || !scope_parse(item->valuestring, &s)) {
            error_add_field(&req->error, "scopes",
                            "must hold only cases:read, cases:write, reports:read, events:read "
                            "or webhooks:manage");
            return NULL;
        }
        if (*bits & (unsigned)s)
            continue;
        *bits |= (unsigned)s;
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", used ? " " : "",
                                 item->valuestring);
    }
    return arena_strdup(req->arena, list);
}

void api_keys_new_check(struct api_key_new *key, const char *role_text, unsigned scope_bits,
                        struct error *err)
{
    if (key->name)
        text_field_check("name", key->name, FIELD_LIMIT_API_KEY_NAME, err);
    if (role_text && !role_parse(role_text, &key->role))
        error_add_field(err, "role",
                        "must be front_desk, mediator, supervisor, admin or integration");
    else if (role_text && key->role == ROLE_INTEGRATION && key->scopes && scope_bits == 0)
        error_add_field(err, "scopes", "an integration key needs at least one scope");
    else if (role_text && key->role != ROLE_INTEGRATION && scope_bits != 0)
        error_add_field(err, "scopes", "only integration keys have scopes");
}

struct key_create_ctx {
    struct http_request *req;
    struct api_key_new key;
    struct api_key_info created;
};

static enum status key_create_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                                 struct error *err)
{
    struct key_create_ctx *ctx = ctxv;
    return db_key_insert(conn, ctx->req->arena, &ctx->key, actor, &ctx->created, err);
}

int api_keys_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"name", "role", "center", "scopes", "expires_at", NULL};
    const cJSON *body = input_object(req);
    if (!body)
        return http_fail_with_error(req);
    /* a replay would have to keep the key itself in the database: refused, so that the key is
     * only ever shown in the one answer that creates it */
    if (input_refuse_replay(req, "a key is shown once and never stored"))
        return 422;
    struct key_create_ctx ctx = {.req = req};
    input_only_known(body, fields, &req->error);
    ctx.key.name = input_string(body, "name", true, &req->error);
    const char *role = input_string(body, "role", true, &req->error);
    const char *center = input_string(body, "center", false, &req->error);
    ctx.key.expires_at = input_string(body, "expires_at", false, &req->error);
    unsigned scope_bits = 0;
    ctx.key.scopes = read_scopes(req, body, &scope_bits);
    api_keys_new_check(&ctx.key, role, scope_bits, &req->error);
    int64_t expires = 0;
    if (ctx.key.expires_at) {
        if (timestamp_parse(ctx.key.expires_at, &expires) != STATUS_OK)
            error_add_field(&req->error, "expires_at", "must be an RFC 3339 date-time");
        else if (expires <= (int64_t)time(NULL))
            error_add_field(&req->error, "expires_at", "must be in the future");
    }
    ctx.key.center_code = api_target_center(req, center);
    if (req->error.field_count)
        return 422;

    struct minted_token *minted = arena_alloc(req->arena, sizeof(*minted));
    if (!minted)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    if (token_mint(TOKEN_API_KEY, minted) != STATUS_OK)
        return http_fail(req, STATUS_INTERNAL, "no random bytes available");
    ctx.key.public_id = minted->public_id;
    ctx.key.secret_hash = minted->secret_hash;
    if (api_transact_as_caller(req, app, key_create_tx, &ctx) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *o = view_api_key(&ctx.created);
    cJSON_AddStringToObject(o, "key", minted->token);
    http_response_header(res, "Cache-Control", "no-store");
    return api_created(req, res, "api-keys", ctx.created.id, o, NULL);
}

int api_keys_revoke(struct http_request *req, struct http_response *res, void *appv)
{
    (void)res;
    struct app *app = appv;
    long id;
    struct db_conn *conn;
    int refused = api_path_connect(req, app, false, &id, &conn);
    if (refused)
        return refused;
    struct db_actor actor;
    api_actor(req, &actor);
    const char *public_id = NULL;
    if (db_key_revoke(conn, req->arena, id, api_caller(req)->center_id, &actor, &public_id,
                      &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    auth_cache_forget(app->auth_cache, TOKEN_API_KEY, public_id);
    return 204;
}
