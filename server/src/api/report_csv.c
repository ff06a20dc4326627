/* The summary and breakdown reports as CSV, rendered from their JSON. A report is rendered from
 * its JSON rather than from the rollup rows because a snapshot keeps only its JSON (frozen when
 * it was taken) and must read back as the same CSV as the live report it froze: one renderer
 * serves both, so the two cannot drift apart. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "report.h"

/* csv_field neutralises formulas and never cuts. */
void report_csv_value(struct buf *out, const cJSON *v, bool first)
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

void report_csv_metrics_header(struct buf *out, bool first)
{
    for (size_t i = 0; i < report_metric_column_count; i++) {
        char header[96];
        snprintf(header, sizeof(header), "%s %s", report_metric_columns[i].key,
                 report_metric_columns[i].label_zh);
        csv_field(out, header, first && i == 0);
    }
}

void report_csv_metrics(struct buf *out, const cJSON *metrics, bool first)
{
    for (size_t i = 0; i < report_metric_column_count; i++)
        report_csv_value(out,
                         cJSON_GetObjectItemCaseSensitive(metrics, report_metric_columns[i].key),
                         first && i == 0);
}

/* The dimension a "by" entry names; false for anything else (a snapshot's JSON is ours, so this
 * is only a guard). */
static bool by_dim(const cJSON *entry, enum report_dim *d)
{
    return cJSON_IsString(entry) &&
           report_dim_parse(entry->valuestring, strlen(entry->valuestring), d);
}

static void period_cells(struct buf *out, const char *from, const char *to, const char *center)
{
    csv_field(out, from, true);
    csv_field(out, to, false);
    csv_field(out, center, false);
}

void report_csv(struct buf *out, const cJSON *report)
{
    csv_begin(out);
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(report, "rows");
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(report, "by");
    period_cells(out, "from 起始日期", "to 截止日期", "center 中心");
    const cJSON *entry;
    enum report_dim d;
    cJSON_ArrayForEach(entry, by)
    {
        if (!by_dim(entry, &d))
            continue;
        const struct report_dim_info *info = report_dim_info(d);
        char header[128];
        snprintf(header, sizeof(header), "%s %s", info->key, info->label_zh);
        csv_field(out, header, false);
        if (info->name_key) {
            snprintf(header, sizeof(header), "%s 名称", info->name_key);
            csv_field(out, header, false);
        }
    }
    report_csv_metrics_header(out, false);
    csv_end_row(out);
    const cJSON *from_item = cJSON_GetObjectItemCaseSensitive(report, "from");
    const cJSON *to_item = cJSON_GetObjectItemCaseSensitive(report, "to");
    const char *from = cJSON_IsString(from_item) ? from_item->valuestring : "";
    const char *to = cJSON_IsString(to_item) ? to_item->valuestring : "";
    const cJSON *center = cJSON_GetObjectItemCaseSensitive(report, "center");
    const char *center_text = cJSON_IsString(center) ? center->valuestring : "";
    if (!rows) {
        period_cells(out, from, to, center_text);
        report_csv_metrics(out, cJSON_GetObjectItemCaseSensitive(report, "metrics"), false);
        csv_end_row(out);
        return;
    }
    const cJSON *row;
    cJSON_ArrayForEach(row, rows)
    {
        period_cells(out, from, to, center_text);
        cJSON_ArrayForEach(entry, by)
        {
            if (!by_dim(entry, &d))
                continue;
            const struct report_dim_info *info = report_dim_info(d);
            report_csv_value(out, cJSON_GetObjectItemCaseSensitive(row, info->key), false);
            if (info->name_key)
                report_csv_value(out, cJSON_GetObjectItemCaseSensitive(row, info->name_key), false);
        }
        report_csv_metrics(out, cJSON_GetObjectItemCaseSensitive(row, "metrics"), false);
        csv_end_row(out);
    }
    /* the total row */
    period_cells(out, from, to, center_text);
    cJSON_ArrayForEach(entry, by)
    {
        if (!by_dim(entry, &d))
            continue;
        csv_field(out, "合计 total", false);
        if (report_dim_info(d)->name_key)
            csv_field(out, "", false);
    }
    report_csv_metrics(out,
                       cJSON_GetObjectItemCaseSensitive(
                           cJSON_GetObjectItemCaseSensitive(report, "total"), "metrics"),
                       false);
    csv_end_row(out);
}
