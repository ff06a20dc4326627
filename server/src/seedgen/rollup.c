/* What one case contributes to the report rollups. */
#include "rollup.h"

#include <string.h>

static struct rollup_contribution *add(struct rollup_contribution *out, size_t *n, int32_t day)
{
    struct rollup_contribution *k = &out[(*n)++];
    memset(k, 0, sizeof(*k));
    k->day = day;
    return k;
}

size_t rollup_contributions(const struct rollup_case *c,
                            struct rollup_contribution out[ROLLUP_CONTRIBUTIONS_MAX])
{
    size_t n = 0;
    struct rollup_contribution *k = add(out, &n, c->received);
    k->counters[RC_RECEIVED] = 1;
    k->counters[RC_OPEN_DELTA] = 1;
    if (c->has_accepted)
        add(out, &n, c->accepted)->counters[RC_ACCEPTED] = 1;
    if (c->has_assigned)
        add(out, &n, c->assigned)->counters[RC_ASSIGNED] = 1;
    bool ended = c->has_closed || c->has_declined;
    int32_t ended_day = c->has_closed ? c->closed : c->declined;
    if (c->has_declined) {
        k = add(out, &n, ended_day);
        k->counters[RC_DECLINED] = 1;
        k->counters[RC_OPEN_DELTA] = -1;
    }
    if (c->has_closed) {
        k = add(out, &n, ended_day);
        if (c->outcome >= RO_RESOLVED && c->outcome <= RO_REFERRED)
            k->counters[RC_RESOLVED + c->outcome] = 1;
        k->counters[RC_PREVENTED_ESCALATION] = c->prevented_escalation;
        k->counters[RC_PREVENTED_MASS_PETITION] = c->prevented_mass_petition;
        if (c->has_agreement) {
            k->counters[RC_AGREEMENTS] = 1;
            k->counters[RC_AGREEMENT_FEN] = c->agreement_fen;
        }
        if (c->has_accepted) {
            k->has_close_days = true;
            k->close_days = ended_day - c->accepted;
            k->counters[RC_CLOSE_DAYS_SUM] = k->close_days;
            k->counters[RC_CLOSE_DAYS_N] = 1;
        }
        k->counters[RC_OPEN_DELTA] = -1;
    }
    if (c->has_due && (!ended || ended_day >= c->due)) {
        add(out, &n, c->due > c->received ? c->due : c->received)->counters[RC_OVERDUE_DELTA] = 1;
        if (ended)
            add(out, &n, ended_day)->counters[RC_OVERDUE_DELTA] = -1;
    }
    return n;
}
