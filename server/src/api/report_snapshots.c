/* Report snapshots: a summary or breakdown frozen with its parameters when it is taken, read back
 * exactly as frozen (JSON, or CSV rendered from that JSON), and listed newest first. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "csv.h"
#include "cursor.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "resource.h"
#include "report.h"
#include "utf8.h"

struct snapshot_ctx {
    struct http_request *req;
    struct app *app;
    const char *report;
    char *params_text;
    char *result_text;
    int center_id;
    const char *number, *created_at;
};

static enum status snapshot_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                               struct error *err)
{
    struct snapshot_ctx *ctx = ctxv;
    return db_snapshot_insert(conn, ctx->req->arena, ctx->center_id, ctx->report, ctx->params_text,
                              ctx->result_text, actor, &ctx->number, &ctx->created_at, err);
}

static int snapshot_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct snapshot_ctx *ctx = ctxv;
    struct buf *b = &res->body;
    buf_printf(b, "{\"number\":\"%s\",\"report\":\"%s\",\"created_at\":\"%s\",\"created_by\":\"",
               ctx->number, ctx->report, ctx->created_at);
    struct db_actor actor;
    api_actor(req, &actor);
    buf_append_json_escaped(b, actor.name, strlen(actor.name));
    buf_printf(b, "\",\"params\":%s,\"result\":%s}", ctx->params_text, ctx->result_text);
    res->content_type = "application/json";
    http_response_header(res, "Location",
                         arena_printf(req->arena, "/api/v1/reports/snapshots/%s", ctx->number));
    return 201;
}

int reports_snapshot_create(struct http_request *req, struct http_response *res, void *appv)
{
    static const char *const fields[] = {"report", "params", NULL};
    struct app *app = appv;
    const cJSON *body = input_body(req, fields);
    if (!body)
        return http_fail_with_error(req);
    const char *report = input_string(body, "report", true, &req->error);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(body, "params");
    bool breakdown = report && strcmp(report, "breakdown") == 0;
    if (report && !breakdown && strcmp(report, "summary") != 0)
        error_add_field(&req->error, "report", "must be summary or breakdown");
    if (!cJSON_IsObject(params))
        error_add_field(&req->error, "params", "must be an object of the report's parameters");
    if (req->error.field_count)
        return 422;
    struct report_params p;
    struct report_param_source src;
    report_params_from_object(req, params, &src);
    if (!req->error.field_count)
        report_params_parse(app, &src, breakdown, &p);
    else
        memset(&p, 0, sizeof(p));
    if (p.csv)
        error_add_field(&req->error, "format", "a snapshot keeps JSON; ask for CSV when reading");
    if (!req->error.field_count && report_params_resolve_center(req, app, &p) != STATUS_OK &&
        !req->error.field_count)
        return http_fail_with_error(req);
    if (req->error.field_count) {
        /* name the parameters as they sit in the body */
        for (size_t i = 0; i < req->error.field_count; i++) {
            char field[ERROR_FIELD_NAME_MAX];
            const char *name = req->error.fields[i].field;
            size_t len = strlen(name);
            int keep = (int)utf8_boundary(name, len > 50 ? 50 : len); /* never inside a character */
            snprintf(field, sizeof(field), "params.%.*s", keep, name);
            memcpy(req->error.fields[i].field, field, sizeof(field));
        }
        return 422;
    }
    cJSON *result = NULL;
    int status = report_json_build(req, app, &p, breakdown, &result);
    if (status == 200 && !breakdown)
        status = report_satisfaction_add(req, app, &p, result);
    if (status != 200) {
        cJSON_Delete(result);
        return status;
    }
    struct snapshot_ctx *ctx = arena_calloc(req->arena, 1, sizeof(*ctx));
    char *params_text = cJSON_PrintUnformatted(params);
    char *result_text = cJSON_PrintUnformatted(result);
    cJSON_Delete(result);
    if (!ctx || !params_text || !result_text) {
        cJSON_free(params_text);
        cJSON_free(result_text);
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    }
    ctx->req = req;
    ctx->app = app;
    ctx->report = report;
    ctx->params_text = arena_strdup(req->arena, params_text);
    ctx->result_text = arena_strdup(req->arena, result_text);
    ctx->center_id = p.center_id;
    cJSON_free(params_text);
    cJSON_free(result_text);
    if (!ctx->params_text || !ctx->result_text)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    return api_mutate_as_caller(req, res, app, snapshot_tx, snapshot_render, ctx);
}

int reports_snapshot_get(struct http_request *req, struct http_response *res, void *app)
{
    const char *number = http_request_param(req, "number");
    struct db_conn *conn;
    if (api_read_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct snapshot s;
    if (db_snapshot_get(conn, req->arena, number, api_caller(req)->center_id, &s, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    const char *format = http_request_query(req, "format");
    if (report_params_wants_csv(req, format)) {
        cJSON *result = cJSON_Parse(s.result);
        if (!result)
            return http_fail(req, STATUS_INTERNAL, "snapshot %s does not parse", s.number);
        report_csv(&res->body, result);
        cJSON_Delete(result);
        res->content_type = CSV_CONTENT_TYPE;
        return 200;
    }
    struct buf *b = &res->body;
    buf_printf(b, "{\"number\":\"%s\",\"report\":\"%s\",\"created_at\":\"%s\",\"created_by\":\"",
               s.number, s.report, s.created_at);
    buf_append_json_escaped(b, s.created_by, strlen(s.created_by));
    /* params and result are returned exactly as frozen */
    buf_printf(b, "\",\"params\":%s,\"result\":%s}", s.params, s.result);
    res->content_type = "application/json";
    return 200;
}

/* The snapshot list's page callbacks (output_page). */
static cJSON *snapshot_item(const void *rows, size_t i)
{
    const struct snapshot *items = rows;
    cJSON *it = cJSON_CreateObject();
    cJSON_AddStringToObject(it, "number", items[i].number);
    cJSON_AddStringToObject(it, "report", items[i].report);
    cJSON *params = cJSON_Parse(items[i].params);
    cJSON_AddItemToObject(it, "params", params ? params : cJSON_CreateObject());
    cJSON_AddStringToObject(it, "created_by", items[i].created_by);
    cJSON_AddStringToObject(it, "created_at", items[i].created_at);
    return it;
}

static long snapshot_id(const void *rows, size_t i)
{
    return ((const struct snapshot *)rows)[i].id;
}

API_LIST_FETCH(snapshot_fetch, struct snapshot, db_snapshot_list)

/* newest first: the first page starts below every id */
int reports_snapshot_list(struct http_request *req, struct http_response *res, void *app)
{
    static const struct api_list list = {.name = "snapshots",
                                         .replica = true,
                                         .first = LONG_MAX,
                                         .fetch = snapshot_fetch,
                                         .item = snapshot_item,
                                         .id = snapshot_id};
    return api_list_page(req, res, app, &list, NULL);
}
