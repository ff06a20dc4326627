/* Replica pools, the replica monitor and read routing: see replica.h. */
#include "replica.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "query.h"
#include "log.h"
#include "lsn.h"
#include "pool.h"
#include "worker.h"

/* A read waits this long at most for a replica's connection before it goes to the primary. */
#define REPLICA_ACQUIRE_MS 50

struct sample {
    int64_t at_ms; /* monotonic */
    uint64_t lsn;  /* the primary's insert position then */
};

struct replica {
    char *conninfo;
    struct db_pool *pool;
    struct db_conn monitor; /* the monitor thread's own */
    /* written by the monitor (and by acquire, for down), under set->lock */
    bool up;
    uint64_t replay_lsn;
    long lag_ms;
    uint64_t lag_bytes;
    unsigned long reads;
};

struct db_replicas {
    struct db_replicas_config config;
    char *primary_conninfo;
    struct db_worker
        *monitor; /* the thread of check_once (a worker.h job of its own connections) */
    pthread_mutex_t lock;
    struct db_conn primary; /* the monitor's connection to the primary */
    /* the primary's recent positions, oldest first, in a ring of ring_size */
    struct sample *ring;
    int ring_size, ring_len, ring_head;
    unsigned next; /* round robin */
    unsigned long primary_reads;
    int count;
    struct replica replicas[DB_REPLICAS_MAX];
};

static int64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Runs a one-row statement on the monitor's connection c (opened if needed); false on failure
 * (then c is closed, to be opened again on the next check). */
static bool monitor_query(struct db_replicas *set, struct db_conn *c, const char *conninfo,
                          enum sql_id id, PGresult **res)
{
    struct error err;
    error_init(&err);
    if (!c->pg && !db_conn_open(c, conninfo, set->config.connect_timeout_s,
                                set->config.statement_timeout_ms, NULL, &err))
        return false;
    if (db_query_row(c, id, DB_NO_ARGS, res, &err) != STATUS_OK || !*res) {
        db_conn_close(c);
        return false;
    }
    return true;
}

/* How long ago the primary first stood past lsn, by the samples (0 when it never did). Called
 * with the lock held. */
static long lag_behind(const struct db_replicas *set, uint64_t lsn, int64_t now)
{
    for (int i = 0; i < set->ring_len; i++) {
        const struct sample *s = &set->ring[(set->ring_head + i) % set->ring_size];
        if (s->lsn > lsn)
            return (long)(now - s->at_ms);
    }
    return 0;
}

static void check_once(struct db_replicas *set)
{
    PGresult *res = NULL;
    uint64_t primary_lsn = 0;
    bool have_primary =
        monitor_query(set, &set->primary, set->primary_conninfo, SQL_WAL_INSERT_LSN, &res) &&
        lsn_parse(PQgetvalue(res, 0, 0), &primary_lsn);
    PQclear(res);
    int64_t now = monotonic_ms();
    if (have_primary) {
        pthread_mutex_lock(&set->lock);
        int tail = (set->ring_head + set->ring_len) % set->ring_size;
        /* keep only positions that moved: an idle primary adds nothing */
        int last = (set->ring_head + set->ring_len - 1 + set->ring_size) % set->ring_size;
        if (set->ring_len == 0 || set->ring[last].lsn != primary_lsn) {
            if (set->ring_len == set->ring_size) {
                set->ring_head = (set->ring_head + 1) % set->ring_size;
                set->ring_len--;
                tail = (set->ring_head + set->ring_len) % set->ring_size;
            }
            set->ring[tail] = (struct sample){now, primary_lsn};
            set->ring_len++;
        }
        pthread_mutex_unlock(&set->lock);
    }
    for (int i = 0; i < set->count; i++) {
        struct replica *r = &set->replicas[i];
        bool up = false;
        uint64_t replay = 0;
        if (monitor_query(set, &r->monitor, r->conninfo, SQL_REPLICA_STATUS, &res)) {
            /* a promoted replica follows the primary no more: not read from */
            up = strcmp(PQgetvalue(res, 0, 0), "t") == 0 &&
                 lsn_parse(PQgetvalue(res, 0, 1), &replay);
            PQclear(res);
        }
        pthread_mutex_lock(&set->lock);
        if (up && !r->up)
            log_msg(LOG_INFO, "replica %d: reachable, replayed up to %llx", i,
                    (unsigned long long)replay);
        else if (!up && r->up)
            log_msg(LOG_WARN, "replica %d: not reachable as a standby; reads go elsewhere", i);
        r->up = up;
        if (up) {
            if (replay > r->replay_lsn || replay + (1u << 30) < r->replay_lsn)
                r->replay_lsn = replay; /* (a replica rebuilt from an older backup starts over) */
            r->lag_ms = lag_behind(set, r->replay_lsn, now);
            r->lag_bytes =
                have_primary && primary_lsn > r->replay_lsn ? primary_lsn - r->replay_lsn : 0;
        } else {
            r->lag_ms = -1;
            r->lag_bytes = 0;
        }
        pthread_mutex_unlock(&set->lock);
    }
}

/* The monitor's tick: one check of every server, then the next in check_ms. */
static int monitor_tick(struct db_conn *none, void *ctx)
{
    struct db_replicas *set = ctx;
    (void)none;
    check_once(set);
    return set->config.check_ms;
}

/* The monitor stopped: its connections close. */
static void monitor_closed(void *ctx)
{
    struct db_replicas *set = ctx;
    db_conn_close(&set->primary);
    for (int i = 0; i < set->count; i++)
        db_conn_close(&set->replicas[i].monitor);
}

/* Stops the monitor (none yet while db_replicas_start builds the set) and frees the set with all
 * it owns, its lock included (initialized as soon as the set is allocated). */
void db_replicas_stop(struct db_replicas *set)
{
    if (!set)
        return;
    db_worker_stop(set->monitor);
    for (int i = 0; i < set->count; i++) {
        db_pool_free(set->replicas[i].pool);
        free(set->replicas[i].conninfo);
    }
    free(set->ring);
    free(set->primary_conninfo);
    pthread_mutex_destroy(&set->lock);
    free(set);
}

/* Splits the space-separated connection strings into the set's replicas. */
static enum status add_replicas(struct db_replicas *set, const char *list, struct error *err)
{
    const char *p = list;
    for (;;) {
        p += strspn(p, " \t\n");
        size_t n = strcspn(p, " \t\n");
        if (n == 0)
            return STATUS_OK;
        if (set->count == DB_REPLICAS_MAX)
            return error_set(err, STATUS_INVALID, "at most %d replicas", DB_REPLICAS_MAX);
        struct replica *r = &set->replicas[set->count];
        r->conninfo = strndup(p, n);
        if (!r->conninfo)
            return error_set(err, STATUS_NO_MEMORY, "out of memory");
        struct db_pool_config pc = {r->conninfo, set->config.pool_size,
                                    set->config.connect_timeout_s, set->config.statement_timeout_ms,
                                    REPLICA_ACQUIRE_MS};
        r->pool = db_pool_new(&pc);
        if (!r->pool) {
            free(r->conninfo);
            return error_set(err, STATUS_NO_MEMORY, "out of memory");
        }
        r->lag_ms = -1;
        set->count++;
        p += n;
    }
}

enum status db_replicas_start(const struct db_replicas_config *config, struct db_replicas **out,
                              struct error *err)
{
    *out = NULL;
    const char *list = config->replica_conninfos ? config->replica_conninfos : "";
    if (list[strspn(list, " \t\n")] == '\0')
        return STATUS_OK;
    struct db_replicas *set = calloc(1, sizeof(*set));
    if (!set)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    pthread_mutex_init(&set->lock, NULL);
    set->config = *config;
    if (set->config.check_ms < 1)
        set->config.check_ms = 1;
    /* enough samples to measure a lag up to the limit, and a little more */
    set->ring_size = config->max_lag_ms / set->config.check_ms + 8;
    set->primary_conninfo = strdup(config->primary_conninfo ? config->primary_conninfo : "");
    set->ring = calloc((size_t)set->ring_size, sizeof(*set->ring));
    if (!set->primary_conninfo || !set->ring) {
        db_replicas_stop(set);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    set->config.primary_conninfo = set->primary_conninfo;
    set->config.replica_conninfos = NULL;
    enum status st = add_replicas(set, list, err);
    if (st != STATUS_OK) {
        db_replicas_stop(set);
        return st;
    }
    struct db_worker_config wc = {NULL, "mediationd replica monitor", 0, 0, monitor_tick, set};
    struct db_worker_job job = {NULL, 0, monitor_closed, true};
    set->monitor = db_worker_start_job(&wc, &job, err);
    if (!set->monitor) {
        db_replicas_stop(set);
        return err->status;
    }
    *out = set;
    return STATUS_OK;
}

static bool usable(const struct db_replicas *set, const struct replica *r)
{
    return r->up && r->lag_ms >= 0 && r->lag_ms <= set->config.max_lag_ms;
}

enum status db_replicas_acquire(struct db_replicas *set, uint64_t min_lsn, struct db_conn **conn,
                                struct db_pool **pool)
{
    *conn = NULL;
    *pool = NULL;
    pthread_mutex_lock(&set->lock);
    unsigned start = set->next++;
    pthread_mutex_unlock(&set->lock);
    for (int k = 0; k < set->count; k++) {
        struct replica *r = &set->replicas[(start + (unsigned)k) % (unsigned)set->count];
        pthread_mutex_lock(&set->lock);
        bool fit = usable(set, r) && r->replay_lsn >= min_lsn;
        pthread_mutex_unlock(&set->lock);
        if (!fit)
            continue;
        struct error err;
        error_init(&err);
        struct db_conn *c = NULL;
        /* busy, or down since the last check (the pool then fails fast, backing off between
         * attempts to connect): try the next one, then the primary */
        if (db_pool_acquire(r->pool, &c, &err) != STATUS_OK)
            continue;
        pthread_mutex_lock(&set->lock);
        r->reads++;
        pthread_mutex_unlock(&set->lock);
        *conn = c;
        *pool = r->pool;
        return STATUS_OK;
    }
    return STATUS_NOT_FOUND;
}

void db_replicas_count_primary_read(struct db_replicas *set)
{
    pthread_mutex_lock(&set->lock);
    set->primary_reads++;
    pthread_mutex_unlock(&set->lock);
}

int db_replicas_count(const struct db_replicas *set)
{
    return set ? set->count : 0;
}

void db_replicas_stats(struct db_replicas *set, int index, struct db_replica_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (!set || index < 0 || index >= set->count)
        return;
    const struct replica *r = &set->replicas[index];
    pthread_mutex_lock(&set->lock);
    out->up = r->up;
    out->usable = usable(set, r);
    out->lag_ms = r->lag_ms;
    out->lag_bytes = r->lag_bytes;
    out->replay_lsn = r->replay_lsn;
    out->reads = r->reads;
    pthread_mutex_unlock(&set->lock);
}

unsigned long db_replicas_primary_reads(struct db_replicas *set)
{
    pthread_mutex_lock(&set->lock);
    unsigned long n = set->primary_reads;
    pthread_mutex_unlock(&set->lock);
    return n;
}

enum db_replicas_health db_replicas_health(struct db_replicas *set)
{
    enum db_replicas_health h = DB_REPLICAS_DOWN;
    pthread_mutex_lock(&set->lock);
    for (int i = 0; i < set->count; i++) {
        if (usable(set, &set->replicas[i])) {
            h = DB_REPLICAS_OK;
            break;
        }
        if (set->replicas[i].up)
            h = DB_REPLICAS_LAGGING;
    }
    pthread_mutex_unlock(&set->lock);
    return h;
}

enum status db_wal_insert_lsn(struct db_conn *conn, uint64_t *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_row(conn, SQL_WAL_INSERT_LSN, DB_NO_ARGS, &res, err);
    if (st != STATUS_OK)
        return st;
    bool ok = res && lsn_parse(PQgetvalue(res, 0, 0), out);
    PQclear(res);
    return ok ? STATUS_OK : error_set(err, STATUS_INTERNAL, "unexpected WAL position");
}
