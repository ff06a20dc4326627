/* A bounded table of penalties with growing delays, keyed by short strings (a client address, a
 * username and a client address): what login and token lookups use to slow down guessing.
 *
 * Each key has a count of attempts. The first rule->free_hits hits cost nothing; from then on every
 * hit makes the key wait before its next one, base_ms at first and twice as long each time, up to
 * max_ms. A key left alone for forget_ms after its last hit (and past its wait) starts again from
 * zero.
 *
 * Bounded: the table has a fixed number of slots, allocated once; a new key takes a free or
 * forgotten slot among the few it may use, or else evicts the least punished one (the wait that
 * ends first, then the fewest hits), so a flood of new keys can never grow memory and evicts its
 * own kind before a key that is being slowed down.
 *
 * Pure: no clock and no lock. The caller passes the time (any monotonic milliseconds) and
 * serializes calls on one table. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Longest key kept; longer keys are cut (callers bound theirs below it). */
#define THROTTLE_KEY_MAX 160

struct throttle_rule {
    int free_hits; /* hits without any wait, >= 1 */
    int64_t base_ms;
    int64_t max_ms;
    int64_t forget_ms;
};

struct throttle_slot {
    bool used;
    uint64_t hash;
    int count;
    int64_t until_ms;     /* no new hit before this */
    int64_t forget_at_ms; /* the slot is free again from this instant */
    char key[THROTTLE_KEY_MAX + 1];
};

struct throttle {
    size_t size;
    struct throttle_slot *slots; /* owned */
};

/* Allocates size slots (at least 8). STATUS_NO_MEMORY when that fails. */
enum status throttle_init(struct throttle *t, size_t size);
void throttle_cleanup(struct throttle *t);

/* Milliseconds key must still wait before its next hit; 0 when it may go on. */
int64_t throttle_wait(const struct throttle *t, const char *key, int64_t now_ms);

/* Counts one hit for key and returns the wait it now imposes on the next hit (0 while the key is
 * within its free hits). */
int64_t throttle_hit(struct throttle *t, const char *key, const struct throttle_rule *rule,
                     int64_t now_ms);

/* Starts key's current wait again from now_ms (the attempt a hit admitted has just failed, after
 * work that took time: the next one waits the whole delay from the failure). Nothing when key is
 * absent or within its free hits. */
void throttle_restart(struct throttle *t, const char *key, const struct throttle_rule *rule,
                      int64_t now_ms);

/* Takes one hit back (an attempt that turned out well); the wait goes when the count falls below
 * the free hits. Nothing when key is absent. */
void throttle_unhit(struct throttle *t, const char *key, const struct throttle_rule *rule);

/* Forgets key altogether. */
void throttle_forget(struct throttle *t, const char *key);

/* Slots holding a key not yet forgotten at now_ms. */
size_t throttle_live(const struct throttle *t, int64_t now_ms);
