/* Campaign store. */
#include "campaign_store.h"

#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "conn.h"
#include "rows.h"

#define ID_TEXT 24

static const char *id_text(char buf[ID_TEXT], long v)
{
    snprintf(buf, ID_TEXT, "%ld", v);
    return buf;
}

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

static enum status one_campaign(PGresult *res, struct arena *arena, struct campaign *out,
                                enum status missing, const char *message, struct error *err)
{
    enum status st = STATUS_OK;
    if (PQntuples(res) != 1)
        st = error_set(err, missing, "%s", message);
    else if (!read_campaign(res, 0, out, arena))
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    PQclear(res);
    return st;
}

enum status db_campaign_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *name, const char *starts_on, const char *ends_on,
                               const struct db_actor *actor, struct campaign *out,
                               struct error *err)
{
    char center[ID_TEXT], key[ID_TEXT], user[ID_TEXT];
    const char *values[] = {id_text(center, center_id),
                            name,
                            starts_on,
                            ends_on,
                            actor->key_id ? id_text(key, actor->key_id) : NULL,
                            actor->name,
                            actor->request_id,
                            actor->user_id ? id_text(user, actor->user_id) : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CAMPAIGN_INSERT, 8, values, NULL, NULL, &res, err);
    if (st == STATUS_CONFLICT)
        return error_set(err, STATUS_CONFLICT, "this center already has a campaign named %s", name);
    if (st != STATUS_OK)
        return st;
    return one_campaign(res, arena, out, STATUS_INTERNAL, "insert returned no row", err);
}

enum status db_campaign_list(struct db_conn *conn, struct arena *arena, int center_id,
                             long after_id, int limit, struct campaign **items, size_t *count,
                             struct error *err)
{
    char center[ID_TEXT], after[ID_TEXT], lim[ID_TEXT];
    const char *values[] = {center_id ? id_text(center, center_id) : NULL, id_text(after, after_id),
                            id_text(lim, limit)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CAMPAIGN_LIST, 3, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_campaign, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_campaign_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct campaign *out, struct error *err)
{
    char ids[ID_TEXT], center[ID_TEXT];
    const char *values[] = {id_text(ids, id), center_id ? id_text(center, center_id) : NULL};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CAMPAIGN_GET, 2, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    char message[48];
    snprintf(message, sizeof(message), "no campaign %ld", id);
    return one_campaign(res, arena, out, STATUS_NOT_FOUND, message, err);
}

enum status db_case_campaign_tag(struct db_conn *conn, long case_id, long campaign_id, bool *added,
                                 struct error *err)
{
    char cs[ID_TEXT], cp[ID_TEXT];
    const char *values[] = {id_text(cs, case_id), id_text(cp, campaign_id)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CASE_CAMPAIGN_TAG, 2, values, NULL, NULL, &res, err);
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
    char cs[ID_TEXT];
    const char *values[] = {id_text(cs, case_id)};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CASE_CAMPAIGNS, 1, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_campaign, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
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
    char center[ID_TEXT], cp[ID_TEXT];
    const char *values[] = {center_id ? id_text(center, center_id) : NULL,
                            campaign_id ? id_text(cp, campaign_id) : NULL, from, to};
    PGresult *res = NULL;
    enum status st = db_exec(conn, SQL_CAMPAIGN_REPORT, 4, values, NULL, NULL, &res, err);
    if (st != STATUS_OK)
        return st;
    *items = rows_read(res, arena, sizeof(**items), read_figures, count);
    return *items ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}
