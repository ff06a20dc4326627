/* Webhooks, their outbox of deliveries and the attempts (migration 0019).
 *
 * Strings are copied into the caller's arena. center_id 0 means a city-level caller (every
 * center); a webhook of center_id 0 receives the events of every center. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "arena.h"
#include "error.h"
#include "feed_store.h"

struct db_conn;

struct webhook {
    long id;
    const char *url;
    const char *event_types; /* comma-separated; "" for every type */
    bool active;
    const char *created_at;
    const char *updated_at;
    int center_id; /* 0: city-level */
};

/* types: a PostgreSQL text[] literal. */
enum status db_webhook_insert(struct db_conn *conn, struct arena *arena, int center_id,
                              const char *url, const char *types, bool active, const char *secret,
                              const struct db_actor *actor, struct webhook *out, struct error *err);
enum status db_webhook_list(struct db_conn *conn, struct arena *arena, int center_id, long after_id,
                            int limit, struct webhook **items, size_t *count, struct error *err);
/* STATUS_NOT_FOUND when the caller (center_id) may not see it. */
enum status db_webhook_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                           struct webhook *out, struct error *err);
/* url, types NULL and active < 0: unchanged. remove deletes it (soft). */
enum status db_webhook_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                              const char *url, const char *types, int active, bool remove,
                              const struct db_actor *actor, struct webhook *out, struct error *err);

struct webhook_delivery_row {
    long id;
    long event_id;
    const char *event_type;
    const char *state;
    long attempts;
    const char *next_attempt_at;
    long last_status; /* 0: none */
    const char *last_error;
    const char *created_at;
    const char *delivered_at;  /* NULL until delivered */
    const char *attempts_json; /* [{attempt, started_at, status_code, latency_ms, error}] */
};

/* Newest first; before_id 0 starts at the newest. */
enum status db_webhook_deliveries(struct db_conn *conn, struct arena *arena, long webhook_id,
                                  long before_id, int limit, struct webhook_delivery_row **items,
                                  size_t *count, struct error *err);
/* Makes a dead or delivered delivery due now. STATUS_NOT_FOUND when the delivery is not the
 * webhook's, STATUS_CONFLICT when it is pending (it will be tried anyway). */
enum status db_webhook_delivery_retry(struct db_conn *conn, long webhook_id, long delivery_id,
                                      const struct db_actor *actor, struct error *err);

/* A claimed delivery: what the delivery thread needs to send it. */
struct webhook_claim {
    long delivery_id;
    int attempt; /* this attempt's number, from 1 */
    const char *url;
    const char *secret;
    struct feed_event event; /* the event delivered */
};

/* Claims up to limit due deliveries (webhook_claim.sql), leased for lease_s seconds. */
enum status db_webhook_claim(struct db_conn *conn, struct arena *arena, int limit, int lease_s,
                             struct webhook_claim **items, size_t *count, struct error *err);

enum webhook_outcome { WEBHOOK_DELIVERED, WEBHOOK_RETRY, WEBHOOK_DEAD };

struct webhook_attempt {
    long delivery_id;
    int attempt;
    const char *started_at; /* RFC 3339 */
    int status_code;        /* 0: no answer */
    long latency_ms;
    const char *error; /* NULL when none */
    enum webhook_outcome outcome;
    long delay_ms; /* before the next attempt, for WEBHOOK_RETRY */
    const char *instance;
};

enum status db_webhook_attempt_record(struct db_conn *conn, const struct webhook_attempt *a,
                                      struct error *err);
