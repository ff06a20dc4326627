/* Campaigns (专项行动): a center's named period, with cases of any source tagged with it at intake
 * or afterwards (each tag a 'campaign.tag' case event); their figures, counted as the reports
 * count (campaign_report.sql), so that "since the special action began" is one request. */
#include "campaigns.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "app.h"
#include "audit.h"
#include "campaign_store.h"
#include "case_store.h"
#include "case_view.h"
#include "community.h"
#include "community_store.h"
#include "dates.h"
#include "input.h"
#include "money.h"
#include "output.h"
#include "resource.h"
#include "views.h"

#define LIST_NAME "campaigns"

OUTPUT_ITEM_CALLBACK(tagged, struct campaign, view_campaign_tag)

static int respond(struct http_request *req, struct http_response *res, int status,
                   const struct campaign *c)
{
    return api_respond(req, res, status, view_campaign(c), NULL);
}

API_LIST_HANDLER(campaigns_list, LIST_NAME, false, struct campaign, db_campaign_list, view_campaign)
API_GET_HANDLER(campaigns_get, false, struct campaign, db_campaign_get, respond)

/* A date field: NULL when absent, a field error when not YYYY-MM-DD. */
static const char *date_field(const cJSON *body, const char *name, bool required, int64_t *days,
                              struct error *err)
{
    const char *v = input_string(body, name, required, err);
    struct date d;
    if (!v)
        return NULL;
    if (date_parse(v, &d) != STATUS_OK) {
        error_add_field(err, name, "must be a date, YYYY-MM-DD");
        return NULL;
    }
    *days = date_days_from_civil(d.year, d.month, d.day);
    return v;
}

struct create_ctx {
    struct api_create create; /* first */
    const char *name, *starts_on, *ends_on;
    struct campaign created;
};

static enum status create_insert(struct db_conn *conn, void *ctxv, int center_id,
                                 const struct db_actor *actor, struct error *err)
{
    struct create_ctx *ctx = ctxv;
    return db_campaign_insert(conn, ctx->create.req->arena, center_id, ctx->name, ctx->starts_on,
                              ctx->ends_on, actor, &ctx->created, err);
}

static int create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct create_ctx *ctx = ctxv;
    return api_created(req, res, "campaigns", ctx->created.id, view_campaign(&ctx->created), NULL);
}

int campaigns_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"center", "name", "starts_on", "ends_on", NULL};
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    struct create_ctx ctx = {.create.insert = create_insert};
    struct error *err = &req->error;
    const char *center = input_string(body, "center", false, err);
    ctx.name = input_string(body, "name", true, err);
    if (ctx.name)
        text_field_check("name", ctx.name, 100, err);
    int64_t start = 0, end = 0;
    ctx.starts_on = date_field(body, "starts_on", true, &start, err);
    ctx.ends_on = date_field(body, "ends_on", false, &end, err);
    if (ctx.starts_on && ctx.ends_on && end < start)
        error_add_field(err, "ends_on", "must not be before starts_on");
    ctx.create.center = api_center_field(req, center);
    return api_create(req, res, app, &ctx.create, create_render);
}

/* ---- a case's campaigns ------------------------------------------------------------------------
 */

static int case_campaigns_respond(struct http_request *req, struct http_response *res,
                                  struct db_conn *conn, long case_id, int status)
{
    struct campaign *items = NULL;
    size_t count = 0;
    if (db_case_campaigns(conn, req->arena, case_id, &items, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return output_items(res, status, items, count, tagged_item, false);
}

struct list_ctx {
    struct http_request *req;
    struct http_response *res;
    long id;
    int status;
};

static enum status list_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct list_ctx *ctx = ctxv;
    struct case_lock lock;
    enum status st = case_view_lock(ctx->req, conn, ctx->id, 0, &lock, err);
    if (st != STATUS_OK)
        return st;
    ctx->status = case_campaigns_respond(ctx->req, ctx->res, conn, ctx->id, 200);
    return ctx->status == 200 ? STATUS_OK : ctx->req->error.status;
}

int cases_campaigns_list(struct http_request *req, struct http_response *res, void *app)
{
    struct list_ctx ctx = {.req = req, .res = res};
    if (!input_path_id(req, "id", &ctx.id))
        return 404;
    /* the visibility check locks the case row: one short transaction */
    if (api_transact(req, app, list_tx, &ctx) != STATUS_OK)
        return http_fail_with_error(req);
    return ctx.status;
}

struct tag_ctx {
    struct http_request *req;
    struct app *app;
    long id, campaign_id;
    bool added;
};

/* The tag's event, on the locked (or just inserted) case. */
static enum status tag_event(struct http_request *req, struct db_conn *conn,
                             const struct case_lock *lock, long campaign_id, struct error *err)
{
    struct db_actor actor;
    api_actor(req, &actor);
    cJSON *after = cJSON_CreateObject();
    cJSON_AddNumberToObject(after, "campaign_id", (double)campaign_id);
    return db_case_event(conn, lock, &actor, "campaign.tag", NULL, NULL, NULL,
                         audit_json(req->arena, after), NULL, err);
}

enum status campaigns_tag_new_case(struct http_request *req, struct db_conn *conn, long case_id,
                                   int center_id, long campaign_id, struct error *err)
{
    bool added = false;
    enum status st = db_case_campaign_tag(conn, case_id, campaign_id, &added, err);
    if (st != STATUS_OK || !added)
        return st;
    struct case_lock lock = {.id = case_id, .center_id = center_id};
    return tag_event(req, conn, &lock, campaign_id, err);
}

static enum status tag_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct tag_ctx *ctx = ctxv;
    struct case_lock lock;
    enum status st = case_view_lock(ctx->req, conn, ctx->id, 0, &lock, err);
    if (st == STATUS_OK)
        st = db_case_campaign_tag(conn, ctx->id, ctx->campaign_id, &ctx->added, err);
    if (st != STATUS_OK || !ctx->added)
        return st;
    return tag_event(ctx->req, conn, &lock, ctx->campaign_id, err);
}

static int tag_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct tag_ctx *ctx = ctxv;
    struct db_conn *conn;
    if (api_db(req, ctx->app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    return case_campaigns_respond(req, res, conn, ctx->id, ctx->added ? 201 : 200);
}

int cases_campaigns_tag(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"campaign_id", NULL};
    struct tag_ctx ctx = {.req = req, .app = app};
    const cJSON *body = input_path_body(req, &ctx.id, fields);
    if (!body)
        return http_fail_with_error(req);
    ctx.campaign_id = input_id(body, "campaign_id", true, &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate(req, res, app, tag_tx, tag_render, &ctx);
}

/* ---- the campaigns report ----------------------------------------------------------------------
 */

OUTPUT_ITEM_CALLBACK(figures, struct campaign_figures, view_campaign_figures)

int reports_campaigns(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const dates[] = {"from", "to"};
    const char *d[2] = {NULL, NULL};
    int64_t days[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        d[i] = http_request_query(req, dates[i]);
        struct date parsed;
        if (d[i] && date_parse(d[i], &parsed) != STATUS_OK)
            error_add_field(&req->error, dates[i], "must be a date, YYYY-MM-DD");
        else if (d[i])
            days[i] = date_days_from_civil(parsed.year, parsed.month, parsed.day);
    }
    if (d[0] && d[1] && days[1] < days[0])
        error_add_field(&req->error, "to", "must not be before from");
    long campaign_id = input_query_long(req, "campaign_id", 1, 1L << 53, 0);
    if (req->error.field_count)
        return 422;
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct campaign_figures *items = NULL;
    size_t count = 0;
    if (db_campaign_report(conn, req->arena, api_caller(req)->center_id, campaign_id, d[0], d[1],
                           &items, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    if (campaign_id && count == 0)
        return http_fail(req, STATUS_NOT_FOUND, "no campaign %ld", campaign_id);
    return output_items(res, 200, items, count, figures_item, false);
}
