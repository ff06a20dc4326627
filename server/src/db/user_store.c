/* Users and sessions. */
#include "user_store.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "credential.h"
#include "query.h"
#include "rows.h"

/* A user row; false when out of memory (a rows_read reader). */
static bool read_user(PGresult *res, int row, void *item, struct arena *arena)
{
    struct user *u = item;
    u->id = row_long(res, row, 0);
    u->active = row_bool(res, row, 5);
    u->version = (int)row_long(res, row, 6);
    u->created_at = row_text(res, row, 7, arena);
    return ROW_TEXTS(res, row, 1, arena, &u->center, &u->username, &u->display_name, &u->role) &&
           u->created_at;
}

enum status db_user_insert(struct db_conn *conn, struct arena *arena, const char *center_code,
                           const char *username, const char *display_name, enum role role,
                           const char *password_hash, const struct db_actor *actor,
                           struct user *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query_need(conn, SQL_USER_INSERT,
                      DB_ARGS(DB_TEXT(center_code), DB_TEXT(username), DB_TEXT(display_name),
                              DB_TEXT(role_name(role)), DB_TEXT(password_hash), DB_ACTOR(actor)),
                      &res, err, STATUS_INVALID, "center", "no center with code %s", center_code);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "username %s is taken", username);
    if (st != STATUS_OK)
        return st;
    return db_read_first(res, arena, read_user, out, err);
}

enum status db_user_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                        struct user *out, struct error *err)
{
    return db_query_get(conn, SQL_USER_GET, id, center_id, "user", arena, read_user, out, err);
}

enum status db_user_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                         int limit, struct user **items, size_t *count, struct error *err)
{
    return db_query_page(conn, SQL_USER_LIST, center_id, after_id, limit, arena, sizeof(**items),
                         read_user, items, count, err);
}

enum status db_user_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           int version, const struct user_change *change,
                           const struct db_actor *actor, struct user *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, SQL_USER_UPDATE,
                                  DB_ARGS(DB_INT(id), DB_ID(center_id), DB_INT(version),
                                          DB_TEXT(change->display_name), DB_TEXT(change->role),
                                          DB_BOOL(change->active), DB_TEXT(change->password_hash),
                                          DB_ACTOR(actor)),
                                  &res, err);
    if (st != STATUS_OK)
        return st;
    if (res)
        return db_read_first(res, arena, read_user, out, err);
    return db_stale(conn, SQL_USER_GET, id, center_id, version, "user", arena, read_user, out,
                    offsetof(struct user, version), err);
}

enum status db_user_credentials(struct db_conn *conn, struct arena *arena, const char *username,
                                long *user_id, const char **password_hash, bool *active,
                                struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query_one(conn, SQL_USER_CREDENTIALS, DB_ARGS(DB_TEXT(username)), "user", 0, &res, err);
    if (st != STATUS_OK)
        return st;
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
    PGresult *res = NULL;
    enum status st = db_query(conn, SQL_SESSION_INSERT,
                              DB_ARGS(DB_TEXT(public_id), DB_BYTES(secret_hash, 32),
                                      DB_INT(user_id), DB_INT(lifetime_s), DB_TEXT(request_id)),
                              &res, err);
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
    PGresult *res = NULL;
    enum status st = db_credential_lookup(conn, SQL_SESSION_BY_PUBLIC_ID, public_id,
                                          PRINCIPAL_SESSION, who, secret_hash, usable, &res, err);
    if (st != STATUS_OK)
        return st;
    who->user_id = row_long(res, 0, 6);
    *expires_unix = (int64_t)row_long(res, 0, 8);
    PQclear(res);
    return STATUS_OK;
}

enum status db_session_revoke(struct db_conn *conn, struct arena *arena, long session_id,
                              const char *request_id, const char **public_id, struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query_one(conn, SQL_SESSION_REVOKE, DB_ARGS(DB_INT(session_id), DB_TEXT(request_id)),
                     "session", session_id, &res, err);
    return st == STATUS_OK ? db_take_text(res, 0, arena, public_id, err) : st;
}
