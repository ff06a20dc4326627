/* Which report rollup answers a report (migrations 0006 and 0008): the dimensions a report can be
 * broken down by or filtered on, and the plan that picks slices or the daily cube for a choice of
 * them. Pure: no storage, no transport; the caller turns a plan into its query. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "case_types.h"

/* The dimensions, in the order of the rollups' dimension list (migration 0008 names a pair in
 * this order: "community,mediator", "dispute_type,risk"): X(value, name, the vocabulary of its
 * values). The first REPORT_VALUE_DIMS have values that a report can filter on: community and
 * mediator ids, and names of a vocabulary; month and week are time buckets. CASE_VOCAB_COUNT:
 * the dimension's values are no vocabulary's. */
#define REPORT_DIM_LIST(X)                                                                         \
    X(REPORT_DIM_COMMUNITY, "community", CASE_VOCAB_COUNT)                                         \
    X(REPORT_DIM_MEDIATOR, "mediator", CASE_VOCAB_COUNT)                                           \
    X(REPORT_DIM_DISPUTE_TYPE, "dispute_type", CASE_VOCAB_DISPUTE_TYPE)                            \
    X(REPORT_DIM_CHANNEL, "channel", CASE_VOCAB_CHANNEL)                                           \
    X(REPORT_DIM_SOURCE, "source", CASE_VOCAB_SOURCE)                                              \
    X(REPORT_DIM_RISK, "risk", CASE_VOCAB_RISK_LEVEL)                                              \
    X(REPORT_DIM_MONTH, "month", CASE_VOCAB_COUNT)                                                 \
    X(REPORT_DIM_WEEK, "week", CASE_VOCAB_COUNT)
#define REPORT_DIM_ENUM(value, name, vocab) value,
enum report_dim { REPORT_DIM_LIST(REPORT_DIM_ENUM) REPORT_DIM_COUNT };
#define REPORT_VALUE_DIMS 6 /* community … risk */
#define REPORT_BY_MAX 2     /* a breakdown names one or two dimensions */

/* The time bucket of a report's rows: the whole period, or one row per month or week. */
enum report_bucket { REPORT_BUCKET_PERIOD = 0, REPORT_BUCKET_MONTH, REPORT_BUCKET_WEEK };

/* The name of a dimension as the API and the rollups spell it ("community", "mediator",
 * "dispute_type", "channel", "source", "risk", "month", "week"); NULL out of range. Static. */
const char *report_dim_name(enum report_dim d);

/* The dimension named by the len bytes at name (not NUL-terminated; a whole name only, "comm"
 * is none). Returns false and leaves *out unchanged when none is. */
bool report_dim_parse(const char *name, size_t len, enum report_dim *out);

/* The vocabulary of the dimension's values into *out: false (and *out unchanged) for community,
 * mediator, month and week, whose values are ids or dates. */
bool report_dim_vocab(enum report_dim d, enum case_vocab *out);

/* month and week. */
bool report_dim_is_time(enum report_dim d);

/* "period", "month" or "week", as the rollup statements take it. Static. */
const char *report_bucket_name(enum report_bucket b);

/* What a report asks for: up to REPORT_BY_MAX breakdown dimensions in the order asked (distinct,
 * at most one of them month or week; the caller validates this), and a value filter per value
 * dimension (indexed by enum report_dim; NULL: every value). Values are the caller's and only
 * pointed to. */
struct report_selection {
    size_t by_count;
    enum report_dim by[REPORT_BY_MAX];
    const char *filters[REPORT_VALUE_DIMS];
};

/* Which rows to read.
 *   - bucket: from the time dimension among the breakdowns, else the whole period.
 *   - The dimensions the report involves are its value breakdowns and its filtered dimensions.
 *     slice_count of them (0, 1 or 2) name the slices to read, in dimension order, in slice[]:
 *     0 for 'all', 1 for one dimension, 2 for a pair; value and value2 are the filters on
 *     slice[0] and slice[1] (NULL: every value).
 *   - use_cube false: the slices answer (at most one dimension, or a pair without the mediator,
 *     which has day and month rows). swap: a pair whose second dimension is the report's first
 *     value breakdown, so that its rows list that one's value first. cube_by_count is 0 and
 *     filters[] all NULL: the slice values carry the filters.
 *   - use_cube true: the daily cube answers, broken down by cube_by[0..cube_by_count) (the
 *     report's value breakdowns in the order asked) and filtered by filters[] (all of the
 *     report's filters). When the report involves exactly two dimensions, one of them the
 *     mediator, slice_count is 2: that pair's month slices (month rows only) serve the whole
 *     months, the cube the days of partial months. With three or more, slice_count is 0 and the
 *     cube serves every day. swap is false.
 * Pointers are the selection's filter values. */
struct report_plan {
    enum report_bucket bucket;
    bool use_cube;
    size_t slice_count;
    enum report_dim slice[2];
    const char *value, *value2;
    bool swap;
    size_t cube_by_count;
    enum report_dim cube_by[REPORT_BY_MAX];
    const char *filters[REPORT_VALUE_DIMS];
};

/* Plans the reading of sel into *plan (wholly overwritten), by the rules above. */
void report_plan(const struct report_selection *sel, struct report_plan *plan);
