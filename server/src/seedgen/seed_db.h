/* The data generator's own statements (seedgen/sql/, embedded at build time as
 * seed_statements.h, enum seed_sql_id): prepared only on the generator's connections, never by
 * the server's pool. Internal to seedgen/, like db/conn.h to db/. */
#pragma once

#include "conn.h"
#include "seed_statements.h"

/* Prepares every statement of seedgen/sql/ on conn (after db_pool_acquire). */
enum status seed_db_prepare(struct db_conn *conn, struct error *err);

/* db_exec and db_send_named for a statement of seedgen/sql/ (text parameters). */
enum status seed_db_exec(struct db_conn *conn, enum seed_sql_id id, int nparams,
                         const char *const *values, PGresult **out, struct error *err);
enum status seed_db_send(struct db_conn *conn, enum seed_sql_id id, int nparams,
                         const char *const *values, struct error *err);
