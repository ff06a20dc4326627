/* The change feed's reads (migration 0018, feed_list.sql, feed_head.sql).
 *
 * A position in the feed is (xid, id): the writing transaction's id and the event's number. Only
 * events of transactions below the feed's horizon (feed_horizon(), migration 0018: the snapshot's
 * xmin, less transactions of other databases) are returned, so that an event whose transaction
 * commits later can never appear before a position already handed out (see
 * docs/architecture.md, Change feed). Strings are copied into the caller's arena. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

struct db_conn;

struct feed_position {
    long long xid; /* 0: the beginning */
    long id;
};

struct feed_event {
    long id;
    long long xid;
    const char *type;
    long case_id;
    const char *case_no;
    const char *status;
    long version;
    const char *occurred_at;
    const char *data; /* JSON object text */
};

struct feed_query {
    int center_id; /* 0: every center */
    struct feed_position after;
    int limit;
    const char *types; /* a PostgreSQL text[] literal, or NULL for every type */
    long case_id;      /* 0: every case */
};

/* Reads up to q->limit events after q->after into *items (arena), and the horizon into *horizon:
 * every event of a transaction below it has been seen once the page is not full. *held: some
 * committed event after the position is still at or above the horizon (it will be readable). */
enum status db_feed_list(struct db_conn *conn, struct arena *arena, const struct feed_query *q,
                         struct feed_event **items, size_t *count, long long *horizon, bool *held,
                         struct error *err);

struct feed_head {
    long max_id;
    long long horizon;
    bool held; /* some committed event is still at or above the horizon */
};

/* What the feed watcher compares between polls. */
enum status db_feed_head(struct db_conn *conn, struct feed_head *out, struct error *err);

/* One pass of the deadline reminders (deadline_reminders_run.sql): *emitted receives the events
 * written, or -1 when another instance holds the scheduler's lock. */
enum status db_reminders_run(struct db_conn *conn, int due_soon_s, int limit, long *emitted,
                             struct error *err);
