/* The route table. Adding an operation: a row here, a handler, and the same operation in
 * api-spec/openapi.yaml (the contract test fails when the two disagree). */
#include "routes.h"

#include "handlers.h"
#include "permission.h"

const struct http_route api_routes[] = {
    {"GET", "/healthz", ops_healthz, PERM_PUBLIC},
    {"GET", "/readyz", ops_readyz, PERM_PUBLIC},
    {"GET", "/metrics", ops_metrics, PERM_PUBLIC},
    {"GET", "/api/v1/openapi.yaml", ops_openapi_yaml, PERM_PUBLIC},
    {"GET", "/api/v1/me", me_get, PERM_AUTHENTICATED},
    {"GET", "/api/v1/communities", communities_list, PERM_AUTHENTICATED},
    {"POST", "/api/v1/communities", communities_create, PERM_ADMIN},
};

const size_t api_route_count = sizeof(api_routes) / sizeof(api_routes[0]);
