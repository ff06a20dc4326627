/* The route handlers, by resource (routes.c maps paths to them). Each returns the HTTP status
 * (see http_handler_fn). */
#pragma once

#include "request.h"

/* operations (ops.c) */
int ops_healthz(struct http_request *req, struct http_response *res, void *app);
int ops_readyz(struct http_request *req, struct http_response *res, void *app);
int ops_metrics(struct http_request *req, struct http_response *res, void *app);
int ops_openapi_yaml(struct http_request *req, struct http_response *res, void *app);
int ops_openapi_json(struct http_request *req, struct http_response *res, void *app);

/* sessions and the caller (auth.c, me.c) */
int auth_login(struct http_request *req, struct http_response *res, void *app);
int auth_logout(struct http_request *req, struct http_response *res, void *app);
int me_get(struct http_request *req, struct http_response *res, void *app);

/* centers, communities, mediators, deadline policies */
int centers_list(struct http_request *req, struct http_response *res, void *app);
int centers_create(struct http_request *req, struct http_response *res, void *app);
int communities_list(struct http_request *req, struct http_response *res, void *app);
int communities_create(struct http_request *req, struct http_response *res, void *app);
int communities_get(struct http_request *req, struct http_response *res, void *app);
int mediators_list(struct http_request *req, struct http_response *res, void *app);
int mediators_create(struct http_request *req, struct http_response *res, void *app);
int mediators_get(struct http_request *req, struct http_response *res, void *app);
int mediators_update(struct http_request *req, struct http_response *res, void *app);
int mediators_workload(struct http_request *req, struct http_response *res, void *app);
int cases_mediator_suggestions(struct http_request *req, struct http_response *res, void *app);
int deadline_policies_get(struct http_request *req, struct http_response *res, void *app);
int deadline_policies_put(struct http_request *req, struct http_response *res, void *app);

/* users and API keys */
int users_list(struct http_request *req, struct http_response *res, void *app);
int users_create(struct http_request *req, struct http_response *res, void *app);
int users_get(struct http_request *req, struct http_response *res, void *app);
int users_update(struct http_request *req, struct http_response *res, void *app);
int api_keys_list(struct http_request *req, struct http_response *res, void *app);
int api_keys_create(struct http_request *req, struct http_response *res, void *app);
int api_keys_revoke(struct http_request *req, struct http_response *res, void *app);

/* campaigns (campaigns.c) */
int campaigns_list(struct http_request *req, struct http_response *res, void *app);
int campaigns_create(struct http_request *req, struct http_response *res, void *app);
int campaigns_get(struct http_request *req, struct http_response *res, void *app);
int cases_campaigns_list(struct http_request *req, struct http_response *res, void *app);
int cases_campaigns_tag(struct http_request *req, struct http_response *res, void *app);
int reports_campaigns(struct http_request *req, struct http_response *res, void *app);

/* cases: intake, read, list, edit (case_intake.c, cases.c, case_edit.c) */
int cases_create(struct http_request *req, struct http_response *res, void *app);
int cases_list(struct http_request *req, struct http_response *res, void *app);
int cases_get(struct http_request *req, struct http_response *res, void *app);
int cases_update(struct http_request *req, struct http_response *res, void *app);
int cases_events(struct http_request *req, struct http_response *res, void *app);
int cases_sessions_list(struct http_request *req, struct http_response *res, void *app);
int cases_unmask(struct http_request *req, struct http_response *res, void *app);

/* cases: the transitions (case_actions.c) */
int cases_sessions_create(struct http_request *req, struct http_response *res, void *app);
int cases_accept(struct http_request *req, struct http_response *res, void *app);
int cases_decline(struct http_request *req, struct http_response *res, void *app);
int cases_assign(struct http_request *req, struct http_response *res, void *app);
int cases_deadline(struct http_request *req, struct http_response *res, void *app);
int cases_close(struct http_request *req, struct http_response *res, void *app);
int cases_follow_up(struct http_request *req, struct http_response *res, void *app);

/* attachments (attachments.c) */
int attachments_upload(struct http_request *req, struct http_response *res, void *app);
int attachments_list(struct http_request *req, struct http_response *res, void *app);
int attachments_download(struct http_request *req, struct http_response *res, void *app);
int attachments_delete(struct http_request *req, struct http_response *res, void *app);

/* the change feed and webhooks (feed.c, webhooks.c) */
int events_feed(struct http_request *req, struct http_response *res, void *app);
int webhooks_create(struct http_request *req, struct http_response *res, void *app);
int webhooks_list(struct http_request *req, struct http_response *res, void *app);
int webhooks_get(struct http_request *req, struct http_response *res, void *app);
int webhooks_update(struct http_request *req, struct http_response *res, void *app);
int webhooks_delete(struct http_request *req, struct http_response *res, void *app);
int webhooks_deliveries(struct http_request *req, struct http_response *res, void *app);
int webhooks_delivery_retry(struct http_request *req, struct http_response *res, void *app);

/* reports (reports.c, report_*.c) */
int reports_summary(struct http_request *req, struct http_response *res, void *app);
int reports_breakdown(struct http_request *req, struct http_response *res, void *app);
int reports_overdue(struct http_request *req, struct http_response *res, void *app);
int reports_mediators(struct http_request *req, struct http_response *res, void *app);
int reports_snapshot_create(struct http_request *req, struct http_response *res, void *app);
int reports_snapshot_get(struct http_request *req, struct http_response *res, void *app);
int reports_snapshot_list(struct http_request *req, struct http_response *res, void *app);

/* the party portal, public and rate-limited per client address (portal.c) */
int portal_communities(struct http_request *req, struct http_response *res, void *app);
int portal_apply(struct http_request *req, struct http_response *res, void *app);
int portal_track(struct http_request *req, struct http_response *res, void *app);
int portal_rate(struct http_request *req, struct http_response *res, void *app);
