/* The route table. Adding an operation: a row here (with the permission it requires), a handler,
 * and the same operation in api-spec/openapi.yaml (the contract tests fail when the two disagree,
 * and the role × route matrix test covers the new row by itself). */
#include "routes.h"

#include "handlers.h"
#include "permission.h"
#include "web.h"

const struct http_route api_routes[] = {
    {"GET", "/healthz", ops_healthz, PERM_PUBLIC},
    {"GET", "/readyz", ops_readyz, PERM_PUBLIC},
    {"GET", "/metrics", ops_metrics, PERM_PUBLIC},
    {"GET", "/api/v1/openapi.yaml", ops_openapi_yaml, PERM_PUBLIC},
    {"GET", "/api/v1/openapi.json", ops_openapi_json, PERM_PUBLIC},
    /* the web client; its other files are the server's fallback (api/web.h) */
    {"GET", "/", web_serve, PERM_PUBLIC},
    {"GET", "/portal", web_serve, PERM_PUBLIC},

    {"POST", "/api/v1/auth/login", auth_login, PERM_PUBLIC},
    {"POST", "/api/v1/auth/logout", auth_logout, PERM_AUTHENTICATED},
    {"GET", "/api/v1/me", me_get, PERM_AUTHENTICATED},

    {"GET", "/api/v1/centers", centers_list, PERM_DIRECTORY_READ},
    {"POST", "/api/v1/centers", centers_create, PERM_ADMIN},

    {"GET", "/api/v1/communities", communities_list, PERM_DIRECTORY_READ},
    {"POST", "/api/v1/communities", communities_create, PERM_ADMIN},
    {"GET", "/api/v1/communities/{id}", communities_get, PERM_DIRECTORY_READ},

    {"GET", "/api/v1/mediators", mediators_list, PERM_DIRECTORY_READ},
    {"POST", "/api/v1/mediators", mediators_create, PERM_ADMIN},
    {"GET", "/api/v1/mediators/{id}", mediators_get, PERM_DIRECTORY_READ},
    {"PATCH", "/api/v1/mediators/{id}", mediators_update, PERM_ADMIN},
    {"GET", "/api/v1/mediators/{id}/workload", mediators_workload, PERM_CASES_READ},
    {"GET", "/api/v1/cases/{id}/mediator-suggestions", cases_mediator_suggestions,
     PERM_CASES_SUPERVISE},

    {"GET", "/api/v1/deadline-policies", deadline_policies_get, PERM_DIRECTORY_READ},
    {"PUT", "/api/v1/deadline-policies", deadline_policies_put, PERM_ADMIN},

    {"POST", "/api/v1/cases", cases_create, PERM_CASES_INTAKE},
    {"GET", "/api/v1/cases", cases_list, PERM_CASES_READ},
    {"GET", "/api/v1/cases/{id}", cases_get, PERM_CASES_READ},
    {"PATCH", "/api/v1/cases/{id}", cases_update, PERM_CASES_INTAKE},
    {"POST", "/api/v1/cases/{id}/accept", cases_accept, PERM_CASES_INTAKE},
    {"POST", "/api/v1/cases/{id}/decline", cases_decline, PERM_CASES_INTAKE},
    {"POST", "/api/v1/cases/{id}/assign", cases_assign, PERM_CASES_SUPERVISE},
    {"GET", "/api/v1/cases/{id}/sessions", cases_sessions_list, PERM_CASES_READ},
    {"POST", "/api/v1/cases/{id}/sessions", cases_sessions_create, PERM_CASES_MEDIATE},
    {"POST", "/api/v1/cases/{id}/deadline", cases_deadline, PERM_CASES_SUPERVISE},
    {"POST", "/api/v1/cases/{id}/close", cases_close, PERM_CASES_MEDIATE},
    {"POST", "/api/v1/cases/{id}/follow-up", cases_follow_up, PERM_CASES_MEDIATE},
    {"GET", "/api/v1/cases/{id}/events", cases_events, PERM_CASES_READ},
    {"POST", "/api/v1/cases/{id}/unmask", cases_unmask, PERM_CASES_UNMASK},
    {"GET", "/api/v1/cases/{id}/attachments", attachments_list, PERM_CASES_READ},
    {"POST", "/api/v1/cases/{id}/attachments", attachments_upload, PERM_CASES_ATTACH},
    {"GET", "/api/v1/cases/{id}/attachments/{attachment_id}", attachments_download,
     PERM_CASES_READ},
    {"DELETE", "/api/v1/cases/{id}/attachments/{attachment_id}", attachments_delete,
     PERM_CASES_ATTACH},

    {"GET", "/api/v1/events", events_feed, PERM_EVENTS_READ},
    {"GET", "/api/v1/webhooks", webhooks_list, PERM_WEBHOOKS_MANAGE},
    {"POST", "/api/v1/webhooks", webhooks_create, PERM_WEBHOOKS_MANAGE},
    {"GET", "/api/v1/webhooks/{id}", webhooks_get, PERM_WEBHOOKS_MANAGE},
    {"PATCH", "/api/v1/webhooks/{id}", webhooks_update, PERM_WEBHOOKS_MANAGE},
    {"DELETE", "/api/v1/webhooks/{id}", webhooks_delete, PERM_WEBHOOKS_MANAGE},
    {"GET", "/api/v1/webhooks/{id}/deliveries", webhooks_deliveries, PERM_WEBHOOKS_MANAGE},
    {"POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", webhooks_delivery_retry,
     PERM_WEBHOOKS_MANAGE},
    {"GET", "/api/v1/reports/summary", reports_summary, PERM_REPORTS_READ},
    {"GET", "/api/v1/reports/breakdown", reports_breakdown, PERM_REPORTS_READ},
    {"GET", "/api/v1/reports/overdue", reports_overdue, PERM_REPORTS_READ},
    {"GET", "/api/v1/reports/mediators", reports_mediators, PERM_REPORTS_READ},
    {"GET", "/api/v1/reports/snapshots", reports_snapshot_list, PERM_REPORTS_READ},
    {"POST", "/api/v1/reports/snapshots", reports_snapshot_create, PERM_REPORTS_SNAPSHOT},
    {"GET", "/api/v1/reports/snapshots/{number}", reports_snapshot_get, PERM_REPORTS_READ},

    /* campaigns (专项行动) and the party portal (issue 16) */
    {"GET", "/api/v1/campaigns", campaigns_list, PERM_DIRECTORY_READ},
    {"POST", "/api/v1/campaigns", campaigns_create, PERM_CASES_SUPERVISE},
    {"GET", "/api/v1/campaigns/{id}", campaigns_get, PERM_DIRECTORY_READ},
    {"GET", "/api/v1/cases/{id}/campaigns", cases_campaigns_list, PERM_CASES_READ},
    {"POST", "/api/v1/cases/{id}/campaigns", cases_campaigns_tag, PERM_CASES_INTAKE},
    {"GET", "/api/v1/reports/campaigns", reports_campaigns, PERM_REPORTS_READ},
    {"GET", "/api/v1/portal/communities", portal_communities, PERM_PUBLIC},
    {"POST", "/api/v1/portal/applications", portal_apply, PERM_PUBLIC},
    {"POST", "/api/v1/portal/track", portal_track, PERM_PUBLIC},
    {"POST", "/api/v1/portal/ratings", portal_rate, PERM_PUBLIC},

    {"GET", "/api/v1/users", users_list, PERM_ADMIN},
    {"POST", "/api/v1/users", users_create, PERM_ADMIN},
    {"GET", "/api/v1/users/{id}", users_get, PERM_ADMIN},
    {"PATCH", "/api/v1/users/{id}", users_update, PERM_ADMIN},

    {"GET", "/api/v1/api-keys", api_keys_list, PERM_ADMIN},
    {"POST", "/api/v1/api-keys", api_keys_create, PERM_ADMIN},
    {"DELETE", "/api/v1/api-keys/{id}", api_keys_revoke, PERM_ADMIN},
};

const size_t api_route_count = sizeof(api_routes) / sizeof(api_routes[0]);
