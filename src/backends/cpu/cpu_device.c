/* cpu_device.c - the CPU devices: how many, their properties and
 * attributes, device-wide synchronisation and reset. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

/* Largest dynamic shared memory per block, as CUDA's default (48 KiB). */
#define SHARED_PER_BLOCK (48u << 10)

int infinirt_cpu_device_count;
cpu_device infinirt_cpu_devices[CPU_MAX_DEVICES];
uint64_t infinirt_cpu_time_base;

int infinirt_cpu_probe(const char **reason) {
  (void)reason;
  int n = 1;
  const char *env = getenv("INFINIRT_CPU_DEVICE_COUNT");
  if (env && *env) {
    char *end;
    long v = strtol(env, &end, 10);
    if (*end == '\0' && v >= 1 && v <= CPU_MAX_DEVICES)
      n = (int)v;
  }
  infinirt_cpu_sysinfo_init();
  infinirt_cpu_time_base = infinirt_cpu_now_ns() - 1;
  for (int d = 0; d < n; d++) {
    cpu_device *dev = &infinirt_cpu_devices[d];
    dev->ordinal = d;
    pthread_mutex_init(&dev->lock, NULL);
    infinirt_cpu_pool_init(&dev->pool);
  }
  infinirt_cpu_device_count = n;
  return n;
}

static infinirtError_t check_ordinal(int device) {
  if (device < 0 || device >= infinirt_cpu_device_count)
    return infinirt_detail(infinirtErrorInvalidDevice,
                           "cpu device %d does not exist (%d present)", device,
                           infinirt_cpu_device_count);
  return infinirtSuccess;
}

static void fill_props(struct infinirtDeviceProp *p, int device) {
  const cpu_sysinfo *s = &infinirt_cpu_sys;
  memset(p, 0, sizeof *p);
  if (infinirt_cpu_device_count > 1)
    snprintf(p->name, sizeof p->name, "%.200s (cpu device %d)", s->name,
             device);
  else
    snprintf(p->name, sizeof p->name, "%.255s", s->name);
  /* A stable identifier: "infinirt-cpu" and the ordinal. */
  memcpy(p->uuid.bytes, "infinirt-cpu", 12);
  p->uuid.bytes[15] = (char)device;
  p->totalGlobalMem = s->mem_total;
  p->sharedMemPerBlock = SHARED_PER_BLOCK;
  p->warpSize = 1;
  p->memPitch = INT_MAX;
  p->maxThreadsPerBlock = 1024;
  p->maxThreadsDim[0] = 1024;
  p->maxThreadsDim[1] = 1024;
  p->maxThreadsDim[2] = 64;
  p->maxGridSize[0] = INT_MAX;
  p->maxGridSize[1] = 65535;
  p->maxGridSize[2] = 65535;
  p->multiProcessorCount = (int)s->cores;
  p->integrated = 1;
  p->canMapHostMemory = 1;
  p->concurrentKernels = 1;
  p->asyncEngineCount = 2;
  p->unifiedAddressing = 1;
  p->l2CacheSize = s->l2_bytes;
  p->maxThreadsPerMultiProcessor = 1024;
  p->streamPrioritiesSupported = 1;
  p->globalL1CacheSupported = 1;
  p->localL1CacheSupported = 1;
  p->sharedMemPerMultiprocessor = SHARED_PER_BLOCK;
  p->hostNativeAtomicSupported = 1;
  p->pageableMemoryAccess = 1;
  p->canUseHostPointerForRegisteredMem = 1;
  p->sharedMemPerBlockOptin = SHARED_PER_BLOCK;
  p->pageableMemoryAccessUsesHostPageTables = 1;
  p->maxBlocksPerMultiProcessor = 1;
  p->hostRegisterSupported = 1;
  p->hostRegisterReadOnlySupported = 1;
  p->memoryPoolsSupported = 1;
  p->deviceNumaId = -1;
}

infinirtError_t
infinirt_cpu_GetDeviceProperties(struct infinirtDeviceProp *prop, int device) {
  if (!prop)
    return infinirt_detail(infinirtErrorInvalidValue, "prop is NULL");
  infinirtError_t err = check_ordinal(device);
  if (err == infinirtSuccess)
    fill_props(prop, device);
  return err;
}

static int clamp_int(size_t v) {
  return v > INT_MAX ? INT_MAX : (int)v;
}

infinirtError_t infinirt_cpu_DeviceGetAttribute(int *value,
                                                enum infinirtDeviceAttr attr,
                                                int device) {
  if (!value)
    return infinirt_detail(infinirtErrorInvalidValue, "value is NULL");
  infinirtError_t err = check_ordinal(device);
  if (err != infinirtSuccess)
    return err;
  struct infinirtDeviceProp p;
  fill_props(&p, device);
  int v;
  switch (attr) {
  case infinirtDevAttrMaxThreadsPerBlock:
    v = p.maxThreadsPerBlock;
    break;
  case infinirtDevAttrMaxBlockDimX:
    v = p.maxThreadsDim[0];
    break;
  case infinirtDevAttrMaxBlockDimY:
    v = p.maxThreadsDim[1];
    break;
  case infinirtDevAttrMaxBlockDimZ:
    v = p.maxThreadsDim[2];
    break;
  case infinirtDevAttrMaxGridDimX:
    v = p.maxGridSize[0];
    break;
  case infinirtDevAttrMaxGridDimY:
    v = p.maxGridSize[1];
    break;
  case infinirtDevAttrMaxGridDimZ:
    v = p.maxGridSize[2];
    break;
  case infinirtDevAttrMaxSharedMemoryPerBlock:
    v = clamp_int(p.sharedMemPerBlock);
    break;
  case infinirtDevAttrTotalConstantMemory:
    v = 0;
    break;
  case infinirtDevAttrWarpSize:
    v = p.warpSize;
    break;
  case infinirtDevAttrMaxPitch:
    v = clamp_int(p.memPitch);
    break;
  case infinirtDevAttrClockRate:
    v = infinirt_cpu_sys.clock_khz;
    break;
  case infinirtDevAttrGpuOverlap:
    v = 1;
    break;
  case infinirtDevAttrMultiProcessorCount:
    v = p.multiProcessorCount;
    break;
  case infinirtDevAttrKernelExecTimeout:
    v = 0;
    break;
  case infinirtDevAttrIntegrated:
    v = p.integrated;
    break;
  case infinirtDevAttrCanMapHostMemory:
    v = p.canMapHostMemory;
    break;
  case infinirtDevAttrComputeMode:
    v = 0;
    break;
  case infinirtDevAttrConcurrentKernels:
    v = p.concurrentKernels;
    break;
  case infinirtDevAttrEccEnabled:
    v = 0;
    break;
  case infinirtDevAttrPciBusId:
  case infinirtDevAttrPciDeviceId:
  case infinirtDevAttrPciDomainId:
    v = 0;
    break;
  case infinirtDevAttrL2CacheSize:
    v = p.l2CacheSize;
    break;
  case infinirtDevAttrMaxThreadsPerMultiProcessor:
    v = p.maxThreadsPerMultiProcessor;
    break;
  case infinirtDevAttrAsyncEngineCount:
    v = p.asyncEngineCount;
    break;
  case infinirtDevAttrUnifiedAddressing:
    v = p.unifiedAddressing;
    break;
  case infinirtDevAttrComputeCapabilityMajor:
    v = p.major;
    break;
  case infinirtDevAttrComputeCapabilityMinor:
    v = p.minor;
    break;
  case infinirtDevAttrStreamPrioritiesSupported:
    v = p.streamPrioritiesSupported;
    break;
  case infinirtDevAttrGlobalL1CacheSupported:
    v = p.globalL1CacheSupported;
    break;
  case infinirtDevAttrLocalL1CacheSupported:
    v = p.localL1CacheSupported;
    break;
  case infinirtDevAttrMaxSharedMemoryPerMultiprocessor:
    v = clamp_int(p.sharedMemPerMultiprocessor);
    break;
  case infinirtDevAttrManagedMemory:
    v = p.managedMemory;
    break;
  case infinirtDevAttrIsMultiGpuBoard:
    v = p.isMultiGpuBoard;
    break;
  case infinirtDevAttrHostNativeAtomicSupported:
    v = p.hostNativeAtomicSupported;
    break;
  case infinirtDevAttrPageableMemoryAccess:
    v = p.pageableMemoryAccess;
    break;
  case infinirtDevAttrConcurrentManagedAccess:
    v = p.concurrentManagedAccess;
    break;
  case infinirtDevAttrCanUseHostPointerForRegisteredMem:
    v = p.canUseHostPointerForRegisteredMem;
    break;
  case infinirtDevAttrCooperativeLaunch:
    v = p.cooperativeLaunch;
    break;
  case infinirtDevAttrMaxSharedMemoryPerBlockOptin:
    v = clamp_int(p.sharedMemPerBlockOptin);
    break;
  case infinirtDevAttrPageableMemoryAccessUsesHostPageTables:
    v = p.pageableMemoryAccessUsesHostPageTables;
    break;
  case infinirtDevAttrMaxBlocksPerMultiprocessor:
    v = p.maxBlocksPerMultiProcessor;
    break;
  case infinirtDevAttrHostRegisterSupported:
    v = p.hostRegisterSupported;
    break;
  case infinirtDevAttrHostRegisterReadOnlySupported:
    v = p.hostRegisterReadOnlySupported;
    break;
  case infinirtDevAttrMemoryPoolsSupported:
    v = p.memoryPoolsSupported;
    break;
  case infinirtDevAttrNumaConfig:
    v = p.deviceNumaConfig;
    break;
  case infinirtDevAttrNumaId:
    v = p.deviceNumaId;
    break;
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the cpu backend has no attribute %d", (int)attr);
  }
  *value = v;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemGetInfo(size_t *free, size_t *total) {
  if (!free || !total)
    return infinirt_detail(infinirtErrorInvalidValue, "%s is NULL",
                           free ? "total" : "free");
  if (!infinirt_cpu_meminfo(free, total)) {
    *total = infinirt_cpu_sys.mem_total;
    *free = *total;
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DriverGetVersion(int *driverVersion) {
  if (!driverVersion)
    return infinirt_detail(infinirtErrorInvalidValue, "driverVersion is NULL");
  *driverVersion = INFINIRT_VERSION;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceSynchronize(void) {
  INFINIRT_REFUSE_IN_HOST_FN();
  infinirt_cpu_device_sync(infinirt_cpu_current());
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceReset(void) {
  INFINIRT_REFUSE_IN_HOST_FN();
  cpu_device *dev = infinirt_cpu_current();
  infinirt_cpu_device_sync(dev);
  for (cpu_stream *s = atomic_load(&dev->streams); s; s = s->next_all)
    if (atomic_exchange(&s->alive, false)) {
      infinirt_handle_unregister(&s->h);
      infinirt_cpu_stream_recycle(s);
    }
  for (cpu_event *e = atomic_load(&dev->events); e; e = e->next_all)
    if (atomic_exchange(&e->alive, false)) {
      infinirt_handle_unregister(&e->h);
      infinirt_cpu_event_recycle(e);
    }
  /* Live allocations go; one with a free still pending (on another
   * device's stream, which this reset does not wait for) is left to it. */
  cpu_alloc *a = infinirt_cpu_reg_take_device(dev->ordinal);
  while (a) {
    cpu_alloc *next = a->dev_next;
    infinirt_cpu_free_alloc_memory(a);
    a = next;
  }
  infinirt_cpu_pool_trim(dev);
  infinirt_device_was_reset(infinirtDeviceTypeCpu, dev->ordinal);
  return infinirtSuccess;
}
