/* nv_kernel_attr.c - kernel attributes, names, parameters and occupancy
 * through the driver. The Func functions act on the kernel's function in
 * the current context (cuKernelGetFunction), so that what they set
 * overrides cuKernelSetAttribute's per-device value, as CUDA documents for
 * cudaFuncSetAttribute against cudaKernelSetAttributeForDevice. */
#include <stdint.h>
#include <string.h>

#include "nv.h"

#define NEED(sym, what)                                                        \
  do {                                                                         \
    if (!infinirt_nv_sym.sym)                                                  \
      return infinirt_detail(infinirtErrorNotSupported,                        \
                             "the driver has no " #sym " (%s)", what);         \
  } while (0)

/* |k|'s function in the current device's context. */
static infinirtError_t function_of(const void *func, CUfunction *f) {
  NEED(cuKernelGetFunction, "CUDA 12.0+");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  const infinirt_nv_kernel *k = func;
  return infinirt_nv_check(infinirt_nv_sym.cuKernelGetFunction(f, k->cu),
                           "cuKernelGetFunction");
}

infinirtError_t
infinirt_nv_FuncGetAttributes(struct infinirtFuncAttributes *attr,
                              const void *func) {
  NEED(cuFuncGetAttribute, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  int v[CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE + 1];
  for (int a = 0; a <= CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE;
       a++) {
    CUresult r = infinirt_nv_sym.cuFuncGetAttribute(&v[a], a, f);
    /* The cluster attributes are newer than some devices and drivers. */
    if (r != CUDA_SUCCESS && a < CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET)
      return infinirt_nv_fail(r, "cuFuncGetAttribute");
    if (r != CUDA_SUCCESS)
      v[a] = 0;
  }
  struct infinirtFuncAttributes out = {
      .sharedSizeBytes = (size_t)v[CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES],
      .constSizeBytes = (size_t)v[CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES],
      .localSizeBytes = (size_t)v[CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES],
      .maxThreadsPerBlock = v[CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK],
      .numRegs = v[CU_FUNC_ATTRIBUTE_NUM_REGS],
      .ptxVersion = v[CU_FUNC_ATTRIBUTE_PTX_VERSION],
      .binaryVersion = v[CU_FUNC_ATTRIBUTE_BINARY_VERSION],
      .cacheModeCA = v[CU_FUNC_ATTRIBUTE_CACHE_MODE_CA],
      .maxDynamicSharedSizeBytes =
          v[CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES],
      .preferredShmemCarveout =
          v[CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT],
      .clusterDimMustBeSet = v[CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET],
      .requiredClusterWidth = v[CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH],
      .requiredClusterHeight = v[CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT],
      .requiredClusterDepth = v[CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH],
      .clusterSchedulingPolicyPreference =
          v[CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE],
      .nonPortableClusterSizeAllowed =
          v[CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED],
  };
  *attr = out;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_FuncSetAttribute(const void *func,
                                             enum infinirtFuncAttribute attr,
                                             int value) {
  NEED(cuFuncSetAttribute, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuFuncSetAttribute(f, (CUfunction_attribute)attr, value),
      "cuFuncSetAttribute");
}

infinirtError_t
infinirt_nv_KernelSetAttributeForDevice(infinirtKernel_t kernel,
                                        enum infinirtFuncAttribute attr,
                                        int value, int device) {
  NEED(cuKernelSetAttribute, "CUDA 12.0+");
  const infinirt_nv_kernel *k = (const infinirt_nv_kernel *)kernel;
  return infinirt_nv_check(infinirt_nv_sym.cuKernelSetAttribute(
                               (CUfunction_attribute)attr, value, k->cu,
                               infinirt_nv_devices[device].cu),
                           "cuKernelSetAttribute");
}

infinirtError_t infinirt_nv_FuncSetCacheConfig(const void *func,
                                               enum infinirtFuncCache config) {
  NEED(cuFuncSetCacheConfig, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuFuncSetCacheConfig(f, (CUfunc_cache)config),
      "cuFuncSetCacheConfig");
}

infinirtError_t infinirt_nv_FuncGetName(const char **name, const void *func) {
  const infinirt_nv_kernel *k = func;
  if (k->name) {
    *name = k->name;
    return infinirtSuccess;
  }
  NEED(cuKernelGetName, "CUDA 12.3+");
  const char *n = NULL;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuKernelGetName(&n, k->cu), "cuKernelGetName");
  if (err == infinirtSuccess)
    *name = n;
  return err;
}

infinirtError_t infinirt_nv_FuncGetParamInfo(const void *func,
                                             size_t paramIndex,
                                             size_t *paramOffset,
                                             size_t *paramSize) {
  NEED(cuKernelGetParamInfo, "CUDA 12.4+");
  const infinirt_nv_kernel *k = func;
  size_t off, size;
  CUresult r =
      infinirt_nv_sym.cuKernelGetParamInfo(k->cu, paramIndex, &off, &size);
  if (r == CUDA_ERROR_INVALID_VALUE)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the kernel has no parameter %zu", paramIndex);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuKernelGetParamInfo");
  *paramOffset = off;
  if (paramSize)
    *paramSize = size;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_OccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  NEED(cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  int n = 0;
  err = infinirt_nv_check(
      infinirt_nv_sym.cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
          &n, f, blockSize, dynamicSMemSize, flags),
      "cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags");
  if (err == infinirtSuccess)
    *numBlocks = n;
  return err;
}

infinirtError_t infinirt_nv_OccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize) {
  return infinirt_nv_OccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, func, blockSize, dynamicSMemSize, infinirtOccupancyDefault);
}

infinirtError_t infinirt_nv_OccupancyAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, const void *func, int numBlocks, int blockSize) {
  NEED(cuOccupancyAvailableDynamicSMemPerBlock, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  size_t n = 0;
  err =
      infinirt_nv_check(infinirt_nv_sym.cuOccupancyAvailableDynamicSMemPerBlock(
                            &n, f, numBlocks, blockSize),
                        "cuOccupancyAvailableDynamicSMemPerBlock");
  if (err == infinirtSuccess)
    *dynamicSmemSize = n;
  return err;
}

infinirtError_t
infinirt_nv_FuncSetSharedMemConfig(const void *func,
                                   enum infinirtSharedMemConfig config) {
  NEED(cuFuncSetSharedMemConfig, "deprecated, may be absent");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  /* infinirtSharedMemConfig's values are CUsharedconfig's. */
  return infinirt_nv_check(
      infinirt_nv_sym.cuFuncSetSharedMemConfig(f, (CUsharedconfig)config),
      "cuFuncSetSharedMemConfig");
}

/* The driver's form of an occupancy query's configuration. Only the
 * attributes that shape a cluster are passed: the event attributes would
 * need the driver's event handles and change no occupancy; the stream is
 * left NULL, as it does not either (and the KERNEL route did not check it).
 * Returns false if |config| has more such attributes than |room|. */
static bool occupancy_config(const infinirtLaunchConfig_t *config,
                             CUlaunchAttribute *attrs, unsigned room,
                             CUlaunchConfig *c) {
  unsigned n = 0;
  for (unsigned i = 0; i < config->numAttrs; i++) {
    infinirtLaunchAttributeID id = config->attrs[i].id;
    if (id == infinirtLaunchAttributeProgrammaticEvent ||
        id == infinirtLaunchAttributeLaunchCompletionEvent ||
        id == infinirtLaunchAttributeDeviceUpdatableKernelNode ||
        id == infinirtLaunchAttributeIgnore)
      continue;
    if (n == room)
      return false;
    memcpy(&attrs[n++], &config->attrs[i], sizeof attrs[0]);
  }
  *c = (CUlaunchConfig){
      .gridDimX = config->gridDim.x,
      .gridDimY = config->gridDim.y,
      .gridDimZ = config->gridDim.z,
      .blockDimX = config->blockDim.x,
      .blockDimY = config->blockDim.y,
      .blockDimZ = config->blockDim.z,
      .sharedMemBytes = (unsigned)config->dynamicSmemBytes,
      .hStream = NULL,
      .attrs = n ? attrs : NULL,
      .numAttrs = n,
  };
  return true;
}

#define OCCUPANCY_ATTRS 16

infinirtError_t infinirt_nv_OccupancyMaxPotentialClusterSize(
    int *clusterSize, const void *func,
    const infinirtLaunchConfig_t *launchConfig) {
  NEED(cuOccupancyMaxPotentialClusterSize, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  CUlaunchAttribute attrs[OCCUPANCY_ATTRS];
  CUlaunchConfig c;
  if (!occupancy_config(launchConfig, attrs, OCCUPANCY_ATTRS, &c))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "more than %d launch attributes", OCCUPANCY_ATTRS);
  return infinirt_nv_check(
      infinirt_nv_sym.cuOccupancyMaxPotentialClusterSize(clusterSize, f, &c),
      "cuOccupancyMaxPotentialClusterSize");
}

infinirtError_t infinirt_nv_OccupancyMaxActiveClusters(
    int *numClusters, const void *func,
    const infinirtLaunchConfig_t *launchConfig) {
  NEED(cuOccupancyMaxActiveClusters, "CUDA 12.0+");
  CUfunction f;
  infinirtError_t err = function_of(func, &f);
  if (err != infinirtSuccess)
    return err;
  CUlaunchAttribute attrs[OCCUPANCY_ATTRS];
  CUlaunchConfig c;
  if (!occupancy_config(launchConfig, attrs, OCCUPANCY_ATTRS, &c))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "more than %d launch attributes", OCCUPANCY_ATTRS);
  return infinirt_nv_check(
      infinirt_nv_sym.cuOccupancyMaxActiveClusters(numClusters, f, &c),
      "cuOccupancyMaxActiveClusters");
}
