/* Webhooks, deliveries and attempts: see webhook_store.h. */
#include "webhook_store.h"

#include <stdio.h>
#include <stdlib.h>

#include "conn.h"
#include "rows.h"

#define NUM 24

static const char *num(char buf[NUM], long v)
{
    snprintf(buf, NUM, "%ld", v);
    return buf;
}

static bool read_webhook(PGresult *res, int i, void *item, struct arena *arena)
{
    struct webhook *w = item;
    w->id = row_long(res, i, 0);
    w->url = row_text(res, i, 1, arena);
    w->event_types = row_text(res, i, 2, arena);
    w->active = row_bool(res, i, 3);
    w->created_at = row_text(res, i, 4, arena);
    w->updated_at = row_text(res, i, 5, arena);
    w->center_id = (int)row_long(res, i, 6);
    return w->url && w->event_types && w->created_at && w->updated_at;
}

static enum status one_webhook(PGresult *res, struct arena *arena, struct webhook *out,
                               struct error *err)
{
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no such webhook");
    }
    bool ok = read_webhook(res, 0, out, arena);
    PQclear(res);
    return ok ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_webhook_insert(struct db_conn *conn, struct arena *arena, int center_id,
                              const char *url, const char *types, bool active, const char *secret,
                              const struct db_actor *actor, struct webhook *out, struct error *err)
{
    char center[NUM], key[NUM], user[NUM];
    const char *values[] = {center_id ? num(center, center_id) : NULL,
                            url,
                            types,
                            active ? "true" : "false",
                            secret,
                            actor->key_id ? num(key, actor->key_id) : NULL,
                            actor->user_id ? num(user, actor->user_id) : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_INSERT, 9, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_webhook(res, arena, out, err);
}

enum status db_webhook_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                            int limit, struct webhook **items, size_t *count, struct error *err)
{
    char center[NUM], after[NUM], lim[NUM];
    const char *values[] = {center_id ? num(center, center_id) : NULL, num(after, after_id),
                            num(lim, limit)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_LIST, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_webhook, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_webhook_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           struct webhook *out, struct error *err)
{
    char wid[NUM], center[NUM];
    const char *values[] = {num(wid, id), center_id ? num(center, center_id) : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_webhook(res, arena, out, err);
}

enum status db_webhook_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                              const char *url, const char *types, int active, bool remove,
                              const struct db_actor *actor, struct webhook *out, struct error *err)
{
    char wid[NUM], center[NUM], key[NUM], user[NUM];
    const char *values[] = {num(wid, id),
                            center_id ? num(center, center_id) : NULL,
                            url,
                            types,
                            active < 0 ? NULL
                            : active   ? "true"
                                       : "false",
                            remove ? "true" : "false",
                            actor->key_id ? num(key, actor->key_id) : NULL,
                            actor->user_id ? num(user, actor->user_id) : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_UPDATE, 10, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_webhook(res, arena, out, err);
}

static bool read_delivery(PGresult *res, int i, void *item, struct arena *arena)
{
    struct webhook_delivery_row *d = item;
    d->id = row_long(res, i, 0);
    d->event_id = row_long(res, i, 1);
    d->event_type = row_text(res, i, 2, arena);
    d->state = row_text(res, i, 3, arena);
    d->attempts = row_long(res, i, 4);
    d->next_attempt_at = row_text(res, i, 5, arena);
    d->last_status = row_long(res, i, 6);
    d->last_error = row_text(res, i, 7, arena);
    d->created_at = row_text(res, i, 8, arena);
    d->delivered_at = row_text(res, i, 9, arena);
    d->attempts_json = row_text(res, i, 10, arena);
    return d->event_type && d->state && d->created_at && d->attempts_json;
}

enum status db_webhook_deliveries(struct db_conn *conn, struct arena *arena, long webhook_id,
                                  long before_id, int limit, struct webhook_delivery_row **items,
                                  size_t *count, struct error *err)
{
    char wid[NUM], before[NUM], lim[NUM];
    const char *values[] = {num(wid, webhook_id), num(before, before_id), num(lim, limit)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_DELIVERIES_LIST, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_delivery, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_webhook_delivery_retry(struct db_conn *conn, long webhook_id, long delivery_id,
                                      const struct db_actor *actor, struct error *err)
{
    char wid[NUM], did[NUM], key[NUM], user[NUM];
    const char *values[] = {num(wid, webhook_id),
                            num(did, delivery_id),
                            actor->key_id ? num(key, actor->key_id) : NULL,
                            actor->user_id ? num(user, actor->user_id) : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_DELIVERY_RETRY, 6, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no such delivery");
    }
    if (!row_bool(res, 0, 1)) {
        st = error_set(err, STATUS_CONFLICT,
                       "the delivery is pending already (its next attempt is due at %s)",
                       PQgetvalue(res, 0, 2));
        PQclear(res);
        return st;
    }
    PQclear(res);
    return STATUS_OK;
}

static bool read_claim(PGresult *res, int i, void *item, struct arena *arena)
{
    struct webhook_claim *c = item;
    c->delivery_id = row_long(res, i, 0);
    c->attempt = (int)row_long(res, i, 1);
    c->url = row_text(res, i, 2, arena);
    c->secret = row_text(res, i, 3, arena);
    c->event_id = row_long(res, i, 4);
    c->type = row_text(res, i, 5, arena);
    c->case_id = row_long(res, i, 6);
    c->case_no = row_text(res, i, 7, arena);
    c->status = row_text(res, i, 8, arena);
    c->version = row_long(res, i, 9);
    c->occurred_at = row_text(res, i, 10, arena);
    c->data = row_text(res, i, 11, arena);
    return c->url && c->secret && c->type && c->case_no && c->status && c->occurred_at && c->data;
}

enum status db_webhook_claim(struct db_conn *conn, struct arena *arena, int limit, int lease_s,
                             struct webhook_claim **items, size_t *count, struct error *err)
{
    char lim[NUM], lease[NUM];
    const char *values[] = {num(lim, limit), num(lease, lease_s)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_CLAIM, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_claim, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_webhook_attempt_record(struct db_conn *conn, const struct webhook_attempt *a,
                                      struct error *err)
{
    static const char *const outcomes[] = {"delivered", "retry", "dead"};
    char did[NUM], attempt[NUM], code[NUM], latency[NUM], delay[NUM];
    const char *values[] = {num(did, a->delivery_id),
                            num(attempt, a->attempt),
                            a->started_at,
                            a->status_code ? num(code, a->status_code) : NULL,
                            num(latency, a->latency_ms),
                            a->error,
                            outcomes[a->outcome],
                            num(delay, a->delay_ms),
                            a->instance};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_WEBHOOK_ATTEMPT_RECORD, 9, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    PQclear(res);
    return STATUS_OK;
}
