/* The JSON of each resource the API returns, one function a resource: the C side of the
 * schemas in api-spec (components/schemas). Handlers parse, transact and then hand their rows
 * here, so what a resource looks like on the wire is read in one file, beside the others, and
 * compared with the spec in one sitting. A case itself is case_view.c (it masks and unmasks), a
 * report report_json.c.
 *
 * Ownership: each function returns a new object the caller owns (NULL when out of memory); the
 * rows are only read. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "case_types.h"

struct api_key_info;
struct attachment;
struct campaign;
struct campaign_figures;
struct case_event;
struct center;
struct community;
struct deadline_policy_row;
struct feed_event;
struct mediation_session;
struct mediator;
struct mediator_candidate;
struct mediator_candidate_row;
struct mediator_workload;
struct portal_case;
struct principal;
struct user;
struct webhook;
struct webhook_delivery_row;

cJSON *view_api_key(const struct api_key_info *k);
/* who the caller is (GET /me): the kind of credential, its id, name, role, center and scopes */
cJSON *view_caller(const struct principal *who);
cJSON *view_attachment(const struct attachment *a);
/* a campaign as lists and reads show it, with its creation and case count */
cJSON *view_campaign(const struct campaign *c);
/* a campaign as a case's tag shows it, with when the case was tagged */
cJSON *view_campaign_tag(const struct campaign *c);
/* one campaign's figures in the campaigns report */
cJSON *view_campaign_figures(const struct campaign_figures *f);
/* one event of a case's audit trail (its before and after as JSON) */
cJSON *view_case_event(const struct case_event *e);
cJSON *view_center(const struct center *c);
cJSON *view_community(const struct community *c);
/* a center's deadline policy: the built-in defaults, then its own rows */
cJSON *view_deadline_policy(const char *center, const struct deadline_policy_row *rows,
                            size_t count);
/* an event of the change feed, the same object in GET /events and in a webhook delivery */
cJSON *view_feed_event(const struct feed_event *e);
/* a community as the portal shows it: no codes, no center */
cJSON *view_portal_community(const struct community *c);
/* a case as the party portal shows it; next_step is what the party should expect next */
cJSON *view_portal_case(const struct portal_case *c, const char *next_step);
cJSON *view_mediator(const struct mediator *m);
cJSON *view_mediator_workload(const struct mediator_workload *w);
/* the ranked mediators for a case: ranked[0 … shown - 1] in order, each ranked[i].id the index of
 * its row in rows; channel NULL when the case has none */
cJSON *view_mediator_suggestions(long case_id, enum dispute_type type,
                                 const enum mediation_channel *channel,
                                 const struct mediator_candidate_row *rows,
                                 const struct mediator_candidate *ranked, size_t shown);
cJSON *view_session(const struct mediation_session *s);
cJSON *view_user(const struct user *u);
cJSON *view_webhook(const struct webhook *w);
/* one delivery of a webhook, with its attempts */
cJSON *view_webhook_delivery(const struct webhook_delivery_row *d);
