/* /api/v1/communities: list (any role) and create (admin). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "community.h"
#include "community_store.h"
#include "cursor.h"
#include "handlers.h"
#include "input.h"
#include "output.h"

#define LIST_NAME "communities"

static cJSON *community_json(const struct community *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "id", (double)c->id);
    cJSON_AddStringToObject(o, "center", c->center);
    cJSON_AddStringToObject(o, "code", c->code);
    cJSON_AddStringToObject(o, "name", c->name);
    cJSON_AddStringToObject(o, "street", c->street);
    cJSON_AddStringToObject(o, "created_at", c->created_at);
    return o;
}

OUTPUT_PAGE_CALLBACKS(page, struct community, community_json)

int communities_list(struct http_request *req, struct http_response *res, void *app)
{
    const struct principal *who = api_caller(req);
    long limit, after;
    int refused = input_page(req, LIST_NAME, &limit, &after);
    if (refused)
        return refused;
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct community *items = NULL;
    size_t count = 0;
    /* one row more than asked tells whether another page follows */
    if (db_community_list(conn, req->arena, who->center_id, after, (int)limit + 1, &items, &count,
                          &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return output_page(res, LIST_NAME, items, count, (size_t)limit, page_item, page_id);
}

int communities_get(struct http_request *req, struct http_response *res, void *app)
{
    long id;
    if (!input_path_id(req, "id", &id))
        return 404;
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct community c;
    if (db_community_get(conn, req->arena, id, api_caller(req)->center_id, &c, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    cJSON *o = community_json(&c);
    return output_json(res, 200, o);
}

struct create_ctx {
    struct http_request *req;
    struct api_request *ar;
    const char *center, *code, *name, *street;
    struct community created;
};

static enum status create_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct create_ctx *ctx = ctxv;
    int center_id = ctx->ar->who.center_id;
    if (center_id == 0) {
        enum status st = db_center_resolve(conn, ctx->center, &center_id, err);
        if (st != STATUS_OK)
            return st;
    }
    struct db_actor actor;
    api_actor(ctx->req, &actor);
    return db_community_insert(conn, ctx->req->arena, center_id, ctx->code, ctx->name, ctx->street,
                               &actor, &ctx->created, err);
}

static int create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct create_ctx *ctx = ctxv;
    char *location = arena_printf(req->arena, "/api/v1/communities/%ld", ctx->created.id);
    char *etag = arena_printf(req->arena, "\"%ld-1\"", ctx->created.id);
    cJSON *o = community_json(&ctx->created);
    if (!location || !etag || !o) {
        cJSON_Delete(o);
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    }
    http_response_header(res, "Location", location);
    http_response_header(res, "ETag", etag);
    return output_json(res, 201, o);
}

int communities_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"center", "code", "name", "street", NULL};
    const cJSON *body = input_object(req);
    if (!body)
        return http_fail_with_error(req);
    struct create_ctx ctx = {.req = req, .ar = api_request_state(req)};
    input_only_known(body, fields, &req->error);
    ctx.center = input_string(body, "center", false, &req->error);
    ctx.code = input_string(body, "code", true, &req->error);
    ctx.name = input_string(body, "name", true, &req->error);
    ctx.street = input_string(body, "street", true, &req->error);
    community_validate(ctx.code, ctx.name, ctx.street, &req->error);
    if (ctx.center && ctx.ar->who.center_id && strcmp(ctx.center, ctx.ar->who.center_code) != 0)
        error_add_field(&req->error, "center", "must be your own center, %s",
                        ctx.ar->who.center_code);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, create_tx, create_render, &ctx);
}
