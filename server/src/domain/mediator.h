/* Mediators (调解员, docs/design.md, Mediators): what a valid mediator record looks like, and the
 * rule that ranks a center's mediators as suggestions for a case.
 *
 * The limits are field_limits.h's, which a test compares with the CHECK constraints of table
 * mediators and with the spec. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "field_limits.h"

#include "case_types.h"
#include "error.h"

#define MEDIATOR_NAME_MAX FIELD_LIMIT_MEDIATOR_NAME
#define MEDIATOR_ORGANIZATION_MAX FIELD_LIMIT_MEDIATOR_ORGANIZATION
#define MEDIATOR_CAPACITY_MIN 1
#define MEDIATOR_CAPACITY_MAX 1000
#define MEDIATOR_CAPACITY_DEFAULT 20

/* Adds a field error for each invalid value and returns STATUS_INVALID, or returns STATUS_OK.
 * NULL strings are skipped (the caller reports missing ones); so is max_open_cases < 0 (absent).
 *   "name"            valid UTF-8 of 1 to MEDIATOR_NAME_MAX characters
 *   "organization"    valid UTF-8 of 1 to MEDIATOR_ORGANIZATION_MAX characters
 *   "max_open_cases"  MEDIATOR_CAPACITY_MIN to MEDIATOR_CAPACITY_MAX
 * Errors already in err do not make this call fail. */
enum status mediator_validate(const char *name, const char *organization, long max_open_cases,
                              struct error *err);

/* Checks a list of specialties (dispute types): no type twice. Adds a field error on
 * "specialties" naming the first repeated type; returns STATUS_INVALID or STATUS_OK. */
enum status mediator_specialties_check(const enum dispute_type *types, size_t count,
                                       struct error *err);

/* One mediator as a candidate for a case. The caller fills the inputs; mediator_rank fills the
 * outputs. */
struct mediator_candidate {
    /* inputs */
    long id;
    enum mediation_channel channel;
    bool specialty_match; /* the case's dispute type is among the mediator's specialties */
    int open_cases;       /* assigned + in_mediation */
    int capacity;         /* max_open_cases, >= 1 */
    /* outputs */
    bool at_capacity; /* open_cases >= capacity */
    long score;       /* higher is better; see mediator_rank */
};

/* Orders candidates best first, in place. The rule, in order of precedence:
 *   1. mediators with room before those at capacity (open_cases >= capacity), who come last
 *   2. the case's dispute type among their specialties before the others
 *   3. more free capacity before less: the free share (capacity - open) / capacity, compared in
 *      thousandths (rounded down)
 *   4. the preferred channel before the others: the case's own channel when it has one
 *      (case_has_channel), otherwise people's mediation (人民调解)
 *   5. the lower id first, so that the order is stable
 * score encodes rules 1 to 4 as one number, so that sorting by score (descending) and then id
 * gives exactly this order:
 *   score = 100000 × (not at capacity) + 10000 × specialty_match + 2 × free thousandths (0..1000)
 *           + 1 × preferred channel
 * A capacity below 1 counts as 1. */
void mediator_rank(struct mediator_candidate *items, size_t count, bool case_has_channel,
                   enum mediation_channel case_channel);
