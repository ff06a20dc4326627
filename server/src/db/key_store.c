/* API key store. */
#include "key_store.h"

#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "rows.h"

/* A key row (never its hash); false when out of memory (a rows_read reader). */
static bool read_info(PGresult *res, int row, void *item, struct arena *arena)
{
    struct api_key_info *k = item;
    k->id = row_long(res, row, 0);
    k->name = row_text(res, row, 1, arena);
    k->role = row_text(res, row, 2, arena);
    k->center = row_text(res, row, 3, arena);
    k->scopes = row_text(res, row, 4, arena);
    k->expires_at = row_text(res, row, 5, arena);
    k->created_at = row_text(res, row, 6, arena);
    k->last_used_at = row_text(res, row, 7, arena);
    k->revoked_at = row_text(res, row, 8, arena);
    return k->name && k->role && k->scopes && k->created_at;
}

enum status db_key_insert(struct db_conn *conn, struct arena *arena, const struct api_key_new *key,
                          const struct db_actor *actor, struct api_key_info *out, struct error *err)
{
    char by_key[24], by_user[24];
    snprintf(by_key, sizeof(by_key), "%ld", actor->key_id);
    snprintf(by_user, sizeof(by_user), "%ld", actor->user_id);
    const char *values[] = {key->public_id,
                            (const char *)key->secret_hash,
                            key->name,
                            role_name(key->role),
                            key->center_code,
                            key->scopes ? key->scopes : "",
                            key->expires_at,
                            actor->key_id ? by_key : NULL,
                            actor->user_id ? by_user : NULL,
                            actor->name,
                            actor->request_id};
    const int lengths[11] = {0, 32};
    const int formats[11] = {0, 1};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_API_KEY_INSERT, 11, values, lengths, formats, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_add_field(err, "center", "no center with code %s", key->center_code);
    }
    st = read_info(res, 0, out, arena) ? STATUS_OK
                                       : error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_key_lookup(struct db_conn *conn, const char *public_id, struct principal *who,
                          unsigned char secret_hash[32], bool *usable, struct error *err)
{
    const char *values[] = {public_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_API_KEY_BY_PUBLIC_ID, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "unknown key");
    }
    memset(who, 0, sizeof(*who));
    who->kind = PRINCIPAL_API_KEY;
    who->key_id = row_long(res, 0, 0);
    if (!row_bytes(res, 0, 1, secret_hash, 32) || !role_parse(PQgetvalue(res, 0, 3), &who->role) ||
        !scopes_parse_list(PQgetvalue(res, 0, 6), &who->scopes)) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "api key %ld has a malformed row", who->key_id);
    }
    snprintf(who->name, sizeof(who->name), "%s", PQgetvalue(res, 0, 2));
    snprintf(who->center_code, sizeof(who->center_code), "%s", PQgetvalue(res, 0, 4));
    who->center_id = (int)row_long(res, 0, 5);
    *usable = row_bool(res, 0, 7);
    PQclear(res);
    return STATUS_OK;
}

enum status db_key_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                        int limit, struct api_key_info **items, size_t *count, struct error *err)
{
    char center[16], after[24], lim[16];
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(after, sizeof(after), "%ld", after_id);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[] = {center_id ? center : NULL, after, lim};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_API_KEY_LIST, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_info, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_key_revoke(struct db_conn *conn, struct arena *arena, long id, int center_id,
                          const struct db_actor *actor, const char **public_id, struct error *err)
{
    char ids[24], center[16], by_key[24], by_user[24];
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(by_key, sizeof(by_key), "%ld", actor->key_id);
    snprintf(by_user, sizeof(by_user), "%ld", actor->user_id);
    const char *values[] = {ids,
                            center_id ? center : NULL,
                            actor->key_id ? by_key : NULL,
                            actor->user_id ? by_user : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_API_KEY_REVOKE, 6, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1)
        st = error_set(err, STATUS_NOT_FOUND, "no api key %ld", id);
    else if (!(*public_id = row_text(res, 0, 1, arena)))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}
