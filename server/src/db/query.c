/* One prepared statement in one call: see query.h. */
#include "query.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rows.h"

void db_params_add(struct db_params *p, struct db_args args)
{
    for (size_t i = 0; i < args.count; i++) {
        const struct db_arg *a = &args.items[i];
        switch (a->kind) {
        case DB_ARG_TEXT:
            db_param_text(p, a->p);
            break;
        case DB_ARG_INT:
            db_param_int(p, a->n);
            break;
        case DB_ARG_ID:
            db_param_id(p, a->n);
            break;
        case DB_ARG_BOOL:
            db_param_bool(p, a->n < 0 ? -1 : a->n != 0);
            break;
        case DB_ARG_BYTES:
            db_param_bytes(p, a->p, a->len);
            break;
        case DB_ARG_ACTOR:
            db_param_actor(p, a->p);
            break;
        }
    }
}

enum status db_query(struct db_conn *conn, enum sql_id id, struct db_args args, PGresult **out,
                     struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_params_add(&p, args);
    return db_exec_params(conn, id, &p, out, err);
}

enum status db_query_exec(struct db_conn *conn, enum sql_id id, struct db_args args,
                          struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query(conn, id, args, &res, err);
    PQclear(res);
    return st;
}

enum status db_query_row(struct db_conn *conn, enum sql_id id, struct db_args args, PGresult **out,
                         struct error *err)
{
    enum status st = db_query(conn, id, args, out, err);
    if (st == STATUS_OK && PQntuples(*out) != 1) {
        PQclear(*out);
        *out = NULL;
    }
    return st;
}

enum status db_query_need(struct db_conn *conn, enum sql_id id, struct db_args args, PGresult **out,
                          struct error *err, enum status none, const char *field, const char *fmt,
                          ...)
{
    enum status st = db_query_row(conn, id, args, out, err);
    if (st != STATUS_OK || *out)
        return st;
    va_list ap;
    va_start(ap, fmt);
    if (field) {
        char message[ERROR_MESSAGE_MAX];
        vsnprintf(message, sizeof(message), fmt, ap);
        st = error_add_field(err, field, "%s", message);
    } else {
        st = error_setv(err, none, fmt, ap);
    }
    va_end(ap);
    return st;
}

enum status db_query_insert(struct db_conn *conn, enum sql_id id, struct db_args args,
                            struct arena *arena, db_row_reader read, void *item, struct error *err,
                            const char *fmt, ...)
{
    PGresult *res = NULL;
    enum status st = db_query(conn, id, args, &res, err);
    if (st == STATUS_OK)
        return db_read_first(res, arena, read, item, err);
    if (st == STATUS_CONFLICT) {
        va_list ap;
        va_start(ap, fmt);
        error_setv(err, STATUS_CONFLICT, fmt, ap);
        va_end(ap);
    }
    return st;
}

enum status db_query_one(struct db_conn *conn, enum sql_id id, struct db_args args,
                         const char *what, long long id_shown, PGresult **out, struct error *err)
{
    if (id_shown)
        return db_query_need(conn, id, args, out, err, STATUS_NOT_FOUND, NULL, "no %s %lld", what,
                             id_shown);
    return db_query_need(conn, id, args, out, err, STATUS_NOT_FOUND, NULL, "no such %s", what);
}

enum status db_query_long(struct db_conn *conn, enum sql_id id, struct db_args args, long *out,
                          struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, id, args, &res, err);
    *out = 0;
    return res ? db_take_long(res, 0, out) : st;
}

enum status db_query_bool(struct db_conn *conn, enum sql_id id, struct db_args args, bool *out,
                          struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, id, args, &res, err);
    *out = false;
    return res ? db_take_bool(res, 0, out) : st;
}

enum status db_query_rows(struct db_conn *conn, enum sql_id id, struct db_args args,
                          struct arena *arena, size_t item_size, db_row_reader read, void *items,
                          size_t *count, struct error *err)
{
    PGresult *res = NULL;
    void *array = NULL;
    *count = 0;
    enum status st = db_query(conn, id, args, &res, err);
    if (st == STATUS_OK && !(array = rows_read(res, arena, item_size, read, count)))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    /* items is the address of the caller's pointer to its element type */
    memcpy(items, &array, sizeof(array));
    return st;
}

enum status db_read_first(PGresult *res, struct arena *arena, db_row_reader read, void *item,
                          struct error *err)
{
    enum status st = STATUS_OK;
    if (PQntuples(res) < 1)
        st = error_set(err, STATUS_INTERNAL, "the statement answered no row");
    else if (!read(res, 0, item, arena))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_query_read(struct db_conn *conn, enum sql_id id, struct db_args args,
                          const char *what, long long id_shown, struct arena *arena,
                          db_row_reader read, void *item, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_one(conn, id, args, what, id_shown, &res, err);
    return st == STATUS_OK ? db_read_first(res, arena, read, item, err) : st;
}

enum status db_query_children(struct db_conn *conn, enum sql_id id, struct db_args args,
                              int child_col, const char *what, long long id_shown, PGresult **out,
                              int *children, struct error *err)
{
    *children = 0;
    enum status st = db_query(conn, id, args, out, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(*out);
    if (rows == 0) {
        PQclear(*out);
        *out = NULL;
        return error_set(err, STATUS_NOT_FOUND, "no %s %lld", what, id_shown);
    }
    /* a parent without children is the one row, with NULL where a child's columns would be */
    *children = PQgetisnull(*out, 0, child_col) ? 0 : rows;
    return STATUS_OK;
}

enum status db_read_children(PGresult *res, int children, void *items, size_t item_size,
                             db_child_reader read, struct arena *arena, size_t *count,
                             struct error *err)
{
    enum status st = STATUS_OK;
    for (int i = 0; i < children && st == STATUS_OK; i++)
        st = read(res, i, (unsigned char *)items + (size_t)i * item_size, arena, err);
    PQclear(res);
    *count = st == STATUS_OK ? (size_t)children : 0;
    return st;
}

enum status db_query_page(struct db_conn *conn, enum sql_id id, int center_id, long after_id,
                          int limit, struct arena *arena, size_t item_size, db_row_reader read,
                          void *items, size_t *count, struct error *err)
{
    return db_query_rows(conn, id, DB_ARGS(DB_ID(center_id), DB_INT(after_id), DB_INT(limit)),
                         arena, item_size, read, items, count, err);
}

enum status db_query_get(struct db_conn *conn, enum sql_id id, long item_id, int center_id,
                         const char *what, struct arena *arena, db_row_reader read, void *item,
                         struct error *err)
{
    return db_query_read(conn, id, DB_ARGS(DB_INT(item_id), DB_ID(center_id)), what, item_id, arena,
                         read, item, err);
}

enum status db_stale(struct db_conn *conn, enum sql_id get, long item_id, int center_id,
                     int version, const char *what, struct arena *arena, db_row_reader read,
                     void *item, size_t version_at, struct error *err)
{
    enum status st = db_query_get(conn, get, item_id, center_id, what, arena, read, item, err);
    if (st != STATUS_OK)
        return st;
    int current;
    memcpy(&current, (const char *)item + version_at, sizeof(current));
    return error_set(err, STATUS_CONFLICT, "stale: %s %ld is at version %d, not %d", what, item_id,
                     current, version);
}

enum status db_take_text(PGresult *res, int col, struct arena *arena, const char **out,
                         struct error *err)
{
    enum status st = ROW_TEXTS(res, 0, col, arena, out)
                         ? STATUS_OK
                         : error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_take_long(PGresult *res, int col, long *out)
{
    *out = row_long(res, 0, col);
    PQclear(res);
    return STATUS_OK;
}

enum status db_take_bool(PGresult *res, int col, bool *out)
{
    *out = row_bool(res, 0, col);
    PQclear(res);
    return STATUS_OK;
}
