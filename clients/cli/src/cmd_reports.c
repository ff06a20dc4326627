/* mediationctl reports …: summary, breakdown and overdue, as aligned tables (Chinese names line
 * up), the server's CSV, or its JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define REPORT_FILTER_OPTS                                                                         \
    {"from", "DATE", "first day, YYYY-MM-DD (required)", 0},                                       \
        {"to", "DATE", "last day, inclusive (required)", 0},                                       \
        {"center", "CODE", "one center (city-level callers)", 0},                                  \
        {"community", "ID", "only this community", 0},                                             \
        {"mediator", "ID", "only this mediator", 0},                                               \
        {"dispute-type", "TYPE", "only this dispute type", 0},                                     \
        {"channel", "CHANNEL", "people, administrative, judicial, industry", 0},                   \
        {"source", "SOURCE", "only this source", 0},                                               \
    {                                                                                              \
        "risk", "LEVEL", "only this risk level", 0                                                 \
    }

static const char *const filter_query[][2] = {
    {"from", "from"},
    {"to", "to"},
    {"center", "center"},
    {"community_id", "community"},
    {"mediator_id", "mediator"},
    {"dispute_type", "dispute-type"},
    {"channel", "channel"},
    {"source", "source"},
    {"risk_level", "risk"},
    {"by", "by"},
    {NULL, NULL},
};

/* GETs a report; --csv prints the server's CSV as it is. *out: the JSON (caller deletes) when the
 * output is not CSV. */
static int fetch(struct cli *cli, const struct opts *o, const char *path, cJSON **out)
{
    *out = NULL;
    struct buf url;
    buf_init(&url, 8192);
    int rc = cli_query_from_opts(&url, path, o, filter_query) == 0 ? EXIT_OK : EXIT_USAGE;
    if (rc == EXIT_OK && cli->output == OUTPUT_CSV && api_query_add(&url, "format", "csv") != 0)
        rc = EXIT_USAGE;
    struct api_response res;
    if (rc == EXIT_OK)
        rc = cli_call(cli, "GET", buf_str(&url), NULL, NULL, NULL, &res);
    buf_cleanup(&url);
    if (rc != EXIT_OK) {
        if (rc != EXIT_USAGE)
            api_response_cleanup(&res);
        return rc;
    }
    if (cli->output == OUTPUT_CSV) {
        if (fwrite(buf_str(&res.body), 1, res.body.len, stdout) != res.body.len)
            rc = EXIT_FAILURE_;
    } else if (!(*out = cli_json(&res))) {
        rc = EXIT_FAILURE_;
    }
    api_response_cleanup(&res);
    return rc;
}

static int need_period(const struct opts *o)
{
    if (opts_get(o, "from") && opts_get(o, "to"))
        return 0;
    fprintf(stderr, "error: give --from and --to (YYYY-MM-DD)\n");
    return -1;
}

static const struct opt_spec summary_opts[] = {
    REPORT_FILTER_OPTS,
    {NULL, NULL, NULL, 0},
};

static int run_summary(struct cli *cli, const struct opts *o)
{
    if (need_period(o) != 0)
        return EXIT_USAGE;
    cJSON *r;
    int rc = fetch(cli, o, "/api/v1/reports/summary", &r);
    if (rc != EXIT_OK || !r)
        return rc;
    if (cli->output == OUTPUT_JSON) {
        rc = cli_print_json(r);
    } else {
        const char *head[] = {"metric", "value"};
        struct table *t = table_new(2, head);
        table_set_right(t, 1, true);
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(r, "metrics"))
        {
            char v[128];
            const char *row[] = {m->string, cli_value(m, v, sizeof(v))};
            table_add_row(t, row);
        }
        printf("%s … %s%s%s\n", cJSON_GetStringValue(cJSON_GetObjectItem(r, "from")),
               cJSON_GetStringValue(cJSON_GetObjectItem(r, "to")),
               cJSON_IsString(cJSON_GetObjectItem(r, "center")) ? ", center " : "",
               cJSON_IsString(cJSON_GetObjectItem(r, "center"))
                   ? cJSON_GetStringValue(cJSON_GetObjectItem(r, "center"))
                   : "");
        rc = cli_print_table(cli, t);
        table_free(t);
    }
    cJSON_Delete(r);
    return rc;
}

static const struct opt_spec breakdown_opts[] = {
    {"by", "DIM[,DIM]", "community, mediator, dispute_type, channel, source, risk, month, week", 0},
    {"metrics", "M,M,…",
     "columns to show (default received,accepted,resolved,success_rate,"
     "agreement_count,agreement_amount_total,open,overdue)",
     0},
    REPORT_FILTER_OPTS,
    {NULL, NULL, NULL, 0},
};

/* The row member that shows a dimension. */
static const char *dimension_field(const char *dim)
{
    static const char *const map[][2] = {
        {"community", "community_name"},
        {"mediator", "mediator_name"},
        {"dispute_type", "dispute_type"},
        {"channel", "channel"},
        {"source", "source"},
        {"risk", "risk_level"},
        {"month", "month"},
        {"week", "week"},
    };
    for (size_t i = 0; i < COUNT(map); i++)
        if (strcmp(map[i][0], dim) == 0)
            return map[i][1];
    return dim;
}

#define MAX_COLUMNS 24

/* Splits a comma list into parts (pointers into copy). */
static size_t split(char *copy, const char **parts, size_t max)
{
    size_t n = 0;
    for (char *p = copy; p && *p && n < max;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p)
            parts[n++] = p;
        p = comma ? comma + 1 : NULL;
    }
    return n;
}

static int run_breakdown(struct cli *cli, const struct opts *o)
{
    if (need_period(o) != 0)
        return EXIT_USAGE;
    if (!opts_get(o, "by")) {
        fprintf(stderr, "error: give --by (community, mediator, dispute_type, …)\n");
        return EXIT_USAGE;
    }
    cJSON *r;
    int rc = fetch(cli, o, "/api/v1/reports/breakdown", &r);
    if (rc != EXIT_OK || !r)
        return rc;
    if (cli->output == OUTPUT_JSON) {
        rc = cli_print_json(r);
        cJSON_Delete(r);
        return rc;
    }
    char by_copy[256], metrics_copy[512];
    snprintf(by_copy, sizeof(by_copy), "%s", opts_get(o, "by"));
    snprintf(metrics_copy, sizeof(metrics_copy), "%s",
             opts_get(o, "metrics") ? opts_get(o, "metrics")
                                    : "received,accepted,resolved,success_rate,agreement_count,"
                                      "agreement_amount_total,open,overdue");
    const char *dims[2], *metrics[MAX_COLUMNS - 2];
    size_t nd = split(by_copy, dims, 2);
    size_t nm = split(metrics_copy, metrics, COUNT(metrics));
    const char *heads[MAX_COLUMNS];
    char paths[MAX_COLUMNS][96];
    for (size_t i = 0; i < nd; i++) {
        heads[i] = dims[i];
        snprintf(paths[i], sizeof(paths[i]), "%s", dimension_field(dims[i]));
    }
    for (size_t i = 0; i < nm; i++) {
        heads[nd + i] = metrics[i];
        snprintf(paths[nd + i], sizeof(paths[nd + i]), "metrics.%s", metrics[i]);
    }
    size_t n = nd + nm;
    struct table *t = table_new(n, heads);
    if (!t) {
        cJSON_Delete(r);
        return EXIT_FAILURE_;
    }
    for (size_t i = nd; i < n; i++)
        table_set_right(t, i, true);
    for (size_t i = 0; i < nd; i++)
        table_set_max_width(t, i, 30);
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r, "rows"))
    {
        char v[MAX_COLUMNS][256];
        const char *cells[MAX_COLUMNS];
        for (size_t i = 0; i < n; i++) {
            cells[i] = cli_field(row, paths[i], v[i], sizeof(v[i]));
            /* a community or mediator without a name: its id */
            if (i < nd && !*cells[i] && strstr(paths[i], "_name")) {
                char id[96];
                snprintf(id, sizeof(id), "%.*s_id", (int)(strlen(paths[i]) - 5), paths[i]);
                cells[i] = cli_field(row, id, v[i], sizeof(v[i]));
            }
        }
        table_add_row(t, cells);
    }
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(r, "total");
    if (total) {
        char v[MAX_COLUMNS][256];
        const char *cells[MAX_COLUMNS];
        for (size_t i = 0; i < n; i++)
            cells[i] = i == 0 ? "合计 total" : i < nd ? "" : cli_field(total, paths[i], v[i], 256);
        table_add_row(t, cells);
    }
    rc = cli_print_table(cli, t);
    table_free(t);
    cJSON_Delete(r);
    return rc;
}

static const struct opt_spec overdue_opts[] = {
    {"within-days", "N", "also cases due within N days (0-365, default 3)", 0},
    {"center", "CODE", "one center (city-level callers)", 0},
    {"limit", "N", "cases per page (1-500)", 0},
    {"cursor", "CURSOR", "continue from a next_cursor", 0},
    {"all", NULL, "follow next_cursor to the last page", 0},
    {NULL, NULL, NULL, 0},
};

static int run_overdue(struct cli *cli, const struct opts *o)
{
    static const char *const q[][2] = {
        {"within_days", "within-days"}, {"center", "center"}, {"limit", "limit"}, {NULL, NULL}};
    struct buf path;
    buf_init(&path, 4096);
    int rc =
        cli_query_from_opts(&path, "/api/v1/reports/overdue", o, q) == 0 ? EXIT_OK : EXIT_USAGE;
    static const char *const fields[] = {"case_no", "status",    "risk_level",    "dispute_type",
                                         "due_at",  "days_over", "mediator_name", "community_id"};
    static const char *const heads[] = {"case_no", "status",    "risk",     "type",
                                        "due",     "days_over", "mediator", "community"};
    if (rc == EXIT_OK)
        rc = cli_print_list(cli, buf_str(&path), o, fields, heads, COUNT(fields), NULL);
    buf_cleanup(&path);
    return rc;
}

const struct command report_commands[] = {
    {"reports", "summary", "", "the period's metrics (GET /api/v1/reports/summary)",
     "--csv prints the server's CSV (every metric, bilingual headers, UTF-8 with a BOM).",
     summary_opts, 0, 0, true, run_summary},
    {"reports", "breakdown", "", "metrics split by one or two dimensions",
     "A table with a row per dimension value and a total row; --csv prints the server's CSV.\n"
     "Example: mediationctl reports breakdown --from 2026-01-01 --to 2026-12-31 --by community",
     breakdown_opts, 0, 0, true, run_breakdown},
    {"reports", "overdue", "", "open cases past or near their deadline, soonest first", NULL,
     overdue_opts, 0, 0, true, run_overdue},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, NULL},
};
