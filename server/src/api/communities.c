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
#include "views.h"

#define LIST_NAME "communities"

static int respond(struct http_request *req, struct http_response *res, int status,
                   const struct community *c)
{
    return api_respond(req, res, status, view_community(c), NULL);
}

API_LIST_HANDLER(communities_list, LIST_NAME, true, struct community, db_community_list,
                 view_community)
API_GET_HANDLER(communities_get, true, struct community, db_community_get, respond)

struct create_ctx {
    struct api_create create; /* first */
    const char *code, *name, *street;
    struct community created;
};

static enum status create_insert(struct db_conn *conn, void *ctxv, int center_id,
                                 const struct db_actor *actor, struct error *err)
{
    struct create_ctx *ctx = ctxv;
    return db_community_insert(conn, ctx->create.req->arena, center_id, ctx->code, ctx->name,
                               ctx->street, actor, &ctx->created, err);
}

static int create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct create_ctx *ctx = ctxv;
    return api_created(req, res, "communities", ctx->created.id, view_community(&ctx->created),
                       arena_printf(req->arena, "\"%ld-1\"", ctx->created.id));
}

int communities_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"center", "code", "name", "street", NULL};
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    struct create_ctx ctx = {.create.insert = create_insert};
    const char *center = input_string(body, "center", false, &req->error);
    ctx.code = input_string(body, "code", true, &req->error);
    ctx.name = input_string(body, "name", true, &req->error);
    ctx.street = input_string(body, "street", true, &req->error);
    community_validate(ctx.code, ctx.name, ctx.street, &req->error);
    ctx.create.center = api_center_field(req, center);
    return api_create(req, res, app, &ctx.create, create_render);
}
