/* BEGIN / COMMIT / ROLLBACK on a pooled connection. */
#include "tx.h"

#include "conn.h"
#include "params.h"

enum status db_tx_begin(struct db_conn *conn, struct error *err)
{
    return db_command(conn, "BEGIN", err);
}

enum status db_tx_client_request_id(struct db_conn *conn, const char *client_request_id,
                                    struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, client_request_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CLIENT_REQUEST_ID_SET, &p, &res, err);
    PQclear(res);
    return st;
}

enum status db_tx_commit(struct db_conn *conn, struct error *err)
{
    return db_command(conn, "COMMIT", err);
}

void db_tx_rollback(struct db_conn *conn)
{
    struct error ignored;
    error_init(&ignored);
    /* nothing to roll back outside a transaction (an autocommit statement ended its own) */
    if (!conn->pg || conn->broken || PQtransactionStatus(conn->pg) == PQTRANS_IDLE)
        return;
    if (db_command(conn, "ROLLBACK", &ignored) != STATUS_OK)
        conn->broken = true;
}
