/* cpu_settings.c - device-wide settings of the CPU devices: limits, the
 * cache preference, peer access, InitDevice, and the PCI and GPUDirect
 * functions that a CPU device has nothing to answer with. */
#include <stdlib.h>

#include "cpu_internal.h"

/* CUDA's usual defaults, reported until a program sets its own. */
static const size_t default_limit[CPU_LIMIT_COUNT] = {
    [infinirtLimitStackSize] = 1024,
    [infinirtLimitPrintfFifoSize] = 1u << 20,
    [infinirtLimitMallocHeapSize] = 8u << 20,
    [infinirtLimitMaxL2FetchGranularity] = 64,
    [infinirtLimitPersistingL2CacheSize] = 0,
};

void infinirt_cpu_device_settings_reset(cpu_device *dev) {
  pthread_mutex_lock(&dev->lock);
  for (int l = 0; l < CPU_LIMIT_COUNT; l++)
    dev->limit[l] = default_limit[l];
  pthread_mutex_unlock(&dev->lock);
  atomic_store(&dev->cache_config, infinirtFuncCachePreferNone);
  /* A reset ends access in both directions. */
  atomic_store(&dev->peers, 0);
  for (int d = 0; d < infinirt_cpu_device_count; d++)
    atomic_fetch_and(&infinirt_cpu_devices[d].peers,
                     ~((uint_fast64_t)1 << dev->ordinal));
}

static infinirtError_t no_device_runtime(enum infinirtLimit limit) {
  return infinirt_detail(infinirtErrorUnsupportedLimit,
                         "limit %d belongs to the device runtime (kernels "
                         "launching kernels), which CPU devices do not have",
                         (int)limit);
}

infinirtError_t infinirt_cpu_DeviceSetLimit(enum infinirtLimit limit,
                                            size_t value) {
  if (limit == infinirtLimitDevRuntimeSyncDepth ||
      limit == infinirtLimitDevRuntimePendingLaunchCount)
    return no_device_runtime(limit);
  if (limit == infinirtLimitPersistingL2CacheSize && value != 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a persisting L2 size of %zu exceeds the device's "
                           "maximum, 0",
                           value);
  if (limit == infinirtLimitMaxL2FetchGranularity) {
    if (value > 128)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "an L2 fetch granularity of %zu is not in "
                             "[0, 128]",
                             value);
    while (value & (value - 1)) /* down to a power of two */
      value &= value - 1;
  }
  cpu_device *dev = infinirt_cpu_current();
  pthread_mutex_lock(&dev->lock);
  dev->limit[limit] = value;
  pthread_mutex_unlock(&dev->lock);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceGetLimit(size_t *pValue,
                                            enum infinirtLimit limit) {
  if (limit == infinirtLimitDevRuntimeSyncDepth ||
      limit == infinirtLimitDevRuntimePendingLaunchCount)
    return no_device_runtime(limit);
  cpu_device *dev = infinirt_cpu_current();
  pthread_mutex_lock(&dev->lock);
  *pValue = dev->limit[limit];
  pthread_mutex_unlock(&dev->lock);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_DeviceGetCacheConfig(enum infinirtFuncCache *pCacheConfig) {
  *pCacheConfig = (enum infinirtFuncCache)atomic_load(
      &infinirt_cpu_current()->cache_config);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_DeviceSetCacheConfig(enum infinirtFuncCache cacheConfig) {
  atomic_store(&infinirt_cpu_current()->cache_config, (int)cacheConfig);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_InitDevice(int device, unsigned int deviceFlags,
                                        unsigned int flags) {
  /* Nothing to start: a CPU device is ready once the backend is probed. */
  if (flags & infinirtInitDeviceFlagsAreValid)
    atomic_store(&infinirt_cpu_devices[device].flags, deviceFlags);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceGetPCIBusId(char *pciBusId, int len,
                                               int device) {
  (void)pciBusId;
  (void)len;
  return infinirt_detail(infinirtErrorNotSupported,
                         "cpu device %d is the host, which has no PCI address",
                         device);
}

infinirtError_t infinirt_cpu_DeviceGetByPCIBusId(int *device,
                                                 const char *pciBusId) {
  (void)device;
  return infinirt_detail(
      infinirtErrorNotSupported,
      "cpu devices have no PCI address (asked for \"%.32s\")", pciBusId);
}

infinirtError_t infinirt_cpu_DeviceFlushGPUDirectRDMAWrites(
    enum infinirtFlushGPUDirectRDMAWritesTarget target,
    enum infinirtFlushGPUDirectRDMAWritesScope scope) {
  (void)target;
  (void)scope;
  return infinirt_detail(infinirtErrorNotSupported,
                         "cpu devices offer no GPUDirect RDMA flush "
                         "(GPUDirectRDMAFlushWritesOptions is 0)");
}

/* ---- peer access --------------------------------------------------------
 * CPU devices share one memory: each can reach every other's at any time.
 * Enabling access is recorded so that its errors are CUDA's. */

infinirtError_t infinirt_cpu_DeviceCanAccessPeer(int *canAccessPeer, int device,
                                                 int peerDevice) {
  *canAccessPeer = device != peerDevice;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceEnablePeerAccess(int peerDevice,
                                                    unsigned int flags) {
  (void)flags;
  cpu_device *dev = infinirt_cpu_current();
  uint_fast64_t bit = (uint_fast64_t)1 << peerDevice;
  if (atomic_fetch_or(&dev->peers, bit) & bit)
    return infinirt_detail(infinirtErrorPeerAccessAlreadyEnabled,
                           "cpu device %d already accesses device %d",
                           dev->ordinal, peerDevice);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceDisablePeerAccess(int peerDevice) {
  cpu_device *dev = infinirt_cpu_current();
  uint_fast64_t bit = (uint_fast64_t)1 << peerDevice;
  if (!(atomic_fetch_and(&dev->peers, ~bit) & bit))
    return infinirt_detail(infinirtErrorPeerAccessNotEnabled,
                           "cpu device %d has no access to device %d enabled",
                           dev->ordinal, peerDevice);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_DeviceGetP2PAttribute(int *value, enum infinirtDeviceP2PAttr attr,
                                   int srcDevice, int dstDevice) {
  (void)srcDevice;
  (void)dstDevice;
  switch (attr) {
  case infinirtDevP2PAttrPerformanceRank:
    *value = 0; /* one memory: the best link there is */
    break;
  case infinirtDevP2PAttrAccessSupported:
  case infinirtDevP2PAttrNativeAtomicSupported:
    *value = 1;
    break;
  default: /* no arrays; every atomic is native, none partial */
    *value = 0;
    break;
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemcpyPeer(void *dst, int dstDevice,
                                        const void *src, int srcDevice,
                                        size_t count) {
  /* Ordered like a synchronous copy on the legacy streams of the current
   * device and both named ones, entered in ordinal order so that two
   * threads copying in opposite directions cannot wait on each other. */
  int order[3] = {infinirt_cpu_current()->ordinal, srcDevice, dstDevice};
  for (int i = 1; i < 3; i++)
    for (int j = i; j > 0 && order[j] < order[j - 1]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  cpu_enqueue gate[3];
  int entered = 0;
  infinirtError_t err = infinirtSuccess;
  for (int i = 0; i < 3 && err == infinirtSuccess; i++) {
    if (i > 0 && order[i] == order[i - 1])
      continue;
    err = infinirt_cpu_legacy_enter(&infinirt_cpu_devices[order[i]],
                                    &gate[entered]);
    if (err == infinirtSuccess)
      entered++;
  }
  if (err == infinirtSuccess)
    infinirt_cpu_exec_copy(dst, src, count);
  while (entered > 0)
    infinirt_cpu_legacy_leave(&gate[--entered]);
  return err;
}

infinirtError_t infinirt_cpu_MemcpyPeerAsync(void *dst, int dstDevice,
                                             const void *src, int srcDevice,
                                             size_t count,
                                             infinirtStream_t stream) {
  (void)dstDevice;
  (void)srcDevice;
  return infinirt_cpu_MemcpyAsync(dst, src, count, infinirtMemcpyDeviceToDevice,
                                  stream);
}

/* ---- fixed hardware: nothing to configure --------------------------------
 * A CPU device has no shared memory banks to size and no persisting L2
 * lines; these answer as CUDA does on devices that lack the feature. */

infinirtError_t
infinirt_cpu_DeviceGetSharedMemConfig(enum infinirtSharedMemConfig *pConfig) {
  *pConfig = infinirtSharedMemBankSizeFourByte;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_DeviceSetSharedMemConfig(enum infinirtSharedMemConfig config) {
  (void)config;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_CtxResetPersistingL2Cache(void) {
  return infinirtSuccess;
}
