/* API key store. */
#include "key_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"

enum status db_key_insert(struct db_conn *conn, const char *public_id,
                          const unsigned char secret_hash[32], const char *name, enum role role,
                          const char *center_code, long *id, struct error *err)
{
    const char *values[] = {public_id, (const char *)secret_hash, name, role_name(role),
                            center_code};
    const int lengths[] = {0, 32, 0, 0, 0};
    const int formats[] = {0, 1, 0, 0, 0};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_API_KEY_INSERT, 5, values, lengths, formats, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no center with code %s", center_code);
    }
    *id = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return STATUS_OK;
}

/* bytea comes back in text format as \x followed by hex digits. */
static bool decode_hash(const char *text, unsigned char out[32])
{
    if (strlen(text) != 66 || text[0] != '\\' || text[1] != 'x')
        return false;
    for (int i = 0; i < 32; i++) {
        unsigned v;
        if (sscanf(text + 2 + 2 * i, "%2x", &v) != 1)
            return false;
        out[i] = (unsigned char)v;
    }
    return true;
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
    who->key_id = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    if (!decode_hash(PQgetvalue(res, 0, 1), secret_hash) ||
        !role_parse(PQgetvalue(res, 0, 3), &who->role)) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "api key %ld has a malformed row", who->key_id);
    }
    snprintf(who->name, sizeof(who->name), "%s", PQgetvalue(res, 0, 2));
    snprintf(who->center_code, sizeof(who->center_code), "%s", PQgetvalue(res, 0, 4));
    who->center_id = PQgetisnull(res, 0, 5) ? 0 : atoi(PQgetvalue(res, 0, 5));
    snprintf(who->scopes, sizeof(who->scopes), "%s", PQgetvalue(res, 0, 6));
    *usable = strcmp(PQgetvalue(res, 0, 7), "t") == 0;
    PQclear(res);
    return STATUS_OK;
}
