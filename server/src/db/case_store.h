/* Cases, their parties, sessions, agreements, deadline changes and audit trail.
 *
 * Every function runs inside the caller's transaction. Changes to a case go through
 * db_case_lock() first (SELECT … FOR UPDATE), so concurrent changes of one case queue and each
 * sees the status the previous one left. Strings in results live in the call's arena. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "error.h"
#include "intake.h" /* CASE_PARTIES_MAX */

struct arena;
struct db_conn;

struct party_input {
    const char *role, *kind, *name;
    const char *id_number;           /* normalised, or NULL */
    const unsigned char *id_hash;    /* 32 bytes when id_number is set */
    const char *phone;               /* normalised, or NULL */
    const unsigned char *phone_hash; /* 32 bytes when phone is set */
    const char *address;
};

struct case_intake {
    const char *dispute_type, *source;
    long community_id;
    const char *summary, *claims, *occurred_on, *risk_level;
    const char *external_system, *external_id; /* both or neither */
    const char *search_text;
    long campaign_id; /* 0: none; api/ tags the new case in the intake's transaction */
    size_t party_count;
    const struct party_input *parties;
};

struct party {
    long id;
    const char *role, *kind, *name, *id_number, *phone, *address;
};

struct case_record {
    long id;
    int center_id;
    const char *center, *case_no, *status, *dispute_type, *source;
    long community_id;
    const char *summary, *claims, *occurred_on, *risk_level, *channel;
    long mediator_id;      /* 0: none */
    long mediator_user_id; /* the user linked to the mediator, 0: none */
    const char *received_at, *accepted_at, *assigned_at, *due_at, *paused_at;
    int extended_days;
    const char *closed_at, *outcome, *outcome_note, *referred_to;
    bool prevented_escalation, prevented_mass_petition;
    const char *decline_reason, *referral_advice, *external_system, *external_id;
    int version;
    const char *return_visit_at, *return_visit_note, *performance;
    bool judicial_confirmation, overdue;
    bool has_agreement;
    int64_t agreement_fen;
    const char *agreement_form, *agreement_signed_on, *agreement_terms;
    const char *agreement_performance_method, *agreement_perform_by;
    size_t party_count;
    struct party *parties;
};

/* What a change needs to know about a locked case. */
struct case_lock {
    long id;
    int center_id;
    const char *status;
    int version;
    long mediator_id, mediator_user_id;
    const char *dispute_type, *risk_level;
    bool paused;
    int extended_days;
    const char *case_no, *summary, *claims, *source, *occurred_on;
    long community_id;
};

/* A case as listed (no parties). */
struct case_summary {
    long id;
    const char *center, *case_no, *status, *dispute_type, *source;
    long community_id;
    const char *summary, *risk_level, *channel;
    long mediator_id;
    const char *received_at, *accepted_at, *due_at, *closed_at, *outcome;
    bool overdue;
    int version;
    const char *external_system, *external_id;
    int64_t sort_key; /* epoch microseconds of the sort column, for the cursor */
};

struct case_filter {
    int center_id; /* 0: every center */
    const char *status;
    long mediator_id, community_id;
    const char *dispute_type, *source, *risk_level;
    int overdue, due_soon;                   /* -1: either */
    const char *received_from, *received_to; /* dates */
    const char *external_system, *external_id;
    const char *q;           /* already LIKE-escaped */
    long only_mediator_user; /* 0: no restriction */
    bool by_due;             /* sort by due date instead of received */
    bool has_cursor;
    int64_t cursor_key;
    long cursor_id;
    int limit;
};

struct case_event {
    long id;
    const char *at, *actor, *action, *from_status, *to_status, *before, *after, *reason,
        *request_id, *client_request_id;
};

struct mediation_session {
    long id;
    const char *held_at, *kind, *participants, *notes;
    long mediator_id;
    const char *created_at;
};

struct duplicate {
    long id;
    const char *case_no, *status;
};

/* An audit event a statement writes beside its change: its after JSON and its reason. */
struct db_event_note {
    const char *after, *reason;
};

/* The possible duplicates of a new case: open cases of its center that share a party's ID number
 * or phone (by keyed hash), newest first, at most 20. */
struct duplicates {
    struct duplicate *items;
    size_t count;
};

/* The case an external system pushed under (system, id) in center_id, if any: *found false when
 * none. Another center's case with the same reference is never seen. */
enum status db_case_by_external_ref(struct db_conn *conn, int center_id, const char *system,
                                    const char *id, long *case_id, bool *found, struct error *err);

/* Registers a case with its parties (at most CASE_PARTIES_MAX) and its intake events (actor's)
 * in center_id, in one statement, and fills out (as db_case_get would read it) and dups from what
 * the statement returned, their strings in arena. pii_view (NULL: none) is the 'pii.view' event
 * of an answer that shows the parties in clear, which the statement writes too. A community outside
 * the center, or an occurred_on after today in its time zone, is a field error; a second case for
 * the same external reference (pushed concurrently) is STATUS_RETRY, so that the retried
 * transaction finds the first. */
enum status db_case_insert(struct db_conn *conn, struct arena *arena, int center_id,
                           const struct case_intake *in, const struct db_actor *actor,
                           const struct db_event_note *pii_view, struct case_record *out,
                           struct duplicates *dups, struct error *err);

/* Reads a case by id (case_no NULL) or by case number, with its parties, if caller_center (0:
 * all) may see it; STATUS_NOT_FOUND otherwise. */
enum status db_case_get(struct db_conn *conn, struct arena *arena, long id, const char *case_no,
                        int caller_center, struct case_record *out, struct error *err);

/* Locks a case for a change; STATUS_NOT_FOUND when caller_center (0: all) may not see it. */
enum status db_case_lock(struct db_conn *conn, struct arena *arena, long id, int caller_center,
                         struct case_lock *out, struct error *err);

enum status db_case_list(struct db_conn *conn, struct arena *arena, const struct case_filter *f,
                         struct case_summary **items, size_t *count, struct error *err);

/* Appends an event; before and after are JSON texts or NULL. */
enum status db_case_event(struct db_conn *conn, const struct case_lock *c,
                          const struct db_actor *actor, const char *action, const char *from_status,
                          const char *to_status, const char *before, const char *after,
                          const char *reason, struct error *err);

enum status db_case_events(struct db_conn *conn, struct arena *arena, long case_id, long after_id,
                           int limit, struct case_event **items, size_t *count, struct error *err);

/* The transitions. Each updates the locked case and bumps its version; the caller has checked the
 * state machine and writes the event. */
enum status db_case_accept(struct db_conn *conn, long case_id, int days, struct error *err);
enum status db_case_decline(struct db_conn *conn, long case_id, const char *reason,
                            const char *advice, struct error *err);
/* A mediator that is not an active mediator of the case's center is a field error. *channel
 * receives the mediator's channel (arena). */
enum status db_case_assign(struct db_conn *conn, struct arena *arena, long case_id,
                           long mediator_id, const char *status_after, const char **channel,
                           struct error *err);
enum status db_case_session(struct db_conn *conn, struct arena *arena, long case_id,
                            const char *held_at, const char *kind, const char *participants,
                            const char *notes, long *session_id, struct error *err);
enum status db_case_sessions(struct db_conn *conn, struct arena *arena, long case_id,
                             struct mediation_session **items, size_t *count, struct error *err);

struct agreement_input {
    int64_t amount_fen;
    const char *form, *signed_on, *terms, *performance_method, *perform_by;
};
struct close_input {
    const char *outcome, *note, *referred_to;
    bool prevented_escalation, prevented_mass_petition;
    const struct agreement_input *agreement; /* resolved only */
};
/* Closes the case and records its agreement; an agreement signed after tomorrow in the center's
 * time zone is a field error on agreement.signed_at. */
enum status db_case_close(struct db_conn *conn, long case_id, const struct close_input *in,
                          struct error *err);

struct follow_up_input {
    const char *return_visit_at, *return_visit_note, *performance;
    int judicial_confirmation; /* -1: unchanged */
};
enum status db_case_follow_up(struct db_conn *conn, long case_id, const struct follow_up_input *in,
                              struct error *err);

struct case_edit_input {
    const char *dispute_type, *source, *summary, *claims, *occurred_on, *risk_level;
    long community_id; /* 0: unchanged */
};
/* STATUS_PRECONDITION when version is stale; a community outside the center is a field error. */
enum status db_case_edit(struct db_conn *conn, long case_id, int version,
                         const struct case_edit_input *in, struct error *err);

/* kind: "extend" (days), "pause" or "resume". *due_at receives the new due time (arena). */
enum status db_case_deadline(struct db_conn *conn, struct arena *arena, long case_id,
                             const char *kind, int days, const char *reason, bool applicant_consent,
                             bool respondent_consent, const char *actor, const char **due_at,
                             struct error *err);
