/* The paths the resource handlers share: a connection for a read, a page of a list, a row by the
 * path's id, the center a request names, and the answer that shows a created or read row. A
 * handler keeps only what is its resource's own (its fields, its checks, its store call). */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "app.h"
#include "input.h"
#include "output.h"

/* The request's connection: a replica's when replica (api_read_db: the handler only reads), else
 * the primary's (api_db). Returns 0, or the HTTP status to answer with (req->error rendered). */
int api_connect(struct http_request *req, void *app, bool replica, struct db_conn **conn);

/* Allocates a handler's context ctx (zeroed, in the request arena) and sets its req member: true,
 * or false when out of memory (req->error set: 500). */
#define API_CTX_NEW(request, ctx)                                                                  \
    (((ctx) = arena_calloc((request)->arena, 1, sizeof(*(ctx)))) != NULL                           \
         ? ((ctx)->req = (request), true)                                                          \
         : api_out_of_memory(request))

/* The start of a handler with a context and a body: API_CTX_NEW, then input_body(allowed). The
 * body, or NULL with req->error set (500, 400 or 422). */
#define API_CTX_BODY(request, ctx, allowed)                                                        \
    (API_CTX_NEW(request, ctx) ? input_body(request, allowed) : NULL)

/* The same for a handler that changes the row its path names: input_path_body into ctx->id. */
#define API_CTX_PATH_BODY(request, ctx, allowed)                                                   \
    (API_CTX_NEW(request, ctx) ? input_path_body(request, &(ctx)->id, allowed) : NULL)

/* Fails the request with 500, out of memory; returns false. */
bool api_out_of_memory(struct http_request *req);

/* input_path_id("id") then api_connect: 0, or the HTTP status to answer with. */
int api_path_connect(struct http_request *req, void *app, bool replica, long *id,
                     struct db_conn **conn);

/* A paged list (output_page). fetch reads at most limit rows after the cursor's id into *rows and
 * *count (arena memory), with ctx the handler's; on failure it fills req->error. */
struct api_list {
    const char *name; /* the list the cursor belongs to */
    bool replica;     /* a read that a replica may serve */
    long first;       /* the cursor value of the first page (0, or LONG_MAX for newest first) */
    enum status (*fetch)(struct http_request *req, struct db_conn *conn, void *ctx, long after,
                         int limit, const void **rows, size_t *count);
    cJSON *(*item)(const void *rows, size_t i);
    long (*id)(const void *rows, size_t i);
};

/* The page parameters (input_page), the connection, fetch of limit + 1 rows (the one more tells
 * whether another page follows), the page. Returns the HTTP status. */
int api_list_page(struct http_request *req, struct http_response *res, void *app,
                  const struct api_list *list, void *ctx);

/* Answers status with o (NULL: out of memory, 500) and, when etag is not NULL, an ETag header.
 * Takes o. */
int api_respond(struct http_request *req, struct http_response *res, int status, cJSON *o,
                const char *etag);

/* api_respond(201) with Location /api/v1/<collection>/<id>. Takes o. */
int api_created(struct http_request *req, struct http_response *res, const char *collection,
                long id, cJSON *o, const char *etag);

/* The center code a new account or key goes to: a center-bound caller's own (naming another is a
 * field error in req->error); a city-level caller's choice, NULL meaning city-level. */
const char *api_target_center(struct http_request *req, const char *code);

/* The `center` a request names (a body member or query parameter): a center-bound caller may
 * name only their own (another is a field error in req->error) and gets NULL, the caller's own;
 * a city-level caller's choice is returned, to resolve inside the transaction. */
const char *api_center_field(struct http_request *req, const char *code);

/* The center a new row goes to: the caller's own, or for a city-level caller the center named by
 * code (db_center_resolve: an unknown or absent code is a field error). */
enum status api_center_id(struct http_request *req, struct db_conn *conn, const char *code,
                          int *center_id, struct error *err);

/* The work of a transaction that writes as the caller: ctx is the handler's, actor the caller as
 * the author of the change (api_actor). */
typedef enum status (*api_work_as_caller)(struct db_conn *conn, void *ctx,
                                          const struct db_actor *actor, struct error *err);

/* api_mutate and api_transact of work that writes as the caller. */
int api_mutate_as_caller(
    struct http_request *req, struct http_response *res, struct app *app, api_work_as_caller work,
    int (*render)(struct http_request *req, struct http_response *res, void *ctx), void *ctx);
enum status api_transact_as_caller(struct http_request *req, struct app *app,
                                   api_work_as_caller work, void *ctx);

/* The context of a handler that creates one row in a center the request names, authored by the
 * caller: the handler's own context starts with it. insert stores the row (ctx is the handler's
 * context, center_id from api_center_id, actor the caller). */
struct api_create {
    struct http_request *req;
    const char *center; /* api_center_field's answer */
    enum status (*insert)(struct db_conn *conn, void *ctx, int center_id,
                          const struct db_actor *actor, struct error *err);
};

/* 422 when the body had field errors, else api_mutate_as_caller of api_center_id then
 * create->insert, with render answering (its ctx is create). Returns the HTTP status. */
int api_create(struct http_request *req, struct http_response *res, void *app,
               struct api_create *create,
               int (*render)(struct http_request *req, struct http_response *res, void *ctx));

/* The store call of a center-scoped list, `store(conn, arena, center_id, after, limit, &rows,
 * &count, err)`, as an api_list fetch named name over rows of type. */
#define API_LIST_FETCH(name, type, store)                                                          \
    static enum status name(struct http_request *req, struct db_conn *conn, void *ctx, long after, \
                            int limit, const void **rows, size_t *count)                           \
    {                                                                                              \
        (void)ctx;                                                                                 \
        type *items = NULL;                                                                        \
        enum status st = store(conn, req->arena, api_caller(req)->center_id, after, limit, &items, \
                               count, &req->error);                                                \
        *rows = items;                                                                             \
        return st;                                                                                 \
    }

/* The handler of a center-scoped list of `type` (a struct with a `long id`) rendered by json,
 * read through store (API_LIST_FETCH) and paged under list_name. */
#define API_LIST_HANDLER(handler, list_name, replica_ok, type, store, json)                        \
    OUTPUT_PAGE_CALLBACKS(handler##_page, type, json)                                              \
    API_LIST_FETCH(handler##_fetch, type, store)                                                   \
    int handler(struct http_request *req, struct http_response *res, void *app)                    \
    {                                                                                              \
        static const struct api_list list = {.name = list_name,                                    \
                                             .replica = replica_ok,                                \
                                             .fetch = handler##_fetch,                             \
                                             .item = handler##_page_item,                          \
                                             .id = handler##_page_id};                             \
        return api_list_page(req, res, app, &list, NULL);                                          \
    }

/* The handler reading one `type` by the path's id through `store(conn, arena, id, center_id,
 * &row, err)` and answering respond(req, res, 200, &row). */
#define API_GET_HANDLER(handler, replica_ok, type, store, respond)                                 \
    int handler(struct http_request *req, struct http_response *res, void *app)                    \
    {                                                                                              \
        long id;                                                                                   \
        struct db_conn *conn;                                                                      \
        int refused = api_path_connect(req, app, replica_ok, &id, &conn);                          \
        if (refused)                                                                               \
            return refused;                                                                        \
        type row;                                                                                  \
        if (store(conn, req->arena, id, api_caller(req)->center_id, &row, &req->error) !=          \
            STATUS_OK)                                                                             \
            return http_fail_with_error(req);                                                      \
        return respond(req, res, 200, &row);                                                       \
    }
