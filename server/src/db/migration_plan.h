/* Deciding which migrations to apply: pure logic, kept apart from libpq so it can be unit tested.
 */
#pragma once

#include <stddef.h>

#include "error.h"

struct migration_record {
    const char *name;     /* e.g. "0001_foundation" */
    const char *checksum; /* lowercase hex SHA-256 of the file */
};

/* An earlier committed text of a shipped migration (a line of migrations/superseded.txt): a
 * database that applied it is accepted, because later migrations bring it to the same schema. */
struct migration_superseded {
    const char *name;     /* the shipped migration, e.g. "0011_intake_concurrency" */
    const char *checksum; /* lowercase hex SHA-256 of the earlier text */
    const char *commit;   /* the commit that had that text */
    /* NULL, or SQL (a file of migrations/superseded/) that brings a database with that text to
     * what the shipped text leaves, where later migrations alone would not (migrate.c runs it) */
    const char *bridge_sql;
};

/* The entry of superseded (count entries) for that name and checksum, or NULL. An entry only ever
 * matches its own migration's name. */
const struct migration_superseded *
migration_superseded_find(const char *name, const char *checksum,
                          const struct migration_superseded *superseded, size_t count);

/* Compares what the database has applied (applied, sorted by name) with what this binary ships
 * (available, sorted by name). An applied checksum must be the shipped file's, or an earlier
 * text of the same migration listed in superseded (superseded_count entries; NULL when none).
 * On success *first_pending is the index in available of the first migration to apply
 * (available_count when none), and when accepted is not NULL (an array of applied_count
 * entries), accepted[i] is NULL for a current checksum and the matching superseded entry
 * otherwise. Fails with STATUS_CONFLICT when an applied checksum is neither, when the database
 * has applied a migration this binary does not know (a newer binary ran), or when the applied
 * ones are not a prefix of the shipped ones (a file was inserted before an applied one). */
enum status migration_plan(const struct migration_record *applied, size_t applied_count,
                           const struct migration_record *available, size_t available_count,
                           const struct migration_superseded *superseded, size_t superseded_count,
                           size_t *first_pending, const struct migration_superseded **accepted,
                           struct error *err);
