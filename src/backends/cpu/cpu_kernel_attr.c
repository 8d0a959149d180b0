/* cpu_kernel_attr.c - kernel attributes and occupancy on the CPU: what
 * FuncGetAttributes reports, the attributes that can be set (the dynamic
 * shared memory limit that launches check, the carveout hint), names and
 * the parameter layout, and the occupancy formula of infinirt.h. */
#include <limits.h>
#include <string.h>

#include "cpu_internal.h"

/* The kernel image records no static shared memory (INFINIRT_SHARED arrays
 * live on the worker's stack): what a kernel reports and what occupancy
 * counts. */
#define STATIC_SHARED 0u

void infinirt_cpu_kernel_attr_init(cpu_kernel *k) {
  atomic_init(&k->max_dynamic_shared, CPU_ATTR_UNSET);
  atomic_init(&k->carveout, CPU_ATTR_UNSET);
  for (int d = 0; d < CPU_MAX_DEVICES; d++) {
    atomic_init(&k->dev_max_dynamic_shared[d], CPU_ATTR_UNSET);
    atomic_init(&k->dev_carveout[d], CPU_ATTR_UNSET);
  }
}

/* FuncSetAttribute's value, else KernelSetAttributeForDevice's for
 * |device|, else |unset|. */
static int effective(const atomic_int *all, const atomic_int *per_device,
                     int device, int unset) {
  int v = atomic_load_explicit((atomic_int *)all, memory_order_relaxed);
  if (v == CPU_ATTR_UNSET)
    v = atomic_load_explicit((atomic_int *)&per_device[device],
                             memory_order_relaxed);
  return v == CPU_ATTR_UNSET ? unset : v;
}

uint32_t infinirt_cpu_kernel_max_dynamic_shared(const cpu_kernel *k,
                                                int device) {
  return (uint32_t)effective(&k->max_dynamic_shared, k->dev_max_dynamic_shared,
                             device,
                             (int)(CPU_SHARED_PER_BLOCK - STATIC_SHARED));
}

int infinirt_cpu_occupancy(const cpu_kernel *k, int device,
                           uint64_t block_threads, size_t dynamic_shared) {
  if (block_threads > CPU_MAX_BLOCK_THREADS ||
      dynamic_shared > infinirt_cpu_kernel_max_dynamic_shared(k, device))
    return 0;
  uint64_t n = CPU_MAX_BLOCKS_PER_CORE;
  if (CPU_MAX_THREADS_PER_CORE / block_threads < n)
    n = CPU_MAX_THREADS_PER_CORE / block_threads;
  uint64_t shared = (uint64_t)STATIC_SHARED + dynamic_shared;
  if (shared && CPU_SHARED_PER_CORE / shared < n)
    n = CPU_SHARED_PER_CORE / shared;
  return (int)n;
}

infinirtError_t
infinirt_cpu_FuncGetAttributes(struct infinirtFuncAttributes *attr,
                               const void *func) {
  const cpu_kernel *k = func;
  int dev = infinirt_current_device(infinirtDeviceTypeCpu);
  memset(attr, 0, sizeof *attr);
  attr->sharedSizeBytes = STATIC_SHARED;
  attr->maxThreadsPerBlock = (int)CPU_MAX_BLOCK_THREADS;
  attr->ptxVersion = attr->binaryVersion =
      INFINIRT_CPU_COMPUTE_MAJOR * 10 + INFINIRT_CPU_COMPUTE_MINOR;
  attr->maxDynamicSharedSizeBytes =
      (int)infinirt_cpu_kernel_max_dynamic_shared(k, dev);
  attr->preferredShmemCarveout = effective(&k->carveout, k->dev_carveout, dev,
                                           infinirtSharedmemCarveoutDefault);
  return infinirtSuccess;
}

/* Sets |attr| (the core checked that it can be set and that |value| is in
 * its range) in the slots given: the kernel's or one device's. */
static infinirtError_t set_attribute(enum infinirtFuncAttribute attr, int value,
                                     atomic_int *max_dynamic_shared,
                                     atomic_int *carveout) {
  switch (attr) {
  case infinirtFuncAttributeMaxDynamicSharedMemorySize:
    if ((unsigned)value > CPU_SHARED_PER_BLOCK_OPTIN - STATIC_SHARED)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "%d bytes of dynamic shared memory exceed the CPU "
                             "device's %u per block (sharedMemPerBlockOptin)",
                             value, CPU_SHARED_PER_BLOCK_OPTIN - STATIC_SHARED);
    atomic_store_explicit(max_dynamic_shared, value, memory_order_relaxed);
    return infinirtSuccess;
  case infinirtFuncAttributePreferredSharedMemoryCarveout:
    /* A hint: the CPU has no L1/shared split to choose. */
    atomic_store_explicit(carveout, value, memory_order_relaxed);
    return infinirtSuccess;
  default:
    return infinirt_detail(infinirtErrorNotSupported,
                           "attribute %d: the CPU device has no thread block "
                           "clusters (clusterLaunch 0)",
                           (int)attr);
  }
}

infinirtError_t infinirt_cpu_FuncSetAttribute(const void *func,
                                              enum infinirtFuncAttribute attr,
                                              int value) {
  cpu_kernel *k = (cpu_kernel *)func;
  return set_attribute(attr, value, &k->max_dynamic_shared, &k->carveout);
}

infinirtError_t
infinirt_cpu_KernelSetAttributeForDevice(infinirtKernel_t kernel,
                                         enum infinirtFuncAttribute attr,
                                         int value, int device) {
  cpu_kernel *k = (cpu_kernel *)kernel;
  return set_attribute(attr, value, &k->dev_max_dynamic_shared[device],
                       &k->dev_carveout[device]);
}

infinirtError_t infinirt_cpu_FuncSetCacheConfig(const void *func,
                                                enum infinirtFuncCache config) {
  /* A preference, which CUDA lets a device ignore: a CPU's caches have no
   * split to choose. */
  (void)func, (void)config;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_FuncGetName(const char **name, const void *func) {
  *name = ((const cpu_kernel *)func)->name;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_FuncGetParamInfo(const void *func,
                                              size_t paramIndex,
                                              size_t *paramOffset,
                                              size_t *paramSize) {
  const cpu_kernel *k = func;
  if (paramIndex >= k->info->num_args)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "kernel \"%.200s\" has %u parameters, not %zu",
                           k->name, k->info->num_args, paramIndex + 1);
  *paramOffset = k->arg_offset[paramIndex];
  if (paramSize)
    *paramSize = k->info->arg_sizes[paramIndex];
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_OccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize) {
  *numBlocks = infinirt_cpu_occupancy(
      func, infinirt_current_device(infinirtDeviceTypeCpu), (uint64_t)blockSize,
      dynamicSMemSize);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_OccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  (void)flags; /* caching never limits occupancy on the CPU */
  return infinirt_cpu_OccupancyMaxActiveBlocksPerMultiprocessor(
      numBlocks, func, blockSize, dynamicSMemSize);
}

infinirtError_t infinirt_cpu_OccupancyAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, const void *func, int numBlocks, int blockSize) {
  (void)func; /* every kernel reports the same static shared memory */
  uint64_t blocks = (uint64_t)numBlocks, threads = (uint64_t)blockSize;
  size_t most = 0;
  if (blocks <= CPU_MAX_BLOCKS_PER_CORE && threads <= CPU_MAX_BLOCK_THREADS &&
      blocks * threads <= CPU_MAX_THREADS_PER_CORE) {
    most = CPU_SHARED_PER_CORE / blocks;
    if (most > CPU_SHARED_PER_BLOCK_OPTIN)
      most = CPU_SHARED_PER_BLOCK_OPTIN;
    most -= STATIC_SHARED;
  }
  *dynamicSmemSize = most;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_FuncSetSharedMemConfig(const void *func,
                                    enum infinirtSharedMemConfig config) {
  (void)func, (void)config; /* no shared memory banks to size */
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_OccupancyMaxPotentialClusterSize(
    int *clusterSize, const void *func,
    const infinirtLaunchConfig_t *launchConfig) {
  (void)clusterSize, (void)func, (void)launchConfig;
  return infinirt_detail(infinirtErrorNotSupported,
                         "the CPU device has no thread block clusters "
                         "(clusterLaunch 0)");
}

infinirtError_t
infinirt_cpu_OccupancyMaxActiveClusters(int *numClusters, const void *func,
                                        const infinirtLaunchConfig_t *config) {
  for (unsigned i = 0; i < config->numAttrs; i++) {
    infinirtLaunchAttributeID id = config->attrs[i].id;
    if (id == infinirtLaunchAttributeClusterDimension ||
        id == infinirtLaunchAttributePreferredClusterDimension ||
        id == infinirtLaunchAttributeClusterSchedulingPolicyPreference)
      return infinirt_detail(infinirtErrorNotSupported,
                             "attrs[%u]: the CPU device has no thread block "
                             "clusters (clusterLaunch 0)",
                             i);
  }
  /* No cluster dimension: each block is a cluster of its own, as the H200
   * answers (it counts such a configuration, it does not refuse it). */
  infinirtDim3 b = config->blockDim;
  unsigned long long threads = (unsigned long long)b.x * b.y * b.z;
  if (threads > INT_MAX)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "a block of %llu threads", threads);
  int per_core = 0;
  infinirtError_t err = infinirt_cpu_OccupancyMaxActiveBlocksPerMultiprocessor(
      &per_core, func, (int)threads, config->dynamicSmemBytes);
  if (err == infinirtSuccess)
    *numClusters = per_core * (int)infinirt_cpu_sys.cores;
  return err;
}
