/* The mediators report: every mediator of the center with their capacity, their load at the end
 * of the period and their metrics over it, in JSON or CSV. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "handlers.h"
#include "output.h"
#include "report.h"

int reports_mediators(struct http_request *req, struct http_response *res, void *appv)
{
    struct app *app = appv;
    struct report_params p;
    struct report_param_source src;
    report_params_from_query(req, &src);
    report_params_parse(app, &src, false, &p);
    for (int d = 0; d < REPORT_VALUE_DIMS; d++)
        if (p.sel.filters[d])
            error_add_field(&req->error, report_dim_info((enum report_dim)d)->filter,
                            "is not a filter of the mediators report");
    if (req->error.field_count)
        return 422;
    if (report_params_resolve_center(req, app, &p) != STATUS_OK)
        return http_fail_with_error(req);
    struct db_conn *conn;
    if (api_read_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct report_query q = {.center_id = p.center_id,
                             .dim = report_dim_name(REPORT_DIM_MEDIATOR),
                             .from = p.from,
                             .to = p.to,
                             .bucket = report_bucket_name(REPORT_BUCKET_PERIOD)};
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
        cJSON_AddItemToObject(it, "metrics", report_json_metrics(row));
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
        report_csv_metrics_header(&res->body, false);
        csv_end_row(&res->body);
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            report_csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "mediator_id"), true);
            report_csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "name"), false);
            report_csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "organization"),
                             false);
            report_csv_value(&res->body, cJSON_GetObjectItemCaseSensitive(it, "capacity"), false);
            report_csv_metrics(&res->body, cJSON_GetObjectItemCaseSensitive(it, "metrics"), false);
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
