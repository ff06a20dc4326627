/* The bulk rollup rebuild used after a bulk load (the seed command): see rollup_bulk.c. */
#pragma once

#include "error.h"

struct db_conn;

/* Replaces the report rollups (report_cube and report_slices) of center_id with ones computed
 * from its cases and agreements, exactly as rollup_rebuild_bulk() in the database would. Run it in
 * the transaction of the load, with the cases locked against other writers. *cube_rows and
 * *slice_rows (may be NULL) receive the rows written. */
enum status db_rollup_rebuild(struct db_conn *conn, int center_id, long *cube_rows,
                              long *slice_rows, struct error *err);
