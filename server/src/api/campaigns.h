/* Campaigns (专项行动) as intake uses them; their handlers are in handlers.h. */
#pragma once

#include "request.h"

struct db_conn;

/* Tags a case registered in the caller's transaction (intake with campaign_id) and writes its
 * campaign.tag event; a field error on campaign_id when the center has no such campaign. */
enum status campaigns_tag_new_case(struct http_request *req, struct db_conn *conn, long case_id,
                                   int center_id, long campaign_id, struct error *err);
