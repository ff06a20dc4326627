/* Audit payloads (the before/after JSON of case events): built as cJSON objects, so that every
 * value is escaped whatever it holds, and printed into the request's arena. */
#pragma once

#include <cjson/cJSON.h>

#include "arena.h"

/* Prints o (unformatted) into arena and deletes o; NULL when o is NULL or out of memory. The
 * caller passes ownership of o. */
const char *audit_json(struct arena *arena, cJSON *o);

/* A copy of a JSON body as the payload of its event, in arena (NULL when out of memory). */
const char *audit_body(struct arena *arena, const cJSON *body);

/* Adds name: value, or null when value is NULL. */
void audit_add_text(cJSON *o, const char *name, const char *value);

/* {"fields": ["id_number", "phone", "address"], "parties": party_count}: what an answer or an
 * unmask showed in clear, for pii.view and pii.unmask events. NULL when out of memory. */
cJSON *audit_parties_shown(size_t party_count);
