/* /api/v1/webhooks: subscriptions to the change feed's events (admins and keys with
 * webhooks:manage), their deliveries and redelivery. The secret is made here and shown only in
 * the answer to the creation; deliveries are made by api/webhook_delivery.c. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "feed.h"
#include "handlers.h"
#include "input.h"
#include "net_policy.h"
#include "output.h"
#include "resource.h"
#include "webhook_sign.h"
#include "webhook_store.h"
#include "views.h"

#define LIST_NAME "webhooks"
#define DELIVERIES_NAME "webhook-deliveries"
#define EVENT_TYPES_MAX 32

/* event_types (an array of known type names) as a text[] literal; NULL with a field error. An
 * absent member gives fallback. */
static const char *types_input(struct http_request *req, const cJSON *body, const char *fallback)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "event_types");
    if (!arr)
        return fallback;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > EVENT_TYPES_MAX) {
        error_add_field(&req->error, "event_types", "must be an array of at most %d event types",
                        EVENT_TYPES_MAX);
        return NULL;
    }
    char *out = arena_alloc(req->arena, 40 * EVENT_TYPES_MAX + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '{';
    const cJSON *t;
    cJSON_ArrayForEach(t, arr)
    {
        if (!cJSON_IsString(t) || !feed_type_known(t->valuestring, strlen(t->valuestring)) ||
            strlen(t->valuestring) > 36) {
            error_add_field(&req->error, "event_types", "names an unknown event type");
            return NULL;
        }
        if (o > 1)
            out[o++] = ',';
        size_t n = strlen(t->valuestring);
        memcpy(out + o, t->valuestring, n); /* [a-z._] only: no quoting needed */
        o += n;
    }
    out[o++] = '}';
    out[o] = '\0';
    return out;
}

static const char *url_input(struct http_request *req, struct app *app, const cJSON *body,
                             bool required)
{
    const char *url = input_string(body, "url", required, &req->error);
    if (!url)
        return NULL;
    unsigned allow = 0;
    struct error err;
    error_init(&err);
    if (net_policy_parse(app->config->webhook_allow_nets, &allow, &err) != STATUS_OK ||
        net_url_check(url, allow, &err) != STATUS_OK) {
        error_add_field(&req->error, "url", "%s", err.message);
        return NULL;
    }
    return url;
}

/* ---- create ---------------------------------------------------------------------------------- */

struct create_ctx {
    struct http_request *req;
    const char *url, *types;
    bool active;
    char secret[WEBHOOK_SECRET_MAX];
    struct webhook created;
};

static enum status create_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                             struct error *err)
{
    struct create_ctx *ctx = ctxv;
    return db_webhook_insert(conn, ctx->req->arena, api_caller(ctx->req)->center_id, ctx->url,
                             ctx->types, ctx->active, ctx->secret, actor, &ctx->created, err);
}

static int create_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct create_ctx *ctx = ctxv;
    cJSON *o = view_webhook(&ctx->created);
    /* the only time the secret is shown */
    cJSON_AddStringToObject(o, "secret", ctx->secret);
    return api_created(req, res, "webhooks", ctx->created.id, o, NULL);
}

int webhooks_create(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"url", "event_types", "active", NULL};
    struct create_ctx *ctx;
    const cJSON *body = API_CTX_BODY(req, ctx, fields);
    if (!body)
        return http_fail_with_error(req);
    ctx->url = url_input(req, app, body, true);
    ctx->types = types_input(req, body, "{}");
    int active = input_bool(body, "active", &req->error);
    ctx->active = active != 0;
    if (req->error.field_count)
        return 422;
    if (webhook_secret_new(ctx->secret, &req->error) != STATUS_OK)
        return http_fail_with_error(req);
    return api_mutate_as_caller(req, res, app, create_tx, create_render, ctx);
}

/* ---- read ------------------------------------------------------------------------------------ */

API_LIST_HANDLER(webhooks_list, LIST_NAME, false, struct webhook, db_webhook_list, view_webhook)

/* The webhook of the path, when the caller may manage it (404 otherwise). */
static enum status load_webhook(struct http_request *req, struct app *app, struct webhook *out)
{
    long id;
    if (!input_path_id(req, "id", &id))
        return error_set(&req->error, STATUS_NOT_FOUND, "no such webhook");
    struct db_conn *conn;
    enum status st = api_db(req, app, &conn);
    if (st != STATUS_OK)
        return st;
    return db_webhook_get(conn, req->arena, id, api_caller(req)->center_id, out, &req->error);
}

int webhooks_get(struct http_request *req, struct http_response *res, void *app)
{
    struct webhook w;
    if (load_webhook(req, app, &w) != STATUS_OK)
        return http_fail_with_error(req);
    return api_respond(req, res, 200, view_webhook(&w), NULL);
}

/* ---- change and delete ----------------------------------------------------------------------- */

struct update_ctx {
    struct http_request *req;
    long id;
    const char *url, *types;
    int active;
    bool remove;
    struct webhook updated;
};

static enum status update_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                             struct error *err)
{
    struct update_ctx *ctx = ctxv;
    return db_webhook_update(conn, ctx->req->arena, ctx->id, api_caller(ctx->req)->center_id,
                             ctx->url, ctx->types, ctx->active, ctx->remove, actor, &ctx->updated,
                             err);
}

static int update_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct update_ctx *ctx = ctxv;
    if (ctx->remove)
        return 204;
    return api_respond(req, res, 200, view_webhook(&ctx->updated), NULL);
}

static struct update_ctx *update_start(struct http_request *req)
{
    struct update_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return NULL;
    ctx->active = -1;
    if (!input_path_id(req, "id", &ctx->id)) {
        error_set(&req->error, STATUS_NOT_FOUND, "no such webhook");
        return NULL;
    }
    return ctx;
}

int webhooks_update(struct http_request *req, struct http_response *res, void *app)
{
    static const char *const fields[] = {"url", "event_types", "active", NULL};
    const cJSON *body = input_object(req);
    if (!body)
        return http_fail_with_error(req);
    struct update_ctx *ctx = update_start(req);
    if (!ctx)
        return http_fail_with_error(req);
    input_only_known(body, fields, &req->error);
    if (cJSON_GetObjectItemCaseSensitive(body, "url"))
        ctx->url = url_input(req, app, body, true);
    ctx->types = types_input(req, body, NULL);
    if (cJSON_GetObjectItemCaseSensitive(body, "active"))
        ctx->active = input_bool(body, "active", &req->error);
    if (req->error.field_count)
        return 422;
    return api_mutate_as_caller(req, res, app, update_tx, update_render, ctx);
}

int webhooks_delete(struct http_request *req, struct http_response *res, void *app)
{
    struct update_ctx *ctx = update_start(req);
    if (!ctx)
        return http_fail_with_error(req);
    ctx->remove = true;
    return api_mutate_as_caller(req, res, app, update_tx, update_render, ctx);
}

/* ---- deliveries ------------------------------------------------------------------------------ */

OUTPUT_PAGE_CALLBACKS(delivery, struct webhook_delivery_row, view_webhook_delivery)

/* The deliveries of the path's webhook (404 when the caller may not manage it), newest first:
 * the cursor carries the last id shown, and the next page is below it. */
static enum status deliveries_fetch(struct http_request *req, struct db_conn *conn, void *app,
                                    long before, int limit, const void **rows, size_t *count)
{
    struct webhook w;
    struct webhook_delivery_row *items = NULL;
    enum status st = load_webhook(req, app, &w);
    if (st == STATUS_OK)
        st = db_webhook_deliveries(conn, req->arena, w.id, before, limit, &items, count,
                                   &req->error);
    *rows = items;
    return st;
}

int webhooks_deliveries(struct http_request *req, struct http_response *res, void *app)
{
    static const struct api_list list = {.name = DELIVERIES_NAME,
                                         .fetch = deliveries_fetch,
                                         .item = delivery_item,
                                         .id = delivery_id};
    return api_list_page(req, res, app, &list, app);
}

struct retry_ctx {
    struct http_request *req;
    long webhook_id, delivery_id;
};

static enum status retry_tx(struct db_conn *conn, void *ctxv, const struct db_actor *actor,
                            struct error *err)
{
    struct retry_ctx *ctx = ctxv;
    struct webhook w;
    enum status st = db_webhook_get(conn, ctx->req->arena, ctx->webhook_id,
                                    api_caller(ctx->req)->center_id, &w, err);
    if (st != STATUS_OK)
        return st;
    return db_webhook_delivery_retry(conn, w.id, ctx->delivery_id, actor, err);
}

static int retry_render(struct http_request *req, struct http_response *res, void *ctxv)
{
    struct retry_ctx *ctx = ctxv;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)ctx->delivery_id);
    cJSON_AddStringToObject(o, "state", "pending");
    return api_respond(req, res, 202, o, NULL);
}

int webhooks_delivery_retry(struct http_request *req, struct http_response *res, void *app)
{
    struct retry_ctx *ctx;
    if (!API_CTX_NEW(req, ctx))
        return http_fail_with_error(req);
    if (!input_path_id(req, "id", &ctx->webhook_id) ||
        !input_path_id(req, "delivery_id", &ctx->delivery_id))
        return http_fail(req, STATUS_NOT_FOUND, "no such delivery");
    return api_mutate_as_caller(req, res, app, retry_tx, retry_render, ctx);
}
