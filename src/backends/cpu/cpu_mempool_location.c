/* cpu_mempool_location.c - the location-based pool functions
 * (MemGetDefaultMemPool, MemGetMemPool, MemSetMemPool). The CPU backend's
 * pools are device pools of pinned memory: a device location with Pinned
 * is its device functions; it has no host pools
 * (infinirtDevAttrHostMemoryPoolsSupported is 0) and no managed pools.
 * The core checked the location, the type and (Set) that the pool lives
 * where the location says. */
#include "cpu_internal.h"

/* NotSupported for what is not a device's pinned pool. */
static infinirtError_t no_such_pool(const struct infinirtMemLocation *loc,
                                    enum infinirtMemAllocationType type) {
  if (type == infinirtMemAllocationTypeManaged)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the cpu backend has no managed memory pools");
  return infinirt_detail(infinirtErrorNotSupported,
                         "the cpu backend has no host memory pools "
                         "(location type %d; "
                         "infinirtDevAttrHostMemoryPoolsSupported is 0)",
                         (int)loc->type);
}

static bool device_pinned(const struct infinirtMemLocation *loc,
                          enum infinirtMemAllocationType type) {
  return loc->type == infinirtMemLocationTypeDevice &&
         type == infinirtMemAllocationTypePinned;
}

infinirtError_t
infinirt_cpu_MemGetDefaultMemPool(infinirtMemPool_t *memPool,
                                  struct infinirtMemLocation *location,
                                  enum infinirtMemAllocationType type) {
  if (!device_pinned(location, type))
    return no_such_pool(location, type);
  return infinirt_cpu_DeviceGetDefaultMemPool(memPool, location->id);
}

infinirtError_t
infinirt_cpu_MemGetMemPool(infinirtMemPool_t *memPool,
                           struct infinirtMemLocation *location,
                           enum infinirtMemAllocationType type) {
  if (!device_pinned(location, type))
    return no_such_pool(location, type);
  return infinirt_cpu_DeviceGetMemPool(memPool, location->id);
}

infinirtError_t infinirt_cpu_MemSetMemPool(struct infinirtMemLocation *location,
                                           enum infinirtMemAllocationType type,
                                           infinirtMemPool_t memPool) {
  /* Every cpu pool is a device's pinned pool (the core saw it is of this
   * location): managed memory names another type of pool. */
  if (type == infinirtMemAllocationTypeManaged)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "memory pool %p is a pool of pinned memory, not "
                           "of managed memory",
                           (void *)memPool);
  if (location->type != infinirtMemLocationTypeDevice)
    return no_such_pool(location, type);
  return infinirt_cpu_DeviceSetMemPool(location->id, memPool);
}
