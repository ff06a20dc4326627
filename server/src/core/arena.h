/* A bump allocator for everything a request needs.
 *
 * Ownership: the arena owns every block it hands out; nothing allocated from it is freed on its
 * own. arena_free() releases them all at once. The HTTP layer creates one arena when a request
 * arrives and frees it in libmicrohttpd's completion callback, so a handler never frees what it
 * allocates from the request arena. An arena is not thread-safe: one request, one thread at a time.
 */
#pragma once

#include <stddef.h>

struct arena;

/* Creates an arena whose first block holds first_block bytes. NULL when out of memory. */
struct arena *arena_new(size_t first_block);
void arena_free(struct arena *arena);

/* Releases every allocation but keeps the first block, so the arena can serve another request. */
void arena_reset(struct arena *arena);

/* Returns size bytes aligned for any type, or NULL when out of memory or over the arena's cap. */
void *arena_alloc(struct arena *arena, size_t size);
void *arena_calloc(struct arena *arena, size_t count, size_t size);
char *arena_strndup(struct arena *arena, const char *s, size_t len);
char *arena_strdup(struct arena *arena, const char *s);
char *arena_printf(struct arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bytes handed out since creation or the last reset (for tests and metrics). */
size_t arena_used(const struct arena *arena);
