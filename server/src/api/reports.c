/* /api/v1/reports: summary, breakdowns, overdue cases, mediators, and frozen snapshots; JSON or
 * CSV. Definitions (docs/design.md, Reports and their metrics):
 *   - every count is taken on the date its event happened, in the center's time zone: received on
 *     the received date, accepted on the acceptance date, declined on the decline date, assigned
 *     on the first assignment date, outcomes on the close date;
 *   - open and overdue are counted at the end of the period (of each bucket for month and week);
 *   - success_rate = resolved / accepted (调解成功率, null when nothing was accepted);
 *     closed_success_rate = resolved / closed;
 *   - days to close run from the acceptance date to the close date.
 * Figures come from the rollups, so their cost follows days and dimensions, not cases. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "app.h"
#include "case_types.h"
#include "community_store.h"
#include "csv.h"
#include "cursor.h"
#include "utf8.h"
#include "dates.h"
#include "handlers.h"
#include "input.h"
#include "money.h"
#include "output.h"
#include "report_store.h"
#include "tx.h"

#define MAX_BY 2

/* A dimension of the rollups: its query-string name, its key in JSON rows and its header. */
struct dimension {
    const char *name;   /* by=…, slices dim */
    const char *filter; /* the filter parameter, NULL for time */
    const char *key;    /* JSON and CSV column */
    const char *label_zh;
    bool numeric; /* community and mediator ids */
};

static const struct dimension dimensions[] = {
    {"community", "community_id", "community_id", "社区", true},
    {"mediator", "mediator_id", "mediator_id", "调解员", true},
    {"dispute_type", "dispute_type", "dispute_type", "纠纷类型", false},
    {"channel", "channel", "channel", "调解渠道", false},
    {"source", "source", "source", "来源", false},
    {"risk", "risk_level", "risk_level", "风险等级", false},
    {"month", NULL, "month", "月份", false},
    {"week", NULL, "week", "周", false},
};
#define DIMENSIONS (sizeof(dimensions) / sizeof(dimensions[0]))

static const struct dimension *find_dimension(const char *name, size_t len)
{
    for (size_t i = 0; i < DIMENSIONS; i++)
        if (strlen(dimensions[i].name) == len && strncmp(dimensions[i].name, name, len) == 0)
            return &dimensions[i];
    return NULL;
}

/* Metric columns, in output order. */
static const struct {
    const char *key, *label_zh;
} metric_columns[] = {
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
};
#define METRIC_COLUMNS (sizeof(metric_columns) / sizeof(metric_columns[0]))

struct report_params {
    const char *from, *to;
    const char *center; /* code, NULL: the caller's (or every center) */
    int center_id;
    size_t by_count;
    const struct dimension *by[MAX_BY];
    const char *filters[DIMENSIONS]; /* by dimension index; NULL: no filter */
    bool csv;
    int cube_cells_max; /* REPORT_CUBE_CELLS_MAX, the server's setting */
    /* overdue and mediators reports */
    long within_days;
};

/* A report's parameters as name/value text, read the same way from the query string of a GET and
 * from a snapshot's params object, so that both are validated by one code path with one set of
 * limits (parse_params). */
#define PARAMS_MAX 16
#define PARAM_VALUE_MAX CURSOR_MAX /* the longest value any report takes: a cursor */

struct param_source {
    struct http_request *req;
    size_t count;
    bool too_many;
    struct {
        const char *name, *value;
    } items[PARAMS_MAX];
};

static void param_add(const char *name, const char *value, void *ctxv)
{
    struct param_source *src = ctxv;
    if (src->count == PARAMS_MAX) {
        src->too_many = true;
        return;
    }
    src->items[src->count].name = name;
    src->items[src->count].value = value;
    src->count++;
}

/* The query string's arguments. */
static void params_from_query(struct http_request *req, struct param_source *src)
{
    memset(src, 0, sizeof(*src));
    src->req = req;
    http_request_query_each(req, param_add, src);
}

/* A snapshot's params object: each member a string, or a whole number written as its digits (a
 * fraction keeps its digits, so that validation refuses it as an id); any other type is refused
 * here, where the query string could not hold it. */
static void params_from_object(struct http_request *req, const cJSON *object,
                               struct param_source *src)
{
    memset(src, 0, sizeof(*src));
    src->req = req;
    for (const cJSON *v = object->child; v; v = v->next) {
        const char *text = NULL;
        if (cJSON_IsString(v))
            text = v->valuestring;
        else if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble)
            text = arena_printf(req->arena, "%lld", (long long)v->valuedouble);
        else if (cJSON_IsNumber(v))
            text = arena_printf(req->arena, "%g", v->valuedouble);
        if (!text) {
            error_add_field(&req->error, v->string, "must be a string");
            continue;
        }
        param_add(v->string, text, src);
    }
}

static const char *param(const struct param_source *src, const char *name)
{
    for (size_t i = 0; i < src->count; i++)
        if (strcmp(src->items[i].name, name) == 0)
            return src->items[i].value;
    return NULL;
}

/* Every parameter known, given once, and at most PARAM_VALUE_MAX bytes. */
static void check_params(const struct param_source *src, const char *const *allowed)
{
    struct error *err = &src->req->error;
    if (src->too_many)
        error_add_field(err, "params", "at most %d parameters", PARAMS_MAX);
    for (size_t i = 0; i < src->count; i++) {
        const char *name = src->items[i].name;
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, name) == 0;
        if (!known) {
            error_add_field(err, name, "is not a parameter of this report");
            continue;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(src->items[k].name, name) == 0) {
                error_add_field(err, name, "is given more than once");
                break;
            }
        if (strlen(src->items[i].value) > PARAM_VALUE_MAX)
            error_add_field(err, name, "is longer than %d bytes", PARAM_VALUE_MAX);
    }
}

static bool enum_ok(const char *key, const char *v)
{
    if (strcmp(key, "dispute_type") == 0) {
        enum dispute_type t;
        return dispute_type_parse(v, &t);
    }
    if (strcmp(key, "channel") == 0) {
        enum mediation_channel t;
        return mediation_channel_parse(v, &t);
    }
    if (strcmp(key, "source") == 0) {
        enum case_source t;
        return case_source_parse(v, &t);
    }
    if (strcmp(key, "risk_level") == 0) {
        enum risk_level t;
        return risk_level_parse(v, &t);
    }
    /* community_id, mediator_id: canonical positive whole numbers (the slices compare text) */
    if (v[0] < '1' || v[0] > '9' || strlen(v) > 18)
        return false;
    for (const char *c = v; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

/* Reads and checks the parameters; field errors name the parameter. */
static void parse_params(struct app *app, const struct param_source *src, bool with_by,
                         struct report_params *p)
{
    struct http_request *req = src->req;
    struct error *err = &req->error;
    memset(p, 0, sizeof(*p));
    p->cube_cells_max = app->config->report_cube_cells_max;
    static const char *const allowed_query[] = {
        "from",        "to",           "center",  "by",     "format",     "community_id",
        "mediator_id", "dispute_type", "channel", "source", "risk_level", NULL};
    check_params(src, allowed_query);
    if (req->error.field_count)
        return; /* nothing further is read from parameters that are not all sound */
    p->from = param(src, "from");
    p->to = param(src, "to");
    struct date from, to;
    bool from_ok = p->from && date_parse(p->from, &from) == STATUS_OK;
    bool to_ok = p->to && date_parse(p->to, &to) == STATUS_OK;
    if (!from_ok)
        error_add_field(err, "from", "is required: a date YYYY-MM-DD");
    if (!to_ok)
        error_add_field(err, "to", "is required: a date YYYY-MM-DD");
    if (from_ok && to_ok) {
        int64_t days = date_days_from_civil(to.year, to.month, to.day) -
                       date_days_from_civil(from.year, from.month, from.day);
        if (days < 0)
            error_add_field(err, "from", "must not be after to");
        else if (days + 1 > app->config->report_max_days)
            error_add_field(err, "to", "the range may cover at most %d days",
                            app->config->report_max_days);
    }
    p->center = param(src, "center");
    const char *format = param(src, "format");
    const char *accept = http_request_header(req, "Accept");
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
        error_add_field(err, "format", "must be json or csv");
    p->csv =
        (format && strcmp(format, "csv") == 0) || (!format && accept && strstr(accept, "text/csv"));
    for (size_t i = 0; i < DIMENSIONS; i++) {
        if (!dimensions[i].filter)
            continue;
        const char *v = param(src, dimensions[i].filter);
        if (v && !enum_ok(dimensions[i].filter, v))
            error_add_field(err, dimensions[i].filter, "is not a valid value");
        else
            p->filters[i] = v;
    }
    const char *by = param(src, "by");
    if (!with_by) {
        if (by)
            error_add_field(err, "by", "is not a parameter of this report");
        return;
    }
    if (!by) {
        error_add_field(err, "by",
                        "is required: community, mediator, dispute_type, channel, "
                        "source, risk, month or week, or two of them");
        return;
    }
    size_t by_len = strlen(by);
    if (by_len == 0 || by[by_len - 1] == ',' || by[0] == ',' || strstr(by, ",,")) {
        error_add_field(err, "by", "must name one or two dimensions, separated by a comma");
        return;
    }
    int times = 0;
    for (const char *s = by; *s;) {
        size_t len = strcspn(s, ",");
        const struct dimension *d = find_dimension(s, len);
        if (!d || p->by_count == MAX_BY) {
            error_add_field(err, "by",
                            d ? "takes at most two dimensions"
                              : "must name community, mediator, dispute_type, channel, source, "
                                "risk, month or week");
            return;
        }
        for (size_t k = 0; k < p->by_count; k++)
            if (p->by[k] == d) {
                error_add_field(err, "by", "names %s twice", d->name);
                return;
            }
        times += d->filter == NULL;
        p->by[p->by_count++] = d;
        s += len;
        if (*s == ',')
            s++;
    }
    if (times > 1)
        error_add_field(err, "by", "takes month or week, not both");
}

/* The caller's center, or the one a city-level caller names (0: every center). */
static enum status resolve_center(struct http_request *req, struct app *app,
                                  struct report_params *p)
{
    const struct principal *who = api_caller(req);
    if (who->center_id) {
        if (p->center && strcmp(p->center, who->center_code) != 0)
            return error_add_field(&req->error, "center", "must be your own center, %s",
                                   who->center_code);
        p->center_id = who->center_id;
        p->center = who->center_code;
        return STATUS_OK;
    }
    if (!p->center)
        return STATUS_OK;
    struct db_conn *conn;
    enum status st = api_db(req, app, &conn);
    if (st != STATUS_OK)
        return st;
    return db_center_resolve(conn, p->center, &p->center_id, &req->error);
}

/* Fills the rollup query (migration 0008). The slices serve every report that involves, as
 * breakdowns or filters, at most one of the six dimensions, or two without the mediator: 'all',
 * one dimension, or the pair of two named in the order of the dimension list. The cube serves the
 * rest: with two dimensions, one of them the mediator, it reads the pair's month slices for whole
 * months and the cube for the days of partial months; with three or more, the cube for every day.
 */
static void plan_query(const struct report_params *p, struct report_query *q)
{
    memset(q, 0, sizeof(*q));
    q->center_id = p->center_id;
    q->from = p->from;
    q->to = p->to;
    q->bucket = "period";
    q->cube_cells_max = p->cube_cells_max;
    const struct dimension *dims[MAX_BY];
    size_t dim_count = 0;
    bool involved[DIMENSIONS] = {false};
    for (size_t i = 0; i < p->by_count; i++) {
        if (p->by[i]->filter) {
            dims[dim_count++] = p->by[i];
            involved[p->by[i] - dimensions] = true;
        } else {
            q->bucket = p->by[i]->name;
        }
    }
    size_t count = 0;
    const struct dimension *pair[2] = {NULL, NULL};
    for (size_t i = 0; i < DIMENSIONS; i++) {
        if (!involved[i] && !p->filters[i])
            continue;
        if (count < 2)
            pair[count] = &dimensions[i];
        count++;
    }
    /* the slices' dim and the filters on its values (none for three dimensions or more) */
    if (count == 2)
        snprintf(q->pair_name, sizeof(q->pair_name), "%s,%s", pair[0]->name, pair[1]->name);
    if (count >= 1 && count <= 2)
        q->value = p->filters[pair[0] - dimensions];
    if (count == 2)
        q->value2 = p->filters[pair[1] - dimensions];
    bool mediator_pair = count == 2 && (strcmp(pair[0]->name, "mediator") == 0 ||
                                        strcmp(pair[1]->name, "mediator") == 0);
    if (count <= 1 || (count == 2 && !mediator_pair)) {
        q->use_cube = false;
        q->dim = count == 0 ? "all" : count == 1 ? pair[0]->name : q->pair_name;
        /* the rows list the report's first dimension first */
        q->swap = count == 2 && dim_count > 0 && dims[0] == pair[1];
        return;
    }
    q->use_cube = true;
    q->dim = dim_count > 0 ? dims[0]->name : "none";
    q->dim2 = dim_count > 1 ? dims[1]->name : "none";
    q->community_id = p->filters[0];
    q->mediator_id = p->filters[1];
    q->dispute_type = p->filters[2];
    q->channel = p->filters[3];
    q->source = p->filters[4];
    q->risk_level = p->filters[5];
    if (mediator_pair)
        q->pair = q->pair_name;
}

static double round_to(double v, double scale)
{
    return round(v * scale) / scale;
}

static cJSON *metrics_json(const struct report_row *r)
{
    const int64_t *m = r->metrics;
    int64_t closed =
        m[RM_RESOLVED] + m[RM_FAILED] + m[RM_TERMINATED] + m[RM_WITHDRAWN] + m[RM_REFERRED];
    cJSON *o = cJSON_CreateObject();
    static const enum report_metric counts[] = {RM_RECEIVED,   RM_ACCEPTED,  RM_DECLINED,
                                                RM_ASSIGNED,   RM_RESOLVED,  RM_FAILED,
                                                RM_TERMINATED, RM_WITHDRAWN, RM_REFERRED};
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
        cJSON_AddNumberToObject(o, metric_columns[i].key, (double)m[counts[i]]);
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
    struct http_request *req;
    cJSON *communities, *mediators; /* id text → name */
};

static void name_found(const char *kind, long id, const char *name, void *ctxv)
{
    struct names *n = ctxv;
    char key[24];
    snprintf(key, sizeof(key), "%ld", id);
    cJSON_AddStringToObject(kind[0] == 'c' ? n->communities : n->mediators, key, name);
}

/* Adds the key (and name) of one dimension to a row object. */
static void add_dimension(cJSON *o, const struct dimension *d, const char *value,
                          const char *bucket, const struct names *names)
{
    if (!d->filter) {
        char text[16];
        snprintf(text, sizeof(text), "%.*s", strcmp(d->name, "month") == 0 ? 7 : 10, bucket);
        cJSON_AddStringToObject(o, d->key, text);
        return;
    }
    if (d->numeric) {
        long id = strtol(value, NULL, 10);
        bool community = d->name[0] == 'c';
        if (id == 0) {
            cJSON_AddNullToObject(o, d->key);
        } else {
            cJSON_AddNumberToObject(o, d->key, (double)id);
        }
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(
            community ? names->communities : names->mediators, value);
        output_string_or_null(o, community ? "community_name" : "mediator_name",
                              cJSON_IsString(n) ? n->valuestring : NULL);
        return;
    }
    /* a case without a channel is kept under 'none' in the rollups */
    bool no_channel = strcmp(d->name, "channel") == 0 && strcmp(value, "none") == 0;
    output_string_or_null(o, d->key, no_channel ? NULL : value);
}

/* Reads the report and builds its JSON (summary: by_count 0), in the caller's transaction.
 * Returns the HTTP status. */
static int read_report(struct http_request *req, struct db_conn *conn, struct report_params *p,
                       bool breakdown, cJSON **out)
{
    struct report_query q;
    struct report_row *rows = NULL, *total = NULL;
    size_t count = 0, total_count = 0;
    plan_query(p, &q);
    if (db_report_rows(conn, req->arena, &q, &rows, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    if (breakdown) {
        struct report_params whole = *p;
        whole.by_count = 0;
        struct report_query tq;
        plan_query(&whole, &tq);
        if (db_report_rows(conn, req->arena, &tq, &total, &total_count, &req->error) != STATUS_OK)
            return http_fail_with_error(req);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "report", breakdown ? "breakdown" : "summary");
    cJSON_AddStringToObject(o, "from", p->from);
    cJSON_AddStringToObject(o, "to", p->to);
    output_string_or_null(o, "center", p->center);
    cJSON *filters = cJSON_AddObjectToObject(o, "filters");
    for (size_t i = 0; i < DIMENSIONS; i++) {
        if (!p->filters[i])
            continue;
        if (dimensions[i].numeric)
            cJSON_AddNumberToObject(filters, dimensions[i].filter,
                                    (double)strtoll(p->filters[i], NULL, 10));
        else
            cJSON_AddStringToObject(filters, dimensions[i].filter, p->filters[i]);
    }
    if (!breakdown) {
        static const struct report_row zero = {0};
        cJSON_AddItemToObject(o, "metrics", metrics_json(count ? &rows[0] : &zero));
        *out = o;
        return 200;
    }
    cJSON *by = cJSON_AddArrayToObject(o, "by");
    for (size_t i = 0; i < p->by_count; i++)
        cJSON_AddItemToArray(by, cJSON_CreateString(p->by[i]->name));
    /* names of the communities and mediators the rows show */
    struct names names = {req, cJSON_CreateObject(), cJSON_CreateObject()};
    struct buf communities, mediators;
    buf_init(&communities, 1 << 20);
    buf_init(&mediators, 1 << 20);
    /* each id once, and only for rows that are shown */
    cJSON *listed = cJSON_CreateObject();
    for (size_t i = 0; i < count; i++) {
        if (row_is_empty(&rows[i]))
            continue;
        const char *values[MAX_BY] = {rows[i].value, rows[i].value2};
        size_t v = 0;
        for (size_t k = 0; k < p->by_count; k++) {
            if (!p->by[k]->filter)
                continue;
            bool community = p->by[k]->name[0] == 'c';
            struct buf *list = !p->by[k]->numeric ? NULL : community ? &communities : &mediators;
            char key[40];
            snprintf(key, sizeof(key), "%c%s", community ? 'c' : 'm', values[v]);
            if (list && !cJSON_GetObjectItemCaseSensitive(listed, key)) {
                cJSON_AddTrueToObject(listed, key);
                buf_printf(list, "%s%s", list->len ? "," : "", values[v]);
            }
            v++;
        }
    }
    cJSON_Delete(listed);
    if ((communities.len || mediators.len) &&
        db_report_names(conn, buf_str(&communities), buf_str(&mediators), name_found, &names,
                        &req->error) != STATUS_OK) {
        buf_cleanup(&communities);
        buf_cleanup(&mediators);
        cJSON_Delete(names.communities);
        cJSON_Delete(names.mediators);
        cJSON_Delete(o);
        return http_fail_with_error(req);
    }
    buf_cleanup(&communities);
    buf_cleanup(&mediators);
    cJSON *arr = cJSON_AddArrayToObject(o, "rows");
    for (size_t i = 0; i < count; i++) {
        if (row_is_empty(&rows[i]))
            continue;
        cJSON *row = cJSON_CreateObject();
        const char *values[MAX_BY] = {rows[i].value, rows[i].value2};
        size_t v = 0;
        for (size_t k = 0; k < p->by_count; k++) {
            add_dimension(row, p->by[k], p->by[k]->filter ? values[v] : NULL, rows[i].bucket,
                          &names);
            v += p->by[k]->filter != NULL;
        }
        cJSON_AddItemToObject(row, "metrics", metrics_json(&rows[i]));
        cJSON_AddItemToArray(arr, row);
    }
    static const struct report_row zero = {0};
    cJSON *t = cJSON_AddObjectToObject(o, "total");
    cJSON_AddItemToObject(t, "metrics", metrics_json(total_count ? &total[0] : &zero));
    cJSON_Delete(names.communities);
    cJSON_Delete(names.mediators);
    *out = o;
    return 200;
}

/* Builds the report's JSON (summary: by_count 0) from one snapshot of the rollups: the rows,
 * the total row and the names all read in one read-only transaction, so that they agree. Returns
 * the HTTP status. */
static int build_report(struct http_request *req, struct app *app, struct report_params *p,
                        bool breakdown, cJSON **out)
{
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK ||
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

/* ---- CSV --------------------------------------------------------------------------------------
 */

/* One cell from a JSON value: a number as the server formats it, a string whole (csv_field
 * neutralises formulas and never cuts), anything else empty. */
static void csv_value(struct buf *out, const cJSON *v, bool first)
{
    if (cJSON_IsString(v)) {
        csv_field(out, v->valuestring, first);
        return;
    }
    char text[64] = ""; /* "%lld" or "%.4f" of a double below 1e18 fits */
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == (double)(long long)d)
            snprintf(text, sizeof(text), "%lld", (long long)d);
        else
            snprintf(text, sizeof(text), "%.4f", d);
    }
    csv_number(out, text, first);
}

static void csv_metrics_header(struct buf *out, bool first)
{
    for (size_t i = 0; i < METRIC_COLUMNS; i++) {
        char header[96];
        snprintf(header, sizeof(header), "%s %s", metric_columns[i].key,
                 metric_columns[i].label_zh);
        csv_field(out, header, first && i == 0);
    }
}

static void csv_metrics(struct buf *out, const cJSON *metrics, bool first)
{
    for (size_t i = 0; i < METRIC_COLUMNS; i++)
        csv_value(out, cJSON_GetObjectItemCaseSensitive(metrics, metric_columns[i].key),
                  first && i == 0);
}

/* Writes a summary or breakdown report (as built by build_report) as CSV. */
static void report_csv(struct buf *out, const cJSON *report)
{
    csv_begin(out);
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(report, "rows");
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(report, "by");
    csv_field(out, "from 起始日期", true);
    csv_field(out, "to 截止日期", false);
    csv_field(out, "center 中心", false);
    const cJSON *d;
    cJSON_ArrayForEach(d, by)
    {
        const struct dimension *dim = find_dimension(d->valuestring, strlen(d->valuestring));
        char header[128];
        snprintf(header, sizeof(header), "%s %s", dim->key, dim->label_zh);
        csv_field(out, header, false);
        if (dim->numeric) {
            snprintf(header, sizeof(header), "%s 名称",
                     dim->name[0] == 'c' ? "community_name" : "mediator_name");
            csv_field(out, header, false);
        }
    }
    csv_metrics_header(out, false);
    csv_end_row(out);
    const char *from = cJSON_GetObjectItemCaseSensitive(report, "from")->valuestring;
    const char *to = cJSON_GetObjectItemCaseSensitive(report, "to")->valuestring;
    const cJSON *center = cJSON_GetObjectItemCaseSensitive(report, "center");
    const char *center_text = cJSON_IsString(center) ? center->valuestring : "";
    if (!rows) {
        csv_field(out, from, true);
        csv_field(out, to, false);
        csv_field(out, center_text, false);
        csv_metrics(out, cJSON_GetObjectItemCaseSensitive(report, "metrics"), false);
        csv_end_row(out);
        return;
    }
    const cJSON *row;
    cJSON_ArrayForEach(row, rows)
    {
        csv_field(out, from, true);
        csv_field(out, to, false);
        csv_field(out, center_text, false);
        cJSON_ArrayForEach(d, by)
        {
            const struct dimension *dim = find_dimension(d->valuestring, strlen(d->valuestring));
            csv_value(out, cJSON_GetObjectItemCaseSensitive(row, dim->key), false);
            if (dim->numeric)
                csv_value(out,
                          cJSON_GetObjectItemCaseSensitive(
                              row, dim->name[0] == 'c' ? "community_name" : "mediator_name"),
                          false);
        }
        csv_metrics(out, cJSON_GetObjectItemCaseSensitive(row, "metrics"), false);
        csv_end_row(out);
    }
    /* the total row */
    csv_field(out, from, true);
    csv_field(out, to, false);
    csv_field(out, center_text, false);
    cJSON_ArrayForEach(d, by)
    {
        const struct dimension *dim = find_dimension(d->valuestring, strlen(d->valuestring));
        csv_field(out, "合计 total", false);
        if (dim->numeric)
            csv_field(out, "", false);
    }
    csv_metrics(out,
                cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(report, "total"),
                                                 "metrics"),
                false);
    csv_end_row(out);
}

static int respond(struct http_request *req, struct http_response *res, int status,
                   const cJSON *report, bool csv)
{
    if (!csv)
        return http_response_json(res, status, report);
    report_csv(&res->body, report);
    res->content_type = CSV_CONTENT_TYPE;
    return status;
    (void)req;
}

/* ---- handlers ---------------------------------------------------------------------------------
 */

static int report_get(struct http_request *req, struct http_response *res, void *appv,
                      bool breakdown)
{
    struct app *app = appv;
    struct report_params p;
    struct param_source src;
    params_from_query(req, &src);
    parse_params(app, &src, breakdown, &p);
    if (req->error.field_count)
        return 422;
    if (resolve_center(req, app, &p) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *report = NULL;
    int status = build_report(req, app, &p, breakdown, &report);
    if (status != 200)
        return status;
    status = respond(req, res, 200, report, p.csv);
    cJSON_Delete(report);
    return status;
}

int reports_summary(struct http_request *req, struct http_response *res, void *app)
{
    return report_get(req, res, app, false);
}

int reports_breakdown(struct http_request *req, struct http_response *res, void *app)
{
    return report_get(req, res, app, true);
}

int reports_overdue(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const allowed[] = {"within_days", "limit", "cursor", "format", NULL};
    struct param_source src;
    params_from_query(req, &src);
    check_params(&src, allowed);
    long within = input_query_long(req, "within_days", 0, 365, 3);
    const char *format = http_request_query(req, "format");
    const char *accept_header = http_request_header(req, "Accept");
    bool want_csv = (format && strcmp(format, "csv") == 0) ||
                    (!format && accept_header && strstr(accept_header, "text/csv"));
    /* a spreadsheet gets the whole list (up to 10,000 cases) in one file */
    long limit = input_query_long(req, "limit", 1, want_csv ? 10000 : 500, want_csv ? 10000 : 100);
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
        error_add_field(&req->error, "format", "must be json or csv");
    if (req->error.field_count)
        return 422;
    long long key = 0;
    long cursor_id = 0;
    const char *cursor = http_request_query(req, "cursor");
    if (cursor && !cursor_decode_pair("overdue", cursor, &key, &cursor_id))
        return http_fail(req, STATUS_MALFORMED, "cursor is not one this list issued");
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct overdue_item *items;
    size_t count;
    if (db_report_overdue(conn, req->arena, api_caller(req)->center_id, (int)within, cursor != NULL,
                          key, cursor_id, (int)limit + 1, &items, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    size_t shown = count > (size_t)limit ? (size_t)limit : count;
    const char *accept = http_request_header(req, "Accept");
    bool csv =
        (format && strcmp(format, "csv") == 0) || (!format && accept && strstr(accept, "text/csv"));
    if (csv) {
        static const char *const headers[] = {
            "case_no 案号",       "status 状态",     "risk_level 风险等级",  "due_at 期限",
            "days_over 超期天数", "mediator 调解员", "dispute_type 纠纷类型"};
        csv_begin(&res->body);
        for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
            csv_field(&res->body, headers[i], i == 0);
        csv_end_row(&res->body);
        for (size_t i = 0; i < shown; i++) {
            char days[16];
            snprintf(days, sizeof(days), "%d", items[i].days_over);
            csv_field(&res->body, items[i].case_no, true);
            csv_field(&res->body, items[i].status, false);
            csv_field(&res->body, items[i].risk_level, false);
            csv_field(&res->body, items[i].due_at, false);
            csv_number(&res->body, days, false);
            csv_field(&res->body, items[i].mediator_name ? items[i].mediator_name : "", false);
            csv_field(&res->body, items[i].dispute_type, false);
            csv_end_row(&res->body);
        }
        res->content_type = CSV_CONTENT_TYPE;
        return 200;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; i < shown; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "case_id", (double)items[i].id);
        cJSON_AddStringToObject(it, "case_no", items[i].case_no);
        cJSON_AddStringToObject(it, "center", items[i].center);
        cJSON_AddStringToObject(it, "status", items[i].status);
        cJSON_AddStringToObject(it, "risk_level", items[i].risk_level);
        cJSON_AddStringToObject(it, "dispute_type", items[i].dispute_type);
        cJSON_AddStringToObject(it, "due_at", items[i].due_at);
        cJSON_AddNumberToObject(it, "days_over", items[i].days_over);
        cJSON_AddBoolToObject(it, "overdue", items[i].days_over >= 0);
        if (items[i].mediator_id)
            cJSON_AddNumberToObject(it, "mediator_id", (double)items[i].mediator_id);
        else
            cJSON_AddNullToObject(it, "mediator_id");
        output_string_or_null(it, "mediator_name", items[i].mediator_name);
        cJSON_AddNumberToObject(it, "community_id", (double)items[i].community_id);
        cJSON_AddItemToArray(arr, it);
    }
    if (count > shown) {
        char next[CURSOR_MAX];
        cursor_encode_pair("overdue", (long long)items[shown - 1].sort_key, items[shown - 1].id,
                           next);
        cJSON_AddStringToObject(o, "next_cursor", next);
    } else {
        cJSON_AddNullToObject(o, "next_cursor");
    }
    int status = http_response_json(res, 200, o);
    cJSON_Delete(o);
    return status;
}

int reports_mediators(struct http_request *req, struct http_response *res, void *appv)
{
    struct app *app = appv;
    struct report_params p;
    struct param_source src;
    params_from_query(req, &src);
    parse_params(app, &src, false, &p);
    for (size_t i = 0; i < DIMENSIONS; i++)
        if (p.filters[i])
            error_add_field(&req->error, dimensions[i].filter,
                            "is not a filter of the mediators report");
    if (req->error.field_count)
        return 422;
    if (resolve_center(req, app, &p) != STATUS_OK)
        return http_fail_with_error(req);
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct report_query q = {.center_id = p.center_id,
                             .dim = "mediator",
                             .from = p.from,
                             .to = p.to,
                             .bucket = "period"};
    struct report_row *rows;
    size_t count;
    struct mediator_info *mediators;
    size_t mediator_count;
    if (db_report_rows(conn, req->arena, &q, &rows, &count, &req->error) != STATUS_OK ||
        db_report_mediators(conn, req->arena, p.center_id, &mediators, &mediator_count,
                            &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "report", "mediators");
    cJSON_AddStringToObject(o, "from", p.from);
    cJSON_AddStringToObject(o, "to", p.to);
    output_string_or_null(o, "center", p.center);
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; i < mediator_count; i++) {
        const struct mediator_info *m = &mediators[i];
        static const struct report_row zero = {0};
        const struct report_row *row = &zero;
        char id[24];
        snprintf(id, sizeof(id), "%ld", m->id);
        for (size_t k = 0; k < count; k++)
            if (strcmp(rows[k].value, id) == 0)
                row = &rows[k];
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "mediator_id", (double)m->id);
        cJSON_AddStringToObject(it, "name", m->name);
        cJSON_AddStringToObject(it, "organization", m->organization);
        cJSON_AddStringToObject(it, "channel", m->channel);
        cJSON_AddBoolToObject(it, "active", m->active);
        cJSON_AddNumberToObject(it, "capacity", m->max_open_cases);
        /* the load: cases of this mediator still open at the end of the period */
        cJSON_AddNumberToObject(it, "open_cases", (double)row->open);
        cJSON_AddItemToObject(it, "metrics", metrics_json(row));
        cJSON_AddItemToArray(arr, it);
    }
    bool csv = p.csv;
    int status;
    if (csv) {
        csv_begin(&res->body);
        csv_field(&res->body, "mediator_id 调解员编号", true);
        csv_field(&res->body, "name 姓名", false);
        csv_field(&res->body, "organization 单位", false);
        csv_field(&res->body, "capacity 容量", false);
        csv_metrics_header(&res->body, false);
        csv_end_row(&res->body);
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "mediator_id"), true);
            csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "name"), false);
            csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "organization"), false);
            csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "capacity"), false);
            csv_metrics(&res->body, cJSON_GetObjectItemCaseSensitive(it, "metrics"), false);
            csv_end_row(&res->body);
        }
        res->content_type = CSV_CONTENT_TYPE;
        status = 200;
    } else {
        status = http_response_json(res, 200, o);
    }
    cJSON_Delete(o);
    return status;
}

/* ---- snapshots --------------------------------------------------------------------------------
 */

struct snapshot_ctx {
    struct http_request *req;
    struct app *app;
    const char *report;
    char *params_text;
    char *result_text;
    int center_id;
    const char *number, *created_at;
};

static enum status snapshot_tx(struct db_conn *conn, void *ctxv, struct error *err)
{
    struct snapshot_ctx *ctx = ctxv;
    struct db_actor actor;
    api_actor(ctx->req, &actor);
    return db_snapshot_insert(conn, ctx->req->arena, ctx->center_id, ctx->report, ctx->params_text,
                              ctx->result_text, &actor, &ctx->number, &ctx->created_at, err);
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
    const cJSON *body = input_object(req);
    if (!body)
        return http_fail_with_error(req);
    input_only_known(body, fields, &req->error);
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
    struct param_source src;
    params_from_object(req, params, &src);
    if (!req->error.field_count)
        parse_params(app, &src, breakdown, &p);
    else
        memset(&p, 0, sizeof(p));
    if (p.csv)
        error_add_field(&req->error, "format", "a snapshot keeps JSON; ask for CSV when reading");
    if (!req->error.field_count && resolve_center(req, app, &p) != STATUS_OK &&
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
    int status = build_report(req, app, &p, breakdown, &result);
    if (status != 200)
        return status;
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
    return api_mutate(req, res, app, snapshot_tx, snapshot_render, ctx);
}

int reports_snapshot_get(struct http_request *req, struct http_response *res, void *app)
{
    const char *number = http_request_param(req, "number");
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct snapshot s;
    if (db_snapshot_get(conn, req->arena, number, api_caller(req)->center_id, &s, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    const char *format = http_request_query(req, "format");
    const char *accept = http_request_header(req, "Accept");
    if ((format && strcmp(format, "csv") == 0) ||
        (!format && accept && strstr(accept, "text/csv"))) {
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

int reports_snapshot_list(struct http_request *req, struct http_response *res, void *app)
{
    long limit = input_query_long(req, "limit", 1, 100, 50);
    if (req->error.field_count)
        return 422;
    long before = 0x7fffffffffffffffL;
    const char *cursor = http_request_query(req, "cursor");
    if (cursor && !cursor_decode("snapshots", cursor, &before))
        return http_fail(req, STATUS_MALFORMED, "cursor is not one this list issued");
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct snapshot *items;
    size_t count;
    if (db_snapshot_list(conn, req->arena, api_caller(req)->center_id, before, (int)limit + 1,
                         &items, &count, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    size_t shown = count > (size_t)limit ? (size_t)limit : count;
    for (size_t i = 0; i < shown; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "number", items[i].number);
        cJSON_AddStringToObject(it, "report", items[i].report);
        cJSON *params = cJSON_Parse(items[i].params);
        cJSON_AddItemToObject(it, "params", params ? params : cJSON_CreateObject());
        cJSON_AddStringToObject(it, "created_by", items[i].created_by);
        cJSON_AddStringToObject(it, "created_at", items[i].created_at);
        cJSON_AddItemToArray(arr, it);
    }
    if (count > shown) {
        char next[CURSOR_MAX];
        cursor_encode("snapshots", items[shown - 1].id, next);
        cJSON_AddStringToObject(o, "next_cursor", next);
    } else {
        cJSON_AddNullToObject(o, "next_cursor");
    }
    int status = http_response_json(res, 200, o);
    cJSON_Delete(o);
    return status;
}
