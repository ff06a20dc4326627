/* One webhook delivery attempt over HTTP: see webhook_client.h. */
#include "webhook_client.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "net_policy.h"

struct attempt {
    unsigned allow;
    bool refused;
    enum net_class refused_class;
    size_t received;
};

/* Called by libcurl for every address it is about to connect to: the SSRF check happens here, on
 * the resolved address, so DNS cannot point an accepted name at a refused address. */
static curl_socket_t open_checked(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct attempt *at = ctx;
    (void)purpose;
    enum net_class c = NET_RESERVED;
    if (a->family == AF_INET)
        c = net_classify(4, (const unsigned char *)&((struct sockaddr_in *)&a->addr)->sin_addr);
    else if (a->family == AF_INET6)
        c = net_classify(6, (const unsigned char *)&((struct sockaddr_in6 *)&a->addr)->sin6_addr);
    if (!net_allowed(at->allow, c)) {
        at->refused = true;
        at->refused_class = c;
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* Keeps nothing of the answer: counts it, and stops reading past WEBHOOK_CLIENT_BODY_MAX. */
static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    struct attempt *at = ctx;
    at->received += size * n;
    return at->received > WEBHOOK_CLIENT_BODY_MAX ? 0 : size * n;
}

enum status webhook_client_global_init(struct error *err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return error_set(err, STATUS_INTERNAL, "cannot initialise libcurl");
    return STATUS_OK;
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

enum status webhook_client_post(const struct webhook_client_request *r,
                                struct webhook_client_result *out)
{
    memset(out, 0, sizeof(*out));
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    CURL *curl = curl_easy_init();
    if (!curl) {
        snprintf(out->error, sizeof(out->error), "out of memory");
        return STATUS_UNAVAILABLE;
    }
    struct attempt at = {.allow = r->allow};
    struct curl_slist *headers = NULL;
    for (size_t i = 0; r->headers && r->headers[i]; i++) {
        struct curl_slist *h = curl_slist_append(headers, r->headers[i]);
        if (!h) {
            curl_slist_free_all(headers);
            curl_easy_cleanup(curl);
            snprintf(out->error, sizeof(out->error), "out of memory");
            return STATUS_UNAVAILABLE;
        }
        headers = h;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, r->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROXY, ""); /* never a proxy from the environment */
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, r->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, r->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &at);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &at);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r->body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "mediationd-webhooks/1");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    out->latency_ms = elapsed_ms(&start);
    /* an answer cut off past the body limit is still an answer: its status counts */
    if (code > 0 && (rc == CURLE_OK || rc == CURLE_WRITE_ERROR)) {
        out->status = code;
        return STATUS_OK;
    }
    if (at.refused)
        snprintf(out->error, sizeof(out->error), "refused: the address is %s",
                 net_class_name(at.refused_class));
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        snprintf(out->error, sizeof(out->error), "timed out after %ld ms", r->timeout_ms);
    else
        snprintf(out->error, sizeof(out->error), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    return STATUS_UNAVAILABLE;
}
