/* /api/v1/reports/summary and /api/v1/reports/breakdown: the handlers. Definitions
 * (docs/design.md, Reports and their metrics):
 *   - every count is taken on the date its event happened, in the center's time zone: received on
 *     the received date, accepted on the acceptance date, declined on the decline date, assigned
 *     on the first assignment date, outcomes on the close date;
 *   - open and overdue are counted at the end of the period (of each bucket for month and week);
 *   - success_rate = resolved / accepted (调解成功率, null when nothing was accepted);
 *     closed_success_rate = resolved / closed;
 *   - days to close run from the acceptance date to the close date.
 * Figures come from the rollups, so their cost follows days and dimensions, not cases. The other
 * report files: parameters (report_params.c), which rollup answers (domain/report_plan.c), JSON
 * (report_json.c), CSV (report_csv.c), snapshots (report_snapshots.c), the mediators and overdue
 * reports (report_mediators.c, report_overdue.c). */
#include <stdlib.h>

#include "csv.h"
#include "handlers.h"
#include "portal_store.h"
#include "report.h"

int report_satisfaction_add(struct http_request *req, struct app *app,
                            const struct report_params *p, cJSON *report)
{
    for (size_t i = 0; i < REPORT_VALUE_DIMS; i++)
        if (p->sel.filters[i])
            return 200;
    cJSON *metrics = cJSON_GetObjectItemCaseSensitive(report, "metrics");
    if (!metrics)
        return 200;
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    long count = 0;
    const char *mean = NULL;
    if (db_report_satisfaction(conn, req->arena, p->center_id, p->from, p->to, &count, &mean,
                               &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON_ReplaceItemInObjectCaseSensitive(metrics, "satisfaction_count",
                                           cJSON_CreateNumber((double)count));
    cJSON_ReplaceItemInObjectCaseSensitive(metrics, "satisfaction_mean",
                                           mean ? cJSON_CreateNumber(strtod(mean, NULL))
                                                : cJSON_CreateNull());
    return 200;
}

static int report_get(struct http_request *req, struct http_response *res, void *appv,
                      bool breakdown)
{
    struct app *app = appv;
    struct report_params p;
    struct report_param_source src;
    report_params_from_query(req, &src);
    report_params_parse(app, &src, breakdown, &p);
    if (req->error.field_count)
        return 422;
    if (report_params_resolve_center(req, app, &p) != STATUS_OK)
        return http_fail_with_error(req);
    cJSON *report = NULL;
    int status = report_json_build(req, app, &p, breakdown, &report);
    if (status != 200)
        return status;
    if (!breakdown && (status = report_satisfaction_add(req, app, &p, report)) != 200) {
        cJSON_Delete(report);
        return status;
    }
    if (p.csv) {
        report_csv(&res->body, report);
        res->content_type = CSV_CONTENT_TYPE;
    } else {
        status = http_response_json(res, 200, report);
    }
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
