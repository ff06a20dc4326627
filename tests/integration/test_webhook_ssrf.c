/* Webhook targets and SSRF, on a server with the default WEBHOOK_ALLOW_NETS (nothing but public
 * addresses): a URL naming a loopback, private, link-local or metadata address is refused when the
 * webhook is made; a name that resolves to one (localhost) is accepted then, and refused at every
 * delivery, on the address actually connected to, so the receiver listening there gets nothing. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "events_util.h"
#include "harness.h"

static struct harness h;
static char front_desk[128];
static long community_id;
static struct receiver rcv;

static int setup(void **state)
{
    (void)state;
    const char *migrate[] = {"migrate", NULL};
    if (harness_create_db(&h, "webhook_ssrf") != 0 || harness_run(&h, NULL, 0, migrate) != 0 ||
        harness_create_key(&h, "admin", "WD", h.admin_key) != 0 ||
        harness_create_key(&h, "front_desk", "WD", front_desk) != 0)
        return -1;
    const char *env[] = {"WEBHOOK_BACKOFF_MS=50", "WEBHOOK_POLL_MS=20", "WEBHOOK_MAX_ATTEMPTS=2",
                         NULL};
    if (harness_start_server(&h, env) != 0)
        return -1;
    community_id = make_community(&h, "ssrf");
    return community_id > 0 && receiver_start(&rcv, RECEIVER_OK) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    receiver_stop(&rcv);
    int rc = harness_stop_server(&h, SIGTERM);
    harness_drop_db(&h);
    return rc == 0 ? 0 : -1;
}

static void test_addresses_refused_when_made(void **state)
{
    (void)state;
    const char *refused[] = {"http://127.0.0.1:%d/",
                             "http://[::1]:%d/",
                             "http://10.9.8.7:%d/",
                             "http://172.20.0.1:%d/",
                             "http://169.254.169.254:%d/",
                             "http://[fd00:ec2::254]:%d/",
                             NULL};
    for (int i = 0; refused[i]; i++) {
        char url[128], body[200];
        snprintf(url, sizeof(url), refused[i], rcv.port);
        snprintf(body, sizeof(body), "{\"url\":\"%s\"}", url);
        struct http_result r;
        assert_int_equal(422, api(&h, "POST", "/api/v1/webhooks", h.admin_key, body, &r));
        assert_non_null(strstr(r.body, "refused"));
        http_result_cleanup(&r);
    }
}

static void test_a_name_resolving_to_loopback_is_refused_at_delivery(void **state)
{
    (void)state;
    char body[200];
    snprintf(body, sizeof(body), "{\"url\":\"http://localhost:%d/hook\"}", rcv.port);
    struct http_result r;
    assert_int_equal(201, api(&h, "POST", "/api/v1/webhooks", h.admin_key, body, &r));
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    assert_true(intake_case(&h, front_desk, community_id, "none") > 0);
    char sql[256], out[32];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = %ld AND state = 'dead'",
             id);
    long until = harness_now_ms() + 10000;
    do {
        usleep(100000);
        assert_int_equal(0, harness_sql(&h, sql, out, sizeof(out)));
    } while (atol(out) < 1 && harness_now_ms() < until);
    assert_string_equal("1", out);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/webhooks/%ld/deliveries", id);
    assert_int_equal(200, api(&h, "GET", path, h.admin_key, NULL, &r));
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "items"), 0);
    const char *error = cJSON_GetObjectItem(d, "last_error")->valuestring;
    assert_non_null(strstr(error, "refused: the address is loopback"));
    http_result_cleanup(&r);
    assert_int_equal(0, receiver_wait(&rcv, 1, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses_refused_when_made),
        cmocka_unit_test(test_a_name_resolving_to_loopback_is_refused_at_delivery),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
