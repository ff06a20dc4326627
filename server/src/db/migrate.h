/* Applying the migrations this binary ships (the files of migrations/, embedded at build time). */
#pragma once

#include "error.h"

struct db_conn;

/* Opens its own connection, takes a session advisory lock so that concurrent instances apply each
 * migration exactly once, applies every pending migration in its own transaction (recording its
 * name and checksum in schema_migrations), then creates the first center when none exists.
 * Refuses (STATUS_CONFLICT) when an applied migration's checksum is neither the shipped file's
 * nor an earlier text of it listed in migrations/superseded.txt; one that is listed is accepted
 * before any pending migration runs (its bridge, if any, run and its checksum set to the shipped
 * one, in one transaction), then logged.
 * *applied_now receives how many migrations this call applied. */
enum status db_migrate(const char *conninfo, int connect_timeout_s, const char *center_code,
                       const char *center_name, int *applied_now, struct error *err);

/* STATUS_OK when the database has applied exactly the migrations this binary ships (each with its
 * shipped checksum or a superseded one);
 * STATUS_CONFLICT when not; STATUS_UNAVAILABLE when it cannot be asked. */
enum status db_migrations_current(struct db_conn *conn, struct error *err);
