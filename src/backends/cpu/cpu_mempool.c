/* cpu_mempool.c - the stream-ordered allocator (MallocAsync, FreeAsync,
 * MallocFromPoolAsync) of every pool, default or created.
 *
 * A pool keeps blocks in size classes (four per power of two, from 256
 * bytes). A block stays registered while it sits in a free list. FreeAsync
 * parks a block in its stream's cache (cpu_stream_cache.c), where the next
 * allocation from the same pool on that stream finds it first: after
 * warm-up a pair on one stream is a registry lookup and two cache
 * operations, with no command. Blocks leave a stream cache, or a free that
 * must wait for other streams, through a FREE command that returns them
 * when the stream reaches it (pushing them on a lock-free list that the
 * next allocation in that class takes whole). Pooled bytes beyond CACHE_MAX
 * go back to the OS at once; at every synchronisation a pool keeps no more
 * than its release threshold (CUDA's default 0) reserved. Blocks of 64 KiB
 * and more are mapped directly, so what a pool gives back leaves the
 * process's RSS. A destroyed pool caches nothing: its blocks go back to the
 * OS as they are freed. */
#include <stdlib.h>
#include <sys/mman.h>

#include "cpu_graph.h"

#define CLASS_MAX_SHIFT 44 /* blocks up to 16 TiB */
#define NUM_CLASSES ((CLASS_MAX_SHIFT - 8) * 4 + 1)
#define CACHE_MAX ((size_t)1 << 30)

static unsigned class_of(size_t n) {
  if (n <= 256)
    return 0;
  unsigned e = 63u - (unsigned)__builtin_clzll((unsigned long long)(n - 1));
  size_t step = (size_t)1 << (e - 2);
  size_t idx = (n - ((size_t)1 << e) + step - 1) / step; /* 1..4 */
  return (e - 8) * 4 + (unsigned)idx;
}

static size_t class_size(unsigned k) {
  if (k == 0)
    return 256;
  unsigned e = (k - 1) / 4 + 8, idx = (k - 1) % 4 + 1;
  return ((size_t)1 << e) + (size_t)idx * ((size_t)1 << (e - 2));
}

#define MAP_MIN ((size_t)64 << 10)

/* The three reuse policies, all enabled (CUDA's default). */
#define REUSE_ALL                                                              \
  ((1u << infinirtMemPoolReuseFollowEventDependencies) |                       \
   (1u << infinirtMemPoolReuseAllowOpportunistic) |                            \
   (1u << infinirtMemPoolReuseAllowInternalDependencies))

void infinirt_cpu_pool_reset(cpu_mempool *pool, int device) {
  pool->device = device;
  pool->max_size = 0;
  atomic_store(&pool->reuse, REUSE_ALL);
  atomic_store(&pool->release_threshold, 0);
  atomic_store(&pool->reserved_high, atomic_load(&pool->reserved));
  atomic_store(&pool->used_high, atomic_load(&pool->used));
  for (int d = 0; d < CPU_MAX_DEVICES; d++)
    atomic_store(&pool->access[d], d == device
                                       ? infinirtMemAccessFlagsProtReadWrite
                                       : infinirtMemAccessFlagsProtNone);
}

void infinirt_cpu_pool_init(cpu_mempool *pool, int device) {
  pthread_mutex_init(&pool->lock, NULL);
  atomic_init(&pool->classes, NULL);
  atomic_init(&pool->alive, true);
  atomic_init(&pool->cached, 0);
  atomic_init(&pool->reserved, 0);
  atomic_init(&pool->used, 0);
  infinirt_cpu_pool_reset(pool, device);
}

static void raise_high(atomic_size_t *high, size_t v) {
  size_t h = atomic_load_explicit(high, memory_order_relaxed);
  while (v > h &&
         !atomic_compare_exchange_weak_explicit(
             high, &h, v, memory_order_relaxed, memory_order_relaxed)) {
  }
}

static void count_used(cpu_mempool *pool, size_t size) {
  size_t u =
      atomic_fetch_add_explicit(&pool->used, size, memory_order_relaxed) + size;
  raise_high(&pool->used_high, u);
}

void infinirt_cpu_free_alloc_memory(cpu_alloc *a) {
  if (a->kind == CPU_MEM_POOL) {
    cpu_mempool *pool = a->pool;
    if (atomic_load_explicit(&a->state, memory_order_relaxed) !=
        CPU_ALLOC_CACHED)
      atomic_fetch_sub_explicit(&pool->used, a->size, memory_order_relaxed);
    /* Last: a destroyed pool with nothing reserved may be reused at once. */
    atomic_fetch_sub_explicit(&pool->reserved, a->size, memory_order_release);
    if (a->size >= MAP_MIN) {
      munmap((void *)a->start, a->size);
      free(a);
      return;
    }
  }
  infinirt_cpu_ipc_unshare(a); /* an exported Malloc block's shared pages */
  free((void *)a->start);
  free(a);
}

/* Reserves |size| more bytes for |pool| within its maxSize; false if that
 * would exceed it. */
static bool reserve(cpu_mempool *pool, size_t size) {
  size_t r =
      atomic_fetch_add_explicit(&pool->reserved, size, memory_order_relaxed) +
      size;
  if (pool->max_size && (r > pool->max_size || r < size)) {
    atomic_fetch_sub_explicit(&pool->reserved, size, memory_order_relaxed);
    return false;
  }
  raise_high(&pool->reserved_high, r);
  return true;
}

/* A new block of class |k| for |pool|, registered and LIVE. */
static cpu_alloc *new_block(cpu_mempool *pool, unsigned k) {
  size_t size = class_size(k);
  if (!reserve(pool, size))
    return NULL;
  void *mem = NULL;
  cpu_alloc *a = malloc(sizeof *a);
  if (a && size >= MAP_MIN) {
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
               -1, 0);
    if (mem == MAP_FAILED)
      mem = NULL;
  } else if (a && posix_memalign(&mem, 256, size) != 0) {
    mem = NULL;
  }
  if (mem) {
    *a = (cpu_alloc){.start = (uintptr_t)mem,
                     .size = size,
                     .kind = CPU_MEM_POOL,
                     .device = pool->device,
                     .klass = k,
                     .pool = pool};
    atomic_init(&a->state, CPU_ALLOC_LIVE);
    if (infinirt_cpu_reg_insert(a) == 0) {
      count_used(pool, size);
      return a;
    }
    if (size >= MAP_MIN)
      munmap(mem, size);
    else
      free(mem);
  }
  free(a);
  atomic_fetch_sub_explicit(&pool->reserved, size, memory_order_relaxed);
  return NULL;
}

/* Unlinks from |c|'s free list a block |s| may reuse: any, if completed
 * frees may be reused opportunistically, else one freed on |s| itself (or
 * by a synchronous Free), which stream order already puts before |s|'s
 * next work. Under the pool lock. */
static cpu_alloc *unlink_reusable(cpu_pool_class *c, const cpu_stream *s,
                                  bool opportunistic) {
  cpu_alloc **pp = &c->free;
  if (!opportunistic)
    while (*pp && (*pp)->freed_on && (*pp)->freed_on != s)
      pp = &(*pp)->pool_next;
  cpu_alloc *a = *pp;
  if (a)
    *pp = a->pool_next;
  return a;
}

/* A cached block of class |k| from |pool| that |s| may reuse, made LIVE,
 * or NULL. */
static cpu_alloc *pool_take(cpu_mempool *pool, unsigned k,
                            const cpu_stream *s) {
  cpu_alloc *a = NULL;
  bool opportunistic =
      atomic_load_explicit(&pool->reuse, memory_order_relaxed) &
      (1u << infinirtMemPoolReuseAllowOpportunistic);
  pthread_mutex_lock(&pool->lock);
  cpu_pool_class *classes =
      atomic_load_explicit(&pool->classes, memory_order_relaxed);
  if (!classes) {
    classes = calloc(NUM_CLASSES, sizeof *classes);
    atomic_store_explicit(&pool->classes, classes, memory_order_release);
  }
  if (classes) {
    cpu_pool_class *c = &classes[k];
    if (!c->free)
      c->free =
          atomic_exchange_explicit(&c->returned, NULL, memory_order_acquire);
    a = unlink_reusable(c, s, opportunistic);
    if (!a && !opportunistic &&
        atomic_load_explicit(&c->returned, memory_order_relaxed)) {
      /* Behind the older blocks, which stay first. */
      cpu_alloc **tail = &c->free;
      while (*tail)
        tail = &(*tail)->pool_next;
      *tail =
          atomic_exchange_explicit(&c->returned, NULL, memory_order_acquire);
      a = unlink_reusable(c, s, opportunistic);
    }
    if (a) {
      atomic_fetch_sub_explicit(&pool->cached, a->size, memory_order_relaxed);
      atomic_store_explicit(&a->state, CPU_ALLOC_LIVE, memory_order_relaxed);
      count_used(pool, a->size);
    }
  }
  pthread_mutex_unlock(&pool->lock);
  return a;
}

infinirtError_t infinirt_cpu_pool_alloc(cpu_stream *s, cpu_mempool *pool,
                                        size_t size, void **out) {
  unsigned k = class_of(size);
  if (size > ((size_t)1 << CLASS_MAX_SHIFT) || k >= NUM_CLASSES ||
      size > infinirt_cpu_sys.mem_total)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "%zu bytes is more than the pool can hold", size);
  cpu_alloc *a = infinirt_cpu_scache_take(s, pool, k);
  if (!a && !(a = pool_take(pool, k, s)) && !(a = new_block(pool, k))) {
    /* Out of memory, or at the pool's maxSize: blocks kept unused, of any
     * size, may make room. */
    infinirt_cpu_reclaim_memory();
    if (!(a = new_block(pool, k))) {
      size_t reserved =
          atomic_load_explicit(&pool->reserved, memory_order_relaxed);
      if (pool->max_size && reserved + class_size(k) > pool->max_size)
        return infinirt_detail(
            infinirtErrorMemoryAllocation,
            "cannot allocate %zu bytes from a pool of cpu device %d with "
            "maxSize %zu (%zu reserved)",
            size, pool->device, pool->max_size, reserved);
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "cannot allocate %zu bytes on cpu device %d", size,
                             pool->device);
    }
  }
  *out = (void *)a->start;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MallocAsync(void **devPtr, size_t size,
                                         infinirtStream_t hStream) {
  if (size == 0) {
    *devPtr = NULL;
    return infinirtSuccess;
  }
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  if (infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_malloc(s, size, devPtr);
  return infinirt_cpu_pool_alloc(
      s, atomic_load_explicit(&s->dev->current, memory_order_acquire), size,
      devPtr);
}

infinirtError_t infinirt_cpu_MallocFromPoolAsync(void **ptr, size_t size,
                                                 infinirtMemPool_t memPool,
                                                 infinirtStream_t stream) {
  if (size == 0) {
    *ptr = NULL;
    return infinirtSuccess;
  }
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if (infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_malloc(s, size, ptr);
  return infinirt_cpu_pool_alloc(s, (cpu_mempool *)memPool, size, ptr);
}

void infinirt_cpu_release(cpu_alloc *a) {
  if (a->kind == CPU_MEM_POOL) {
    cpu_mempool *pool = a->pool;
    cpu_pool_class *classes =
        atomic_load_explicit(&pool->classes, memory_order_acquire);
    size_t before =
        atomic_fetch_add_explicit(&pool->cached, a->size, memory_order_relaxed);
    /* A pool destroyed meanwhile collects a block pushed here at its next
     * synchronisation (cpu_mempool_api.c). */
    if (classes && before + a->size <= CACHE_MAX &&
        atomic_load_explicit(&pool->alive, memory_order_relaxed)) {
      atomic_fetch_sub_explicit(&pool->used, a->size, memory_order_relaxed);
      _Atomic(cpu_alloc *) *head = &classes[a->klass].returned;
      atomic_store_explicit(&a->state, CPU_ALLOC_CACHED, memory_order_relaxed);
      a->pool_next = atomic_load_explicit(head, memory_order_relaxed);
      while (!atomic_compare_exchange_weak_explicit(
          head, &a->pool_next, a, memory_order_release, memory_order_relaxed)) {
      }
      return;
    }
    atomic_fetch_sub_explicit(&pool->cached, a->size, memory_order_relaxed);
    /* Still counted as used, even if a stream cache marked it CACHED:
     * free_alloc_memory() uncounts it. */
    atomic_store_explicit(&a->state, CPU_ALLOC_FREEING, memory_order_relaxed);
  }
  infinirt_cpu_reg_remove(a);
  infinirt_cpu_free_alloc_memory(a);
}

void infinirt_cpu_release_chain(cpu_alloc *a) {
  while (a) {
    cpu_alloc *next = a->pool_next; /* release() reuses the link */
    infinirt_cpu_release(a);
    a = next;
  }
}

void infinirt_cpu_pool_trim(cpu_mempool *pool, size_t keep, bool floor) {
  if (atomic_load_explicit(&pool->cached, memory_order_relaxed) == 0 ||
      atomic_load_explicit(&pool->reserved, memory_order_relaxed) <= keep)
    return;
  cpu_alloc *all = NULL;
  pthread_mutex_lock(&pool->lock);
  cpu_pool_class *classes =
      atomic_load_explicit(&pool->classes, memory_order_relaxed);
  /* What the pool will reserve once the blocks taken here are freed. */
  size_t reserved = atomic_load_explicit(&pool->reserved, memory_order_relaxed);
  for (unsigned k = NUM_CLASSES; classes && reserved > keep && k-- > 0;) {
    cpu_pool_class *c = &classes[k];
    if (floor && reserved - keep < class_size(k))
      continue; /* a block of this class would take it below |keep| */
    /* A worker returning a block meanwhile pushes it on the emptied
     * |returned| list, where it stays cached. */
    if (!c->free)
      c->free = atomic_exchange(&c->returned, NULL);
    while (c->free && reserved > keep &&
           (!floor || reserved - keep >= c->free->size)) {
      cpu_alloc *a = c->free;
      c->free = a->pool_next;
      reserved -= a->size;
      atomic_fetch_sub_explicit(&pool->cached, a->size, memory_order_relaxed);
      a->pool_next = all;
      all = a;
      if (!c->free)
        c->free = atomic_exchange(&c->returned, NULL);
    }
  }
  pthread_mutex_unlock(&pool->lock);
  while (all) {
    cpu_alloc *next = all->pool_next;
    infinirt_cpu_reg_remove(all);
    infinirt_cpu_free_alloc_memory(all);
    all = next;
  }
}

/* Claims a live DEVICE or POOL allocation that starts at |p| for freeing. */
static int claim_device_alloc(cpu_alloc *a, const void *p, void *ctx) {
  if (!a || a->start != (uintptr_t)p || !infinirt_cpu_device_kind(a->kind))
    return 1;
  int live = CPU_ALLOC_LIVE;
  if (!atomic_compare_exchange_strong(&a->state, &live, CPU_ALLOC_FREEING))
    return 2;
  *(cpu_alloc **)ctx = a;
  return 0;
}

infinirtError_t infinirt_cpu_claim_device_alloc(void *p, cpu_alloc **out) {
  int rc = infinirt_cpu_reg_with_start(p, claim_device_alloc, out);
  if (rc == 1)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not the start of a device allocation", p);
  if (rc == 2)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "device allocation %p was already freed", p);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_FreeAsync(void *devPtr, infinirtStream_t hStream) {
  if (!devPtr)
    return infinirtSuccess;
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  if (infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_free(s, devPtr);
  cpu_gmem *m = infinirt_cpu_gmem_find(devPtr);
  if (m) { /* a graph's allocation: free in host order, memory kept */
    bool was = atomic_exchange(&m->live, false);
    infinirt_cpu_gmem_put(m);
    return was ? infinirtSuccess
               : infinirt_detail(infinirtErrorInvalidValue,
                                 "graph allocation %p is not allocated now",
                                 devPtr);
  }
  cpu_alloc *a;
  if ((err = infinirt_cpu_claim_device_alloc(devPtr, &a)) != infinirtSuccess)
    return err;
  a->freed_on = s;
  /* A free that waits only for |s|'s own work may be reused by |s| at once;
   * one that the legacy rules order after other streams is enqueued. */
  if (infinirt_cpu_collect_deps(s->dev, s, NULL, 0) == 0 &&
      infinirt_cpu_scache_put(s, a))
    return infinirtSuccess;
  cpu_enqueue e;
  cpu_slot *h;
  if ((err = infinirt_cpu_begin_ordered(s, 0, &e, &h)) != infinirtSuccess) {
    atomic_store(&a->state, CPU_ALLOC_LIVE);
    return err;
  }
  a->pool_next = NULL;
  h->cmd.p.free.alloc = a;
  infinirt_cpu_commit(&e, CPU_OP_FREE);
  return infinirtSuccess;
}
