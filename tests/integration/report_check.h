/* The plain-SQL cross-check of the reports (docs/design.md, Reports and their metrics): asks the
 * running server for a summary or a breakdown and compares every row and metric with the same
 * figures computed by plain SQL over the cases, agreements and centers tables (each date in the
 * center's time zone). Used by test_reports.c and test_concurrent_writers.c.
 *
 * Mismatches are counted (and the first few of each metric printed) rather than failing at once;
 * report_check_fail_on_mismatches() fails the test when there were any. Call only from the test's
 * own thread (cmocka's assertions are not thread-safe). */
#pragma once

#include "harness.h"

struct report_filter {
    long community_id, mediator_id;                           /* 0: no filter */
    const char *dispute_type, *channel, *source, *risk_level; /* NULL: no filter */
};

struct report_check {
    struct harness *h;
    void *pg;           /* a libpq PGconn * to the test database */
    const char *key;    /* a key that may read the center's reports */
    const char *center; /* the center's code, e.g. "WD" */
};

/* Compares GET /api/v1/reports/summary (by NULL) or /breakdown?by=BY with plain SQL. */
void report_cross_check(const struct report_check *check, const char *from, const char *to,
                        const char *by, const struct report_filter *f);
/* Forgets the mismatches counted so far. */
void report_check_reset(void);
/* The mismatches counted since the last reset. */
int report_check_mismatches(void);
/* Fails the test (with a summary by metric and the first mismatch) when there were mismatches. */
void report_check_fail_on_mismatches(void);
