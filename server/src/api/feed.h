/* The change feed's event types (its JSON, shared by GET /api/v1/events and the webhook
 * deliveries, is view_feed_event in views.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "feed_store.h"

/* Whether t (len bytes) names an event type the feed writes (migration 0018). */
bool feed_type_known(const char *t, size_t len);
