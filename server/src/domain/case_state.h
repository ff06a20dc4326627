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
#include "vocab.h"

/* The statuses (the label is the reports'). */
#define CASE_STATUS_LIST(X)                                                                        \
    X(CASE_STATUS_RECEIVED, "received", "待受理")   /* registered at the front desk, not filed */  \
    X(CASE_STATUS_ACCEPTED, "accepted", "已受理")   /* filed (受理), deadline running */         \
    X(CASE_STATUS_DECLINED, "declined", "不予受理") /* not filed: final */                         \
    X(CASE_STATUS_ASSIGNED, "assigned", "已分派")   /* a mediator has it */                        \
    X(CASE_STATUS_IN_MEDIATION, "in_mediation", "调解中") /* at least one session logged */        \
    X(CASE_STATUS_CLOSED, "closed", "已结案") /* an outcome is recorded: immutable but for its     \
                                                 follow-up */
enum case_status { CASE_STATUS_LIST(VOCAB_ENUM) CASE_STATUS_COUNT };

/* The actions; the third column is how an action reads in "cannot <verb> a case that is
 * <status>". */
#define CASE_ACTION_LIST(X)                                                                        \
    X(CASE_ACTION_ACCEPT, "accept", "accept")                                                      \
    X(CASE_ACTION_DECLINE, "decline", "decline")                                                   \
    X(CASE_ACTION_ASSIGN, "assign", "assign")                                                      \
    X(CASE_ACTION_REASSIGN, "reassign", "reassign")                                                \
    X(CASE_ACTION_LOG_SESSION, "log_session", "log a session on")                                  \
    X(CASE_ACTION_CLOSE, "close", "close")                                                         \
    X(CASE_ACTION_FOLLOW_UP, "follow_up", "follow up")                                             \
    X(CASE_ACTION_EDIT, "edit", "edit")
enum case_action { CASE_ACTION_LIST(VOCAB_ENUM) CASE_ACTION_COUNT };

/* The outcomes a close records (the label is the reports'). */
#define CASE_OUTCOME_LIST(X)                                                                       \
    X(CASE_OUTCOME_RESOLVED, "resolved", "调解成功") /* needs an agreement */                      \
    X(CASE_OUTCOME_FAILED, "failed", "调解不成")                                                   \
    X(CASE_OUTCOME_TERMINATED, "terminated", "终止调解")                                           \
    X(CASE_OUTCOME_WITHDRAWN, "withdrawn", "撤回")                                                 \
    X(CASE_OUTCOME_REFERRED, "referred", "移送") /* needs where to */
enum case_outcome { CASE_OUTCOME_LIST(VOCAB_ENUM) CASE_OUTCOME_COUNT };

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

/* case_status_name, _parse and _label_zh; case_action_name and _parse; case_outcome_name,
 * _parse and _label_zh (vocab.h). */
VOCAB_DECLARE(case_status)
const char *case_action_name(enum case_action action);
bool case_action_parse(const char *text, enum case_action *out);
bool case_action_valid(const char *text);
VOCAB_DECLARE(case_outcome)
