/* Unlinked temporary files for bodies that must not sit in memory (uploads on their way to the
 * database, downloads on their way to the client). */
#pragma once

/* A new, already unlinked, read-write file in TMPDIR (default /tmp); -1 (errno set) on failure.
 * The caller closes it; its space is freed then. */
int tmpfile_open_unlinked(void);
