/* The change feed's event as JSON, shared by GET /api/v1/events and the webhook deliveries, so
 * that both carry the same EVENT object. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "feed_store.h"

/* {"id", "type", "case_id", "case_no", "status", "version", "occurred_at", "data"}; the caller
 * owns (deletes) the tree. */
cJSON *feed_event_json(const struct feed_event *e);

/* Whether t (len bytes) names an event type the feed writes (migration 0018). */
bool feed_type_known(const char *t, size_t len);
