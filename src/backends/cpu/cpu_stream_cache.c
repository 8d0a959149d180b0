/* cpu_stream_cache.c - pool blocks freed on a stream, kept for that stream.
 *
 * CUDA lets memory freed by FreeAsync on stream S be reused at once by a
 * later allocation from the same pool on S: stream order puts every use of the
 * new allocation after every use of the old one. So FreeAsync parks the block
 * in S's cache and MallocAsync on S takes it back, with no command and no
 * hand-off to S's worker. Other streams may reuse a block only after its free
 * has executed, so a cache goes back to the device pool on synchronisation,
 * stream destruction and device reset, when it is full, and when an
 * allocation finds no memory; a block whose free has not executed yet goes
 * back through a FREE command on S. A free that must also wait for other
 * streams (the legacy default stream rules) never enters a cache. */
#include <sched.h>

#include "cpu_internal.h"

/* Bytes one stream may keep from the other streams of its device. */
#define CACHE_BYTES ((size_t)256 << 20)

static void lock(cpu_stream_cache *c) {
  unsigned spins = 0;
  while (atomic_exchange_explicit(&c->busy, true, memory_order_acquire)) {
    do {
      /* The holder may have been preempted on this very core. */
      if ((++spins & 127) == 0)
        sched_yield();
      else
        infinirt_cpu_relax();
    } while (atomic_load_explicit(&c->busy, memory_order_relaxed));
  }
}

static void unlock(cpu_stream_cache *c) {
  atomic_store_explicit(&c->busy, false, memory_order_release);
}

/* Empties the cache into a chain through pool_next. */
static cpu_alloc *detach_locked(cpu_stream_cache *c) {
  cpu_alloc *chain = NULL;
  unsigned n = atomic_load_explicit(&c->n, memory_order_relaxed);
  for (unsigned i = 0; i < n; i++) {
    c->block[i]->pool_next = chain;
    chain = c->block[i];
  }
  atomic_store_explicit(&c->n, 0, memory_order_relaxed);
  c->bytes = 0;
  return chain;
}

/* Returns |chain| to the pool once |s| has executed up to |seq|. */
static void give_back(cpu_stream *s, cpu_alloc *chain, uint64_t seq) {
  if (atomic_load(&s->completed) >= seq) {
    infinirt_cpu_release_chain(chain);
    return;
  }
  cpu_enqueue e;
  cpu_slot *h;
  if (infinirt_cpu_begin(s, NULL, 0, 0, &e, &h) != infinirtSuccess) {
    /* Unreachable: work is pending, so the worker runs. */
    cpu_dep d = {s, seq};
    infinirt_cpu_dep_wait(&d, true);
    infinirt_cpu_release_chain(chain);
    return;
  }
  h->cmd.p.free.alloc = chain;
  infinirt_cpu_commit(&e, CPU_OP_FREE);
}

cpu_alloc *infinirt_cpu_scache_take(cpu_stream *s, const cpu_mempool *pool,
                                    unsigned k) {
  cpu_stream_cache *c = &s->cache;
  if (atomic_load_explicit(&c->n, memory_order_relaxed) == 0)
    return NULL;
  cpu_alloc *a = NULL;
  lock(c);
  unsigned n = atomic_load_explicit(&c->n, memory_order_relaxed);
  /* Newest first: its memory is the most likely to be in cache. */
  for (unsigned i = n; i-- > 0;)
    if (c->klass[i] == k && c->block[i]->pool == pool) {
      a = c->block[i];
      for (unsigned j = i + 1; j < n; j++) {
        c->block[j - 1] = c->block[j];
        c->klass[j - 1] = c->klass[j];
      }
      atomic_store_explicit(&c->n, n - 1, memory_order_relaxed);
      c->bytes -= a->size;
      atomic_store_explicit(&a->state, CPU_ALLOC_LIVE, memory_order_relaxed);
      break;
    }
  unlock(c);
  return a;
}

bool infinirt_cpu_scache_put(cpu_stream *s, cpu_alloc *a) {
  if (a->kind != CPU_MEM_POOL || a->device != s->dev->ordinal ||
      a->size > CACHE_BYTES)
    return false;
  cpu_stream_cache *c = &s->cache;
  cpu_alloc *chain = NULL;
  lock(c);
  /* The free follows everything enqueued on |s| so far. */
  uint64_t seq = atomic_load(&s->tail);
  if (seq > c->free_seq)
    c->free_seq = seq;
  seq = c->free_seq;
  atomic_store_explicit(&a->state, CPU_ALLOC_CACHED, memory_order_relaxed);
  unsigned n = atomic_load_explicit(&c->n, memory_order_relaxed);
  if (n == CPU_SCACHE_SLOTS || c->bytes + a->size > CACHE_BYTES) {
    chain = detach_locked(c);
    a->pool_next = chain;
    chain = a;
  } else {
    c->block[n] = a;
    c->klass[n] = (uint16_t)a->klass;
    c->bytes += a->size;
    atomic_store_explicit(&c->n, n + 1, memory_order_relaxed);
  }
  unlock(c);
  if (chain)
    give_back(s, chain, seq);
  return true;
}

void infinirt_cpu_scache_flush(cpu_stream *s, bool may_enqueue) {
  cpu_stream_cache *c = &s->cache;
  if (atomic_load_explicit(&c->n, memory_order_relaxed) == 0)
    return;
  cpu_alloc *chain = NULL;
  lock(c);
  uint64_t seq = c->free_seq;
  if (may_enqueue || atomic_load(&s->completed) >= seq)
    chain = detach_locked(c);
  unlock(c);
  if (chain)
    give_back(s, chain, seq);
}

void infinirt_cpu_scache_reclaim(cpu_device *dev, bool may_enqueue) {
  /* Flushing may enqueue, which takes a stream's lock: never under the
   * device lock. Objects are type-stable, so a stream recycled meanwhile
   * is only flushed once more, harmlessly. */
  cpu_stream *batch[64];
  cpu_stream *from = NULL;
  for (;;) {
    unsigned n = 0;
    bool more = false;
    pthread_mutex_lock(&dev->lock);
    cpu_stream *t = from ? from : dev->live;
    /* |from| may have left the list meanwhile: then start over. */
    if (from && !from->live_prev && dev->live != from)
      t = dev->live;
    for (; t; t = t->live_next) {
      if (atomic_load_explicit(&t->cache.n, memory_order_relaxed) == 0)
        continue;
      if (n == 64) {
        more = true;
        from = t;
        break;
      }
      batch[n++] = t;
    }
    pthread_mutex_unlock(&dev->lock);
    for (unsigned i = 0; i < n; i++)
      infinirt_cpu_scache_flush(batch[i], may_enqueue);
    if (!more)
      break;
  }
  cpu_stream *l = atomic_load_explicit(&dev->legacy, memory_order_acquire);
  if (l)
    infinirt_cpu_scache_flush(l, may_enqueue);
}
