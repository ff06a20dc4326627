/* Reading the JSON bodies of the case operations: intake (with its parties), PATCH of the intake
 * fields, close (with its agreement), deadline, follow-up and session. Pure: no database, no
 * clock (the caller passes now), no request; tests/fuzz/fuzz_json_intake calls them directly.
 *
 * Each function checks the members of body it knows, refuses the others (input_only_known) and
 * adds one field error per problem to err (which must not be NULL; errors already there stay).
 * Strings in the outputs point into body's tree, which must outlive them; normalised identity
 * numbers and phones are allocated from arena. Nothing is ever cut. */
#pragma once

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "case_state.h"
#include "case_store.h"
#include "error.h"

/* The intake fields a case is registered with and may later be edited in. required: intake
 * (dispute_type, source, community_id and summary must be present); an edit takes any of them.
 * Absent fields are NULL (community_id 0). occurred_on may not be after the latest day of now on
 * Earth (UTC+14; the database judges it by the center's time zone). Does not refuse unknown
 * members: the caller's list decides. */
void case_input_fields(const cJSON *body, bool required, int64_t now, struct case_edit_input *f,
                       struct error *err);

/* The body of PATCH /cases/{id}: only intake fields, each optional. */
void case_input_edit(const cJSON *body, int64_t now, struct case_edit_input *f, struct error *err);

/* One party (element i of the intake's parties), its field errors named parties[i].field; the
 * id_number is normalised as a resident ID (kind person) or a credit code (organization), the
 * phone as a mobile or fixed-line number (NULL when empty or invalid). id_hash and phone_hash
 * stay NULL: the caller computes them with its key. */
void case_input_party(struct arena *arena, const cJSON *obj, size_t i, struct party_input *p,
                      struct error *err);

/* The body of POST /cases: the intake fields (risk_level "none" when absent), campaign_id (0 when
 * absent), external_ref
 * (both or neither of system and id; NULL after an error), 1 to CASE_PARTIES_MAX parties in
 * parties[] with at least one applicant (in->parties points at parties), and *center, the
 * optional center code (NULL when absent), which the caller checks against the principal.
 * search_text is left NULL. */
void case_input_intake(struct arena *arena, const cJSON *body, int64_t now, struct case_intake *in,
                       struct party_input parties[CASE_PARTIES_MAX], const char **center,
                       struct error *err);

/* The body of POST /cases/{id}/close: outcome (into *outcome as well when valid), note,
 * referred_to (required for referred), the two prevented_* flags, and for a resolved case the
 * agreement (amount in fen, form, signed_at no later than the day after the latest day of now
 * on Earth, UTC+14, the database judging it by the center's time zone, terms,
 * performance_method, perform_by); close->agreement points at agreement then, NULL otherwise. */
void case_input_close(const cJSON *body, int64_t now, struct close_input *close,
                      enum case_outcome *outcome, struct agreement_input *agreement,
                      struct error *err);

/* The body of POST /cases/{id}/deadline. */
struct case_deadline_input {
    const char *kind;   /* "extend", "pause" or "resume" */
    const char *reason; /* 1 to 1000 characters */
    int days;           /* extend only: 1 to 365 */
    bool applicant_consent, respondent_consent;
};
void case_input_deadline(const cJSON *body, struct case_deadline_input *d, struct error *err);

/* The body of POST /cases/{id}/follow-up: at least one field. */
void case_input_follow_up(const cJSON *body, struct follow_up_input *f, struct error *err);

/* The body of POST /cases/{id}/sessions: held_at no more than a day after now. */
struct case_session_input {
    const char *held_at, *kind, *participants, *notes;
};
void case_input_session(const cJSON *body, int64_t now, struct case_session_input *s,
                        struct error *err);
