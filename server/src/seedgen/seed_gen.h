/* The data generator's rules (`mediation-seed`): what each generated case of a center is, the
 * path it takes through the status machine of case_state.h with the instant of every step, its
 * parties, sessions, deadline extension and agreement. Everything is a pure function of the
 * seed, the case number n and the center's reference data (struct seed_gen_world), so the same
 * seed on the same database state gives the same data, and any part of a case can be computed
 * again from n alone.
 *
 * The draws and formulas are those of the set-based SQL generator this replaces (seed_u() of
 * migration 0005 is seed_gen_u here, bit for bit, and the instant arithmetic follows
 * PostgreSQL's interval rules), so a seed of past dates gives the same rows it gave.
 *
 * Instants are microseconds since 2000-01-01 00:00 UTC and dates days since 2000-01-01, as
 * PostgreSQL's binary timestamptz and date. Local dates come from a table of the center's local
 * midnights (struct seed_gen_world), so no time zone code runs here; within a local day an instant
 * is its midnight plus the time of day (exact for zones without daylight saving time, such as
 * Asia/Shanghai).
 *
 * Nothing here allocates: strings go into the caller's structs, whose sizes are below. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case_state.h"
#include "case_types.h"

/* An instant, id or amount that is absent (SQL NULL). */
#define SEED_GEN_NONE INT64_MIN

#define SEED_GEN_USECS_PER_DAY 86400000000LL

/* Room for the longest generated text of each kind and its NUL (UTF-8). */
#define SEED_GEN_CASE_NO_MAX 48
#define SEED_GEN_CLAIMS_MAX 128
#define SEED_GEN_NAME_MAX 64
#define SEED_GEN_ADDRESS_MAX 96
#define SEED_GEN_EXTERNAL_ID_MAX 80
#define SEED_GEN_TERMS_MAX 160
#define SEED_GEN_PARTICIPANTS_MAX 64

/* Days to conclude a case of one dispute type and risk level, and the mediators that may get it:
 * the active mediators of the center whose specialties cover the type, or every active one. */
struct seed_gen_rule {
    int days;                 /* 1..365 */
    const int64_t *mediators; /* ascending ids, mediator_count of them (≥ 1); the caller's */
    size_t mediator_count;
};

/* What a seed depends on besides n. All arrays are the caller's and must outlive every call. */
struct seed_gen_world {
    int64_t seed;
    int64_t now;       /* the transaction's now(): nothing happens after it */
    int32_t first_day; /* the received range, local days, first_day ≤ last_day */
    int32_t last_day;
    const int64_t *midnights; /* UTC instant of the local midnight of day midnight_first + i */
    int32_t midnight_first;   /* must cover first_day .. the local day of now, and one more */
    size_t midnight_count;
    const int64_t *communities; /* the center's community ids, ascending (≥ 1) */
    size_t community_count;
    struct seed_gen_rule rules[DISPUTE_TYPE_COUNT][RISK_LEVEL_COUNT];
};

/* One case: where it came from and what happened to it by now (SEED_GEN_NONE: not happened). */
struct seed_gen_case {
    int64_t n;
    enum dispute_type type;
    enum case_source source;
    enum risk_level risk;
    int64_t community_id;
    int party_count; /* 1..3 */
    int64_t received_at;
    int32_t occurred_on; /* a date; meaningful when has_occurred_on */
    bool has_occurred_on;
    int64_t declined_at;
    int64_t accepted_at;
    int64_t due_at; /* set at acceptance (before any extension) */
    int64_t assigned_at;
    int64_t mediator_id; /* when assigned */
    int64_t session_at;  /* the first session: assigned → in_mediation */
    int extra_sessions;  /* session rows written for it: 0 for most, 1..3 for a sample */
    int extension_days;  /* 0 unless extended */
    int64_t extended_at;
    int64_t closed_at;
    enum case_outcome outcome; /* when closed */
    int64_t amount_fen;        /* resolved: the agreement's amount */
    int64_t return_visit_at;   /* resolved: the follow-up visit, for some */
};

/* The texts and flags of a case row that are not in struct seed_gen_case. Pointers are to static
 * strings (NULL: SQL NULL). */
struct seed_gen_case_texts {
    const char *summary;
    char claims[SEED_GEN_CLAIMS_MAX];
    const char *decline_reason, *referral_advice;
    const char *outcome_note, *referred_to;
    bool prevented_escalation, prevented_mass_petition;
    const char *return_visit_note;
    bool has_performance;
    enum performance performance;
    bool judicial_confirmation;
    const char *external_system; /* NULL: no external reference */
    const char
        *external_prefix; /* "GD" or "WG": external_id is prefix + YYYYMMDD + '-' + case_no */
};

struct seed_gen_party {
    enum party_role role;
    enum party_kind kind;
    char name[SEED_GEN_NAME_MAX];
    char id_number[20];                 /* "" when none */
    char phone[20];                     /* "" when none */
    char address[SEED_GEN_ADDRESS_MAX]; /* "" when none */
};

struct seed_gen_session {
    int64_t held_at;
    enum session_kind kind;
    char participants[SEED_GEN_PARTICIPANTS_MAX];
    const char *notes;
};

struct seed_gen_agreement {
    enum agreement_form form;
    int32_t signed_on;
    char terms[SEED_GEN_TERMS_MAX];
    const char *performance_method; /* NULL when nothing is to be paid */
    int32_t perform_by;             /* meaningful when has_perform_by */
    bool has_perform_by;
};

/* A uniform number in [0, 1) that depends only on (seed, n, k): the k-th draw of case n. Equal to
 * migration 0005's seed_u(seed, n, k), PostgreSQL's hashint8extended(n * 131 + k, seed) scaled. */
double seed_gen_u(int64_t seed, int64_t n, int k);

/* The instant a case's received range starts and the one it ends (the end of last_day or now,
 * whichever is first). */
int64_t seed_gen_range_start(const struct seed_gen_world *w);
int64_t seed_gen_range_end(const struct seed_gen_world *w);

/* The local day containing instant t (clamped to the midnight table). */
int32_t seed_gen_local_day(const struct seed_gen_world *w, int64_t t);

/* Only the received instant of case n (what orders the cases). */
int64_t seed_gen_received_at(const struct seed_gen_world *w, int64_t n);

/* Case n: its draws and its path. */
void seed_gen_case(const struct seed_gen_world *w, int64_t n, struct seed_gen_case *out);

/* The status the case's path leaves it in, and its version (1 + one per transition). */
enum case_status seed_gen_status(const struct seed_gen_case *c);
int seed_gen_version(const struct seed_gen_case *c);
/* The deadline now: as set at acceptance plus the extension. SEED_GEN_NONE if not accepted. */
int64_t seed_gen_due_now(const struct seed_gen_case *c);

void seed_gen_case_texts(const struct seed_gen_world *w, const struct seed_gen_case *c,
                         struct seed_gen_case_texts *out);

/* Party 1..c->party_count of the case: an applicant, mostly a respondent, sometimes a third
 * party; people with names, resident ID numbers (valid check characters), mobiles and addresses,
 * and in some disputes an organization with a credit code and a fixed line. About 5 % come from a
 * small pool of repeat disputants, who are the same person (name, number, phone) everywhere. */
void seed_gen_party(const struct seed_gen_world *w, const struct seed_gen_case *c, int position,
                    struct seed_gen_party *out);

/* Session row 0..c->extra_sessions - 1: spread from the first session to the close (or now). */
void seed_gen_session(const struct seed_gen_world *w, const struct seed_gen_case *c, int k,
                      struct seed_gen_session *out);

/* The agreement of a resolved case (c->outcome resolved and closed). */
void seed_gen_agreement(const struct seed_gen_world *w, const struct seed_gen_case *c,
                        struct seed_gen_agreement *out);

/* Writes "YYYYMMDD" (and a NUL) for a date. */
void seed_gen_format_yyyymmdd(int32_t date, char out[9]);
/* The calendar year of a date. */
int seed_gen_year(int32_t date);
