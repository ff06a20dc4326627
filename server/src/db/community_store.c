/* Community store. */
#include "community_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "conn.h"
#include "rows.h"

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

/* Reads the single row of res into out, or reports missing (STATUS_NOT_FOUND with message).
 * Clears res. */
static enum status one_community(PGresult *res, struct arena *arena, struct community *out,
                                 enum status missing, const char *message, struct error *err)
{
    enum status st = STATUS_OK;
    if (PQntuples(res) != 1)
        st = error_set(err, missing, "%s", message);
    else if (!read_community(res, 0, out, arena))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_community_insert(struct db_conn *conn, struct arena *arena, int center_id,
                                const char *code, const char *name, const char *street,
                                const struct db_actor *actor, struct community *out,
                                struct error *err)
{
    char center[16], key[24], user[24];
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(key, sizeof(key), "%ld", actor->key_id);
    snprintf(user, sizeof(user), "%ld", actor->user_id);
    const char *values[] = {center,
                            code,
                            name,
                            street,
                            actor->key_id ? key : NULL,
                            actor->name,
                            actor->request_id,
                            actor->user_id ? user : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_COMMUNITY_INSERT, 8, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "community code %s is already used in this center",
                         code);
    if (st != STATUS_OK)
        return st;
    return one_community(res, arena, out, STATUS_INTERNAL, "insert returned no row", err);
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
    *items = rows_read(res, arena, sizeof(**items), read_community, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_community_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                             struct community *out, struct error *err)
{
    char ids[24], center[16];
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {ids, center_id ? center : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_COMMUNITY_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    char message[48];
    snprintf(message, sizeof(message), "no community %ld", id);
    return one_community(res, arena, out, STATUS_NOT_FOUND, message, err);
}
