/* Internal to db/: a feed event's columns, read the same way wherever a statement answers them:
 * the feed's page (feed_list.sql, from column 2) and the webhook claim (webhook_claim.sql, from
 * column 4), which delivers one event a row. */
#pragma once

#include <libpq-fe.h>
#include <stdbool.h>

#include "arena.h"
#include "feed_store.h"

/* Reads the event whose columns start at col (id, xid as text, type, case id, case number,
 * status, version, occurred at, data) in row of res into e, strings as arena copies; false when
 * out of memory. */
bool db_feed_event_read(PGresult *res, int row, int col, struct feed_event *e, struct arena *arena);
