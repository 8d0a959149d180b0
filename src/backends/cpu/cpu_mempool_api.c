/* cpu_mempool_api.c - memory pools as objects: each device's default pool
 * and current pool, MemPoolCreate/Destroy, attributes, access, TrimTo, and
 * the release of pooled memory at synchronisations.
 *
 * Created pools sit on one list, which synchronisations walk only while
 * there is one: a program that uses only the default pools pays nothing
 * for them. A destroyed pool stays on the list until the last of its
 * blocks is gone (CUDA releases a pool once no allocation is outstanding);
 * its object then waits on a free list, oldest reused first, so that a
 * stale handle usually names no live pool. */
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

extern const infinirt_backend infinirt_cpu_backend;

static pthread_mutex_t pools_lock = PTHREAD_MUTEX_INITIALIZER;
static cpu_mempool *pools; /* created, live or draining (pools_lock) */
static atomic_uint npools; /* entries of |pools| */
static cpu_mempool *free_pools, *free_pools_last; /* drained (pools_lock) */
static unsigned nfree_pools;

static cpu_device *device_of(const cpu_mempool *p) {
  return &infinirt_cpu_devices[p->device];
}

/* ---- the release at synchronisations ------------------------------------ */

static void release_to_threshold(cpu_mempool *p) {
  uint64_t keep =
      atomic_load_explicit(&p->release_threshold, memory_order_relaxed);
  infinirt_cpu_pool_trim(p, keep > SIZE_MAX ? SIZE_MAX : (size_t)keep, false);
}

/* Under pools_lock: |*pp| is a destroyed pool; frees what it caches and,
 * once it holds nothing, moves it to the free list. Returns whether it
 * left the list. */
static bool drain_locked(cpu_mempool **pp) {
  cpu_mempool *p = *pp;
  infinirt_cpu_pool_trim(p, 0, false);
  if (atomic_load_explicit(&p->reserved, memory_order_acquire) != 0)
    return false;
  *pp = p->next;
  atomic_fetch_sub_explicit(&npools, 1, memory_order_relaxed);
  p->next = NULL;
  if (free_pools_last)
    free_pools_last->next = p;
  else
    free_pools = p;
  free_pools_last = p;
  nfree_pools++;
  return true;
}

/* Walks the created pools: those of |dev| (NULL: all) are trimmed to |keep|
 * (SIZE_MAX: to their release threshold), destroyed ones drained. */
static void walk_pools(const cpu_device *dev, size_t keep) {
  if (atomic_load_explicit(&npools, memory_order_relaxed) == 0)
    return;
  pthread_mutex_lock(&pools_lock);
  for (cpu_mempool **pp = &pools; *pp;) {
    cpu_mempool *p = *pp;
    if (!atomic_load_explicit(&p->alive, memory_order_relaxed)) {
      if (drain_locked(pp))
        continue;
    } else if (!dev || p->device == dev->ordinal) {
      if (keep == SIZE_MAX)
        release_to_threshold(p);
      else
        infinirt_cpu_pool_trim(p, keep, false);
    }
    pp = &p->next;
  }
  pthread_mutex_unlock(&pools_lock);
}

void infinirt_cpu_pool_release(cpu_device *dev) {
  release_to_threshold(&dev->pool);
  walk_pools(dev, SIZE_MAX);
}

void infinirt_cpu_pools_trim_device(cpu_device *dev) {
  infinirt_cpu_pool_trim(&dev->pool, 0, false);
  walk_pools(dev, 0);
}

void infinirt_cpu_reclaim_memory(void) {
  /* Every device's blocks are host memory: any of them makes room. */
  for (int d = 0; d < infinirt_cpu_device_count; d++) {
    infinirt_cpu_scache_reclaim(&infinirt_cpu_devices[d], false);
    infinirt_cpu_pool_trim(&infinirt_cpu_devices[d].pool, 0, false);
  }
  walk_pools(NULL, 0);
}

/* ---- default and current pools ------------------------------------------ */

/* Default pools are registered on first use (a process that never asks
 * for one pays no registry entry), once: the handle is the same for the
 * process's lifetime. */
static atomic_bool default_registered[CPU_MAX_DEVICES];

void infinirt_cpu_pools_init_device(cpu_device *dev) {
  cpu_mempool *p = &dev->pool;
  infinirt_cpu_pool_init(p, dev->ordinal);
  p->h = (infinirt_handle){.magic = INFINIRT_HANDLE_MAGIC,
                           .kind = INFINIRT_HANDLE_MEMPOOL,
                           .flags = INFINIRT_MEMPOOL_DEFAULT,
                           .backend = &infinirt_cpu_backend,
                           .device = dev->ordinal};
  atomic_init(&dev->current, p);
}

/* |p| as a handle, registering it if it is a default pool not yet handed
 * out. */
static infinirtError_t publish(cpu_mempool *p, infinirtMemPool_t *out) {
  int d = p->device;
  if (p == &infinirt_cpu_devices[d].pool &&
      !atomic_load_explicit(&default_registered[d], memory_order_acquire)) {
    bool ok = true;
    pthread_mutex_lock(&pools_lock);
    if (!atomic_load_explicit(&default_registered[d], memory_order_relaxed)) {
      ok = infinirt_handle_register(&p->h);
      atomic_store_explicit(&default_registered[d], ok, memory_order_release);
    }
    pthread_mutex_unlock(&pools_lock);
    if (!ok)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory to register cpu device %d's default "
                             "memory pool",
                             d);
  }
  *out = (infinirtMemPool_t)p;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceGetDefaultMemPool(infinirtMemPool_t *memPool,
                                                     int device) {
  return publish(&infinirt_cpu_devices[device].pool, memPool);
}

infinirtError_t infinirt_cpu_DeviceGetMemPool(infinirtMemPool_t *memPool,
                                              int device) {
  cpu_device *dev = &infinirt_cpu_devices[device];
  return publish(atomic_load_explicit(&dev->current, memory_order_acquire),
                 memPool);
}

infinirtError_t infinirt_cpu_DeviceSetMemPool(int device,
                                              infinirtMemPool_t memPool) {
  cpu_device *dev = &infinirt_cpu_devices[device];
  cpu_mempool *p = (cpu_mempool *)memPool;
  atomic_store_explicit(&dev->current, p, memory_order_release);
  /* Destroyed meanwhile (by another thread): the default, as Destroy
   * would have left it. */
  if (!atomic_load(&p->alive))
    atomic_compare_exchange_strong(&dev->current, &p, &dev->pool);
  return infinirtSuccess;
}

/* ---- creation and destruction ------------------------------------------- */

/* A pool object: the oldest drained one once enough wait behind it, else a
 * new one. NULL if memory ran out. */
static cpu_mempool *take_object(void) {
  cpu_mempool *p = NULL;
  pthread_mutex_lock(&pools_lock);
  if (nfree_pools > CPU_QUARANTINE) {
    p = free_pools;
    free_pools = p->next;
    if (!free_pools)
      free_pools_last = NULL;
    nfree_pools--;
  }
  pthread_mutex_unlock(&pools_lock);
  if (!p && (p = calloc(1, sizeof *p)) != NULL)
    infinirt_cpu_pool_init(p, 0);
  return p;
}

static void give_object(cpu_mempool *p) {
  pthread_mutex_lock(&pools_lock);
  p->next = NULL;
  if (free_pools_last)
    free_pools_last->next = p;
  else
    free_pools = p;
  free_pools_last = p;
  nfree_pools++;
  pthread_mutex_unlock(&pools_lock);
}

infinirtError_t
infinirt_cpu_MemPoolCreate(infinirtMemPool_t *memPool,
                           const struct infinirtMemPoolProps *poolProps) {
  /* The core checked the rules; these are what CUDA leaves to the device
   * (its attributes say so: no host pools, no shareable handles). */
  if (poolProps->location.type != infinirtMemLocationTypeDevice)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the cpu backend's pools are device pools "
                           "(infinirtDevAttrHostMemoryPoolsSupported is 0)");
  if (poolProps->handleTypes != infinirtMemHandleTypeNone)
    return infinirt_detail(infinirtErrorNotSupported,
                           "cpu memory pools are not shareable "
                           "(infinirtDevAttrMemoryPoolSupportedHandleTypes "
                           "is 0)");
  if (poolProps->usage & infinirtMemPoolCreateUsageHwDecompress)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the cpu backend has no decompression engine");
  cpu_mempool *p = take_object();
  if (!p)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a memory pool");
  int device = poolProps->location.id;
  infinirt_cpu_pool_reset(p, device);
  p->max_size = poolProps->maxSize;
  p->h = (infinirt_handle){.magic = INFINIRT_HANDLE_MAGIC,
                           .kind = INFINIRT_HANDLE_MEMPOOL,
                           .backend = &infinirt_cpu_backend,
                           .device = device};
  atomic_store(&p->alive, true);
  if (!infinirt_handle_register(&p->h)) {
    p->h.magic = 0;
    atomic_store(&p->alive, false);
    give_object(p);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a memory pool");
  }
  pthread_mutex_lock(&pools_lock);
  p->next = pools;
  pools = p;
  atomic_fetch_add_explicit(&npools, 1, memory_order_relaxed);
  pthread_mutex_unlock(&pools_lock);
  *memPool = (infinirtMemPool_t)p;
  return infinirtSuccess;
}

/* The core has unregistered |memPool| (never a default pool). Memory still
 * allocated from it stays usable; each block goes back to the OS as it is
 * freed, and the pool object once the last one is. */
infinirtError_t infinirt_cpu_MemPoolDestroy(infinirtMemPool_t memPool) {
  cpu_mempool *p = (cpu_mempool *)memPool;
  p->h.magic = 0;
  atomic_store(&p->alive, false);
  cpu_device *dev = device_of(p);
  cpu_mempool *expected = p;
  atomic_compare_exchange_strong(&dev->current, &expected, &dev->pool);
  pthread_mutex_lock(&pools_lock);
  for (cpu_mempool **pp = &pools; *pp; pp = &(*pp)->next)
    if (*pp == p) {
      drain_locked(pp);
      break;
    }
  pthread_mutex_unlock(&pools_lock);
  return infinirtSuccess;
}

/* ---- attributes, access, trimming --------------------------------------- */

infinirtError_t infinirt_cpu_MemPoolTrimTo(infinirtMemPool_t memPool,
                                           size_t minBytesToKeep) {
  cpu_mempool *p = (cpu_mempool *)memPool;
  /* Blocks whose frees have run on the device's streams count as unused;
   * those still waiting for their stream stay outstanding. */
  infinirt_cpu_scache_reclaim(device_of(p), false);
  infinirt_cpu_pool_trim(p, minBytesToKeep, true);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemPoolGetAttribute(infinirtMemPool_t memPool,
                                                 enum infinirtMemPoolAttr attr,
                                                 void *value) {
  cpu_mempool *p = (cpu_mempool *)memPool;
  uint64_t v = 0;
  switch (attr) {
  case infinirtMemPoolReuseFollowEventDependencies:
  case infinirtMemPoolReuseAllowOpportunistic:
  case infinirtMemPoolReuseAllowInternalDependencies: {
    int on = (atomic_load(&p->reuse) >> attr) & 1u;
    memcpy(value, &on, sizeof on);
    return infinirtSuccess;
  }
  case infinirtMemPoolAttrReleaseThreshold:
    v = atomic_load(&p->release_threshold);
    break;
  case infinirtMemPoolAttrReservedMemCurrent:
    v = atomic_load(&p->reserved);
    break;
  case infinirtMemPoolAttrReservedMemHigh:
    v = atomic_load(&p->reserved_high);
    break;
  case infinirtMemPoolAttrUsedMemCurrent:
    v = atomic_load(&p->used);
    break;
  case infinirtMemPoolAttrUsedMemHigh:
    v = atomic_load(&p->used_high);
    break;
  }
  memcpy(value, &v, sizeof v);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemPoolSetAttribute(infinirtMemPool_t memPool,
                                                 enum infinirtMemPoolAttr attr,
                                                 void *value) {
  cpu_mempool *p = (cpu_mempool *)memPool;
  switch (attr) {
  case infinirtMemPoolReuseFollowEventDependencies:
  case infinirtMemPoolReuseAllowOpportunistic:
  case infinirtMemPoolReuseAllowInternalDependencies: {
    int on;
    memcpy(&on, value, sizeof on);
    if (on)
      atomic_fetch_or(&p->reuse, 1u << attr);
    else
      atomic_fetch_and(&p->reuse, ~(1u << attr));
    break;
  }
  case infinirtMemPoolAttrReleaseThreshold: {
    uint64_t v;
    memcpy(&v, value, sizeof v);
    atomic_store(&p->release_threshold, v);
    break;
  }
  /* The core let only a 0 through: the mark restarts from now. */
  case infinirtMemPoolAttrReservedMemHigh:
    atomic_store(&p->reserved_high, atomic_load(&p->reserved));
    break;
  case infinirtMemPoolAttrUsedMemHigh:
    atomic_store(&p->used_high, atomic_load(&p->used));
    break;
  case infinirtMemPoolAttrReservedMemCurrent:
  case infinirtMemPoolAttrUsedMemCurrent:
    break; /* refused by the core */
  }
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_MemPoolSetAccess(infinirtMemPool_t memPool,
                              const struct infinirtMemAccessDesc *descList,
                              size_t count) {
  cpu_mempool *p = (cpu_mempool *)memPool;
  for (size_t i = 0; i < count; i++)
    if (descList[i].flags == infinirtMemAccessFlagsProtRead)
      return infinirt_detail(infinirtErrorNotSupported,
                             "descList[%zu]: the cpu devices share the host's "
                             "memory, which cannot be made read-only for one "
                             "of them",
                             i);
  for (size_t i = 0; i < count; i++)
    atomic_store(&p->access[descList[i].location.id],
                 (unsigned char)descList[i].flags);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_MemPoolGetAccess(enum infinirtMemAccessFlags *flags,
                              infinirtMemPool_t memPool,
                              struct infinirtMemLocation *location) {
  cpu_mempool *p = (cpu_mempool *)memPool;
  *flags = (enum infinirtMemAccessFlags)atomic_load(&p->access[location->id]);
  return infinirtSuccess;
}
