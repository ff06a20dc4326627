/* Request metrics kept in fixed arrays of atomic counters: no lock and no allocation per request.
 * Rendered in the Prometheus text exposition format. */
#pragma once

#include <stddef.h>

#include "buf.h"

struct http_route;
struct http_metrics;

/* One slot per route plus one for requests that matched no route. NULL when out of memory. */
struct http_metrics *http_metrics_new(const struct http_route *routes, size_t route_count);
void http_metrics_free(struct http_metrics *m);

/* route: index into the table, or -1 for unmatched requests. */
void http_metrics_record(struct http_metrics *m, int route, int http_status, double seconds);
void http_metrics_in_flight(struct http_metrics *m, int delta);

enum status http_metrics_render(struct http_metrics *m, struct buf *out);
