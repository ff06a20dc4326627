/* Users and sessions. */
#include "user_store.h"

#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "rows.h"

/* A user row; false when out of memory (a rows_read reader). */
static bool read_user(PGresult *res, int row, void *item, struct arena *arena)
{
    struct user *u = item;
    u->id = row_long(res, row, 0);
    u->center = row_text(res, row, 1, arena);
    u->username = row_text(res, row, 2, arena);
    u->display_name = row_text(res, row, 3, arena);
    u->role = row_text(res, row, 4, arena);
    u->active = row_bool(res, row, 5);
    u->version = (int)row_long(res, row, 6);
    u->created_at = row_text(res, row, 7, arena);
    return u->username && u->display_name && u->role && u->created_at;
}

/* Reads the single row of res into out, or reports not_found. Clears res. */
static enum status one_user(PGresult *res, struct arena *arena, struct user *out, long id,
                            struct error *err)
{
    enum status st = STATUS_OK;
    if (PQntuples(res) != 1)
        st = error_set(err, STATUS_NOT_FOUND, "no user %ld", id);
    else if (!read_user(res, 0, out, arena))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

struct actor_params {
    char key[24], user[24];
};

static void actor_params(const struct db_actor *a, struct actor_params *p)
{
    snprintf(p->key, sizeof(p->key), "%ld", a->key_id);
    snprintf(p->user, sizeof(p->user), "%ld", a->user_id);
}

enum status db_user_insert(struct db_conn *conn, struct arena *arena, const char *center_code,
                           const char *username, const char *display_name, enum role role,
                           const char *password_hash, const struct db_actor *actor,
                           struct user *out, struct error *err)
{
    struct actor_params ap;
    actor_params(actor, &ap);
    const char *values[] = {center_code,
                            username,
                            display_name,
                            role_name(role),
                            password_hash,
                            actor->key_id ? ap.key : NULL,
                            actor->user_id ? ap.user : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_USER_INSERT, 9, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "username %s is taken", username);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_add_field(err, "center", "no center with code %s", center_code);
    }
    return one_user(res, arena, out, 0, err);
}

enum status db_user_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                        struct user *out, struct error *err)
{
    char ids[24], center[16];
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    const char *values[] = {ids, center_id ? center : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_USER_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    return one_user(res, arena, out, id, err);
}

enum status db_user_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                         int limit, struct user **items, size_t *count, struct error *err)
{
    char center[16], after[24], lim[16];
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(after, sizeof(after), "%ld", after_id);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *values[] = {center_id ? center : NULL, after, lim};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_USER_LIST, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_user, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_user_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           int version, const struct user_change *change,
                           const struct db_actor *actor, struct user *out, struct error *err)
{
    char ids[24], center[16], ver[16];
    struct actor_params ap;
    actor_params(actor, &ap);
    snprintf(ids, sizeof(ids), "%ld", id);
    snprintf(center, sizeof(center), "%d", center_id);
    snprintf(ver, sizeof(ver), "%d", version);
    const char *values[] = {ids,
                            center_id ? center : NULL,
                            ver,
                            change->display_name,
                            change->role,
                            change->active < 0 ? NULL : (change->active ? "true" : "false"),
                            change->password_hash,
                            actor->key_id ? ap.key : NULL,
                            actor->user_id ? ap.user : NULL,
                            actor->name,
                            actor->request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_USER_UPDATE, 11, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) == 1)
        return one_user(res, arena, out, id, err);
    PQclear(res);
    /* no row: either no such user for this caller, or a stale version */
    struct user current;
    st = db_user_get(conn, arena, id, center_id, &current, err);
    if (st != STATUS_OK)
        return st;
    return error_set(err, STATUS_CONFLICT, "stale: user %ld is at version %d, not %d", id,
                     current.version, version);
}

enum status db_user_credentials(struct db_conn *conn, struct arena *arena, const char *username,
                                long *user_id, const char **password_hash, bool *active,
                                struct error *err)
{
    const char *values[] = {username};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_USER_CREDENTIALS, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no such user");
    }
    *user_id = row_long(res, 0, 0);
    *password_hash = row_text(res, 0, 1, arena);
    *active = row_bool(res, 0, 2);
    PQclear(res);
    return *password_hash ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_session_insert(struct db_conn *conn, struct arena *arena, const char *public_id,
                              const unsigned char secret_hash[32], long user_id, int lifetime_s,
                              const char *request_id, long *session_id, const char **expires_at,
                              struct error *err)
{
    char user[24], life[16];
    snprintf(user, sizeof(user), "%ld", user_id);
    snprintf(life, sizeof(life), "%d", lifetime_s);
    const char *values[] = {public_id, (const char *)secret_hash, user, life, request_id};
    const int lengths[5] = {0, 32};
    const int formats[5] = {0, 1};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_SESSION_INSERT, 5, values, lengths, formats, &res, err);
    if (st != STATUS_OK)
        return st;
    *session_id = row_long(res, 0, 0);
    *expires_at = row_text(res, 0, 1, arena);
    PQclear(res);
    return *expires_at ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_session_lookup(struct db_conn *conn, const char *public_id, struct principal *who,
                              unsigned char secret_hash[32], bool *usable, int64_t *expires_unix,
                              struct error *err)
{
    const char *values[] = {public_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_SESSION_BY_PUBLIC_ID, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "unknown session");
    }
    memset(who, 0, sizeof(*who));
    who->kind = PRINCIPAL_SESSION;
    who->session_id = row_long(res, 0, 0);
    if (!row_bytes(res, 0, 1, secret_hash, 32) || !role_parse(PQgetvalue(res, 0, 3), &who->role)) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "session %ld has a malformed row", who->session_id);
    }
    snprintf(who->name, sizeof(who->name), "%s", PQgetvalue(res, 0, 2)); /* fits: see .h */
    snprintf(who->center_code, sizeof(who->center_code), "%s", PQgetvalue(res, 0, 4));
    who->center_id = (int)row_long(res, 0, 5);
    who->user_id = row_long(res, 0, 6);
    *usable = row_bool(res, 0, 7);
    *expires_unix = (int64_t)row_long(res, 0, 8);
    PQclear(res);
    return STATUS_OK;
}

enum status db_session_revoke(struct db_conn *conn, struct arena *arena, long session_id,
                              const char *request_id, const char **public_id, struct error *err)
{
    char ids[24];
    snprintf(ids, sizeof(ids), "%ld", session_id);
    const char *values[] = {ids, request_id};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_SESSION_REVOKE, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1)
        st = error_set(err, STATUS_NOT_FOUND, "no session %ld", session_id);
    else if (!(*public_id = row_text(res, 0, 0, arena)))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}
