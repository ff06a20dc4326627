/* Campaigns (专项行动): /api/v1/campaigns, a case's campaigns, and the campaigns report. */
#pragma once

#include "request.h"

int campaigns_list(struct http_request *req, struct http_response *res, void *app);
int campaigns_create(struct http_request *req, struct http_response *res, void *app);
int campaigns_get(struct http_request *req, struct http_response *res, void *app);
int cases_campaigns_list(struct http_request *req, struct http_response *res, void *app);
int cases_campaigns_tag(struct http_request *req, struct http_response *res, void *app);
int reports_campaigns(struct http_request *req, struct http_response *res, void *app);
