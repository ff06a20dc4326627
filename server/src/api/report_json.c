/* The summary and breakdown reports as JSON: the plan turned into the rollup query, the rows, the
 * total row and the names of the ids they show, read in one transaction. Definitions of the
 * metrics: docs/design.md, Reports and their metrics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "output.h"
#include "report.h"
#include "tx.h"

const struct report_metric_column report_metric_columns[] = {
    {"received", "收案"},
    {"accepted", "受理"},
    {"declined", "不予受理"},
    {"assigned", "已分派"},
    {"resolved", "调解成功"},
    {"failed", "调解不成"},
    {"terminated", "终止调解"},
    {"withdrawn", "撤回"},
    {"referred", "移送"},
    {"closed", "结案"},
    {"open", "期末在办"},
    {"overdue", "期末超期"},
    {"success_rate", "调解成功率"},
    {"closed_success_rate", "结案成功率"},
    {"agreement_count", "协议数"},
    {"agreement_amount_total", "协议金额(元)"},
    {"prevented_escalation", "防止民转刑"},
    {"prevented_mass_petition", "防止群体性上访"},
    {"mean_days_to_close", "平均办结天数"},
    {"median_days_to_close", "办结天数中位数"},
    {"satisfaction_count", "评价数"},
    {"satisfaction_mean", "满意度均分"},
};
const size_t report_metric_column_count =
    sizeof(report_metric_columns) / sizeof(report_metric_columns[0]);

/* The rollup query of a plan (db/report_store.h): dimensions by name, 'all' or 'none' when there
 * are none, a pair as "first,second" in dimension order (migration 0008). */
static void query_from_plan(const struct report_params *p, const struct report_selection *sel,
                            struct report_query *q)
{
    struct report_plan plan;
    report_plan(sel, &plan);
    memset(q, 0, sizeof(*q));
    q->center_id = p->center_id;
    q->from = p->from;
    q->to = p->to;
    q->bucket = report_bucket_name(plan.bucket);
    q->cube_cells_max = p->cube_cells_max;
    if (plan.slice_count == 2)
        snprintf(q->pair_name, sizeof(q->pair_name), "%s,%s", report_dim_name(plan.slice[0]),
                 report_dim_name(plan.slice[1]));
    q->value = plan.value;
    q->value2 = plan.value2;
    if (!plan.use_cube) {
        q->use_cube = false;
        q->dim = plan.slice_count == 0   ? "all"
                 : plan.slice_count == 1 ? report_dim_name(plan.slice[0])
                                         : q->pair_name;
        q->swap = plan.swap;
        return;
    }
    q->use_cube = true;
    q->dim = plan.cube_by_count > 0 ? report_dim_name(plan.cube_by[0]) : "none";
    q->dim2 = plan.cube_by_count > 1 ? report_dim_name(plan.cube_by[1]) : "none";
    q->community_id = plan.filters[REPORT_DIM_COMMUNITY];
    q->mediator_id = plan.filters[REPORT_DIM_MEDIATOR];
    q->dispute_type = plan.filters[REPORT_DIM_DISPUTE_TYPE];
    q->channel = plan.filters[REPORT_DIM_CHANNEL];
    q->source = plan.filters[REPORT_DIM_SOURCE];
    q->risk_level = plan.filters[REPORT_DIM_RISK];
    if (plan.slice_count == 2)
        q->pair = q->pair_name;
}

static double round_to(double v, double scale)
{
    return round(v * scale) / scale;
}

cJSON *report_json_metrics(const struct report_row *r)
{
    const int64_t *m = r->metrics;
    int64_t closed =
        m[RM_RESOLVED] + m[RM_FAILED] + m[RM_TERMINATED] + m[RM_WITHDRAWN] + m[RM_REFERRED];
    cJSON *o = cJSON_CreateObject();
    static const enum report_metric counts[] = {RM_RECEIVED,   RM_ACCEPTED,  RM_DECLINED,
                                                RM_ASSIGNED,   RM_RESOLVED,  RM_FAILED,
                                                RM_TERMINATED, RM_WITHDRAWN, RM_REFERRED};
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
        cJSON_AddNumberToObject(o, report_metric_columns[i].key, (double)m[counts[i]]);
    cJSON_AddNumberToObject(o, "closed", (double)closed);
    cJSON_AddNumberToObject(o, "open", (double)r->open);
    cJSON_AddNumberToObject(o, "overdue", (double)r->overdue);
    if (m[RM_ACCEPTED])
        cJSON_AddNumberToObject(o, "success_rate",
                                round_to((double)m[RM_RESOLVED] / (double)m[RM_ACCEPTED], 1e4));
    else
        cJSON_AddNullToObject(o, "success_rate");
    if (closed)
        cJSON_AddNumberToObject(o, "closed_success_rate",
                                round_to((double)m[RM_RESOLVED] / (double)closed, 1e4));
    else
        cJSON_AddNullToObject(o, "closed_success_rate");
    cJSON_AddNumberToObject(o, "agreement_count", (double)m[RM_AGREEMENTS]);
    char amount[MONEY_TEXT_MAX];
    money_format(m[RM_AGREEMENT_FEN], amount);
    cJSON_AddStringToObject(o, "agreement_amount_total", amount);
    cJSON_AddNumberToObject(o, "prevented_escalation", (double)m[RM_PREVENTED_ESCALATION]);
    cJSON_AddNumberToObject(o, "prevented_mass_petition", (double)m[RM_PREVENTED_MASS_PETITION]);
    if (m[RM_CLOSE_DAYS_N])
        cJSON_AddNumberToObject(
            o, "mean_days_to_close",
            round_to((double)m[RM_CLOSE_DAYS_SUM] / (double)m[RM_CLOSE_DAYS_N], 100));
    else
        cJSON_AddNullToObject(o, "mean_days_to_close");
    if (r->has_median)
        cJSON_AddNumberToObject(o, "median_days_to_close", r->median_days);
    else
        cJSON_AddNullToObject(o, "median_days_to_close");
    /* ratings are not in the rollups: reports.c fills them in for an unfiltered summary */
    cJSON_AddNullToObject(o, "satisfaction_count");
    cJSON_AddNullToObject(o, "satisfaction_mean");
    return o;
}

static bool row_is_empty(const struct report_row *r)
{
    for (int m = 0; m < RM_COUNT; m++)
        if (r->metrics[m])
            return false;
    return r->open == 0 && r->overdue == 0;
}

/* Names for the ids that rows show. */
struct names {
    cJSON *communities, *mediators; /* id text → name */
};

static void name_found(const char *kind, long id, const char *name, void *ctxv)
{
    struct names *n = ctxv;
    char key[24];
    snprintf(key, sizeof(key), "%ld", id);
    enum report_dim d = REPORT_DIM_MEDIATOR;
    bool known = report_dim_parse(kind, strlen(kind), &d);
    cJSON_AddStringToObject(known && d == REPORT_DIM_COMMUNITY ? n->communities : n->mediators, key,
                            name);
}

/* Adds the key (and name) of one dimension to a row object: value for a value dimension, the
 * bucket for month and week. */
static void add_dimension(cJSON *o, enum report_dim d, const char *value, const char *bucket,
                          const struct names *names)
{
    const struct report_dim_info *info = report_dim_info(d);
    if (report_dim_is_time(d)) {
        char text[16];
        snprintf(text, sizeof(text), "%.*s", d == REPORT_DIM_MONTH ? 7 : 10, bucket);
        cJSON_AddStringToObject(o, info->key, text);
        return;
    }
    if (info->name_key) {
        long id = strtol(value, NULL, 10);
        if (id == 0) {
            cJSON_AddNullToObject(o, info->key);
        } else {
            cJSON_AddNumberToObject(o, info->key, (double)id);
        }
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(
            d == REPORT_DIM_COMMUNITY ? names->communities : names->mediators, value);
        output_string_or_null(o, info->name_key, cJSON_IsString(n) ? n->valuestring : NULL);
        return;
    }
    /* a case without a channel is kept under 'none' in the rollups */
    bool no_channel = d == REPORT_DIM_CHANNEL && strcmp(value, "none") == 0;
    output_string_or_null(o, info->key, no_channel ? NULL : value);
}

/* Reads the names of the communities and mediators that the shown rows list, each id once. */
static enum status read_names(struct db_conn *conn, const struct report_params *p,
                              const struct report_row *rows, size_t count, struct names *names,
                              struct error *err)
{
    struct buf communities, mediators;
    buf_init(&communities, 1 << 20);
    buf_init(&mediators, 1 << 20);
    cJSON *listed = cJSON_CreateObject();
    for (size_t i = 0; i < count; i++) {
        if (row_is_empty(&rows[i]))
            continue;
        const char *values[REPORT_BY_MAX] = {rows[i].value, rows[i].value2};
        size_t v = 0;
        for (size_t k = 0; k < p->sel.by_count; k++) {
            enum report_dim d = p->sel.by[k];
            if (report_dim_is_time(d))
                continue;
            bool community = d == REPORT_DIM_COMMUNITY;
            struct buf *list = !report_dim_info(d)->name_key ? NULL
                               : community                   ? &communities
                                                             : &mediators;
            char key[40]; /* the dimension and the id: each listed once */
            snprintf(key, sizeof(key), "%d:%s", (int)d, values[v]);
            if (list && !cJSON_GetObjectItemCaseSensitive(listed, key)) {
                cJSON_AddTrueToObject(listed, key);
                buf_printf(list, "%s%s", list->len ? "," : "", values[v]);
            }
            v++;
        }
    }
    cJSON_Delete(listed);
    enum status st = STATUS_OK;
    if (communities.len || mediators.len)
        st = db_report_names(conn, buf_str(&communities), buf_str(&mediators), name_found, names,
                             err);
    buf_cleanup(&communities);
    buf_cleanup(&mediators);
    return st;
}

/* Reads the report and builds its JSON (summary: by_count 0), in the caller's transaction.
 * Returns the HTTP status. */
static int read_report(struct http_request *req, struct db_conn *conn,
                       const struct report_params *p, bool breakdown, cJSON **out)
{
    struct report_query q;
    struct report_row *rows = NULL, *total = NULL;
    size_t count = 0, total_count = 0;
    query_from_plan(p, &p->sel, &q);
    if (db_report_rows(conn, req->arena, &q, &rows, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    if (breakdown) {
        struct report_selection whole = p->sel;
        whole.by_count = 0;
        struct report_query tq;
        query_from_plan(p, &whole, &tq);
        if (db_report_rows(conn, req->arena, &tq, &total, &total_count, &req->error) != STATUS_OK)
            return http_fail_with_error(req);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "report", breakdown ? "breakdown" : "summary");
    cJSON_AddStringToObject(o, "from", p->from);
    cJSON_AddStringToObject(o, "to", p->to);
    output_string_or_null(o, "center", p->center);
    cJSON *filters = cJSON_AddObjectToObject(o, "filters");
    for (int d = 0; d < REPORT_VALUE_DIMS; d++) {
        const char *v = p->sel.filters[d];
        const struct report_dim_info *info = report_dim_info((enum report_dim)d);
        if (!v)
            continue;
        if (info->name_key)
            cJSON_AddNumberToObject(filters, info->filter, (double)strtoll(v, NULL, 10));
        else
            cJSON_AddStringToObject(filters, info->filter, v);
    }
    static const struct report_row zero = {0};
    if (!breakdown) {
        cJSON_AddItemToObject(o, "metrics", report_json_metrics(count ? &rows[0] : &zero));
        *out = o;
        return 200;
    }
    cJSON *by = cJSON_AddArrayToObject(o, "by");
    for (size_t i = 0; i < p->sel.by_count; i++)
        cJSON_AddItemToArray(by, cJSON_CreateString(report_dim_name(p->sel.by[i])));
    struct names names = {cJSON_CreateObject(), cJSON_CreateObject()};
    if (read_names(conn, p, rows, count, &names, &req->error) != STATUS_OK) {
        cJSON_Delete(names.communities);
        cJSON_Delete(names.mediators);
        cJSON_Delete(o);
        return http_fail_with_error(req);
    }
    cJSON *arr = cJSON_AddArrayToObject(o, "rows");
    for (size_t i = 0; i < count; i++) {
        if (row_is_empty(&rows[i]))
            continue;
        cJSON *row = cJSON_CreateObject();
        const char *values[REPORT_BY_MAX] = {rows[i].value, rows[i].value2};
        size_t v = 0;
        for (size_t k = 0; k < p->sel.by_count; k++) {
            enum report_dim d = p->sel.by[k];
            bool time = report_dim_is_time(d);
            add_dimension(row, d, time ? NULL : values[v], rows[i].bucket, &names);
            v += !time;
        }
        cJSON_AddItemToObject(row, "metrics", report_json_metrics(&rows[i]));
        cJSON_AddItemToArray(arr, row);
    }
    cJSON *t = cJSON_AddObjectToObject(o, "total");
    cJSON_AddItemToObject(t, "metrics", report_json_metrics(total_count ? &total[0] : &zero));
    cJSON_Delete(names.communities);
    cJSON_Delete(names.mediators);
    *out = o;
    return 200;
}

int report_json_build(struct http_request *req, struct app *app, const struct report_params *p,
                      bool breakdown, cJSON **out)
{
    struct db_conn *conn;
    if (api_read_db(req, app, &conn) != STATUS_OK ||
        api_begin(req, app, conn, db_report_read_begin) != STATUS_OK)
        return http_fail_with_error(req);
    int status = read_report(req, conn, p, breakdown, out);
    if (status != 200) {
        db_tx_rollback(conn);
        return status;
    }
    if (db_tx_commit(conn, &req->error) != STATUS_OK) {
        cJSON_Delete(*out);
        *out = NULL;
        return http_fail_with_error(req);
    }
    return 200;
}
