/* Mediator validation and the suggestion ranking. */
#include "mediator.h"

#include <stdlib.h>

#include "community.h"

enum status mediator_validate(const char *name, const char *organization, long max_open_cases,
                              struct error *err)
{
    size_t before = err->field_count;
    if (name)
        text_field_check("name", name, MEDIATOR_NAME_MAX, err);
    if (organization)
        text_field_check("organization", organization, MEDIATOR_ORGANIZATION_MAX, err);
    if (max_open_cases >= 0 &&
        (max_open_cases < MEDIATOR_CAPACITY_MIN || max_open_cases > MEDIATOR_CAPACITY_MAX))
        error_add_field(err, "max_open_cases", "must be from %d to %d", MEDIATOR_CAPACITY_MIN,
                        MEDIATOR_CAPACITY_MAX);
    return err->field_count == before ? STATUS_OK : STATUS_INVALID;
}

enum status mediator_specialties_check(const enum dispute_type *types, size_t count,
                                       struct error *err)
{
    bool seen[DISPUTE_TYPE_COUNT] = {false};
    for (size_t i = 0; i < count; i++) {
        if ((unsigned)types[i] >= DISPUTE_TYPE_COUNT)
            return error_add_field(err, "specialties", "must list dispute types");
        if (seen[types[i]])
            return error_add_field(err, "specialties", "lists %s twice",
                                   dispute_type_name(types[i]));
        seen[types[i]] = true;
    }
    return STATUS_OK;
}

static int by_score(const void *a, const void *b)
{
    const struct mediator_candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

void mediator_rank(struct mediator_candidate *items, size_t count, bool case_has_channel,
                   enum mediation_channel case_channel)
{
    enum mediation_channel preferred = case_has_channel ? case_channel : MEDIATION_CHANNEL_PEOPLE;
    for (size_t i = 0; i < count; i++) {
        struct mediator_candidate *c = &items[i];
        long capacity = c->capacity > 0 ? c->capacity : 1;
        long open = c->open_cases > 0 ? c->open_cases : 0;
        c->at_capacity = open >= capacity;
        /* thousandths of capacity still free, rounded down: 0 when full, 1000 when idle */
        long free_permille = c->at_capacity ? 0 : (capacity - open) * 1000 / capacity;
        c->score = (c->at_capacity ? 0 : 100000) + (c->specialty_match ? 10000 : 0) +
                   2 * free_permille + (c->channel == preferred ? 1 : 0);
    }
    if (count > 1)
        qsort(items, count, sizeof(*items), by_score);
}
