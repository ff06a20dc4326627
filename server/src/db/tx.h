/* Transactions: every request that touches the database runs in exactly one. */
#pragma once

#include "error.h"

struct db_conn;

enum status db_tx_begin(struct db_conn *conn, struct error *err);
/* Names the client's request id (already checked) for the audit rows of the open transaction
 * (migration 0013). */
enum status db_tx_client_request_id(struct db_conn *conn, const char *client_request_id,
                                    struct error *err);
enum status db_tx_commit(struct db_conn *conn, struct error *err);
/* Never fails from the caller's point of view: a connection that cannot roll back is marked
 * broken and reopened on its next use. */
void db_tx_rollback(struct db_conn *conn);
