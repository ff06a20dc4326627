/* The webhook delivery threads (WEBHOOK_WORKERS of them): each with a database connection of its
 * own (db/worker.h), never an HTTP worker and never a pooled connection. A thread claims a due
 * delivery from the outbox (webhook_claim.sql: FOR UPDATE SKIP LOCKED and a lease), signs it,
 * POSTs it (outbound/webhook_client.h: SSRF rules on the connected address, no redirects, the
 * time limit, 64 KiB of answer at most), and records the attempt with what follows: delivered,
 * again after base * 2^(n-1) plus up to 20% jitter, or dead after the last attempt.
 *
 * Ownership: webhook_delivery_start returns what webhook_delivery_stop stops and frees. */
#pragma once

#include "error.h"

struct app;
struct webhook_delivery;

struct webhook_delivery *webhook_delivery_start(struct app *app, struct error *err);
/* NULL is ignored. */
void webhook_delivery_stop(struct webhook_delivery *d);

/* The wait before attempt n + 1 after attempt n (from 1) failed: base_ms * 2^(n-1), times
 * 1 + jitter (jitter in [0, 0.2)). Pure, for the unit test. */
long webhook_backoff_ms(long base_ms, int attempt, double jitter);
