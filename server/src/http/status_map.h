/* status → HTTP: the one table that decides which HTTP status a failure becomes. */
#pragma once

#include "status.h"

int http_status_from(enum status status);

/* The reason phrase used as a problem's title, e.g. "Unprocessable Content". */
const char *http_status_title(int http_status);

/* A short slug for problem types, e.g. "validation-error". */
const char *http_status_slug(int http_status);
