/* mediationctl's HTTP client (libcurl): one connection kept alive across requests, the bearer
 * token on every request, retries with the same Idempotency-Key when the server answers 503 or
 * the connection fails, problem+json shown readably, and the exit code each answer maps to.
 *
 * Ownership: struct api and struct api_response are the caller's; api_cleanup and
 * api_response_cleanup free what the calls allocated. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"

/* Exit codes (documented in clients/README.md). */
enum exit_code {
    EXIT_OK = 0,
    EXIT_FAILURE_ = 1, /* anything else: an unexpected answer, an I/O error */
    EXIT_USAGE = 2,    /* bad arguments or configuration */
    EXIT_AUTH = 3,     /* 401, 403 */
    EXIT_NOT_FOUND = 4,
    EXIT_CONFLICT = 5,    /* 409, 412, 428: the case's status or version does not allow it */
    EXIT_INVALID = 6,     /* 400, 413, 414, 415, 422: the request was refused as sent */
    EXIT_UNAVAILABLE = 7, /* no connection, 429, 5xx: try again later */
    EXIT_PARTIAL = 8,     /* import: some rows failed */
};

struct api {
    void *curl; /* CURL *, kept for connection reuse */
    char base[512];
    char token[256];
    long timeout_s;
    int retries; /* further attempts after a 503 or a connection error */
    bool verbose;
};

struct api_request {
    const char *method; /* GET, POST, PATCH, DELETE */
    const char *path;   /* from /api/v1/..., with its query string */
    const char *json;   /* a JSON body, or NULL */
    FILE *upload;       /* a raw body read from this file instead (rewound on retry), or NULL */
    long long upload_size;
    const char *idempotency_key; /* NULL: none (a retry of a POST without a key never happens) */
    const char *if_match;
    FILE *download; /* write a 2xx body here instead of into the response */
    long wait_s;    /* extra seconds of timeout for a long poll */
};

struct api_response {
    long status; /* 0 when no answer came */
    struct buf body;
    char content_type[128];
    char etag[128];
    char location[256];
    char request_id[64];
    char retry_after[32];
    bool replayed; /* Idempotent-Replayed: true */
};

int api_init(struct api *a, const char *base_url, const char *token);
void api_cleanup(struct api *a);

/* Sends the request, retrying as described above. 0 when an HTTP answer came (any status, in
 * res, which the caller cleans up), -1 when none did (the reason printed to stderr). */
int api_send(struct api *a, const struct api_request *req, struct api_response *res);
void api_response_cleanup(struct api_response *res);

/* The exit code for an HTTP status (2xx: EXIT_OK). */
int api_exit_code(long status);
/* Prints an error answer to stderr: "error: 422 Unprocessable Entity: detail", one line per
 * field error, the request id. Returns api_exit_code(res->status). */
int api_print_error(const struct api_response *res);

/* A random version-4 UUID for an Idempotency-Key (37 bytes with the NUL). 0, or -1 when the
 * system has no randomness to give. */
int api_new_key(char out[37]);

/* Appends "name=value" to a query string in q (with ? or &), value percent-encoded; NULL or ""
 * value: nothing. 0, or -1 when q is full. */
int api_query_add(struct buf *q, const char *name, const char *value);
