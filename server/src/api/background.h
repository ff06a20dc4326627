/* The work `serve` runs beside the requests, each on its own thread with a database connection of
 * its own (db/worker.h), never a pooled one and never an HTTP worker:
 *   - the feed watcher: while requests wait on the change feed (http_park), it polls the feed's
 *     head every FEED_WATCH_MS and wakes them when the feed may have moved;
 *   - the reminder scheduler: every REMINDER_INTERVAL_MS a pass of deadline_reminders_run(), which
 *     one instance at a time runs (an advisory lock);
 *   - the webhook delivery threads (api/webhook_delivery.c), WEBHOOK_WORKERS of them.
 *
 * Ownership: api_background_start returns what api_background_stop stops and frees, once, before
 * the app (and its server) goes away. */
#pragma once

#include "error.h"

struct app;
struct api_background;

#define FEED_WATCH_MS 20

struct api_background *api_background_start(struct app *app, struct error *err);
/* NULL is ignored. */
void api_background_stop(struct api_background *bg);
