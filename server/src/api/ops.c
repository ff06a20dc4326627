/* Operations endpoints: liveness, readiness, metrics and the API description. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "handlers.h"
#include "migrate.h"
#include "pool.h"
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
    res->content_type = "application/json";
    buf_append_str(&res->body,
                   "{\"status\":\"ready\",\"database\":\"ok\",\"migrations\":\"current\"}");
    return 200;
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
    if (st != STATUS_OK)
        return http_fail(req, st, "cannot render metrics");
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}

int ops_openapi_yaml(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    const struct embedded_spec *spec = &spec_files[SPEC_OPENAPI];
    if (buf_append(&res->body, spec->text, spec->length) != STATUS_OK)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    res->content_type = "application/yaml; charset=utf-8";
    return 200;
}

int ops_openapi_json(struct http_request *req, struct http_response *res, void *app)
{
    (void)app;
    const struct embedded_spec *spec = &spec_files[SPEC_OPENAPI_JSON];
    if (buf_append(&res->body, spec->text, spec->length) != STATUS_OK)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    res->content_type = "application/json";
    return 200;
}
