/* GET /api/v1/events: the change feed, with long polling.
 *
 * A page is read on a pooled connection that is released before anything waits. With wait > 0
 * and nothing new, the request is parked (http_park): no worker thread and no connection waits
 * with it. The feed watcher (api/background.c) wakes parked requests when the feed may have moved,
 * and each reads again; at its deadline it answers with an empty page. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cursor.h"
#include "feed.h"
#include "feed_store.h"
#include "handlers.h"
#include "input.h"
#include "output.h"
#include "views.h"

/* The event types the feed writes (migration 0018); `types` must name only these. */
static const char *const feed_types[] = {
    "case.received",       "case.accepted", "case.declined",         "case.assigned",
    "case.session_logged", "case.closed",   "case.followed_up",      "case.deadline_extended",
    "case.paused",         "case.resumed",  "case.risk_raised",      "case.due_soon",
    "case.overdue",        "case.edited",   "case.attachment_added",
};

#define FEED_TYPES_MAX (sizeof(feed_types) / sizeof(feed_types[0]))

bool feed_type_known(const char *t, size_t len)
{
    for (size_t i = 0; i < FEED_TYPES_MAX; i++)
        if (strlen(feed_types[i]) == len && strncmp(feed_types[i], t, len) == 0)
            return true;
    return false;
}

#define FEED_RECHECK_MS 25

struct feed_ctx {
    struct feed_query q;
};

/* "a,b" → "{a,b}" after checking each against feed_types; NULL (field error) when one is
 * unknown. The names are [a-z._] only, so they need no quoting in the array literal. */
static const char *types_literal(struct http_request *req, const char *text)
{
    size_t len = strlen(text);
    char *out = arena_alloc(req->arena, len + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '{';
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (!feed_type_known(p, n)) {
            error_add_field(&req->error, "types", "names an unknown event type");
            return NULL;
        }
        if (o > 1)
            out[o++] = ',';
        memcpy(out + o, p, n);
        o += n;
        p += n;
        if (*p == ',')
            p++;
    }
    out[o++] = '}';
    out[o] = '\0';
    return out;
}

static bool position_after(struct feed_position a, struct feed_position b)
{
    return a.xid > b.xid || (a.xid == b.xid && a.id > b.id);
}

/* Reads a page: 200 with it when it has events or when last, HTTP_PARK_AGAIN otherwise. */
static int feed_read(struct http_request *req, struct http_response *res, struct app *app,
                     struct feed_ctx *ctx, bool last)
{
    struct db_conn *conn;
    if (api_db(req, app, &conn) != STATUS_OK)
        return http_fail_with_error(req);
    struct feed_event *items;
    size_t count;
    long long horizon;
    bool held = false;
    if (db_feed_list(conn, req->arena, &ctx->q, &items, &count, &horizon, &held, &req->error) !=
        STATUS_OK)
        return http_fail_with_error(req);
    api_release(req, app);
    if (count == 0 && !last) {
        /* Something committed is held back behind a running transaction. Whether this statement
         * counted a transaction as a possible writer can differ from the watcher's (a
         * transaction that ended between a snapshot and pg_stat_activity counts as one), so the
         * watcher may see nothing more to wake us for: look again shortly by ourselves. */
        if (held)
            http_park_recheck(req, FEED_RECHECK_MS);
        return HTTP_PARK_AGAIN;
    }
    /* A full page continues after its last event. A page that is not full has seen every event of
     * the transactions below the horizon: the next one starts there (never before the position
     * asked for), so filtered-out events are not read again. */
    struct feed_position next = ctx->q.after;
    if (count == (size_t)ctx->q.limit) {
        next.xid = items[count - 1].xid;
        next.id = items[count - 1].id;
    } else {
        struct feed_position floor = {horizon, 0};
        if (position_after(floor, next))
            next = floor;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; i < count; i++)
        cJSON_AddItemToArray(arr, view_feed_event(&items[i]));
    char cursor[CURSOR_MAX];
    cursor_encode_pair("feed", next.xid, next.id, cursor);
    cJSON_AddStringToObject(o, "next_cursor", cursor);
    int status = http_response_json(res, 200, o);
    cJSON_Delete(o);
    return status;
}

static int feed_again(struct http_request *req, struct http_response *res, void *app, void *ctxv,
                      bool last)
{
    return feed_read(req, res, app, ctxv, last);
}

int events_feed(struct http_request *req, struct http_response *res, void *app)
{
    struct feed_ctx *ctx = arena_calloc(req->arena, 1, sizeof(*ctx));
    if (!ctx)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    ctx->q.limit = (int)input_query_long(req, "limit", 1, 500, 100);
    long wait = input_query_long(req, "wait", 0, 30, 0);
    ctx->q.case_id = input_query_long(req, "case_id", 1, 1L << 53, 0);
    const char *types = http_request_query(req, "types");
    if (types && *types)
        ctx->q.types = types_literal(req, types);
    if (req->error.field_count)
        return 422;
    const char *after = http_request_query(req, "after");
    if (after && *after &&
        (!cursor_decode_pair("feed", after, &ctx->q.after.xid, &ctx->q.after.id) ||
         ctx->q.after.xid < 0))
        return http_fail(req, STATUS_MALFORMED, "after is not a cursor this feed issued");
    ctx->q.center_id = api_caller(req)->center_id;
    int status = feed_read(req, res, app, ctx, wait == 0);
    if (status != HTTP_PARK_AGAIN)
        return status;
    return http_park(req, wait * 1000, feed_again, ctx);
}
