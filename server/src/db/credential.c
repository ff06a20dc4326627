/* The credential lookups' shared columns: see credential.h. */
#include "credential.h"

#include <stdio.h>
#include <string.h>

#include "query.h"
#include "rows.h"

enum status db_credential_lookup(struct db_conn *conn, enum sql_id id, const char *public_id,
                                 enum principal_kind kind, struct principal *who,
                                 unsigned char secret_hash[32], bool *usable, PGresult **res,
                                 struct error *err)
{
    const char *noun = kind == PRINCIPAL_API_KEY ? "key" : "session";
    enum status st = db_query_need(conn, id, DB_ARGS(DB_TEXT(public_id)), res, err,
                                   STATUS_NOT_FOUND, NULL, "unknown %s", noun);
    if (st != STATUS_OK)
        return st;
    memset(who, 0, sizeof(*who));
    who->kind = kind;
    long row_id = row_long(*res, 0, 0);
    *(kind == PRINCIPAL_API_KEY ? &who->key_id : &who->session_id) = row_id;
    if (!row_bytes(*res, 0, 1, secret_hash, 32) ||
        !role_parse(PQgetvalue(*res, 0, 3), &who->role)) {
        PQclear(*res);
        *res = NULL;
        return error_set(err, STATUS_INTERNAL, "%s %ld has a malformed row",
                         kind == PRINCIPAL_API_KEY ? "api key" : "session", row_id);
    }
    snprintf(who->name, sizeof(who->name), "%s", PQgetvalue(*res, 0, 2)); /* fits: see .h */
    snprintf(who->center_code, sizeof(who->center_code), "%s", PQgetvalue(*res, 0, 4));
    who->center_id = (int)row_long(*res, 0, 5);
    *usable = row_bool(*res, 0, 7);
    return STATUS_OK;
}
