/* Campaign store. */
#include "campaign_store.h"

#include <stdlib.h>

#include "arena.h"
#include "query.h"
#include "rows.h"

static bool read_campaign(PGresult *res, int row, void *item, struct arena *arena)
{
    struct campaign *c = item;
    c->id = row_long(res, row, 0);
    c->case_count = PQnfields(res) > 6 ? row_long(res, row, 6) : 0;
    return ROW_TEXTS(res, row, 1, arena, &c->center, &c->name, &c->starts_on, &c->ends_on,
                     &c->created_at);
}

enum status db_campaign_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *name, const char *starts_on, const char *ends_on,
                               const struct db_actor *actor, struct campaign *out,
                               struct error *err)
{
    return db_query_insert(conn, SQL_CAMPAIGN_INSERT,
                           DB_ARGS(DB_INT(center_id), DB_TEXT(name), DB_TEXT(starts_on),
                                   DB_TEXT(ends_on), DB_ACTOR(actor)),
                           arena, read_campaign, out, err,
                           "this center already has a campaign named %s", name);
}

enum status db_campaign_list(struct db_conn *conn, struct arena *arena, int center_id,
                             long after_id, int limit, struct campaign **items, size_t *count,
                             struct error *err)
{
    return db_query_page(conn, SQL_CAMPAIGN_LIST, center_id, after_id, limit, arena,
                         sizeof(**items), read_campaign, items, count, err);
}

enum status db_campaign_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct campaign *out, struct error *err)
{
    return db_query_get(conn, SQL_CAMPAIGN_GET, id, center_id, "campaign", arena, read_campaign,
                        out, err);
}

enum status db_case_campaign_tag(struct db_conn *conn, long case_id, long campaign_id, bool *added,
                                 struct error *err)
{
    PGresult *res = NULL;
    enum status st = db_query_need(
        conn, SQL_CASE_CAMPAIGN_TAG, DB_ARGS(DB_INT(case_id), DB_INT(campaign_id)), &res, err,
        STATUS_INVALID, "campaign_id", "no campaign %ld in the case's center", campaign_id);
    return st == STATUS_OK ? db_take_bool(res, 0, added) : st;
}

enum status db_case_campaigns(struct db_conn *conn, struct arena *arena, long case_id,
                              struct campaign **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_CASE_CAMPAIGNS, DB_ARGS(DB_INT(case_id)), arena, sizeof(**items),
                         read_campaign, items, count, err);
}

static bool read_figures(PGresult *res, int row, void *item, struct arena *arena)
{
    struct campaign_figures *f = item;
    f->id = row_long(res, row, 0);
    long *counts[] = {&f->received, &f->accepted,       &f->declined,  &f->resolved,
                      &f->failed,   &f->terminated,     &f->withdrawn, &f->referred,
                      &f->open,     &f->agreement_count};
    for (int i = 0; i < 10; i++)
        *counts[i] = row_long(res, row, 5 + i);
    f->agreement_fen = PQgetisnull(res, row, 15) ? 0 : strtoll(PQgetvalue(res, row, 15), NULL, 10);
    f->rating_count = row_long(res, row, 16);
    f->rating_mean = row_text(res, row, 17, arena);
    return ROW_TEXTS(res, row, 1, arena, &f->name, &f->center, &f->from, &f->to);
}

enum status db_campaign_report(struct db_conn *conn, struct arena *arena, int center_id,
                               long campaign_id, const char *from, const char *to,
                               struct campaign_figures **items, size_t *count, struct error *err)
{
    return db_query_rows(conn, SQL_CAMPAIGN_REPORT,
                         DB_ARGS(DB_ID(center_id), DB_ID(campaign_id), DB_TEXT(from), DB_TEXT(to)),
                         arena, sizeof(**items), read_figures, items, count, err);
}
