/* Center store. */
#include "center_store.h"

#include <stdio.h>

#include "conn.h"
#include "params.h"
#include "rows.h"

/* A center row; false when out of memory (a rows_read reader). */
static bool read_center(PGresult *res, int row, void *item, struct arena *arena)
{
    struct center *c = item;
    c->id = (int)row_long(res, row, 0);
    c->code = row_text(res, row, 1, arena);
    c->name = row_text(res, row, 2, arena);
    c->time_zone = row_text(res, row, 3, arena);
    c->created_at = row_text(res, row, 4, arena);
    return c->code && c->name && c->time_zone && c->created_at;
}

enum status db_center_list(struct db_conn *conn, struct arena *arena, int center_id,
                           struct center **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    return db_exec_rows(conn, SQL_CENTER_LIST, &p, arena, sizeof(**items), read_center, items,
                        count, err);
}

enum status db_center_insert(struct db_conn *conn, struct arena *arena, const char *code,
                             const char *name, const char *time_zone, const struct db_actor *actor,
                             struct center *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, code);
    db_param_text(&p, name);
    db_param_text(&p, time_zone);
    db_param_actor(&p, actor);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CENTER_INSERT, &p, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "center code %s is taken", code);
    if (st != STATUS_OK)
        return st;
    return db_read_first(res, arena, read_center, out, err);
}

enum status db_time_zone_known(struct db_conn *conn, const char *name, bool *known,
                               struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, name);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_TIME_ZONE_VALID, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    *known = row_bool(res, 0, 0);
    PQclear(res);
    return STATUS_OK;
}
