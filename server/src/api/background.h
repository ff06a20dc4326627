/* The work `serve` runs beside the requests, each on its own thread with a database connection of
 * its own (db/worker.h), never a pooled one and never an HTTP worker:
 *   - the feed watcher: while requests wait on the change feed (http_park), it polls the feed's
 *     head every FEED_WATCH_MS and wakes them when the feed may have moved;
 *   - the reminder scheduler: every REMINDER_INTERVAL_MS a pass of deadline_reminders_run(), which
 *     one instance at a time runs (an advisory lock);
 *   - the webhook delivery threads (api/webhook_delivery.c), WEBHOOK_WORKERS of them.
 *
 * Ownership: api_background_start returns what api_background_stop stops and frees, once;
 * api_background_detach comes before the HTTP server is shut down. */
#pragma once

#include "error.h"

struct app;
struct api_background;

#define FEED_WATCH_MS 20

struct api_background *api_background_start(struct app *app, struct error *err);
/* Makes the feed watcher leave the HTTP server alone from now on: called before the server shuts
 * down (parked requests are answered by the shutdown itself). NULL is ignored. */
void api_background_detach(struct api_background *bg);
/* Stops every thread and frees bg. NULL is ignored. */
void api_background_stop(struct api_background *bg);
