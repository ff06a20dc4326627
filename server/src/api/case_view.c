/* Case visibility, PII masking and the JSON form of a case. */
#include "case_view.h"

#include <stdio.h>

#include "actor.h"
#include "audit.h"
#include "input.h"
#include "mask.h"
#include "money.h"
#include "output.h"

bool case_view_visible(const struct principal *who, long mediator_user_id)
{
    if (who->role != ROLE_MEDIATOR)
        return true;
    return who->kind == PRINCIPAL_SESSION && mediator_user_id != 0 &&
           who->user_id == mediator_user_id;
}

enum status case_view_lock(struct http_request *req, struct db_conn *conn, long id, int version,
                           struct case_lock *lock, struct error *err)
{
    const struct principal *who = api_caller(req);
    enum status st = db_case_lock(conn, req->arena, id, who->center_id, lock, err);
    if (st != STATUS_OK)
        return st;
    if (!case_view_visible(who, lock->mediator_user_id))
        return error_set(err, STATUS_NOT_FOUND, "no such case");
    if (version && lock->version != version)
        return error_set(err, STATUS_PRECONDITION, "the case is at version %d, not %d",
                         lock->version, version);
    return STATUS_OK;
}

bool case_view_works(const struct principal *who, int center_id, long mediator_user_id)
{
    if (who->role == ROLE_MEDIATOR)
        return case_view_visible(who, mediator_user_id);
    if (who->role == ROLE_SUPERVISOR || who->role == ROLE_ADMIN)
        return who->center_id == 0 || who->center_id == center_id;
    return false;
}

enum idempotent_pii case_view_default(const struct principal *who, long mediator_user_id)
{
    bool mediator =
        who->kind == PRINCIPAL_SESSION && mediator_user_id != 0 && who->user_id == mediator_user_id;
    return mediator ? IDEMPOTENT_PII_MEDIATOR : IDEMPOTENT_PII_MASKED;
}

const char *case_view_clear_reason(enum idempotent_pii pii, bool replay)
{
    switch (pii) {
    case IDEMPOTENT_PII_MEDIATOR:
        return replay ? "idempotent replay of an answer to the case's mediator"
                      : "answer to the case's mediator";
    case IDEMPOTENT_PII_REGISTRANT:
        return replay ? "idempotent replay of the intake answer to its registrant"
                      : "intake answer to its registrant";
    case IDEMPOTENT_PII_UNMASK:
        return "idempotent replay of an unmask";
    case IDEMPOTENT_PII_MASKED:
        break;
    }
    return "masked";
}

const char *case_view_clear_after(struct arena *arena, size_t party_count, bool replay)
{
    cJSON *o = audit_parties_shown(party_count);
    if (o)
        cJSON_AddBoolToObject(o, "replay", replay);
    return audit_json(arena, o);
}

enum status case_view_audit_clear(struct http_request *req, struct db_conn *conn, long case_id,
                                  int center_id, size_t party_count, enum idempotent_pii pii,
                                  bool replay, struct error *err)
{
    const char *after = case_view_clear_after(req->arena, party_count, replay);
    if (!after)
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    struct case_lock lock = {.id = case_id, .center_id = center_id};
    struct db_actor actor;
    api_actor(req, &actor);
    return db_case_event(conn, &lock, &actor, "pii.view", NULL, NULL, NULL, after,
                         case_view_clear_reason(pii, replay), err);
}

enum status case_view_replay_check(struct http_request *req, struct db_conn *conn, long case_id,
                                   enum idempotent_pii pii, struct error *err)
{
    const struct principal *who = api_caller(req);
    struct case_record c;
    enum status st = db_case_get(conn, req->arena, case_id, NULL, who->center_id, &c, err);
    if (st == STATUS_OK && !case_view_visible(who, c.mediator_user_id))
        st = error_set(err, STATUS_NOT_FOUND, "no such case");
    if (st != STATUS_OK)
        return st;
    bool allowed =
        pii == IDEMPOTENT_PII_MASKED || pii == IDEMPOTENT_PII_REGISTRANT ||
        (pii == IDEMPOTENT_PII_MEDIATOR &&
         case_view_default(who, c.mediator_user_id) == IDEMPOTENT_PII_MEDIATOR) ||
        (pii == IDEMPOTENT_PII_UNMASK && case_view_works(who, c.center_id, c.mediator_user_id));
    if (!allowed)
        return error_set(err, STATUS_FORBIDDEN,
                         "the first answer to this key showed the parties in clear, which you may "
                         "no longer see");
    if (pii == IDEMPOTENT_PII_MASKED)
        return STATUS_OK;
    return case_view_audit_clear(req, conn, c.id, c.center_id, c.party_count, pii, true, err);
}

void case_view_shown(struct http_request *req, struct http_response *res,
                     const struct case_record *c, enum idempotent_pii pii, bool audited)
{
    struct api_request *ar = api_request_state(req);
    if (ar)
        ar->shown = (struct api_shown){c->id, c->center_id, c->party_count, pii, audited};
    http_response_header(res, "Cache-Control", "no-store");
}

static void add_masked(cJSON *o, const char *name, const char *value,
                       void (*mask)(const char *, char *, size_t), bool unmask)
{
    if (!value || unmask) {
        output_string_or_null(o, name, value);
        return;
    }
    char out[256];
    mask(value, out, sizeof(out));
    cJSON_AddStringToObject(o, name, out);
}

void case_view_external_ref(cJSON *o, const char *system, const char *id)
{
    if (!system) {
        cJSON_AddNullToObject(o, "external_ref");
        return;
    }
    cJSON *ref = cJSON_AddObjectToObject(o, "external_ref");
    cJSON_AddStringToObject(ref, "system", system);
    cJSON_AddStringToObject(ref, "id", id);
}

cJSON *case_view_json(const struct case_record *c, bool unmask)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    CASE_VIEW_HEAD(o, c);
    cJSON_AddStringToObject(o, "claims", c->claims ? c->claims : "");
    output_string_or_null(o, "occurred_on", c->occurred_on);
    CASE_VIEW_INTAKE(o, c);
    output_string_or_null(o, "assigned_at", c->assigned_at);
    output_string_or_null(o, "due_at", c->due_at);
    cJSON_AddBoolToObject(o, "overdue", c->overdue);
    output_string_or_null(o, "paused_at", c->paused_at);
    cJSON_AddNumberToObject(o, "extended_days", c->extended_days);
    output_string_or_null(o, "closed_at", c->closed_at);
    output_string_or_null(o, "outcome", c->outcome);
    output_string_or_null(o, "outcome_note", c->outcome_note);
    output_string_or_null(o, "referred_to", c->referred_to);
    cJSON_AddBoolToObject(o, "prevented_escalation", c->prevented_escalation);
    cJSON_AddBoolToObject(o, "prevented_mass_petition", c->prevented_mass_petition);
    output_string_or_null(o, "decline_reason", c->decline_reason);
    output_string_or_null(o, "referral_advice", c->referral_advice);
    case_view_external_ref(o, c->external_system, c->external_id);
    if (c->has_agreement) {
        char amount[MONEY_TEXT_MAX];
        money_format(c->agreement_fen, amount);
        cJSON *a = cJSON_AddObjectToObject(o, "agreement");
        cJSON_AddStringToObject(a, "amount", amount);
        output_string_or_null(a, "form", c->agreement_form);
        output_string_or_null(a, "signed_at", c->agreement_signed_on);
        output_string_or_null(a, "terms", c->agreement_terms);
        output_string_or_null(a, "performance_method", c->agreement_performance_method);
        output_string_or_null(a, "perform_by", c->agreement_perform_by);
    } else {
        cJSON_AddNullToObject(o, "agreement");
    }
    cJSON *f = cJSON_AddObjectToObject(o, "follow_up");
    output_string_or_null(f, "return_visit_at", c->return_visit_at);
    output_string_or_null(f, "return_visit_note", c->return_visit_note);
    output_string_or_null(f, "performance", c->performance);
    cJSON_AddBoolToObject(f, "judicial_confirmation", c->judicial_confirmation);
    cJSON *parties = cJSON_AddArrayToObject(o, "parties");
    for (size_t i = 0; i < c->party_count; i++) {
        const struct party *p = &c->parties[i];
        cJSON *po = cJSON_CreateObject();
        cJSON_AddNumberToObject(po, "id", (double)p->id);
        cJSON_AddStringToObject(po, "role", p->role);
        cJSON_AddStringToObject(po, "kind", p->kind);
        cJSON_AddStringToObject(po, "name", p->name);
        /* an organisation's credit code is public record; a person's ID number is not */
        if (p->kind && p->kind[0] == 'o')
            output_string_or_null(po, "id_number", p->id_number);
        else
            add_masked(po, "id_number", p->id_number, mask_id_number, unmask);
        add_masked(po, "phone", p->phone, mask_phone, unmask);
        add_masked(po, "address", p->address, mask_address, unmask);
        cJSON_AddItemToArray(parties, po);
    }
    cJSON_AddBoolToObject(o, "pii_masked", !unmask);
    return o;
}

int case_view_respond(struct http_request *req, struct http_response *res, int status,
                      const struct case_record *c, enum idempotent_pii pii)
{
    cJSON *o = case_view_json(c, pii != IDEMPOTENT_PII_MASKED);
    if (!o)
        return http_fail(req, STATUS_NO_MEMORY, "out of memory");
    http_response_header(res, "ETag", input_etag(req, c->id, c->version));
    case_view_shown(req, res, c, pii, false);
    return output_json(res, status, o);
}
