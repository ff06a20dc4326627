/* mediationctl's HTTP client (see api.h). */
#include "api.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define BODY_MAX (64u << 20)

int api_init(struct api *a, const char *base_url, const char *token)
{
    memset(a, 0, sizeof(*a));
    snprintf(a->base, sizeof(a->base), "%s", base_url);
    snprintf(a->token, sizeof(a->token), "%s", token ? token : "");
    a->timeout_s = 60;
    a->retries = 4;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    a->curl = curl_easy_init();
    return a->curl ? 0 : -1;
}

void api_cleanup(struct api *a)
{
    if (a->curl) {
        curl_easy_cleanup(a->curl);
        curl_global_cleanup();
    }
    a->curl = NULL;
}

void api_response_cleanup(struct api_response *res)
{
    buf_cleanup(&res->body);
}

struct sink {
    struct api_response *res;
    FILE *download;
    bool overflow;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct sink *s = userdata;
    size_t n = size * nmemb;
    if (s->download && s->res->status >= 200 && s->res->status < 300)
        return fwrite(ptr, 1, n, s->download);
    if (buf_append(&s->res->body, ptr, n) != STATUS_OK) {
        s->overflow = true;
        return 0;
    }
    return n;
}

static void header_value(const char *line, size_t len, size_t name_len, char *out, size_t size)
{
    const char *v = line + name_len;
    size_t n = len - name_len;
    while (n > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userdata)
{
    struct sink *s = userdata;
    struct api_response *r = s->res;
    size_t n = size * nmemb;
    if (n > 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* a new response (after a 100 Continue): forget the previous one's headers */
        const char *sp = memchr(line, ' ', n);
        r->status = sp ? strtol(sp + 1, NULL, 10) : 0;
        r->content_type[0] = r->etag[0] = r->location[0] = r->request_id[0] = '\0';
        r->retry_after[0] = '\0';
        r->replayed = false;
        return n;
    }
    static const struct {
        const char *name;
        size_t offset, size;
    } wanted[] = {
        {"content-type:", offsetof(struct api_response, content_type), 128},
        {"etag:", offsetof(struct api_response, etag), 128},
        {"location:", offsetof(struct api_response, location), 256},
        {"x-request-id:", offsetof(struct api_response, request_id), 64},
        {"retry-after:", offsetof(struct api_response, retry_after), 32},
    };
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        size_t l = strlen(wanted[i].name);
        if (n > l && strncasecmp(line, wanted[i].name, l) == 0)
            header_value(line, n, l, (char *)r + wanted[i].offset, wanted[i].size);
    }
    if (n > 20 && strncasecmp(line, "idempotent-replayed:", 20) == 0) {
        char v[16];
        header_value(line, n, 20, v, sizeof(v));
        r->replayed = strcasecmp(v, "true") == 0;
    }
    return n;
}

static size_t on_upload(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    return fread(ptr, size, nmemb, (FILE *)userdata);
}

/* Whether a failure without an answer may be retried: the request may not have reached the
 * server, or the server may not have answered it. */
static bool transient(CURLcode rc)
{
    return rc == CURLE_COULDNT_CONNECT || rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
           rc == CURLE_GOT_NOTHING || rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_PARTIAL_FILE;
}

static void pause_before(int attempt, const char *retry_after)
{
    long ms = 250L << (attempt < 5 ? attempt : 5); /* 250 ms, 500 ms, 1 s, … */
    if (retry_after && *retry_after) {
        char *end;
        long s = strtol(retry_after, &end, 10);
        if (*end == '\0' && s >= 0)
            ms = s * 1000;
    }
    if (ms > 10000)
        ms = 10000;
    ms += rand() % 100; /* jitter, so clients retrying together do not arrive together */
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static CURLcode send_once(struct api *a, const struct api_request *req, struct api_response *res,
                          struct sink *sink)
{
    CURL *c = a->curl;
    curl_easy_reset(c);
    char url[4096];
    snprintf(url, sizeof(url), "%s%s", a->base, req->path);
    struct curl_slist *h = NULL;
    char line[600];
    if (a->token[0]) {
        snprintf(line, sizeof(line), "Authorization: Bearer %s", a->token);
        h = curl_slist_append(h, line);
    }
    if (req->json)
        h = curl_slist_append(h, "Content-Type: application/json");
    if (req->upload)
        h = curl_slist_append(h, "Content-Type: application/octet-stream");
    if (req->idempotency_key) {
        snprintf(line, sizeof(line), "Idempotency-Key: %s", req->idempotency_key);
        h = curl_slist_append(h, line);
    }
    if (req->if_match) {
        snprintf(line, sizeof(line), "If-Match: %s", req->if_match);
        h = curl_slist_append(h, line);
    }
    h = curl_slist_append(h, "Expect:"); /* no 100-continue round trip */
    h = curl_slist_append(h, "Accept: application/json, application/problem+json, */*");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "mediationctl/" MEDIATIONCTL_VERSION);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, a->timeout_s + req->wait_s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, sink);
    curl_easy_setopt(c, CURLOPT_VERBOSE, a->verbose ? 1L : 0L);
    if (strcmp(req->method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (req->json) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->json);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(req->json));
    } else if (req->upload) {
        rewind(req->upload);
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, on_upload);
        curl_easy_setopt(c, CURLOPT_READDATA, req->upload);
        curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)req->upload_size);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    } else if (strcmp(req->method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
    }
    res->status = 0;
    buf_clear(&res->body);
    /* a retry starts the file over; a pipe cannot seek, and a retry there appends */
    if (req->download && fseek(req->download, 0, SEEK_SET) == 0 &&
        ftruncate(fileno(req->download), 0) != 0) {
        curl_slist_free_all(h);
        return CURLE_WRITE_ERROR;
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(h);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    return rc;
}

int api_send(struct api *a, const struct api_request *req, struct api_response *res)
{
    memset(res, 0, sizeof(*res));
    buf_init(&res->body, BODY_MAX);
    struct sink sink = {.res = res, .download = req->download};
    bool may_retry = strcmp(req->method, "GET") == 0 || req->idempotency_key != NULL;
    for (int attempt = 0;; attempt++) {
        sink.overflow = false;
        CURLcode rc = send_once(a, req, res, &sink);
        bool last = !may_retry || attempt >= a->retries;
        if (rc == CURLE_OK) {
            if (res->status != 503 || last)
                return 0;
            if (a->verbose)
                fprintf(stderr, "503 from the server; retrying\n");
            pause_before(attempt, res->retry_after);
            continue;
        }
        if (sink.overflow) {
            fprintf(stderr, "error: the answer is larger than %u MiB\n", BODY_MAX >> 20);
            return -1;
        }
        if (!transient(rc) || last) {
            fprintf(stderr, "error: %s %s%s: %s\n", req->method, a->base, req->path,
                    curl_easy_strerror(rc));
            return -1;
        }
        if (a->verbose)
            fprintf(stderr, "%s; retrying\n", curl_easy_strerror(rc));
        pause_before(attempt, NULL);
    }
}

int api_exit_code(long status)
{
    if (status >= 200 && status < 300)
        return EXIT_OK;
    switch (status) {
    case 401:
    case 403:
        return EXIT_AUTH;
    case 404:
        return EXIT_NOT_FOUND;
    case 409:
    case 412:
    case 428:
        return EXIT_CONFLICT;
    case 400:
    case 413:
    case 414:
    case 415:
    case 422:
        return EXIT_INVALID;
    case 429:
        return EXIT_UNAVAILABLE;
    default:
        return status >= 500 ? EXIT_UNAVAILABLE : EXIT_FAILURE_;
    }
}

static const char *text_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int api_print_error(const struct api_response *res)
{
    cJSON *p = cJSON_ParseWithLength(buf_str(&res->body), res->body.len);
    const char *title = p ? text_of(p, "title") : NULL;
    const char *detail = p ? text_of(p, "detail") : NULL;
    fprintf(stderr, "error: %ld %s", res->status, title ? title : "");
    if (detail && (!title || strcmp(detail, title) != 0))
        fprintf(stderr, "%s%s", title ? ": " : "", detail);
    if (!p && res->body.len > 0 && res->body.len < 500)
        fprintf(stderr, "%s", buf_str(&res->body));
    fputc('\n', stderr);
    const cJSON *errors = p ? cJSON_GetObjectItemCaseSensitive(p, "errors") : NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, errors)
    {
        const char *field = text_of(e, "field"), *message = text_of(e, "message");
        fprintf(stderr, "  %s: %s\n", field ? field : "(request)", message ? message : "");
    }
    if (res->retry_after[0])
        fprintf(stderr, "  retry after %s s\n", res->retry_after);
    if (res->request_id[0])
        fprintf(stderr, "  request id %s\n", res->request_id);
    cJSON_Delete(p);
    return api_exit_code(res->status);
}

int api_new_key(char out[37])
{
    unsigned char b[16];
    if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
        return -1;
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return 0;
}

int api_query_add(struct buf *q, const char *name, const char *value)
{
    if (!value || !*value)
        return 0;
    if (buf_append_str(q, q->len == 0 || !strchr(buf_str(q), '?') ? "?" : "&") != STATUS_OK ||
        buf_append_str(q, name) != STATUS_OK || buf_append(q, "=", 1) != STATUS_OK)
        return -1;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (isalnum(*p) || strchr("-._~", *p)) {
            if (buf_append(q, p, 1) != STATUS_OK)
                return -1;
        } else if (buf_printf(q, "%%%02X", *p) != STATUS_OK) {
            return -1;
        }
    }
    return 0;
}
