/* The default deadline policy, due instants and the extension rule. */
#include "deadline.h"

#include <stddef.h>

#define SECONDS_PER_DAY INT64_C(86400)

int deadline_default_days(enum dispute_type type, enum risk_level risk)
{
    (void)type; /* the default is the same for every type; centers differentiate in their policy */
    switch (risk) {
    case RISK_LEVEL_NONE:
        return DEADLINE_DEFAULT_DAYS;
    case RISK_LEVEL_YELLOW:
        return 20;
    case RISK_LEVEL_ORANGE:
        return 10;
    case RISK_LEVEL_RED:
    default:
        return 3;
    }
}

int64_t deadline_due(int64_t accepted_unix, int days)
{
    int64_t span = days > 0 ? (int64_t)days * SECONDS_PER_DAY : 0;
    if (accepted_unix > INT64_MAX - span)
        return INT64_MAX;
    return accepted_unix + span;
}

enum status deadline_extension_check(int already_extended_days, int requested_days, int cap_days,
                                     bool applicant_consent, bool respondent_consent,
                                     struct error *err)
{
    /* long long: already + requested cannot overflow, whatever the ints */
    long long already = already_extended_days > 0 ? already_extended_days : 0;
    long long cap = cap_days > 0 ? cap_days : 0;
    bool ok = true;
    if (requested_days <= 0) {
        ok = false;
        error_add_field(err, "days", "must be at least 1");
    } else if (already + requested_days > cap) {
        ok = false;
        error_add_field(err, "days",
                        "must keep all extensions within the cap of %lld days (%lld days left)",
                        cap, already < cap ? cap - already : 0);
    }
    if (!applicant_consent) {
        ok = false;
        error_add_field(err, "applicant_consent", "the applicant's consent must be recorded");
    }
    if (!respondent_consent) {
        ok = false;
        error_add_field(err, "respondent_consent", "the respondent's consent must be recorded");
    }
    return ok ? STATUS_OK : STATUS_INVALID;
}
