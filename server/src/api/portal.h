/* The party portal's API (/api/v1/portal/…): public, rate-limited per client address
 * (PORTAL_REQUESTS_PER_CLIENT), and never showing staff data or another party's. */
#pragma once

#include "request.h"

int portal_communities(struct http_request *req, struct http_response *res, void *app);
int portal_apply(struct http_request *req, struct http_response *res, void *app);
int portal_track(struct http_request *req, struct http_response *res, void *app);
int portal_rate(struct http_request *req, struct http_response *res, void *app);
