/* Migration planning: applied must be a checksum-identical prefix of available. */
#include "migration_plan.h"

#include <string.h>

enum status migration_plan(const struct migration_record *applied, size_t applied_count,
                           const struct migration_record *available, size_t available_count,
                           size_t *first_pending, struct error *err)
{
    for (size_t i = 0; i < applied_count; i++) {
        if (i >= available_count)
            return error_set(err, STATUS_CONFLICT,
                             "database has migration %s that this binary does not ship",
                             applied[i].name);
        if (strcmp(applied[i].name, available[i].name) != 0)
            return error_set(err, STATUS_CONFLICT,
                             "database has migration %s where this binary ships %s",
                             applied[i].name, available[i].name);
        if (strcmp(applied[i].checksum, available[i].checksum) != 0)
            return error_set(err, STATUS_CONFLICT,
                             "migration %s was changed after it was applied (checksum %.12s "
                             "applied, %.12s shipped)",
                             applied[i].name, applied[i].checksum, available[i].checksum);
    }
    *first_pending = applied_count;
    return STATUS_OK;
}
