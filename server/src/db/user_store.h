/* Staff accounts and their login sessions. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "error.h"
#include "principal.h"

struct arena;
struct db_conn;

/* A user as shown to admins (never the password hash). Strings live in the call's arena. */
struct user {
    long id;
    const char *center; /* NULL: city-level */
    const char *username;
    const char *display_name;
    const char *role;
    bool active;
    int version;
    const char *created_at;
};

/* Fields to change; NULL (active: -1) leaves a field as it is. */
struct user_change {
    const char *display_name;
    const char *role;
    int active;
    const char *password_hash;
};

/* Creates a user. A taken username → STATUS_CONFLICT; an unknown center → field error. */
enum status db_user_insert(struct db_conn *conn, struct arena *arena, const char *center_code,
                           const char *username, const char *display_name, enum role role,
                           const char *password_hash, const struct db_actor *actor,
                           struct user *out, struct error *err);

/* One user visible to center_id (0: every center); STATUS_NOT_FOUND otherwise. */
enum status db_user_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                        struct user *out, struct error *err);

enum status db_user_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                         int limit, struct user **items, size_t *count, struct error *err);

/* Applies change when the user's version is still version. STATUS_NOT_FOUND when no such user
 * for the caller; STATUS_CONFLICT with "stale" when the version moved on. Deactivation or a new
 * password ends the user's sessions in the same transaction. */
enum status db_user_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           int version, const struct user_change *change,
                           const struct db_actor *actor, struct user *out, struct error *err);

/* The stored password hash and state of a username. STATUS_NOT_FOUND when there is none.
 * *password_hash is an arena copy. */
enum status db_user_credentials(struct db_conn *conn, struct arena *arena, const char *username,
                                long *user_id, const char **password_hash, bool *active,
                                struct error *err);

/* Opens a session for user_id lasting lifetime_s; *session_id and *expires_at (RFC 3339, arena)
 * describe it. */
enum status db_session_insert(struct db_conn *conn, struct arena *arena, const char *public_id,
                              const unsigned char secret_hash[32], long user_id, int lifetime_s,
                              const char *request_id, long *session_id, const char **expires_at,
                              struct error *err);

/* Finds a session token by its public id: fills who and secret_hash, *usable (false when revoked,
 * expired or the user deactivated) and *expires_unix. STATUS_NOT_FOUND when unknown. */
enum status db_session_lookup(struct db_conn *conn, const char *public_id, struct principal *who,
                              unsigned char secret_hash[32], bool *usable, int64_t *expires_unix,
                              struct error *err);

/* Ends a session; *public_id (arena) lets the caller drop it from the authentication cache. */
enum status db_session_revoke(struct db_conn *conn, struct arena *arena, long session_id,
                              const char *request_id, const char **public_id, struct error *err);
