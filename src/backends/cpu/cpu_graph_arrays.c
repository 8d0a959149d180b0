/* cpu_graph_arrays.c - the arrays of executable graphs, kept for the next
 * instantiation.
 *
 * A graph of 100 000 nodes instantiates into some 13 MB of arrays (run
 * order, dependencies, commands, stamps, source). The allocator gives
 * freed memory of that size back to the system (an mmap'd chunk, or the
 * trimmed top of the heap), so the next instantiation faults in and clears
 * every page again, which costs about as much as the instantiation's own
 * work. Freed arrays of at least KEEP_MIN bytes are kept instead, up to
 * CACHE_MAX bytes in all, and handed to a later request they fit without
 * wasting more than half of them; DeviceGraphMemTrim gives them back. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

#define KEEP_MIN ((size_t)64 << 10)
#define CACHE_MAX ((size_t)64 << 20)

/* Before every array, 64 bytes (its alignment) that say its size. */
typedef struct array_head {
  size_t cap; /* bytes after the head */
  struct array_head *next;
} array_head;
#define HEAD 64u
_Static_assert(sizeof(array_head) <= HEAD, "the head fits its room");

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static array_head *cache; /* newest first */
static size_t cache_bytes;

static array_head *head_of(void *p) {
  return (array_head *)(void *)((char *)p - HEAD);
}

/* The smallest kept array that |bytes| fits and fills at least half of. */
static array_head *cache_take(size_t bytes) {
  pthread_mutex_lock(&cache_lock);
  array_head **best = NULL;
  for (array_head **pp = &cache; *pp; pp = &(*pp)->next) {
    size_t cap = (*pp)->cap;
    if (cap >= bytes && cap / 2 <= bytes && (!best || cap < (*best)->cap))
      best = pp;
  }
  array_head *h = NULL;
  if (best) {
    h = *best;
    *best = h->next;
    cache_bytes -= h->cap;
  }
  pthread_mutex_unlock(&cache_lock);
  return h;
}

void *infinirt_cpu_array_alloc(size_t bytes) {
  if (!bytes)
    bytes = 1;
  if (bytes > SIZE_MAX - HEAD - 63)
    return NULL;
  bytes = (bytes + 63) & ~(size_t)63;
  array_head *h = bytes >= KEEP_MIN ? cache_take(bytes) : NULL;
  if (!h) {
    void *mem = NULL;
    if (posix_memalign(&mem, 64, HEAD + bytes))
      return NULL;
    h = mem;
    h->cap = bytes;
  }
  return (char *)h + HEAD;
}

void *infinirt_cpu_array_calloc(size_t bytes) {
  void *p = infinirt_cpu_array_alloc(bytes);
  return p ? memset(p, 0, bytes ? bytes : 1) : NULL;
}

void infinirt_cpu_array_free(void *p) {
  if (!p)
    return;
  array_head *h = head_of(p);
  if (h->cap >= KEEP_MIN) {
    pthread_mutex_lock(&cache_lock);
    bool kept = cache_bytes + h->cap <= CACHE_MAX;
    if (kept) {
      h->next = cache;
      cache = h;
      cache_bytes += h->cap;
    }
    pthread_mutex_unlock(&cache_lock);
    if (kept)
      return;
  }
  free(h);
}

void infinirt_cpu_arrays_trim(void) {
  pthread_mutex_lock(&cache_lock);
  array_head *h = cache;
  cache = NULL;
  cache_bytes = 0;
  pthread_mutex_unlock(&cache_lock);
  for (array_head *next; h; h = next) {
    next = h->next;
    free(h);
  }
}
