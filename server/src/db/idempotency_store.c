/* Idempotency key store. */
#include "idempotency_store.h"

#include <stdio.h>

#include "conn.h"
#include "rows.h"

enum status db_idempotency_claim(struct db_conn *conn, const char *caller, const char *key,
                                 const unsigned char *request_hash, bool *claimed,
                                 struct error *err)
{
    const char *values[] = {caller, key, (const char *)request_hash};
    const int lengths[] = {0, 0, 32};
    const int formats[] = {0, 0, 1};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_IDEMPOTENCY_CLAIM, 3, values, lengths, formats, &res, err);
    if (st != STATUS_OK)
        return st;
    *claimed = PQntuples(res) == 1;
    PQclear(res);
    return STATUS_OK;
}

enum status db_idempotency_get(struct db_conn *conn, struct arena *arena, const char *caller,
                               const char *key, const unsigned char *request_hash,
                               struct idempotent_response *out, struct error *err)
{
    const char *values[] = {caller, key, (const char *)request_hash};
    const int lengths[] = {0, 0, 32};
    const int formats[] = {0, 0, 1};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_IDEMPOTENCY_GET, 3, values, lengths, formats, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1 || PQgetisnull(res, 0, 1)) {
        /* the holder rolled back between our claim and this read: let the caller retry */
        PQclear(res);
        return error_set(err, STATUS_RETRY, "idempotency key changed hands");
    }
    out->same_request = row_bool(res, 0, 0);
    out->status = (int)row_long(res, 0, 1);
    out->location = row_text(res, 0, 2, arena);
    out->etag = row_text(res, 0, 3, arena);
    out->body = row_text(res, 0, 4, arena);
    PQclear(res);
    return STATUS_OK;
}

enum status db_idempotency_store(struct db_conn *conn, const char *caller, const char *key,
                                 int status, const char *location, const char *etag,
                                 const char *body, struct error *err)
{
    char code[8];
    snprintf(code, sizeof(code), "%d", status);
    const char *values[] = {caller, key, code, location, etag, body};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_IDEMPOTENCY_STORE, 6, values, NULL, NULL, &res, err);
    PQclear(res);
    return st;
}
