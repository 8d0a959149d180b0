/* cpu_mempool.c - the stream-ordered allocator (MallocAsync/FreeAsync).
 *
 * Each device has a pool of blocks in size classes (four per power of two,
 * from 256 bytes). A block stays registered while it sits in a free list.
 * FreeAsync parks a block in its stream's cache (cpu_stream_cache.c), where
 * the next MallocAsync on that stream finds it first: after warm-up a pair
 * on one stream is a registry lookup and two cache operations, with no
 * command. Blocks leave a stream cache, or a free that must wait for other
 * streams, through a FREE command that returns them when the stream reaches
 * it (pushing them on a lock-free list that the next allocation in that
 * class takes whole). Pooled bytes beyond CACHE_MAX go back to the OS at
 * once; at every synchronisation the pool keeps no more than its release
 * threshold (CUDA's default 0). Blocks of 64 KiB and more are mapped
 * directly, so what the pool gives back leaves the process's RSS. */
#include <stdlib.h>
#include <sys/mman.h>

#include "cpu_internal.h"

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

void infinirt_cpu_pool_init(cpu_mempool *pool) {
  pthread_mutex_init(&pool->lock, NULL);
  atomic_init(&pool->classes, NULL);
  atomic_init(&pool->cached, 0);
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
    cpu_mempool *pool = &infinirt_cpu_devices[a->device].pool;
    atomic_fetch_sub_explicit(&pool->reserved, a->size, memory_order_relaxed);
    if (atomic_load_explicit(&a->state, memory_order_relaxed) !=
        CPU_ALLOC_CACHED)
      atomic_fetch_sub_explicit(&pool->used, a->size, memory_order_relaxed);
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

/* A new block of class |k| for |dev|, registered and LIVE. */
static cpu_alloc *new_block(cpu_device *dev, unsigned k) {
  size_t size = class_size(k);
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
  if (!mem) {
    free(a);
    return NULL;
  }
  *a = (cpu_alloc){.start = (uintptr_t)mem,
                   .size = size,
                   .kind = CPU_MEM_POOL,
                   .device = dev->ordinal,
                   .klass = k};
  atomic_init(&a->state, CPU_ALLOC_LIVE);
  if (infinirt_cpu_reg_insert(a) != 0) {
    if (size >= MAP_MIN)
      munmap(mem, size);
    else
      free(mem);
    free(a);
    return NULL;
  }
  cpu_mempool *pool = &dev->pool;
  size_t r =
      atomic_fetch_add_explicit(&pool->reserved, size, memory_order_relaxed) +
      size;
  raise_high(&pool->reserved_high, r);
  count_used(pool, size);
  return a;
}

/* A cached block of class |k| from |dev|'s pool, made LIVE, or NULL. */
static cpu_alloc *pool_take(cpu_device *dev, unsigned k) {
  cpu_mempool *pool = &dev->pool;
  cpu_alloc *a = NULL;
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
    if ((a = c->free) != NULL) {
      c->free = a->pool_next;
      atomic_fetch_sub_explicit(&pool->cached, a->size, memory_order_relaxed);
      atomic_store_explicit(&a->state, CPU_ALLOC_LIVE, memory_order_relaxed);
      count_used(pool, a->size);
    }
  }
  pthread_mutex_unlock(&pool->lock);
  return a;
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
  cpu_device *dev = s->dev;
  unsigned k = class_of(size);
  if (size > ((size_t)1 << CLASS_MAX_SHIFT) || k >= NUM_CLASSES ||
      size > infinirt_cpu_sys.mem_total)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "%zu bytes is more than the pool can hold", size);
  cpu_alloc *a = infinirt_cpu_scache_take(s, k);
  if (!a && !(a = pool_take(dev, k)) && !(a = new_block(dev, k))) {
    /* Out of memory: blocks kept unused, of any size, may make room. */
    infinirt_cpu_reclaim_memory();
    if (!(a = new_block(dev, k)))
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "cannot allocate %zu bytes on cpu device %d", size,
                             dev->ordinal);
  }
  *devPtr = (void *)a->start;
  return infinirtSuccess;
}

void infinirt_cpu_release(cpu_alloc *a) {
  if (a->kind == CPU_MEM_POOL) {
    cpu_mempool *pool = &infinirt_cpu_devices[a->device].pool;
    cpu_pool_class *classes =
        atomic_load_explicit(&pool->classes, memory_order_acquire);
    size_t before =
        atomic_fetch_add_explicit(&pool->cached, a->size, memory_order_relaxed);
    if (classes && before + a->size <= CACHE_MAX) {
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

/* Frees cached blocks of |dev|'s pool, largest classes first, until at
 * most |keep| bytes stay cached. */
static void trim_to(cpu_device *dev, size_t keep) {
  cpu_mempool *pool = &dev->pool;
  if (atomic_load_explicit(&pool->cached, memory_order_relaxed) <= keep)
    return;
  cpu_alloc *all = NULL;
  pthread_mutex_lock(&pool->lock);
  cpu_pool_class *classes =
      atomic_load_explicit(&pool->classes, memory_order_relaxed);
  size_t cached = atomic_load_explicit(&pool->cached, memory_order_relaxed);
  for (unsigned k = NUM_CLASSES; classes && cached > keep && k-- > 0;) {
    cpu_pool_class *c = &classes[k];
    /* A worker returning a block meanwhile pushes it on the emptied
     * |returned| list, where it stays cached. */
    if (!c->free)
      c->free = atomic_exchange(&c->returned, NULL);
    while (c->free && cached > keep) {
      cpu_alloc *a = c->free;
      c->free = a->pool_next;
      cached -= a->size;
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

void infinirt_cpu_pool_trim(cpu_device *dev) {
  trim_to(dev, 0);
}

void infinirt_cpu_pool_release(cpu_device *dev) {
  uint64_t keep =
      atomic_load_explicit(&dev->pool.release_threshold, memory_order_relaxed);
  trim_to(dev, keep > SIZE_MAX ? SIZE_MAX : (size_t)keep);
}

enum { /* cudaMemPoolAttr */
       ATTR_RELEASE_THRESHOLD = 4,
       ATTR_RESERVED_CURRENT,
       ATTR_RESERVED_HIGH,
       ATTR_USED_CURRENT,
       ATTR_USED_HIGH,
};

bool infinirt_cpu_pool_get_attr(cpu_device *dev, int attr, uint64_t *value) {
  cpu_mempool *p = &dev->pool;
  switch (attr) {
  case ATTR_RELEASE_THRESHOLD:
    *value = atomic_load(&p->release_threshold);
    return true;
  case ATTR_RESERVED_CURRENT:
    *value = atomic_load(&p->reserved);
    return true;
  case ATTR_RESERVED_HIGH:
    *value = atomic_load(&p->reserved_high);
    return true;
  case ATTR_USED_CURRENT:
    *value = atomic_load(&p->used);
    return true;
  case ATTR_USED_HIGH:
    *value = atomic_load(&p->used_high);
    return true;
  }
  return false;
}

bool infinirt_cpu_pool_set_attr(cpu_device *dev, int attr, uint64_t value) {
  cpu_mempool *p = &dev->pool;
  switch (attr) {
  case ATTR_RELEASE_THRESHOLD:
    atomic_store(&p->release_threshold, value);
    return true;
  case ATTR_RESERVED_HIGH: /* CUDA: only 0, which resets the mark */
    if (value != 0)
      return false;
    atomic_store(&p->reserved_high, atomic_load(&p->reserved));
    return true;
  case ATTR_USED_HIGH:
    if (value != 0)
      return false;
    atomic_store(&p->used_high, atomic_load(&p->used));
    return true;
  }
  return false;
}

void infinirt_cpu_reclaim_memory(void) {
  /* Every device's blocks are host memory: any of them makes room. */
  for (int d = 0; d < infinirt_cpu_device_count; d++) {
    infinirt_cpu_scache_reclaim(&infinirt_cpu_devices[d], false);
    infinirt_cpu_pool_trim(&infinirt_cpu_devices[d]);
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
  cpu_alloc *a;
  if ((err = infinirt_cpu_claim_device_alloc(devPtr, &a)) != infinirtSuccess)
    return err;
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
