/* Counters by route and status, and a latency histogram per route. */
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>

#include "router.h"

/* Statuses get their own counter; anything else is counted under its class (2xx … 5xx). */
static const int tracked_statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                                       412, 413, 414, 415, 422, 428, 429, 500, 503};
#define TRACKED (sizeof(tracked_statuses) / sizeof(tracked_statuses[0]))
#define STATUS_SLOTS (TRACKED + 5) /* + other 1xx..5xx */

static const double bucket_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                       0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
#define BUCKETS (sizeof(bucket_bounds) / sizeof(bucket_bounds[0]))

struct route_counters {
    unsigned long by_status[STATUS_SLOTS];
    unsigned long buckets[BUCKETS + 1]; /* last: +Inf */
    unsigned long count;
    double sum_seconds; /* updated with a CAS loop */
};

struct http_metrics {
    const struct http_route *routes;
    size_t route_count;
    long in_flight;
    struct route_counters *per_route; /* route_count + 1, the last for unmatched */
};

struct http_metrics *http_metrics_new(const struct http_route *routes, size_t route_count)
{
    struct http_metrics *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->per_route = calloc(route_count + 1, sizeof(*m->per_route));
    if (!m->per_route) {
        free(m);
        return NULL;
    }
    m->routes = routes;
    m->route_count = route_count;
    return m;
}

void http_metrics_free(struct http_metrics *m)
{
    if (!m)
        return;
    free(m->per_route);
    free(m);
}

static size_t status_slot(int status)
{
    for (size_t i = 0; i < TRACKED; i++)
        if (tracked_statuses[i] == status)
            return i;
    int cls = status / 100;
    if (cls < 1 || cls > 5)
        cls = 5;
    return TRACKED + (size_t)(cls - 1);
}

void http_metrics_record(struct http_metrics *m, int route, int http_status, double seconds)
{
    struct route_counters *c =
        &m->per_route[route >= 0 && (size_t)route < m->route_count ? (size_t)route
                                                                   : m->route_count];
    __atomic_fetch_add(&c->by_status[status_slot(http_status)], 1, __ATOMIC_RELAXED);
    size_t b = 0;
    while (b < BUCKETS && seconds > bucket_bounds[b])
        b++;
    __atomic_fetch_add(&c->buckets[b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&c->count, 1, __ATOMIC_RELAXED);
    double old, next;
    __atomic_load(&c->sum_seconds, &old, __ATOMIC_RELAXED);
    do {
        next = old + seconds;
    } while (!__atomic_compare_exchange(&c->sum_seconds, &old, &next, 1, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED));
}

void http_metrics_in_flight(struct http_metrics *m, int delta)
{
    __atomic_fetch_add(&m->in_flight, delta, __ATOMIC_RELAXED);
}

static void route_label(const struct http_metrics *m, size_t i, const char **method,
                        const char **pattern)
{
    if (i < m->route_count) {
        *method = m->routes[i].method;
        *pattern = m->routes[i].pattern;
    } else {
        *method = "";
        *pattern = "unmatched";
    }
}

static void status_label(size_t slot, char *out, size_t size)
{
    if (slot < TRACKED)
        snprintf(out, size, "%d", tracked_statuses[slot]);
    else
        snprintf(out, size, "%zuxx", slot - TRACKED + 1);
}

enum status http_metrics_render(struct http_metrics *m, struct buf *out)
{
    enum status st =
        buf_printf(out,
                   "# HELP mediationd_http_requests_in_flight Requests being processed.\n"
                   "# TYPE mediationd_http_requests_in_flight gauge\n"
                   "mediationd_http_requests_in_flight %ld\n"
                   "# HELP mediationd_http_requests_total Requests answered, by route and status.\n"
                   "# TYPE mediationd_http_requests_total counter\n",
                   __atomic_load_n(&m->in_flight, __ATOMIC_RELAXED));
    for (size_t i = 0; st == STATUS_OK && i <= m->route_count; i++) {
        const char *method, *pattern;
        route_label(m, i, &method, &pattern);
        for (size_t s = 0; st == STATUS_OK && s < STATUS_SLOTS; s++) {
            unsigned long n = __atomic_load_n(&m->per_route[i].by_status[s], __ATOMIC_RELAXED);
            if (!n)
                continue;
            char label[8];
            status_label(s, label, sizeof(label));
            st = buf_printf(out,
                            "mediationd_http_requests_total{method=\"%s\",route=\"%s\","
                            "status=\"%s\"} %lu\n",
                            method, pattern, label, n);
        }
    }
    if (st == STATUS_OK)
        st = buf_append_str(out, "# HELP mediationd_http_request_duration_seconds Time from the "
                                 "request's headers to its response, by route.\n"
                                 "# TYPE mediationd_http_request_duration_seconds histogram\n");
    for (size_t i = 0; st == STATUS_OK && i <= m->route_count; i++) {
        struct route_counters *c = &m->per_route[i];
        unsigned long count = __atomic_load_n(&c->count, __ATOMIC_RELAXED);
        if (!count)
            continue;
        const char *method, *pattern;
        route_label(m, i, &method, &pattern);
        unsigned long cumulative = 0;
        for (size_t b = 0; st == STATUS_OK && b <= BUCKETS; b++) {
            cumulative += __atomic_load_n(&c->buckets[b], __ATOMIC_RELAXED);
            char le[24];
            if (b < BUCKETS)
                snprintf(le, sizeof(le), "%g", bucket_bounds[b]);
            else
                snprintf(le, sizeof(le), "+Inf");
            st = buf_printf(out,
                            "mediationd_http_request_duration_seconds_bucket{method=\"%s\","
                            "route=\"%s\",le=\"%s\"} %lu\n",
                            method, pattern, le, cumulative);
        }
        double sum;
        __atomic_load(&c->sum_seconds, &sum, __ATOMIC_RELAXED);
        if (st == STATUS_OK)
            st = buf_printf(out,
                            "mediationd_http_request_duration_seconds_sum{method=\"%s\","
                            "route=\"%s\"} %.6f\n"
                            "mediationd_http_request_duration_seconds_count{method=\"%s\","
                            "route=\"%s\"} %lu\n",
                            method, pattern, sum, method, pattern, count);
    }
    return st;
}
