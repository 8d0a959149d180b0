/* handle_registry.c - the set of live handles, so that a destroyed, foreign
 * or garbage handle is refused without being dereferenced.
 *
 * Open addressing in 64 shards, each behind a spinlock: a lookup is one hash,
 * one uncontended lock and a probe or two. The tables grow and never shrink;
 * deleted slots become tombstones and are reused. */
#include <stdatomic.h>
#include <stdlib.h>

#include "backend.h"

#define SHARDS 64
#define TOMBSTONE ((uintptr_t)1)

typedef struct shard {
  atomic_flag lock;
  size_t capacity; /* power of two, or 0 */
  size_t used;     /* live + tombstones */
  uintptr_t *slots;
  char pad[64 - sizeof(atomic_flag) - 2 * sizeof(size_t) - sizeof(void *)];
} shard;

static shard shards[SHARDS];

static inline uint64_t hash_ptr(uintptr_t p) {
  uint64_t x = (uint64_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

static inline void lock(shard *s) {
  while (atomic_flag_test_and_set_explicit(&s->lock, memory_order_acquire)) {
  }
}
static inline void unlock(shard *s) {
  atomic_flag_clear_explicit(&s->lock, memory_order_release);
}

/* Index of |p| in |s|, or of the empty slot where it would go. */
static size_t probe(const shard *s, uintptr_t p, uint64_t h) {
  size_t mask = s->capacity - 1, i = (size_t)(h >> 6) & mask;
  size_t first_tomb = SIZE_MAX;
  for (;;) {
    uintptr_t v = s->slots[i];
    if (v == p) return i;
    if (v == 0) return first_tomb != SIZE_MAX ? first_tomb : i;
    if (v == TOMBSTONE && first_tomb == SIZE_MAX) first_tomb = i;
    i = (i + 1) & mask;
  }
}

static bool grow(shard *s) {
  size_t cap = s->capacity ? s->capacity * 2 : 64;
  uintptr_t *old = s->slots;
  size_t old_cap = s->capacity;
  uintptr_t *slots = calloc(cap, sizeof *slots);
  if (!slots) return false;
  s->slots = slots;
  s->capacity = cap;
  s->used = 0;
  for (size_t i = 0; i < old_cap; i++) {
    if (old[i] > TOMBSTONE) {
      s->slots[probe(s, old[i], hash_ptr(old[i]))] = old[i];
      s->used++;
    }
  }
  free(old);
  return true;
}

bool infinirt_handle_register(infinirt_handle *h) {
  uintptr_t p = (uintptr_t)h;
  uint64_t hv = hash_ptr(p);
  shard *s = &shards[hv & (SHARDS - 1)];
  lock(s);
  if ((s->used + 1) * 2 > s->capacity && !grow(s)) {
    unlock(s);
    return false;
  }
  size_t i = probe(s, p, hv);
  if (s->slots[i] != p) {
    if (s->slots[i] == 0) s->used++;
    s->slots[i] = p;
  }
  unlock(s);
  return true;
}

bool infinirt_handle_unregister(infinirt_handle *h) {
  uintptr_t p = (uintptr_t)h;
  uint64_t hv = hash_ptr(p);
  shard *s = &shards[hv & (SHARDS - 1)];
  bool found = false;
  lock(s);
  if (s->capacity) {
    size_t i = probe(s, p, hv);
    if (s->slots[i] == p) {
      s->slots[i] = TOMBSTONE;
      found = true;
    }
  }
  unlock(s);
  return found;
}

infinirt_handle *infinirt_handle_lookup(const void *ptr,
                                        infinirt_handle_kind kind) {
  uintptr_t p = (uintptr_t)ptr;
  if (p <= TOMBSTONE) return NULL;
  uint64_t hv = hash_ptr(p);
  shard *s = &shards[hv & (SHARDS - 1)];
  bool found = false;
  lock(s);
  if (s->capacity) found = s->slots[probe(s, p, hv)] == p;
  unlock(s);
  if (!found) return NULL;
  infinirt_handle *h = (infinirt_handle *)p;
  if (h->magic != INFINIRT_HANDLE_MAGIC || h->kind != kind) return NULL;
  return h;
}
