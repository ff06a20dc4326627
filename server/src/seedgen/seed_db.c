/* The data generator's statements, prepared and run by name through db/conn.h. */
#include "seed_db.h"

enum status seed_db_prepare(struct db_conn *conn, struct error *err)
{
    return db_prepare_set(conn->pg, seed_sql_files, SEED_SQL_COUNT, err);
}

enum status seed_db_exec(struct db_conn *conn, enum seed_sql_id id, int nparams,
                         const char *const *values, PGresult **out, struct error *err)
{
    return db_exec_named(conn, seed_sql_files[id].name, nparams, values, NULL, NULL, out, err);
}

enum status seed_db_send(struct db_conn *conn, enum seed_sql_id id, int nparams,
                         const char *const *values, struct error *err)
{
    return db_send_named(conn, seed_sql_files[id].name, nparams, values, err);
}
