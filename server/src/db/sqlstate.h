/* SQLSTATE → status: the one table that decides what a PostgreSQL error means to a client. */
#pragma once

#include "status.h"

/* Maps a five-character SQLSTATE (NULL when libpq gave none) to a status:
 * 23505 unique violation → STATUS_CONFLICT; 23503, 23514, 23502, 22xxx data errors →
 * STATUS_INVALID; 40001, 40P01 → STATUS_RETRY; 08xxx, 57P01-57P03, 53xxx → STATUS_UNAVAILABLE;
 * 57014 statement timeout → STATUS_UNAVAILABLE; anything else → STATUS_INTERNAL. */
enum status db_sqlstate_status(const char *sqlstate);
