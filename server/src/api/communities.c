/* /api/v1/communities: list (any role) and create (admin). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "community.h"
#include "community_store.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "resource.h"

#define LIST_NAME "communities"

static const struct output_field community_fields[] = {
    OUTPUT_FIELD(struct community, id, LONG),
    OUTPUT_FIELD(struct community, center, STRING),
    OUTPUT_FIELD(struct community, code, STRING),
    OUTPUT_FIELD(struct community, name, STRING),
    OUTPUT_FIELD(struct community, street, STRING),
    OUTPUT_FIELD(struct community, created_at, STRING)};

static cJSON *community_json(const struct community *c)
{
    return OUTPUT_OBJECT(c, community_fields);
}

static int respond(struct http_request *req, struct http_response *res, int status,
                   const struct community *c)
{
    return api_respond(req, res, status, community_json(c), NULL);
}

API_LIST_HANDLER(communities_list, LIST_NAME, true, struct community, db_community_list,
                 community_json)
API_GET_HANDLER(communities_get, true, struct community, db_community_get, respond)

struct create_ctx {
    struct http_request *req;
    const char *center, *code, *name, *street;
    struct community created;
};

static enum status create_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct create_ctx *ctx = ctxv;
    int center_id;
    struct db_actor actor;
    enum status st = api_author(ctx->req, conn, ctx->center, &center_id, &actor, err);
    if (st != STATUS_OK)
        return st;
    return db_community_insert(conn, ctx->req->arena, center_id, ctx->code, ctx->name, ctx->street,
                               &actor, &ctx->created, err);
}

static int create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct create_ctx *ctx = ctxv;
    return api_created(req, res, "communities", ctx->created.id, community_json(&ctx->created),
                       arena_printf(req->arena, "\"%ld-1\"", ctx->created.id));
}

int communities_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"center", "code", "name", "street", NULL};
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    struct create_ctx ctx = {.req = req};
    ctx.center = input_string(body, "center", false, &req->error);
    ctx.code = input_string(body, "code", true, &req->error);
    ctx.name = input_string(body, "name", true, &req->error);
    ctx.street = input_string(body, "street", true, &req->error);
    community_validate(ctx.code, ctx.name, ctx.street, &req->error);
    ctx.center = api_center_field(req, ctx.center);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, create_tx, create_render, &ctx);
}
