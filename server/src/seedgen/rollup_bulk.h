/* The bulk rollup rebuild used after a bulk load (the seed command): see rollup_bulk.c. */
#pragma once

#include "error.h"

struct db_conn;

/* Replaces the report rollups (report_cube and report_slices) of a center with ones computed
 * from its cases and agreements, exactly as rollup_rebuild_bulk() in the database would, in
 * steps so that the caller can let the server work (seed_db_send) while the rows are summed and
 * written:
 *   db_rollup_read reads the center's cases (after the last change to them), on the load's
 *     connection and in its transaction, with the cases locked against other writers;
 *   rollup_build_sum sums them without a connection;
 *   db_rollup_stage writes them into staged copies of the rollup tables (migration 0009) in a
 *     transaction of its own on another connection (side), which it commits, and gives the row
 *     counts (may be NULL);
 *   db_rollup_swap puts the staged tables in place of the rollup tables, in the load's
 *     transaction, so that the new rollups commit or roll back with the cases.
 * The build is the caller's: rollup_build_new (NULL when out of memory), rollup_build_free. */
struct rollup_build;
struct rollup_build *rollup_build_new(void);
void rollup_build_free(struct rollup_build *b);
enum status db_rollup_read(struct db_conn *conn, int center_id, struct rollup_build *b,
                           struct error *err);
enum status rollup_build_sum(struct rollup_build *b, struct error *err);
enum status db_rollup_stage(struct db_conn *side, int center_id, struct rollup_build *b,
                            long *cube_rows, long *slice_rows, struct error *err);
enum status db_rollup_swap(struct db_conn *conn, int center_id, struct error *err);
