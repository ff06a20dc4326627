/* Deadline policy rows: validation, the risk order, and which row a case gets. */
#include "deadline_policy.h"

#include <stdio.h>

#include "deadline.h"

/* The index of the row for (any_type or type, risk), or -1. */
static int find(const struct deadline_policy_row *rows, size_t count, bool any_type,
                enum dispute_type type, enum risk_level risk)
{
    for (size_t i = 0; i < count; i++)
        if (rows[i].risk == risk && rows[i].any_type == any_type &&
            (any_type || rows[i].type == type))
            return (int)i;
    return -1;
}

/* What (scope, risk) gets: the days and the row they come from (-1: the default). A scope is one
 * dispute type (any_type false) or the any-type rows alone. */
static int effective(const struct deadline_policy_row *rows, size_t count, bool any_type,
                     enum dispute_type type, enum risk_level risk, int *row)
{
    *row = any_type ? -1 : find(rows, count, false, type, risk);
    if (*row < 0)
        *row = find(rows, count, true, type, risk);
    return *row >= 0 ? rows[*row].days : deadline_default_days(type, risk);
}

static void describe(int row, char *out, size_t size)
{
    /* the return value is used so that -Wformat-truncation accepts a cut (it never happens:
     * rows are fewer than 100) */
    int n = row >= 0 ? snprintf(out, size, "items[%d]", row) : snprintf(out, size, "default");
    if (n < 0 || (size_t)n >= size)
        out[size - 1] = '\0';
}

/* Checks the risk order within one scope; returns false when it found a violation. */
static bool risk_order_check(const struct deadline_policy_row *rows, size_t count, bool any_type,
                             enum dispute_type type, struct error *err)
{
    bool ok = true;
    int lower_row;
    int lower = effective(rows, count, any_type, type, RISK_LEVEL_NONE, &lower_row);
    for (int r = RISK_LEVEL_NONE + 1; r < RISK_LEVEL_COUNT; r++) {
        int higher_row;
        int higher = effective(rows, count, any_type, type, (enum risk_level)r, &higher_row);
        bool own_higher = higher_row >= 0 && rows[higher_row].any_type == any_type;
        bool own_lower = lower_row >= 0 && rows[lower_row].any_type == any_type;
        /* a type whose two levels both come from the any-type rows is the any-type scope's case */
        if (higher > lower && (any_type || own_higher || own_lower)) {
            ok = false;
            int blamed = own_higher ? higher_row : own_lower ? lower_row : higher_row;
            if (blamed < 0)
                blamed = lower_row;
            char field[ERROR_FIELD_NAME_MAX], from_higher[16], from_lower[16];
            if (blamed >= 0)
                snprintf(field, sizeof(field), "items[%d].days", blamed);
            else
                snprintf(field, sizeof(field), "items");
            describe(higher_row, from_higher, sizeof(from_higher));
            describe(lower_row, from_lower, sizeof(from_lower));
            error_add_field(err, field,
                            "for %s, risk %s gets %d days (%s), more than risk %s with %d days "
                            "(%s): a higher risk may not get more days",
                            any_type ? "any dispute type" : dispute_type_name(type),
                            risk_level_name((enum risk_level)r), higher, from_higher,
                            risk_level_name((enum risk_level)(r - 1)), lower, from_lower);
        }
        lower = higher;
        lower_row = higher_row;
    }
    return ok;
}

enum status deadline_policy_check(const struct deadline_policy_row *rows, size_t count,
                                  struct error *err)
{
    size_t before = err->field_count;
    bool valid = true;
    if (count > DEADLINE_POLICY_ROWS_MAX) {
        error_add_field(err, "items", "must have at most %d rows", DEADLINE_POLICY_ROWS_MAX);
        return STATUS_INVALID;
    }
    char field[ERROR_FIELD_NAME_MAX];
    for (size_t i = 0; i < count; i++) {
        const struct deadline_policy_row *row = &rows[i];
        if ((unsigned)row->risk >= RISK_LEVEL_COUNT) {
            snprintf(field, sizeof(field), "items[%zu].risk_level", i);
            error_add_field(err, field, "must be none, yellow, orange or red");
            valid = false;
            continue;
        }
        if (!row->any_type && (unsigned)row->type >= DISPUTE_TYPE_COUNT) {
            snprintf(field, sizeof(field), "items[%zu].dispute_type", i);
            error_add_field(err, field, "must be a dispute type or null");
            valid = false;
            continue;
        }
        if (row->days < DEADLINE_POLICY_DAYS_MIN || row->days > DEADLINE_POLICY_DAYS_MAX) {
            snprintf(field, sizeof(field), "items[%zu].days", i);
            error_add_field(err, field, "must be from %d to %d", DEADLINE_POLICY_DAYS_MIN,
                            DEADLINE_POLICY_DAYS_MAX);
            valid = false;
        }
        if (row->max_extension_days < 0 ||
            row->max_extension_days > DEADLINE_POLICY_EXTENSION_MAX) {
            snprintf(field, sizeof(field), "items[%zu].max_extension_days", i);
            error_add_field(err, field, "must be from 0 to %d", DEADLINE_POLICY_EXTENSION_MAX);
            valid = false;
        }
        int first = find(rows, i, row->any_type, row->type, row->risk);
        if (first >= 0) {
            snprintf(field, sizeof(field), "items[%zu]", i);
            error_add_field(err, field, "repeats dispute_type %s and risk_level %s of items[%d]",
                            row->any_type ? "null" : dispute_type_name(row->type),
                            risk_level_name(row->risk), first);
            valid = false;
        }
    }
    if (valid) {
        risk_order_check(rows, count, true, DISPUTE_TYPE_OTHER, err);
        for (int t = 0; t < DISPUTE_TYPE_COUNT; t++) {
            bool has_rows = false;
            for (size_t i = 0; i < count && !has_rows; i++)
                has_rows = !rows[i].any_type && rows[i].type == (enum dispute_type)t;
            if (has_rows)
                risk_order_check(rows, count, false, (enum dispute_type)t, err);
        }
    }
    return err->field_count == before ? STATUS_OK : STATUS_INVALID;
}

void deadline_policy_resolve(const struct deadline_policy_row *rows, size_t count,
                             enum dispute_type type, enum risk_level risk, int *days,
                             int *max_extension_days)
{
    int row = find(rows, count, false, type, risk);
    if (row < 0)
        row = find(rows, count, true, type, risk);
    if (row >= 0 && rows[row].days > 0) {
        *days = rows[row].days;
        *max_extension_days = rows[row].max_extension_days;
    } else {
        *days = deadline_default_days(type, risk);
        *max_extension_days = DEADLINE_DEFAULT_EXTENSION_CAP_DAYS;
    }
}
