/*
 * cuda_abi.c - compile-time check that the values and layouts infinirt.h
 * promises to share with CUDA really are CUDA's: every error code, memcpy
 * kind, memory type, device attribute, JIT and library option, flag macro,
 * and the layout of every mirrored struct. Built only where the CUDA toolkit
 * header exists; it includes that header in this test only, never in the
 * library. If it compiles, it passes.
 */
#include <cuda_runtime_api.h>
#include <stddef.h>

#include "infinirt.h"

#define SAME(ours, theirs)                                                     \
  _Static_assert((long long)(ours) == (long long)(theirs),                     \
                 #ours " differs from CUDA's " #theirs);

/* Error codes. */
#define ERR(name, value)                                                       \
  SAME(infinirt##name, cuda##name) SAME(infinirt##name, value)
#include "error_table.h"
#undef ERR

/* Enumerations: the suffix after the prefix, as in CUDA. */
#define ENUM(prefix, name) SAME(infinirt##prefix##name, cuda##prefix##name)
#define MEMCPY_KINDS(X)                                                        \
  X(HostToHost) X(HostToDevice) X(DeviceToHost) X(DeviceToDevice) X(Default)
#define MEMORY_TYPES(X) X(Unregistered) X(Host) X(Device) X(Managed)
// clang-format off
#define DEV_ATTRS(X) \
  X(MaxThreadsPerBlock) \
  X(MaxBlockDimX) \
  X(MaxBlockDimY) \
  X(MaxBlockDimZ) \
  X(MaxGridDimX) \
  X(MaxGridDimY) \
  X(MaxGridDimZ) \
  X(MaxSharedMemoryPerBlock) \
  X(WarpSize) \
  X(MaxPitch) \
  X(MaxRegistersPerBlock) \
  X(ClockRate) \
  X(TextureAlignment) \
  X(GpuOverlap) \
  X(MultiProcessorCount) \
  X(KernelExecTimeout) \
  X(CanMapHostMemory) \
  X(ComputeMode) \
  X(MaxTexture1DWidth) \
  X(MaxTexture2DWidth) \
  X(MaxTexture2DHeight) \
  X(MaxTexture3DWidth) \
  X(MaxTexture3DHeight) \
  X(MaxTexture3DDepth) \
  X(MaxTexture2DLayeredHeight) \
  X(MaxTexture2DLayeredLayers) \
  X(SurfaceAlignment) \
  X(ConcurrentKernels) \
  X(EccEnabled) \
  X(PciBusId) \
  X(PciDeviceId) \
  X(MemoryClockRate) \
  X(GlobalMemoryBusWidth) \
  X(L2CacheSize) \
  X(MaxThreadsPerMultiProcessor) \
  X(AsyncEngineCount) \
  X(UnifiedAddressing) \
  X(MaxTexture1DLayeredWidth) \
  X(MaxTexture2DGatherWidth) \
  X(MaxTexture2DGatherHeight) \
  X(MaxTexture3DWidthAlt) \
  X(MaxTexture3DHeightAlt) \
  X(MaxTexture3DDepthAlt) \
  X(TexturePitchAlignment) \
  X(MaxTextureCubemapWidth) \
  X(MaxTextureCubemapLayeredWidth) \
  X(MaxTextureCubemapLayeredLayers) \
  X(MaxSurface2DWidth) \
  X(MaxSurface2DHeight) \
  X(MaxSurface3DWidth) \
  X(MaxSurface3DHeight) \
  X(MaxSurface3DDepth) \
  X(MaxSurface1DLayeredWidth) \
  X(MaxSurface2DLayeredWidth) \
  X(MaxSurface2DLayeredHeight) \
  X(MaxSurface2DLayeredLayers) \
  X(MaxSurfaceCubemapWidth) \
  X(MaxSurfaceCubemapLayeredLayers) \
  X(MaxTexture1DLinearWidth) \
  X(MaxTexture2DLinearWidth) \
  X(MaxTexture2DLinearHeight) \
  X(MaxTexture2DMipmappedWidth) \
  X(MaxTexture2DMipmappedHeight) \
  X(ComputeCapabilityMajor) \
  X(MaxTexture1DMipmappedWidth) \
  X(StreamPrioritiesSupported) \
  X(GlobalL1CacheSupported) \
  X(LocalL1CacheSupported) \
  X(MaxSharedMemoryPerMultiprocessor) \
  X(ManagedMemory) \
  X(IsMultiGpuBoard) \
  X(MultiGpuBoardGroupID) \
  X(HostNativeAtomicSupported) \
  X(SingleToDoublePrecisionPerfRatio) \
  X(PageableMemoryAccess) \
  X(ConcurrentManagedAccess) \
  X(ComputePreemptionSupported) \
  X(CanUseHostPointerForRegisteredMem) \
  X(Reserved92) \
  X(Reserved93) \
  X(Reserved94) \
  X(CooperativeLaunch) \
  X(Reserved96) \
  X(MaxSharedMemoryPerBlockOptin) \
  X(CanFlushRemoteWrites) \
  X(HostRegisterSupported) \
  X(DirectManagedMemAccessFromHost) \
  X(MaxBlocksPerMultiprocessor) \
  X(MaxPersistingL2CacheSize) \
  X(ReservedSharedMemoryPerBlock) \
  X(SparseCudaArraySupported) \
  X(HostRegisterReadOnlySupported) \
  X(TimelineSemaphoreInteropSupported) \
  X(GPUDirectRDMASupported) \
  X(GPUDirectRDMAFlushWritesOptions) \
  X(MemoryPoolSupportedHandleTypes) \
  X(ClusterLaunch) \
  X(DeferredMappingCudaArraySupported) \
  X(Reserved123) \
  X(Reserved124) \
  X(IpcEventSupport) \
  X(MemSyncDomainCount) \
  X(Reserved128) \
  X(Reserved129) \
  X(NumaConfig) \
  X(Reserved132) \
  X(MpsEnabled) \
  X(D3D12CigSupported) \
  X(VulkanCigSupported) \
  X(GpuPciSubsystemId) \
  X(Reserved141) \
  X(HostNumaMultinodeIpcSupported) \
  X(HostMemoryPoolsSupported) \
  X(Reserved145) \
  X(OnlyPartialHostNativeAtomicSupported)
// clang-format on
// clang-format off
#define JIT_OPTIONS(X) \
  X(MaxRegisters) \
  X(ThreadsPerBlock) \
  X(WallTime) \
  X(InfoLogBuffer) \
  X(InfoLogBufferSizeBytes) \
  X(ErrorLogBuffer) \
  X(ErrorLogBufferSizeBytes) \
  X(OptimizationLevel) \
  X(FallbackStrategy) \
  X(GenerateDebugInfo) \
  X(LogVerbose) \
  X(GenerateLineInfo) \
  X(CacheMode) \
  X(PositionIndependentCode) \
  X(MinCtaPerSm) \
  X(MaxThreadsPerBlock) \
  X(OverrideDirectiveValues)
// clang-format on
#define LIBRARY_OPTIONS(X)                                                     \
  X(HostUniversalFunctionAndDataTable) X(BinaryIsPreserved)
#define MEMCPY(n) ENUM(Memcpy, n)
#define MEMTYPE(n) ENUM(MemoryType, n)
#define ATTR(n) ENUM(DevAttr, n)
#define JIT(n) ENUM(Jit, n)
#define LIBOPT(n) ENUM(Library, n)
MEMCPY_KINDS(MEMCPY)
MEMORY_TYPES(MEMTYPE)
DEV_ATTRS(ATTR)
JIT_OPTIONS(JIT)
LIBRARY_OPTIONS(LIBOPT)

/* Flag macros. */
SAME(infinirtStreamDefault, cudaStreamDefault)
SAME(infinirtStreamNonBlocking, cudaStreamNonBlocking)
/* The stream handles are pointer casts, no integer constant expression:
 * Clang folds one only in an enum initializer (as GCC does), not in
 * _Static_assert. */
enum {
  ours_stream_legacy = (size_t)infinirtStreamLegacy,
  theirs_stream_legacy = (size_t)cudaStreamLegacy,
  ours_stream_per_thread = (size_t)infinirtStreamPerThread,
  theirs_stream_per_thread = (size_t)cudaStreamPerThread,
};
SAME(ours_stream_legacy, theirs_stream_legacy)
SAME(ours_stream_per_thread, theirs_stream_per_thread)
SAME(infinirtEventDefault, cudaEventDefault)
SAME(infinirtEventBlockingSync, cudaEventBlockingSync)
SAME(infinirtEventDisableTiming, cudaEventDisableTiming)
SAME(infinirtEventInterprocess, cudaEventInterprocess)
SAME(infinirtEventWaitDefault, cudaEventWaitDefault)
SAME(infinirtEventWaitExternal, cudaEventWaitExternal)
SAME(infinirtHostAllocDefault, cudaHostAllocDefault)
SAME(infinirtHostAllocPortable, cudaHostAllocPortable)
SAME(infinirtHostAllocMapped, cudaHostAllocMapped)
SAME(infinirtHostAllocWriteCombined, cudaHostAllocWriteCombined)
SAME(infinirtHostRegisterDefault, cudaHostRegisterDefault)
SAME(infinirtHostRegisterPortable, cudaHostRegisterPortable)
SAME(infinirtHostRegisterMapped, cudaHostRegisterMapped)
SAME(infinirtHostRegisterIoMemory, cudaHostRegisterIoMemory)
SAME(infinirtHostRegisterReadOnly, cudaHostRegisterReadOnly)
SAME(infinirtInvalidDeviceId, cudaInvalidDeviceId)

/* Struct layouts: size, and offset and size of every field. */
#define FIELD(ours, theirs, f)                                                 \
  SAME(offsetof(struct ours, f), offsetof(struct theirs, f))                   \
  SAME(sizeof(((struct ours *)0)->f), sizeof(((struct theirs *)0)->f))
#define PROP(f) FIELD(infinirtDeviceProp, cudaDeviceProp, f)
#define PTR(f) FIELD(infinirtPointerAttributes, cudaPointerAttributes, f)
#define DIM(f) FIELD(infinirtDim3, dim3, f)
SAME(sizeof(struct infinirtDeviceProp), sizeof(struct cudaDeviceProp))
SAME(sizeof(struct infinirtPointerAttributes),
     sizeof(struct cudaPointerAttributes))
SAME(sizeof(struct infinirtDim3), sizeof(struct dim3))
SAME(sizeof(struct infinirtUUID_st), sizeof(struct CUuuid_st))
PTR(type)
PTR(device)
PTR(devicePointer)
PTR(hostPointer)
DIM(x)
DIM(y)
DIM(z)
PROP(name)
PROP(uuid)
PROP(luid)
PROP(luidDeviceNodeMask)
PROP(totalGlobalMem)
PROP(sharedMemPerBlock)
PROP(regsPerBlock)
PROP(warpSize)
PROP(memPitch)
PROP(maxThreadsPerBlock)
PROP(maxThreadsDim)
PROP(maxGridSize)
PROP(totalConstMem)
PROP(major)
PROP(minor)
PROP(textureAlignment)
PROP(texturePitchAlignment)
PROP(multiProcessorCount)
PROP(integrated)
PROP(canMapHostMemory)
PROP(maxTexture1D)
PROP(maxTexture1DMipmap)
PROP(maxTexture2D)
PROP(maxTexture2DMipmap)
PROP(maxTexture2DLinear)
PROP(maxTexture2DGather)
PROP(maxTexture3D)
PROP(maxTexture3DAlt)
PROP(maxTextureCubemap)
PROP(maxTexture1DLayered)
PROP(maxTexture2DLayered)
PROP(maxTextureCubemapLayered)
PROP(maxSurface1D)
PROP(maxSurface2D)
PROP(maxSurface3D)
PROP(maxSurface1DLayered)
PROP(maxSurface2DLayered)
PROP(maxSurfaceCubemap)
PROP(maxSurfaceCubemapLayered)
PROP(surfaceAlignment)
PROP(concurrentKernels)
PROP(ECCEnabled)
PROP(pciBusID)
PROP(pciDeviceID)
PROP(pciDomainID)
PROP(tccDriver)
PROP(asyncEngineCount)
PROP(unifiedAddressing)
PROP(memoryBusWidth)
PROP(l2CacheSize)
PROP(persistingL2CacheMaxSize)
PROP(maxThreadsPerMultiProcessor)
PROP(streamPrioritiesSupported)
PROP(globalL1CacheSupported)
PROP(localL1CacheSupported)
PROP(sharedMemPerMultiprocessor)
PROP(regsPerMultiprocessor)
PROP(managedMemory)
PROP(isMultiGpuBoard)
PROP(multiGpuBoardGroupID)
PROP(hostNativeAtomicSupported)
PROP(pageableMemoryAccess)
PROP(concurrentManagedAccess)
PROP(computePreemptionSupported)
PROP(canUseHostPointerForRegisteredMem)
PROP(cooperativeLaunch)
PROP(sharedMemPerBlockOptin)
PROP(pageableMemoryAccessUsesHostPageTables)
PROP(directManagedMemAccessFromHost)
PROP(maxBlocksPerMultiProcessor)
PROP(accessPolicyMaxWindowSize)
PROP(reservedSharedMemPerBlock)
PROP(hostRegisterSupported)
PROP(sparseCudaArraySupported)
PROP(hostRegisterReadOnlySupported)
PROP(timelineSemaphoreInteropSupported)
PROP(memoryPoolsSupported)
PROP(gpuDirectRDMASupported)
PROP(gpuDirectRDMAFlushWritesOptions)
PROP(gpuDirectRDMAWritesOrdering)
PROP(memoryPoolSupportedHandleTypes)
PROP(deferredMappingCudaArraySupported)
PROP(ipcEventSupported)
PROP(clusterLaunch)
PROP(unifiedFunctionPointers)
PROP(deviceNumaConfig)
PROP(deviceNumaId)
PROP(mpsEnabled)
PROP(hostNumaId)
PROP(gpuPciDeviceID)
PROP(gpuPciSubsystemID)
PROP(hostNumaMultinodeIpcSupported)
PROP(reserved)

/* The typedef names the header promises next to each tag. */
_Static_assert(__builtin_types_compatible_p(infinirtMemcpyKind,
                                            enum infinirtMemcpyKind),
               "typedef infinirtMemcpyKind");
_Static_assert(__builtin_types_compatible_p(infinirtDeviceProp,
                                            struct infinirtDeviceProp),
               "typedef infinirtDeviceProp");
_Static_assert(__builtin_types_compatible_p(infinirtError_t,
                                            enum infinirtError),
               "typedef infinirtError_t");

#define ENUM_MEM_LOCATION(n) ENUM(MemLocationType, n)
/* memory locations (shared by pools, prefetch and advice) */
// clang-format off
#define MEM_LOCATION_TYPES(X)                                                  \
  X(Invalid) X(None) X(Device) X(Host) X(HostNuma) X(HostNumaCurrent)
MEM_LOCATION_TYPES(ENUM_MEM_LOCATION)
// clang-format on
SAME(sizeof(struct infinirtMemLocation), sizeof(struct cudaMemLocation))
FIELD(infinirtMemLocation, cudaMemLocation, type)
FIELD(infinirtMemLocation, cudaMemLocation, id)

/* batched copies */
SAME(infinirtMemcpySrcAccessOrderInvalid, cudaMemcpySrcAccessOrderInvalid)
SAME(infinirtMemcpySrcAccessOrderStream, cudaMemcpySrcAccessOrderStream)
SAME(infinirtMemcpySrcAccessOrderDuringApiCall,
     cudaMemcpySrcAccessOrderDuringApiCall)
SAME(infinirtMemcpySrcAccessOrderAny, cudaMemcpySrcAccessOrderAny)
SAME(infinirtMemcpySrcAccessOrderMax, cudaMemcpySrcAccessOrderMax)
SAME(infinirtMemcpyFlagDefault, cudaMemcpyFlagDefault)
SAME(infinirtMemcpyFlagPreferOverlapWithCompute,
     cudaMemcpyFlagPreferOverlapWithCompute)
SAME(sizeof(struct infinirtMemcpyAttributes),
     sizeof(struct cudaMemcpyAttributes))
FIELD(infinirtMemcpyAttributes, cudaMemcpyAttributes, srcAccessOrder)
FIELD(infinirtMemcpyAttributes, cudaMemcpyAttributes, srcLocHint)
FIELD(infinirtMemcpyAttributes, cudaMemcpyAttributes, dstLocHint)
FIELD(infinirtMemcpyAttributes, cudaMemcpyAttributes, flags)

/* managed and mapped memory */
// clang-format off
#define MEM_ADVICES(X)                                                         \
  X(SetReadMostly)                                                             \
  X(UnsetReadMostly)                                                           \
  X(SetPreferredLocation) X(UnsetPreferredLocation) X(SetAccessedBy)           \
      X(UnsetAccessedBy)
#define ENUM_MEM_ADVISE(n) ENUM(MemAdvise, n)
MEM_ADVICES(ENUM_MEM_ADVISE)
// clang-format on
SAME(infinirtMemAttachGlobal, cudaMemAttachGlobal)
SAME(infinirtMemAttachHost, cudaMemAttachHost)
SAME(infinirtMemAttachSingle, cudaMemAttachSingle)
SAME(infinirtCpuDeviceId, cudaCpuDeviceId)
SAME(sizeof(enum infinirtMemoryAdvise), sizeof(enum cudaMemoryAdvise))

/* memory pools */
// clang-format off
#define POOL_ATTRS(X) \
  X(ReuseFollowEventDependencies) \
  X(ReuseAllowOpportunistic) \
  X(ReuseAllowInternalDependencies) \
  X(AttrReleaseThreshold) \
  X(AttrReservedMemCurrent) \
  X(AttrReservedMemHigh) \
  X(AttrUsedMemCurrent) \
  X(AttrUsedMemHigh)
#define ACCESS_FLAGS(X) X(ProtNone) X(ProtRead) X(ProtReadWrite)
#define ALLOCATION_TYPES(X) X(Invalid) X(Pinned) X(Managed) X(Max)
#define HANDLE_TYPES(X) \
  X(None) X(PosixFileDescriptor) X(Win32) X(Win32Kmt) X(Fabric)
#define ENUM_POOL_ATTR(n) ENUM(MemPool, n)
#define ENUM_ACCESS(n) ENUM(MemAccessFlags, n)
#define ENUM_ALLOC_TYPE(n) ENUM(MemAllocationType, n)
#define ENUM_HANDLE_TYPE(n) ENUM(MemHandleType, n)
POOL_ATTRS(ENUM_POOL_ATTR)
ACCESS_FLAGS(ENUM_ACCESS)
ALLOCATION_TYPES(ENUM_ALLOC_TYPE)
HANDLE_TYPES(ENUM_HANDLE_TYPE)
// clang-format on
SAME(infinirtMemPoolCreateUsageHwDecompress, cudaMemPoolCreateUsageHwDecompress)
SAME(sizeof(enum infinirtMemPoolAttr), sizeof(enum cudaMemPoolAttr))
SAME(sizeof(enum infinirtMemAccessFlags), sizeof(enum cudaMemAccessFlags))
SAME(sizeof(enum infinirtMemAllocationType), sizeof(enum cudaMemAllocationType))
SAME(sizeof(enum infinirtMemAllocationHandleType),
     sizeof(enum cudaMemAllocationHandleType))
SAME(sizeof(infinirtMemPool_t), sizeof(cudaMemPool_t))
SAME(sizeof(struct infinirtMemAccessDesc), sizeof(struct cudaMemAccessDesc))
FIELD(infinirtMemAccessDesc, cudaMemAccessDesc, location)
FIELD(infinirtMemAccessDesc, cudaMemAccessDesc, flags)
#define POOL_PROPS(f) FIELD(infinirtMemPoolProps, cudaMemPoolProps, f)
SAME(sizeof(struct infinirtMemPoolProps), sizeof(struct cudaMemPoolProps))
POOL_PROPS(allocType)
POOL_PROPS(handleTypes)
POOL_PROPS(location)
POOL_PROPS(win32SecurityAttributes)
POOL_PROPS(maxSize)
POOL_PROPS(usage)
POOL_PROPS(reserved)

/* 2D and 3D memory */
_Static_assert(__builtin_types_compatible_p(infinirtArray_t,
                                            struct infinirtArray *),
               "infinirtArray_t is an opaque pointer");
SAME(sizeof(infinirtArray_t), sizeof(cudaArray_t))
#define TYPEDEF(name)                                                          \
  _Static_assert(__builtin_types_compatible_p(name, struct name),              \
                 "typedef " #name);
TYPEDEF(infinirtPitchedPtr)
TYPEDEF(infinirtExtent)
TYPEDEF(infinirtPos)
TYPEDEF(infinirtMemcpy3DParms)
TYPEDEF(infinirtMemcpy3DPeerParms)
#define PITCHED(f) FIELD(infinirtPitchedPtr, cudaPitchedPtr, f)
SAME(sizeof(struct infinirtPitchedPtr), sizeof(struct cudaPitchedPtr))
PITCHED(ptr)
PITCHED(pitch)
PITCHED(xsize)
PITCHED(ysize)
#define EXTENT(f) FIELD(infinirtExtent, cudaExtent, f)
SAME(sizeof(struct infinirtExtent), sizeof(struct cudaExtent))
EXTENT(width)
EXTENT(height)
EXTENT(depth)
#define POS(f) FIELD(infinirtPos, cudaPos, f)
SAME(sizeof(struct infinirtPos), sizeof(struct cudaPos))
POS(x)
POS(y)
POS(z)
#define COPY3D(f) FIELD(infinirtMemcpy3DParms, cudaMemcpy3DParms, f)
SAME(sizeof(struct infinirtMemcpy3DParms), sizeof(struct cudaMemcpy3DParms))
COPY3D(srcArray)
COPY3D(srcPos)
COPY3D(srcPtr)
COPY3D(dstArray)
COPY3D(dstPos)
COPY3D(dstPtr)
COPY3D(extent)
COPY3D(kind)
#define PEER3D(f) FIELD(infinirtMemcpy3DPeerParms, cudaMemcpy3DPeerParms, f)
SAME(sizeof(struct infinirtMemcpy3DPeerParms),
     sizeof(struct cudaMemcpy3DPeerParms))
PEER3D(srcArray)
PEER3D(srcPos)
PEER3D(srcPtr)
PEER3D(srcDevice)
PEER3D(dstArray)
PEER3D(dstPos)
PEER3D(dstPtr)
PEER3D(dstDevice)
PEER3D(extent)

/* peer access */
// clang-format off
#define P2P_ATTRS(X)                                                           \
  X(PerformanceRank)                                                           \
  X(AccessSupported)                                                           \
  X(NativeAtomicSupported) X(CudaArrayAccessSupported)                         \
      X(OnlyPartialNativeAtomicSupported)
#define ENUM_P2P(n) ENUM(DevP2PAttr, n)
P2P_ATTRS(ENUM_P2P)
// clang-format on
SAME(infinirtPeerAccessDefault, cudaPeerAccessDefault)
SAME(sizeof(enum infinirtDeviceP2PAttr), sizeof(enum cudaDeviceP2PAttr))

/* device settings */
// clang-format off
#define LIMITS(X)                                                              \
  X(StackSize)                                                                 \
  X(PrintfFifoSize)                                                            \
  X(MallocHeapSize) X(DevRuntimeSyncDepth) X(DevRuntimePendingLaunchCount)     \
      X(MaxL2FetchGranularity) X(PersistingL2CacheSize)
#define ENUM_LIMIT(n) ENUM(Limit, n)
LIMITS(ENUM_LIMIT)
#define FUNC_CACHES(X) X(PreferNone) X(PreferShared) X(PreferL1) X(PreferEqual)
#define ENUM_FUNC_CACHE(n) ENUM(FuncCache, n)
FUNC_CACHES(ENUM_FUNC_CACHE)
// clang-format on
SAME(infinirtInitDeviceFlagsAreValid, cudaInitDeviceFlagsAreValid)
SAME(infinirtSharedMemBankSizeDefault, cudaSharedMemBankSizeDefault)
SAME(infinirtSharedMemBankSizeFourByte, cudaSharedMemBankSizeFourByte)
SAME(infinirtSharedMemBankSizeEightByte, cudaSharedMemBankSizeEightByte)
SAME(infinirtFlushGPUDirectRDMAWritesTargetCurrentDevice,
     cudaFlushGPUDirectRDMAWritesTargetCurrentDevice)
SAME(infinirtFlushGPUDirectRDMAWritesToOwner,
     cudaFlushGPUDirectRDMAWritesToOwner)
SAME(infinirtFlushGPUDirectRDMAWritesToAllDevices,
     cudaFlushGPUDirectRDMAWritesToAllDevices)
SAME(sizeof(enum infinirtLimit), sizeof(enum cudaLimit))
SAME(sizeof(enum infinirtFuncCache), sizeof(enum cudaFuncCache))

/* interprocess communication */
SAME(INFINIRT_IPC_HANDLE_SIZE, CUDA_IPC_HANDLE_SIZE)
SAME(infinirtIpcMemLazyEnablePeerAccess, cudaIpcMemLazyEnablePeerAccess)
SAME(sizeof(struct infinirtIpcEventHandle_st),
     sizeof(struct cudaIpcEventHandle_st))
FIELD(infinirtIpcEventHandle_st, cudaIpcEventHandle_st, reserved)
SAME(sizeof(struct infinirtIpcMemHandle_st), sizeof(struct cudaIpcMemHandle_st))
FIELD(infinirtIpcMemHandle_st, cudaIpcMemHandle_st, reserved)
_Static_assert(__builtin_types_compatible_p(infinirtIpcEventHandle_t,
                                            struct infinirtIpcEventHandle_st),
               "typedef infinirtIpcEventHandle_t");
_Static_assert(__builtin_types_compatible_p(infinirtIpcMemHandle_t,
                                            struct infinirtIpcMemHandle_st),
               "typedef infinirtIpcMemHandle_t");

/* kernel attributes, occupancy, launch forms, symbols */
// clang-format off
#define FUNC_ATTRS(X) \
  X(MaxDynamicSharedMemorySize) \
  X(PreferredSharedMemoryCarveout) \
  X(ClusterDimMustBeSet) \
  X(RequiredClusterWidth) \
  X(RequiredClusterHeight) \
  X(RequiredClusterDepth) \
  X(NonPortableClusterSizeAllowed) \
  X(ClusterSchedulingPolicyPreference) \
  X(Max)
#define LAUNCH_ATTRS(X) \
  X(Ignore) \
  X(AccessPolicyWindow) \
  X(Cooperative) \
  X(SynchronizationPolicy) \
  X(ClusterDimension) \
  X(ClusterSchedulingPolicyPreference) \
  X(ProgrammaticStreamSerialization) \
  X(ProgrammaticEvent) \
  X(Priority) \
  X(MemSyncDomainMap) \
  X(MemSyncDomain) \
  X(PreferredClusterDimension) \
  X(LaunchCompletionEvent) \
  X(DeviceUpdatableKernelNode) \
  X(PreferredSharedMemoryCarveout) \
  X(NvlinkUtilCentricScheduling)
#define FUNC_ATTR(n) ENUM(FuncAttribute, n)
#define CARVEOUT(n) ENUM(SharedmemCarveout, n)
#define ACCESS(n) ENUM(AccessProperty, n)
#define SYNC(n) ENUM(SyncPolicy, n)
#define CLUSTER(n) ENUM(ClusterSchedulingPolicy, n)
#define MEMSYNC(n) ENUM(LaunchMemSyncDomain, n)
#define LAUNCH_ATTR(n) ENUM(LaunchAttribute, n)
FUNC_ATTRS(FUNC_ATTR)
LAUNCH_ATTRS(LAUNCH_ATTR)
CARVEOUT(Default)
CARVEOUT(MaxShared)
CARVEOUT(MaxL1)
ACCESS(Normal)
ACCESS(Streaming)
ACCESS(Persisting)
SYNC(Auto)
SYNC(Spin)
SYNC(Yield)
SYNC(BlockingSync)
CLUSTER(Default)
CLUSTER(Spread)
CLUSTER(LoadBalancing)
MEMSYNC(Default)
MEMSYNC(Remote)
SAME(infinirtOccupancyDefault, cudaOccupancyDefault)
SAME(infinirtOccupancyDisableCachingOverride,
     cudaOccupancyDisableCachingOverride)
SAME(sizeof(enum infinirtFuncAttribute), sizeof(enum cudaFuncAttribute))
SAME(sizeof(infinirtLaunchAttributeID), sizeof(cudaLaunchAttributeID))

#define FA(f) FIELD(infinirtFuncAttributes, cudaFuncAttributes, f)
SAME(sizeof(struct infinirtFuncAttributes), sizeof(struct cudaFuncAttributes))
FA(sharedSizeBytes)
FA(constSizeBytes)
FA(localSizeBytes)
FA(maxThreadsPerBlock)
FA(numRegs)
FA(ptxVersion)
FA(binaryVersion)
FA(cacheModeCA)
FA(maxDynamicSharedSizeBytes)
FA(preferredShmemCarveout)
FA(clusterDimMustBeSet)
FA(requiredClusterWidth)
FA(requiredClusterHeight)
FA(requiredClusterDepth)
FA(clusterSchedulingPolicyPreference)
FA(nonPortableClusterSizeAllowed)
FA(reserved)
#define APW(f) FIELD(infinirtAccessPolicyWindow, cudaAccessPolicyWindow, f)
SAME(sizeof(struct infinirtAccessPolicyWindow),
     sizeof(struct cudaAccessPolicyWindow))
APW(base_ptr)
APW(num_bytes)
APW(hitRatio)
APW(hitProp)
APW(missProp)
/* The typedef-only tags: the same check on the typedef names. */
#define TFIELD(ours, theirs, f) \
  SAME(offsetof(ours, f), offsetof(theirs, f)) \
  SAME(sizeof(((ours *)0)->f), sizeof(((theirs *)0)->f))
#define MAP(f) \
  TFIELD(infinirtLaunchMemSyncDomainMap, cudaLaunchMemSyncDomainMap, f)
SAME(sizeof(infinirtLaunchMemSyncDomainMap),
     sizeof(cudaLaunchMemSyncDomainMap))
MAP(default_)
MAP(remote)
#define LAV(f) \
  TFIELD(infinirtLaunchAttributeValue, cudaLaunchAttributeValue, f)
SAME(sizeof(infinirtLaunchAttributeValue), sizeof(cudaLaunchAttributeValue))
LAV(pad)
LAV(accessPolicyWindow)
LAV(cooperative)
LAV(syncPolicy)
LAV(clusterDim)
LAV(clusterDim.x)
LAV(clusterDim.y)
LAV(clusterDim.z)
LAV(clusterSchedulingPolicyPreference)
LAV(programmaticStreamSerializationAllowed)
LAV(programmaticEvent)
LAV(programmaticEvent.event)
LAV(programmaticEvent.flags)
LAV(programmaticEvent.triggerAtBlockStart)
LAV(priority)
LAV(memSyncDomainMap)
LAV(memSyncDomain)
LAV(preferredClusterDim)
LAV(preferredClusterDim.x)
LAV(preferredClusterDim.y)
LAV(preferredClusterDim.z)
LAV(launchCompletionEvent)
LAV(launchCompletionEvent.event)
LAV(launchCompletionEvent.flags)
LAV(deviceUpdatableKernelNode)
LAV(deviceUpdatableKernelNode.deviceUpdatable)
LAV(deviceUpdatableKernelNode.devNode)
LAV(sharedMemCarveout)
LAV(nvlinkUtilCentricScheduling)
#define LA(f) TFIELD(infinirtLaunchAttribute, cudaLaunchAttribute, f)
SAME(sizeof(infinirtLaunchAttribute), sizeof(cudaLaunchAttribute))
LA(id)
LA(pad)
LA(val)
#define LC(f) TFIELD(infinirtLaunchConfig_t, cudaLaunchConfig_t, f)
SAME(sizeof(infinirtLaunchConfig_t), sizeof(cudaLaunchConfig_t))
LC(gridDim)
LC(blockDim)
LC(dynamicSmemBytes)
LC(stream)
LC(attrs)
LC(numAttrs)
/* stream attributes: the same launch attributes under CUDA's stream names */
SAME(infinirtStreamAttributeAccessPolicyWindow,
     cudaStreamAttributeAccessPolicyWindow)
SAME(infinirtStreamAttributeSynchronizationPolicy,
     cudaStreamAttributeSynchronizationPolicy)
SAME(infinirtStreamAttributeMemSyncDomainMap,
     cudaStreamAttributeMemSyncDomainMap)
SAME(infinirtStreamAttributeMemSyncDomain, cudaStreamAttributeMemSyncDomain)
SAME(infinirtStreamAttributePriority, cudaStreamAttributePriority)
SAME(sizeof(infinirtStreamAttrID), sizeof(cudaStreamAttrID))
SAME(sizeof(infinirtStreamAttrValue), sizeof(cudaStreamAttrValue))
SAME(offsetof(infinirtStreamAttrValue, accessPolicyWindow),
     offsetof(cudaStreamAttrValue, accessPolicyWindow))
SAME(offsetof(infinirtStreamAttrValue, syncPolicy),
     offsetof(cudaStreamAttrValue, syncPolicy))
SAME(offsetof(infinirtStreamAttrValue, priority),
     offsetof(cudaStreamAttrValue, priority))
SAME(offsetof(infinirtStreamAttrValue, memSyncDomainMap),
     offsetof(cudaStreamAttrValue, memSyncDomainMap))
SAME(offsetof(infinirtStreamAttrValue, memSyncDomain),
     offsetof(cudaStreamAttrValue, memSyncDomain))
// clang-format on
_Static_assert(__builtin_types_compatible_p(infinirtFuncAttributes,
                                            struct infinirtFuncAttributes),
               "typedef infinirtFuncAttributes");
_Static_assert(__builtin_types_compatible_p(infinirtLaunchAttribute,
                                            struct infinirtLaunchAttribute_st),
               "typedef infinirtLaunchAttribute");
_Static_assert(__builtin_types_compatible_p(infinirtLaunchConfig_t,
                                            struct infinirtLaunchConfig_st),
               "typedef infinirtLaunchConfig_t");

/* stream capture and graphs (infinirt_graph.h) */
// clang-format off
#define CAPTURE_STATUSES(X) X(None) X(Active) X(Invalidated)
#define CAPTURE_MODES(X) X(Global) X(ThreadLocal) X(Relaxed)
#define NODE_TYPES(X) \
  X(Kernel) X(Memcpy) X(Memset) X(Host) X(Graph) X(Empty) X(WaitEvent) \
  X(EventRecord) X(ExtSemaphoreSignal) X(ExtSemaphoreWait) X(MemAlloc) \
  X(MemFree) X(Conditional) X(Count)
#define EXEC_UPDATE_RESULTS(X) \
  X(Success) X(Error) X(ErrorTopologyChanged) X(ErrorNodeTypeChanged) \
  X(ErrorFunctionChanged) X(ErrorParametersChanged) X(ErrorNotSupported) \
  X(ErrorUnsupportedFunctionChange) X(ErrorAttributesChanged)
#define INSTANTIATE_RESULTS(X) \
  X(Success) X(Error) X(InvalidStructure) X(NodeOperationNotSupported) \
  X(MultipleDevicesNotSupported) X(ConditionalHandleUnused)
#define INSTANTIATE_FLAGS(X) \
  X(AutoFreeOnLaunch) X(Upload) X(DeviceLaunch) X(UseNodePriority)
#define DOT_FLAGS(X) \
  X(Verbose) X(KernelNodeParams) X(MemcpyNodeParams) X(MemsetNodeParams) \
  X(HostNodeParams) X(EventNodeParams) X(ExtSemasSignalNodeParams) \
  X(ExtSemasWaitNodeParams) X(KernelNodeAttributes) X(Handles) \
  X(ConditionalNodeParams)
#define GRAPH_MEM_ATTRS(X) \
  X(UsedMemCurrent) X(UsedMemHigh) X(ReservedMemCurrent) X(ReservedMemHigh)
#define ENUM_CAPTURE_STATUS(n) ENUM(StreamCaptureStatus, n)
#define ENUM_CAPTURE_MODE(n) ENUM(StreamCaptureMode, n)
#define ENUM_NODE_TYPE(n) ENUM(GraphNodeType, n)
#define ENUM_EXEC_UPDATE(n) ENUM(GraphExecUpdate, n)
#define ENUM_INSTANTIATE(n) ENUM(GraphInstantiate, n)
#define ENUM_INSTANTIATE_FLAG(n) ENUM(GraphInstantiateFlag, n)
#define ENUM_DOT_FLAG(n) ENUM(GraphDebugDotFlags, n)
#define ENUM_GRAPH_MEM_ATTR(n) ENUM(GraphMemAttr, n)
CAPTURE_STATUSES(ENUM_CAPTURE_STATUS)
CAPTURE_MODES(ENUM_CAPTURE_MODE)
NODE_TYPES(ENUM_NODE_TYPE)
EXEC_UPDATE_RESULTS(ENUM_EXEC_UPDATE)
INSTANTIATE_RESULTS(ENUM_INSTANTIATE)
INSTANTIATE_FLAGS(ENUM_INSTANTIATE_FLAG)
DOT_FLAGS(ENUM_DOT_FLAG)
GRAPH_MEM_ATTRS(ENUM_GRAPH_MEM_ATTR)
SAME(infinirtStreamAddCaptureDependencies, cudaStreamAddCaptureDependencies)
SAME(infinirtStreamSetCaptureDependencies, cudaStreamSetCaptureDependencies)
SAME(infinirtGraphChildGraphOwnershipClone, cudaGraphChildGraphOwnershipClone)
SAME(infinirtGraphChildGraphOwnershipMove, cudaGraphChildGraphOwnershipMove)
SAME(infinirtGraphDependencyTypeDefault, cudaGraphDependencyTypeDefault)
SAME(infinirtGraphDependencyTypeProgrammatic,
     cudaGraphDependencyTypeProgrammatic)
SAME(infinirtGraphKernelNodePortDefault, cudaGraphKernelNodePortDefault)
SAME(infinirtGraphKernelNodePortProgrammatic,
     cudaGraphKernelNodePortProgrammatic)
SAME(infinirtGraphKernelNodePortLaunchCompletion,
     cudaGraphKernelNodePortLaunchCompletion)
SAME(sizeof(enum infinirtStreamCaptureStatus),
     sizeof(enum cudaStreamCaptureStatus))
SAME(sizeof(enum infinirtStreamCaptureMode), sizeof(enum cudaStreamCaptureMode))
SAME(sizeof(enum infinirtGraphNodeType), sizeof(enum cudaGraphNodeType))
SAME(sizeof(enum infinirtGraphExecUpdateResult),
     sizeof(enum cudaGraphExecUpdateResult))
SAME(sizeof(infinirtGraphInstantiateResult),
     sizeof(cudaGraphInstantiateResult))
SAME(sizeof(enum infinirtGraphMemAttributeType),
     sizeof(enum cudaGraphMemAttributeType))
SAME(sizeof(infinirtGraph_t), sizeof(cudaGraph_t))
SAME(sizeof(infinirtGraphNode_t), sizeof(cudaGraphNode_t))
SAME(sizeof(infinirtGraphExec_t), sizeof(cudaGraphExec_t))
SAME(sizeof(infinirtHostFn_t), sizeof(cudaHostFn_t))
#define KNP(f) FIELD(infinirtKernelNodeParams, cudaKernelNodeParams, f)
#define KNP2(f) FIELD(infinirtKernelNodeParamsV2, cudaKernelNodeParamsV2, f)
SAME(sizeof(struct infinirtKernelNodeParams), sizeof(struct cudaKernelNodeParams))
SAME(sizeof(struct infinirtKernelNodeParamsV2),
     sizeof(struct cudaKernelNodeParamsV2))
KNP(func) KNP(gridDim) KNP(blockDim) KNP(sharedMemBytes) KNP(kernelParams)
KNP(extra)
KNP2(func) KNP2(gridDim) KNP2(blockDim) KNP2(sharedMemBytes)
KNP2(kernelParams) KNP2(extra)
#define MSP(f) FIELD(infinirtMemsetParams, cudaMemsetParams, f)
#define MSP2(f) FIELD(infinirtMemsetParamsV2, cudaMemsetParamsV2, f)
SAME(sizeof(struct infinirtMemsetParams), sizeof(struct cudaMemsetParams))
SAME(sizeof(struct infinirtMemsetParamsV2), sizeof(struct cudaMemsetParamsV2))
MSP(dst) MSP(pitch) MSP(value) MSP(elementSize) MSP(width) MSP(height)
MSP2(dst) MSP2(pitch) MSP2(value) MSP2(elementSize) MSP2(width) MSP2(height)
SAME(sizeof(struct infinirtHostNodeParams), sizeof(struct cudaHostNodeParams))
SAME(sizeof(struct infinirtHostNodeParamsV2),
     sizeof(struct cudaHostNodeParamsV2))
FIELD(infinirtHostNodeParams, cudaHostNodeParams, fn)
FIELD(infinirtHostNodeParams, cudaHostNodeParams, userData)
FIELD(infinirtHostNodeParamsV2, cudaHostNodeParamsV2, fn)
FIELD(infinirtHostNodeParamsV2, cudaHostNodeParamsV2, userData)
SAME(sizeof(struct infinirtMemcpyNodeParams), sizeof(struct cudaMemcpyNodeParams))
FIELD(infinirtMemcpyNodeParams, cudaMemcpyNodeParams, flags)
FIELD(infinirtMemcpyNodeParams, cudaMemcpyNodeParams, reserved)
FIELD(infinirtMemcpyNodeParams, cudaMemcpyNodeParams, copyParams)
SAME(sizeof(struct infinirtChildGraphNodeParams),
     sizeof(struct cudaChildGraphNodeParams))
FIELD(infinirtChildGraphNodeParams, cudaChildGraphNodeParams, graph)
FIELD(infinirtChildGraphNodeParams, cudaChildGraphNodeParams, ownership)
SAME(sizeof(struct infinirtEventRecordNodeParams),
     sizeof(struct cudaEventRecordNodeParams))
FIELD(infinirtEventRecordNodeParams, cudaEventRecordNodeParams, event)
SAME(sizeof(struct infinirtEventWaitNodeParams),
     sizeof(struct cudaEventWaitNodeParams))
FIELD(infinirtEventWaitNodeParams, cudaEventWaitNodeParams, event)
#define MANP(f) FIELD(infinirtMemAllocNodeParams, cudaMemAllocNodeParams, f)
#define MANP2(f) FIELD(infinirtMemAllocNodeParamsV2, cudaMemAllocNodeParamsV2, f)
SAME(sizeof(struct infinirtMemAllocNodeParams),
     sizeof(struct cudaMemAllocNodeParams))
SAME(sizeof(struct infinirtMemAllocNodeParamsV2),
     sizeof(struct cudaMemAllocNodeParamsV2))
MANP(poolProps) MANP(accessDescs) MANP(accessDescCount) MANP(bytesize)
MANP(dptr)
MANP2(poolProps) MANP2(accessDescs) MANP2(accessDescCount) MANP2(bytesize)
MANP2(dptr)
SAME(sizeof(struct infinirtMemFreeNodeParams),
     sizeof(struct cudaMemFreeNodeParams))
FIELD(infinirtMemFreeNodeParams, cudaMemFreeNodeParams, dptr)
#define GNP(f) FIELD(infinirtGraphNodeParams, cudaGraphNodeParams, f)
SAME(sizeof(struct infinirtGraphNodeParams), sizeof(struct cudaGraphNodeParams))
GNP(type) GNP(reserved0) GNP(reserved1) GNP(kernel) GNP(memcpy) GNP(memset)
GNP(host) GNP(graph) GNP(eventWait) GNP(eventRecord) GNP(alloc) GNP(free)
GNP(reserved2)
#define EDGE(f) TFIELD(infinirtGraphEdgeData, cudaGraphEdgeData, f)
SAME(sizeof(infinirtGraphEdgeData), sizeof(cudaGraphEdgeData))
EDGE(from_port) EDGE(to_port) EDGE(type) EDGE(reserved)
#define GIP(f) \
  TFIELD(infinirtGraphInstantiateParams, cudaGraphInstantiateParams, f)
SAME(sizeof(infinirtGraphInstantiateParams), sizeof(cudaGraphInstantiateParams))
GIP(flags) GIP(uploadStream) GIP(errNode_out) GIP(result_out)
#define GEU(f) \
  TFIELD(infinirtGraphExecUpdateResultInfo, cudaGraphExecUpdateResultInfo, f)
SAME(sizeof(infinirtGraphExecUpdateResultInfo),
     sizeof(cudaGraphExecUpdateResultInfo))
GEU(result) GEU(errorNode) GEU(errorFromNode)
    // clang-format on
    _Static_assert(__builtin_types_compatible_p(
                       infinirtGraphEdgeData, struct infinirtGraphEdgeData_st),
                   "typedef infinirtGraphEdgeData");
_Static_assert(
    __builtin_types_compatible_p(infinirtGraphInstantiateParams,
                                 struct infinirtGraphInstantiateParams_st),
    "typedef infinirtGraphInstantiateParams");
_Static_assert(
    __builtin_types_compatible_p(infinirtGraphExecUpdateResultInfo,
                                 struct infinirtGraphExecUpdateResultInfo_st),
    "typedef infinirtGraphExecUpdateResultInfo");
_Static_assert(
    __builtin_types_compatible_p(infinirtGraphDependencyType,
                                 enum infinirtGraphDependencyType_enum),
    "typedef infinirtGraphDependencyType");

/* profiler */

int main(void) {
  return 0;
}
