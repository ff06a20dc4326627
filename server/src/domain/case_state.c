/* The case state machine: the transition table of docs/design.md (Status machine) and the names of
 * statuses, actions and outcomes. */
#include "case_state.h"

#include <stddef.h>
#include <string.h>

static const char *const status_names[CASE_STATUS_COUNT] = {
    [CASE_STATUS_RECEIVED] = "received",         [CASE_STATUS_ACCEPTED] = "accepted",
    [CASE_STATUS_DECLINED] = "declined",         [CASE_STATUS_ASSIGNED] = "assigned",
    [CASE_STATUS_IN_MEDIATION] = "in_mediation", [CASE_STATUS_CLOSED] = "closed",
};

static const char *const status_labels[CASE_STATUS_COUNT] = {
    [CASE_STATUS_RECEIVED] = "待受理",     [CASE_STATUS_ACCEPTED] = "已受理",
    [CASE_STATUS_DECLINED] = "不予受理",   [CASE_STATUS_ASSIGNED] = "已分派",
    [CASE_STATUS_IN_MEDIATION] = "调解中", [CASE_STATUS_CLOSED] = "已结案",
};

static const char *const action_names[CASE_ACTION_COUNT] = {
    [CASE_ACTION_ACCEPT] = "accept",           [CASE_ACTION_DECLINE] = "decline",
    [CASE_ACTION_ASSIGN] = "assign",           [CASE_ACTION_REASSIGN] = "reassign",
    [CASE_ACTION_LOG_SESSION] = "log_session", [CASE_ACTION_CLOSE] = "close",
    [CASE_ACTION_FOLLOW_UP] = "follow_up",     [CASE_ACTION_EDIT] = "edit",
};

/* How an action reads in "cannot <verb> a case that is <status>". */
static const char *const action_verbs[CASE_ACTION_COUNT] = {
    [CASE_ACTION_ACCEPT] = "accept",
    [CASE_ACTION_DECLINE] = "decline",
    [CASE_ACTION_ASSIGN] = "assign",
    [CASE_ACTION_REASSIGN] = "reassign",
    [CASE_ACTION_LOG_SESSION] = "log a session on",
    [CASE_ACTION_CLOSE] = "close",
    [CASE_ACTION_FOLLOW_UP] = "follow up",
    [CASE_ACTION_EDIT] = "edit",
};

static const char *const outcome_names[CASE_OUTCOME_COUNT] = {
    [CASE_OUTCOME_RESOLVED] = "resolved",     [CASE_OUTCOME_FAILED] = "failed",
    [CASE_OUTCOME_TERMINATED] = "terminated", [CASE_OUTCOME_WITHDRAWN] = "withdrawn",
    [CASE_OUTCOME_REFERRED] = "referred",
};

static const char *const outcome_labels[CASE_OUTCOME_COUNT] = {
    [CASE_OUTCOME_RESOLVED] = "调解成功",   [CASE_OUTCOME_FAILED] = "调解不成",
    [CASE_OUTCOME_TERMINATED] = "终止调解", [CASE_OUTCOME_WITHDRAWN] = "撤回",
    [CASE_OUTCOME_REFERRED] = "移送",
};

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
                             status_names[from], outcome_names[outcome]);
        return error_set(err, STATUS_CONFLICT, "cannot %s a case that is %s", action_verbs[action],
                         status_names[from]);
    }
    *to = transitions[action].to == CASE_STATUS_COUNT ? from : transitions[action].to;
    return STATUS_OK;
}

bool case_status_is_open(enum case_status status)
{
    return status == CASE_STATUS_RECEIVED || status == CASE_STATUS_ACCEPTED ||
           status == CASE_STATUS_ASSIGNED || status == CASE_STATUS_IN_MEDIATION;
}

static const char *entry(const char *const *table, unsigned count, unsigned value,
                         const char *fallback)
{
    return value < count && table[value] ? table[value] : fallback;
}

static int lookup(const char *const *table, unsigned count, const char *text)
{
    if (!text)
        return -1;
    for (unsigned i = 0; i < count; i++)
        if (strcmp(text, table[i]) == 0)
            return (int)i;
    return -1;
}

const char *case_status_name(enum case_status status)
{
    return entry(status_names, CASE_STATUS_COUNT, (unsigned)status, "unknown");
}

bool case_status_parse(const char *text, enum case_status *out)
{
    int i = lookup(status_names, CASE_STATUS_COUNT, text);
    if (i < 0)
        return false;
    *out = (enum case_status)i;
    return true;
}

const char *case_status_label_zh(enum case_status status)
{
    return entry(status_labels, CASE_STATUS_COUNT, (unsigned)status, "未知");
}

const char *case_action_name(enum case_action action)
{
    return entry(action_names, CASE_ACTION_COUNT, (unsigned)action, "unknown");
}

bool case_action_parse(const char *text, enum case_action *out)
{
    int i = lookup(action_names, CASE_ACTION_COUNT, text);
    if (i < 0)
        return false;
    *out = (enum case_action)i;
    return true;
}

const char *case_outcome_name(enum case_outcome outcome)
{
    return entry(outcome_names, CASE_OUTCOME_COUNT, (unsigned)outcome, "unknown");
}

bool case_outcome_parse(const char *text, enum case_outcome *out)
{
    int i = lookup(outcome_names, CASE_OUTCOME_COUNT, text);
    if (i < 0)
        return false;
    *out = (enum case_outcome)i;
    return true;
}

const char *case_outcome_label_zh(enum case_outcome outcome)
{
    return entry(outcome_labels, CASE_OUTCOME_COUNT, (unsigned)outcome, "未知");
}
