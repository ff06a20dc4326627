/* What the report files of api/ share (report_params.c, report_json.c, report_csv.c, reports.c,
 * report_snapshots.c, report_mediators.c, report_overdue.c): the parameters of a summary or
 * breakdown, how each dimension shows in JSON and CSV, and the JSON and CSV renderings. The
 * rules of which rollup answers live in domain/report_plan.h. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "buf.h"
#include "report_plan.h"
#include "report_store.h"
#include "request.h"

/* ---- dimensions and parameters (report_params.c) ---- */

/* How a dimension shows. Static. */
struct report_dim_info {
    const char *filter;   /* its filter parameter; NULL for month and week */
    const char *key;      /* its key in JSON rows and its CSV column */
    const char *label_zh; /* its CSV header after the key */
    const char *name_key; /* the key of the names of its ids (numeric ids: community and
                           * mediator); NULL for the others */
};

/* d must be a dimension (< REPORT_DIM_COUNT). */
const struct report_dim_info *report_dim_info(enum report_dim d);

struct report_params {
    const char *from, *to;
    const char *center; /* code, NULL: the caller's (or every center) */
    int center_id;
    struct report_selection sel; /* breakdowns and filters */
    bool csv;
    int cube_cells_max; /* REPORT_CUBE_CELLS_MAX, the server's setting */
};

/* A report's parameters as name/value text, read the same way from the query string of a GET and
 * from a snapshot's params object, so that both are validated by one code path with one set of
 * limits (report_params_parse). Names and values point into the request (or its arena). */
#define REPORT_PARAMS_MAX 16

struct report_param_source {
    struct http_request *req;
    size_t count;
    bool too_many;
    struct {
        const char *name, *value;
    } items[REPORT_PARAMS_MAX];
};

/* The query string's arguments. */
void report_params_from_query(struct http_request *req, struct report_param_source *src);

/* A snapshot's params object: each member a string, or a number written as its digits; any other
 * type is a field error on req (named as the member). */
void report_params_from_object(struct http_request *req, const cJSON *object,
                               struct report_param_source *src);

/* Field errors on src->req for parameters not in allowed (NULL-terminated), given twice, or
 * longer than CURSOR_MAX bytes, and for more than REPORT_PARAMS_MAX of them. */
void report_params_check(const struct report_param_source *src, const char *const *allowed);

/* Reads and checks the parameters of a summary (with_by false) or breakdown into *p; field errors
 * on src->req name the parameter. */
void report_params_parse(struct app *app, const struct report_param_source *src, bool with_by,
                         struct report_params *p);

/* The caller's center, or the one a city-level caller names (p->center_id 0: every center). */
enum status report_params_resolve_center(struct http_request *req, struct app *app,
                                         struct report_params *p);

/* Whether the answer is CSV: format=csv, or no format and an Accept naming text/csv. */
bool report_params_wants_csv(struct http_request *req, const char *format);

/* ---- JSON (report_json.c) ---- */

/* The metric columns, in output order: their JSON keys and CSV labels. */
struct report_metric_column {
    const char *key, *label_zh;
};
extern const struct report_metric_column report_metric_columns[];
extern const size_t report_metric_column_count;

/* A row's metrics object (the caller owns it). */
cJSON *report_json_metrics(const struct report_row *r);

/* Builds the report's JSON (summary: breakdown false) from one snapshot of the rollups: the rows,
 * the total row and the names read in one read-only transaction, so that they agree. Returns the
 * HTTP status; on 200 *out is the caller's to delete. */
int report_json_build(struct http_request *req, struct app *app, const struct report_params *p,
                      bool breakdown, cJSON **out);

/* The satisfaction ratings (满意度评价, given in the portal) of an unfiltered summary's period,
 * read beside the rollups: count and mean into report's metrics (reports.c). A breakdown, or a
 * summary with a filter, keeps them null: the ratings are not broken down by dimension (per
 * campaign they are, GET /reports/campaigns). Returns 200, or the status of a failure. */
int report_satisfaction_add(struct http_request *req, struct app *app,
                            const struct report_params *p, cJSON *report);

/* ---- CSV (report_csv.c) ---- */

/* One cell from a JSON value: a number as the server formats it, a string whole, else empty. */
void report_csv_value(struct buf *out, const cJSON *v, bool first);

/* The metric columns' headers, and a metrics object's cells. */
void report_csv_metrics_header(struct buf *out, bool first);
void report_csv_metrics(struct buf *out, const cJSON *metrics, bool first);

/* A summary or breakdown as report_json_build builds it (live, or frozen in a snapshot). */
void report_csv(struct buf *out, const cJSON *report);
