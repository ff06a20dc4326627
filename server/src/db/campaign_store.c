/* Campaign store. */
#include "campaign_store.h"

#include <stdlib.h>

#include "arena.h"
#include "conn.h"
#include "params.h"
#include "rows.h"

static bool read_campaign(PGresult *res, int row, void *item, struct arena *arena)
{
    struct campaign *c = item;
    c->id = row_long(res, row, 0);
    c->center = row_text(res, row, 1, arena);
    c->name = row_text(res, row, 2, arena);
    c->starts_on = row_text(res, row, 3, arena);
    c->ends_on = row_text(res, row, 4, arena);
    c->created_at = row_text(res, row, 5, arena);
    c->case_count = PQnfields(res) > 6 ? row_long(res, row, 6) : 0;
    return c->center && c->name && c->starts_on && c->created_at &&
           (c->ends_on || PQgetisnull(res, row, 4));
}

enum status db_campaign_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *name, const char *starts_on, const char *ends_on,
                               const struct db_actor *actor, struct campaign *out,
                               struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, center_id);
    db_param_text(&p, name);
    db_param_text(&p, starts_on);
    db_param_text(&p, ends_on);
    /* this statement's own order: key, name, request id, then user ($5 … $8) */
    db_param_id(&p, actor->key_id);
    db_param_text(&p, actor->name);
    db_param_text(&p, actor->request_id);
    db_param_id(&p, actor->user_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CAMPAIGN_INSERT, &p, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "this center already has a campaign named %s", name);
    if (st != STATUS_OK)
        return st;
    return db_read_first(res, arena, read_campaign, out, err);
}

enum status db_campaign_list(struct db_conn *conn, struct arena *arena, int center_id,
                             long after_id, int limit, struct campaign **items, size_t *count,
                             struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_int(&p, after_id);
    db_param_int(&p, limit);
    return db_exec_rows(conn, SQL_CAMPAIGN_LIST, &p, arena, sizeof(**items), read_campaign, items,
                        count, err);
}

enum status db_campaign_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct campaign *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, id);
    db_param_id(&p, center_id);
    return db_exec_read(conn, SQL_CAMPAIGN_GET, &p, "campaign", id, arena, read_campaign, out, err);
}

enum status db_case_campaign_tag(struct db_conn *conn, long case_id, long campaign_id, bool *added,
                                 struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    db_param_int(&p, campaign_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_CASE_CAMPAIGN_TAG, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    int rows = PQntuples(res);
    if (rows == 1)
        *added = row_bool(res, 0, 0);
    PQclear(res);
    if (rows != 1)
        return error_add_field(err, "campaign_id", "no campaign %ld in the case's center",
                               campaign_id);
    return STATUS_OK;
}

enum status db_case_campaigns(struct db_conn *conn, struct arena *arena, long case_id,
                              struct campaign **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_int(&p, case_id);
    return db_exec_rows(conn, SQL_CASE_CAMPAIGNS, &p, arena, sizeof(**items), read_campaign, items,
                        count, err);
}

static bool read_figures(PGresult *res, int row, void *item, struct arena *arena)
{
    struct campaign_figures *f = item;
    f->id = row_long(res, row, 0);
    f->name = row_text(res, row, 1, arena);
    f->center = row_text(res, row, 2, arena);
    f->from = row_text(res, row, 3, arena);
    f->to = row_text(res, row, 4, arena);
    long *counts[] = {&f->received, &f->accepted,       &f->declined,  &f->resolved,
                      &f->failed,   &f->terminated,     &f->withdrawn, &f->referred,
                      &f->open,     &f->agreement_count};
    for (int i = 0; i < 10; i++)
        *counts[i] = row_long(res, row, 5 + i);
    f->agreement_fen = PQgetisnull(res, row, 15) ? 0 : strtoll(PQgetvalue(res, row, 15), NULL, 10);
    f->rating_count = row_long(res, row, 16);
    f->rating_mean = row_text(res, row, 17, arena);
    return f->name && f->center && f->from && f->to;
}

enum status db_campaign_report(struct db_conn *conn, struct arena *arena, int center_id,
                               long campaign_id, const char *from, const char *to,
                               struct campaign_figures **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_id(&p, campaign_id);
    db_param_text(&p, from);
    db_param_text(&p, to);
    return db_exec_rows(conn, SQL_CAMPAIGN_REPORT, &p, arena, sizeof(**items), read_figures, items,
                        count, err);
}
