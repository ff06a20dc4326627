/* API keys in PostgreSQL. Only the SHA-256 of a key's secret part is ever stored, and no function
 * here returns it to a caller outside authentication. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "error.h"
#include "principal.h"

struct arena;
struct db_conn;

/* A key as listed (never its secret or hash). Strings live in the arena of the call. */
struct api_key_info {
    long id;
    const char *name;
    const char *role;
    const char *center; /* NULL: city-level */
    const char *scopes; /* space-separated, "" when none */
    const char *expires_at;
    const char *created_at;
    const char *last_used_at;
    const char *revoked_at;
};

struct api_key_new {
    const char *public_id;
    const unsigned char *secret_hash; /* 32 bytes */
    const char *name;
    enum role role;
    const char *center_code; /* NULL: city-level */
    const char *scopes;      /* space-separated, validated by the caller */
    const char *expires_at;  /* RFC 3339 or NULL */
};

/* Stores a key and its audit event. An unknown center is a field error on "center". */
enum status db_key_insert(struct db_conn *conn, struct arena *arena, const struct api_key_new *key,
                          const struct db_actor *actor, struct api_key_info *out,
                          struct error *err);

/* Finds a key by its public id: fills who and secret_hash, and *usable (false when revoked or
 * expired). STATUS_NOT_FOUND when no such key. */
enum status db_key_lookup(struct db_conn *conn, const char *public_id, struct principal *who,
                          unsigned char secret_hash[32], bool *usable, struct error *err);

/* Up to limit keys with id > after_id visible to center_id (0: every center). */
enum status db_key_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                        int limit, struct api_key_info **items, size_t *count, struct error *err);

/* Revokes a key visible to center_id; *public_id receives its public id (in arena) so the caller
 * can drop it from the authentication cache. STATUS_NOT_FOUND when no such key for the caller. */
enum status db_key_revoke(struct db_conn *conn, struct arena *arena, long id, int center_id,
                          const struct db_actor *actor, const char **public_id, struct error *err);
