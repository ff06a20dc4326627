/* Login and token-lookup throttles: see guard.h. */
#include "guard.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "throttle.h"

#define SECOND_MS 1000
#define MINUTE_MS (60 * SECOND_MS)

struct guard {
    pthread_mutex_t lock;
    struct throttle logins;
    struct throttle tokens;
    struct throttle_rule user_client, client, token, portal;
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int seconds(int64_t ms)
{
    return ms <= 0 ? 0 : (int)((ms + 999) / 1000);
}

struct guard *guard_new(const struct guard_config *config)
{
    struct guard *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    if (throttle_init(&g->logins, config->login_slots) != STATUS_OK) {
        free(g);
        return NULL;
    }
    if (throttle_init(&g->tokens, config->token_slots) != STATUS_OK) {
        throttle_cleanup(&g->logins);
        free(g);
        return NULL;
    }
    g->user_client = (struct throttle_rule){config->login_free_per_user_client, SECOND_MS,
                                            15 * MINUTE_MS, 15 * MINUTE_MS};
    g->client = (struct throttle_rule){config->login_free_per_client, SECOND_MS, 15 * MINUTE_MS,
                                       15 * MINUTE_MS};
    g->token = (struct throttle_rule){config->tokens_free_per_client, SECOND_MS, 5 * MINUTE_MS,
                                      10 * MINUTE_MS};
    g->portal = (struct throttle_rule){config->portal_free_per_client, SECOND_MS, 5 * MINUTE_MS,
                                       10 * MINUTE_MS};
    pthread_mutex_init(&g->lock, NULL);
    return g;
}

void guard_free(struct guard *guard)
{
    if (!guard)
        return;
    pthread_mutex_destroy(&guard->lock);
    throttle_cleanup(&guard->logins);
    throttle_cleanup(&guard->tokens);
    free(guard);
}

/* Keys: 'c' + address, 'u' + address + username (a username never holds the separator). */
static void client_key(char *out, size_t size, const char *client)
{
    snprintf(out, size, "c\x1f%s", client);
}

/* The two keys of a login: the client's and the username's from that client. */
struct login_keys {
    char client[THROTTLE_KEY_MAX + 1], user[THROTTLE_KEY_MAX + 1];
};

static void login_keys(struct login_keys *k, const char *username, const char *client)
{
    client_key(k->client, sizeof(k->client), client);
    snprintf(k->user, sizeof(k->user), "u\x1f%s\x1f%s", client, username);
}

int guard_login_admit(struct guard *guard, const char *username, const char *client)
{
    struct login_keys k;
    login_keys(&k, username, client);
    int64_t now = now_ms();
    pthread_mutex_lock(&guard->lock);
    int64_t wait = throttle_wait(&guard->logins, k.client, now);
    int64_t w2 = throttle_wait(&guard->logins, k.user, now);
    if (w2 > wait)
        wait = w2;
    if (wait == 0) {
        throttle_hit(&guard->logins, k.client, &guard->client, now);
        throttle_hit(&guard->logins, k.user, &guard->user_client, now);
    }
    pthread_mutex_unlock(&guard->lock);
    return seconds(wait);
}

void guard_login_failed(struct guard *guard, const char *username, const char *client)
{
    struct login_keys k;
    login_keys(&k, username, client);
    int64_t now = now_ms();
    pthread_mutex_lock(&guard->lock);
    throttle_restart(&guard->logins, k.client, &guard->client, now);
    throttle_restart(&guard->logins, k.user, &guard->user_client, now);
    pthread_mutex_unlock(&guard->lock);
}

void guard_login_succeeded(struct guard *guard, const char *username, const char *client)
{
    struct login_keys k;
    login_keys(&k, username, client);
    pthread_mutex_lock(&guard->lock);
    throttle_forget(&guard->logins, k.user);
    throttle_unhit(&guard->logins, k.client, &guard->client);
    pthread_mutex_unlock(&guard->lock);
}

int guard_token_wait(struct guard *guard, const char *client)
{
    char ck[THROTTLE_KEY_MAX + 1];
    client_key(ck, sizeof(ck), client);
    int64_t now = now_ms();
    pthread_mutex_lock(&guard->lock);
    int64_t wait = throttle_wait(&guard->tokens, ck, now);
    pthread_mutex_unlock(&guard->lock);
    return seconds(wait);
}

void guard_token_unknown(struct guard *guard, const char *client)
{
    char ck[THROTTLE_KEY_MAX + 1];
    client_key(ck, sizeof(ck), client);
    int64_t now = now_ms();
    pthread_mutex_lock(&guard->lock);
    throttle_hit(&guard->tokens, ck, &guard->token, now);
    pthread_mutex_unlock(&guard->lock);
}

int guard_portal_admit(struct guard *guard, const char *client)
{
    char pk[THROTTLE_KEY_MAX + 1];
    snprintf(pk, sizeof(pk), "p\x1f%s", client);
    int64_t now = now_ms();
    pthread_mutex_lock(&guard->lock);
    int64_t wait = throttle_wait(&guard->tokens, pk, now);
    if (wait == 0)
        throttle_hit(&guard->tokens, pk, &guard->portal, now);
    pthread_mutex_unlock(&guard->lock);
    return seconds(wait);
}
