/* The webhook delivery threads: see webhook_delivery.h. */
#include "webhook_delivery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "crypto.h"
#include "feed.h"
#include "log.h"
#include "net_policy.h"
#include "webhook_client.h"
#include "webhook_sign.h"
#include "webhook_store.h"
#include "worker.h"
#include "views.h"

#define DELIVERY_THREADS_MAX 64
#define LEASE_MARGIN_S 30
#define ARENA_BLOCK 16384

struct webhook_delivery {
    struct app *app;
    unsigned allow;
    char instance[96];
    int count;
    struct db_worker *workers[DELIVERY_THREADS_MAX];
};

long webhook_backoff_ms(long base_ms, int attempt, double jitter)
{
    double wait = (double)base_ms;
    for (int i = 1; i < attempt && wait < 1e12; i++)
        wait *= 2;
    wait *= 1.0 + jitter;
    return wait > 1e12 ? (long)1e12 : (long)wait;
}

static double random_jitter(void)
{
    unsigned int r = 0;
    if (crypto_random(&r, sizeof(r)) != STATUS_OK)
        return 0.1;
    return (double)(r % 20000) / 100000.0; /* [0, 0.2) */
}

static void utc_now(char out[64])
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (now.tv_nsec / 1000000) % 1000);
}

/* {"type", "timestamp", "data": EVENT}, printed (the caller frees). */
static char *delivery_body(const struct webhook_claim *c, const char *timestamp)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", c->event.type);
    cJSON_AddStringToObject(o, "timestamp", timestamp);
    cJSON_AddItemToObject(o, "data", view_feed_event(&c->event));
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}

/* One attempt of one claimed delivery, recorded. */
static void deliver(struct webhook_delivery *d, struct db_conn *conn, const struct webhook_claim *c)
{
    const struct config *cfg = d->app->config;
    char started[64];
    utc_now(started);
    struct webhook_attempt a = {.delivery_id = c->delivery_id,
                                .attempt = c->attempt,
                                .started_at = started,
                                .instance = d->instance};
    char msg_id[32];
    snprintf(msg_id, sizeof(msg_id), "msg_%ld", c->delivery_id);
    long long ts = (long long)time(NULL);
    char *body = delivery_body(c, started);
    char signature[WEBHOOK_SIGNATURE_MAX];
    struct error err;
    error_init(&err);
    struct webhook_client_result r = {0};
    if (!body) {
        snprintf(r.error, sizeof(r.error), "out of memory");
    } else if (webhook_sign(c->secret, msg_id, ts, body, strlen(body), signature, &err) !=
               STATUS_OK) {
        snprintf(r.error, sizeof(r.error), "cannot sign: %.200s", err.message);
    } else {
        char h_id[64], h_ts[64], h_sig[96];
        snprintf(h_id, sizeof(h_id), "webhook-id: %s", msg_id);
        snprintf(h_ts, sizeof(h_ts), "webhook-timestamp: %lld", ts);
        snprintf(h_sig, sizeof(h_sig), "webhook-signature: %s", signature);
        const char *headers[] = {
            "Content-Type: application/json", h_id, h_ts, h_sig, "Expect:", NULL};
        struct webhook_client_request req = {
            c->url, headers, body, strlen(body), cfg->webhook_timeout_ms, d->allow};
        webhook_client_post(&req, &r);
    }
    free(body);
    a.status_code = (int)r.status;
    a.latency_ms = r.latency_ms;
    bool ok = r.status >= 200 && r.status < 300;
    if (!ok && r.status > 0)
        snprintf(r.error, sizeof(r.error), "the receiver answered %ld", r.status);
    a.error = ok ? NULL : r.error;
    if (ok) {
        a.outcome = WEBHOOK_DELIVERED;
    } else if (c->attempt >= cfg->webhook_max_attempts) {
        a.outcome = WEBHOOK_DEAD;
    } else {
        a.outcome = WEBHOOK_RETRY;
        a.delay_ms = webhook_backoff_ms(cfg->webhook_backoff_ms, c->attempt, random_jitter());
    }
    error_init(&err);
    if (db_webhook_attempt_record(conn, &a, &err) != STATUS_OK)
        /* the lease runs out and the delivery is tried again: at least once */
        log_msg(LOG_WARN, "webhook delivery %ld: cannot record the attempt: %s", c->delivery_id,
                err.message);
    else if (a.outcome == WEBHOOK_DEAD)
        log_msg(LOG_WARN, "webhook delivery %ld dead after %d attempts: %s", c->delivery_id,
                c->attempt, a.error ? a.error : "");
}

static int delivery_tick(struct db_conn *conn, void *ctx)
{
    struct webhook_delivery *d = ctx;
    const struct config *cfg = d->app->config;
    struct arena *arena = arena_new(ARENA_BLOCK);
    if (!arena)
        return -1;
    struct webhook_claim *items;
    size_t count = 0;
    struct error err;
    error_init(&err);
    int lease_s = cfg->webhook_timeout_ms / 1000 + LEASE_MARGIN_S;
    if (db_webhook_claim(conn, arena, 1, lease_s, &items, &count, &err) != STATUS_OK) {
        log_msg(LOG_DEBUG, "webhook delivery: claim: %s", err.message);
        arena_free(arena);
        return -1;
    }
    for (size_t i = 0; i < count; i++)
        deliver(d, conn, &items[i]);
    arena_free(arena);
    /* one was due: look for the next at once */
    return count > 0 ? 0 : cfg->webhook_poll_ms;
}

struct webhook_delivery *webhook_delivery_start(struct app *app, struct error *err)
{
    struct webhook_delivery *d = calloc(1, sizeof(*d));
    if (!d) {
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    d->app = app;
    if (net_policy_parse(app->config->webhook_allow_nets, &d->allow, err) != STATUS_OK) {
        free(d);
        return NULL;
    }
    char host[64] = "";
    gethostname(host, sizeof(host) - 1);
    snprintf(d->instance, sizeof(d->instance), "%s:%ld", host, (long)getpid());
    if (webhook_client_global_init(err) != STATUS_OK) {
        free(d);
        return NULL;
    }
    int n = app->config->webhook_workers;
    for (int i = 0; i < n && i < DELIVERY_THREADS_MAX; i++) {
        struct db_worker_config wc = {app->config->database_url,
                                      "mediationd webhook delivery",
                                      app->config->db_connect_timeout_s,
                                      30000,
                                      delivery_tick,
                                      d};
        d->workers[i] = db_worker_start(&wc, err);
        if (!d->workers[i]) {
            webhook_delivery_stop(d);
            return NULL;
        }
        d->count++;
    }
    return d;
}

void webhook_delivery_stop(struct webhook_delivery *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->count; i++)
        db_worker_stop(d->workers[i]);
    free(d);
}
