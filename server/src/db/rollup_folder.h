/* The background rollup folder (migration 0011): a change appends its report contributions to
 * rollup_pending, and this thread moves them into the rollup tables with rollup_fold(), so that
 * no request updates a rollup row that every other request updates too.
 *
 * One thread with a connection of its own (never a pooled one): it folds while there is work and
 * sleeps between tries otherwise; while PostgreSQL cannot be reached it retries with a backoff.
 * Reports are exact whether or not the folder has caught up (they read the pending rows too);
 * folding only keeps what they read small. Several server instances may fold at once: each takes
 * rows with FOR UPDATE SKIP LOCKED.
 *
 * On the same connection, every 5 s, it also deletes the idempotency keys past their 24 hours
 * (idempotency_purge.sql, migration 0014), a batch of 1000 at a time.
 *
 * Ownership: db_folder_start returns a folder that the caller stops once with db_folder_stop,
 * which joins the thread and closes its connection. */
#pragma once

#include "error.h"

struct db_folder;

struct db_folder_config {
    const char *conninfo; /* copied */
    int connect_timeout_s;
    int interval_ms; /* sleep between folds when the last one found less than a batch */
    int batch_rows;  /* pending rows taken by one fold (one transaction) */
};

/* NULL with err set when the thread cannot start (never because of the database). */
struct db_folder *db_folder_start(const struct db_folder_config *config, struct error *err);
/* Stops the thread after its current fold; NULL is ignored. */
void db_folder_stop(struct db_folder *folder);
