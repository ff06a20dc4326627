/* Center store. */
#include "center_store.h"

#include <stdio.h>

#include "conn.h"
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
    char center[16];
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {center_id ? center : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CENTER_LIST, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_center, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_center_insert(struct db_conn *conn, struct arena *arena, const char *code,
                             const char *name, const char *time_zone, const struct db_actor *actor,
                             struct center *out, struct error *err)
{
    char key[24], user[24];
    snprintf(key, sizeof(key), "%ld", actor->key_id);
    snprintf(user, sizeof(user), "%ld", actor->user_id);
    const char *values[] = {code,
                            name,
                            time_zone,
                            actor->key_id ? key : NULL,
                            actor->user_id ? user : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CENTER_INSERT, 7, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "center code %s is taken", code);
    if (st != STATUS_OK)
        return st;
    st = read_center(res, 0, out, arena) ? STATUS_OK
                                         : error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_time_zone_known(struct db_conn *conn, const char *name, bool *known,
                               struct error *err)
{
    const char *values[] = {name};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_TIME_ZONE_VALID, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *known = row_bool(res, 0, 0);
    PQclear(res);
    return STATUS_OK;
}
