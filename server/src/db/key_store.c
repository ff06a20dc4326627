/* API key store. */
#include "key_store.h"

#include <stdio.h>
#include <string.h>

#include "credential.h"
#include "query.h"
#include "rows.h"

/* A key row (never its hash); false when out of memory (a rows_read reader). */
static bool read_info(PGresult *res, int row, void *item, struct arena *arena)
{
    struct api_key_info *k = item;
    k->id = row_long(res, row, 0);
    return ROW_TEXTS(res, row, 1, arena, &k->name, &k->role, &k->center, &k->scopes, &k->expires_at,
                     &k->created_at, &k->last_used_at, &k->revoked_at);
}

enum status db_key_insert(struct db_conn *conn, struct arena *arena, const struct api_key_new *key,
                          const struct db_actor *actor, struct api_key_info *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_need(
        conn, SQL_API_KEY_INSERT,
        DB_ARGS(DB_TEXT(key->public_id), DB_BYTES(key->secret_hash, 32), DB_TEXT(key->name),
                DB_TEXT(role_name(key->role)), DB_TEXT(key->center_code),
                DB_TEXT(key->scopes ? key->scopes : ""), DB_TEXT(key->expires_at), DB_ACTOR(actor)),
        &res, err, STATUS_INVALID, "center", "no center with code %s", key->center_code);
    if (st != STATUS_OK)
        return st;
    return db_read_first(res, arena, read_info, out, err);
}

enum status db_key_lookup(struct db_conn *conn, const char *public_id, struct principal *who,
                          unsigned char secret_hash[32], bool *usable, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_credential_lookup(conn, SQL_API_KEY_BY_PUBLIC_ID, public_id,
                                          PRINCIPAL_API_KEY, who, secret_hash, usable, &res, err);
    if (st == STATUS_OK && !scopes_parse_list(PQgetvalue(res, 0, 6), &who->scopes))
        st = error_set(err, STATUS_INTERNAL, "api key %ld has a malformed row", who->key_id);
    PQclear(res);
    return st;
}

enum status db_key_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                        int limit, struct api_key_info **items, size_t *count, struct error *err)
{
    return db_query_page(conn, SQL_API_KEY_LIST, center_id, after_id, limit, arena, sizeof(**items),
                         read_info, items, count, err);
}

enum status db_key_revoke(struct db_conn *conn, struct arena *arena, long id, int center_id,
                          const struct db_actor *actor, const char **public_id, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_one(conn, SQL_API_KEY_REVOKE,
                                  DB_ARGS(DB_INT(id), DB_ID(center_id), DB_ACTOR(actor)), "api key",
                                  id, &res, err);
    return st == STATUS_OK ? db_take_text(res, 1, arena, public_id, err) : st;
}
