/* Campaigns (专项行动): /api/v1/campaigns, a case's campaigns, and the campaigns report. */
#pragma once

#include "request.h"

int campaigns_list(struct http_request *req, struct http_response *res, void *app);
int campaigns_create(struct http_request *req, struct http_response *res, void *app);
int campaigns_get(struct http_request *req, struct http_response *res, void *app);
int cases_campaigns_list(struct http_request *req, struct http_response *res, void *app);
int cases_campaigns_tag(struct http_request *req, struct http_response *res, void *app);
int reports_campaigns(struct http_request *req, struct http_response *res, void *app);

struct db_conn;

/* Tags a case registered in the caller's transaction (intake with campaign_id) and writes its
 * campaign.tag event; a field error on campaign_id when the center has no such campaign. */
enum status campaigns_tag_new_case(struct http_request *req, struct db_conn *conn, long case_id,
                                   int center_id, long campaign_id, struct error *err);
