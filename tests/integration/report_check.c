/* The plain-SQL cross-check of the reports: see report_check.h. */
#include "report_check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

/* The checker of the cross-check running now (one at a time: the test's own thread). */
static const struct report_check *cur;

static const char *json_string(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double absd(double v)
{
    return v < 0 ? -v : v;
}

/* A GET with the checker's key that must answer 200 with JSON; the caller cleans up. */
static void get_ok(const char *path, struct http_result *out)
{
    char auth[200];
    const char *headers[] = {bearer(cur->key, auth), NULL};
    if (http_call(cur->h, "GET", path, headers, NULL, 0, out) != 0 || out->status != 200 ||
        !out->json)
        fail_msg("GET %s: %ld %s", path, out->status, out->body ? out->body : "");
}

/* Runs SQL through the checker's connection; fails the test on error. */
static PGresult *sql_rows(const char *fmt, ...)
{
    static char sql[65536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    PGconn *pg = cur->pg;
    PGresult *r = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", PQerrorMessage(pg));
        PQclear(r);
        fail_msg("SQL failed: %s\n%s", msg, sql);
    }
    return r;
}

struct dim {
    const char *by;
    const char *key_sql;  /* the row key from the cases (k) and buckets (b) */
    const char *json_key; /* its key in the report's rows */
    const char *name_sql, *name_key;
};

static const struct dim dims[] = {
    {"community", "k.community_id::text", "community_id", "k.community_name", "community_name"},
    {"mediator", "coalesce(k.mediator_id::text, 'null')", "mediator_id", "k.mediator_name",
     "mediator_name"},
    {"dispute_type", "k.dispute_type::text", "dispute_type", NULL, NULL},
    {"channel", "coalesce(k.channel::text, 'null')", "channel", NULL, NULL},
    {"source", "k.source::text", "source", NULL, NULL},
    {"risk", "k.risk_level::text", "risk_level", NULL, NULL},
    {"month", "to_char(b.b, 'YYYY-MM')", "month", NULL, NULL},
    {"week", "b.b::text", "week", NULL, NULL},
};

static const struct dim *find_dim(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
        if (strlen(dims[i].by) == len && strncmp(dims[i].by, name, len) == 0)
            return &dims[i];
    return NULL;
}

/* Columns of the expected rows, after key, name1 and name2. */
static const char *const count_metrics[] = {
    "received",  "accepted", "declined", "assigned", "resolved", "failed",         "terminated",
    "withdrawn", "referred", "closed",   "open",     "overdue",  "agreement_count"};
#define COUNT_METRICS (sizeof(count_metrics) / sizeof(count_metrics[0]))
#define COL_AMOUNT (3 + COUNT_METRICS)
#define COL_ESCALATION (COL_AMOUNT + 1)
#define COL_PETITION (COL_AMOUNT + 2)
#define COL_MEAN (COL_AMOUNT + 3)
#define COL_MEDIAN (COL_AMOUNT + 4)

static int mismatch_count;
static char first_mismatch[1024];
static int metric_mismatches[64];
static const char *metric_names[64];
static int metric_name_count;

static void mismatch(const char *metric, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (mismatch_count == 0)
        snprintf(first_mismatch, sizeof(first_mismatch), "%s", msg);
    mismatch_count++;
    int i = 0;
    for (; i < metric_name_count; i++)
        if (strcmp(metric_names[i], metric) == 0)
            break;
    if (i == metric_name_count && metric_name_count < 64)
        metric_names[metric_name_count++] = metric;
    /* a few of each kind, not a flood */
    if (i < 64 && metric_mismatches[i]++ < 8)
        fprintf(stderr, "MISMATCH %s\n", msg);
}

/* The query string and the SQL condition of a filter. */
static void filter_texts(const struct report_filter *f, char *qs, size_t qn, char *where, size_t wn)
{
    size_t q = 0, w = 0;
    qs[0] = where[0] = '\0';
    if (f->community_id) {
        q += (size_t)snprintf(qs + q, qn - q, "&community_id=%ld", f->community_id);
        w += (size_t)snprintf(where + w, wn - w, " AND c.community_id = %ld", f->community_id);
    }
    if (f->mediator_id) {
        q += (size_t)snprintf(qs + q, qn - q, "&mediator_id=%ld", f->mediator_id);
        w += (size_t)snprintf(where + w, wn - w, " AND c.mediator_id = %ld", f->mediator_id);
    }
    const char *texts[][2] = {{"dispute_type", f->dispute_type},
                              {"channel", f->channel},
                              {"source", f->source},
                              {"risk_level", f->risk_level}};
    for (size_t i = 0; i < 4; i++)
        if (texts[i][1]) {
            q += (size_t)snprintf(qs + q, qn - q, "&%s=%s", texts[i][0], texts[i][1]);
            w += (size_t)snprintf(where + w, wn - w, " AND c.%s::text = '%s'", texts[i][0],
                                  texts[i][1]);
        }
}

/* The expected report, computed from the cases, agreements and centers tables: one row per key
 * (the dimension values joined by '|'), without the rows that have nothing in them (except for a
 * summary). Every count is taken on the center-time date of its event. */
static PGresult *expected_rows(const char *from, const char *to, const char *by, const char *where)
{
    const struct dim *d[2] = {NULL, NULL};
    size_t n = 0;
    const char *time_dim = NULL;
    for (const char *s = by ? by : ""; *s;) {
        size_t len = strcspn(s, ",");
        const struct dim *x = find_dim(s, len);
        assert_non_null(x);
        if (strcmp(x->by, "month") == 0 || strcmp(x->by, "week") == 0)
            time_dim = x->by;
        d[n++] = x;
        s += len + (s[len] == ',');
    }
    char buckets[1024], key[256], names[256];
    if (!time_dim)
        snprintf(buckets, sizeof(buckets),
                 "SELECT DATE '%s' AS b, DATE '%s' AS bs, DATE '%s' AS be", from, from, to);
    else
        snprintf(buckets, sizeof(buckets),
                 "SELECT g::date AS b, greatest(g::date, DATE '%s') AS bs, "
                 "least((g + interval '%s' - interval '1 day')::date, DATE '%s') AS be "
                 "FROM generate_series(date_trunc('%s', DATE '%s'::timestamp), "
                 "DATE '%s'::timestamp, interval '%s') g",
                 from, strcmp(time_dim, "month") == 0 ? "1 month" : "1 week", to, time_dim, from,
                 to, strcmp(time_dim, "month") == 0 ? "1 month" : "1 week");
    if (n == 0)
        snprintf(key, sizeof(key), "''::text");
    else if (n == 1)
        snprintf(key, sizeof(key), "%s", d[0]->key_sql);
    else
        snprintf(key, sizeof(key), "%s || '|' || %s", d[0]->key_sql, d[1]->key_sql);
    const char *name1 = NULL, *name2 = NULL;
    for (size_t i = 0; i < n; i++)
        if (d[i]->name_sql) {
            if (!name1)
                name1 = d[i]->name_sql;
            else
                name2 = d[i]->name_sql;
        }
    snprintf(names, sizeof(names), "%s AS name1, %s AS name2", name1 ? name1 : "NULL::text",
             name2 ? name2 : "NULL::text");
#define IN_BUCKET(col) "k." col " BETWEEN b.bs AND b.be"
#define OPEN_AT_END "k.rd <= b.be AND (coalesce(k.cd, k.dd) IS NULL OR coalesce(k.cd, k.dd) > b.be)"
    return sql_rows(
        "WITH k AS ("
        "  SELECT c.community_id, c.mediator_id, c.dispute_type, c.channel, c.source, "
        "         c.risk_level, c.outcome, c.prevented_escalation, c.prevented_mass_petition, "
        "         cm.name AS community_name, md.name AS mediator_name, a.amount_fen, "
        "         (c.received_at AT TIME ZONE ce.time_zone)::date AS rd, "
        "         (c.accepted_at AT TIME ZONE ce.time_zone)::date AS ad, "
        "         (c.declined_at AT TIME ZONE ce.time_zone)::date AS dd, "
        "         (c.first_assigned_at AT TIME ZONE ce.time_zone)::date AS fd, "
        "         (c.closed_at AT TIME ZONE ce.time_zone)::date AS cd, "
        "         (c.due_at AT TIME ZONE ce.time_zone)::date AS due "
        "  FROM cases c JOIN centers ce ON ce.id = c.center_id "
        "  JOIN communities cm ON cm.id = c.community_id "
        "  LEFT JOIN mediators md ON md.id = c.mediator_id "
        "  LEFT JOIN agreements a ON a.case_id = c.id "
        "  WHERE ce.code = '%s' %s), "
        "b AS (%s), "
        "x AS ("
        "  SELECT %s AS key, %s, "
        "    count(*) FILTER (WHERE " IN_BUCKET(
            "rd") ") AS received, "
                  "    count(*) FILTER (WHERE " IN_BUCKET(
                      "ad") ") AS accepted, "
                            "    count(*) FILTER (WHERE " IN_BUCKET(
                                "dd") ") AS declined, "
                                      "    count(*) FILTER (WHERE " IN_BUCKET(
                                          "fd") ") AS assigned, "
                                                "    count(*) FILTER (WHERE " IN_BUCKET(
                                                    "cd") " AND k.outcome = 'resolved') AS "
                                                          "resolved, "
                                                          "    count(*) FILTER (WHERE " IN_BUCKET(
                                                              "cd") " AND k.outcome = 'failed') AS "
                                                                    "failed, "
                                                                    "    count(*) FILTER "
                                                                    "(WHERE " IN_BUCKET(
                                                                        "cd") " AND k.outcome = "
                                                                              "'terminated') AS "
                                                                              "term, "
                                                                              "    count(*) FILTER "
                                                                              "(WHERE " IN_BUCKET(
                                                                                  "cd") " AND "
                                                                                        "k.outcome "
                                                                                        "= "
                                                                                        "'withdrawn"
                                                                                        "') AS wd, "
                                                                                        "    "
                                                                                        "count(*) "
                                                                                        "FILTER "
                                                                                        "(WHERE"
                                                                                        " " IN_BUCKET(
                                                                                            "cd") " AND k.outcome = 'referred') AS referred, "
                                                                                                  "    count(*) FILTER (WHERE " IN_BUCKET(
                                                                                                      "cd") ") AS closed, "
                                                                                                            "    count(*) FILTER (WHERE " OPEN_AT_END
                                                                                                            ") AS open, "
                                                                                                            "    count(*) FILTER (WHERE " OPEN_AT_END
                                                                                                            " AND k.due <= b.be) AS overdue, "
                                                                                                            "    count(k.amount_fen) FILTER (WHERE " IN_BUCKET(
                                                                                                                "cd") ") AS agreements, "
                                                                                                                      "    coalesce(sum(k.amount_fen) FILTER (WHERE " IN_BUCKET(
                                                                                                                          "cd") "), 0) AS fen, "
                                                                                                                                "    count(*) FILTER (WHERE " IN_BUCKET(
                                                                                                                                    "cd") " AND k.prevented_escalation) AS pe, "
                                                                                                                                          "    count(*) FILTER (WHERE " IN_BUCKET(
                                                                                                                                              "cd") " AND k.prevented_mass_petition) AS pm, "
                                                                                                                                                    "    avg((k.cd - k.ad)::numeric) FILTER (WHERE " IN_BUCKET(
                                                                                                                                                        "cd") " AND k.ad IS NOT NULL) "
                                                                                                                                                              "      AS mean, "
                                                                                                                                                              "    percentile_cont(0.5) WITHIN GROUP (ORDER BY (k.cd - k.ad)::float8) "
                                                                                                                                                              "      FILTER (WHERE " IN_BUCKET(
                                                                                                                                                                  "cd") " AND k.ad IS NOT NULL) AS median "
                                                                                                                                                                        "  FROM k CROSS JOIN b GROUP BY 1, 2, 3) "
                                                                                                                                                                        "SELECT key, name1, name2, received, accepted, declined, assigned, resolved, failed, "
                                                                                                                                                                        "       term, wd, referred, closed, open, overdue, agreements, "
                                                                                                                                                                        "       div(fen, 100)::text || '.' || lpad(mod(fen, 100)::text, 2, '0'), pe, pm, "
                                                                                                                                                                        "       mean::text, median::text "
                                                                                                                                                                        "FROM x %s ORDER BY key",
        cur->center, where, buckets, key, names,
        n ? "WHERE received + accepted + declined + assigned + closed + open + overdue + "
            "agreements + pe + pm > 0"
          : "");
#undef IN_BUCKET
#undef OPEN_AT_END
}

/* A JSON value for a message (a static buffer: one use per message). */
static const char *number_text(const cJSON *v)
{
    static char text[4][64];
    static int next;
    char *out = text[next++ % 4];
    if (cJSON_IsNumber(v))
        snprintf(out, 64, "%.10g", v->valuedouble);
    else if (cJSON_IsNull(v))
        snprintf(out, 64, "null");
    else if (cJSON_IsString(v))
        snprintf(out, 64, "\"%.60s\"", v->valuestring);
    else
        snprintf(out, 64, "missing");
    return out;
}

static long long col_ll(PGresult *r, int row, int col)
{
    return row < 0 ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* Compares a metrics object with the expected row (row < 0: nothing, all zero). */
static void compare_metrics(const char *report, const char *key, const cJSON *metrics, PGresult *r,
                            int row)
{
    if (!cJSON_IsObject(metrics)) {
        mismatch("metrics", "%s: row [%s] has no metrics object", report, key);
        return;
    }
    for (size_t m = 0; m < COUNT_METRICS; m++) {
        long long want = col_ll(r, row, 3 + (int)m);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(metrics, count_metrics[m]);
        if (!cJSON_IsNumber(v) || (long long)v->valuedouble != want)
            mismatch(count_metrics[m], "%s: row [%s] metric %s: expected %lld, actual %s", report,
                     key, count_metrics[m], want, number_text(v));
    }
    struct {
        const char *name;
        int col;
    } flags[] = {{"prevented_escalation", COL_ESCALATION},
                 {"prevented_mass_petition", COL_PETITION}};
    for (size_t m = 0; m < 2; m++) {
        long long want = col_ll(r, row, flags[m].col);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(metrics, flags[m].name);
        if (!cJSON_IsNumber(v) || (long long)v->valuedouble != want)
            mismatch(flags[m].name, "%s: row [%s] metric %s: expected %lld, actual %g", report, key,
                     flags[m].name, want, cJSON_IsNumber(v) ? v->valuedouble : -1.0);
    }
    const char *amount = row < 0 ? "0.00" : PQgetvalue(r, row, COL_AMOUNT);
    const char *got = json_string(metrics, "agreement_amount_total");
    if (!got || strcmp(got, amount) != 0)
        mismatch("agreement_amount_total",
                 "%s: row [%s] metric agreement_amount_total: expected \"%s\", actual %s%s%s",
                 report, key, amount, got ? "\"" : "", got ? got : "missing/not a string",
                 got ? "\"" : "");
    /* ratios: exact figures, reported rounded to 4 decimals */
    long long resolved = col_ll(r, row, 3 + 4), accepted = col_ll(r, row, 3 + 1),
              closed = col_ll(r, row, 3 + 9);
    struct {
        const char *name;
        long long num, den;
    } rates[] = {{"success_rate", resolved, accepted}, {"closed_success_rate", resolved, closed}};
    for (size_t m = 0; m < 2; m++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(metrics, rates[m].name);
        if (rates[m].den == 0) {
            if (!cJSON_IsNull(v))
                mismatch(rates[m].name, "%s: row [%s] metric %s: expected null (%lld/0), actual %g",
                         report, key, rates[m].name, rates[m].num,
                         cJSON_IsNumber(v) ? v->valuedouble : -1.0);
            continue;
        }
        double want = (double)rates[m].num / (double)rates[m].den;
        if (!cJSON_IsNumber(v) || absd(v->valuedouble - want) > 0.00005 + 1e-9)
            mismatch(rates[m].name, "%s: row [%s] metric %s: expected %.6f (%lld/%lld), actual %s",
                     report, key, rates[m].name, want, rates[m].num, rates[m].den, number_text(v));
    }
    /* days to close: the mean reported to 2 decimals, the median exactly */
    struct {
        const char *name;
        int col;
        double tolerance;
    } days[] = {{"mean_days_to_close", COL_MEAN, 0.005 + 1e-9},
                {"median_days_to_close", COL_MEDIAN, 1e-9}};
    for (size_t m = 0; m < 2; m++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(metrics, days[m].name);
        if (row < 0 || PQgetisnull(r, row, days[m].col)) {
            if (!cJSON_IsNull(v))
                mismatch(days[m].name, "%s: row [%s] metric %s: expected null, actual %g", report,
                         key, days[m].name, cJSON_IsNumber(v) ? v->valuedouble : -1.0);
            continue;
        }
        double want = strtod(PQgetvalue(r, row, days[m].col), NULL);
        if (!cJSON_IsNumber(v) || absd(v->valuedouble - want) > days[m].tolerance)
            mismatch(days[m].name, "%s: row [%s] metric %s: expected %s, actual %s", report, key,
                     days[m].name, PQgetvalue(r, row, days[m].col), number_text(v));
    }
}

/* The key of a report row, as expected_rows builds it. */
static void row_key(const cJSON *row, const char *by, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *s = by; *s;) {
        size_t len = strcspn(s, ",");
        const struct dim *d = find_dim(s, len);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, d->json_key);
        char text[128];
        if (cJSON_IsNumber(v))
            snprintf(text, sizeof(text), "%lld", (long long)v->valuedouble);
        else if (cJSON_IsString(v))
            snprintf(text, sizeof(text), "%s", v->valuestring);
        else if (cJSON_IsNull(v))
            snprintf(text, sizeof(text), "null");
        else
            snprintf(text, sizeof(text), "<no %s>", d->json_key);
        used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "|" : "", text);
        s += len + (s[len] == ',');
    }
}

/* Asks for one report and compares it, row by row and metric by metric, with plain SQL. */
void report_cross_check(const struct report_check *check, const char *from, const char *to,
                        const char *by, const struct report_filter *f)
{
    cur = check;
    static const struct report_filter none = {0};
    if (!f)
        f = &none;
    char qs[512], where[512], path[1024], label[1200];
    filter_texts(f, qs, sizeof(qs), where, sizeof(where));
    snprintf(path, sizeof(path), "/api/v1/reports/%s?from=%s&to=%s%s%s%s",
             by ? "breakdown" : "summary", from, to, by ? "&by=" : "", by ? by : "", qs);
    snprintf(label, sizeof(label), "GET %s", path + strlen("/api/v1/reports/"));
    struct http_result res;
    get_ok(path, &res);
    const cJSON *o = res.json;
    /* the envelope */
    if (!json_string(o, "report") || strcmp(json_string(o, "report"), by ? "breakdown" : "summary"))
        mismatch("envelope", "%s: report is not %s", label, by ? "breakdown" : "summary");
    if (!json_string(o, "from") || strcmp(json_string(o, "from"), from) || !json_string(o, "to") ||
        strcmp(json_string(o, "to"), to))
        mismatch("envelope", "%s: from/to not echoed", label);
    if (!json_string(o, "center") || strcmp(json_string(o, "center"), check->center))
        mismatch("envelope", "%s: center is not %s", label, check->center);
    const cJSON *filters = cJSON_GetObjectItemCaseSensitive(o, "filters");
    int filter_count = (f->community_id != 0) + (f->mediator_id != 0) + (f->dispute_type != NULL) +
                       (f->channel != NULL) + (f->source != NULL) + (f->risk_level != NULL);
    if (!cJSON_IsObject(filters) || cJSON_GetArraySize(filters) != filter_count)
        mismatch("envelope", "%s: filters object does not list the %d filters", label,
                 filter_count);
    PGresult *total = expected_rows(from, to, NULL, where);
    if (!by) {
        compare_metrics(label, "", cJSON_GetObjectItemCaseSensitive(o, "metrics"), total,
                        PQntuples(total) ? 0 : -1);
        PQclear(total);
        http_result_cleanup(&res);
        return;
    }
    const cJSON *by_arr = cJSON_GetObjectItemCaseSensitive(o, "by");
    char by_text[128] = "";
    const cJSON *b;
    cJSON_ArrayForEach(b, by_arr)
    {
        size_t l = strlen(by_text);
        snprintf(by_text + l, sizeof(by_text) - l, "%s%s", l ? "," : "",
                 cJSON_IsString(b) ? b->valuestring : "?");
    }
    if (strcmp(by_text, by) != 0)
        mismatch("envelope", "%s: by is [%s]", label, by_text);
    char total_label[1300];
    snprintf(total_label, sizeof(total_label), "%s (total)", label);
    compare_metrics(
        total_label, "total",
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "total"), "metrics"),
        total, PQntuples(total) ? 0 : -1);
    PQclear(total);

    PGresult *want = expected_rows(from, to, by, where);
    int rows = PQntuples(want);
    char *seen = calloc((size_t)rows + 1, 1);
    assert_non_null(seen);
    const cJSON *row;
    int row_no = 0;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(o, "rows"))
    {
        char key[256];
        row_key(row, by, key, sizeof(key));
        int match = -1;
        for (int i = 0; i < rows; i++)
            if (!seen[i] && strcmp(PQgetvalue(want, i, 0), key) == 0) {
                match = i;
                break;
            }
        if (match < 0) {
            mismatch("rows",
                     "%s: row %d [%s] is not expected (nothing happened there, or a "
                     "duplicate row)",
                     label, row_no, key);
            row_no++;
            continue;
        }
        seen[match] = 1;
        /* names of communities and mediators */
        int name_col = 1;
        for (const char *s = by; *s;) {
            size_t len = strcspn(s, ",");
            const struct dim *d = find_dim(s, len);
            if (d->name_key) {
                const char *got = json_string(row, d->name_key);
                const char *expect =
                    PQgetisnull(want, match, name_col) ? NULL : PQgetvalue(want, match, name_col);
                if ((got == NULL) != (expect == NULL) || (got && strcmp(got, expect) != 0))
                    mismatch(d->name_key, "%s: row [%s] %s: expected %s, actual %s", label, key,
                             d->name_key, expect ? expect : "null", got ? got : "null");
                name_col++;
            }
            s += len + (s[len] == ',');
        }
        char row_label[1400];
        snprintf(row_label, sizeof(row_label), "%s row %d", label, row_no);
        compare_metrics(row_label, key, cJSON_GetObjectItemCaseSensitive(row, "metrics"), want,
                        match);
        row_no++;
    }
    for (int i = 0; i < rows; i++)
        if (!seen[i])
            mismatch("rows",
                     "%s: row [%s] is missing (expected received=%s accepted=%s closed=%s "
                     "open=%s overdue=%s)",
                     label, PQgetvalue(want, i, 0), PQgetvalue(want, i, 3), PQgetvalue(want, i, 4),
                     PQgetvalue(want, i, 12), PQgetvalue(want, i, 13), PQgetvalue(want, i, 14));
    free(seen);
    PQclear(want);
    http_result_cleanup(&res);
}

void report_check_fail_on_mismatches(void)
{
    if (mismatch_count == 0)
        return;
    char summary[1024] = "";
    size_t used = 0;
    for (int i = 0; i < metric_name_count; i++)
        used += (size_t)snprintf(summary + used, sizeof(summary) - used, " %s=%d", metric_names[i],
                                 metric_mismatches[i]);
    fail_msg("%d mismatches between the reports and plain SQL (by metric:%s); first: %s",
             mismatch_count, summary, first_mismatch);
}

void report_check_reset(void)
{
    mismatch_count = 0;
    metric_name_count = 0;
    memset(metric_mismatches, 0, sizeof(metric_mismatches));
    first_mismatch[0] = '\0';
}

int report_check_mismatches(void)
{
    return mismatch_count;
}
