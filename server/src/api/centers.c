/* /api/v1/centers: the district centers (tenants). Everyone sees their own; city-level callers
 * see and create all. */
#include <string.h>

#include "account.h"
#include "actor.h"
#include "app.h"
#include "center_store.h"
#include "community.h"
#include "field_limits.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "resource.h"
#include "views.h"

OUTPUT_ITEM_CALLBACK(center, struct center, view_center)

int centers_list(struct http_request *req, struct http_response *res, void *app)
{
    struct db_conn *conn;
    int refused = api_connect(req, app, true, &conn);
    if (refused)
        return refused;
    struct center *items;
    size_t count;
    if (db_center_list(conn, req->arena, api_caller(req)->center_id, &items, &count, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    return output_items(res, 200, items, count, center_item, true);
}

struct center_create_ctx {
    struct http_request *req;
    const char *code, *name, *time_zone;
    struct center created;
};

static enum status center_create_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                                    struct error *err)
{
    struct center_create_ctx *ctx = ctxv;
    bool known = false;
    enum status st = db_time_zone_known(conn, ctx->time_zone, &known, err);
    if (st != STATUS_OK)
        return st;
    if (!known)
        return error_add_field(err, "time_zone", "is not a time zone PostgreSQL knows");
    return db_center_insert(conn, ctx->req->arena, ctx->code, ctx->name, ctx->time_zone, actor,
                            &ctx->created, err);
}

static int center_create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct center_create_ctx *ctx = ctxv;
    return api_respond(req, res, 201, view_center(&ctx->created), NULL);
}

int centers_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"code", "name", "time_zone", NULL};
    if (api_caller(req)->center_id)
        return http_fail(req, STATUS_FORBIDDEN, "only city-level admins create centers");
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    struct center_create_ctx ctx = {.req = req};
    ctx.code = input_string(body, "code", true, &req->error);
    ctx.name = input_string(body, "name", true, &req->error);
    ctx.time_zone = input_string(body, "time_zone", false, &req->error);
    if (!ctx.time_zone)
        ctx.time_zone = "Asia/Shanghai";
    if (ctx.code && !account_center_code_valid(ctx.code))
        error_add_field(&req->error, "code",
                        "must be 2 to 8 upper-case letters or digits, starting with a letter");
    if (ctx.name)
        text_field_check("name", ctx.name, FIELD_LIMIT_CENTER_NAME, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate_as_caller(req, res, app, center_create_tx, center_create_render, &ctx);
}
