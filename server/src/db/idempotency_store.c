/* Idempotency key store. */
#include "idempotency_store.h"

#include <stdio.h>

#include "arena.h"
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
    char code[8], case_text[24], grant[8];
    snprintf(code, sizeof(code), "%d", status);
    snprintf(case_text, sizeof(case_text), "%ld", case_id);
    snprintf(grant, sizeof(grant), "%d", (int)pii);
    if (sealed_len > 0x7fffffff)
        return error_set(err, STATUS_TOO_LARGE, "response too large to keep");
    const char *values[] = {caller,
                            key,
                            code,
                            location,
                            etag,
                            sealed_len ? (const char *)sealed : NULL,
                            case_id ? case_text : NULL,
                            grant};
    const int lengths[] = {0, 0, 0, 0, 0, (int)sealed_len, 0, 0};
    const int formats[] = {0, 0, 0, 0, 0, 1, 0, 0};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_IDEMPOTENCY_STORE, 8, values, lengths, formats, &res, err);
    PQclear(res);
    return st;
}

enum status db_idempotency_purge(struct db_conn *conn, int batch, long *deleted, struct error *err)
{
    char n[16];
    snprintf(n, sizeof(n), "%d", batch);
    const char *values[] = {n};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_IDEMPOTENCY_PURGE, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *deleted = PQntuples(res) == 1 ? row_long(res, 0, 0) : 0;
    PQclear(res);
    return STATUS_OK;
}
