/* Community store. */
#include "community_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conn.h"

enum status db_center_resolve(struct db_conn *conn, const char *code, int *center_id,
                              struct error *err)
{
    const char *values[] = {code};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CENTER_RESOLVE, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    if (rows == 1)
        *center_id = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (rows == 0)
        return code ? error_add_field(err, "center", "no center with code %s", code)
                    : error_set(err, STATUS_INTERNAL, "no center exists");
    if (rows > 1)
        return error_add_field(err, "center", "several centers exist: name one");
    return STATUS_OK;
}

static enum status read_rows(PGresult *res, struct arena *arena, struct community *items,
                             struct error *err)
{
    for (int i = 0; i < PQntuples(res); i++) {
        struct community *c = &items[i];
        c->id = strtol(PQgetvalue(res, i, 0), NULL, 10);
        c->center = arena_strdup(arena, PQgetvalue(res, i, 1));
        c->code = arena_strdup(arena, PQgetvalue(res, i, 2));
        c->name = arena_strdup(arena, PQgetvalue(res, i, 3));
        c->street = arena_strdup(arena, PQgetvalue(res, i, 4));
        c->created_at = arena_strdup(arena, PQgetvalue(res, i, 5));
        if (!c->center || !c->code || !c->name || !c->street || !c->created_at)
            return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    return STATUS_OK;
}

enum status db_community_insert(struct db_conn *conn, struct arena *arena, int center_id,
                                const char *code, const char *name, const char *street,
                                const struct db_actor *actor, struct community *out,
                                struct error *err)
{
    char center[16], key[24];
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(key, sizeof(key), "%ld", actor->key_id);
    const char *values[] = {center, code, name, street, key, actor->name, actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_COMMUNITY_INSERT, 7, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "community code %s is already used in this center",
                         code);
    if (st != STATUS_OK)
        return st;
    st = PQntuples(res) == 1 ? read_rows(res, arena, out, err)
                             : error_set(err, STATUS_INTERNAL, "insert returned no row");
    PQclear(res);
    return st;
}

enum status db_community_list(struct db_conn *conn, struct arena *arena, int center_id,
                              long after_id, int limit, struct community **items, size_t *count,
                              struct error *err)
{
    char center[16], after[24], lim[16];
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(after, sizeof(after), "%ld", after_id);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[] = {center_id ? center : NULL, after, lim};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_COMMUNITY_LIST, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    *items = arena_calloc(arena, (size_t)rows + 1, sizeof(**items));
    if (!*items) {
        PQclear(res);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    st = read_rows(res, arena, *items, err);
    *count = (size_t)rows;
    PQclear(res);
    return st;
}
