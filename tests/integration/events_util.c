/* Helpers of the issue 14 tests: see events_util.h. */
#include "events_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

long api(struct harness *h, const char *method, const char *path, const char *key, const char *body,
         struct http_result *out)
{
    char auth[200];
    const char *headers[] = {"Content-Type: application/json", key ? bearer(key, auth) : NULL,
                             NULL};
    struct http_result r;
    if (http_call(h, method, path, headers, body, body ? strlen(body) : 0, &r) != 0)
        return -1;
    long status = r.status;
    if (out)
        *out = r;
    else
        http_result_cleanup(&r);
    return status;
}

long intake_case(struct harness *h, const char *key, long community_id, const char *risk)
{
    char body[1024];
    snprintf(body, sizeof(body),
             "{\"dispute_type\":\"neighbor\",\"source\":\"hotline\",\"community_id\":%ld,"
             "\"summary\":\"楼上漏水导致楼下天花板受损\",\"claims\":\"赔偿维修费\","
             "\"risk_level\":\"%s\",\"parties\":[{\"role\":\"applicant\",\"kind\":\"person\","
             "\"name\":\"王五\",\"phone\":\"13700000000\"}]}",
             community_id, risk);
    struct http_result r;
    if (api(h, "POST", "/api/v1/cases", key, body, &r) != 201) {
        fprintf(stderr, "intake: %ld %s\n", r.status, r.body ? r.body : "");
        http_result_cleanup(&r);
        return 0;
    }
    long id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    return id;
}

int start_two_instances(struct harness *h, struct harness *h2, const char *const *env)
{
    *h2 = *h;
    snprintf(h2->log_path, sizeof(h2->log_path), "%.490s.second", h->log_path);
    return harness_start_server(h, env) != 0 || harness_start_server(h2, env) != 0 ? -1 : 0;
}

int stop_two_instances(struct harness *h, struct harness *h2)
{
    int rc = harness_stop_server(h, SIGTERM);
    int rc2 = harness_stop_server(h2, SIGTERM);
    harness_drop_db(h);
    return rc == 0 && rc2 == 0 ? 0 : -1;
}

long make_community(struct harness *h, const char *code)
{
    char body[256];
    snprintf(body, sizeof(body), "{\"code\":\"%s\",\"name\":\"幸福社区\",\"street\":\"丁庄街道\"}",
             code);
    struct http_result r;
    long id = 0;
    if (api(h, "POST", "/api/v1/communities", h->admin_key, body, &r) == 201)
        id = (long)cJSON_GetObjectItem(r.json, "id")->valuedouble;
    http_result_cleanup(&r);
    return id;
}

int feed_tail_cursor(struct harness *h, const char *key, char *out)
{
    char path[256] = "/api/v1/events?limit=500";
    out[0] = '\0';
    for (int i = 0; i < 1000; i++) {
        struct http_result r;
        if (api(h, "GET", path, key, NULL, &r) != 200) {
            http_result_cleanup(&r);
            return -1;
        }
        snprintf(out, 128, "%s", cJSON_GetObjectItem(r.json, "next_cursor")->valuestring);
        int n = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "items"));
        http_result_cleanup(&r);
        if (n < 500)
            return 0;
        snprintf(path, sizeof(path), "/api/v1/events?limit=500&after=%s", out);
    }
    return -1;
}

long feed_count(struct harness *h, long case_id, const char *type)
{
    char sql[256], out[32];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM feed_events WHERE case_id = %ld%s%s%s",
             case_id, type ? " AND type = '" : "", type ? type : "", type ? "'" : "");
    if (harness_sql(h, sql, out, sizeof(out)) != 0)
        return -1;
    return atol(out);
}

/* ---- receiver -------------------------------------------------------------------------------- */

struct conn_arg {
    struct receiver *r;
    int fd;
};

/* Standard Webhooks: base64(HMAC-SHA256(base64-decode(secret after whsec_), id.ts.body)). */
bool receiver_verify(const char *secret, const char *id, const char *ts, const char *body,
                     const char *signature)
{
    if (strncmp(secret, "whsec_", 6) != 0 || strncmp(signature, "v1,", 3) != 0)
        return false;
    unsigned char key[64];
    int klen = EVP_DecodeBlock(key, (const unsigned char *)secret + 6, (int)strlen(secret + 6));
    if (klen < 32)
        return false;
    klen = 32; /* EVP_DecodeBlock counts the padding's bytes too */
    size_t mlen = strlen(id) + strlen(ts) + strlen(body) + 3;
    char *msg = malloc(mlen);
    snprintf(msg, mlen, "%s.%s.%s", id, ts, body);
    unsigned char mac[32];
    unsigned int maclen = 0;
    HMAC(EVP_sha256(), key, klen, (unsigned char *)msg, strlen(msg), mac, &maclen);
    free(msg);
    unsigned char b64[64];
    EVP_EncodeBlock(b64, mac, 32);
    return strcmp((const char *)b64, signature + 3) == 0;
}

static const char *header_value(const char *head, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *p = head; p && *p; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL) {
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            size_t len = strcspn(v, "\r\n");
            snprintf(out, size, "%.*s", (int)len, v);
            return out;
        }
    }
    return out;
}

static void *serve_conn(void *argv)
{
    struct conn_arg *a = argv;
    struct receiver *r = a->r;
    int fd = a->fd;
    free(a);
    char buf[65536];
    size_t len = 0;
    char *end = NULL;
    while (len < sizeof(buf) - 1 && !(end = strstr(buf, "\r\n\r\n"))) {
        ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
    }
    if (!end) {
        close(fd);
        return NULL;
    }
    char cl[32];
    *end = '\0';
    header_value(buf, "Content-Length", cl, sizeof(cl));
    size_t want = (size_t)atol(cl), have = len - (size_t)(end + 4 - buf);
    char *body = calloc(1, want + 1);
    memcpy(body, end + 4, have < want ? have : want);
    while (have < want) {
        ssize_t n = read(fd, body + have, want - have);
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    struct received item = {0};
    header_value(buf, "webhook-id", item.webhook_id, sizeof(item.webhook_id));
    header_value(buf, "webhook-timestamp", item.timestamp, sizeof(item.timestamp));
    header_value(buf, "webhook-signature", item.signature, sizeof(item.signature));
    sscanf(buf, "POST %63s", item.path);
    item.body = body;
    long msg = atol(item.webhook_id + (strncmp(item.webhook_id, "msg_", 4) == 0 ? 4 : 0));
    pthread_mutex_lock(&r->lock);
    r->requests++;
    int nth = msg >= 0 && msg < RECEIVER_MAX ? r->seen[msg]++ : 0;
    item.verified =
        receiver_verify(r->secret, item.webhook_id, item.timestamp, body, item.signature);
    enum receiver_mode mode = r->mode;
    int delay = r->delay_ms;
    if (msg >= 0 && msg < RECEIVER_MAX) {
        r->in_flight[msg]++;
        if (r->in_flight[msg] > r->max_in_flight_same_id)
            r->max_in_flight_same_id = r->in_flight[msg];
    }
    pthread_mutex_unlock(&r->lock);
    if (mode == RECEIVER_SILENT) {
        /* never answers: waits for the server to give up */
        char sink[256];
        while (read(fd, sink, sizeof(sink)) > 0)
            ;
    } else {
        if (delay > 0)
            usleep((useconds_t)delay * 1000);
        int status =
            mode == RECEIVER_ERROR_500 || (mode == RECEIVER_FLAKY && nth % 2 == 0) ? 500 : 200;
        item.answered = status;
        char resp[128];
        int n =
            snprintf(resp, sizeof(resp),
                     "HTTP/1.1 %d X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", status);
        ssize_t w = write(fd, resp, (size_t)n);
        (void)w;
    }
    pthread_mutex_lock(&r->lock);
    if (msg >= 0 && msg < RECEIVER_MAX)
        r->in_flight[msg]--;
    if (r->count < RECEIVER_MAX)
        r->items[r->count++] = item;
    else
        free(body);
    pthread_mutex_unlock(&r->lock);
    close(fd);
    return NULL;
}

static void *accept_loop(void *argv)
{
    struct receiver *r = argv;
    for (;;) {
        int fd = accept(r->fd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        pthread_mutex_lock(&r->lock);
        bool stop = r->stopping;
        pthread_mutex_unlock(&r->lock);
        if (stop) {
            close(fd);
            break;
        }
        struct conn_arg *a = malloc(sizeof(*a));
        a->r = r;
        a->fd = fd;
        pthread_t t;
        if (pthread_create(&t, NULL, serve_conn, a) == 0)
            pthread_detach(t);
        else {
            close(fd);
            free(a);
        }
    }
    return NULL;
}

int receiver_start(struct receiver *r, enum receiver_mode mode)
{
    memset(r, 0, sizeof(*r));
    r->mode = mode;
    pthread_mutex_init(&r->lock, NULL);
    r->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof(a);
    if (r->fd < 0 || bind(r->fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        listen(r->fd, 128) != 0 || getsockname(r->fd, (struct sockaddr *)&a, &alen) != 0)
        return -1;
    r->port = ntohs(a.sin_port);
    return pthread_create(&r->thread, NULL, accept_loop, r) == 0 ? 0 : -1;
}

void receiver_stop(struct receiver *r)
{
    pthread_mutex_lock(&r->lock);
    r->stopping = true;
    pthread_mutex_unlock(&r->lock);
    shutdown(r->fd, SHUT_RDWR);
    close(r->fd);
    pthread_join(r->thread, NULL);
    /* connection threads may still run briefly (detached); give them a moment */
    usleep(100000);
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->count; i++)
        free(r->items[i].body);
    r->count = 0;
    pthread_mutex_unlock(&r->lock);
}

size_t receiver_wait(struct receiver *r, size_t n, long timeout_ms)
{
    long until = harness_now_ms() + timeout_ms;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        size_t c = r->count;
        pthread_mutex_unlock(&r->lock);
        if (c >= n || harness_now_ms() >= until)
            return c;
        usleep(20000);
    }
}
