/* Shared by the case handlers: who may see and change a case, and how a case is rendered. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "case_store.h"
#include "principal.h"
#include "request.h"

/* Whether who may see a case at all (its center is already checked in SQL): mediators only their
 * own cases. */
bool case_view_visible(const struct principal *who, long mediator_user_id);

/* Whether who works the case, and so sees its parties unmasked: its mediator, or a supervisor or
 * admin of its center (or city-level). */
bool case_view_works(const struct principal *who, int center_id, long mediator_user_id);

/* Adds "external_ref": {system, id}, or null when system is NULL. */
void case_view_external_ref(cJSON *o, const char *system, const char *id);

/* The case as JSON; parties masked unless unmask. Caller owns the tree. */
cJSON *case_view_json(const struct case_record *c, bool unmask);

/* Renders c as the response body with its ETag; returns status. */
int case_view_respond(struct http_request *req, struct http_response *res, int status,
                      const struct case_record *c, bool unmask);
