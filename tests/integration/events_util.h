/* Helpers shared by the tests of issue 14 (change feed, reminders, webhooks, attachments): calls
 * with a key, an intake, the feed read from a cursor, and a webhook receiver on loopback.
 *
 * Ownership: results filled by api() are the caller's (http_result_cleanup). The receiver owns
 * its thread and socket until receiver_stop. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* One call with a bearer key (NULL: none) and a JSON body (NULL: none); status, or -1. out may be
 * NULL. */
long api(struct harness *h, const char *method, const char *path, const char *key, const char *body,
         struct http_result *out);

/* Registers a case in community_id at risk level risk ("none", "orange", "red") with key;
 * returns its id (0 on failure). */
long intake_case(struct harness *h, const char *key, long community_id, const char *risk);

/* Starts two server instances on h's database with env (h2 becomes a copy of h with its own log,
 * h.log_path + ".second"); 0 when both listen. */
int start_two_instances(struct harness *h, struct harness *h2, const char *const *env);

/* Stops both instances (SIGTERM) and drops h's database; 0 when both stopped cleanly. */
int stop_two_instances(struct harness *h, struct harness *h2);

/* Creates a community; returns its id (0 on failure). */
long make_community(struct harness *h, const char *code);

/* The feed's next_cursor now (reading from the beginning up to the end) into out (128). */
int feed_tail_cursor(struct harness *h, const char *key, char *out);

/* How many feed events of type (NULL: any) the case has, read with plain SQL. */
long feed_count(struct harness *h, long case_id, const char *type);

/* ---- a webhook receiver on 127.0.0.1 ------------------------------------------------------- */

#define RECEIVER_MAX 4096

struct received {
    char webhook_id[64];
    char timestamp[32];
    char signature[128];
    char path[64];
    char *body; /* owned */
    bool verified;
    int answered; /* the status sent back, 0 for none */
};

enum receiver_mode {
    RECEIVER_OK,        /* 200 */
    RECEIVER_FLAKY,     /* 500 on the first, third … request of each webhook-id, 200 otherwise:
                           half of the requests fail */
    RECEIVER_SILENT,    /* reads the request and never answers */
    RECEIVER_ERROR_500, /* 500 always */
};

struct receiver {
    int fd;
    int port;
    pthread_t thread;
    pthread_mutex_t lock;
    enum receiver_mode mode;
    int delay_ms; /* before answering */
    char secret[80];
    size_t count;
    struct received items[RECEIVER_MAX];
    long requests;
    int in_flight[RECEIVER_MAX]; /* per msg number (msg_N): requests being handled now */
    int seen[RECEIVER_MAX];      /* per msg number: requests received */
    int max_in_flight_same_id;   /* the most concurrent requests seen for one webhook-id */
    bool stopping;
    int open_connections;
};

/* Starts listening on a free loopback port (one thread per connection). r must outlive every
 * connection (a static object): a connection may still finish after receiver_stop. */
int receiver_start(struct receiver *r, enum receiver_mode mode);
void receiver_stop(struct receiver *r);
/* The Standard Webhooks check, written here independently of the server: base64 of
 * HMAC-SHA256(base64-decode(secret after "whsec_"), id + "." + timestamp + "." + body) equals the
 * signature after "v1,". */
bool receiver_verify(const char *secret, const char *id, const char *timestamp, const char *body,
                     const char *signature);

/* Waits until at least n requests arrived or timeout_ms passed; returns the count. */
size_t receiver_wait(struct receiver *r, size_t n, long timeout_ms);
