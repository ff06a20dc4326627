/* The change feed's reads and the reminder pass: see feed_store.h. */
#include "feed_store.h"

#include <stdlib.h>

#include "feed_event_row.h"
#include "query.h"
#include "rows.h"

bool db_feed_event_read(PGresult *res, int row, int col, struct feed_event *e, struct arena *arena)
{
    e->id = row_long(res, row, col);
    e->xid = strtoll(PQgetvalue(res, row, col + 1), NULL, 10);
    e->type = row_text(res, row, col + 2, arena);
    e->case_id = row_long(res, row, col + 3);
    e->version = row_long(res, row, col + 6);
    return e->type && ROW_TEXTS(res, row, col + 4, arena, &e->case_no, &e->status) &&
           ROW_TEXTS(res, row, col + 7, arena, &e->occurred_at, &e->data);
}

/* A row of feed_list.sql: the event from column 2 (a rows_read reader). */
static bool read_event(PGresult *res, int i, void *item, struct arena *arena)
{
    return db_feed_event_read(res, i, 2, item, arena);
}

enum status db_feed_list(struct db_conn *conn, struct arena *arena, const struct feed_query *q,
                         struct feed_event **items, size_t *count, long long *horizon, bool *held,
                         struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query(conn, SQL_FEED_LIST,
                 DB_ARGS(DB_ID(q->center_id), DB_INT(q->after.xid), DB_INT(q->after.id),
                         DB_INT(q->limit), DB_TEXT(q->types), DB_ID(q->case_id)),
                 &res, err);
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
    enum status st = db_query_need(conn, SQL_FEED_HEAD, DB_NO_ARGS, &res, err, STATUS_INTERNAL,
                                   NULL, "the feed head query returned no row");
    if (st != STATUS_OK)
        return st;
    out->max_id = row_long(res, 0, 0);
    out->horizon = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    out->held = row_bool(res, 0, 2);
    PQclear(res);
    return STATUS_OK;
}

enum status db_reminders_run(struct db_conn *conn, int due_soon_s, int limit, long *emitted,
                             struct error *err)
{
    return db_query_long(conn, SQL_DEADLINE_REMINDERS_RUN,
                         DB_ARGS(DB_INT(due_soon_s), DB_INT(limit)), emitted, err);
}
