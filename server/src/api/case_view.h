/* Shared by the case handlers: who may see and change a case, and how a case is rendered. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "app.h"
#include "case_store.h"
#include "idempotency_store.h"
#include "principal.h"
#include "request.h"

/* Whether who may see a case at all (its center is already checked in SQL): mediators only their
 * own cases. */
bool case_view_visible(const struct principal *who, long mediator_user_id);

/* Locks case id (db_case_lock, in the caller's center) if the caller may see it (else "no such
 * case", 404) and, when version is not 0, if it is at that version (else 412, a stale If-Match). */
enum status case_view_lock(struct http_request *req, struct db_conn *conn, long id, int version,
                           struct case_lock *lock, struct error *err);

/* Whether who works the case, and so may unmask its parties through the audited unmask route: its
 * mediator, or a supervisor or admin of its center (or city-level). */
bool case_view_works(const struct principal *who, int center_id, long mediator_user_id);

/* What a plain read or an action's answer shows (minimum necessary): the parties in clear to the
 * case's mediator (a logged-in user linked to it), IDEMPOTENT_PII_MEDIATOR; masked to everyone
 * else, supervisors and admins included, IDEMPOTENT_PII_MASKED. */
enum idempotent_pii case_view_default(const struct principal *who, long mediator_user_id);

/* The after JSON of a pii.view event: the fields shown, the number of parties, whether a replay;
 * in arena, NULL when out of memory. */
const char *case_view_clear_after(struct arena *arena, size_t party_count, bool replay);

/* Writes the pii.view case event of an answer that shows the parties of case c in clear: who (the
 * caller), the case, the fields, why (pii; replay for an idempotent replay). In the caller's
 * transaction on conn. */
enum status case_view_audit_clear(struct http_request *req, struct db_conn *conn, long case_id,
                                  int center_id, size_t party_count, enum idempotent_pii pii,
                                  bool replay, struct error *err);

/* The reason a pii.view event gives for an answer that shows the parties as pii says (replay: an
 * idempotent replay of it). */
const char *case_view_clear_reason(enum idempotent_pii pii, bool replay);

/* The object check of an idempotent replay of an answer about case_id that showed parties as pii
 * says: the caller must still see the case (404 otherwise), and still be one the parties may be
 * shown to in clear (the case's mediator for MEDIATOR, one who works it for UNMASK; 403
 * otherwise); a replay in clear is audited like the first answer. */
enum status case_view_replay_check(struct http_request *req, struct db_conn *conn, long case_id,
                                   enum idempotent_pii pii, struct error *err);

/* Records that the response shows case c with its parties as pii says (audited: the handler
 * wrote the event itself), for api_mutate, and marks it Cache-Control: no-store. */
void case_view_shown(struct http_request *req, struct http_response *res,
                     const struct case_record *c, enum idempotent_pii pii, bool audited);

/* Adds "external_ref": {system, id}, or null when system is NULL. */
void case_view_external_ref(cJSON *o, const char *system, const char *id);

/* The members every view of a case (case_view_json, and a list's summary) starts with, in this
 * order, from c: a struct case_record or a struct case_summary, whose members share these names. */
#define CASE_VIEW_HEAD(o, c)                                                                       \
    do {                                                                                           \
        cJSON_AddNumberToObject((o), "id", (double)(c)->id);                                       \
        cJSON_AddStringToObject((o), "case_no", (c)->case_no);                                     \
        cJSON_AddStringToObject((o), "status", (c)->status);                                       \
        cJSON_AddNumberToObject((o), "version", (c)->version);                                     \
        cJSON_AddStringToObject((o), "center", (c)->center);                                       \
        cJSON_AddStringToObject((o), "dispute_type", (c)->dispute_type);                           \
        cJSON_AddStringToObject((o), "source", (c)->source);                                       \
        cJSON_AddNumberToObject((o), "community_id", (double)(c)->community_id);                   \
        cJSON_AddStringToObject((o), "summary", (c)->summary);                                     \
    } while (0)

/* Then, after the view's own members, those of its intake and acceptance. */
#define CASE_VIEW_INTAKE(o, c)                                                                     \
    do {                                                                                           \
        cJSON_AddStringToObject((o), "risk_level", (c)->risk_level);                               \
        output_string_or_null((o), "channel", (c)->channel);                                       \
        output_id_or_null((o), "mediator_id", (c)->mediator_id);                                   \
        cJSON_AddStringToObject((o), "received_at", (c)->received_at);                             \
        output_string_or_null((o), "accepted_at", (c)->accepted_at);                               \
    } while (0)

/* The case as JSON; parties masked unless unmask. Caller owns the tree. */
cJSON *case_view_json(const struct case_record *c, bool unmask);

/* Renders c as the response body with its ETag, parties masked unless pii says otherwise, and
 * records it (case_view_shown, not audited); returns status. */
int case_view_respond(struct http_request *req, struct http_response *res, int status,
                      const struct case_record *c, enum idempotent_pii pii);

/* Reads the case named by the path ({id}: an id or a case number) into out if the caller may see
 * it (STATUS_NOT_FOUND otherwise, in req->error). */
struct db_conn;
enum status case_view_load(struct http_request *req, struct db_conn *conn, struct case_record *out);
