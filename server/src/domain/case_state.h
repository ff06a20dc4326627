/* The case state machine (docs/design.md, Status machine): statuses, the actions that move a case
 * between them, the outcomes a close records, and the one function that says whether an action is
 * allowed.
 *
 *   from                                        action                      to
 *   received                                    accept                      accepted
 *   received                                    decline                     declined (final)
 *   accepted                                    assign                      assigned
 *   assigned, in_mediation                      reassign                    unchanged
 *   assigned, in_mediation                      log_session                 in_mediation
 *   in_mediation                                close: resolved, failed,    closed
 *                                                      terminated
 *   received, accepted, assigned, in_mediation  close: withdrawn            closed
 *   accepted, assigned, in_mediation            close: referred             closed
 *   closed                                      follow_up                   closed
 *   every status but closed and declined        edit (intake fields)        unchanged
 *
 * Everything else is STATUS_CONFLICT (409) with a message naming the current status. The schema
 * should enforce the same table (a trigger, so no SQL path can bypass it); keep the two identical.
 * This copy is the one that gives clients a readable answer before any SQL runs.
 *
 * Names follow the same pattern as case_types.h: _name never returns NULL ("unknown" when out of
 * range), _parse is its exact inverse and leaves *out unchanged on failure. */
#pragma once

#include <stdbool.h>

#include "error.h"

enum case_status {
    CASE_STATUS_RECEIVED = 0, /* registered at the front desk, not yet filed */
    CASE_STATUS_ACCEPTED,     /* filed (受理), deadline running */
    CASE_STATUS_DECLINED,     /* not filed (不予受理): final */
    CASE_STATUS_ASSIGNED,     /* a mediator has it */
    CASE_STATUS_IN_MEDIATION, /* at least one session logged */
    CASE_STATUS_CLOSED,       /* an outcome is recorded: immutable but for its follow-up */
    CASE_STATUS_COUNT
};

enum case_action {
    CASE_ACTION_ACCEPT = 0,
    CASE_ACTION_DECLINE,
    CASE_ACTION_ASSIGN,
    CASE_ACTION_REASSIGN,
    CASE_ACTION_LOG_SESSION,
    CASE_ACTION_CLOSE,
    CASE_ACTION_FOLLOW_UP,
    CASE_ACTION_EDIT,
    CASE_ACTION_COUNT
};

enum case_outcome {
    CASE_OUTCOME_RESOLVED = 0, /* 调解成功: needs an agreement */
    CASE_OUTCOME_FAILED,       /* 调解不成 */
    CASE_OUTCOME_TERMINATED,   /* 终止调解 */
    CASE_OUTCOME_WITHDRAWN,    /* 撤回 */
    CASE_OUTCOME_REFERRED,     /* 移送: needs where to */
    CASE_OUTCOME_COUNT
};

/* Whether action may be taken on a case in status from, and the status it leaves the case in.
 * outcome is read only when action is CASE_ACTION_CLOSE (pass anything otherwise).
 * Returns STATUS_OK and sets *to; otherwise *to is left unchanged and err (which may be NULL) says
 * why:
 *   STATUS_CONFLICT  not allowed from this status: "cannot close a case that is received as
 *                    resolved", "cannot accept a case that is closed" (names the current status)
 *   STATUS_INVALID   close with an out-of-range outcome: a field error on "outcome"
 *   STATUS_INTERNAL  an out-of-range status or action (a bug in the caller) */
enum status case_state_next(enum case_status from, enum case_action action,
                            enum case_outcome outcome, enum case_status *to, struct error *err);

/* True for the statuses in which a case is still being worked or waits to be filed: received,
 * accepted, assigned, in_mediation (not declined, not closed). */
bool case_status_is_open(enum case_status status);

/* "received", "accepted", "declined", "assigned", "in_mediation", "closed". */
const char *case_status_name(enum case_status status);
bool case_status_parse(const char *text, enum case_status *out);
/* For reports: "待受理", "已受理", "不予受理", "已分派", "调解中", "已结案"; "未知" when out of
 * range. */
const char *case_status_label_zh(enum case_status status);

/* "accept", "decline", "assign", "reassign", "log_session", "close", "follow_up", "edit". */
const char *case_action_name(enum case_action action);
bool case_action_parse(const char *text, enum case_action *out);

/* "resolved", "failed", "terminated", "withdrawn", "referred". */
const char *case_outcome_name(enum case_outcome outcome);
bool case_outcome_parse(const char *text, enum case_outcome *out);
/* For reports: "调解成功", "调解不成", "终止调解", "撤回", "移送"; "未知" when out of range. */
const char *case_outcome_label_zh(enum case_outcome outcome);
