/* The bulk rollup rebuild used after a bulk load (the seed command): see rollup_bulk.c. */
#pragma once

#include "error.h"

struct db_conn;

/* Replaces the report rollups (report_cube and report_slices) of a center with ones computed
 * from its cases and agreements, exactly as rollup_rebuild_bulk() in the database would, in
 * three steps so that the caller can let the server work (db_send) while the rows are summed:
 * db_rollup_read reads the center's cases (after the last change to them), rollup_build_sum sums
 * them without the connection, db_rollup_write replaces the rows and gives their counts (may be
 * NULL). Run them in the transaction of the load, with the cases locked against other writers.
 * The build is the caller's: rollup_build_new (NULL when out of memory), rollup_build_free. */
struct rollup_build;
struct rollup_build *rollup_build_new(void);
void rollup_build_free(struct rollup_build *b);
enum status db_rollup_read(struct db_conn *conn, int center_id, struct rollup_build *b,
                           struct error *err);
enum status rollup_build_sum(struct rollup_build *b, struct error *err);
enum status db_rollup_write(struct db_conn *conn, int center_id, struct rollup_build *b,
                            long *cube_rows, long *slice_rows, struct error *err);
