/* Internal to db/: the parameters of one statement, built in the order of its $1 … $n. Integers
 * are formatted into the struct's own storage, so that a store keeps no buffer per number; the
 * audit actor's four parameters are added in one call. Stores list them with DB_ARGS and run them
 * with the helpers of query.h, which build a struct db_params and call db_exec_params.
 *
 * Ownership: struct db_params is the caller's (on the stack); text and byte parameters are
 * borrowed and must outlive the db_exec_params call. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "arena.h"
#include "conn.h"

/* The most parameters a statement of server/sql/ takes (case_insert.sql has 25). */
#define DB_PARAMS_MAX 32
#define DB_PARAM_INT_LEN 24

struct db_params {
    int count;
    bool overflow; /* more than DB_PARAMS_MAX were added: db_exec_params refuses to run */
    const char *values[DB_PARAMS_MAX];
    int lengths[DB_PARAMS_MAX];
    int formats[DB_PARAMS_MAX];
    char ints[DB_PARAMS_MAX][DB_PARAM_INT_LEN];
};

void db_params_init(struct db_params *p);

/* A text parameter; NULL is SQL NULL. */
void db_param_text(struct db_params *p, const char *text);
/* n text parameters in a row. */
void db_param_texts(struct db_params *p, const char *const *texts, size_t n);
/* An integer parameter. */
void db_param_int(struct db_params *p, long long value);
/* An optional id or other positive integer: 0 (none) is SQL NULL. */
void db_param_id(struct db_params *p, long long value);
/* A boolean; a negative value (not given) is SQL NULL. */
void db_param_bool(struct db_params *p, int value);
/* len bytes in binary format (a bytea parameter the statement's comment marks binary). */
void db_param_bytes(struct db_params *p, const void *data, size_t len);
/* Who made the change, as the statements that write an audit event take it, in this order:
 * key id, user id (each SQL NULL when 0), name, request id. */
void db_param_actor(struct db_params *p, const struct db_actor *actor);

/* A row reader, as rows_read (rows.h) calls it: false when out of memory. */
typedef bool (*db_row_reader)(PGresult *res, int row, void *item, struct arena *arena);

/* db_exec with the parameters built; STATUS_INTERNAL when they overflowed. */
enum status db_exec_params(struct db_conn *conn, enum sql_id id, const struct db_params *p,
                           PGresult **out, struct error *err);
