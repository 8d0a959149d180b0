/* contract_device.c - CUDA's argument rules for managed memory, peer
 * access and the device-wide settings (contract.h). */
#include "contract.h"

#include "thread_state.h"

infinirtError_t infinirt_check_managed_alloc(size_t size, unsigned flags) {
  if (size == 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a managed allocation of 0 bytes");
  if (flags != infinirtMemAttachGlobal && flags != infinirtMemAttachHost)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "flags 0x%x: managed memory is attached "
                           "infinirtMemAttachGlobal or infinirtMemAttachHost",
                           flags);
  return infinirtSuccess;
}

infinirtError_t infinirt_check_attach(infinirtStream_t stream, void *ptr,
                                      unsigned flags) {
  if (!ptr)
    return infinirt_detail(infinirtErrorInvalidValue, "devPtr is NULL");
  if (flags != infinirtMemAttachGlobal && flags != infinirtMemAttachHost &&
      flags != infinirtMemAttachSingle)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "flags 0x%x is not one of infinirtMemAttachGlobal, "
                           "Host and Single",
                           flags);
  if (flags == infinirtMemAttachSingle &&
      (stream == NULL || stream == infinirtStreamLegacy))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "memory cannot be attached singly to the legacy "
                           "default stream, which is no single stream");
  return infinirtSuccess;
}

static bool host_location(enum infinirtMemLocationType t) {
  return t == infinirtMemLocationTypeHost ||
         t == infinirtMemLocationTypeHostNuma ||
         t == infinirtMemLocationTypeHostNumaCurrent;
}

/* A location that names a place memory can go. */
static infinirtError_t check_location(struct infinirtMemLocation loc) {
  if (loc.type == infinirtMemLocationTypeDevice)
    return infinirt_check_device(loc.id);
  if (loc.type == infinirtMemLocationTypeHostNuma && loc.id < 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "host NUMA node %d does not exist", loc.id);
  if (host_location(loc.type))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "location type %d names no device or host",
                         (int)loc.type);
}

static infinirtError_t check_range(const void *p, size_t n) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "devPtr is NULL");
  if (n == 0)
    return infinirt_detail(infinirtErrorInvalidValue, "count is 0");
  if (infinirt_range_wraps(p, n))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu-byte range at %p wraps the address space", n,
                           p);
  return infinirtSuccess;
}

infinirtError_t infinirt_check_mem_advise(const void *p, size_t n,
                                          enum infinirtMemoryAdvise advice,
                                          struct infinirtMemLocation loc) {
  infinirtError_t err = check_range(p, n);
  if (err != infinirtSuccess)
    return err;
  switch (advice) {
  case infinirtMemAdviseSetReadMostly:
  case infinirtMemAdviseUnsetReadMostly:
  case infinirtMemAdviseUnsetPreferredLocation:
    return infinirtSuccess; /* the location is ignored */
  case infinirtMemAdviseSetPreferredLocation:
    return check_location(loc);
  case infinirtMemAdviseSetAccessedBy:
  case infinirtMemAdviseUnsetAccessedBy:
    /* Who accesses: a device or the host, not a NUMA node. */
    if (loc.type == infinirtMemLocationTypeDevice ||
        loc.type == infinirtMemLocationTypeHost)
      return check_location(loc);
    return infinirt_detail(infinirtErrorInvalidValue,
                           "an accessed-by advice names a device or the host, "
                           "not location type %d",
                           (int)loc.type);
  }
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtMemoryAdvise", (int)advice);
}

infinirtError_t infinirt_check_prefetch(const void *p, size_t n,
                                        struct infinirtMemLocation loc,
                                        unsigned flags) {
  infinirtError_t err = check_range(p, n);
  if (err == infinirtSuccess)
    err = infinirt_check_flags(flags, 0, "flags");
  if (err == infinirtSuccess)
    err = check_location(loc);
  return err;
}

infinirtError_t infinirt_check_peer(int peer) {
  infinirtError_t err = infinirt_check_device(peer);
  if (err != infinirtSuccess)
    return err;
  if (peer == infinirt_current_device(infinirt_thread_type()))
    return infinirt_detail(infinirtErrorInvalidDevice,
                           "device %d is the current device, not a peer", peer);
  return infinirtSuccess;
}

infinirtError_t infinirt_check_p2p_attr(enum infinirtDeviceP2PAttr attr,
                                        int src, int dst) {
  if (attr < infinirtDevP2PAttrPerformanceRank ||
      attr > infinirtDevP2PAttrOnlyPartialNativeAtomicSupported)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%d is not an infinirtDeviceP2PAttr", (int)attr);
  infinirtError_t err = infinirt_check_device(src);
  if (err == infinirtSuccess)
    err = infinirt_check_device(dst);
  if (err == infinirtSuccess && src == dst)
    err = infinirt_detail(infinirtErrorInvalidDevice,
                          "a link joins two devices; both are %d", src);
  return err;
}

infinirtError_t infinirt_check_init_device(unsigned device_flags,
                                           unsigned flags) {
  infinirtError_t err =
      infinirt_check_flags(flags, infinirtInitDeviceFlagsAreValid, "flags");
  if (err == infinirtSuccess && (flags & infinirtInitDeviceFlagsAreValid))
    err = infinirt_check_device_flags(device_flags);
  return err;
}

infinirtError_t infinirt_check_limit(enum infinirtLimit limit) {
  if ((unsigned)limit <= (unsigned)infinirtLimitPersistingL2CacheSize)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtLimit", (int)limit);
}

infinirtError_t infinirt_check_cache_config(enum infinirtFuncCache c) {
  if ((unsigned)c <= (unsigned)infinirtFuncCachePreferEqual)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtFuncCache", (int)c);
}

infinirtError_t
infinirt_check_rdma_flush(enum infinirtFlushGPUDirectRDMAWritesTarget target,
                          enum infinirtFlushGPUDirectRDMAWritesScope scope) {
  if (target != infinirtFlushGPUDirectRDMAWritesTargetCurrentDevice)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%d is not a flush target", (int)target);
  if (scope != infinirtFlushGPUDirectRDMAWritesToOwner &&
      scope != infinirtFlushGPUDirectRDMAWritesToAllDevices)
    return infinirt_detail(infinirtErrorInvalidValue, "%d is not a flush scope",
                           (int)scope);
  return infinirtSuccess;
}

infinirtError_t infinirt_check_positive(int n, const char *name) {
  if (n > 0)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue, "%s %d is not positive",
                         name, n);
}

infinirtError_t infinirt_check_copy_batch(
    void *const *dsts, const void *const *srcs, const size_t *sizes,
    size_t count, const struct infinirtMemcpyAttributes *attrs,
    const size_t *idxs, size_t nattrs, infinirtStream_t stream) {
  if (!dsts || !srcs || !sizes || !attrs || !idxs)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "dsts, srcs, sizes, attrs and attrsIdxs must all "
                           "be given");
  if (count == 0 || nattrs == 0 || nattrs > count)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%zu copies with %zu attributes (need 1 <= "
                           "numAttrs <= count)",
                           count, nattrs);
  if (stream == NULL || stream == infinirtStreamLegacy)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a batch cannot go to the legacy default stream");
  for (size_t k = 0; k < nattrs; k++) {
    if ((k == 0 && idxs[0] != 0) || (k > 0 && idxs[k] <= idxs[k - 1]) ||
        idxs[k] >= count)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "attrsIdxs[%zu] = %zu: the indices start at 0, "
                             "grow and stay below count %zu",
                             k, idxs[k], count);
    if (attrs[k].srcAccessOrder < infinirtMemcpySrcAccessOrderStream ||
        attrs[k].srcAccessOrder > infinirtMemcpySrcAccessOrderAny)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "attrs[%zu].srcAccessOrder %d is not an access "
                             "order",
                             k, (int)attrs[k].srcAccessOrder);
    if (attrs[k].flags & ~(unsigned)infinirtMemcpyFlagPreferOverlapWithCompute)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "attrs[%zu].flags 0x%x has unknown bits", k,
                             attrs[k].flags);
  }
  for (size_t i = 0; i < count; i++) {
    if (sizes[i] == 0) /* the H200's driver refuses them */
      return infinirt_detail(infinirtErrorInvalidValue,
                             "copy %zu of the batch has size 0", i);
    if (!dsts[i] || !srcs[i])
      return infinirt_detail(infinirtErrorInvalidValue,
                             "copy %zu of %zu bytes has a NULL %s", i, sizes[i],
                             dsts[i] ? "source" : "destination");
    if (infinirt_range_wraps(dsts[i], sizes[i]) ||
        infinirt_range_wraps(srcs[i], sizes[i]))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "copy %zu of %zu bytes wraps the address space", i,
                             sizes[i]);
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_check_enum(int v, int last, const char *what) {
  if (v >= 0 && v <= last)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue, "%d is not an %s", v, what);
}
