/* Report store. */
#include "report_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "arena.h"
#include "histogram.h"
#include "query.h"
#include "rows.h"

/* One row of report_slices.sql or report_cube.sql (a rows_read reader). */
static bool read_report_row(PGresult *res, int i, void *item, struct arena *arena)
{
    struct report_row *r = item;
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
    return ROW_TEXTS(res, i, 0, arena, &r->value, &r->value2, &r->bucket);
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
    long cells = 0;
    enum status st =
        db_query_long(conn, SQL_REPORT_CUBE_CELLS,
                      DB_ARGS(DB_ID(q->center_id), DB_TEXT(q->from), DB_TEXT(q->to),
                              DB_TEXT(q->bucket), DB_INT(q->cube_cells_max), DB_TEXT(q->pair)),
                      &cells, err);
    if (st != STATUS_OK)
        return st;
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
    enum status st;
    if (!q->use_cube) {
        st = db_query_rows(conn, SQL_REPORT_SLICES,
                           DB_ARGS(DB_ID(q->center_id), DB_TEXT(q->dim), DB_TEXT(q->value),
                                   DB_TEXT(q->from), DB_TEXT(q->to), DB_TEXT(q->bucket),
                                   DB_TEXT(q->value2), DB_BOOL(q->swap)),
                           arena, sizeof(**rows), read_report_row, rows, count, err);
    } else if ((st = cube_bounded(conn, q, err)) == STATUS_OK &&
               /* generic cube plans were two to three times slower than custom ones */
               (st = db_command(conn, "SET LOCAL plan_cache_mode = auto", err)) == STATUS_OK) {
        st = db_query_rows(conn, SQL_REPORT_CUBE,
                           DB_ARGS(DB_ID(q->center_id), DB_TEXT(q->dim), DB_TEXT(q->dim2),
                                   DB_TEXT(q->from), DB_TEXT(q->to), DB_TEXT(q->bucket),
                                   DB_TEXT(q->community_id), DB_TEXT(q->mediator_id),
                                   DB_TEXT(q->dispute_type), DB_TEXT(q->channel),
                                   DB_TEXT(q->source), DB_TEXT(q->risk_level), DB_TEXT(q->pair),
                                   DB_TEXT(q->value), DB_TEXT(q->value2)),
                           arena, sizeof(**rows), read_report_row, rows, count, err);
    }
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
        st = db_query(conn, SQL_REPORT_NAMES,
                      DB_ARGS(DB_TEXT(buf_str(&communities)), DB_TEXT(buf_str(&mediators))), &res,
                      err);
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
    o->days_over = (int)row_long(res, i, 6);
    o->mediator_id = row_long(res, i, 7);
    o->mediator_name = row_text(res, i, 8, arena);
    o->community_id = row_long(res, i, 9);
    o->dispute_type = row_text(res, i, 10, arena);
    o->sort_key = (int64_t)strtoll(PQgetvalue(res, i, 11), NULL, 10);
    return ROW_TEXTS(res, i, 1, arena, &o->case_no, &o->center, &o->status, &o->risk_level,
                     &o->due_at);
}

enum status db_report_overdue(struct db_conn *conn, struct arena *arena, int center_id,
                              int within_days, bool has_cursor, int64_t cursor_key, long cursor_id,
                              int limit, struct overdue_item **items, size_t *count,
                              struct error *err)
{
    return db_query_rows(conn, SQL_REPORT_OVERDUE,
                         DB_ARGS(DB_ID(center_id), DB_INT(limit), DB_INT(within_days),
                                 has_cursor ? DB_INT(cursor_key) : DB_NULL,
                                 has_cursor ? DB_INT(cursor_id) : DB_NULL),
                         arena, sizeof(**items), read_overdue, items, count, err);
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
    return db_query_rows(conn, SQL_REPORT_MEDIATORS, DB_ARGS(DB_ID(center_id)), arena,
                         sizeof(**items), read_mediator, items, count, err);
}

enum status db_snapshot_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *report, const char *params, const char *result,
                               const struct db_actor *actor, const char **number,
                               const char **created_at, struct error *err)
{
    PGresult *res = NULL;
    /* this statement's own order for the actor: name, key, user ($5 … $7) */
    enum status st =
        db_query(conn, SQL_REPORT_SNAPSHOT_INSERT,
                 DB_ARGS(DB_ID(center_id), DB_TEXT(report), DB_TEXT(params), DB_TEXT(result),
                         DB_TEXT(actor->name), DB_ID(actor->key_id), DB_ID(actor->user_id)),
                 &res, err);
    if (st != STATUS_OK)
        return st;
    *created_at = row_text(res, 0, 1, arena);
    return db_take_text(res, 0, arena, number, err);
}

/* A snapshot row of report_snapshot_list.sql, or of report_snapshot_get.sql, which adds the
 * result in column 6 (a rows_read reader). */
static bool read_snapshot(PGresult *res, int i, void *item, struct arena *arena)
{
    struct snapshot *s = item;
    s->id = row_long(res, i, 0);
    s->result = NULL;
    return ROW_TEXTS(res, i, 1, arena, &s->number, &s->report, &s->params, &s->created_by,
                     &s->created_at) &&
           (PQnfields(res) < 7 || ROW_TEXTS(res, i, 6, arena, &s->result));
}

enum status db_snapshot_get(struct db_conn *conn, struct arena *arena, const char *number,
                            int caller_center, struct snapshot *out, struct error *err)
{
    PGresult *res = NULL;
    enum status st =
        db_query_need(conn, SQL_REPORT_SNAPSHOT_GET, DB_ARGS(DB_TEXT(number), DB_ID(caller_center)),
                      &res, err, STATUS_NOT_FOUND, NULL, "no snapshot %s", number);
    return st == STATUS_OK ? db_read_first(res, arena, read_snapshot, out, err) : st;
}

enum status db_snapshot_list(struct db_conn *conn, struct arena *arena, int caller_center,
                             long before_id, int limit, struct snapshot **items, size_t *count,
                             struct error *err)
{
    return db_query_rows(conn, SQL_REPORT_SNAPSHOT_LIST,
                         DB_ARGS(DB_ID(caller_center), DB_INT(before_id), DB_INT(limit)), arena,
                         sizeof(**items), read_snapshot, items, count, err);
}
