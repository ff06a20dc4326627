/* A center's deadline policy (限期调处, docs/design.md, Deadlines): rows of days by dispute type
 * and risk level, what a valid set of rows is, and which row a case gets.
 *
 * A row names one dispute type, or none (any_type: it applies to every type that has no row of
 * its own for that risk level). What a (type, risk) pair gets: the row for the type and risk, else
 * the any-type row for the risk, else the default of deadline.h (deadline_default_days and
 * DEADLINE_DEFAULT_EXTENSION_CAP_DAYS). The limits repeat the CHECK constraints of table
 * deadline_policies (migrations/0003_cases.sql); keep the two identical. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "case_types.h"
#include "error.h"

#define DEADLINE_POLICY_DAYS_MIN 1
#define DEADLINE_POLICY_DAYS_MAX 365
#define DEADLINE_POLICY_EXTENSION_MAX 365 /* max_extension_days is 0..365 */
/* One row per (type or any type, risk level) at most. */
#define DEADLINE_POLICY_ROWS_MAX ((DISPUTE_TYPE_COUNT + 1) * RISK_LEVEL_COUNT)

struct deadline_policy_row {
    bool any_type;          /* true: the row for every type without its own; type is ignored */
    enum dispute_type type; /* when !any_type */
    enum risk_level risk;
    int days;               /* DEADLINE_POLICY_DAYS_MIN..DEADLINE_POLICY_DAYS_MAX */
    int max_extension_days; /* 0..DEADLINE_POLICY_EXTENSION_MAX: the cap on all extensions */
};

/* Checks a center's complete set of rows (the replacement of its policy). Adds field errors named
 * after the request body's items, "items[<index>]…", and returns STATUS_INVALID, or STATUS_OK:
 *   "items"                          more than DEADLINE_POLICY_ROWS_MAX rows
 *   "items[i].days"                  outside 1..365
 *   "items[i].max_extension_days"    outside 0..365
 *   "items[i].risk_level", "items[i].dispute_type"   out-of-range enum values
 *   "items[i]"                       the same (dispute type, risk level) as an earlier row
 *   "items[i].days"                  the risk order: with the rows applied (and the defaults where
 *                                    a level has no row), a higher risk level may not get more
 *                                    days than a lower one for the same dispute type. Checked for
 *                                    the any-type rows and for every type that has rows of its
 *                                    own; the field is the row that sets the higher level's days
 *                                    (or the lower level's, or "items" when both are defaults).
 * The risk order is checked only when every row is otherwise valid. Errors already in err do not
 * make this call fail. rows may be NULL when count is 0. */
enum status deadline_policy_check(const struct deadline_policy_row *rows, size_t count,
                                  struct error *err);

/* The days and extension cap a case of (type, risk) gets under rows (see above). *days is always
 * > 0. rows may be NULL when count is 0. */
void deadline_policy_resolve(const struct deadline_policy_row *rows, size_t count,
                             enum dispute_type type, enum risk_level risk, int *days,
                             int *max_extension_days);
