/* The overdue report: open cases past or near their deadline, as a keyset-paged list in JSON or
 * the whole list (up to 10,000 cases) as CSV. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "cursor.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "report.h"

/* The overdue list's page callbacks (output_page_keyed). */
static cJSON *overdue_item(const void *rows, size_t i)
{
    const struct overdue_item *items = rows;
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
    output_id_or_null(it, "mediator_id", items[i].mediator_id);
    output_string_or_null(it, "mediator_name", items[i].mediator_name);
    cJSON_AddNumberToObject(it, "community_id", (double)items[i].community_id);
    return it;
}

static long long overdue_key(const void *rows, size_t i)
{
    return (long long)((const struct overdue_item *)rows)[i].sort_key;
}

static long overdue_id(const void *rows, size_t i)
{
    return ((const struct overdue_item *)rows)[i].id;
}

int reports_overdue(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const allowed[] = {"within_days", "limit", "cursor", "format", NULL};
    struct report_param_source src;
    report_params_from_query(req, &src);
    report_params_check(&src, allowed);
    long within = input_query_long(req, "within_days", 0, 365, 3);
    const char *format = http_request_query(req, "format");
    bool want_csv = report_params_wants_csv(req, format);
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
    if (want_csv) {
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
    return output_page_keyed(res, "overdue", items, count, (size_t)limit, overdue_item, overdue_key,
                             overdue_id);
}
