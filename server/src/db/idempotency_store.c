/* Idempotency key store. */
#include "idempotency_store.h"

#include <stdio.h>

#include "arena.h"
#include "query.h"
#include "rows.h"

/* The key's parameters, $1 … $3 of claim and get: the caller, the key, the request's hash. */
#define REQUEST_ARGS(caller, key, hash) DB_ARGS(DB_TEXT(caller), DB_TEXT(key), DB_BYTES(hash, 32))

enum status db_idempotency_claim(struct db_conn *conn, const char *caller, const char *key,
                                 const unsigned char *request_hash, bool *claimed,
                                 struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, SQL_IDEMPOTENCY_CLAIM,
                                  REQUEST_ARGS(caller, key, request_hash), &res, err);
    *claimed = res != NULL;
    PQclear(res);
    return st;
}

enum status db_idempotency_get(struct db_conn *conn, struct arena *arena, const char *caller,
                               const char *key, const unsigned char *request_hash,
                               struct idempotent_response *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query_row(conn, SQL_IDEMPOTENCY_GET, REQUEST_ARGS(caller, key, request_hash), &res, err);
    if (st != STATUS_OK)
        return st;
    if (!res || PQgetisnull(res, 0, 1)) {
        /* the holder rolled back between our claim and this read: let the caller retry */
        PQclear(res);
        return error_set(err, STATUS_RETRY, "idempotency key changed hands");
    }
    out->same_request = row_bool(res, 0, 0);
    out->status = (int)row_long(res, 0, 1);
    out->location = row_text(res, 0, 2, arena);
    out->etag = row_text(res, 0, 3, arena);
    out->sealed = NULL;
    out->sealed_len = 0;
    if (!PQgetisnull(res, 0, 4)) {
        size_t text_len = (size_t)PQgetlength(res, 0, 4);
        size_t len = text_len >= 2 ? (text_len - 2) / 2 : 0;
        unsigned char *bytes = arena_alloc(arena, len ? len : 1);
        if (!bytes || !row_bytes(res, 0, 4, bytes, len)) {
            PQclear(res);
            return error_set(err, bytes ? STATUS_INTERNAL : STATUS_NO_MEMORY,
                             "cannot read a stored idempotent response");
        }
        out->sealed = bytes;
        out->sealed_len = len;
    }
    out->case_id = PQgetisnull(res, 0, 5) ? 0 : row_long(res, 0, 5);
    long pii = row_long(res, 0, 6);
    out->pii = pii >= 0 && pii <= 3 ? (enum idempotent_pii)pii : IDEMPOTENT_PII_UNMASK;
    PQclear(res);
    return STATUS_OK;
}

enum status db_idempotency_store(struct db_conn *conn, const char *caller, const char *key,
                                 int status, const char *location, const char *etag,
                                 const unsigned char *sealed, size_t sealed_len, long case_id,
                                 enum idempotent_pii pii, struct error *err)
{
    if (sealed_len > 0x7fffffff)
        return error_set(err, STATUS_TOO_LARGE, "response too large to keep");
    return db_query_exec(conn, SQL_IDEMPOTENCY_STORE,
                         DB_ARGS(DB_TEXT(caller), DB_TEXT(key), DB_INT(status), DB_TEXT(location),
                                 DB_TEXT(etag), sealed_len ? DB_BYTES(sealed, sealed_len) : DB_NULL,
                                 DB_ID(case_id), DB_INT((int)pii)),
                         err);
}

enum status db_idempotency_purge(struct db_conn *conn, int batch, long *deleted, struct error *err)
{
    return db_query_long(conn, SQL_IDEMPOTENCY_PURGE, DB_ARGS(DB_INT(batch)), deleted, err);
}
