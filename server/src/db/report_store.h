/* Reading the report rollups (migrations/0004_reports.sql) and frozen snapshots. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "error.h"

struct arena;
struct db_conn;

enum report_metric {
    RM_RECEIVED = 0,
    RM_ACCEPTED,
    RM_DECLINED,
    RM_ASSIGNED,
    RM_RESOLVED,
    RM_FAILED,
    RM_TERMINATED,
    RM_WITHDRAWN,
    RM_REFERRED,
    RM_AGREEMENTS,
    RM_AGREEMENT_FEN,
    RM_PREVENTED_ESCALATION,
    RM_PREVENTED_MASS_PETITION,
    RM_CLOSE_DAYS_SUM,
    RM_CLOSE_DAYS_N,
    RM_COUNT
};

struct report_row {
    const char *value;  /* first dimension's value ("" when none) */
    const char *value2; /* second dimension's value ("" when none) */
    const char *bucket; /* first day of the bucket (the from date for 'period') */
    int64_t metrics[RM_COUNT];
    int64_t open, overdue; /* at the end of the bucket */
    bool has_median;
    double median_days;
};

struct report_query {
    int center_id; /* 0: every center */
    bool use_cube;
    /* slices: dim is 'all', one dimension or a pair without the mediator ("community,risk", in
     * the order of migration 0008); value and value2 filter its first and second value (NULL:
     * every value); swap returns a pair's values second first.
     * cube: dim and dim2 are 'none' or dimensions, and the filters apply. When the report
     * involves exactly two dimensions, one of them the mediator, pair names them and the report's
     * whole months come from that pair's month slices, value and value2 filtering its first and
     * second value.
     * dim or pair may point into pair_name (so a query is not copied). */
    const char *dim, *value, *value2, *dim2, *pair;
    bool swap;
    char pair_name[32];
    const char *from, *to, *bucket; /* dates; bucket 'period', 'month' or 'week' */
    const char *community_id, *mediator_id, *dispute_type, *channel, *source, *risk_level;
    /* cube: the most cells of the daily cube it may scan (report_cube_cells.sql). Counting 100 k
     * takes about 25 ms and reading them as much, so that every report the API answers stays near
     * 50 ms at 10 M cases; one that would scan more is refused (STATUS_INVALID, saying why and
     * what to ask instead). */
    int cube_cells_max;
};

/* Starts the transaction a report reads in: read-only, on one snapshot (REPEATABLE READ), so
 * that its rows, total row and names fit together, with room for the cube path to sort and hash
 * millions of cells in memory (work_mem 64MB, for this transaction only), with generic plans
 * (custom again once a statement reads the cube). One round trip. */
enum status db_report_read_begin(struct db_conn *conn, struct error *err);

/* Runs in the caller's transaction (db_report_read_begin). */
enum status db_report_rows(struct db_conn *conn, struct arena *arena, const struct report_query *q,
                           struct report_row **rows, size_t *count, struct error *err);

/* Names of communities and mediators by id; ids are comma-separated lists ("" for none). Calls
 * found(kind, id, name, ctx) for each ("community" or "mediator"). */
enum status db_report_names(struct db_conn *conn, const char *community_ids,
                            const char *mediator_ids,
                            void (*found)(const char *kind, long id, const char *name, void *ctx),
                            void *ctx, struct error *err);

struct overdue_item {
    long id;
    const char *case_no, *center, *status, *risk_level, *due_at;
    int days_over;
    long mediator_id;
    const char *mediator_name;
    long community_id;
    const char *dispute_type;
    int64_t sort_key;
};

enum status db_report_overdue(struct db_conn *conn, struct arena *arena, int center_id,
                              int within_days, bool has_cursor, int64_t cursor_key, long cursor_id,
                              int limit, struct overdue_item **items, size_t *count,
                              struct error *err);

struct mediator_info {
    long id;
    const char *name, *organization, *channel, *center;
    int max_open_cases;
    bool active;
};

enum status db_report_mediators(struct db_conn *conn, struct arena *arena, int center_id,
                                struct mediator_info **items, size_t *count, struct error *err);

struct snapshot {
    long id;
    const char *number, *report, *params, *result, *created_by, *created_at;
};

/* center_id 0: a city-level snapshot. *number and *created_at are set (arena). */
enum status db_snapshot_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const char *report, const char *params, const char *result,
                               const struct db_actor *actor, const char **number,
                               const char **created_at, struct error *err);
enum status db_snapshot_get(struct db_conn *conn, struct arena *arena, const char *number,
                            int caller_center, struct snapshot *out, struct error *err);
enum status db_snapshot_list(struct db_conn *conn, struct arena *arena, int caller_center,
                             long before_id, int limit, struct snapshot **items, size_t *count,
                             struct error *err);
