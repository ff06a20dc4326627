/* Bump allocator: a list of blocks, each allocation carved from the newest one. */
#include "arena.h"

#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes in data[] */
    size_t used;
    _Alignas(max_align_t) unsigned char data[];
};

struct arena {
    struct arena_block *head; /* newest block; the first block is last in the list */
    size_t used;
    size_t next_size;
};

static struct arena_block *block_new(size_t size)
{
    struct arena_block *b = malloc(sizeof(*b) + size);
    if (!b)
        return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

struct arena *arena_new(size_t first_block)
{
    struct arena *a = malloc(sizeof(*a));
    if (!a)
        return NULL;
    if (first_block < 256)
        first_block = 256;
    a->head = block_new(first_block);
    if (!a->head) {
        free(a);
        return NULL;
    }
    a->used = 0;
    a->next_size = first_block * 2;
    return a;
}

void arena_free(struct arena *arena)
{
    if (!arena)
        return;
    struct arena_block *b = arena->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void arena_reset(struct arena *arena)
{
    while (arena->head->next) {
        struct arena_block *next = arena->head->next;
        free(arena->head);
        arena->head = next;
    }
    arena->head->used = 0;
    arena->used = 0;
}

void *arena_alloc(struct arena *arena, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX / 2)
        return NULL;
    size_t aligned = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    struct arena_block *b = arena->head;
    if (b->size - b->used < aligned) {
        size_t want = arena->next_size;
        if (want < aligned)
            want = aligned;
        struct arena_block *nb = block_new(want);
        if (!nb)
            return NULL;
        nb->next = b;
        arena->head = nb;
        if (arena->next_size < (size_t)1 << 24)
            arena->next_size *= 2;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += aligned;
    arena->used += aligned;
    return p;
}

void *arena_calloc(struct arena *arena, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(arena, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *arena_strndup(struct arena *arena, const char *s, size_t len)
{
    char *p = arena_alloc(arena, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *arena, const char *s)
{
    return arena_strndup(arena, s, strlen(s));
}

char *arena_printf(struct arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = buf_format_len(fmt, ap);
    char *p = n < 0 ? NULL : arena_alloc(arena, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const struct arena *arena)
{
    return arena->used;
}
