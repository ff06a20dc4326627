/* Internal to db/: what the API key and the session lookups share. Both statements
 * (api_key_by_public_id.sql, session_by_public_id.sql) answer at most one row whose columns 0 … 5
 * and 7 are the same: id, secret hash, name, role, center code, center id, usable. */
#pragma once

#include <stdbool.h>

#include "conn.h"
#include "principal.h"

/* Runs the lookup id for public_id and fills who (cleared first; kind, its id, name, role,
 * center), secret_hash and usable from the shared columns. STATUS_NOT_FOUND "unknown <noun>"
 * when there is no row, STATUS_INTERNAL "<noun> <id> has a malformed row"; on STATUS_OK *res
 * holds the row for the caller's own columns, and the caller clears it. */
enum status db_credential_lookup(struct db_conn *conn, enum sql_id id, const char *public_id,
                                 enum principal_kind kind, struct principal *who,
                                 unsigned char secret_hash[32], bool *usable, PGresult **res,
                                 struct error *err);
