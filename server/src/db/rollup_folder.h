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
 * On the same connection it also runs the maintenance job, once for all instances: the instance
 * that leads it (db/leader.h, an advisory lock held by this connection's session) deletes, every
 * 5 s, the idempotency keys past their 24 hours (idempotency_purge.sql, migration 0014) and the
 * job_runs rows past 7 days, a batch of 1000 at a time, and records the run in job_runs
 * (migration 0024). Every instance asks for the lead each second, so when the leader dies
 * another takes the job over within about a second of PostgreSQL ending its session.
 *
 * Ownership: db_folder_start returns a folder that the caller stops once with db_folder_stop,
 * which joins the thread and closes its connection. */
#pragma once

#include <stdbool.h>

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
struct db_folder_lead {
    bool leading;        /* this instance runs the maintenance job now */
    unsigned long terms; /* times it became the leader */
    unsigned long runs;  /* maintenance runs it recorded */
};

/* The maintenance job's leadership as this instance sees it (all zero for NULL). */
void db_folder_lead(struct db_folder *folder, struct db_folder_lead *out);

/* Stops the thread after its current fold; NULL is ignored. */
void db_folder_stop(struct db_folder *folder);
