/* A bounded penalty table with growing delays: see throttle.h. */
#include "throttle.h"

#include <stdlib.h>
#include <string.h>

/* A key lives in one of this many consecutive slots from its hash's. */
#define PROBE 8

static uint64_t hash_of(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; key[i] && i < THROTTLE_KEY_MAX; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static bool same_key(const struct throttle_slot *s, uint64_t h, const char *key)
{
    return s->used && s->hash == h && strncmp(s->key, key, THROTTLE_KEY_MAX) == 0;
}

enum status throttle_init(struct throttle *t, size_t size)
{
    t->size = size < PROBE ? PROBE : size;
    t->slots = calloc(t->size, sizeof(*t->slots));
    if (!t->slots) {
        t->size = 0;
        return STATUS_NO_MEMORY;
    }
    return STATUS_OK;
}

void throttle_cleanup(struct throttle *t)
{
    free(t->slots);
    t->slots = NULL;
    t->size = 0;
}

/* The live slot of key, or NULL. */
static struct throttle_slot *find(const struct throttle *t, const char *key, int64_t now_ms)
{
    uint64_t h = hash_of(key);
    for (size_t i = 0; i < PROBE; i++) {
        struct throttle_slot *s = &t->slots[(h + i) % t->size];
        if (same_key(s, h, key))
            return now_ms < s->forget_at_ms ? s : NULL;
    }
    return NULL;
}

int64_t throttle_wait(const struct throttle *t, const char *key, int64_t now_ms)
{
    const struct throttle_slot *s = find(t, key, now_ms);
    return s && s->until_ms > now_ms ? s->until_ms - now_ms : 0;
}

/* Whether a is the better one to evict: its wait ends sooner, or it has fewer hits, or it is
 * forgotten sooner. */
static bool less_punished(const struct throttle_slot *a, const struct throttle_slot *b)
{
    if (a->until_ms != b->until_ms)
        return a->until_ms < b->until_ms;
    if (a->count != b->count)
        return a->count < b->count;
    return a->forget_at_ms < b->forget_at_ms;
}

/* The slot for key: its own, else a free or forgotten one in its window, else the least punished
 * one (evicted). */
static struct throttle_slot *claim(struct throttle *t, const char *key, int64_t now_ms)
{
    uint64_t h = hash_of(key);
    struct throttle_slot *spare = NULL, *victim = NULL;
    for (size_t i = 0; i < PROBE; i++) {
        struct throttle_slot *s = &t->slots[(h + i) % t->size];
        if (same_key(s, h, key)) {
            if (now_ms >= s->forget_at_ms) {
                s->count = 0;
                s->until_ms = 0;
            }
            return s;
        }
        if (!s->used || now_ms >= s->forget_at_ms) {
            if (!spare)
                spare = s;
        } else if (!victim || less_punished(s, victim)) {
            victim = s;
        }
    }
    struct throttle_slot *s = spare ? spare : victim;
    memset(s, 0, sizeof(*s));
    s->used = true;
    s->hash = h;
    strncpy(s->key, key, THROTTLE_KEY_MAX);
    s->key[THROTTLE_KEY_MAX] = '\0';
    return s;
}

static int64_t delay_for(const struct throttle_rule *rule, int count)
{
    if (count < rule->free_hits)
        return 0;
    int64_t d = rule->base_ms;
    for (int i = rule->free_hits; i < count && d < rule->max_ms; i++)
        d *= 2;
    return d < rule->max_ms ? d : rule->max_ms;
}

int64_t throttle_hit(struct throttle *t, const char *key, const struct throttle_rule *rule,
                     int64_t now_ms)
{
    struct throttle_slot *s = claim(t, key, now_ms);
    if (s->count < 1000000)
        s->count++;
    int64_t d = delay_for(rule, s->count);
    s->until_ms = d ? now_ms + d : 0;
    s->forget_at_ms = now_ms + rule->forget_ms;
    if (s->forget_at_ms < s->until_ms)
        s->forget_at_ms = s->until_ms;
    return d;
}

void throttle_restart(struct throttle *t, const char *key, const struct throttle_rule *rule,
                      int64_t now_ms)
{
    struct throttle_slot *s = find(t, key, now_ms);
    int64_t d = s ? delay_for(rule, s->count) : 0;
    if (!d)
        return;
    s->until_ms = now_ms + d;
    if (s->forget_at_ms < s->until_ms)
        s->forget_at_ms = s->until_ms;
}

void throttle_unhit(struct throttle *t, const char *key, const struct throttle_rule *rule)
{
    uint64_t h = hash_of(key);
    for (size_t i = 0; i < PROBE; i++) {
        struct throttle_slot *s = &t->slots[(h + i) % t->size];
        if (same_key(s, h, key)) {
            if (s->count > 0)
                s->count--;
            if (s->count < rule->free_hits)
                s->until_ms = 0;
            return;
        }
    }
}

void throttle_forget(struct throttle *t, const char *key)
{
    uint64_t h = hash_of(key);
    for (size_t i = 0; i < PROBE; i++) {
        struct throttle_slot *s = &t->slots[(h + i) % t->size];
        if (same_key(s, h, key)) {
            memset(s, 0, sizeof(*s));
            return;
        }
    }
}

size_t throttle_live(const struct throttle *t, int64_t now_ms)
{
    size_t n = 0;
    for (size_t i = 0; i < t->size; i++)
        n += t->slots[i].used && now_ms < t->slots[i].forget_at_ms;
    return n;
}
