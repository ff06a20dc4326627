/* Internal to db/: running one prepared statement of server/sql/ in one call. A store lists the
 * statement's parameters in the order of its $1 … $n with DB_ARGS, and picks the helper for the
 * result it expects: none (db_query_exec), one row or none (db_query_row), one value
 * (db_query_long, db_query_bool), every row into an arena array (db_query_rows), one row read into
 * a struct or "not found" (db_query_read). Every failure is mapped by db_exec (conn.h): the
 * SQLSTATE table, the log line, the connection marked broken.
 *
 *     return db_query_read(conn, SQL_USER_GET, DB_ARGS(DB_INT(id), DB_ID(center_id)), "user", id,
 *                          arena, read_user, out, err);
 *
 * Cost: the arguments are a compound literal on the caller's stack and the parameters are built
 * into a struct db_params (params.h) on the helper's: no allocation.
 *
 * Ownership: text and byte arguments are borrowed for the call. A PGresult a helper hands back
 * (db_query, db_query_row) is the caller's to PQclear; every other helper clears its own. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "arena.h"
#include "conn.h"
#include "params.h"

enum db_arg_kind {
    DB_ARG_TEXT,  /* p: text, NULL for SQL NULL */
    DB_ARG_INT,   /* n */
    DB_ARG_ID,    /* n; 0 (none) is SQL NULL */
    DB_ARG_BOOL,  /* n: 1 true, 0 false, negative SQL NULL */
    DB_ARG_BYTES, /* p, len: binary format */
    DB_ARG_ACTOR  /* p: struct db_actor, four parameters (db_param_actor) */
};

struct db_arg {
    enum db_arg_kind kind;
    long long n;
    const void *p;
    size_t len;
};

struct db_args {
    const struct db_arg *items;
    size_t count;
};

#define DB_TEXT(s) ((struct db_arg){DB_ARG_TEXT, 0, (s), 0})
#define DB_NULL DB_TEXT(NULL)
#define DB_INT(v) ((struct db_arg){DB_ARG_INT, (long long)(v), NULL, 0})
#define DB_ID(v) ((struct db_arg){DB_ARG_ID, (long long)(v), NULL, 0})
#define DB_BOOL(v) ((struct db_arg){DB_ARG_BOOL, (long long)(v), NULL, 0})
#define DB_BYTES(data, size) ((struct db_arg){DB_ARG_BYTES, 0, (data), (size)})
#define DB_ACTOR(a) ((struct db_arg){DB_ARG_ACTOR, 0, (a), 0})

/* The arguments of one statement, in order (sizeof does not evaluate them a second time). */
#define DB_ARGS(...)                                                                               \
    ((struct db_args){(const struct db_arg[]){__VA_ARGS__},                                        \
                      sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg)})
#define DB_NO_ARGS ((struct db_args){NULL, 0})

/* Adds args to p after what it holds already. */
void db_params_add(struct db_params *p, struct db_args args);

/* Runs the statement; on STATUS_OK *out holds its result (the caller clears it), else NULL. */
enum status db_query(struct db_conn *conn, enum sql_id id, struct db_args args, PGresult **out,
                     struct error *err);

/* Runs a statement whose result the caller does not need. */
enum status db_query_exec(struct db_conn *conn, enum sql_id id, struct db_args args,
                          struct error *err);

/* Runs a statement that answers one row or none: on STATUS_OK *out is a result with exactly one
 * row (the caller clears it), or NULL when the statement answered anything else. */
enum status db_query_row(struct db_conn *conn, enum sql_id id, struct db_args args, PGresult **out,
                         struct error *err);

/* db_query_row where no row is an error: STATUS_NOT_FOUND with the message "no <what> <id_shown>"
 * ("no such <what>" when id_shown is 0) for db_query_one; for db_query_need, the field error
 * (field not NULL, STATUS_INVALID) or the status none with the message fmt. On STATUS_OK *out has
 * the row. */
enum status db_query_one(struct db_conn *conn, enum sql_id id, struct db_args args,
                         const char *what, long long id_shown, PGresult **out, struct error *err);
enum status db_query_need(struct db_conn *conn, enum sql_id id, struct db_args args, PGresult **out,
                          struct error *err, enum status none, const char *field, const char *fmt,
                          ...) __attribute__((format(printf, 8, 9)));

/* The first column of the one row the statement answers, into *out; 0 (false) when it answers
 * no row, more than one, or NULL. */
enum status db_query_long(struct db_conn *conn, enum sql_id id, struct db_args args, long *out,
                          struct error *err);
enum status db_query_bool(struct db_conn *conn, enum sql_id id, struct db_args args, bool *out,
                          struct error *err);

/* Every row read into a new arena array by read (rows_read, rows.h), *count of them. items is the
 * address of the caller's pointer (struct user **, passed as &items), set to the array or NULL. */
enum status db_query_rows(struct db_conn *conn, enum sql_id id, struct db_args args,
                          struct arena *arena, size_t item_size, db_row_reader read, void *items,
                          size_t *count, struct error *err);

/* An INSERT … RETURNING, which always answers a row, read into item with read (db_read_first);
 * its one possible conflict is a unique key: on STATUS_CONFLICT the message is fmt's (what is
 * taken already). */
enum status db_query_insert(struct db_conn *conn, enum sql_id id, struct db_args args,
                            struct arena *arena, db_row_reader read, void *item, struct error *err,
                            const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* db_query_one, then its row read into item with read (db_read_first). */
enum status db_query_read(struct db_conn *conn, enum sql_id id, struct db_args args,
                          const char *what, long long id_shown, struct arena *arena,
                          db_row_reader read, void *item, struct error *err);

/* For a statement that answers a parent LEFT JOIN its children: a row for each child, or one row
 * with NULL in column child_col when the parent has none, and no row when there is no parent
 * (STATUS_NOT_FOUND, "no <what> <id_shown>"). On STATUS_OK *out holds the result (read the
 * parent's columns from row 0; db_read_children clears it) and *children counts its child rows,
 * 0 … *children - 1. */
enum status db_query_children(struct db_conn *conn, enum sql_id id, struct db_args args,
                              int child_col, const char *what, long long id_shown, PGresult **out,
                              int *children, struct error *err);

/* Reads a row of res into item; a failure (out of memory, a value the C side does not know) is
 * said in err. */
typedef enum status (*db_child_reader)(PGresult *res, int row, void *item, struct arena *arena,
                                       struct error *err);

/* Reads rows 0 … children - 1 of res with read into items (item_size bytes apart), up to the
 * first failure, and clears res; *count is children then, or 0 after a failure. */
enum status db_read_children(PGresult *res, int children, void *items, size_t item_size,
                             db_child_reader read, struct arena *arena, size_t *count,
                             struct error *err);

/* The two shapes of the resources listed by center: a page (statements with $1 center id, NULL
 * for every center, $2 after id, $3 limit), and one by id in a center ($1 id, $2 center id or
 * NULL), "no <what> <id>" when there is none. */
enum status db_query_page(struct db_conn *conn, enum sql_id id, int center_id, long after_id,
                          int limit, struct arena *arena, size_t item_size, db_row_reader read,
                          void *items, size_t *count, struct error *err);
enum status db_query_get(struct db_conn *conn, enum sql_id id, long item_id, int center_id,
                         const char *what, struct arena *arena, db_row_reader read, void *item,
                         struct error *err);

/* What an UPDATE … RETURNING of a versioned row (by id in a center) that answered no row means:
 * no such row for the caller (db_query_get's STATUS_NOT_FOUND), or a version that moved on
 * (STATUS_CONFLICT, "stale: <what> <id> is at version <v>, not <version>"). The current row is
 * read with get into item, whose int version is at version_at (offsetof). */
enum status db_stale(struct db_conn *conn, enum sql_id get, long item_id, int center_id,
                     int version, const char *what, struct arena *arena, db_row_reader read,
                     void *item, size_t version_at, struct error *err);

/* Reads the text in column col of res's row 0 into *out (an arena copy; NULL for SQL NULL) and
 * clears res: STATUS_NO_MEMORY when it cannot be copied. */
enum status db_take_text(PGresult *res, int col, struct arena *arena, const char **out,
                         struct error *err);

/* The same for a number (0 for SQL NULL) and a boolean (false for SQL NULL): always STATUS_OK,
 * so that a store ends with "return st == STATUS_OK ? db_take_long(res, 0, &id) : st;". */
enum status db_take_long(PGresult *res, int col, long *out);
enum status db_take_bool(PGresult *res, int col, bool *out);

/* Reads row 0 of res into item with read, and clears res. STATUS_INTERNAL when res has no row
 * (a statement that always answers one, such as an INSERT … RETURNING). */
enum status db_read_first(PGresult *res, struct arena *arena, db_row_reader read, void *item,
                          struct error *err);
