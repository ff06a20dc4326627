/* The feed watcher, the reminder scheduler and the webhook delivery threads: see background.h. */
#include "background.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "app.h"
#include "feed_store.h"
#include "log.h"
#include "server.h"
#include "webhook_delivery.h"
#include "worker.h"

#define REMINDERS_PER_PASS 1000
#define WORKER_STATEMENT_TIMEOUT_MS 30000

struct feed_watch {
    pthread_mutex_t lock;       /* guards server */
    struct http_server *server; /* NULL once the server is going away */
    struct app *app;
    struct feed_head last;
    bool have_last;
};

struct api_background {
    struct feed_watch watch;
    struct db_worker *watcher;
    struct db_worker *scheduler;
    struct webhook_delivery *webhooks;
};

/* Wakes the parked feed requests when the newest event changed, or when the horizon moved while a
 * committed event was held back behind a running transaction (it may be readable now). Polls only
 * while someone waits; the first poll after a quiet time always wakes (the last head is old). */
static int watch_tick(struct db_conn *conn, void *ctx)
{
    struct feed_watch *w = ctx;
    pthread_mutex_lock(&w->lock);
    long parked = w->server ? http_server_parked(w->server) : 0;
    pthread_mutex_unlock(&w->lock);
    if (parked == 0)
        return FEED_WATCH_MS;
    struct feed_head h;
    struct error err;
    error_init(&err);
    if (db_feed_head(conn, &h, &err) != STATUS_OK) {
        log_msg(LOG_DEBUG, "feed watcher: %s", err.message);
        return -1;
    }
    bool moved = !w->have_last || h.max_id != w->last.max_id ||
                 ((h.held || w->last.held) && h.horizon != w->last.horizon);
    w->last = h;
    w->have_last = true;
    pthread_mutex_lock(&w->lock);
    if (moved && w->server)
        http_server_wake(w->server);
    pthread_mutex_unlock(&w->lock);
    return FEED_WATCH_MS;
}

static int scheduler_tick(struct db_conn *conn, void *ctx)
{
    struct app *app = ctx;
    long emitted = 0;
    struct error err;
    error_init(&err);
    if (db_reminders_run(conn, app->config->due_soon_hours * 3600, REMINDERS_PER_PASS, &emitted,
                         &err) != STATUS_OK) {
        log_msg(LOG_WARN, "reminder scheduler: %s", err.message);
        return -1;
    }
    if (emitted > 0)
        log_msg(LOG_INFO, "reminder scheduler: %ld deadline reminders emitted", emitted);
    /* a full pass: more are due, go on at once */
    return emitted >= REMINDERS_PER_PASS ? 0 : app->config->reminder_interval_ms;
}

struct api_background *api_background_start(struct app *app, struct error *err)
{
    struct api_background *bg = calloc(1, sizeof(*bg));
    if (!bg) {
        error_set(err, STATUS_NO_MEMORY, "out of memory");
        return NULL;
    }
    const struct config *cfg = app->config;
    bg->watch.app = app;
    bg->watch.server = app->server;
    pthread_mutex_init(&bg->watch.lock, NULL);
    struct db_worker_config wc = {cfg->database_url,
                                  "mediationd feed watcher",
                                  cfg->db_connect_timeout_s,
                                  WORKER_STATEMENT_TIMEOUT_MS,
                                  watch_tick,
                                  &bg->watch};
    bg->watcher = db_worker_start(&wc, err);
    struct db_worker_config sc = {cfg->database_url,
                                  "mediationd reminder scheduler",
                                  cfg->db_connect_timeout_s,
                                  WORKER_STATEMENT_TIMEOUT_MS,
                                  scheduler_tick,
                                  app};
    if (bg->watcher)
        bg->scheduler = db_worker_start(&sc, err);
    if (bg->scheduler)
        bg->webhooks = webhook_delivery_start(app, err);
    if (!bg->webhooks) {
        api_background_stop(bg);
        return NULL;
    }
    return bg;
}

void api_background_detach(struct api_background *bg)
{
    if (!bg)
        return;
    pthread_mutex_lock(&bg->watch.lock);
    bg->watch.server = NULL;
    pthread_mutex_unlock(&bg->watch.lock);
}

void api_background_stop(struct api_background *bg)
{
    if (!bg)
        return;
    webhook_delivery_stop(bg->webhooks);
    db_worker_stop(bg->scheduler);
    db_worker_stop(bg->watcher);
    pthread_mutex_destroy(&bg->watch.lock);
    free(bg);
}
