/* Report store. */
#include "report_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "arena.h"
#include "conn.h"
#include "histogram.h"
#include "params.h"
#include "rows.h"

/* One row of report_slices.sql or report_cube.sql (a rows_read reader). */
static bool read_report_row(PGresult *res, int i, void *item, struct arena *arena)
{
    struct report_row *r = item;
    r->value = row_text(res, i, 0, arena);
    r->value2 = row_text(res, i, 1, arena);
    r->bucket = row_text(res, i, 2, arena);
    for (int m = 0; m < RM_COUNT; m++)
        r->metrics[m] = (int64_t)strtoll(PQgetvalue(res, i, 3 + m), NULL, 10);
    r->open = (int64_t)strtoll(PQgetvalue(res, i, 3 + RM_COUNT), NULL, 10);
    r->overdue = (int64_t)strtoll(PQgetvalue(res, i, 4 + RM_COUNT), NULL, 10);
    /* the median of the concatenated close-days histograms (NULL: no case closed) */
    r->has_median = false;
    if (!PQgetisnull(res, i, 5 + RM_COUNT)) {
        const char *hist = PQgetvalue(res, i, 5 + RM_COUNT);
        size_t max = histogram_pairs_max(hist);
        struct histogram_pair *scratch = arena_alloc(arena, max * sizeof(*scratch));
        if (!scratch ||
            histogram_median(hist, scratch, max, &r->has_median, &r->median_days) != STATUS_OK)
            return false;
    }
    return r->value && r->value2 && r->bucket;
}

/* Generic plans for the slices: report_slices.sql is written so that its index conditions hold
 * in a generic plan too (the center as an array, one index range per piece), and planning it anew
 * on every call (the custom plans the default mode kept choosing) cost three times its execution:
 * the summary at 16 clients went from 630 to 2,080 requests a second. The cube path goes back to
 * custom plans (db_report_rows): its filters need the values to pick an index. */
enum status db_report_read_begin(struct db_conn *conn, struct error *err)
{
    return db_command(conn,
                      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                      "SET LOCAL work_mem = '64MB'; "
                      "SET LOCAL plan_cache_mode = force_generic_plan",
                      err);
}

/* Refuses a cube report that would scan more than q->cube_cells_max cells. */
static enum status cube_bounded(struct db_conn *conn, const struct report_query *q,
                                struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, q->center_id);
    db_param_text(&p, q->from);
    db_param_text(&p, q->to);
    db_param_text(&p, q->bucket);
    db_param_int(&p, q->cube_cells_max);
    db_param_text(&p, q->pair);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_REPORT_CUBE_CELLS, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    long cells = row_long(res, 0, 0);
    PQclear(res);
    if (cells <= q->cube_cells_max)
        return STATUS_OK;
    if (q->pair)
        return error_set(err, STATUS_INVALID,
                         "a report that pairs the mediator with another dimension reads the days "
                         "of partial months cell by cell, and this one would scan more than %d "
                         "cells: ask for whole months (from the 1st to the last day of a month, "
                         "by month or by period), or for fewer days",
                         q->cube_cells_max);
    return error_set(err, STATUS_INVALID,
                     "a report that involves three or more dimensions (grouped by or filtered "
                     "on) reads every day's cells since the first case, and this one would scan "
                     "more than %d cells: involve at most two dimensions",
                     q->cube_cells_max);
}

enum status db_report_rows(struct db_conn *conn, struct arena *arena, const struct report_query *q,
                           struct report_row **rows, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, q->center_id);
    enum status st;
    if (q->use_cube) {
        /* generic cube plans were two to three times slower than custom ones */
        if ((st = cube_bounded(conn, q, err)) != STATUS_OK)
            return st;
        if ((st = db_command(conn, "SET LOCAL plan_cache_mode = auto", err)) != STATUS_OK)
            return st;
        const char *const rest[] = {q->dim,     q->dim2,         q->from,        q->to,
                                    q->bucket,  q->community_id, q->mediator_id, q->dispute_type,
                                    q->channel, q->source,       q->risk_level,  q->pair,
                                    q->value,   q->value2};
        db_param_texts(&p, rest, sizeof(rest) / sizeof(rest[0]));
    } else {
        const char *const rest[] = {q->dim, q->value, q->from, q->to, q->bucket, q->value2};
        db_param_texts(&p, rest, sizeof(rest) / sizeof(rest[0]));
        db_param_bool(&p, q->swap);
    }
    st = db_exec_rows(conn, q->use_cube ? SQL_REPORT_CUBE : SQL_REPORT_SLICES, &p, arena,
                      sizeof(**rows), read_report_row, rows, count, err);
    if (st == STATUS_NO_MEMORY)
        error_set(err, STATUS_NO_MEMORY, "out of memory, or a malformed close-days histogram");
    return st;
}

enum status db_report_names(struct db_conn *conn, const char *community_ids,
                            const char *mediator_ids,
                            void (*found)(const char *kind, long id, const char *name, void *ctx),
                            void *ctx, struct error *err)
{
    /* array literals of any length: the lists hold one id per row a report shows */
    struct buf communities, mediators;
    buf_init(&communities, (size_t)1 << 24);
    buf_init(&mediators, (size_t)1 << 24);
    enum status st = buf_printf(&communities, "{%s}", community_ids);
    if (st == STATUS_OK)
        st = buf_printf(&mediators, "{%s}", mediator_ids);
    PGresult *res = NULL;
    if (st == STATUS_OK) {
        struct db_params p;
        db_params_init(&p);
        db_param_text(&p, buf_str(&communities));
        db_param_text(&p, buf_str(&mediators));
        st = db_exec_params(conn, SQL_REPORT_NAMES, &p, &res, err);
    } else {
        st = error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    buf_cleanup(&communities);
    buf_cleanup(&mediators);
    if (st != STATUS_OK)
        return st;
    for (int i = 0; i < PQntuples(res); i++)
        found(PQgetvalue(res, i, 0), row_long(res, i, 1), PQgetvalue(res, i, 2), ctx);
    PQclear(res);
    return STATUS_OK;
}

/* One row (a rows_read reader). */
static bool read_overdue(PGresult *res, int i, void *item, struct arena *arena)
{
    struct overdue_item *o = item;
    o->id = row_long(res, i, 0);
    o->case_no = row_text(res, i, 1, arena);
    o->center = row_text(res, i, 2, arena);
    o->status = row_text(res, i, 3, arena);
    o->risk_level = row_text(res, i, 4, arena);
    o->due_at = row_text(res, i, 5, arena);
    o->days_over = (int)row_long(res, i, 6);
    o->mediator_id = row_long(res, i, 7);
    o->mediator_name = row_text(res, i, 8, arena);
    o->community_id = row_long(res, i, 9);
    o->dispute_type = row_text(res, i, 10, arena);
    o->sort_key = (int64_t)strtoll(PQgetvalue(res, i, 11), NULL, 10);
    return true;
}

enum status db_report_overdue(struct db_conn *conn, struct arena *arena, int center_id,
                              int within_days, bool has_cursor, int64_t cursor_key, long cursor_id,
                              int limit, struct overdue_item **items, size_t *count,
                              struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_int(&p, limit);
    db_param_int(&p, within_days);
    if (has_cursor) {
        db_param_int(&p, cursor_key);
        db_param_int(&p, cursor_id);
    } else {
        db_param_text(&p, NULL);
        db_param_text(&p, NULL);
    }
    return db_exec_rows(conn, SQL_REPORT_OVERDUE, &p, arena, sizeof(**items), read_overdue, items,
                        count, err);
}

/* One row (a rows_read reader). */
static bool read_mediator(PGresult *res, int i, void *item, struct arena *arena)
{
    struct mediator_info *m = item;
    m->id = row_long(res, i, 0);
    m->name = row_text(res, i, 1, arena);
    m->organization = row_text(res, i, 2, arena);
    m->channel = row_text(res, i, 3, arena);
    m->max_open_cases = (int)row_long(res, i, 4);
    m->active = row_bool(res, i, 5);
    m->center = row_text(res, i, 6, arena);
    return true;
}

enum status db_report_mediators(struct db_conn *conn, struct arena *arena, int center_id,
                                struct mediator_info **items, size_t *count, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    return db_exec_rows(conn, SQL_REPORT_MEDIATORS, &p, arena, sizeof(**items), read_mediator,
                        items, count, err);
}

enum status db_snapshot_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *report, const char *params, const char *result,
                               const struct db_actor *actor, const char **number,
                               const char **created_at, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, center_id);
    db_param_text(&p, report);
    db_param_text(&p, params);
    db_param_text(&p, result);
    /* this statement's own order: name, key, user ($5 … $7) */
    db_param_text(&p, actor->name);
    db_param_id(&p, actor->key_id);
    db_param_id(&p, actor->user_id);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_REPORT_SNAPSHOT_INSERT, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    *number = row_text(res, 0, 0, arena);
    *created_at = row_text(res, 0, 1, arena);
    PQclear(res);
    return *number ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

enum status db_snapshot_get(struct db_conn *conn, struct arena *arena, const char *number,
                            int caller_center, struct snapshot *out, struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_text(&p, number);
    db_param_id(&p, caller_center);
    PGresult *res = NULL;
    enum status st = db_exec_params(conn, SQL_REPORT_SNAPSHOT_GET, &p, &res, err);
    if (st != STATUS_OK)
        return st;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return error_set(err, STATUS_NOT_FOUND, "no snapshot %s", number);
    }
    out->id = 0;
    out->number = row_text(res, 0, 0, arena);
    out->report = row_text(res, 0, 1, arena);
    out->params = row_text(res, 0, 2, arena);
    out->result = row_text(res, 0, 3, arena);
    out->created_by = row_text(res, 0, 4, arena);
    out->created_at = row_text(res, 0, 5, arena);
    PQclear(res);
    return out->result ? STATUS_OK : error_set(err, STATUS_NO_MEMORY, "out of memory");
}

/* One row (a rows_read reader). */
static bool read_snapshot_entry(PGresult *res, int i, void *item, struct arena *arena)
{
    struct snapshot *s = item;
    s->id = row_long(res, i, 0);
    s->number = row_text(res, i, 1, arena);
    s->report = row_text(res, i, 2, arena);
    s->params = row_text(res, i, 3, arena);
    s->created_by = row_text(res, i, 4, arena);
    s->created_at = row_text(res, i, 5, arena);
    return true;
}

enum status db_snapshot_list(struct db_conn *conn, struct arena *arena, int caller_center,
                             long before_id, int limit, struct snapshot **items, size_t *count,
                             struct error *err)
{
    struct db_params p;
    db_params_init(&p);
    db_param_id(&p, caller_center);
    db_param_int(&p, before_id);
    db_param_int(&p, limit);
    return db_exec_rows(conn, SQL_REPORT_SNAPSHOT_LIST, &p, arena, sizeof(**items),
                        read_snapshot_entry, items, count, err);
}
