/* BEGIN / COMMIT / ROLLBACK on a pooled connection. */
#include "tx.h"

#include "query.h"

enum status db_tx_begin(struct db_conn *conn, struct error *err)
{
    return db_command(conn, "BEGIN", err);
}

enum status db_tx_client_request_id(struct db_conn *conn, const char *client_request_id,
                                    struct error *err)
{
    return db_query_exec(conn, SQL_CLIENT_REQUEST_ID_SET, DB_ARGS(DB_TEXT(client_request_id)), err);
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
