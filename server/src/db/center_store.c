/* Center store. */
#include "center_store.h"

#include "query.h"
#include "rows.h"

/* A center row; false when out of memory (a rows_read reader). */
static bool read_center(PGresult *res, int row, void *item, struct arena *arena)
{
    struct center *c = item;
    c->id = (int)row_long(res, row, 0);
    return ROW_TEXTS(res, row, 1, arena, &c->code, &c->name, &c->time_zone, &c->created_at);
}

enum status db_center_list(struct db_conn *conn, struct arena *arena, int center_id,
                           struct center **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_CENTER_LIST, DB_ARGS(DB_ID(center_id)), arena, sizeof(**items),
                         read_center, items, count, err);
}

enum status db_center_insert(struct db_conn *conn, struct arena *arena, const char *code,
                             const char *name, const char *time_zone, const struct db_actor *actor,
                             struct center *out, struct error *err)
{
    return db_query_insert(
        conn, SQL_CENTER_INSERT,
        DB_ARGS(DB_TEXT(code), DB_TEXT(name), DB_TEXT(time_zone), DB_ACTOR(actor)), arena,
        read_center, out, err, "center code %s is taken", code);
}

enum status db_time_zone_known(struct db_conn *conn, const char *name, bool *known,
                               struct error *err)
{
    return db_query_bool(conn, SQL_TIME_ZONE_VALID, DB_ARGS(DB_TEXT(name)), known, err);
}
