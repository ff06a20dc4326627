/* mediationd admin create-key and create-user, through the API's checks, token mint, stores and
 * transaction helper (admin.h). */
#include "admin.h"

#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "arena.h"
#include "password.h"
#include "user_store.h"

static const struct db_actor admin_actor = {0, 0, "mediationd admin", "cli"};

static void require(const char *value, const char *field, struct error *err)
{
    if (!value || !*value)
        error_add_field(err, field, "is required");
}

struct key_ctx {
    struct api_key_new key;
    struct arena *arena;
    struct api_key_info created;
};

static enum status key_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct key_ctx *ctx = ctxv;
    return db_key_insert(conn, ctx->arena, &ctx->key, &admin_actor, &ctx->created, err);
}

enum status admin_create_key(struct app *app, const struct admin_key *k,
                             struct minted_token *minted, struct error *err)
{
    struct key_ctx ctx = {.key = {.name = k->name, .center_code = k->center, .scopes = k->scopes}};
    unsigned scopes = 0;
    require(k->role, "role", err);
    require(k->name, "name", err);
    if (k->scopes && !scopes_parse_list(k->scopes, &scopes))
        error_add_field(err, "scopes",
                        "must hold only cases:read, cases:write, reports:read, events:read or "
                        "webhooks:manage");
    if (!ctx.key.scopes)
        ctx.key.scopes = "";
    api_keys_new_check(&ctx.key, k->role, scopes, err);
    if (err->field_count)
        return STATUS_INVALID;
    if (token_mint(TOKEN_API_KEY, minted) != STATUS_OK)
        return error_set(err, STATUS_INTERNAL, "no random bytes available");
    ctx.key.public_id = minted->public_id;
    ctx.key.secret_hash = minted->secret_hash;
    if (!(ctx.arena = arena_new(4096)))
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    enum status st = api_transact_offline(app, key_tx, &ctx, err);
    arena_free(ctx.arena);
    return st;
}

struct user_ctx {
    const struct admin_user *u;
    enum role role;
    char hash[PASSWORD_HASH_MAX];
    struct arena *arena;
    struct user created;
};

static enum status user_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct user_ctx *ctx = ctxv;
    return db_user_insert(conn, ctx->arena, ctx->u->center, ctx->u->username, ctx->u->display_name,
                          ctx->role, ctx->hash, &admin_actor, &ctx->created, err);
}

enum status admin_create_user(struct app *app, const struct admin_user *u, long *user_id,
                              struct error *err)
{
    struct user_ctx ctx = {.u = u};
    require(u->username, "username", err);
    require(u->display_name, "display-name", err);
    require(u->role, "role", err);
    require(u->password, "password", err);
    users_new_check(u->username, u->display_name, u->role, u->password, &ctx.role, err);
    if (err->field_count)
        return STATUS_INVALID;
    if (password_hash(u->password, ctx.hash) != STATUS_OK)
        return error_set(err, STATUS_INTERNAL, "cannot hash the password");
    if (!(ctx.arena = arena_new(4096)))
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    enum status st = api_transact_offline(app, user_tx, &ctx, err);
    *user_id = ctx.created.id;
    arena_free(ctx.arena);
    return st;
}
