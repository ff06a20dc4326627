/* The paths the resource handlers share (resource.h). */
#include "resource.h"

#include <string.h>

#include "community_store.h"

int api_connect(struct http_request *req, void *app, bool replica, struct db_conn **conn)
{
    enum status st = replica ? api_read_db(req, app, conn) : api_db(req, app, conn);
    return st == STATUS_OK ? 0 : http_fail_with_error(req);
}

bool api_out_of_memory(struct http_request *req)
{
    http_fail(req, STATUS_NO_MEMORY, "out of memory");
    return false;
}

int api_path_connect(struct http_request *req, void *app, bool replica, long *id,
                     struct db_conn **conn)
{
    if (!input_path_id(req, "id", id))
        return 404;
    return api_connect(req, app, replica, conn);
}

int api_list_page(struct http_request *req, struct http_response *res, void *app,
                  const struct api_list *list, void *ctx)
{
    long limit, after;
    int refused = input_page(req, list->name, list->first, &limit, &after);
    struct db_conn *conn;
    if (!refused)
        refused = api_connect(req, app, list->replica, &conn);
    if (refused)
        return refused;
    const void *rows = NULL;
    size_t count = 0;
    if (list->fetch(req, conn, ctx, after, (int)limit + 1, &rows, &count) != STATUS_OK)
        return http_fail_with_error(req);
    return output_page(res, list->name, rows, count, (size_t)limit, list->item, list->id);
}

int api_respond(struct http_request *req, struct http_response *res, int status, cJSON *o,
                const char *etag)
{
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    if (etag)
        http_response_header(res, "ETag", etag);
    return output_json(res, status, o);
}

int api_created(struct http_request *req, struct http_response *res, const char *collection,
                long id, cJSON *o, const char *etag)
{
    const char *location = arena_printf(req->arena, "/api/v1/%s/%ld", collection, id);
    if (!location) {
        cJSON_Delete(o);
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    }
    http_response_header(res, "Location", location);
    return api_respond(req, res, 201, o, etag);
}

const char *api_target_center(struct http_request *req, const char *code)
{
    const struct principal *who = api_caller(req);
    if (!who->center_id)
        return code;
    if (code && strcmp(code, who->center_code) != 0)
        error_add_field(&req->error, "center", "must be your own center, %s", who->center_code);
    return who->center_code;
}

const char *api_center_field(struct http_request *req, const char *code)
{
    const char *center = api_target_center(req, code);
    return api_caller(req)->center_id ? NULL : center;
}

enum status api_center_id(struct http_request *req, struct db_conn *conn, const char *code,
                          int *center_id, struct error *err)
{
    *center_id = api_caller(req)->center_id;
    return *center_id ? STATUS_OK : db_center_resolve(conn, code, center_id, err);
}

/* The handler's work and renderer, and their context, run as the caller. */
struct as_caller {
    struct http_request *req;
    api_work_as_caller work;
    int (*render)(struct http_request *req, struct http_response *res, void *ctx);
    void *ctx;
};

static enum status as_caller_tx(struct db_conn *conn, void *ctx, struct error *err)
{
    const struct as_caller *a = ctx;
    struct db_actor actor;
    api_actor(a->req, &actor);
    return a->work(conn, a->ctx, &actor, err);
}

static int as_caller_render(struct http_request *req, struct http_response *res, void *ctx)
{
    const struct as_caller *a = ctx;
    return a->render(req, res, a->ctx);
}

int api_mutate_as_caller(
    struct http_request *req, struct http_response *res, struct app *app, api_work_as_caller work,
    int (*render)(struct http_request *req, struct http_response *res, void *ctx), void *ctx)
{
    struct as_caller a = {req, work, render, ctx};
    return api_mutate(req, res, app, as_caller_tx, as_caller_render, &a);
}

enum status api_transact_as_caller(struct http_request *req, struct app *app,
                                   api_work_as_caller work, void *ctx)
{
    struct as_caller a = {req, work, NULL, ctx};
    return api_transact(req, app, as_caller_tx, &a);
}

static enum status create_tx(struct db_conn *conn, void *ctx, const struct db_actor *actor,
                             struct error *err)
{
    struct api_create *create = ctx;
    int center_id;
    enum status st = api_center_id(create->req, conn, create->center, &center_id, err);
    if (st != STATUS_OK)
        return st;
    return create->insert(conn, create, center_id, actor, err);
}

int api_create(struct http_request *req, struct http_response *res, void *app,
               struct api_create *create,
               int (*render)(struct http_request *req, struct http_response *res, void *ctx))
{
    if (req->error.field_count)
        return 422;
    create->req = req;
    return api_mutate_as_caller(req, res, app, create_tx, render, create);
}
