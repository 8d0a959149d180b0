/* cpu_device.c - the CPU devices: how many, their properties and
 * attributes, device-wide synchronisation and reset. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"
#include "device_attr.h"
#include "env.h"

int infinirt_cpu_device_count;
cpu_device infinirt_cpu_devices[CPU_MAX_DEVICES];
uint64_t infinirt_cpu_time_base;

int infinirt_cpu_probe(const char **reason) {
  (void)reason;
  int n =
      (int)infinirt_env_int("INFINIRT_CPU_DEVICE_COUNT", 1, CPU_MAX_DEVICES, 1);
  infinirt_cpu_sysinfo_init();
  infinirt_cpu_time_base = infinirt_cpu_now_ns() - 1;
  for (int d = 0; d < n; d++) {
    cpu_device *dev = &infinirt_cpu_devices[d];
    dev->ordinal = d;
    pthread_mutex_init(&dev->lock, NULL);
    infinirt_cpu_pools_init_device(dev);
    infinirt_cpu_device_settings_reset(dev);
  }
  infinirt_cpu_device_count = n;
  return n;
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
  /* A nominal capability (documented in infinirt.h): ported programs gate
   * on it, and 0.0 made them skip the device or divide by zero. */
  p->major = INFINIRT_CPU_COMPUTE_MAJOR;
  p->minor = INFINIRT_CPU_COMPUTE_MINOR;
  p->sharedMemPerBlock = CPU_SHARED_PER_BLOCK;
  p->warpSize = 1;
  p->memPitch = INT_MAX;
  p->texturePitchAlignment = CPU_PITCH_ALIGNMENT; /* MallocPitch's rows */
  p->maxThreadsPerBlock = (int)CPU_MAX_BLOCK_THREADS;
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
  p->cooperativeLaunch = 1; /* every block on a thread of its own */
  p->asyncEngineCount = 2;
  p->unifiedAddressing = 1;
  p->l2CacheSize = s->l2_bytes;
  p->maxThreadsPerMultiProcessor = (int)CPU_MAX_THREADS_PER_CORE;
  p->streamPrioritiesSupported = 1;
  p->globalL1CacheSupported = 1;
  p->localL1CacheSupported = 1;
  p->sharedMemPerMultiprocessor = CPU_SHARED_PER_CORE;
  p->hostNativeAtomicSupported = 1;
  p->pageableMemoryAccess = 1;
  p->canUseHostPointerForRegisteredMem = 1;
  p->sharedMemPerBlockOptin = CPU_SHARED_PER_BLOCK_OPTIN;
  p->pageableMemoryAccessUsesHostPageTables = 1;
  p->maxBlocksPerMultiProcessor = (int)CPU_MAX_BLOCKS_PER_CORE;
  p->hostRegisterSupported = 1;
  p->hostRegisterReadOnlySupported = 1;
  p->memoryPoolsSupported = 1;
  p->managedMemory = 1;
  p->concurrentManagedAccess = 1;
  p->directManagedMemAccessFromHost = 1;
  p->deviceNumaId = -1;
}

infinirtError_t
infinirt_cpu_GetDeviceProperties(struct infinirtDeviceProp *prop, int device) {
  fill_props(prop, device);
  return infinirtSuccess;
}

/* Attributes come from the properties through the core's one table; the
 * two that no property carries are answered here, and every other valid
 * attribute is 0: the host has no such thing. */
infinirtError_t infinirt_cpu_DeviceGetAttribute(int *value,
                                                enum infinirtDeviceAttr attr,
                                                int device) {
  struct infinirtDeviceProp p;
  fill_props(&p, device);
  int v = 0;
  if (attr == infinirtDevAttrClockRate)
    v = infinirt_cpu_sys.clock_khz;
  else if (attr == infinirtDevAttrGpuOverlap)
    v = 1;
  else
    infinirt_prop_attr(&p, attr, &v);
  *value = v;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemGetInfo(size_t *free, size_t *total) {
  if (!infinirt_cpu_meminfo(free, total)) {
    *total = infinirt_cpu_sys.mem_total;
    *free = *total;
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DriverGetVersion(int *driverVersion) {
  *driverVersion = INFINIRTRT_VERSION; /* no driver: the API level served */
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_SetDeviceFlags(unsigned int flags) {
  atomic_store(&infinirt_cpu_current()->flags, flags);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GetDeviceFlags(unsigned int *flags) {
  *flags = atomic_load(&infinirt_cpu_current()->flags) | infinirtDeviceMapHost;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceSynchronize(void) {
  infinirtError_t err =
      infinirt_cpu_capture_device_check(infinirt_cpu_current());
  if (err != infinirtSuccess)
    return err;
  infinirt_cpu_device_sync(infinirt_cpu_current());
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceReset(void) {
  cpu_device *dev = infinirt_cpu_current();
  infinirt_cpu_device_sync(dev);
  for (;;) {
    pthread_mutex_lock(&dev->lock);
    cpu_stream *s = dev->live;
    pthread_mutex_unlock(&dev->lock);
    if (!s)
      break;
    if (atomic_exchange(&s->alive, false)) {
      infinirt_handle_unregister(&s->h);
      infinirt_cpu_scache_flush(s, true);
      infinirt_cpu_retire(s);
    }
    /* Destroyed with work pending: it leaves the list when that is done. */
    cpu_dep d = {s, atomic_load(&s->tail)};
    infinirt_cpu_dep_wait(&d, true);
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
  infinirt_cpu_execs_reset(dev);
  infinirt_cpu_pools_trim_device(dev);
  infinirt_cpu_device_settings_reset(dev);
  infinirt_device_was_reset(infinirtDeviceTypeCpu, dev->ordinal);
  return infinirtSuccess;
}
