/* Direct-mapped token cache with a time-to-live and an invalidation generation. */
#include "auth_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slot {
    bool used;
    struct auth_cache_entry entry;
};

struct auth_cache {
    pthread_mutex_t lock;
    uint64_t generation; /* bumped by every forget */
    size_t count;
    int ttl_ms;
    struct slot *slots;
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* FNV-1a over the kind and the public id. */
static size_t slot_of(const struct auth_cache *c, enum token_kind kind, const char *public_id)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;
    for (const char *p = public_id; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    return (size_t)(h % c->count);
}

struct auth_cache *auth_cache_new(size_t slots, int ttl_ms)
{
    struct auth_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->slots = calloc(slots ? slots : 1, sizeof(*c->slots));
    if (!c->slots) {
        free(c);
        return NULL;
    }
    c->count = slots ? slots : 1;
    c->ttl_ms = ttl_ms;
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void auth_cache_free(struct auth_cache *cache)
{
    if (!cache)
        return;
    pthread_mutex_destroy(&cache->lock);
    free(cache->slots);
    free(cache);
}

bool auth_cache_get(struct auth_cache *cache, enum token_kind kind, const char *public_id,
                    struct auth_cache_entry *out)
{
    if (cache->ttl_ms <= 0)
        return false;
    struct slot *s = &cache->slots[slot_of(cache, kind, public_id)];
    bool hit = false;
    pthread_mutex_lock(&cache->lock);
    if (s->used && s->entry.kind == kind && strcmp(s->entry.public_id, public_id) == 0 &&
        now_ms() - s->entry.cached_at_ms < cache->ttl_ms) {
        *out = s->entry;
        hit = true;
    }
    pthread_mutex_unlock(&cache->lock);
    return hit;
}

uint64_t auth_cache_generation(struct auth_cache *cache)
{
    pthread_mutex_lock(&cache->lock);
    uint64_t g = cache->generation;
    pthread_mutex_unlock(&cache->lock);
    return g;
}

bool auth_cache_put(struct auth_cache *cache, const struct auth_cache_entry *entry,
                    uint64_t generation)
{
    if (cache->ttl_ms <= 0)
        return false;
    struct slot *s = &cache->slots[slot_of(cache, entry->kind, entry->public_id)];
    bool stored = false;
    pthread_mutex_lock(&cache->lock);
    int64_t now = now_ms();
    /* a token forgotten since the lookup began may have been read before its revocation
     * committed; a miss never evicts a live token (a flood of made-up ids would empty the cache) */
    bool stale_read = generation != cache->generation;
    bool live_other =
        s->used && s->entry.usable && now - s->entry.cached_at_ms < cache->ttl_ms &&
        (s->entry.kind != entry->kind || strcmp(s->entry.public_id, entry->public_id) != 0);
    if (!stale_read && !(live_other && !entry->usable)) {
        s->used = true;
        s->entry = *entry;
        s->entry.cached_at_ms = now;
        stored = true;
    }
    pthread_mutex_unlock(&cache->lock);
    return stored;
}

void auth_cache_forget(struct auth_cache *cache, enum token_kind kind, const char *public_id)
{
    struct slot *s = &cache->slots[slot_of(cache, kind, public_id)];
    pthread_mutex_lock(&cache->lock);
    cache->generation++;
    if (s->used && s->entry.kind == kind && strcmp(s->entry.public_id, public_id) == 0)
        s->used = false;
    pthread_mutex_unlock(&cache->lock);
}

void auth_cache_forget_user(struct auth_cache *cache, long user_id)
{
    pthread_mutex_lock(&cache->lock);
    cache->generation++;
    for (size_t i = 0; i < cache->count; i++)
        if (cache->slots[i].used && cache->slots[i].entry.kind == TOKEN_SESSION &&
            cache->slots[i].entry.who.user_id == user_id)
            cache->slots[i].used = false;
    pthread_mutex_unlock(&cache->lock);
}
