/* Users and sessions. */
#include "user_store.h"

#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "params.h"
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

enum status db_user_insert(struct db_conn *conn, struct arena *arena, const char *center_code,
                           const char *username, const char *display_name, enum role role,
                           const char *password_hash, const struct db_actor *actor,
                           struct user *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, center_code);
    db_param_text(&p, username);
    db_param_text(&p, display_name);
    db_param_text(&p, role_name(role));
    db_param_text(&p, password_hash);
    db_param_actor(&p, actor);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_USER_INSERT, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, id);
    db_param_id(&p, center_id);
    return db_exec_read(conn, SQL_USER_GET, &p, "user", id, arena, read_user, out, err);
}

enum status db_user_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                         int limit, struct user **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_int(&p, after_id);
    db_param_int(&p, limit);
    return db_exec_rows(conn, SQL_USER_LIST, &p, arena, sizeof(**items), read_user, items, count,
                        err);
}

enum status db_user_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           int version, const struct user_change *change,
                           const struct db_actor *actor, struct user *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, id);
    db_param_id(&p, center_id);
    db_param_int(&p, version);
    db_param_text(&p, change->display_name);
    db_param_text(&p, change->role);
    db_param_bool(&p, change->active);
    db_param_text(&p, change->password_hash);
    db_param_actor(&p, actor);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_USER_UPDATE, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, username);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_USER_CREDENTIALS, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, public_id);
    db_param_bytes(&p, secret_hash, 32);
    db_param_int(&p, user_id);
    db_param_int(&p, lifetime_s);
    db_param_text(&p, request_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_SESSION_INSERT, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, public_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_SESSION_BY_PUBLIC_ID, &p, &res, err);
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
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, session_id);
    db_param_text(&p, request_id);
    PGresult *res = NULL;
    enum status st = db_exec_one(conn, SQL_SESSION_REVOKE, &p, "session", session_id, &res, err);
    if (st != STATUS_OK)
        return st;
    if (!(*public_id = row_text(res, 0, 0, arena)))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}
