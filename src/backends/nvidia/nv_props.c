/* infinirt_nv_props.c - GetDeviceProperties, DeviceGetAttribute and the launch
 * limits, all from cuDeviceGetAttribute (whose attribute numbers are
 * infinirtDeviceAttr's). Properties are read once per device and cached:
 * they never change. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nv.h"

typedef struct prop_field {
  unsigned short offset;
  unsigned char size; /* 4: int or unsigned int; 8: size_t */
  unsigned char attr;
} prop_field;

#define F(field, attr)                                                         \
  {                                                                            \
    offsetof(struct infinirtDeviceProp, field),                                \
        sizeof(((struct infinirtDeviceProp *)0)->field), attr                  \
  }
#define A(a) infinirtDevAttr##a

static const prop_field fields[] = {
    F(sharedMemPerBlock, A(MaxSharedMemoryPerBlock)),
    F(regsPerBlock, A(MaxRegistersPerBlock)),
    F(warpSize, A(WarpSize)),
    F(memPitch, A(MaxPitch)),
    F(maxThreadsPerBlock, A(MaxThreadsPerBlock)),
    F(maxThreadsDim[0], A(MaxBlockDimX)),
    F(maxThreadsDim[1], A(MaxBlockDimY)),
    F(maxThreadsDim[2], A(MaxBlockDimZ)),
    F(maxGridSize[0], A(MaxGridDimX)),
    F(maxGridSize[1], A(MaxGridDimY)),
    F(maxGridSize[2], A(MaxGridDimZ)),
    F(totalConstMem, A(TotalConstantMemory)),
    F(major, A(ComputeCapabilityMajor)),
    F(minor, A(ComputeCapabilityMinor)),
    F(textureAlignment, A(TextureAlignment)),
    F(texturePitchAlignment, A(TexturePitchAlignment)),
    F(multiProcessorCount, A(MultiProcessorCount)),
    F(integrated, A(Integrated)),
    F(canMapHostMemory, A(CanMapHostMemory)),
    F(maxTexture1D, A(MaxTexture1DWidth)),
    F(maxTexture1DMipmap, A(MaxTexture1DMipmappedWidth)),
    F(maxTexture2D[0], A(MaxTexture2DWidth)),
    F(maxTexture2D[1], A(MaxTexture2DHeight)),
    F(maxTexture2DMipmap[0], A(MaxTexture2DMipmappedWidth)),
    F(maxTexture2DMipmap[1], A(MaxTexture2DMipmappedHeight)),
    F(maxTexture2DLinear[0], A(MaxTexture2DLinearWidth)),
    F(maxTexture2DLinear[1], A(MaxTexture2DLinearHeight)),
    F(maxTexture2DLinear[2], A(MaxTexture2DLinearPitch)),
    F(maxTexture2DGather[0], A(MaxTexture2DGatherWidth)),
    F(maxTexture2DGather[1], A(MaxTexture2DGatherHeight)),
    F(maxTexture3D[0], A(MaxTexture3DWidth)),
    F(maxTexture3D[1], A(MaxTexture3DHeight)),
    F(maxTexture3D[2], A(MaxTexture3DDepth)),
    F(maxTexture3DAlt[0], A(MaxTexture3DWidthAlt)),
    F(maxTexture3DAlt[1], A(MaxTexture3DHeightAlt)),
    F(maxTexture3DAlt[2], A(MaxTexture3DDepthAlt)),
    F(maxTextureCubemap, A(MaxTextureCubemapWidth)),
    F(maxTexture1DLayered[0], A(MaxTexture1DLayeredWidth)),
    F(maxTexture1DLayered[1], A(MaxTexture1DLayeredLayers)),
    F(maxTexture2DLayered[0], A(MaxTexture2DLayeredWidth)),
    F(maxTexture2DLayered[1], A(MaxTexture2DLayeredHeight)),
    F(maxTexture2DLayered[2], A(MaxTexture2DLayeredLayers)),
    F(maxTextureCubemapLayered[0], A(MaxTextureCubemapLayeredWidth)),
    F(maxTextureCubemapLayered[1], A(MaxTextureCubemapLayeredLayers)),
    F(maxSurface1D, A(MaxSurface1DWidth)),
    F(maxSurface2D[0], A(MaxSurface2DWidth)),
    F(maxSurface2D[1], A(MaxSurface2DHeight)),
    F(maxSurface3D[0], A(MaxSurface3DWidth)),
    F(maxSurface3D[1], A(MaxSurface3DHeight)),
    F(maxSurface3D[2], A(MaxSurface3DDepth)),
    F(maxSurface1DLayered[0], A(MaxSurface1DLayeredWidth)),
    F(maxSurface1DLayered[1], A(MaxSurface1DLayeredLayers)),
    F(maxSurface2DLayered[0], A(MaxSurface2DLayeredWidth)),
    F(maxSurface2DLayered[1], A(MaxSurface2DLayeredHeight)),
    F(maxSurface2DLayered[2], A(MaxSurface2DLayeredLayers)),
    F(maxSurfaceCubemap, A(MaxSurfaceCubemapWidth)),
    F(maxSurfaceCubemapLayered[0], A(MaxSurfaceCubemapLayeredWidth)),
    F(maxSurfaceCubemapLayered[1], A(MaxSurfaceCubemapLayeredLayers)),
    F(surfaceAlignment, A(SurfaceAlignment)),
    F(concurrentKernels, A(ConcurrentKernels)),
    F(ECCEnabled, A(EccEnabled)),
    F(pciBusID, A(PciBusId)),
    F(pciDeviceID, A(PciDeviceId)),
    F(pciDomainID, A(PciDomainId)),
    F(tccDriver, A(TccDriver)),
    F(asyncEngineCount, A(AsyncEngineCount)),
    F(unifiedAddressing, A(UnifiedAddressing)),
    F(memoryBusWidth, A(GlobalMemoryBusWidth)),
    F(l2CacheSize, A(L2CacheSize)),
    F(persistingL2CacheMaxSize, A(MaxPersistingL2CacheSize)),
    F(maxThreadsPerMultiProcessor, A(MaxThreadsPerMultiProcessor)),
    F(streamPrioritiesSupported, A(StreamPrioritiesSupported)),
    F(globalL1CacheSupported, A(GlobalL1CacheSupported)),
    F(localL1CacheSupported, A(LocalL1CacheSupported)),
    F(sharedMemPerMultiprocessor, A(MaxSharedMemoryPerMultiprocessor)),
    F(regsPerMultiprocessor, A(MaxRegistersPerMultiprocessor)),
    F(managedMemory, A(ManagedMemory)),
    F(isMultiGpuBoard, A(IsMultiGpuBoard)),
    F(multiGpuBoardGroupID, A(MultiGpuBoardGroupID)),
    F(hostNativeAtomicSupported, A(HostNativeAtomicSupported)),
    F(pageableMemoryAccess, A(PageableMemoryAccess)),
    F(concurrentManagedAccess, A(ConcurrentManagedAccess)),
    F(computePreemptionSupported, A(ComputePreemptionSupported)),
    F(canUseHostPointerForRegisteredMem, A(CanUseHostPointerForRegisteredMem)),
    F(cooperativeLaunch, A(CooperativeLaunch)),
    F(sharedMemPerBlockOptin, A(MaxSharedMemoryPerBlockOptin)),
    F(pageableMemoryAccessUsesHostPageTables,
      A(PageableMemoryAccessUsesHostPageTables)),
    F(directManagedMemAccessFromHost, A(DirectManagedMemAccessFromHost)),
    F(maxBlocksPerMultiProcessor, A(MaxBlocksPerMultiprocessor)),
    F(accessPolicyMaxWindowSize, A(MaxAccessPolicyWindowSize)),
    F(reservedSharedMemPerBlock, A(ReservedSharedMemoryPerBlock)),
    F(hostRegisterSupported, A(HostRegisterSupported)),
    F(sparseCudaArraySupported, A(SparseCudaArraySupported)),
    F(hostRegisterReadOnlySupported, A(HostRegisterReadOnlySupported)),
    F(timelineSemaphoreInteropSupported, A(TimelineSemaphoreInteropSupported)),
    F(memoryPoolsSupported, A(MemoryPoolsSupported)),
    F(gpuDirectRDMASupported, A(GPUDirectRDMASupported)),
    F(gpuDirectRDMAFlushWritesOptions, A(GPUDirectRDMAFlushWritesOptions)),
    F(gpuDirectRDMAWritesOrdering, A(GPUDirectRDMAWritesOrdering)),
    F(memoryPoolSupportedHandleTypes, A(MemoryPoolSupportedHandleTypes)),
    F(deferredMappingCudaArraySupported, A(DeferredMappingCudaArraySupported)),
    F(ipcEventSupported, A(IpcEventSupport)),
    F(clusterLaunch, A(ClusterLaunch)),
    F(unifiedFunctionPointers, CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS),
    F(deviceNumaConfig, A(NumaConfig)),
    F(deviceNumaId, A(NumaId)),
    F(mpsEnabled, A(MpsEnabled)),
    F(hostNumaId, A(HostNumaId)),
    F(gpuPciDeviceID, A(GpuPciDeviceId)),
    F(gpuPciSubsystemID, A(GpuPciSubsystemId)),
    F(hostNumaMultinodeIpcSupported, A(HostNumaMultinodeIpcSupported)),
};

static inline int attr_or_zero(int attr, CUdevice dev) {
  int v = 0;
  if (infinirt_nv_sym.cuDeviceGetAttribute(&v, attr, dev) != CUDA_SUCCESS)
    v = 0;
  return v;
}

void infinirt_nv_limits_init(infinirt_nv_device *d) {
  infinirt_nv_limits *l = &d->limits;
  l->max_threads = attr_or_zero(A(MaxThreadsPerBlock), d->cu);
  l->max_block[0] = attr_or_zero(A(MaxBlockDimX), d->cu);
  l->max_block[1] = attr_or_zero(A(MaxBlockDimY), d->cu);
  l->max_block[2] = attr_or_zero(A(MaxBlockDimZ), d->cu);
  l->max_grid[0] = attr_or_zero(A(MaxGridDimX), d->cu);
  l->max_grid[1] = attr_or_zero(A(MaxGridDimY), d->cu);
  l->max_grid[2] = attr_or_zero(A(MaxGridDimZ), d->cu);
  l->max_shared_optin = attr_or_zero(A(MaxSharedMemoryPerBlockOptin), d->cu);
}

/* Fills |p| for |d|; a field the driver cannot answer stays 0. */
static infinirtError_t fill(infinirt_nv_device *d,
                            struct infinirtDeviceProp *p) {
  memset(p, 0, sizeof *p);
  CUresult r =
      infinirt_nv_sym.cuDeviceGetName(p->name, (int)sizeof p->name, d->cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceGetName");
  p->name[sizeof p->name - 1] = '\0';
  size_t total = 0;
  r = infinirt_nv_sym.cuDeviceTotalMem(&total, d->cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceTotalMem_v2");
  p->totalGlobalMem = total;
  if (infinirt_nv_sym.cuDeviceGetUuid) {
    CUuuid u;
    if (infinirt_nv_sym.cuDeviceGetUuid(&u, d->cu) == CUDA_SUCCESS)
      memcpy(p->uuid.bytes, u.bytes, sizeof u.bytes);
  }
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    int v = attr_or_zero(fields[i].attr, d->cu);
    char *at = (char *)p + fields[i].offset;
    if (fields[i].size == sizeof(size_t))
      *(size_t *)at = (size_t)(unsigned)v;
    else
      memcpy(at, &v, sizeof v);
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_GetDeviceProperties(struct infinirtDeviceProp *prop,
                                                int device) {
  if (!prop)
    return infinirt_detail(infinirtErrorInvalidValue, "prop is NULL");
  if (device < 0 || device >= infinirt_nv_device_count)
    return infinirt_detail(infinirtErrorInvalidDevice,
                           "device %d does not exist (%d present)", device,
                           infinirt_nv_device_count);
  infinirt_nv_device *d = &infinirt_nv_devices[device];
  struct infinirtDeviceProp *p =
      atomic_load_explicit(&d->props, memory_order_acquire);
  if (!p) {
    struct infinirtDeviceProp *mine = malloc(sizeof *mine);
    if (!mine)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for the properties of device %d",
                             device);
    infinirtError_t err = fill(d, mine);
    if (err != infinirtSuccess) {
      free(mine);
      return err;
    }
    p = NULL;
    if (atomic_compare_exchange_strong_explicit(
            &d->props, &p, mine, memory_order_acq_rel, memory_order_acquire))
      p = mine;
    else
      free(mine); /* another thread won; |p| is its copy */
  }
  *prop = *p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_DeviceGetAttribute(int *value,
                                               enum infinirtDeviceAttr attr,
                                               int device) {
  if (!value)
    return infinirt_detail(infinirtErrorInvalidValue, "value is NULL");
  if (device < 0 || device >= infinirt_nv_device_count)
    return infinirt_detail(infinirtErrorInvalidDevice,
                           "device %d does not exist (%d present)", device,
                           infinirt_nv_device_count);
  int v;
  CUresult r = infinirt_nv_sym.cuDeviceGetAttribute(
      &v, (int)attr, infinirt_nv_devices[device].cu);
  if (__builtin_expect(r != CUDA_SUCCESS, 0)) {
    if (r == CUDA_ERROR_INVALID_VALUE)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "attribute %d is not one the driver knows",
                             (int)attr);
    return infinirt_nv_fail(r, "cuDeviceGetAttribute");
  }
  *value = v;
  return infinirtSuccess;
}
