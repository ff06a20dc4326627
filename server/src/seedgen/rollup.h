/* What one case contributes to the report rollups (migrations 0004 and 0006): one contribution
 * per thing that happened to it, dated by the day it happened in the center's time zone. The
 * same rules as the database function rollup_contributions() (which the triggers use) and the
 * set-based rollup_rebuild_bulk(); the seed's bulk rebuild (seedgen/rollup_bulk.c) uses these, and
 * tests/bench/rollup_check.sh compares the results with the row-by-row rebuild. Change all three
 * or none. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rollup_counter {
    RC_RECEIVED = 0,
    RC_ACCEPTED,
    RC_DECLINED,
    RC_ASSIGNED,
    RC_RESOLVED,
    RC_FAILED,
    RC_TERMINATED,
    RC_WITHDRAWN,
    RC_REFERRED,
    RC_AGREEMENTS,
    RC_AGREEMENT_FEN,
    RC_PREVENTED_ESCALATION,
    RC_PREVENTED_MASS_PETITION,
    RC_CLOSE_DAYS_SUM,
    RC_CLOSE_DAYS_N,
    RC_OPEN_DELTA,
    RC_OVERDUE_DELTA,
    RC_COUNT
};

/* Case outcomes in the order of the case_outcome enum. */
enum rollup_outcome {
    RO_NONE = -1,
    RO_RESOLVED = 0,
    RO_FAILED,
    RO_TERMINATED,
    RO_WITHDRAWN,
    RO_REFERRED
};

/* A case's facts, its instants already turned into local days (any day numbering; only
 * differences and order matter). A has_ flag false means the thing did not happen. */
struct rollup_case {
    int32_t received;
    bool has_accepted, has_assigned, has_declined, has_closed, has_due;
    int32_t accepted, assigned, declined, closed, due;  /* assigned: the first assignment */
    enum rollup_outcome outcome;                        /* when closed */
    bool prevented_escalation, prevented_mass_petition; /* when closed */
    bool has_agreement;
    int64_t agreement_fen;
};

struct rollup_contribution {
    int32_t day;
    int64_t counters[RC_COUNT];
    bool has_close_days; /* a close after acceptance: close_days goes into the histogram */
    int32_t close_days;
};

/* At most: received, accepted, assigned, declined, closed, overdue start and end. */
#define ROLLUP_CONTRIBUTIONS_MAX 7

/* Fills out with the contributions of c and returns how many (1 to ROLLUP_CONTRIBUTIONS_MAX).
 * received: +1 received and open; accepted; first assigned; declined: +1 declined, -1 open on
 * the decline day; closed: +1 of its outcome, the prevented flags, the agreement and its amount,
 * the days from acceptance (when accepted) and -1 open on the close day; overdue at the end of
 * day D means still open then and due on or before D: +1 on max(due, received) and -1 on the
 * day it ended, when it ended on or after the due day. */
size_t rollup_contributions(const struct rollup_case *c,
                            struct rollup_contribution out[ROLLUP_CONTRIBUTIONS_MAX]);
