/* Idempotency keys in PostgreSQL, so that retries are recognised across server instances. */
#pragma once

#include <stdbool.h>

#include "error.h"

struct arena;
struct db_conn;

/* A stored first response. Strings in the call's arena; location and etag may be NULL. */
struct idempotent_response {
    bool same_request;
    int status;
    const char *location;
    const char *etag;
    const char *body;
};

/* Claims (caller, key) for a request whose hash is request_hash (32 bytes). *claimed is false
 * when an earlier request holds the key; db_idempotency_get then returns its response. */
enum status db_idempotency_claim(struct db_conn *conn, const char *caller, const char *key,
                                 const unsigned char *request_hash, bool *claimed,
                                 struct error *err);
enum status db_idempotency_get(struct db_conn *conn, struct arena *arena, const char *caller,
                               const char *key, const unsigned char *request_hash,
                               struct idempotent_response *out, struct error *err);
enum status db_idempotency_store(struct db_conn *conn, const char *caller, const char *key,
                                 int status, const char *location, const char *etag,
                                 const char *body, struct error *err);
