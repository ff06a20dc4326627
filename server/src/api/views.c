/* The JSON of each resource (views.h): a table of the members a resource shows, rendered by
 * output_fields, or a few lines of cJSON where a member is derived. */
#include "views.h"

#include <stdio.h>
#include <string.h>

#include "attachment_store.h"
#include "campaign_store.h"
#include "case_store.h"
#include "center_store.h"
#include "community_store.h"
#include "deadline.h"
#include "deadline_policy.h"
#include "feed_store.h"
#include "key_store.h"
#include "mediator.h"
#include "mediator_store.h"
#include "money.h"
#include "output.h"
#include "portal_store.h"
#include "principal.h"
#include "user_store.h"
#include "webhook_store.h"

static const struct output_field api_key_fields[] = {
    OUTPUT_FIELD(struct api_key_info, id, LONG),
    OUTPUT_FIELD(struct api_key_info, name, STRING),
    OUTPUT_FIELD(struct api_key_info, role, STRING),
    OUTPUT_FIELD(struct api_key_info, center, STRING_OR_NULL),
    OUTPUT_FIELD(struct api_key_info, scopes, WORDS),
    OUTPUT_FIELD(struct api_key_info, expires_at, STRING_OR_NULL),
    OUTPUT_FIELD(struct api_key_info, created_at, STRING),
    OUTPUT_FIELD(struct api_key_info, last_used_at, STRING_OR_NULL),
    OUTPUT_FIELD(struct api_key_info, revoked_at, STRING_OR_NULL)};

cJSON *view_api_key(const struct api_key_info *k)
{
    return OUTPUT_OBJECT(k, api_key_fields);
}

cJSON *view_caller(const struct principal *who)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", who->kind == PRINCIPAL_SESSION ? "session" : "api_key");
    output_id_or_null(o, "key_id", who->kind == PRINCIPAL_SESSION ? 0 : who->key_id);
    output_id_or_null(o, "user_id", who->kind == PRINCIPAL_SESSION ? who->user_id : 0);
    cJSON_AddStringToObject(o, "name", who->name);
    cJSON_AddStringToObject(o, "role", role_name(who->role));
    output_string_or_null(o, "center", who->center_id ? who->center_code : NULL);
    cJSON *scopes = cJSON_AddArrayToObject(o, "scopes");
    for (int i = 0; scopes && i < SCOPE_COUNT; i++)
        if (who->scopes & (1u << i))
            cJSON_AddItemToArray(scopes, cJSON_CreateString(scope_name((enum scope)(1u << i))));
    return o;
}

static const struct output_field attachment_fields[] = {
    OUTPUT_FIELD(struct attachment, id, LONG),
    OUTPUT_FIELD(struct attachment, case_id, LONG),
    OUTPUT_FIELD(struct attachment, kind, STRING),
    OUTPUT_FIELD(struct attachment, filename, STRING),
    OUTPUT_FIELD(struct attachment, content_type, STRING),
    OUTPUT_FIELD(struct attachment, size, LLONG),
    OUTPUT_FIELD(struct attachment, sha256, STRING),
    OUTPUT_FIELD(struct attachment, created_at, STRING),
    OUTPUT_FIELD(struct attachment, created_by, STRING)};

cJSON *view_attachment(const struct attachment *a)
{
    return OUTPUT_OBJECT(a, attachment_fields);
}

/* ---- campaigns ------------------------------------------------------------------------------- */

static const struct output_field campaign_fields[] = {
    OUTPUT_FIELD(struct campaign, id, LONG), OUTPUT_FIELD(struct campaign, center, STRING),
    OUTPUT_FIELD(struct campaign, name, STRING), OUTPUT_FIELD(struct campaign, starts_on, STRING),
    OUTPUT_FIELD(struct campaign, ends_on, STRING_OR_NULL)};
static const struct output_field campaign_listed_fields[] = {
    OUTPUT_FIELD(struct campaign, created_at, STRING),
    OUTPUT_FIELD(struct campaign, case_count, LONG)};
static const struct output_field campaign_tag_fields[] = {
    OUTPUT_FIELD_AS(struct campaign, created_at, STRING, "tagged_at")};

cJSON *view_campaign(const struct campaign *c)
{
    return OUTPUT_ADD(OUTPUT_OBJECT(c, campaign_fields), c, campaign_listed_fields);
}

cJSON *view_campaign_tag(const struct campaign *c)
{
    return OUTPUT_ADD(OUTPUT_OBJECT(c, campaign_fields), c, campaign_tag_fields);
}

/* num / den to four decimals, null when den is 0 */
static void add_rate(cJSON *o, const char *name, long num, long den)
{
    if (den > 0)
        cJSON_AddNumberToObject(o, name, (double)((num * 10000 + den / 2) / den) / 10000.0);
    else
        cJSON_AddNullToObject(o, name);
}

cJSON *view_campaign_figures(const struct campaign_figures *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "campaign_id", (double)f->id);
    cJSON_AddStringToObject(o, "name", f->name);
    cJSON_AddStringToObject(o, "center", f->center);
    cJSON_AddStringToObject(o, "from", f->from);
    cJSON_AddStringToObject(o, "to", f->to);
    cJSON *m = cJSON_AddObjectToObject(o, "metrics");
    const struct {
        const char *key;
        long v;
    } counts[] = {{"received", f->received},   {"accepted", f->accepted},
                  {"declined", f->declined},   {"resolved", f->resolved},
                  {"failed", f->failed},       {"terminated", f->terminated},
                  {"withdrawn", f->withdrawn}, {"referred", f->referred},
                  {"open", f->open},           {"agreement_count", f->agreement_count}};
    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
        cJSON_AddNumberToObject(m, counts[i].key, (double)counts[i].v);
    add_rate(m, "success_rate", f->resolved, f->accepted);
    char amount[MONEY_TEXT_MAX];
    money_format(f->agreement_fen, amount);
    cJSON_AddStringToObject(m, "agreement_amount_total", amount);
    cJSON_AddNumberToObject(m, "satisfaction_count", (double)f->rating_count);
    if (f->rating_mean)
        cJSON_AddRawToObject(m, "satisfaction_mean", f->rating_mean);
    else
        cJSON_AddNullToObject(m, "satisfaction_mean");
    return o;
}

/* ---- a case's trail and sessions ------------------------------------------------------------- */

/* text as JSON under name; null when there is none (or it does not parse) */
static void add_json_text(cJSON *o, const char *name, const char *text)
{
    cJSON *v = text ? cJSON_Parse(text) : NULL;
    cJSON_AddItemToObject(o, name, v ? v : cJSON_CreateNull());
}

cJSON *view_case_event(const struct case_event *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)e->id);
    cJSON_AddStringToObject(o, "at", e->at);
    cJSON_AddStringToObject(o, "actor", e->actor);
    cJSON_AddStringToObject(o, "action", e->action);
    output_string_or_null(o, "from_status", e->from_status);
    output_string_or_null(o, "to_status", e->to_status);
    add_json_text(o, "before", e->before);
    add_json_text(o, "after", e->after);
    output_string_or_null(o, "reason", e->reason);
    output_string_or_null(o, "request_id", e->request_id);
    output_string_or_null(o, "client_request_id", e->client_request_id);
    return o;
}

static const struct output_field session_fields[] = {
    OUTPUT_FIELD(struct mediation_session, id, LONG),
    OUTPUT_FIELD(struct mediation_session, held_at, STRING),
    OUTPUT_FIELD(struct mediation_session, kind, STRING),
    OUTPUT_FIELD(struct mediation_session, participants, STRING),
    OUTPUT_FIELD(struct mediation_session, notes, STRING),
    OUTPUT_FIELD(struct mediation_session, mediator_id, ID_OR_NULL),
    OUTPUT_FIELD(struct mediation_session, created_at, STRING)};

cJSON *view_session(const struct mediation_session *s)
{
    return OUTPUT_OBJECT(s, session_fields);
}

/* ---- centers, communities, mediators, users -------------------------------------------------- */

static const struct output_field center_fields[] = {
    OUTPUT_FIELD(struct center, id, INT), OUTPUT_FIELD(struct center, code, STRING),
    OUTPUT_FIELD(struct center, name, STRING), OUTPUT_FIELD(struct center, time_zone, STRING),
    OUTPUT_FIELD(struct center, created_at, STRING)};

cJSON *view_center(const struct center *c)
{
    return OUTPUT_OBJECT(c, center_fields);
}

static const struct output_field community_fields[] = {
    OUTPUT_FIELD(struct community, id, LONG),
    OUTPUT_FIELD(struct community, center, STRING),
    OUTPUT_FIELD(struct community, code, STRING),
    OUTPUT_FIELD(struct community, name, STRING),
    OUTPUT_FIELD(struct community, street, STRING),
    OUTPUT_FIELD(struct community, created_at, STRING)};

cJSON *view_community(const struct community *c)
{
    return OUTPUT_OBJECT(c, community_fields);
}

cJSON *view_deadline_policy(const char *center, const struct deadline_policy_row *rows,
                            size_t count)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "center", center);
    cJSON *defaults = cJSON_AddObjectToObject(o, "default_days_by_risk");
    for (int r = 0; defaults && r < RISK_LEVEL_COUNT; r++)
        cJSON_AddNumberToObject(defaults, risk_level_name((enum risk_level)r),
                                deadline_default_days(DISPUTE_TYPE_OTHER, (enum risk_level)r));
    cJSON_AddNumberToObject(o, "default_max_extension_days", DEADLINE_DEFAULT_EXTENSION_CAP_DAYS);
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; items && i < count; i++) {
        cJSON *item = cJSON_CreateObject();
        output_string_or_null(item, "dispute_type",
                              rows[i].any_type ? NULL : dispute_type_name(rows[i].type));
        cJSON_AddStringToObject(item, "risk_level", risk_level_name(rows[i].risk));
        cJSON_AddNumberToObject(item, "days", rows[i].days);
        cJSON_AddNumberToObject(item, "max_extension_days", rows[i].max_extension_days);
        cJSON_AddItemToArray(items, item);
    }
    return o;
}

cJSON *view_feed_event(const struct feed_event *e)
{
    cJSON *o = cJSON_CreateObject();
    char id[24];
    snprintf(id, sizeof(id), "%ld", e->id);
    cJSON_AddStringToObject(o, "id", id);
    cJSON_AddStringToObject(o, "type", e->type);
    cJSON_AddNumberToObject(o, "case_id", (double)e->case_id);
    cJSON_AddStringToObject(o, "case_no", e->case_no);
    cJSON_AddStringToObject(o, "status", e->status);
    cJSON_AddNumberToObject(o, "version", (double)e->version);
    cJSON_AddStringToObject(o, "occurred_at", e->occurred_at);
    cJSON *data = cJSON_Parse(e->data);
    cJSON_AddItemToObject(o, "data", data ? data : cJSON_CreateObject());
    return o;
}

static const struct output_field portal_community_fields[] = {
    OUTPUT_FIELD(struct community, id, LONG), OUTPUT_FIELD(struct community, name, STRING),
    OUTPUT_FIELD(struct community, street, STRING)};

cJSON *view_portal_community(const struct community *c)
{
    return OUTPUT_OBJECT(c, portal_community_fields);
}

static const struct output_field mediator_fields[] = {
    OUTPUT_FIELD(struct mediator, id, LONG),
    OUTPUT_FIELD(struct mediator, center, STRING),
    OUTPUT_FIELD(struct mediator, name, STRING),
    OUTPUT_FIELD(struct mediator, organization, STRING),
    OUTPUT_FIELD(struct mediator, channel, STRING),
    OUTPUT_FIELD(struct mediator, specialties, WORDS),
    OUTPUT_FIELD(struct mediator, max_open_cases, INT),
    OUTPUT_FIELD(struct mediator, active, BOOL),
    OUTPUT_FIELD(struct mediator, user_id, ID_OR_NULL),
    OUTPUT_FIELD(struct mediator, version, INT),
    OUTPUT_FIELD(struct mediator, created_at, STRING)};

cJSON *view_mediator(const struct mediator *m)
{
    return OUTPUT_OBJECT(m, mediator_fields);
}

cJSON *view_mediator_workload(const struct mediator_workload *w)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "mediator_id", (double)w->mediator_id);
    cJSON_AddNumberToObject(o, "open_cases", (double)w->open_cases);
    cJSON_AddNumberToObject(o, "capacity", w->capacity);
    cJSON_AddNumberToObject(o, "overdue", (double)w->overdue);
    cJSON *by = cJSON_AddObjectToObject(o, "by_status");
    for (int s = 0; by && s < CASE_STATUS_COUNT; s++)
        cJSON_AddNumberToObject(by, case_status_name((enum case_status)s), (double)w->by_status[s]);
    cJSON_AddNumberToObject(o, "closed_last_30_days", (double)w->closed_last_30_days);
    return o;
}

cJSON *view_mediator_suggestions(long case_id, enum dispute_type type,
                                 const enum mediation_channel *channel,
                                 const struct mediator_candidate_row *rows,
                                 const struct mediator_candidate *ranked, size_t shown)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "case_id", (double)case_id);
    cJSON_AddStringToObject(o, "dispute_type", dispute_type_name(type));
    output_string_or_null(o, "channel", channel ? mediation_channel_name(*channel) : NULL);
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; arr && i < shown; i++) {
        const struct mediator_candidate_row *m = &rows[ranked[i].id];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddNumberToObject(item, "mediator_id", (double)m->id);
        cJSON_AddStringToObject(item, "name", m->name);
        cJSON_AddStringToObject(item, "organization", m->organization);
        cJSON_AddStringToObject(item, "channel", mediation_channel_name(m->channel));
        cJSON_AddBoolToObject(item, "specialty_match", m->specialty_match);
        cJSON_AddNumberToObject(item, "open_cases", m->open_cases);
        cJSON_AddNumberToObject(item, "capacity", m->capacity);
        cJSON_AddBoolToObject(item, "at_capacity", ranked[i].at_capacity);
        cJSON_AddNumberToObject(item, "score", (double)ranked[i].score);
        cJSON_AddItemToArray(arr, item);
    }
    return o;
}

static const struct output_field user_fields[] = {
    OUTPUT_FIELD(struct user, id, LONG),         OUTPUT_FIELD(struct user, center, STRING_OR_NULL),
    OUTPUT_FIELD(struct user, username, STRING), OUTPUT_FIELD(struct user, display_name, STRING),
    OUTPUT_FIELD(struct user, role, STRING),     OUTPUT_FIELD(struct user, active, BOOL),
    OUTPUT_FIELD(struct user, version, INT),     OUTPUT_FIELD(struct user, created_at, STRING)};

cJSON *view_user(const struct user *u)
{
    return OUTPUT_OBJECT(u, user_fields);
}

/* ---- the party portal ------------------------------------------------------------------------ */

cJSON *view_portal_case(const struct portal_case *c, const char *next_step)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "case_no", c->case_no);
    cJSON_AddStringToObject(o, "status", c->status);
    cJSON_AddStringToObject(o, "dispute_type", c->dispute_type);
    output_string_or_null(o, "received_at", c->received_at);
    output_string_or_null(o, "accepted_at", c->accepted_at);
    output_string_or_null(o, "due_at", c->due_at);
    output_string_or_null(o, "closed_at", c->closed_at);
    output_string_or_null(o, "outcome", c->outcome);
    cJSON_AddStringToObject(o, "next_step", next_step);
    if (c->mediator_name) {
        cJSON *m = cJSON_AddObjectToObject(o, "mediator");
        cJSON_AddStringToObject(m, "name", c->mediator_name);
        cJSON_AddStringToObject(m, "channel", c->mediator_channel);
    } else {
        cJSON_AddNullToObject(o, "mediator");
    }
    if (c->rating) {
        cJSON *r = cJSON_AddObjectToObject(o, "rating");
        cJSON_AddNumberToObject(r, "rating", c->rating);
        cJSON_AddStringToObject(r, "rated_at", c->rated_at);
    } else {
        cJSON_AddNullToObject(o, "rating");
    }
    return o;
}

/* ---- webhooks -------------------------------------------------------------------------------- */

static const struct output_field webhook_fields[] = {
    OUTPUT_FIELD(struct webhook, id, LONG),
    OUTPUT_FIELD(struct webhook, url, STRING),
    OUTPUT_FIELD(struct webhook, event_types, WORDS),
    OUTPUT_FIELD(struct webhook, active, BOOL),
    OUTPUT_FIELD(struct webhook, created_at, STRING),
    OUTPUT_FIELD(struct webhook, updated_at, STRING)};

cJSON *view_webhook(const struct webhook *w)
{
    return OUTPUT_OBJECT(w, webhook_fields);
}

cJSON *view_webhook_delivery(const struct webhook_delivery_row *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)d->id);
    char event_id[24], msg_id[32];
    snprintf(event_id, sizeof(event_id), "%ld", d->event_id);
    snprintf(msg_id, sizeof(msg_id), "msg_%ld", d->id);
    cJSON_AddStringToObject(o, "event_id", event_id);
    cJSON_AddStringToObject(o, "event_type", d->event_type);
    cJSON_AddStringToObject(o, "webhook_id", msg_id);
    cJSON_AddStringToObject(o, "state", d->state);
    cJSON_AddNumberToObject(o, "attempt_count", (double)d->attempts);
    /* only a pending delivery has a next attempt */
    output_string_or_null(o, "next_attempt_at",
                          strcmp(d->state, "pending") == 0 ? d->next_attempt_at : NULL);
    output_id_or_null(o, "last_status", d->last_status);
    output_string_or_null(o, "last_error", d->last_error);
    cJSON_AddStringToObject(o, "created_at", d->created_at);
    output_string_or_null(o, "delivered_at", d->delivered_at);
    cJSON *attempts = cJSON_Parse(d->attempts_json);
    cJSON_AddItemToObject(o, "attempts", attempts ? attempts : cJSON_CreateArray());
    return o;
}
