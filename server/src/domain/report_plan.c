/* Report dimensions and the choice between the rollups' slices and their daily cube. */
#include "report_plan.h"

#include <string.h>

#include "names.h"

#define REPORT_DIM_NAME(value, name, vocab) [value] = name,
#define REPORT_DIM_VOCAB(value, name, vocab) [value] = vocab,
static const char *const dim_names[REPORT_DIM_COUNT] = {REPORT_DIM_LIST(REPORT_DIM_NAME)};
static const enum case_vocab dim_vocabs[REPORT_DIM_COUNT] = {REPORT_DIM_LIST(REPORT_DIM_VOCAB)};

const char *report_dim_name(enum report_dim d)
{
    return names_get(dim_names, REPORT_DIM_COUNT, (int)d, NULL);
}

bool report_dim_parse(const char *name, size_t len, enum report_dim *out)
{
    int d = names_find_n(dim_names, REPORT_DIM_COUNT, name, len);
    if (d >= 0)
        *out = (enum report_dim)d;
    return d >= 0;
}

bool report_dim_vocab(enum report_dim d, enum case_vocab *out)
{
    if ((unsigned)d >= REPORT_DIM_COUNT || dim_vocabs[d] == CASE_VOCAB_COUNT)
        return false;
    *out = dim_vocabs[d];
    return true;
}

bool report_dim_is_time(enum report_dim d)
{
    return d == REPORT_DIM_MONTH || d == REPORT_DIM_WEEK;
}

const char *report_bucket_name(enum report_bucket b)
{
    switch (b) {
    case REPORT_BUCKET_MONTH:
        return "month";
    case REPORT_BUCKET_WEEK:
        return "week";
    case REPORT_BUCKET_PERIOD:
        break;
    }
    return "period";
}

void report_plan(const struct report_selection *sel, struct report_plan *plan)
{
    memset(plan, 0, sizeof(*plan));
    plan->bucket = REPORT_BUCKET_PERIOD;
    bool involved[REPORT_VALUE_DIMS] = {false};
    for (size_t i = 0; i < sel->by_count && i < REPORT_BY_MAX; i++) {
        enum report_dim d = sel->by[i];
        if (d == REPORT_DIM_MONTH) {
            plan->bucket = REPORT_BUCKET_MONTH;
        } else if (d == REPORT_DIM_WEEK) {
            plan->bucket = REPORT_BUCKET_WEEK;
        } else if ((unsigned)d < REPORT_VALUE_DIMS) {
            plan->cube_by[plan->cube_by_count++] = d;
            involved[d] = true;
        }
    }
    /* the involved dimensions in dimension order; the first two name the slices */
    size_t count = 0;
    bool mediator = false;
    for (int d = 0; d < REPORT_VALUE_DIMS; d++) {
        if (!involved[d] && !sel->filters[d])
            continue;
        if (count < 2)
            plan->slice[count] = (enum report_dim)d;
        mediator |= d == REPORT_DIM_MEDIATOR;
        count++;
    }
    if (count <= 2) {
        plan->slice_count = count;
        if (count >= 1)
            plan->value = sel->filters[plan->slice[0]];
        if (count == 2)
            plan->value2 = sel->filters[plan->slice[1]];
    }
    if (count <= 1 || (count == 2 && !mediator)) {
        /* the rows list the report's first value breakdown first */
        plan->swap = count == 2 && plan->cube_by_count > 0 && plan->cube_by[0] == plan->slice[1];
        plan->cube_by_count = 0;
        memset(plan->cube_by, 0, sizeof(plan->cube_by));
        return;
    }
    plan->use_cube = true;
    for (int d = 0; d < REPORT_VALUE_DIMS; d++)
        plan->filters[d] = sel->filters[d];
}
