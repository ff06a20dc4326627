/* Operations endpoints: liveness, readiness, metrics and the API description. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "handlers.h"
#include "migrate.h"
#include "pool.h"
#include "replica.h"
#include "rollup_folder.h"
#include "server.h"
#include "spec_files.h"

int ops_healthz(struct http_request *req, struct http_response *res, void *app)
{
    (void)req;
    (void)app;
    res->content_type = "application/json";
    buf_append_str(&res->body, "{\"status\":\"ok\"}");
    return 200;
}

int ops_readyz(struct http_request *req, struct http_response *res, void *appv)
{
    /* Public: fixed words only. The database's own reasons (host, user, why) are in the log,
     * under this request's id. */
    struct db_conn *conn;
    if (api_db(req, appv, &conn) != STATUS_OK)
        return http_fail(req, STATUS_UNAVAILABLE, "database: unreachable");
    enum status st = db_migrations_current(conn, &req->error);
    if (st == STATUS_CONFLICT) {
        /* the migration planner's own words (pending, changed, unknown), no database text */
        char reason[ERROR_MESSAGE_MAX];
        memcpy(reason, req->error.message, sizeof(reason));
        return http_fail(req, STATUS_UNAVAILABLE, "migrations: %s", reason);
    }
    if (st != STATUS_OK)
        return http_fail(req, STATUS_UNAVAILABLE, "database: not answering");
    /* replicas never fail readiness: reads fall back to the primary */
    struct app *app = appv;
    static const char *const replica_words[] = {
        [DB_REPLICAS_OK] = "ok", [DB_REPLICAS_LAGGING] = "lagging", [DB_REPLICAS_DOWN] = "down"};
    res->content_type = "application/json";
    st = buf_append_str(&res->body,
                        "{\"status\":\"ready\",\"database\":\"ok\",\"migrations\":\"current\"");
    if (st == STATUS_OK && app->replicas)
        st = buf_printf(&res->body, ",\"replica\":\"%s\"",
                        replica_words[db_replicas_health(app->replicas)]);
    if (st == STATUS_OK)
        st = buf_append_str(&res->body, "}");
    if (st != STATUS_OK)
        return http_fail(req, st, "out of memory");
    return 200;
}

/* Replicas (when configured) and the maintenance job's leadership. */
static enum status render_scale_metrics(struct app *app, struct buf *out)
{
    struct db_folder_lead lead;
    db_folder_lead(app->folder, &lead);
    enum status st =
        buf_printf(out,
                   "# HELP mediationd_job_leader Whether this instance runs the background job "
                   "for all instances.\n"
                   "# TYPE mediationd_job_leader gauge\n"
                   "mediationd_job_leader{job=\"maintenance\"} %d\n"
                   "# HELP mediationd_job_runs_total Runs of the background job by this "
                   "instance.\n"
                   "# TYPE mediationd_job_runs_total counter\n"
                   "mediationd_job_runs_total{job=\"maintenance\"} %lu\n",
                   lead.leading ? 1 : 0, lead.runs);
    int n = db_replicas_count(app->replicas);
    if (st != STATUS_OK || n == 0)
        return st;
    st = buf_printf(out,
                    "# HELP mediationd_db_reads_total Reads routed, by where they went.\n"
                    "# TYPE mediationd_db_reads_total counter\n"
                    "mediationd_db_reads_total{target=\"primary\"} %lu\n",
                    db_replicas_primary_reads(app->replicas));
    unsigned long replica_reads = 0;
    for (int i = 0; i < n; i++) {
        struct db_replica_stats rs;
        db_replicas_stats(app->replicas, i, &rs);
        replica_reads += rs.reads;
    }
    if (st == STATUS_OK)
        st = buf_printf(out, "mediationd_db_reads_total{target=\"replica\"} %lu\n", replica_reads);
    static const char *const families[][3] = {
        {"up", "gauge", "Whether the replica answers as a standby."},
        {"usable", "gauge", "Whether reads go to the replica (up and within REPLICA_MAX_LAG_MS)."},
        {"lag_seconds", "gauge",
         "How long ago the primary first held WAL the replica has not replayed (-1: down)."},
        {"lag_bytes", "gauge", "WAL the primary holds that the replica has not replayed."},
        {"reads_total", "counter", "Reads served by the replica."},
    };
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]) && st == STATUS_OK; f++) {
        st = buf_printf(out, "# HELP mediationd_replica_%s %s\n# TYPE mediationd_replica_%s %s\n",
                        families[f][0], families[f][2], families[f][0], families[f][1]);
        for (int i = 0; i < n && st == STATUS_OK; i++) {
            struct db_replica_stats rs;
            db_replicas_stats(app->replicas, i, &rs);
            double v[] = {rs.up, rs.usable, rs.lag_ms < 0 ? -1.0 : (double)rs.lag_ms / 1000.0,
                          (double)rs.lag_bytes, (double)rs.reads};
            st = buf_printf(out, "mediationd_replica_%s{replica=\"%d\"} %.15g\n", families[f][0], i,
                            v[f]);
        }
    }
    return st;
}

int ops_metrics(struct http_request *req, struct http_response *res, void *appv)
{
    struct app *app = appv;
    struct db_pool_stats ps;
    db_pool_get_stats(app->pool, &ps);
    enum status st = http_server_render_metrics(app->server, &res->body);
    if (st == STATUS_OK)
        st = buf_printf(&res->body,
                        "# HELP mediationd_db_pool_connections Database connections by state.\n"
                        "# TYPE mediationd_db_pool_connections gauge\n"
                        "mediationd_db_pool_connections{state=\"in_use\"} %d\n"
                        "mediationd_db_pool_connections{state=\"idle\"} %d\n"
                        "mediationd_db_pool_connections{state=\"size\"} %d\n"
                        "# HELP mediationd_db_connects_total Database connections opened.\n"
                        "# TYPE mediationd_db_connects_total counter\n"
                        "mediationd_db_connects_total %lu\n"
                        "# HELP mediationd_db_reconnects_total Broken database connections "
                        "reopened.\n"
                        "# TYPE mediationd_db_reconnects_total counter\n"
                        "mediationd_db_reconnects_total %lu\n",
                        ps.in_use, ps.idle, ps.size, ps.connects, ps.reconnects);
    if (st == STATUS_OK)
        st = render_scale_metrics(app, &res->body);
    if (st != STATUS_OK)
        return http_fail(req, st, "cannot render metrics");
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}

/* The embedded spec file as it is. */
static int spec_file(struct http_request *req, struct http_response *res, enum spec_id file,
                     const char *content_type)
{
    const struct embedded_spec *spec = &spec_files[file];
    if (buf_append(&res->body, spec->text, spec->length) != STATUS_OK)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    res->content_type = content_type;
    return 200;
}

int ops_openapi_yaml(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    return spec_file(req, res, SPEC_OPENAPI, "application/yaml; charset=utf-8");
}

int ops_openapi_json(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    return spec_file(req, res, SPEC_OPENAPI_JSON, "application/json");
}
