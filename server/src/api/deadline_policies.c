/* /api/v1/deadline-policies (限期调处): a center's days to conclude a case by dispute type and risk
 * level. Everyone reads their center's policy; admins replace it as a whole (PUT). A city-level
 * caller names the center with `center` (a query parameter, or a body member of PUT) unless only
 * one center exists. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "app.h"
#include "deadline.h"
#include "deadline_policy.h"
#include "handlers.h"
#include "input.h"
#include "resource.h"
#include "policy_store.h"
#include "output.h"
#include "views.h"

/* The center a request is about: a center-bound caller's own (naming another is a field error),
 * or, for a city-level caller, the one named by code (NULL: the only one). */
static enum status target_center(struct http_request *req, struct db_conn *conn, const char *code,
                                 int *center_id, struct error *err)
{
    const struct principal *who = api_caller(req);
    if (who->center_id && code && strcmp(code, who->center_code) != 0)
        return error_add_field(err, "center", "must be your own center, %s", who->center_code);
    return api_center_id(req, conn, code, center_id, err);
}

static int respond_policy(struct http_request *req, struct http_response *res, const char *center,
                          const struct deadline_policy_row *rows, size_t count)
{
    cJSON *o = view_deadline_policy(center, rows, count);
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    return output_json(res, 200, o);
}

int deadline_policies_get(struct http_request *req, struct http_response *res, void *app)
{
    struct db_conn *conn;
    if (api_read_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    int center_id;
    if (target_center(req, conn, http_request_query(req, "center"), &center_id, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    const char *center;
    struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX];
    size_t count;
    if (db_policy_list(conn, req->arena, center_id, &center, rows, &count, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    return respond_policy(req, res, center, rows, count);
}

/* Reads one whole number member of an item; false (with a field error) when present and not one
 * in [min, max]; *out keeps its value when the member is absent. */
static void item_int(const cJSON *item, const char *name, size_t index, bool required, int min,
                     int max, int *out, struct error *err)
{
    char field[ERROR_FIELD_NAME_MAX];
    snprintf(field, sizeof(field), "items[%zu].%s", index, name);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(item, name);
    if (!m || cJSON_IsNull(m)) {
        if (required)
            error_add_field(err, field, "is required");
        return;
    }
    double v = cJSON_IsNumber(m) ? m->valuedouble : (double)min - 1;
    /* the range check comes first, so the cast is defined (and NaN fails it) */
    if (!(v >= (double)min && v <= (double)max) || v != (double)(int)v) {
        error_add_field(err, field, "must be a whole number from %d to %d", min, max);
        return;
    }
    *out = (int)v;
}

/* Decodes one element of "items" into row, with field errors named items[index].… */
static void read_item(const cJSON *item, size_t index, struct deadline_policy_row *row,
                      struct error *err)
{
    static const char *const known[] = {"dispute_type", "risk_level", "days", "max_extension_days",
                                        NULL};
    char field[ERROR_FIELD_NAME_MAX];
    memset(row, 0, sizeof(*row));
    row->max_extension_days = DEADLINE_DEFAULT_EXTENSION_CAP_DAYS;
    if (!cJSON_IsObject(item)) {
        snprintf(field, sizeof(field), "items[%zu]", index);
        error_add_field(err, field, "must be an object");
        return;
    }
    for (const cJSON *m = item->child; m; m = m->next) {
        bool is_known = false;
        for (const char *const *k = known; *k && !is_known; k++)
            is_known = strcmp(*k, m->string) == 0;
        if (!is_known) {
            snprintf(field, sizeof(field), "items[%zu].%.32s", index, m->string);
            error_add_field(err, field, "unknown field");
        }
    }
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(item, "dispute_type");
    row->any_type = !type || cJSON_IsNull(type);
    if (!row->any_type &&
        (!cJSON_IsString(type) || !dispute_type_parse(type->valuestring, &row->type))) {
        snprintf(field, sizeof(field), "items[%zu].dispute_type", index);
        error_add_field(err, field, "must be a dispute type, or null for any type");
    }
    const cJSON *risk = cJSON_GetObjectItemCaseSensitive(item, "risk_level");
    snprintf(field, sizeof(field), "items[%zu].risk_level", index);
    if (!risk || cJSON_IsNull(risk))
        error_add_field(err, field, "is required");
    else if (!cJSON_IsString(risk) || !risk_level_parse(risk->valuestring, &row->risk))
        error_add_field(err, field, "must be none, yellow, orange or red");
    item_int(item, "days", index, true, DEADLINE_POLICY_DAYS_MIN, DEADLINE_POLICY_DAYS_MAX,
             &row->days, err);
    item_int(item, "max_extension_days", index, false, 0, DEADLINE_POLICY_EXTENSION_MAX,
             &row->max_extension_days, err);
}

struct put_ctx {
    struct http_request *req;
    const char *center_code;
    struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX];
    size_t count;
    /* the stored policy, for the response */
    const char *center;
    struct deadline_policy_row stored[DEADLINE_POLICY_ROWS_MAX];
    size_t stored_count;
};

static enum status put_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                          struct error *err)
{
    struct put_ctx *ctx = ctxv;
    int center_id;
    enum status st = target_center(ctx->req, conn, ctx->center_code, &center_id, err);
    if (st != STATUS_OK)
        return st;
    st = db_policy_replace(conn, center_id, ctx->rows, ctx->count, actor, err);
    if (st != STATUS_OK)
        return st;
    return db_policy_list(conn, ctx->req->arena, center_id, &ctx->center, ctx->stored,
                          &ctx->stored_count, err);
}

static int put_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct put_ctx *ctx = ctxv;
    return respond_policy(req, res, ctx->center, ctx->stored, ctx->stored_count);
}

int deadline_policies_put(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"center", "items", NULL};
    struct put_ctx *ctx;
    const cJSON *body = API_CTX_BODY(req, ctx, fields);
    if (!body)
        return http_fail_with_error(req);
    struct error *err = &req->error;
    ctx->center_code = input_string(body, "center", false, err);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "items");
    if (!items || cJSON_IsNull(items)) {
        error_add_field(err, "items", "is required (an empty array for the defaults only)");
    } else if (!cJSON_IsArray(items)) {
        error_add_field(err, "items", "must be an array");
    } else if (cJSON_GetArraySize(items) > DEADLINE_POLICY_ROWS_MAX) {
        error_add_field(err, "items", "must have at most %d rows", DEADLINE_POLICY_ROWS_MAX);
    } else {
        const cJSON *item;
        cJSON_ArrayForEach(item, items)
        {
            read_item(item, ctx->count, &ctx->rows[ctx->count], err);
            ctx->count++;
        }
        if (!err->field_count)
            deadline_policy_check(ctx->rows, ctx->count, err);
    }
    if (err->field_count)
        return 422;
    return api_mutate_as_caller(req, res, app, put_tx, put_render, ctx);
}
