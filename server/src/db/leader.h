/* Leadership of a background job across every instance that shares the database.
 *
 * Some work must run once for all instances, not once per instance: purges, vacuums, schedules.
 * The instance that runs it is the one whose session holds the job's PostgreSQL advisory lock
 * (pg_try_advisory_lock, a session lock in the server's key space, keyed by a hash of the job's
 * name). The lock lives as long as the connection that took it: when the holder dies (killed,
 * crashed, its host gone and its TCP connection reset) PostgreSQL ends the session and frees the
 * lock, and the next instance to ask takes it. Every instance asks on each tick of its background
 * thread, so a job is taken over within one tick of the holder's session ending.
 *
 * How to use it (a background thread with a dedicated connection, never a pooled one):
 *
 *     struct db_leader lead;
 *     db_leader_init(&lead, "maintenance");              // once
 *     ...each tick, after making sure the connection is open:
 *     bool mine = false;
 *     if (db_leader_hold(&lead, conn, &mine, &err) == STATUS_OK && mine)
 *         run_the_job(conn);                             // same connection: the lock is checked
 *     ...when the connection is closed or reopened:
 *     db_leader_forget(&lead);
 *
 * db_leader_hold asks the database each time (one short statement), so a session that lost its
 * lock (the connection was reset underneath) never believes it still leads. The job's work should
 * run on the same connection right after, and must be safe if it ran twice around a takeover
 * (a purge deletes what is there; a claim with FOR UPDATE SKIP LOCKED takes what no one else has):
 * a lock guarantees one holder at a time, not that the previous holder's last statement is over.
 *
 * db_leader_record writes the run into job_runs (migration 0024) so that operators see who runs
 * what; the scale tests read it to check that a job runs on one instance at a time.
 *
 * Ownership: struct db_leader is caller-owned plain data, no cleanup. Thread-safe as long as one
 * thread uses one db_leader (and its connection). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

struct db_conn;

#define DB_LEADER_JOB_MAX 48

struct db_leader {
    char job[DB_LEADER_JOB_MAX + 1];
    int32_t key;         /* the job's advisory-lock key (a hash of its name) */
    bool held;           /* the last db_leader_hold found the lock ours */
    unsigned long terms; /* times this instance became the leader */
    unsigned long runs;  /* runs recorded with db_leader_record */
    time_t since;        /* when the current term began (0: not leading) */
};

/* job: 1-48 of a-z 0-9 _ . - (starting with a letter), as job_runs.job requires. */
void db_leader_init(struct db_leader *leader, const char *job);

/* Sets *leading to whether conn's session holds the job's lock, taking it when it is free.
 * STATUS_OK or the database's failure (then *leading is false and the caller should close and
 * reopen conn, then call db_leader_forget). Logs when leadership is won or lost. */
enum status db_leader_hold(struct db_leader *leader, struct db_conn *conn, bool *leading,
                           struct error *err);

/* The connection the lock was held on is gone: this instance no longer leads. */
void db_leader_forget(struct db_leader *leader);

/* Records one run of the job (job_runs): holder names the instance (host/pid), started the run's
 * start (wall clock), rows what it handled. */
enum status db_leader_record(struct db_leader *leader, struct db_conn *conn, const char *holder,
                             const struct timespec *started, long rows, struct error *err);

/* The holder name of this process, "host/pid", into out. */
void db_leader_holder_name(char *out, size_t size);

/* Deletes up to batch job_runs rows older than 7 days; *deleted says how many. */
enum status db_job_runs_purge(struct db_conn *conn, int batch, long *deleted, struct error *err);
