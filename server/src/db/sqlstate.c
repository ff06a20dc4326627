/* SQLSTATE mapping table. Exact codes are checked before their classes. */
#include "sqlstate.h"

#include <string.h>

struct sqlstate_row {
    const char *code; /* five characters, or a two-character class */
    enum status status;
};

static const struct sqlstate_row exact[] = {
    {"23505", STATUS_CONFLICT},    /* unique_violation */
    {"23P01", STATUS_CONFLICT},    /* exclusion_violation */
    {"23503", STATUS_INVALID},     /* foreign_key_violation */
    {"23514", STATUS_INVALID},     /* check_violation */
    {"23502", STATUS_INVALID},     /* not_null_violation */
    {"40001", STATUS_RETRY},       /* serialization_failure */
    {"40P01", STATUS_RETRY},       /* deadlock_detected */
    {"55P03", STATUS_RETRY},       /* lock_not_available */
    {"57014", STATUS_UNAVAILABLE}, /* query_canceled: statement_timeout */
    {"57P01", STATUS_UNAVAILABLE}, /* admin_shutdown */
    {"57P02", STATUS_UNAVAILABLE}, /* crash_shutdown */
    {"57P03", STATUS_UNAVAILABLE}, /* cannot_connect_now: starting up */
    {"42501", STATUS_FORBIDDEN},   /* insufficient_privilege: append-only tables */
};

static const struct sqlstate_row classes[] = {
    {"08", STATUS_UNAVAILABLE}, /* connection exception */
    {"53", STATUS_UNAVAILABLE}, /* insufficient resources */
    {"22", STATUS_INVALID},     /* data exception */
};

enum status db_sqlstate_status(const char *sqlstate)
{
    if (!sqlstate || strlen(sqlstate) != 5)
        return STATUS_INTERNAL;
    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
        if (memcmp(sqlstate, exact[i].code, 5) == 0)
            return exact[i].status;
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (memcmp(sqlstate, classes[i].code, 2) == 0)
            return classes[i].status;
    return STATUS_INTERNAL;
}
