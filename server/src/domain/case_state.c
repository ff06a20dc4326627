/* The case state machine: the transition table of docs/design.md (Status machine) and the names of
 * statuses, actions and outcomes. */
#include "case_state.h"

#include <stddef.h>
#include <string.h>

VOCAB_FUNCTIONS(case_status, CASE_STATUS_LIST, CASE_STATUS_COUNT)
VOCAB_NAMES(case_action, CASE_ACTION_LIST, CASE_ACTION_COUNT)
VOCAB_FUNCTIONS(case_outcome, CASE_OUTCOME_LIST, CASE_OUTCOME_COUNT)

/* How an action reads in "cannot <verb> a case that is <status>". */
static const char *const action_verbs[CASE_ACTION_COUNT] = {CASE_ACTION_LIST(VOCAB_LABEL)};

#define BIT(status) (1u << (status))
#define WORKED (BIT(CASE_STATUS_ASSIGNED) | BIT(CASE_STATUS_IN_MEDIATION))

/* The statuses from which each outcome may close a case. */
static const unsigned close_from[CASE_OUTCOME_COUNT] = {
    [CASE_OUTCOME_RESOLVED] = BIT(CASE_STATUS_IN_MEDIATION),
    [CASE_OUTCOME_FAILED] = BIT(CASE_STATUS_IN_MEDIATION),
    [CASE_OUTCOME_TERMINATED] = BIT(CASE_STATUS_IN_MEDIATION),
    [CASE_OUTCOME_WITHDRAWN] = BIT(CASE_STATUS_RECEIVED) | BIT(CASE_STATUS_ACCEPTED) | WORKED,
    [CASE_OUTCOME_REFERRED] = BIT(CASE_STATUS_ACCEPTED) | WORKED,
};

/* Every other action: the statuses it is allowed from, and where it leads (CASE_STATUS_COUNT:
 * the case keeps its status). */
static const struct {
    unsigned from;
    enum case_status to;
} transitions[CASE_ACTION_COUNT] = {
    [CASE_ACTION_ACCEPT] = {BIT(CASE_STATUS_RECEIVED), CASE_STATUS_ACCEPTED},
    [CASE_ACTION_DECLINE] = {BIT(CASE_STATUS_RECEIVED), CASE_STATUS_DECLINED},
    [CASE_ACTION_ASSIGN] = {BIT(CASE_STATUS_ACCEPTED), CASE_STATUS_ASSIGNED},
    [CASE_ACTION_REASSIGN] = {WORKED, CASE_STATUS_COUNT},
    [CASE_ACTION_LOG_SESSION] = {WORKED, CASE_STATUS_IN_MEDIATION},
    [CASE_ACTION_CLOSE] = {0, CASE_STATUS_CLOSED}, /* decided by close_from */
    [CASE_ACTION_FOLLOW_UP] = {BIT(CASE_STATUS_CLOSED), CASE_STATUS_CLOSED},
    [CASE_ACTION_EDIT] = {BIT(CASE_STATUS_RECEIVED) | BIT(CASE_STATUS_ACCEPTED) | WORKED,
                          CASE_STATUS_COUNT},
};

enum status case_state_next(enum case_status from, enum case_action action,
                            enum case_outcome outcome, enum case_status *to, struct error *err)
{
    if ((unsigned)from >= CASE_STATUS_COUNT)
        return error_set(err, STATUS_INTERNAL, "unknown case status %d", (int)from);
    if ((unsigned)action >= CASE_ACTION_COUNT)
        return error_set(err, STATUS_INTERNAL, "unknown case action %d", (int)action);

    unsigned allowed = transitions[action].from;
    if (action == CASE_ACTION_CLOSE) {
        if ((unsigned)outcome >= CASE_OUTCOME_COUNT)
            return error_add_field(err, "outcome",
                                   "must be one of resolved, failed, terminated, withdrawn, "
                                   "referred");
        allowed = close_from[outcome];
    }
    if (!(allowed & BIT(from))) {
        if (action == CASE_ACTION_CLOSE)
            return error_set(err, STATUS_CONFLICT, "cannot close a case that is %s as %s",
                             case_status_names[from], case_outcome_names[outcome]);
        return error_set(err, STATUS_CONFLICT, "cannot %s a case that is %s", action_verbs[action],
                         case_status_names[from]);
    }
    *to = transitions[action].to == CASE_STATUS_COUNT ? from : transitions[action].to;
    return STATUS_OK;
}

bool case_status_is_open(enum case_status status)
{
    return status == CASE_STATUS_RECEIVED || status == CASE_STATUS_ACCEPTED ||
           status == CASE_STATUS_ASSIGNED || status == CASE_STATUS_IN_MEDIATION;
}
