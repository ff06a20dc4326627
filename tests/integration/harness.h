/* Integration test harness: a private database per test file, the real mediationd binary started
 * on a free port, and an HTTP client (libcurl).
 *
 * Ownership: struct harness and struct http_result are the caller's; http_result_cleanup() frees
 * what http_call() allocated. Every function returns 0 on success and -1 (after printing why to
 * stderr) on failure, so tests can assert_int_equal(0, ...). */
#pragma once

#include <cjson/cJSON.h>
#include <stddef.h>
#include <sys/types.h>

struct harness {
    char maintenance_url[512]; /* TEST_DATABASE_URL: where databases are created and dropped */
    char db_name[64];
    char db_url[640]; /* the test's own database */
    pid_t server_pid; /* 0 when not running */
    int port;
    char log_path[512]; /* the server's stderr */
    char admin_key[128];
};

struct http_result {
    long status;
    char *body; /* NUL-terminated, owned */
    size_t body_len;
    char *headers; /* raw response header block, owned */
    cJSON *json;   /* parsed body when it is JSON, owned; NULL otherwise */
};

/* Creates a fresh database named after the test (and the pid) in TEST_DATABASE_URL's server and
 * points db_url at it. */
int harness_create_db(struct harness *h, const char *test_name);
/* The same in the server of another maintenance URL (a private cluster of the test's own). */
int harness_create_db_at(struct harness *h, const char *maintenance_url, const char *test_name);
void harness_drop_db(struct harness *h);

/* Runs `mediationd ARGS...` (NULL-terminated) with DATABASE_URL=h->db_url, waits for it.
 * Returns its exit status (or -1); stdout goes into out (size out_size) when out is not NULL. */
int harness_run(struct harness *h, char *out, size_t out_size, const char *const *args);
/* The same for the data generator, `mediation-seed ARGS...`. */
int harness_seed(struct harness *h, char *out, size_t out_size, const char *const *args);

/* Starts `mediationd serve` on 127.0.0.1 and a free port (extra_env: NULL-terminated list of
 * "NAME=value" or NULL); waits until it listens. */
int harness_start_server(struct harness *h, const char *const *extra_env);
/* Sends sig and waits; returns the exit status (or 128 + signal) or -1. */
int harness_stop_server(struct harness *h, int sig);
/* Waits for the server to exit by itself; returns as harness_stop_server. */
int harness_wait_server(struct harness *h);
/* True while the server process runs. */
int harness_server_alive(struct harness *h);

/* Runs a shell command line (bounded by the caller's own arguments) and captures its stdout
 * (trailing newlines removed) into out. Returns its exit status or -1. */
int harness_shell(const char *command, char *out, size_t out_size);

/* Creates a key with `mediationd admin create-key` into out (at least 128 bytes). center may be
 * NULL for a city-level key. */
int harness_create_key(struct harness *h, const char *role, const char *center, char *out);

/* A database connection to the test database (libpq PGconn *), for setting up and checking state
 * with plain SQL. */
void *harness_pg(struct harness *h);
/* Runs SQL on the test database; returns the first column of the first row in out (may be NULL). */
int harness_sql(struct harness *h, const char *sql, char *out, size_t out_size);

/* One HTTP request to the running server. headers: NULL-terminated "Name: value" list or NULL.
 * body may be NULL. 0: res holds the answer (the caller's, http_result_cleanup); -1: the request
 * failed and res holds nothing (no cleanup needed). */
int http_call(struct harness *h, const char *method, const char *path, const char *const *headers,
              const char *body, size_t body_len, struct http_result *res);
void http_result_cleanup(struct http_result *res);
/* The value of a response header (case-insensitive), copied into out; "" when absent. */
const char *http_header(const struct http_result *res, const char *name, char *out, size_t size);

/* Convenience: Authorization header with the given key. Returns a static-per-call buffer owned by
 * the caller (out, at least 160 bytes). */
const char *bearer(const char *key, char *out);

/* One sample of the server's /metrics: the value after "series " at the start of a line (series
 * with its labels, as the server writes them). 0 with *out set, -1 when the request failed or the
 * series is absent. */
int harness_metric(struct harness *h, const char *series, double *out);

/* Milliseconds since an arbitrary start (monotonic). */
long harness_now_ms(void);
/* The repository root (for scripts/pg) and a scratch folder in the build tree. */
const char *harness_repo_root(void);
const char *harness_work_dir(void);
