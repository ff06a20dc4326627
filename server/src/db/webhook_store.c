/* Webhooks, deliveries and attempts: see webhook_store.h. */
#include "webhook_store.h"

#include "feed_event_row.h"
#include "query.h"
#include "rows.h"

static bool read_webhook(PGresult *res, int i, void *item, struct arena *arena)
{
    struct webhook *w = item;
    w->id = row_long(res, i, 0);
    w->active = row_bool(res, i, 3);
    w->center_id = (int)row_long(res, i, 6);
    return ROW_TEXTS(res, i, 1, arena, &w->url, &w->event_types) &&
           ROW_TEXTS(res, i, 4, arena, &w->created_at, &w->updated_at);
}

enum status db_webhook_insert(struct db_conn *conn, struct arena *arena, int center_id,
                              const char *url, const char *types, bool active, const char *secret,
                              const struct db_actor *actor, struct webhook *out, struct error *err)
{
    return db_query_read(conn, SQL_WEBHOOK_INSERT,
                         DB_ARGS(DB_ID(center_id), DB_TEXT(url), DB_TEXT(types), DB_BOOL(active),
                                 DB_TEXT(secret), DB_ACTOR(actor)),
                         "webhook", 0, arena, read_webhook, out, err);
}

enum status db_webhook_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                            int limit, struct webhook **items, size_t *count, struct error *err)
{
    return db_query_page(conn, SQL_WEBHOOK_LIST, center_id, after_id, limit, arena, sizeof(**items),
                         read_webhook, items, count, err);
}

enum status db_webhook_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           struct webhook *out, struct error *err)
{
    return db_query_read(conn, SQL_WEBHOOK_GET, DB_ARGS(DB_INT(id), DB_ID(center_id)), "webhook", 0,
                         arena, read_webhook, out, err);
}

enum status db_webhook_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                              const char *url, const char *types, int active, bool remove,
                              const struct db_actor *actor, struct webhook *out, struct error *err)
{
    return db_query_read(conn, SQL_WEBHOOK_UPDATE,
                         DB_ARGS(DB_INT(id), DB_ID(center_id), DB_TEXT(url), DB_TEXT(types),
                                 DB_BOOL(active), DB_BOOL(remove), DB_ACTOR(actor)),
                         "webhook", 0, arena, read_webhook, out, err);
}

static bool read_delivery(PGresult *res, int i, void *item, struct arena *arena)
{
    struct webhook_delivery_row *d = item;
    d->id = row_long(res, i, 0);
    d->event_id = row_long(res, i, 1);
    d->attempts = row_long(res, i, 4);
    d->next_attempt_at = row_text(res, i, 5, arena);
    d->last_status = row_long(res, i, 6);
    return ROW_TEXTS(res, i, 2, arena, &d->event_type, &d->state) &&
           ROW_TEXTS(res, i, 7, arena, &d->last_error, &d->created_at, &d->delivered_at,
                     &d->attempts_json);
}

enum status db_webhook_deliveries(struct db_conn *conn, struct arena *arena, long webhook_id,
                                  long before_id, int limit, struct webhook_delivery_row **items,
                                  size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_WEBHOOK_DELIVERIES_LIST,
                         DB_ARGS(DB_INT(webhook_id), DB_INT(before_id), DB_INT(limit)), arena,
                         sizeof(**items), read_delivery, items, count, err);
}

enum status db_webhook_delivery_retry(struct db_conn *conn, long webhook_id, long delivery_id,
                                      const struct db_actor *actor, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_one(conn, SQL_WEBHOOK_DELIVERY_RETRY,
                                  DB_ARGS(DB_INT(webhook_id), DB_INT(delivery_id), DB_ACTOR(actor)),
                                  "delivery", 0, &res, err);
    if (st != STATUS_OK)
        return st;
    if (!row_bool(res, 0, 1))
        st = error_set(err, STATUS_CONFLICT,
                       "the delivery is pending already (its next attempt is due at %s)",
                       PQgetvalue(res, 0, 2));
    PQclear(res);
    return st;
}

static bool read_claim(PGresult *res, int i, void *item, struct arena *arena)
{
    struct webhook_claim *c = item;
    c->delivery_id = row_long(res, i, 0);
    c->attempt = (int)row_long(res, i, 1);
    return ROW_TEXTS(res, i, 2, arena, &c->url, &c->secret) &&
           db_feed_event_read(res, i, 4, &c->event, arena);
}

enum status db_webhook_claim(struct db_conn *conn, struct arena *arena, int limit, int lease_s,
                             struct webhook_claim **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_WEBHOOK_CLAIM, DB_ARGS(DB_INT(limit), DB_INT(lease_s)), arena,
                         sizeof(**items), read_claim, items, count, err);
}

enum status db_webhook_attempt_record(struct db_conn *conn, const struct webhook_attempt *a,
                                      struct error *err)
{
    static const char *const outcomes[] = {"delivered", "retry", "dead"};
    return db_query_exec(conn, SQL_WEBHOOK_ATTEMPT_RECORD,
                         DB_ARGS(DB_INT(a->delivery_id), DB_INT(a->attempt), DB_TEXT(a->started_at),
                                 DB_ID(a->status_code), DB_INT(a->latency_ms), DB_TEXT(a->error),
                                 DB_TEXT(outcomes[a->outcome]), DB_INT(a->delay_ms),
                                 DB_TEXT(a->instance)),
                         err);
}
