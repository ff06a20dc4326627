/* A small in-process cache of token lookups, so that authenticating a request costs no database
 * round trip on the hot path.
 *
 * The choice: an entry is trusted for AUTH_CACHE_TTL_MS (default 5 s) after it was read from the
 * database. A revocation through this instance drops the entry at once; one made through another
 * instance (or by SQL) takes effect here within the TTL. Set the TTL to 0 to check the database on
 * every request. The cache holds the SHA-256 of the secret, never the secret.
 *
 * Direct-mapped (one entry a slot, a newer entry replaces an older one), guarded by one mutex
 * held only to copy an entry in or out.
 *
 * A lookup races with a revocation: it may read the token's row before the revocation commits and
 * store it after the revocation dropped the entry, which would make the revoked token work for a
 * TTL. Every forget bumps a generation number; a lookup reads the generation before it asks the
 * database and its put is refused when any forget happened meanwhile (the next request asks the
 * database again). A miss (a token that does not exist) never replaces a live entry. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api_key.h"
#include "principal.h"

struct auth_cache_entry {
    enum token_kind kind;
    char public_id[API_KEY_ID_HEX_LEN + 1];
    unsigned char secret_hash[32];
    struct principal who;
    bool usable;
    int64_t expires_unix; /* a session's expiry; 0 for keys (their expiry makes usable false) */
    int64_t cached_at_ms; /* monotonic */
};

struct auth_cache;

/* NULL when out of memory. ttl_ms 0 disables caching (every get misses). */
struct auth_cache *auth_cache_new(size_t slots, int ttl_ms);
void auth_cache_free(struct auth_cache *cache);

/* Copies a fresh entry for (kind, public_id) into out; false when absent or stale. */
bool auth_cache_get(struct auth_cache *cache, enum token_kind kind, const char *public_id,
                    struct auth_cache_entry *out);
/* The generation to read before a database lookup and pass to auth_cache_put. */
uint64_t auth_cache_generation(struct auth_cache *cache);
/* Stores entry (stamped with the current time) unless something was forgotten since generation
 * was read, or entry is a miss and the slot holds another live token. Returns whether it did. */
bool auth_cache_put(struct auth_cache *cache, const struct auth_cache_entry *entry,
                    uint64_t generation);
/* Drops every cached session of a user (after deactivation, a password or role change). */
void auth_cache_forget_user(struct auth_cache *cache, long user_id);

/* Drops the entry for (kind, public_id), if any. */
void auth_cache_forget(struct auth_cache *cache, enum token_kind kind, const char *public_id);
