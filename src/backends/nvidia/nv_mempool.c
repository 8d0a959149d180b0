/* nv_mempool.c - memory pools: the driver's CUmemoryPool behind registered
 * handles. The driver does the work (current pools, reuse, release
 * thresholds, access); this file keeps one handle per driver pool, so that
 * a device's default pool is one stable handle and DeviceGetMemPool returns
 * the handle MemPoolCreate gave. */
#include <stdint.h>
#include <stdlib.h>

#include "nv.h"

/* The layouts cu_abi.h shares with infinirt.h (nv_cu_abi.c pins both to
 * cuda.h's), so descriptors and properties pass through unchanged. */
_Static_assert(sizeof(CUmemPoolProps) == sizeof(struct infinirtMemPoolProps),
               "CUmemPoolProps layout");
_Static_assert(sizeof(CUmemAccessDesc) == sizeof(struct infinirtMemAccessDesc),
               "CUmemAccessDesc layout");
_Static_assert(sizeof(CUmemLocation) == sizeof(struct infinirtMemLocation),
               "CUmemLocation layout");
_Static_assert(sizeof(CUmemAccess_flags) == sizeof(enum infinirtMemAccessFlags),
               "CUmemAccess_flags size");

static infinirtError_t no_pools(void) {
  return infinirt_detail(infinirtErrorNotSupported,
                         "the driver has no memory pools (11.2 or newer is "
                         "needed)");
}

/* The driver's pool calls need no context, but the runtime's make the
 * primary context current first and a port may rely on that. */
static infinirtError_t ready(void) {
  int dev;
  return infinirt_nv_ctx_ensure(&dev);
}

static CUmemoryPool cu_pool(infinirtMemPool_t p) {
  return ((infinirt_nv_mempool *)p)->cu;
}

/* A new registered handle for driver pool |cu| of |device| (-1: host
 * memory), linked on the device's list unless it is a default pool. */
static infinirtError_t wrap(CUmemoryPool cu, int device, unsigned flags,
                            infinirt_nv_mempool **out) {
  infinirt_nv_mempool *p = malloc(sizeof *p);
  if (!p)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a memory pool handle");
  p->cu = cu;
  p->link.prev = p->link.next = NULL;
  infinirt_nv_handle_init(&p->h, INFINIRT_HANDLE_MEMPOOL, flags, device);
  if (!infinirt_handle_register(&p->h)) {
    free(p);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a memory pool");
  }
  if (device >= 0 && !(flags & INFINIRT_MEMPOOL_DEFAULT))
    infinirt_nv_list_add(&infinirt_nv_devices[device],
                         &infinirt_nv_devices[device].pools, &p->link);
  *out = p;
  return infinirtSuccess;
}

/* |device|'s default pool handle, made once. */
static infinirtError_t default_pool(int device, infinirt_nv_mempool **out) {
  infinirt_nv_device *d = &infinirt_nv_devices[device];
  infinirt_nv_mempool *p =
      atomic_load_explicit(&d->default_pool, memory_order_acquire);
  if (p) {
    *out = p;
    return infinirtSuccess;
  }
  infinirtError_t err = infinirtSuccess;
  pthread_mutex_lock(&d->lock);
  p = atomic_load_explicit(&d->default_pool, memory_order_relaxed);
  if (!p) {
    CUmemoryPool cu = NULL;
    CUresult r = infinirt_nv_sym.cuDeviceGetDefaultMemPool(&cu, d->cu);
    if (r != CUDA_SUCCESS)
      err = infinirt_nv_fail(r, "cuDeviceGetDefaultMemPool");
    else if ((err = wrap(cu, device, INFINIRT_MEMPOOL_DEFAULT, &p)) ==
             infinirtSuccess)
      atomic_store_explicit(&d->default_pool, p, memory_order_release);
  }
  pthread_mutex_unlock(&d->lock);
  if (err == infinirtSuccess)
    *out = p;
  return err;
}

infinirtError_t infinirt_nv_DeviceGetDefaultMemPool(infinirtMemPool_t *memPool,
                                                    int device) {
  if (!infinirt_nv_sym.cuDeviceGetDefaultMemPool)
    return no_pools();
  infinirt_nv_mempool *p = NULL;
  infinirtError_t err = ready();
  if (err == infinirtSuccess)
    err = default_pool(device, &p);
  if (err == infinirtSuccess)
    *memPool = (infinirtMemPool_t)p;
  return err;
}

/* The handle of driver pool |cu|, current on |device|: the default one, one
 * on the device's list, or (a pool native code made current) a new one. */
static infinirtError_t handle_of(CUmemoryPool cu, int device,
                                 infinirt_nv_mempool **out) {
  infinirtError_t err = default_pool(device, out);
  if (err != infinirtSuccess || (*out)->cu == cu)
    return err;
  infinirt_nv_device *d = &infinirt_nv_devices[device];
  infinirt_nv_mempool *found = NULL;
  pthread_mutex_lock(&d->lock);
  for (infinirt_nv_link *l = d->pools.next; l != &d->pools; l = l->next) {
    infinirt_nv_mempool *p =
        (infinirt_nv_mempool *)((char *)l -
                                offsetof(infinirt_nv_mempool, link));
    if (p->cu == cu) {
      found = p;
      break;
    }
  }
  pthread_mutex_unlock(&d->lock);
  if (found) {
    *out = found;
    return infinirtSuccess;
  }
  return wrap(cu, device, 0, out);
}

infinirtError_t infinirt_nv_DeviceGetMemPool(infinirtMemPool_t *memPool,
                                             int device) {
  if (!infinirt_nv_sym.cuDeviceGetMemPool)
    return no_pools();
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  CUmemoryPool cu = NULL;
  CUresult r =
      infinirt_nv_sym.cuDeviceGetMemPool(&cu, infinirt_nv_devices[device].cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceGetMemPool");
  infinirt_nv_mempool *p = NULL;
  err = handle_of(cu, device, &p);
  if (err == infinirtSuccess)
    *memPool = (infinirtMemPool_t)p;
  return err;
}

infinirtError_t infinirt_nv_DeviceSetMemPool(int device,
                                             infinirtMemPool_t memPool) {
  if (!infinirt_nv_sym.cuDeviceSetMemPool)
    return no_pools();
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuDeviceSetMemPool(infinirt_nv_devices[device].cu,
                                         cu_pool(memPool)),
      "cuDeviceSetMemPool");
}

infinirtError_t
infinirt_nv_MemPoolCreate(infinirtMemPool_t *memPool,
                          const struct infinirtMemPoolProps *poolProps) {
  if (!infinirt_nv_sym.cuMemPoolCreate)
    return no_pools();
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  CUmemoryPool cu = NULL;
  CUresult r =
      infinirt_nv_sym.cuMemPoolCreate(&cu, (const CUmemPoolProps *)poolProps);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuMemPoolCreate");
  int device = poolProps->location.type == infinirtMemLocationTypeDevice
                   ? poolProps->location.id
                   : -1;
  infinirt_nv_mempool *p = NULL;
  if ((err = wrap(cu, device, 0, &p)) != infinirtSuccess) {
    infinirt_nv_sym.cuMemPoolDestroy(cu);
    return err;
  }
  *memPool = (infinirtMemPool_t)p;
  return infinirtSuccess;
}

/* The core has unregistered |memPool| (never a default pool). The driver
 * keeps the pool's memory until its allocations are freed and makes the
 * default pool current where this one was. */
/* A pool destroyed while its memory is in use stays alive in the driver
 * until a device synchronisation finds it empty: the H200's driver (580)
 * raised SIGFPE in cuMemAllocFromPoolAsync after a few dozen pools had been
 * destroyed with allocations outstanding, which CUDA allows. */
typedef struct infinirt_nv_dead_pool {
  CUmemoryPool cu;
  struct infinirt_nv_dead_pool *next;
} infinirt_nv_dead_pool;

static uint64_t used_bytes(CUmemoryPool cu) {
  uint64_t used = UINT64_MAX;
  if (infinirt_nv_sym.cuMemPoolGetAttribute(
          cu, (CUmemPool_attribute)infinirtMemPoolAttrUsedMemCurrent, &used) !=
      CUDA_SUCCESS)
    return UINT64_MAX;
  return used;
}

void infinirt_nv_reap_pools(infinirt_nv_device *d, bool all) {
  pthread_mutex_lock(&d->lock);
  for (infinirt_nv_dead_pool **at = &d->dead_pools; *at;) {
    infinirt_nv_dead_pool *z = *at;
    if (all || used_bytes(z->cu) == 0) {
      (void)infinirt_nv_sym.cuMemPoolDestroy(z->cu);
      *at = z->next;
      free(z);
    } else {
      at = &z->next;
    }
  }
  pthread_mutex_unlock(&d->lock);
}

infinirtError_t infinirt_nv_MemPoolDestroy(infinirtMemPool_t memPool) {
  infinirt_nv_mempool *p = (infinirt_nv_mempool *)memPool;
  CUmemoryPool cu = p->cu;
  int device = p->h.device;
  if (device >= 0)
    infinirt_nv_list_remove(&infinirt_nv_devices[device], &p->link);
  p->h.magic = 0;
  free(p);
  infinirt_nv_dead_pool *z;
  if (device < 0 || used_bytes(cu) == 0 || !(z = malloc(sizeof *z)))
    return infinirt_nv_check(infinirt_nv_sym.cuMemPoolDestroy(cu),
                             "cuMemPoolDestroy");
  /* What the driver would do at once: the device's current pool becomes
   * its default one again. */
  infinirt_nv_device *d = &infinirt_nv_devices[device];
  CUmemoryPool current = NULL, def = NULL;
  if (infinirt_nv_sym.cuDeviceGetMemPool(&current, d->cu) == CUDA_SUCCESS &&
      current == cu &&
      infinirt_nv_sym.cuDeviceGetDefaultMemPool(&def, d->cu) == CUDA_SUCCESS)
    (void)infinirt_nv_sym.cuDeviceSetMemPool(d->cu, def);
  (void)infinirt_nv_sym.cuMemPoolTrimTo(cu, 0);
  z->cu = cu;
  pthread_mutex_lock(&d->lock);
  z->next = d->dead_pools;
  d->dead_pools = z;
  pthread_mutex_unlock(&d->lock);
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_MemPoolTrimTo(infinirtMemPool_t memPool,
                                          size_t minBytesToKeep) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemPoolTrimTo(cu_pool(memPool), minBytesToKeep),
      "cuMemPoolTrimTo");
}

/* infinirtMemPoolAttr values and value types are the driver's. */
infinirtError_t infinirt_nv_MemPoolSetAttribute(infinirtMemPool_t memPool,
                                                enum infinirtMemPoolAttr attr,
                                                void *value) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemPoolSetAttribute(cu_pool(memPool),
                                            (CUmemPool_attribute)attr, value),
      "cuMemPoolSetAttribute");
}

infinirtError_t infinirt_nv_MemPoolGetAttribute(infinirtMemPool_t memPool,
                                                enum infinirtMemPoolAttr attr,
                                                void *value) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemPoolGetAttribute(cu_pool(memPool),
                                            (CUmemPool_attribute)attr, value),
      "cuMemPoolGetAttribute");
}

infinirtError_t
infinirt_nv_MemPoolSetAccess(infinirtMemPool_t memPool,
                             const struct infinirtMemAccessDesc *descList,
                             size_t count) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess || count == 0)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemPoolSetAccess(
          cu_pool(memPool), (const CUmemAccessDesc *)descList, count),
      "cuMemPoolSetAccess");
}

infinirtError_t
infinirt_nv_MemPoolGetAccess(enum infinirtMemAccessFlags *flags,
                             infinirtMemPool_t memPool,
                             struct infinirtMemLocation *location) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  CUmemAccess_flags f = 0;
  CUresult r = infinirt_nv_sym.cuMemPoolGetAccess(&f, cu_pool(memPool),
                                                  (CUmemLocation *)location);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuMemPoolGetAccess");
  *flags = (enum infinirtMemAccessFlags)f;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_MallocFromPoolAsync(void **ptr, size_t size,
                                                infinirtMemPool_t memPool,
                                                infinirtStream_t stream) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  if (size == 0) {
    *ptr = NULL;
    return infinirtSuccess;
  }
  CUdeviceptr p = 0;
  CUresult r = infinirt_nv_sym.cuMemAllocFromPoolAsync(
      &p, size, cu_pool(memPool), infinirt_nv_cu_stream(stream));
  if (__builtin_expect(r != CUDA_SUCCESS, 0))
    /* Every argument but the size was checked: an invalid value is an
     * impossible size, which CUDA runtime calls MemoryAllocation. */
    return infinirt_detail(r == CUDA_ERROR_INVALID_VALUE
                               ? infinirtErrorMemoryAllocation
                               : infinirt_nv_map(r),
                           "cuMemAllocFromPoolAsync of %zu bytes: %s (%d)",
                           size, infinirt_nv_error_name(r), r);
  *ptr = (void *)(uintptr_t)p;
  return infinirtSuccess;
}

/* ---- the location-based functions (CUDA 13) ------------------------------ */

/* A device's pinned pool is what the device functions handle; the driver's
 * host and managed pools have no handles here yet. */
static infinirtError_t unmapped(const struct infinirtMemLocation *loc,
                                enum infinirtMemAllocationType type) {
  return infinirt_detail(infinirtErrorNotSupported,
                         "the nvidia backend maps only device pools of "
                         "pinned memory to handles, not the driver's %s "
                         "pools (location type %d)",
                         type == infinirtMemAllocationTypeManaged ? "managed"
                                                                  : "host",
                         (int)loc->type);
}

static bool device_pinned(const struct infinirtMemLocation *loc,
                          enum infinirtMemAllocationType type) {
  return loc->type == infinirtMemLocationTypeDevice &&
         type == infinirtMemAllocationTypePinned;
}

/* cuMemGetDefaultMemPool or cuMemGetMemPool for device |loc|'s pinned
 * pool, as our handle. */
typedef CUresult (*get_fn)(CUmemoryPool *, CUmemLocation *,
                           CUmemAllocationType);
static infinirtError_t get_at(get_fn get, const char *what,
                              infinirtMemPool_t *memPool,
                              const struct infinirtMemLocation *loc,
                              enum infinirtMemAllocationType type) {
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  CUmemoryPool cu = NULL;
  CUmemLocation l = infinirt_nv_cu_location(*loc);
  CUresult r = get(&cu, &l, (CUmemAllocationType)type);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, what);
  infinirt_nv_mempool *p = NULL;
  err = handle_of(cu, loc->id, &p);
  if (err == infinirtSuccess)
    *memPool = (infinirtMemPool_t)p;
  return err;
}

infinirtError_t
infinirt_nv_MemGetDefaultMemPool(infinirtMemPool_t *memPool,
                                 struct infinirtMemLocation *location,
                                 enum infinirtMemAllocationType type) {
  if (!device_pinned(location, type))
    return unmapped(location, type);
  /* A driver older than 13.0 has only the device function. */
  if (!infinirt_nv_sym.cuMemGetDefaultMemPool)
    return infinirt_nv_DeviceGetDefaultMemPool(memPool, location->id);
  return get_at(infinirt_nv_sym.cuMemGetDefaultMemPool,
                "cuMemGetDefaultMemPool", memPool, location, type);
}

infinirtError_t infinirt_nv_MemGetMemPool(infinirtMemPool_t *memPool,
                                          struct infinirtMemLocation *location,
                                          enum infinirtMemAllocationType type) {
  if (!device_pinned(location, type))
    return unmapped(location, type);
  if (!infinirt_nv_sym.cuMemGetMemPool)
    return infinirt_nv_DeviceGetMemPool(memPool, location->id);
  return get_at(infinirt_nv_sym.cuMemGetMemPool, "cuMemGetMemPool", memPool,
                location, type);
}

infinirtError_t infinirt_nv_MemSetMemPool(struct infinirtMemLocation *location,
                                          enum infinirtMemAllocationType type,
                                          infinirtMemPool_t memPool) {
  /* MemPoolCreate makes pinned pools only: none is a managed one. */
  if (type == infinirtMemAllocationTypeManaged)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "memory pool %p is a pool of pinned memory, not "
                           "of managed memory",
                           (void *)memPool);
  if (!device_pinned(location, type))
    return unmapped(location, type);
  if (!infinirt_nv_sym.cuMemSetMemPool)
    return infinirt_nv_DeviceSetMemPool(location->id, memPool);
  infinirtError_t err = ready();
  if (err != infinirtSuccess)
    return err;
  CUmemLocation l = infinirt_nv_cu_location(*location);
  return infinirt_nv_check(infinirt_nv_sym.cuMemSetMemPool(
                               &l, (CUmemAllocationType)type, cu_pool(memPool)),
                           "cuMemSetMemPool");
}
