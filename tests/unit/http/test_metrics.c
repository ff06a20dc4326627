/* Unit tests for http/metrics.c: counters and histograms in the Prometheus text format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "router.h"

static const struct http_route routes[] = {
    {"GET", "/healthz", NULL, 0},
    {"POST", "/api/v1/communities", NULL, 2},
    {"GET", "/api/v1/communities/{id}", NULL, 1},
};
#define ROUTES (sizeof(routes) / sizeof(routes[0]))

/* The metrics and their rendering; the teardown frees both even after a failed assertion. */
static struct http_metrics *metrics;
static struct buf text;

static int setup(void **state)
{
    (void)state;
    metrics = http_metrics_new(routes, ROUTES);
    buf_init(&text, 1 << 20);
    return metrics ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    http_metrics_free(metrics);
    metrics = NULL;
    buf_cleanup(&text);
    return 0;
}

static const char *render(void)
{
    buf_clear(&text);
    assert_int_equal(http_metrics_render(metrics, &text), STATUS_OK);
    return buf_str(&text);
}

/* Fails unless the rendering has exactly this line. */
static void assert_line(const char *line)
{
    const char *all = buf_str(&text);
    size_t len = strlen(line);
    for (const char *p = strstr(all, line); p; p = strstr(p + 1, line))
        if ((p == all || p[-1] == '\n') && p[len] == '\n')
            return;
    fail_msg("missing line: %s\n--- rendering ---\n%s", line, all);
}

static void assert_no_line_containing(const char *part)
{
    if (strstr(buf_str(&text), part))
        fail_msg("unexpected \"%s\" in:\n%s", part, buf_str(&text));
}

static void test_metrics_fresh_rendering_has_help_type_and_zero_gauge(void **state)
{
    (void)state;
    render();
    assert_line("# TYPE mediationd_http_requests_in_flight gauge");
    assert_line("mediationd_http_requests_in_flight 0");
    assert_line("# TYPE mediationd_http_requests_total counter");
    assert_line("# TYPE mediationd_http_request_duration_seconds histogram");
    assert_no_line_containing("mediationd_http_requests_total{");
    assert_no_line_containing("_bucket{");
}

static void test_metrics_counts_requests_by_route_and_status(void **state)
{
    (void)state;
    http_metrics_record(metrics, 0, 200, 0.0001);
    http_metrics_record(metrics, 0, 200, 0.0002);
    http_metrics_record(metrics, 1, 201, 0.02);
    http_metrics_record(metrics, 1, 422, 0.003);
    http_metrics_record(metrics, 2, 404, 0.004);
    render();
    assert_line(
        "mediationd_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2");
    assert_line("mediationd_http_requests_total{method=\"POST\",route=\"/api/v1/communities\","
                "status=\"201\"} 1");
    assert_line("mediationd_http_requests_total{method=\"POST\",route=\"/api/v1/communities\","
                "status=\"422\"} 1");
    assert_line("mediationd_http_requests_total{method=\"GET\",route=\"/api/v1/communities/{id}\","
                "status=\"404\"} 1");
    assert_no_line_containing("status=\"500\"");
}

static void test_metrics_untracked_status_is_counted_under_its_class(void **state)
{
    (void)state;
    http_metrics_record(metrics, 0, 418, 0.001);
    http_metrics_record(metrics, 0, 507, 0.001);
    http_metrics_record(metrics, 0, 502, 0.001);
    render();
    assert_line(
        "mediationd_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"4xx\"} 1");
    assert_line(
        "mediationd_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"5xx\"} 2");
}

static void test_metrics_route_minus_one_is_counted_as_unmatched(void **state)
{
    (void)state;
    http_metrics_record(metrics, -1, 404, 0.0003);
    http_metrics_record(metrics, -1, 404, 0.0003);
    http_metrics_record(metrics, -1, 405, 0.0003);
    render();
    assert_line("mediationd_http_requests_total{method=\"\",route=\"unmatched\",status=\"404\"} 2");
    assert_line("mediationd_http_requests_total{method=\"\",route=\"unmatched\",status=\"405\"} 1");
    assert_line(
        "mediationd_http_request_duration_seconds_count{method=\"\",route=\"unmatched\"} 3");
    assert_no_line_containing("route=\"/healthz\"");
}

static void test_metrics_histogram_buckets_are_cumulative(void **state)
{
    (void)state;
    /* 0.0003 → le 0.0005; 0.003 → le 0.005; 0.2 → le 0.25; 20 → only +Inf */
    http_metrics_record(metrics, 2, 200, 0.0003);
    http_metrics_record(metrics, 2, 200, 0.003);
    http_metrics_record(metrics, 2, 200, 0.2);
    http_metrics_record(metrics, 2, 200, 20.0);
    render();
#define B(le)                                                                                      \
    "mediationd_http_request_duration_seconds_bucket{method=\"GET\","                              \
    "route=\"/api/v1/communities/{id}\",le=\"" le "\"} "
    assert_line(B("0.0005") "1");
    assert_line(B("0.001") "1");
    assert_line(B("0.0025") "1");
    assert_line(B("0.005") "2");
    assert_line(B("0.01") "2");
    assert_line(B("0.1") "2");
    assert_line(B("0.25") "3");
    assert_line(B("0.5") "3");
    assert_line(B("10") "3");
    assert_line(B("+Inf") "4");
#undef B
    assert_line("mediationd_http_request_duration_seconds_count{method=\"GET\","
                "route=\"/api/v1/communities/{id}\"} 4");
    assert_line("mediationd_http_request_duration_seconds_sum{method=\"GET\","
                "route=\"/api/v1/communities/{id}\"} 20.203300");
}

static void test_metrics_bucket_bound_is_inclusive(void **state)
{
    (void)state;
    /* Prometheus buckets are "less than or equal": exactly 0.1 s belongs to le="0.1" */
    http_metrics_record(metrics, 0, 200, 0.1);
    render();
    assert_line("mediationd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\","
                "le=\"0.1\"} 1");
    assert_line("mediationd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\","
                "le=\"0.05\"} 0");
}

static void test_metrics_route_without_requests_has_no_histogram(void **state)
{
    (void)state;
    http_metrics_record(metrics, 0, 200, 0.001);
    render();
    assert_no_line_containing("_bucket{method=\"POST\"");
    assert_no_line_containing("_count{method=\"POST\"");
}

static void test_metrics_in_flight_gauge_follows_deltas(void **state)
{
    (void)state;
    http_metrics_in_flight(metrics, 1);
    http_metrics_in_flight(metrics, 1);
    http_metrics_in_flight(metrics, 1);
    http_metrics_in_flight(metrics, -1);
    render();
    assert_line("mediationd_http_requests_in_flight 2");
}

static void test_metrics_every_sample_line_is_well_formed(void **state)
{
    (void)state;
    http_metrics_record(metrics, 0, 200, 0.001);
    http_metrics_record(metrics, -1, 404, 0.001);
    const char *all = render();
    assert_true(text.len > 0);
    assert_int_equal(all[text.len - 1], '\n');
    /* each non-comment line: a metric name, optional {labels}, a space, a number */
    int samples = 0;
    for (const char *line = all; *line;) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        char one[512];
        size_t len = (size_t)(end - line);
        assert_true(len < sizeof(one));
        memcpy(one, line, len);
        one[len] = '\0';
        line = end + 1;
        if (one[0] == '#')
            continue;
        samples++;
        assert_int_equal(strncmp(one, "mediationd_", 11), 0);
        const char *space = strrchr(one, ' ');
        assert_non_null(space);
        double v;
        char extra;
        if (sscanf(space + 1, "%lf%c", &v, &extra) != 1)
            fail_msg("bad value in line: %s", one);
    }
    assert_true(samples > 0);
}

static void test_metrics_render_past_buffer_cap_is_too_large(void **state)
{
    (void)state;
    http_metrics_record(metrics, 0, 200, 0.001);
    struct buf small;
    buf_init(&small, 64);
    enum status st = http_metrics_render(metrics, &small);
    buf_cleanup(&small);
    assert_int_equal(st, STATUS_TOO_LARGE);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_metrics_fresh_rendering_has_help_type_and_zero_gauge),
        T(test_metrics_counts_requests_by_route_and_status),
        T(test_metrics_untracked_status_is_counted_under_its_class),
        T(test_metrics_route_minus_one_is_counted_as_unmatched),
        T(test_metrics_histogram_buckets_are_cumulative),
        T(test_metrics_bucket_bound_is_inclusive),
        T(test_metrics_route_without_requests_has_no_histogram),
        T(test_metrics_in_flight_gauge_follows_deltas),
        T(test_metrics_every_sample_line_is_well_formed),
        T(test_metrics_render_past_buffer_cap_is_too_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
