/* Idempotency keys in PostgreSQL, so that retries are recognised across server instances. */
#pragma once

#include <stdbool.h>

#include "error.h"

struct arena;
struct db_conn;

/* Whether and why a stored response showed parties in clear (migration 0014, pii_grant). */
enum idempotent_pii {
    IDEMPOTENT_PII_MASKED = 0,
    IDEMPOTENT_PII_MEDIATOR = 1,   /* the case's mediator */
    IDEMPOTENT_PII_REGISTRANT = 2, /* the answer to an intake, to whoever registered it */
    IDEMPOTENT_PII_UNMASK = 3,     /* the audited unmask */
};

/* A stored first response. Strings and bytes in the call's arena; location, etag and sealed may
 * be NULL. The body is sealed by the caller (the database never sees it in clear). */
struct idempotent_response {
    bool same_request;
    int status;
    const char *location;
    const char *etag;
    const unsigned char *sealed;
    size_t sealed_len;
    long case_id; /* 0: the response shows no case */
    enum idempotent_pii pii;
};

/* Claims (caller, key) for a request whose hash is request_hash (32 bytes). *claimed is false
 * when an earlier request holds the key; db_idempotency_get then returns its response. */
enum status db_idempotency_claim(struct db_conn *conn, const char *caller, const char *key,
                                 const unsigned char *request_hash, bool *claimed,
                                 struct error *err);
enum status db_idempotency_get(struct db_conn *conn, struct arena *arena, const char *caller,
                               const char *key, const unsigned char *request_hash,
                               struct idempotent_response *out, struct error *err);
/* Keeps the first response of (caller, key): sealed body (sealed_len 0: none), the case it shows
 * (0: none) and whether it showed parties in clear. */
enum status db_idempotency_store(struct db_conn *conn, const char *caller, const char *key,
                                 int status, const char *location, const char *etag,
                                 const unsigned char *sealed, size_t sealed_len, long case_id,
                                 enum idempotent_pii pii, struct error *err);

/* Deletes up to batch keys past their 24 hours; *deleted receives how many went. */
enum status db_idempotency_purge(struct db_conn *conn, int batch, long *deleted, struct error *err);
