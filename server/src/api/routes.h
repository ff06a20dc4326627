/* The route table: every operation of the API, its handler and the permission it requires.
 * api-spec/openapi.yaml describes the same operations; tests/contract checks that they agree. */
#pragma once

#include <stddef.h>

#include "router.h"

extern const struct http_route api_routes[];
extern const size_t api_route_count;
