/* Community store. */
#include "community_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conn.h"
#include "params.h"
#include "rows.h"

enum status db_center_resolve(struct db_conn *conn, const char *code, int *center_id,
                              struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, code);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CENTER_RESOLVE, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    if (rows == 1)
        *center_id = (int)row_long(res, 0, 0);
    PQclear(res);
    if (rows == 0)
        return code ? error_add_field(err, "center", "no center with code %s", code)
                    : error_set(err, STATUS_INTERNAL, "no center exists");
    if (rows > 1)
        return error_add_field(err, "center", "several centers exist: name one");
    return STATUS_OK;
}

/* A community row; false when out of memory (a rows_read reader). */
static bool read_community(PGresult *res, int row, void *item, struct arena *arena)
{
    struct community *c = item;
    c->id = row_long(res, row, 0);
    c->center = row_text(res, row, 1, arena);
    c->code = row_text(res, row, 2, arena);
    c->name = row_text(res, row, 3, arena);
    c->street = row_text(res, row, 4, arena);
    c->created_at = row_text(res, row, 5, arena);
    return c->center && c->code && c->name && c->street && c->created_at;
}

enum status db_community_insert(struct db_conn *conn, struct arena *arena, int center_id,
                                const char *code, const char *name, const char *street,
                                const struct db_actor *actor, struct community *out,
                                struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, center_id);
    db_param_text(&p, code);
    db_param_text(&p, name);
    db_param_text(&p, street);
    /* this statement's own order: key, name, request id, then user ($5 … $8) */
    db_param_id(&p, actor->key_id);
    db_param_text(&p, actor->name);
    db_param_text(&p, actor->request_id);
    db_param_id(&p, actor->user_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_COMMUNITY_INSERT, &p, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "community code %s is already used in this center",
                         code);
    if (st != STATUS_OK)
        return st;
    return db_read_first(res, arena, read_community, out, err);
}

enum status db_community_list(struct db_conn *conn, struct arena *arena, int center_id,
                              long after_id, int limit, struct community **items, size_t *count,
                              struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_int(&p, after_id);
    db_param_int(&p, limit);
    return db_exec_rows(conn, SQL_COMMUNITY_LIST, &p, arena, sizeof(**items), read_community, items,
                        count, err);
}

enum status db_community_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                             struct community *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, id);
    db_param_id(&p, center_id);
    return db_exec_read(conn, SQL_COMMUNITY_GET, &p, "community", id, arena, read_community, out,
                        err);
}
