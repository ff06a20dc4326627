/* Streaming replicas of the primary, for reads (REPLICA_DATABASE_URL).
 *
 * Each replica has a pool of its own (pool.h) and a monitor connection. One monitor thread samples
 * the primary's WAL insert position and every replica's replay position each REPLICA_CHECK_MS;
 * a replica's lag is how long ago the primary first stood at a position the replica has not
 * replayed yet (no clocks compared, no lag reported for an idle primary). A replica is usable for
 * a read when its monitor reached it, it is still a standby, and its lag is at most
 * REPLICA_MAX_LAG_MS. A read that names a position (If-Min-LSN) also needs a replica that has
 * replayed that far: the position the monitor last saw is a lower bound of the replica's, so a
 * read it sends to a replica never misses what it asked for.
 *
 * db_replicas_acquire lends a connection of a usable replica (round robin) or says there is none,
 * and the caller reads from the primary instead: a replica that is down, lagging or behind the
 * read's position costs the read nothing but that choice. A replica that went down since the last
 * check fails its pool's acquire at once (a refused connection, then the pool's backoff), and the
 * read goes to the next replica or the primary, until the monitor marks it down.
 *
 * Ownership: db_replicas_start returns a set the caller stops once with db_replicas_stop (after
 * every connection it lent is back). Connections are lent exactly as db_pool_acquire lends them,
 * and go back with db_pool_release to the pool the acquire named. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

struct db_conn;
struct db_pool;
struct db_replicas;

struct db_replicas_config {
    const char *primary_conninfo;  /* copied; the monitor samples the primary's WAL position */
    const char *replica_conninfos; /* copied; one or more, separated by spaces */
    int pool_size;                 /* connections to each replica */
    int connect_timeout_s;
    int statement_timeout_ms;
    int max_lag_ms;
    int check_ms;
};

enum db_replicas_health {
    DB_REPLICAS_OK,      /* at least one replica may be read from */
    DB_REPLICAS_LAGGING, /* reachable, but each is further behind than REPLICA_MAX_LAG_MS */
    DB_REPLICAS_DOWN,    /* none reachable as a standby */
};

struct db_replica_stats {
    bool up;             /* the monitor reached it and it is a standby */
    bool usable;         /* up and within the lag limit */
    long lag_ms;         /* -1 when not up */
    uint64_t lag_bytes;  /* WAL the primary has that it has not replayed */
    uint64_t replay_lsn; /* last replay position the monitor saw */
    unsigned long reads; /* reads lent a connection of this replica */
};

/* *out NULL (and STATUS_OK) when replica_conninfos names none. STATUS_INVALID when it names
 * more than DB_REPLICAS_MAX; STATUS_NO_MEMORY or STATUS_INTERNAL when the thread cannot start.
 * Never connects before returning. */
#define DB_REPLICAS_MAX 16
enum status db_replicas_start(const struct db_replicas_config *config, struct db_replicas **out,
                              struct error *err);
void db_replicas_stop(struct db_replicas *set);

/* A connection of a usable replica that has replayed min_lsn (0: any), into *conn, and the pool to
 * release it to into *pool: STATUS_OK. STATUS_NOT_FOUND when there is none: read from the
 * primary (and count it with db_replicas_count_primary_read). */
enum status db_replicas_acquire(struct db_replicas *set, uint64_t min_lsn, struct db_conn **conn,
                                struct db_pool **pool);
void db_replicas_count_primary_read(struct db_replicas *set);

int db_replicas_count(const struct db_replicas *set);
void db_replicas_stats(struct db_replicas *set, int index, struct db_replica_stats *out);
unsigned long db_replicas_primary_reads(struct db_replicas *set);
enum db_replicas_health db_replicas_health(struct db_replicas *set);

/* The primary's WAL insert position, on a primary connection (after a commit: at or past it). */
enum status db_wal_insert_lsn(struct db_conn *conn, uint64_t *out, struct error *err);
