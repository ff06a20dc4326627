/* Deadline policy store. */
#include "policy_store.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "query.h"
#include "rows.h"

/* Array literals of up to DEADLINE_POLICY_ROWS_MAX elements: the longest dispute type name is
 * under 24 characters. */
#define LITERAL_MAX (DEADLINE_POLICY_ROWS_MAX * 24 + 8)

/* A policy row (a db_child_reader; arena unused). */
static enum status read_policy_row(PGresult *res, int row, void *item, struct arena *arena,
                                   struct error *err)
{
    (void)arena;
    struct deadline_policy_row *p = item;
    memset(p, 0, sizeof(*p));
    p->any_type = PQgetisnull(res, row, 1);
    p->days = (int)row_long(res, row, 3);
    p->max_extension_days = (int)row_long(res, row, 4);
    if ((!p->any_type && !dispute_type_parse(PQgetvalue(res, row, 1), &p->type)) ||
        !risk_level_parse(PQgetvalue(res, row, 2), &p->risk))
        return error_set(err, STATUS_INTERNAL, "malformed policy row (%s, %s)",
                         PQgetvalue(res, row, 1), PQgetvalue(res, row, 2));
    return STATUS_OK;
}

enum status db_policy_list(struct db_conn *conn, struct arena *arena, int center_id,
                           const char **center_code,
                           struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX], size_t *count,
                           struct error *err)
{
    PGresult *res = NULL;
    int policies = 0;
    *count = 0;
    /* the center's code, and its rows from column 1 on (dispute type NULL: any type; the risk
     * level in column 2 is never NULL in a row) */
    enum status st = db_query_children(conn, SQL_DEADLINE_POLICY_LIST, DB_ARGS(DB_INT(center_id)),
                                       2, "center", center_id, &res, &policies, err);
    if (st != STATUS_OK)
        return st;
    if (center_code && !(*center_code = row_text(res, 0, 0, arena))) {
        PQclear(res);
        return error_set(err, STATUS_NO_MEMORY, "out of memory");
    }
    if (policies > DEADLINE_POLICY_ROWS_MAX) {
        PQclear(res);
        return error_set(err, STATUS_INTERNAL, "center %d has too many policy rows", center_id);
    }
    return db_read_children(res, policies, rows, sizeof(*rows), read_policy_row, NULL, count, err);
}

enum status db_policy_days(struct db_conn *conn, int center_id, enum dispute_type type,
                           enum risk_level risk, int *days, int *max_extension_days,
                           struct error *err)
{
    struct deadline_policy_row rows[DEADLINE_POLICY_ROWS_MAX];
    size_t count;
    enum status st = db_policy_list(conn, NULL, center_id, NULL, rows, &count, err);
    if (st != STATUS_OK)
        return st;
    deadline_policy_resolve(rows, count, type, risk, days, max_extension_days);
    return STATUS_OK;
}

/* Appends text to a literal being built in out (LITERAL_MAX bytes). */
static void append(char *out, size_t *used, const char *text)
{
    int n = snprintf(out + *used, LITERAL_MAX - *used, "%s", text);
    if (n > 0 && *used + (size_t)n < LITERAL_MAX)
        *used += (size_t)n;
}

enum status db_policy_replace(struct db_conn *conn, int center_id,
                              const struct deadline_policy_row *rows, size_t count,
                              const struct db_actor *actor, struct error *err)
{
    if (count > DEADLINE_POLICY_ROWS_MAX)
        return error_add_field(err, "items", "must have at most %d rows", DEADLINE_POLICY_ROWS_MAX);
    char types[LITERAL_MAX], risks[LITERAL_MAX], days[LITERAL_MAX], caps[LITERAL_MAX];
    size_t tu = 0, ru = 0, du = 0, cu = 0;
    append(types, &tu, "{");
    append(risks, &ru, "{");
    append(days, &du, "{");
    append(caps, &cu, "{");
    for (size_t i = 0; i < count; i++) {
        char number[16];
        const char *sep = i ? "," : "";
        append(types, &tu, sep);
        append(types, &tu, rows[i].any_type ? "NULL" : dispute_type_name(rows[i].type));
        append(risks, &ru, sep);
        append(risks, &ru, risk_level_name(rows[i].risk));
        snprintf(number, sizeof(number), "%s%d", sep, rows[i].days);
        append(days, &du, number);
        snprintf(number, sizeof(number), "%s%d", sep, rows[i].max_extension_days);
        append(caps, &cu, number);
    }
    append(types, &tu, "}");
    append(risks, &ru, "}");
    append(days, &du, "}");
    append(caps, &cu, "}");

    enum status st = db_query_exec(conn, SQL_DEADLINE_POLICY_LOCK, DB_ARGS(DB_INT(center_id)), err);
    if (st != STATUS_OK)
        return st;
    long inserted = 0;
    st = db_query_long(conn, SQL_DEADLINE_POLICY_REPLACE,
                       DB_ARGS(DB_INT(center_id), DB_TEXT(types), DB_TEXT(risks), DB_TEXT(days),
                               DB_TEXT(caps), DB_ACTOR(actor)),
                       &inserted, err);
    if (st != STATUS_OK)
        return st;
    if (inserted != (long)count)
        return error_set(err, STATUS_INTERNAL, "policy replacement stored %ld of %zu rows",
                         inserted, count);
    return STATUS_OK;
}
