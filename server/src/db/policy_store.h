/* Deadline policies (限期调处): the days a case gets by dispute type and risk level, per center.
 *
 * The rows are administered through the API (GET/PUT /api/v1/deadline-policies); which row a case
 * gets is the rule of domain/deadline_policy.h: the row for its dispute type and risk level, else
 * the center's any-type row for the risk level, else the defaults of domain/deadline.h. */
#pragma once

#include <stddef.h>

#include "actor.h"
#include "case_types.h"
#include "deadline_policy.h"
#include "error.h"

struct arena;
struct db_conn;

/* The days from acceptance to the deadline (*days, always > 0) and the cap on the days all
 * extensions of the case may add up to (*max_extension_days, >= 0) for a case of center_id with
 * the given dispute type and risk level: the center's row for (type, risk), else its any-type row
 * for risk, else deadline_default_days(type, risk) and DEADLINE_DEFAULT_EXTENSION_CAP_DAYS.
 *
 * Reads inside the caller's transaction (call it in the one that accepts the case or extends its
 * deadline, so the policy and the change agree); takes no lock, so a concurrent PUT of the policy
 * is seen or not as a whole. STATUS_NOT_FOUND when no center has center_id; otherwise the usual
 * database failures (STATUS_UNAVAILABLE, STATUS_RETRY …), with err filled. */
enum status db_policy_days(struct db_conn *conn, int center_id, enum dispute_type type,
                           enum risk_level risk, int *days, int *max_extension_days,
                           struct error *err);

/* The center's rows (any-type rows first, then by dispute type and risk level) into rows, and
 * its code into *center_code (an arena copy; center_code may be NULL when not wanted, and arena
 * with it). STATUS_NOT_FOUND when no center has center_id. */
enum status db_policy_list(struct db_conn *conn, struct arena *arena, int center_id,
                           const char **center_code,
                           struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX], size_t *count,
                           struct error *err);

/* Replaces every row of the center with rows (checked with deadline_policy_check first) and
 * writes the audit event (deadline_policy.replace, before and after) in the same transaction.
 * Holds a transaction-level lock on the center's policy, so concurrent replacements apply one
 * after the other. */
enum status db_policy_replace(struct db_conn *conn, int center_id,
                              const struct deadline_policy_row *rows, size_t count,
                              const struct db_actor *actor, struct error *err);
