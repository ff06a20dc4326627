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

struct api_key_info;
struct attachment;
struct campaign;
struct campaign_figures;
struct case_event;
struct center;
struct community;
struct mediation_session;
struct mediator;
struct portal_case;
struct user;
struct webhook;
struct webhook_delivery_row;

cJSON *view_api_key(const struct api_key_info *k);
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
/* a community as the portal shows it: no codes, no center */
cJSON *view_portal_community(const struct community *c);
/* a case as the party portal shows it; next_step is what the party should expect next */
cJSON *view_portal_case(const struct portal_case *c, const char *next_step);
cJSON *view_mediator(const struct mediator *m);
cJSON *view_session(const struct mediation_session *s);
cJSON *view_user(const struct user *u);
cJSON *view_webhook(const struct webhook *w);
/* one delivery of a webhook, with its attempts */
cJSON *view_webhook_delivery(const struct webhook_delivery_row *d);
