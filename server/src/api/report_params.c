/* The parameters of the summary and breakdown reports, from a query string or a snapshot's params
 * object, read and validated by one code path; how each dimension shows in JSON and CSV. */
#include <stdio.h>
#include <string.h>

#include "case_types.h"
#include "community_store.h"
#include "cursor.h"
#include "dates.h"
#include "report.h"

#define PARAM_VALUE_MAX CURSOR_MAX /* the longest value any report takes: a cursor */

static const struct report_dim_info dim_info[REPORT_DIM_COUNT] = {
    [REPORT_DIM_COMMUNITY] = {"community_id", "community_id", "社区", "community_name"},
    [REPORT_DIM_MEDIATOR] = {"mediator_id", "mediator_id", "调解员", "mediator_name"},
    [REPORT_DIM_DISPUTE_TYPE] = {"dispute_type", "dispute_type", "纠纷类型", NULL},
    [REPORT_DIM_CHANNEL] = {"channel", "channel", "调解渠道", NULL},
    [REPORT_DIM_SOURCE] = {"source", "source", "来源", NULL},
    [REPORT_DIM_RISK] = {"risk_level", "risk_level", "风险等级", NULL},
    [REPORT_DIM_MONTH] = {NULL, "month", "月份", NULL},
    [REPORT_DIM_WEEK] = {NULL, "week", "周", NULL},
};

const struct report_dim_info *report_dim_info(enum report_dim d)
{
    return &dim_info[d];
}

static void param_add(const char *name, const char *value, void *ctxv)
{
    struct report_param_source *src = ctxv;
    if (src->count == REPORT_PARAMS_MAX) {
        src->too_many = true;
        return;
    }
    src->items[src->count].name = name;
    src->items[src->count].value = value;
    src->count++;
}

void report_params_from_query(struct http_request *req, struct report_param_source *src)
{
    memset(src, 0, sizeof(*src));
    src->req = req;
    http_request_query_each(req, param_add, src);
}

/* A whole number is written as its digits; a fraction keeps its digits, so that validation
 * refuses it as an id; any other type is refused here, where the query string could not hold
 * it. */
void report_params_from_object(struct http_request *req, const cJSON *object,
                               struct report_param_source *src)
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

static const char *param(const struct report_param_source *src, const char *name)
{
    for (size_t i = 0; i < src->count; i++)
        if (strcmp(src->items[i].name, name) == 0)
            return src->items[i].value;
    return NULL;
}

void report_params_check(const struct report_param_source *src, const char *const *allowed)
{
    struct error *err = &src->req->error;
    if (src->too_many)
        error_add_field(err, "params", "at most %d parameters", REPORT_PARAMS_MAX);
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

/* Whether v is a value of the value dimension d. */
static bool value_ok(enum report_dim d, const char *v)
{
    enum case_vocab vocab;
    if (report_dim_vocab(d, &vocab))
        return case_vocab_valid(vocab, v);
    if (d != REPORT_DIM_COMMUNITY && d != REPORT_DIM_MEDIATOR)
        return false;
    /* community_id, mediator_id: canonical positive whole numbers (the slices compare text) */
    if (v[0] < '1' || v[0] > '9' || strlen(v) > 18)
        return false;
    for (const char *c = v; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

bool report_params_wants_csv(struct http_request *req, const char *format)
{
    const char *accept = http_request_header(req, "Accept");
    return (format && strcmp(format, "csv") == 0) ||
           (!format && accept && strstr(accept, "text/csv"));
}

/* by=: one or two dimension names, separated by a comma, at most one of them month or week. */
static void parse_by(const char *by, struct report_params *p, struct error *err)
{
    size_t by_len = strlen(by);
    if (by_len == 0 || by[by_len - 1] == ',' || by[0] == ',' || strstr(by, ",,")) {
        error_add_field(err, "by", "must name one or two dimensions, separated by a comma");
        return;
    }
    struct report_selection *sel = &p->sel;
    int times = 0;
    for (const char *s = by; *s;) {
        size_t len = strcspn(s, ",");
        enum report_dim d;
        bool known = report_dim_parse(s, len, &d);
        if (!known || sel->by_count == REPORT_BY_MAX) {
            error_add_field(err, "by",
                            known ? "takes at most two dimensions"
                                  : "must name community, mediator, dispute_type, channel, "
                                    "source, risk, month or week");
            return;
        }
        for (size_t k = 0; k < sel->by_count; k++)
            if (sel->by[k] == d) {
                error_add_field(err, "by", "names %s twice", report_dim_name(d));
                return;
            }
        times += report_dim_is_time(d);
        sel->by[sel->by_count++] = d;
        s += len;
        if (*s == ',')
            s++;
    }
    if (times > 1)
        error_add_field(err, "by", "takes month or week, not both");
}

void report_params_parse(struct app *app, const struct report_param_source *src, bool with_by,
                         struct report_params *p)
{
    struct http_request *req = src->req;
    struct error *err = &req->error;
    memset(p, 0, sizeof(*p));
    p->cube_cells_max = app->config->report_cube_cells_max;
    static const char *const allowed_query[] = {
        "from",        "to",           "center",  "by",     "format",     "community_id",
        "mediator_id", "dispute_type", "channel", "source", "risk_level", NULL};
    report_params_check(src, allowed_query);
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
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
        error_add_field(err, "format", "must be json or csv");
    p->csv = report_params_wants_csv(req, format);
    for (int d = 0; d < REPORT_VALUE_DIMS; d++) {
        const char *name = dim_info[d].filter;
        const char *v = param(src, name);
        if (v && !value_ok((enum report_dim)d, v))
            error_add_field(err, name, "is not a valid value");
        else
            p->sel.filters[d] = v;
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
    parse_by(by, p, err);
}

enum status report_params_resolve_center(struct http_request *req, struct app *app,
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
    enum status st = api_read_db(req, app, &conn);
    if (st != STATUS_OK)
        return st;
    return db_center_resolve(conn, p->center, &p->center_id, &req->error);
}
