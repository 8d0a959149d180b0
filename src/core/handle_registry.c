/* handle_registry.c - the set of live handles, so that a destroyed, foreign
 * or garbage handle is refused without being dereferenced.
 *
 * Open addressing (linear probing) in 64 shards. Lookups take no lock: they
 * read the shard's current table through an acquire load and its slots with
 * acquire loads. Writers serialise on the shard's spinlock and change slots
 * in place only from empty or tombstone to a handle and from a handle to a
 * tombstone, so a probe chain never breaks under a reader.
 *
 * When a table fills up with handles and tombstones, a writer rebuilds the
 * live handles into another table (sized for them, so churn does not make it
 * grow) and publishes it. The old table is never freed: it becomes the
 * shard's spare of its size and may be reused by a later rebuild, so a
 * reader still probing it reads memory that stays valid. Reuse bumps the
 * table's sequence number (odd while it is rewritten); a reader that sees it
 * change retries on the current table.
 *
 * Graph nodes are not entries: they live in node blocks, which are
 * (node_block.c). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "node_block.h"

#define SHARDS 64
#define TOMBSTONE ((uintptr_t)1)
#define MIN_CAPACITY 64u

typedef struct table {
  atomic_uint seq;    /* even while stable, odd while being rewritten */
  size_t mask;        /* capacity - 1; fixed for the table's lifetime */
  struct table *next; /* shard's spare list (shard lock) */
  _Atomic uintptr_t slots[];
} table;

typedef struct shard {
  _Atomic(table *) tab; /* current table, or NULL */
  atomic_flag lock;     /* writers only */
  size_t used;          /* handles + tombstones in |tab| (lock) */
  size_t live;          /* handles in |tab| (lock) */
  table *spare;         /* retired tables, at most two per size (lock) */
} __attribute__((aligned(64))) shard;

static shard shards[SHARDS];

/* The lookup cache (handle_inline.h). An unregistration counts before it
 * removes, so a lookup that raced with it cannot be remembered as live. */
atomic_uint_fast64_t infinirt_handle_unregistrations;
_Thread_local infinirt_handle_seen
    infinirt_handle_last_seen[INFINIRT_HANDLE_KINDS]
    __attribute__((tls_model("initial-exec")));

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

static inline uintptr_t slot_get(table *t, size_t i) {
  return atomic_load_explicit(&t->slots[i], memory_order_acquire);
}
/* Release: a reader that sees the value also sees the handle's header and,
 * on a reused table, the odd sequence number that precedes the rewrite. */
static inline void slot_set(table *t, size_t i, uintptr_t v) {
  atomic_store_explicit(&t->slots[i], v, memory_order_release);
}

/* Writer side: index of |p| in |t|, or of the slot where it would go (the
 * first tombstone on its chain, else the empty slot ending it). */
static size_t probe_insert(table *t, uintptr_t p, uint64_t h) {
  size_t mask = t->mask, i = (size_t)(h >> 6) & mask;
  size_t first_tomb = SIZE_MAX;
  for (;;) {
    uintptr_t v = slot_get(t, i);
    if (v == p)
      return i;
    if (v == 0)
      return first_tomb != SIZE_MAX ? first_tomb : i;
    if (v == TOMBSTONE && first_tomb == SIZE_MAX)
      first_tomb = i;
    i = (i + 1) & mask;
  }
}

/* A table of |cap| slots: the shard's spare of that size (rewritten under
 * an odd sequence number), else a new one. NULL if memory ran out. */
static table *take_table(shard *s, size_t cap) {
  for (table **pp = &s->spare; *pp; pp = &(*pp)->next) {
    table *t = *pp;
    if (t->mask + 1 != cap)
      continue;
    *pp = t->next;
    unsigned q = atomic_load_explicit(&t->seq, memory_order_relaxed);
    atomic_store_explicit(&t->seq, q + 1, memory_order_relaxed);
    for (size_t i = 0; i < cap; i++)
      slot_set(t, i, 0);
    return t;
  }
  table *t = calloc(1, sizeof *t + cap * sizeof(uintptr_t));
  if (!t)
    return NULL;
  t->mask = cap - 1;
  atomic_init(&t->seq, 1);
  return t;
}

/* Rebuilds |s| into a table with room for |need| handles at a quarter load,
 * so at least as many insertions again pass before the next rebuild. */
static bool rebuild(shard *s, size_t need) {
  size_t cap = MIN_CAPACITY;
  while (cap < need * 4)
    cap *= 2;
  table *old = atomic_load_explicit(&s->tab, memory_order_relaxed);
  table *t = take_table(s, cap);
  if (!t)
    return false;
  size_t live = 0;
  for (size_t i = 0; old && i <= old->mask; i++) {
    uintptr_t v = slot_get(old, i);
    if (v > TOMBSTONE) {
      slot_set(t, probe_insert(t, v, hash_ptr(v)), v);
      live++;
    }
  }
  atomic_fetch_add_explicit(&t->seq, 1, memory_order_release); /* even */
  atomic_store_explicit(&s->tab, t, memory_order_release);
  s->used = s->live = live;
  if (old) {
    old->next = s->spare;
    s->spare = old;
  }
  return true;
}

bool infinirt_handle_register(infinirt_handle *h) {
  if (h->kind == INFINIRT_HANDLE_GRAPH_NODE)
    return infinirt_node_set_live(h, true);
  uintptr_t p = (uintptr_t)h;
  uint64_t hv = hash_ptr(p);
  shard *s = &shards[hv & (SHARDS - 1)];
  lock(s);
  table *t = atomic_load_explicit(&s->tab, memory_order_relaxed);
  if (!t || (s->used + 1) * 2 > t->mask + 1) {
    if (!rebuild(s, s->live + 1)) {
      unlock(s);
      return false;
    }
    t = atomic_load_explicit(&s->tab, memory_order_relaxed);
  }
  size_t i = probe_insert(t, p, hv);
  uintptr_t v = slot_get(t, i);
  if (v != p) {
    if (v == 0)
      s->used++;
    s->live++;
    slot_set(t, i, p);
  }
  unlock(s);
  return true;
}

bool infinirt_handle_unregister(infinirt_handle *h) {
  if (h->kind == INFINIRT_HANDLE_GRAPH_NODE)
    return infinirt_node_set_live(h, false);
  uintptr_t p = (uintptr_t)h;
  uint64_t hv = hash_ptr(p);
  shard *s = &shards[hv & (SHARDS - 1)];
  bool found = false;
  atomic_fetch_add_explicit(&infinirt_handle_unregistrations, 1,
                            memory_order_seq_cst);
  lock(s);
  table *t = atomic_load_explicit(&s->tab, memory_order_relaxed);
  if (t) {
    size_t i = probe_insert(t, p, hv);
    if (slot_get(t, i) == p) {
      slot_set(t, i, TOMBSTONE);
      s->live--;
      found = true;
    }
  }
  unlock(s);
  return found;
}

infinirt_handle *infinirt_handle_lookup_slow(const void *ptr,
                                             infinirt_handle_kind kind) {
  uintptr_t p = (uintptr_t)ptr;
  if (p <= TOMBSTONE)
    return NULL;
  uint64_t gen = atomic_load_explicit(&infinirt_handle_unregistrations,
                                      memory_order_seq_cst);
  uint64_t hv = hash_ptr(p);
  shard *s = &shards[hv & (SHARDS - 1)];
  bool found;
  for (;;) {
    table *t = atomic_load_explicit(&s->tab, memory_order_acquire);
    if (!t)
      return NULL;
    unsigned q = atomic_load_explicit(&t->seq, memory_order_acquire);
    if (q & 1)
      continue; /* being reused, so no longer current: reload */
    size_t mask = t->mask, i = (size_t)(hv >> 6) & mask;
    found = false;
    /* Bounded: a table being reused under us may hold no empty slot. */
    for (size_t n = 0; n <= mask; n++, i = (i + 1) & mask) {
      uintptr_t v = slot_get(t, i);
      if (v == p) {
        found = true;
        break;
      }
      if (v == 0)
        break;
    }
    /* The slot loads are acquire, so this load cannot move above them. */
    if (atomic_load_explicit(&t->seq, memory_order_relaxed) == q)
      break;
  }
  if (!found)
    return NULL;
  infinirt_handle *h = (infinirt_handle *)p;
  if (h->magic != INFINIRT_HANDLE_MAGIC || h->kind != kind)
    return NULL;
  infinirt_handle_last_seen[kind].p = p;
  infinirt_handle_last_seen[kind].gen = gen;
  return h;
}

/* Bytes held by the registry's tables, spares included (for tests). */
size_t infinirt_handle_registry_bytes(void) {
  size_t n = 0;
  for (int i = 0; i < SHARDS; i++) {
    shard *s = &shards[i];
    lock(s);
    table *t = atomic_load_explicit(&s->tab, memory_order_relaxed);
    if (t)
      n += sizeof *t + (t->mask + 1) * sizeof(uintptr_t);
    for (table *sp = s->spare; sp; sp = sp->next)
      n += sizeof *sp + (sp->mask + 1) * sizeof(uintptr_t);
    unlock(s);
  }
  return n;
}
