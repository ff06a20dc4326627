/* Migration planning: applied must be a prefix of available, each with the shipped checksum or a
 * superseded one of the same migration. */
#include "migration_plan.h"

#include <string.h>

const struct migration_superseded *
migration_superseded_find(const char *name, const char *checksum,
                          const struct migration_superseded *superseded, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(superseded[i].name, name) == 0 && strcmp(superseded[i].checksum, checksum) == 0)
            return &superseded[i];
    return NULL;
}

enum status migration_plan(const struct migration_record *applied, size_t applied_count,
                           const struct migration_record *available, size_t available_count,
                           const struct migration_superseded *superseded, size_t superseded_count,
                           size_t *first_pending, const struct migration_superseded **accepted,
                           struct error *err)
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
        const struct migration_superseded *old = NULL;
        if (strcmp(applied[i].checksum, available[i].checksum) != 0) {
            old = migration_superseded_find(applied[i].name, applied[i].checksum, superseded,
                                            superseded_count);
            if (!old)
                return error_set(err, STATUS_CONFLICT,
                                 "migration %s was changed after it was applied (checksum %.12s "
                                 "applied, %.12s shipped, and not an earlier text listed in "
                                 "superseded.txt)",
                                 applied[i].name, applied[i].checksum, available[i].checksum);
        }
        if (accepted)
            accepted[i] = old;
    }
    *first_pending = applied_count;
    return STATUS_OK;
}
