/* Deadlines (限期调处, docs/design.md, Deadlines): the default policy by dispute type and risk
 * level, the due instant, and the rule for extensions. The policy actually applied is kept in the
 * database and administered there; these defaults seed it and answer when a center has no row for a
 * pair.
 *
 * Default policy: a case is normally concluded within one month, so 30 days at risk none; a
 * higher risk of a civil dispute turning criminal means a shorter deadline: yellow 20 days,
 * orange 10 days, red 3 days. The dispute type does not change the default (a center may set
 * per-type days in its policy). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "case_types.h"
#include "error.h"

#define DEADLINE_DEFAULT_DAYS 30
/* The default cap on the days all extensions of one case may add up to. */
#define DEADLINE_DEFAULT_EXTENSION_CAP_DAYS 30

/* Days from acceptance to the deadline by default: 30, 20, 10 or 3 for risk none, yellow, orange,
 * red, whatever the type (see above). An out-of-range risk level gets the shortest, 3 days, so an
 * unexpected value errs towards attention. Always > 0. */
int deadline_default_days(enum dispute_type type, enum risk_level risk);

/* The due instant: accepted_unix plus days × 24 hours (UTC seconds; time zones play no part).
 * Negative days count as 0; a result past INT64_MAX saturates there. */
int64_t deadline_due(int64_t accepted_unix, int days);

/* Whether a supervisor may extend a case's deadline by requested_days, given the days earlier
 * extensions already added and the policy's cap on their total. Adds one field error for each
 * broken rule and returns STATUS_INVALID, or returns STATUS_OK:
 *   "days"                requested_days must be at least 1; already + requested must not
 *                         exceed cap_days (the message names the cap and what is left)
 *   "applicant_consent"   the applicant's consent must be recorded (true)
 *   "respondent_consent"  the respondent's consent must be recorded (true)
 * Errors already in err do not make this call fail. err must not be NULL. */
enum status deadline_extension_check(int already_extended_days, int requested_days, int cap_days,
                                     bool applicant_consent, bool respondent_consent,
                                     struct error *err);
