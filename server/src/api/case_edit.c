/* PATCH /api/v1/cases/{id}: the intake fields edited (If-Match), with its audit event (and
 * risk.red when the risk is raised to red). */
#include <string.h>
#include <time.h>

#include "actor.h"
#include "app.h"
#include "audit.h"
#include "case_input.h"
#include "case_state.h"
#include "case_store.h"
#include "case_view.h"
#include "handlers.h"
#include "input.h"
#include "resource.h"

struct edit_ctx {
    struct http_request *req;
    long id;
    int version;
    struct case_edit_input in;
    const char *after;
    struct case_record record;
};

static enum status edit_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct edit_ctx *ctx = ctxv;
    struct http_request *req = ctx->req;
    struct case_lock lock;
    enum status st = case_view_lock(req, conn, ctx->id, ctx->version, &lock, err);
    if (st != STATUS_OK)
        return st;
    enum case_status from, to;
    case_status_parse(lock.status, &from);
    st = case_state_next(from, CASE_ACTION_EDIT, CASE_OUTCOME_RESOLVED, &to, err);
    if (st != STATUS_OK)
        return st;
    st = db_case_edit(conn, ctx->id, ctx->version, &ctx->in, err);
    if (st != STATUS_OK)
        return st;
    cJSON *was = cJSON_CreateObject();
    audit_add_text(was, "dispute_type", lock.dispute_type);
    audit_add_text(was, "risk_level", lock.risk_level);
    cJSON_AddNumberToObject(was, "community_id", (double)lock.community_id);
    audit_add_text(was, "source", lock.source);
    const char *before = audit_json(req->arena, was);
    struct db_actor actor;
    api_actor(req, &actor);
    st = db_case_event(conn, &lock, &actor, "edit", lock.status, lock.status, before, ctx->after,
                       NULL, err);
    if (st == STATUS_OK && ctx->in.risk_level && strcmp(ctx->in.risk_level, "red") == 0 &&
        strcmp(lock.risk_level, "red") != 0)
        st = db_case_event(conn, &lock, &actor, "risk.red", NULL, NULL, NULL,
                           "{\"risk_level\":\"red\"}", "risk raised to red", err);
    if (st == STATUS_OK)
        st = db_case_get(conn, req->arena, ctx->id, NULL, 0, &ctx->record, err);
    return st;
}

static int edit_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct edit_ctx *ctx = ctxv;
    return case_view_respond(req, res, 200, &ctx->record,
                             case_view_default(api_caller(req), ctx->record.mediator_user_id));
}

int cases_update(struct http_request *req, struct http_response *res, void *app)
{
    struct edit_ctx *ctx;
    const cJSON *body = API_CTX_PATH_BODY(req, ctx, NULL);
    if (!body)
        return http_fail_with_error(req);
    struct error *err = &req->error;
    case_input_edit(body, (int64_t)time(NULL), &ctx->in, err);
    if (err->field_count)
        return 422;
    if (input_if_match(req, ctx->id, &ctx->version) != STATUS_OK)
        return http_fail_with_error(req);
    ctx->after = audit_body(req->arena, body);
    return api_mutate(req, res, app, edit_tx, edit_render, ctx);
}
