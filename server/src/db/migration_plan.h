/* Deciding which migrations to apply: pure logic, kept apart from libpq so it can be unit tested.
 */
#pragma once

#include <stddef.h>

#include "error.h"

struct migration_record {
    const char *name;     /* e.g. "0001_foundation" */
    const char *checksum; /* lowercase hex SHA-256 of the file */
};

/* Compares what the database has applied (applied, sorted by name) with what this binary ships
 * (available, sorted by name). On success *first_pending is the index in available of the first
 * migration to apply (available_count when none). Fails with STATUS_CONFLICT when an applied
 * migration's checksum differs from the shipped file, when the database has applied a migration
 * this binary does not know (a newer binary ran), or when the applied ones are not a prefix of the
 * shipped ones (a file was inserted before an applied one). */
enum status migration_plan(const struct migration_record *applied, size_t applied_count,
                           const struct migration_record *available, size_t available_count,
                           size_t *first_pending, struct error *err);
