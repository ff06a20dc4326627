/* API key store. */
#include "key_store.h"

#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "params.h"
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
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, key->public_id);
    db_param_bytes(&p, key->secret_hash, 32);
    db_param_text(&p, key->name);
    db_param_text(&p, role_name(key->role));
    db_param_text(&p, key->center_code);
    db_param_text(&p, key->scopes ? key->scopes : "");
    db_param_text(&p, key->expires_at);
    db_param_actor(&p, actor);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_API_KEY_INSERT, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, public_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_API_KEY_BY_PUBLIC_ID, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_int(&p, after_id);
    db_param_int(&p, limit);
    return db_exec_rows(conn, SQL_API_KEY_LIST, &p, arena, sizeof(**items), read_info, items, count,
                        err);
}

enum status db_key_revoke(struct db_conn *conn, struct arena *arena, long id, int center_id,
                          const struct db_actor *actor, const char **public_id, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, id);
    db_param_id(&p, center_id);
    db_param_actor(&p, actor);
    PGresult *res = NULL;
    enum status st = db_exec_one(conn, SQL_API_KEY_REVOKE, &p, "api key", id, &res, err);
    if (st != STATUS_OK)
        return st;
    if (!(*public_id = row_text(res, 0, 1, arena)))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}
