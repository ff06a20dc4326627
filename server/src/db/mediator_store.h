/* Mediators (调解员): the directory, their workload, and the candidates for a case.
 *
 * Every call takes the caller's center_id: 0 means a city-level caller who sees every center;
 * otherwise a mediator (or case) of another center is STATUS_NOT_FOUND, as if it did not exist. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "actor.h"
#include "case_state.h"
#include "case_types.h"
#include "error.h"

struct arena;
struct db_conn;

/* A mediator. Strings live in the arena passed to the call that produced the struct. */
struct mediator {
    long id;
    int center_id;
    const char *center; /* center code */
    const char *name;
    const char *organization;
    const char *channel;     /* enum mediation_channel name */
    const char *specialties; /* dispute type names, space-separated; "" when none */
    int max_open_cases;
    bool active;
    long user_id; /* 0: not linked to a user */
    int version;
    const char *created_at; /* RFC 3339, UTC */
};

/* The fields of a new mediator, or the changes to one. For changes, NULL strings, a negative
 * max_open_cases or active, and set_specialties / set_user false leave a field as it is. */
struct mediator_fields {
    const char *name;
    const char *organization;
    const char *channel; /* a valid enum mediation_channel name */
    bool set_specialties;
    const enum dispute_type *specialties; /* valid, distinct values */
    size_t specialty_count;
    int max_open_cases;
    int active; /* 1, 0, or -1 */
    bool set_user;
    long user_id; /* 0: none (unlinks on a change) */
};

/* Filters of a list; NULL (active: -1) means any. */
struct mediator_filter {
    const char *channel;   /* a valid enum mediation_channel name */
    int active;            /* 1, 0, or -1 */
    const char *specialty; /* a valid enum dispute_type name */
    const char *q;         /* substring of the name, case-insensitive */
};

/* Checks, inside the caller's transaction, that user_id may be linked to a mediator of
 * center_id (mediator_id: the mediator being changed, 0 for a new one), and locks the user's row
 * until the transaction ends so that the answer holds:
 *   STATUS_INVALID   field error on "user_id": no such user in the center (a user of another
 *                    center, or a city-level user, is the same answer), or the user's role is not
 *                    mediator
 *   STATUS_CONFLICT  the user is already linked to another mediator */
enum status db_mediator_user_check(struct db_conn *conn, long user_id, int center_id,
                                   long mediator_id, struct error *err);

/* Inserts a mediator of center_id and its audit event (mediator.create). A linked user taken
 * meanwhile → STATUS_CONFLICT. Check the user first with db_mediator_user_check. */
enum status db_mediator_insert(struct db_conn *conn, struct arena *arena, int center_id,
                               const struct mediator_fields *fields, const struct db_actor *actor,
                               struct mediator *out, struct error *err);

/* One mediator visible to center_id (0: every center); STATUS_NOT_FOUND otherwise. */
enum status db_mediator_get(struct db_conn *conn, struct arena *arena, long id, int center_id,
                            struct mediator *out, struct error *err);

/* Up to limit mediators with id > after_id that pass filter, in id order; center_id 0 means every
 * center. *items is allocated from arena. */
enum status db_mediator_list(struct db_conn *conn, struct arena *arena, int center_id,
                             const struct mediator_filter *filter, long after_id, int limit,
                             struct mediator **items, size_t *count, struct error *err);

/* Applies change when the mediator's version is still version, and writes the audit event
 * (mediator.update, before and after). STATUS_NOT_FOUND when no such mediator for the caller;
 * STATUS_CONFLICT with "stale" when the version moved on, or when the user to link was taken
 * meanwhile. Check a user to link first with db_mediator_user_check. */
enum status db_mediator_update(struct db_conn *conn, struct arena *arena, long id, int center_id,
                               int version, const struct mediator_fields *change,
                               const struct db_actor *actor, struct mediator *out,
                               struct error *err);

struct mediator_workload {
    long mediator_id;
    int capacity;                      /* max_open_cases */
    long open_cases;                   /* assigned + in_mediation */
    long overdue;                      /* open cases past due_at whose clock is not paused */
    long by_status[CASE_STATUS_COUNT]; /* every case that names the mediator, by status */
    long closed_last_30_days;
};

/* The workload of a mediator visible to center_id; STATUS_NOT_FOUND otherwise. */
enum status db_mediator_workload(struct db_conn *conn, long id, int center_id,
                                 struct mediator_workload *out, struct error *err);

/* An active mediator of a case's center, as a candidate for the case. */
struct mediator_candidate_row {
    long id;
    const char *name;
    const char *organization;
    enum mediation_channel channel;
    bool specialty_match; /* the case's dispute type is among the mediator's specialties */
    int open_cases;       /* assigned + in_mediation */
    int capacity;
};

/* The case (visible to center_id) and every active mediator of its center, in id order:
 * *dispute_type of the case, *has_channel and *channel (the case's channel, when it has one), and
 * *items (arena). STATUS_NOT_FOUND when no such case for the caller. */
enum status db_mediator_candidates(struct db_conn *conn, struct arena *arena, long case_id,
                                   int center_id, enum dispute_type *dispute_type,
                                   bool *has_channel, enum mediation_channel *channel,
                                   struct mediator_candidate_row **items, size_t *count,
                                   struct error *err);

/* The capacity (max_open_cases) of a mediator of the case's center and their open cases other
 * than case_id, the mediator's row locked until the transaction ends so that concurrent
 * assignments count each other; STATUS_NOT_FOUND (a field error on mediator_id) when the case's
 * center has no such mediator. */
enum status db_mediator_capacity(struct db_conn *conn, long mediator_id, long case_id,
                                 int *capacity, int *open_cases, struct error *err);
