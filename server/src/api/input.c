/* Request body and query helpers. */
#include "input.h"

#include "cursor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cJSON *input_object(struct http_request *req)
{
    if (!req->json) {
        http_fail(req, STATUS_MALFORMED, "a JSON object body is required");
        return NULL;
    }
    if (!cJSON_IsObject(req->json)) {
        http_fail(req, STATUS_INVALID, "the body must be a JSON object");
        return NULL;
    }
    return req->json;
}

const cJSON *input_body(struct http_request *req, const char *const *allowed)
{
    const cJSON *body = input_object(req);
    if (body)
        input_only_known(body, allowed, &req->error);
    return body;
}

const cJSON *input_path_body(struct http_request *req, long *id, const char *const *allowed)
{
    if (!input_path_id(req, "id", id))
        return NULL;
    return allowed ? input_body(req, allowed) : input_object(req);
}

bool input_refuse_replay(struct http_request *req, const char *why)
{
    if (!http_request_header(req, "Idempotency-Key"))
        return false;
    error_add_field(&req->error, "Idempotency-Key", "is not accepted here: %s", why);
    return true;
}

bool input_only_known(const cJSON *obj, const char *const *allowed, struct error *err)
{
    bool ok = true;
    for (const cJSON *m = obj->child; m; m = m->next) {
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, m->string) == 0;
        if (!known) {
            error_add_field(err, m->string, "unknown field");
            ok = false;
        }
    }
    return ok;
}

const char *input_string(const cJSON *obj, const char *name, bool required, struct error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m || cJSON_IsNull(m)) {
        if (required)
            error_add_field(err, name, "is required");
        return NULL;
    }
    if (!cJSON_IsString(m)) {
        error_add_field(err, name, "must be a string");
        return NULL;
    }
    return m->valuestring;
}

long input_query_long(struct http_request *req, const char *name, long min, long max, long fallback)
{
    const char *text = http_request_query(req, name);
    if (!text)
        return fallback;
    errno = 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (!*text || errno || *end || v < min || v > max) {
        error_add_field(&req->error, name, "must be a whole number from %ld to %ld", min, max);
        return fallback;
    }
    return v;
}

int input_bool(const cJSON *obj, const char *name, struct error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m || cJSON_IsNull(m))
        return -1;
    if (!cJSON_IsBool(m)) {
        error_add_field(err, name, "must be true or false");
        return -1;
    }
    return cJSON_IsTrue(m) ? 1 : 0;
}

bool input_path_id(struct http_request *req, const char *name, long *id)
{
    const char *text = http_request_param(req, name);
    char *end;
    errno = 0;
    long v = text ? strtol(text, &end, 10) : 0;
    if (!text || !*text || errno || *end || v <= 0 || text[0] == '+' || text[0] == ' ') {
        http_fail(req, STATUS_NOT_FOUND, "no such resource");
        return false;
    }
    *id = v;
    return true;
}

enum status input_if_match(struct http_request *req, long id, int *version)
{
    const char *h = http_request_header(req, "If-Match");
    if (!h)
        return error_set(&req->error, STATUS_PRECONDITION_REQUIRED,
                         "If-Match with the resource's ETag is required");
    long got_id = 0, got_version = 0;
    int consumed = 0;
    if (sscanf(h, " \"%ld-%ld\" %n", &got_id, &got_version, &consumed) != 2 ||
        h[consumed] != '\0' || got_id != id || got_version <= 0 || got_version > 1000000000)
        return error_set(&req->error, STATUS_PRECONDITION,
                         "If-Match %s is not an ETag of this "
                         "resource",
                         h);
    *version = (int)got_version;
    return STATUS_OK;
}

const char *input_etag(struct http_request *req, long id, int version)
{
    return arena_printf(req->arena, "\"%ld-%d\"", id, version);
}

long input_id(const cJSON *obj, const char *name, bool required, struct error *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!m || cJSON_IsNull(m)) {
        if (required)
            error_add_field(err, name, "is required");
        return 0;
    }
    /* ids are below 2^53, where a double is exact */
    if (!cJSON_IsNumber(m) || m->valuedouble < 1 || m->valuedouble > 9007199254740991.0 ||
        m->valuedouble != (double)(long long)m->valuedouble) {
        error_add_field(err, name, "must be a positive whole number (an id)");
        return 0;
    }
    return (long)m->valuedouble;
}

int input_page(struct http_request *req, const char *list, long first, long *limit, long *after)
{
    *limit = input_query_long(req, "limit", 1, 100, 50);
    if (req->error.field_count)
        return 422;
    *after = first;
    const char *cursor = http_request_query(req, "cursor");
    if (cursor && !cursor_decode(list, cursor, after))
        return http_fail(req, STATUS_MALFORMED, "cursor is not one this list issued");
    return 0;
}
