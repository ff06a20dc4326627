/* The change feed's reads and the reminder pass: see feed_store.h. */
#include "feed_store.h"

#include <stdio.h>
#include <stdlib.h>

#include "conn.h"
#include "rows.h"

static bool read_event(PGresult *res, int i, void *item, struct arena *arena)
{
    struct feed_event *e = item;
    e->id = row_long(res, i, 2);
    e->xid = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    e->type = row_text(res, i, 4, arena);
    e->case_id = row_long(res, i, 5);
    e->case_no = row_text(res, i, 6, arena);
    e->status = row_text(res, i, 7, arena);
    e->version = row_long(res, i, 8);
    e->occurred_at = row_text(res, i, 9, arena);
    e->data = row_text(res, i, 10, arena);
    return e->type && e->case_no && e->status && e->occurred_at && e->data;
}

enum status db_feed_list(struct db_conn *conn, struct arena *arena, const struct feed_query *q,
                         struct feed_event **items, size_t *count, long long *horizon, bool *held,
                         struct error *err)
{
    char center[16], axid[24], aid[24], lim[16], cid[24];
    snprintf(center, sizeof(center), "%d", q->center_id);
    snprintf(axid, sizeof(axid), "%lld", q->after.xid);
    snprintf(aid, sizeof(aid), "%ld", q->after.id);
    snprintf(lim, sizeof(lim), "%d", q->limit);
    snprintf(cid, sizeof(cid), "%ld", q->case_id);
    const char *values[] = {q->center_id ? center : NULL, axid, aid, lim, q->types,
                            q->case_id ? cid : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_FEED_LIST, 6, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int n = PQntuples(res);
    if (n < 1) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "the feed query returned no row");
    }
    *horizon = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    *held = row_bool(res, 0, 1);
    if (PQgetisnull(res, 0, 2)) {
        /* nothing after the position: the one row carries only the horizon */
        PQclear(res);
        *items = arena_calloc(arena, 1, sizeof(**items));
        *count = 0;
        return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    *items = rows_read(res, arena, sizeof(**items), read_event, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_feed_head(struct db_conn *conn, struct feed_head *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_FEED_HEAD, 0, NULL, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "the feed head query returned no row");
    }
    out->max_id = row_long(res, 0, 0);
    out->horizon = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    out->held = row_bool(res, 0, 2);
    PQclear(res);
    return STATUS_OK;
}

enum status db_reminders_run(struct db_conn *conn, int due_soon_s, int limit, long *emitted,
                             struct error *err)
{
    char window[16], lim[16];
    snprintf(window, sizeof(window), "%d", due_soon_s);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[] = {window, lim};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_DEADLINE_REMINDERS_RUN, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *emitted = PQntuples(res) == 1 ? row_long(res, 0, 0) : 0;
    PQclear(res);
    return STATUS_OK;
}
