/* Background-job leadership by advisory lock: see leader.h. */
#include "leader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "query.h"

/* The first half of every advisory-lock key the server takes for a job ("MDLD"), so that its locks
 * do not meet another application's in the same database (the migration lock is a one-key lock). */
#define LEADER_KEY_SPACE 0x4D444C44

/* FNV-1a of the job's name, kept positive: the keys are stored as oids in pg_locks. */
static int32_t job_key(const char *job)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)job; *p; p++)
        h = (h ^ *p) * 16777619u;
    return (int32_t)(h & 0x7FFFFFFFu);
}

void db_leader_init(struct db_leader *leader, const char *job)
{
    memset(leader, 0, sizeof(*leader));
    snprintf(leader->job, sizeof(leader->job), "%s", job);
    leader->key = job_key(leader->job);
}

void db_leader_forget(struct db_leader *leader)
{
    if (leader->held)
        log_msg(LOG_INFO, "background job %s: no longer led by this instance (connection closed)",
                leader->job);
    leader->held = false;
    leader->since = 0;
}

enum status db_leader_hold(struct db_leader *leader, struct db_conn *conn, bool *leading,
                           struct error *err)
{
    *leading = false;
    bool mine = false;
    enum status st = db_query_bool(
        conn, SQL_LEADER_HOLD, DB_ARGS(DB_INT(LEADER_KEY_SPACE), DB_INT(leader->key)), &mine, err);
    if (st != STATUS_OK) {
        db_leader_forget(leader);
        return st;
    }
    if (mine && !leader->held) {
        leader->terms++;
        leader->since = time(NULL);
        log_msg(LOG_INFO, "background job %s: this instance leads it now", leader->job);
    } else if (!mine && leader->held) {
        leader->since = 0;
        log_msg(LOG_WARN, "background job %s: lock lost; another instance leads it", leader->job);
    }
    leader->held = mine;
    *leading = mine;
    return STATUS_OK;
}

enum status db_leader_record(struct db_leader *leader, struct db_conn *conn, const char *holder,
                             const struct timespec *started, long rows, struct error *err)
{
    char start[40];
    struct tm tm;
    gmtime_r(&started->tv_sec, &tm);
    size_t n = strftime(start, sizeof(start), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(start + n, sizeof(start) - n, ".%06ldZ", started->tv_nsec / 1000);
    enum status st = db_query_exec(
        conn, SQL_JOB_RUN_INSERT,
        DB_ARGS(DB_TEXT(leader->job), DB_TEXT(holder), DB_TEXT(start), DB_INT(rows < 0 ? 0 : rows)),
        err);
    if (st == STATUS_OK)
        leader->runs++;
    return st;
}

void db_leader_holder_name(char *out, size_t size)
{
    char host[128];
    if (gethostname(host, sizeof(host)) != 0)
        snprintf(host, sizeof(host), "unknown");
    host[sizeof(host) - 1] = '\0';
    snprintf(out, size, "%s/%ld", host, (long)getpid());
}

enum status db_job_runs_purge(struct db_conn *conn, int batch, long *deleted, struct error *err)
{
    return db_query_long(conn, SQL_JOB_RUNS_PURGE, DB_ARGS(DB_INT(batch)), deleted, err);
}
