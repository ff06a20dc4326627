/* Campaigns (专项行动): create, list, read, tag a case, the campaigns of a case, and the figures
 * of each campaign's tagged cases over a period. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "error.h"

struct arena;
struct db_conn;

struct campaign {
    long id;
    const char *center, *name, *starts_on, *ends_on; /* ends_on NULL: open-ended */
    const char *created_at;                          /* case_campaigns: when the case was tagged */
    long case_count;
};

/* The figures of one campaign's cases over [from, to] (campaign_report.sql says how each is
 * counted). */
struct campaign_figures {
    long id;
    const char *name, *center, *from, *to;
    long received, accepted, declined, resolved, failed, terminated, withdrawn, referred, open;
    long agreement_count;
    int64_t agreement_fen;
    long rating_count;
    const char *rating_mean; /* "4.50", NULL when no rating */
};

/* Creates a campaign in center_id with its audit event; STATUS_CONFLICT when the center has one
 * of that name. */
enum status db_campaign_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *name, const char *starts_on, const char *ends_on,
                               const struct db_actor *actor, struct campaign *out,
                               struct error *err);
enum status db_campaign_list(struct db_conn *conn, struct arena *arena, int center_id,
                             long after_id, int limit, struct campaign **items, size_t *count,
                             struct error *err);
/* STATUS_NOT_FOUND when center_id (0: any) holds no such campaign. */
enum status db_campaign_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct campaign *out, struct error *err);
/* Tags a case (which the caller has locked) with a campaign of its center: *added false when it
 * was tagged already; a field error on campaign_id when the case's center has no such campaign. */
enum status db_case_campaign_tag(struct db_conn *conn, long case_id, long campaign_id, bool *added,
                                 struct error *err);
/* The campaigns a case is tagged with (created_at: when it was tagged). */
enum status db_case_campaigns(struct db_conn *conn, struct arena *arena, long case_id,
                              struct campaign **items, size_t *count, struct error *err);
/* One row per campaign of center_id (0: all), or only campaign_id (0: all); from and to NULL
 * take each campaign's own period. */
enum status db_campaign_report(struct db_conn *conn, struct arena *arena, int center_id,
                               long campaign_id, const char *from, const char *to,
                               struct campaign_figures **items, size_t *count, struct error *err);
