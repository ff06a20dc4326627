/* Community store. */
#include "community_store.h"

#include "arena.h"
#include "query.h"
#include "rows.h"

enum status db_center_resolve(struct db_conn *conn, const char *code, int *center_id,
                              struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query(conn, SQL_CENTER_RESOLVE, DB_ARGS(DB_TEXT(code)), &res, err);
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
    return ROW_TEXTS(res, row, 1, arena, &c->center, &c->code, &c->name, &c->street,
                     &c->created_at);
}

enum status db_community_insert(struct db_conn *conn, struct arena *arena, int center_id,
                                const char *code, const char *name, const char *street,
                                const struct db_actor *actor, struct community *out,
                                struct error *err)
{
    return db_query_insert(
        conn, SQL_COMMUNITY_INSERT,
        DB_ARGS(DB_INT(center_id), DB_TEXT(code), DB_TEXT(name), DB_TEXT(street), DB_ACTOR(actor)),
        arena, read_community, out, err, "community code %s is already used in this center", code);
}

enum status db_community_list(struct db_conn *conn, struct arena *arena, int center_id,
                              long after_id, int limit, struct community **items, size_t *count,
                              struct error *err)
{
    return db_query_page(conn, SQL_COMMUNITY_LIST, center_id, after_id, limit, arena,
                         sizeof(**items), read_community, items, count, err);
}

enum status db_community_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                             struct community *out, struct error *err)
{
    return db_query_get(conn, SQL_COMMUNITY_GET, id, center_id, "community", arena, read_community,
                        out, err);
}
