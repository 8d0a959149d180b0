/*
 * infinirt.h - the InfiniRT runtime API.
 *
 * Every function declared in the "mirrored API" sections has the signature and
 * the documented semantics of the CUDA Runtime API function of the same name
 * with "cuda" renamed to "infinirt". Code written for CUDA ports by renaming.
 *
 * Calls act on the calling thread's current device: a device *type* (CPU,
 * NVIDIA, ...; see infinirt_ext.h) and an ordinal within that type, which
 * infinirtSetDevice() selects exactly as cudaSetDevice() does. Handles
 * (streams, events) remember the backend that created them, and calls on a
 * handle go to that backend whatever the current type is.
 *
 * Errors: every function returns an infinirtError_t. A failing call records
 * its code as the thread's last error (see infinirtGetLastError) except
 * infinirtErrorNotReady, which is a status, not an error. A call that fails
 * on bad input changes nothing. infinirtExtGetLastErrorDetail() gives a
 * sentence saying what failed, on which object, and the native code.
 *
 * Host functions (infinirtLaunchHostFunc) must not call functions that wait
 * for stream work, enqueue it or query it (the CUDA driver refuses queries
 * there too). Those functions return infinirtErrorNotPermitted when called
 * from a host function and change nothing; docs/api-coverage.md lists them,
 * from the API table (src/core/api.def, the rows with NO_HOST_FN).
 *
 * Thread safety: every function may be called from any thread at any time.
 * Destroying a handle while another thread is still passing it to a call is a
 * race in the caller, as in CUDA.
 */
#ifndef INFINIRT_H_
#define INFINIRT_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define INFINIRT_API
#elif defined(__GNUC__)
#define INFINIRT_API __attribute__((visibility("default")))
#else
#define INFINIRT_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */
/* ------------------------------------------------------------------------ */

#define INFINIRT_VERSION_MAJOR 0
#define INFINIRT_VERSION_MINOR 1
#define INFINIRT_VERSION_PATCH 0
/* One number, as CUDART_VERSION: major * 1000 + minor * 10 + patch. It is what
 * infinirtRuntimeGetVersion() reports. */
#define INFINIRT_VERSION                                                       \
  (INFINIRT_VERSION_MAJOR * 1000 + INFINIRT_VERSION_MINOR * 10 +               \
   INFINIRT_VERSION_PATCH)

/* The CUDA runtime API level this header mirrors, on CUDART_VERSION's scale
 * (major * 1000 + minor * 10): a port's `#if CUDART_VERSION >= ...`, renamed
 * by the porting rule (CUDA -> INFINIRT in uppercase names), takes the
 * branches written for CUDA 13. infinirtRuntimeGetVersion returns it; the
 * library's own release is INFINIRT_VERSION (infinirtExtGetVersion). */
#define INFINIRTRT_VERSION 13000

/* CUDART_CB's twin: the calling convention of callbacks (none on Linux). */
#define INFINIRTRT_CB

/* The compute capability a CPU device reports: nominal, so that ported code
 * gating on `major >= N` (as most samples do, for N up to 8) treats it as a
 * device. It promises no GPU feature: what the CPU backend cannot do
 * answers infinirtErrorNotSupported. */
#define INFINIRT_CPU_COMPUTE_MAJOR 8
#define INFINIRT_CPU_COMPUTE_MINOR 0

/* ------------------------------------------------------------------------ */
/* Types (tags and values as in CUDA 13)                                     */
/* ------------------------------------------------------------------------ */

/* Error codes; values equal CUDA's. */
enum infinirtError {
  infinirtSuccess = 0,
  infinirtErrorInvalidValue = 1,
  infinirtErrorMemoryAllocation = 2,
  infinirtErrorInitializationError = 3,
  infinirtErrorCudartUnloading = 4,
  infinirtErrorProfilerDisabled = 5,
  infinirtErrorProfilerNotInitialized = 6,
  infinirtErrorProfilerAlreadyStarted = 7,
  infinirtErrorProfilerAlreadyStopped = 8,
  infinirtErrorInvalidConfiguration = 9,
  infinirtErrorInvalidPitchValue = 12,
  infinirtErrorInvalidSymbol = 13,
  infinirtErrorInvalidHostPointer = 16,
  infinirtErrorInvalidDevicePointer = 17,
  infinirtErrorInvalidTexture = 18,
  infinirtErrorInvalidTextureBinding = 19,
  infinirtErrorInvalidChannelDescriptor = 20,
  infinirtErrorInvalidMemcpyDirection = 21,
  infinirtErrorAddressOfConstant = 22,
  infinirtErrorTextureFetchFailed = 23,
  infinirtErrorTextureNotBound = 24,
  infinirtErrorSynchronizationError = 25,
  infinirtErrorInvalidFilterSetting = 26,
  infinirtErrorInvalidNormSetting = 27,
  infinirtErrorMixedDeviceExecution = 28,
  infinirtErrorNotYetImplemented = 31,
  infinirtErrorMemoryValueTooLarge = 32,
  infinirtErrorStubLibrary = 34,
  infinirtErrorInsufficientDriver = 35,
  infinirtErrorCallRequiresNewerDriver = 36,
  infinirtErrorInvalidSurface = 37,
  infinirtErrorDuplicateVariableName = 43,
  infinirtErrorDuplicateTextureName = 44,
  infinirtErrorDuplicateSurfaceName = 45,
  infinirtErrorDevicesUnavailable = 46,
  infinirtErrorIncompatibleDriverContext = 49,
  infinirtErrorMissingConfiguration = 52,
  infinirtErrorPriorLaunchFailure = 53,
  infinirtErrorLaunchMaxDepthExceeded = 65,
  infinirtErrorLaunchFileScopedTex = 66,
  infinirtErrorLaunchFileScopedSurf = 67,
  infinirtErrorSyncDepthExceeded = 68,
  infinirtErrorLaunchPendingCountExceeded = 69,
  infinirtErrorInvalidDeviceFunction = 98,
  infinirtErrorNoDevice = 100,
  infinirtErrorInvalidDevice = 101,
  infinirtErrorDeviceNotLicensed = 102,
  infinirtErrorSoftwareValidityNotEstablished = 103,
  infinirtErrorStartupFailure = 127,
  infinirtErrorInvalidKernelImage = 200,
  infinirtErrorDeviceUninitialized = 201,
  infinirtErrorMapBufferObjectFailed = 205,
  infinirtErrorUnmapBufferObjectFailed = 206,
  infinirtErrorArrayIsMapped = 207,
  infinirtErrorAlreadyMapped = 208,
  infinirtErrorNoKernelImageForDevice = 209,
  infinirtErrorAlreadyAcquired = 210,
  infinirtErrorNotMapped = 211,
  infinirtErrorNotMappedAsArray = 212,
  infinirtErrorNotMappedAsPointer = 213,
  infinirtErrorECCUncorrectable = 214,
  infinirtErrorUnsupportedLimit = 215,
  infinirtErrorDeviceAlreadyInUse = 216,
  infinirtErrorPeerAccessUnsupported = 217,
  infinirtErrorInvalidPtx = 218,
  infinirtErrorInvalidGraphicsContext = 219,
  infinirtErrorNvlinkUncorrectable = 220,
  infinirtErrorJitCompilerNotFound = 221,
  infinirtErrorUnsupportedPtxVersion = 222,
  infinirtErrorJitCompilationDisabled = 223,
  infinirtErrorUnsupportedExecAffinity = 224,
  infinirtErrorUnsupportedDevSideSync = 225,
  infinirtErrorContained = 226,
  infinirtErrorInvalidSource = 300,
  infinirtErrorFileNotFound = 301,
  infinirtErrorSharedObjectSymbolNotFound = 302,
  infinirtErrorSharedObjectInitFailed = 303,
  infinirtErrorOperatingSystem = 304,
  infinirtErrorInvalidResourceHandle = 400,
  infinirtErrorIllegalState = 401,
  infinirtErrorLossyQuery = 402,
  infinirtErrorSymbolNotFound = 500,
  infinirtErrorNotReady = 600,
  infinirtErrorIllegalAddress = 700,
  infinirtErrorLaunchOutOfResources = 701,
  infinirtErrorLaunchTimeout = 702,
  infinirtErrorLaunchIncompatibleTexturing = 703,
  infinirtErrorPeerAccessAlreadyEnabled = 704,
  infinirtErrorPeerAccessNotEnabled = 705,
  infinirtErrorSetOnActiveProcess = 708,
  infinirtErrorContextIsDestroyed = 709,
  infinirtErrorAssert = 710,
  infinirtErrorTooManyPeers = 711,
  infinirtErrorHostMemoryAlreadyRegistered = 712,
  infinirtErrorHostMemoryNotRegistered = 713,
  infinirtErrorHardwareStackError = 714,
  infinirtErrorIllegalInstruction = 715,
  infinirtErrorMisalignedAddress = 716,
  infinirtErrorInvalidAddressSpace = 717,
  infinirtErrorInvalidPc = 718,
  infinirtErrorLaunchFailure = 719,
  infinirtErrorCooperativeLaunchTooLarge = 720,
  infinirtErrorTensorMemoryLeak = 721,
  infinirtErrorNotPermitted = 800,
  infinirtErrorNotSupported = 801,
  infinirtErrorSystemNotReady = 802,
  infinirtErrorSystemDriverMismatch = 803,
  infinirtErrorCompatNotSupportedOnDevice = 804,
  infinirtErrorMpsConnectionFailed = 805,
  infinirtErrorMpsRpcFailure = 806,
  infinirtErrorMpsServerNotReady = 807,
  infinirtErrorMpsMaxClientsReached = 808,
  infinirtErrorMpsMaxConnectionsReached = 809,
  infinirtErrorMpsClientTerminated = 810,
  infinirtErrorCdpNotSupported = 811,
  infinirtErrorCdpVersionMismatch = 812,
  infinirtErrorStreamCaptureUnsupported = 900,
  infinirtErrorStreamCaptureInvalidated = 901,
  infinirtErrorStreamCaptureMerge = 902,
  infinirtErrorStreamCaptureUnmatched = 903,
  infinirtErrorStreamCaptureUnjoined = 904,
  infinirtErrorStreamCaptureIsolation = 905,
  infinirtErrorStreamCaptureImplicit = 906,
  infinirtErrorCapturedEvent = 907,
  infinirtErrorStreamCaptureWrongThread = 908,
  infinirtErrorTimeout = 909,
  infinirtErrorGraphExecUpdateFailure = 910,
  infinirtErrorExternalDevice = 911,
  infinirtErrorInvalidClusterSize = 912,
  infinirtErrorFunctionNotLoaded = 913,
  infinirtErrorInvalidResourceType = 914,
  infinirtErrorInvalidResourceConfiguration = 915,
  infinirtErrorUnknown = 999,
  infinirtErrorApiFailureBase = 10000,
};
typedef enum infinirtError infinirtError_t;

/* Direction of a copy. infinirtMemcpyDefault infers it from the pointers. */
enum infinirtMemcpyKind {
  infinirtMemcpyHostToHost = 0,
  infinirtMemcpyHostToDevice = 1,
  infinirtMemcpyDeviceToHost = 2,
  infinirtMemcpyDeviceToDevice = 3,
  infinirtMemcpyDefault = 4,
};
typedef enum infinirtMemcpyKind infinirtMemcpyKind;

/* What infinirtPointerGetAttributes() found a pointer to be. */
enum infinirtMemoryType {
  infinirtMemoryTypeUnregistered = 0,
  infinirtMemoryTypeHost = 1,
  infinirtMemoryTypeDevice = 2,
  infinirtMemoryTypeManaged = 3,
};
typedef enum infinirtMemoryType infinirtMemoryType;

/* Device attributes for infinirtDeviceGetAttribute(); values equal CUDA's.
 * A backend answers the ones it knows and returns infinirtErrorInvalidValue
 * for the others. */
enum infinirtDeviceAttr {
  infinirtDevAttrMaxThreadsPerBlock = 1,
  infinirtDevAttrMaxBlockDimX = 2,
  infinirtDevAttrMaxBlockDimY = 3,
  infinirtDevAttrMaxBlockDimZ = 4,
  infinirtDevAttrMaxGridDimX = 5,
  infinirtDevAttrMaxGridDimY = 6,
  infinirtDevAttrMaxGridDimZ = 7,
  infinirtDevAttrMaxSharedMemoryPerBlock = 8,
  infinirtDevAttrTotalConstantMemory = 9,
  infinirtDevAttrWarpSize = 10,
  infinirtDevAttrMaxPitch = 11,
  infinirtDevAttrMaxRegistersPerBlock = 12,
  infinirtDevAttrClockRate = 13,
  infinirtDevAttrTextureAlignment = 14,
  infinirtDevAttrGpuOverlap = 15,
  infinirtDevAttrMultiProcessorCount = 16,
  infinirtDevAttrKernelExecTimeout = 17,
  infinirtDevAttrIntegrated = 18,
  infinirtDevAttrCanMapHostMemory = 19,
  infinirtDevAttrComputeMode = 20,
  infinirtDevAttrMaxTexture1DWidth = 21,
  infinirtDevAttrMaxTexture2DWidth = 22,
  infinirtDevAttrMaxTexture2DHeight = 23,
  infinirtDevAttrMaxTexture3DWidth = 24,
  infinirtDevAttrMaxTexture3DHeight = 25,
  infinirtDevAttrMaxTexture3DDepth = 26,
  infinirtDevAttrMaxTexture2DLayeredWidth = 27,
  infinirtDevAttrMaxTexture2DLayeredHeight = 28,
  infinirtDevAttrMaxTexture2DLayeredLayers = 29,
  infinirtDevAttrSurfaceAlignment = 30,
  infinirtDevAttrConcurrentKernels = 31,
  infinirtDevAttrEccEnabled = 32,
  infinirtDevAttrPciBusId = 33,
  infinirtDevAttrPciDeviceId = 34,
  infinirtDevAttrTccDriver = 35,
  infinirtDevAttrMemoryClockRate = 36,
  infinirtDevAttrGlobalMemoryBusWidth = 37,
  infinirtDevAttrL2CacheSize = 38,
  infinirtDevAttrMaxThreadsPerMultiProcessor = 39,
  infinirtDevAttrAsyncEngineCount = 40,
  infinirtDevAttrUnifiedAddressing = 41,
  infinirtDevAttrMaxTexture1DLayeredWidth = 42,
  infinirtDevAttrMaxTexture1DLayeredLayers = 43,
  infinirtDevAttrMaxTexture2DGatherWidth = 45,
  infinirtDevAttrMaxTexture2DGatherHeight = 46,
  infinirtDevAttrMaxTexture3DWidthAlt = 47,
  infinirtDevAttrMaxTexture3DHeightAlt = 48,
  infinirtDevAttrMaxTexture3DDepthAlt = 49,
  infinirtDevAttrPciDomainId = 50,
  infinirtDevAttrTexturePitchAlignment = 51,
  infinirtDevAttrMaxTextureCubemapWidth = 52,
  infinirtDevAttrMaxTextureCubemapLayeredWidth = 53,
  infinirtDevAttrMaxTextureCubemapLayeredLayers = 54,
  infinirtDevAttrMaxSurface1DWidth = 55,
  infinirtDevAttrMaxSurface2DWidth = 56,
  infinirtDevAttrMaxSurface2DHeight = 57,
  infinirtDevAttrMaxSurface3DWidth = 58,
  infinirtDevAttrMaxSurface3DHeight = 59,
  infinirtDevAttrMaxSurface3DDepth = 60,
  infinirtDevAttrMaxSurface1DLayeredWidth = 61,
  infinirtDevAttrMaxSurface1DLayeredLayers = 62,
  infinirtDevAttrMaxSurface2DLayeredWidth = 63,
  infinirtDevAttrMaxSurface2DLayeredHeight = 64,
  infinirtDevAttrMaxSurface2DLayeredLayers = 65,
  infinirtDevAttrMaxSurfaceCubemapWidth = 66,
  infinirtDevAttrMaxSurfaceCubemapLayeredWidth = 67,
  infinirtDevAttrMaxSurfaceCubemapLayeredLayers = 68,
  infinirtDevAttrMaxTexture1DLinearWidth = 69,
  infinirtDevAttrMaxTexture2DLinearWidth = 70,
  infinirtDevAttrMaxTexture2DLinearHeight = 71,
  infinirtDevAttrMaxTexture2DLinearPitch = 72,
  infinirtDevAttrMaxTexture2DMipmappedWidth = 73,
  infinirtDevAttrMaxTexture2DMipmappedHeight = 74,
  infinirtDevAttrComputeCapabilityMajor = 75,
  infinirtDevAttrComputeCapabilityMinor = 76,
  infinirtDevAttrMaxTexture1DMipmappedWidth = 77,
  infinirtDevAttrStreamPrioritiesSupported = 78,
  infinirtDevAttrGlobalL1CacheSupported = 79,
  infinirtDevAttrLocalL1CacheSupported = 80,
  infinirtDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  infinirtDevAttrMaxRegistersPerMultiprocessor = 82,
  infinirtDevAttrManagedMemory = 83,
  infinirtDevAttrIsMultiGpuBoard = 84,
  infinirtDevAttrMultiGpuBoardGroupID = 85,
  infinirtDevAttrHostNativeAtomicSupported = 86,
  infinirtDevAttrSingleToDoublePrecisionPerfRatio = 87,
  infinirtDevAttrPageableMemoryAccess = 88,
  infinirtDevAttrConcurrentManagedAccess = 89,
  infinirtDevAttrComputePreemptionSupported = 90,
  infinirtDevAttrCanUseHostPointerForRegisteredMem = 91,
  infinirtDevAttrReserved92 = 92,
  infinirtDevAttrReserved93 = 93,
  infinirtDevAttrReserved94 = 94,
  infinirtDevAttrCooperativeLaunch = 95,
  infinirtDevAttrReserved96 = 96,
  infinirtDevAttrMaxSharedMemoryPerBlockOptin = 97,
  infinirtDevAttrCanFlushRemoteWrites = 98,
  infinirtDevAttrHostRegisterSupported = 99,
  infinirtDevAttrPageableMemoryAccessUsesHostPageTables = 100,
  infinirtDevAttrDirectManagedMemAccessFromHost = 101,
  infinirtDevAttrMaxBlocksPerMultiprocessor = 106,
  infinirtDevAttrMaxPersistingL2CacheSize = 108,
  infinirtDevAttrMaxAccessPolicyWindowSize = 109,
  infinirtDevAttrReservedSharedMemoryPerBlock = 111,
  infinirtDevAttrSparseCudaArraySupported = 112,
  infinirtDevAttrHostRegisterReadOnlySupported = 113,
  infinirtDevAttrTimelineSemaphoreInteropSupported = 114,
  infinirtDevAttrMemoryPoolsSupported = 115,
  infinirtDevAttrGPUDirectRDMASupported = 116,
  infinirtDevAttrGPUDirectRDMAFlushWritesOptions = 117,
  infinirtDevAttrGPUDirectRDMAWritesOrdering = 118,
  infinirtDevAttrMemoryPoolSupportedHandleTypes = 119,
  infinirtDevAttrClusterLaunch = 120,
  infinirtDevAttrDeferredMappingCudaArraySupported = 121,
  infinirtDevAttrReserved122 = 122,
  infinirtDevAttrReserved123 = 123,
  infinirtDevAttrReserved124 = 124,
  infinirtDevAttrIpcEventSupport = 125,
  infinirtDevAttrMemSyncDomainCount = 126,
  infinirtDevAttrReserved127 = 127,
  infinirtDevAttrReserved128 = 128,
  infinirtDevAttrReserved129 = 129,
  infinirtDevAttrNumaConfig = 130,
  infinirtDevAttrNumaId = 131,
  infinirtDevAttrReserved132 = 132,
  infinirtDevAttrMpsEnabled = 133,
  infinirtDevAttrHostNumaId = 134,
  infinirtDevAttrD3D12CigSupported = 135,
  infinirtDevAttrVulkanCigSupported = 138,
  infinirtDevAttrGpuPciDeviceId = 139,
  infinirtDevAttrGpuPciSubsystemId = 140,
  infinirtDevAttrReserved141 = 141,
  infinirtDevAttrHostNumaMemoryPoolsSupported = 142,
  infinirtDevAttrHostNumaMultinodeIpcSupported = 143,
  infinirtDevAttrHostMemoryPoolsSupported = 144,
  infinirtDevAttrReserved145 = 145,
  infinirtDevAttrOnlyPartialHostNativeAtomicSupported = 147,
};
typedef enum infinirtDeviceAttr infinirtDeviceAttr;

/* A 16-byte device identifier. */
struct infinirtUUID_st {
  char bytes[16];
};
typedef struct infinirtUUID_st infinirtUUID_t;

/* Device properties; the layout equals CUDA 13's struct cudaDeviceProp. A
 * field a backend cannot know is 0. */
struct infinirtDeviceProp {
  char name[256];
  infinirtUUID_t uuid;
  char luid[8];
  unsigned int luidDeviceNodeMask;
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int regsPerBlock;
  int warpSize;
  size_t memPitch;
  int maxThreadsPerBlock;
  int maxThreadsDim[3];
  int maxGridSize[3];
  size_t totalConstMem;
  int major;
  int minor;
  size_t textureAlignment;
  size_t texturePitchAlignment;
  int multiProcessorCount;
  int integrated;
  int canMapHostMemory;
  int maxTexture1D;
  int maxTexture1DMipmap;
  int maxTexture2D[2];
  int maxTexture2DMipmap[2];
  int maxTexture2DLinear[3];
  int maxTexture2DGather[2];
  int maxTexture3D[3];
  int maxTexture3DAlt[3];
  int maxTextureCubemap;
  int maxTexture1DLayered[2];
  int maxTexture2DLayered[3];
  int maxTextureCubemapLayered[2];
  int maxSurface1D;
  int maxSurface2D[2];
  int maxSurface3D[3];
  int maxSurface1DLayered[2];
  int maxSurface2DLayered[3];
  int maxSurfaceCubemap;
  int maxSurfaceCubemapLayered[2];
  size_t surfaceAlignment;
  int concurrentKernels;
  int ECCEnabled;
  int pciBusID;
  int pciDeviceID;
  int pciDomainID;
  int tccDriver;
  int asyncEngineCount;
  int unifiedAddressing;
  int memoryBusWidth;
  int l2CacheSize;
  int persistingL2CacheMaxSize;
  int maxThreadsPerMultiProcessor;
  int streamPrioritiesSupported;
  int globalL1CacheSupported;
  int localL1CacheSupported;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor;
  int managedMemory;
  int isMultiGpuBoard;
  int multiGpuBoardGroupID;
  int hostNativeAtomicSupported;
  int pageableMemoryAccess;
  int concurrentManagedAccess;
  int computePreemptionSupported;
  int canUseHostPointerForRegisteredMem;
  int cooperativeLaunch;
  size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables;
  int directManagedMemAccessFromHost;
  int maxBlocksPerMultiProcessor;
  int accessPolicyMaxWindowSize;
  size_t reservedSharedMemPerBlock;
  int hostRegisterSupported;
  int sparseCudaArraySupported;
  int hostRegisterReadOnlySupported;
  int timelineSemaphoreInteropSupported;
  int memoryPoolsSupported;
  int gpuDirectRDMASupported;
  unsigned int gpuDirectRDMAFlushWritesOptions;
  int gpuDirectRDMAWritesOrdering;
  unsigned int memoryPoolSupportedHandleTypes;
  int deferredMappingCudaArraySupported;
  int ipcEventSupported;
  int clusterLaunch;
  int unifiedFunctionPointers;
  int deviceNumaConfig;
  int deviceNumaId;
  int mpsEnabled;
  int hostNumaId;
  unsigned int gpuPciDeviceID;
  unsigned int gpuPciSubsystemID;
  int hostNumaMultinodeIpcSupported;
  int reserved[56];
};
typedef struct infinirtDeviceProp infinirtDeviceProp;

/* What infinirtPointerGetAttributes() reports; layout equals CUDA's. */
struct infinirtPointerAttributes {
  enum infinirtMemoryType type; /* what kind of memory the pointer is in */
  int device;          /* ordinal of the owning device, within its type */
  void *devicePointer; /* address to use on the device, or NULL */
  void *hostPointer;   /* address to use on the host, or NULL */
  long reserved[8];
};
typedef struct infinirtPointerAttributes infinirtPointerAttributes;

/* Grid and block dimensions (CUDA's dim3). In C++, constructible as
 * CUDA's: infinirtDim3 grid(4) is (4, 1, 1), infinirtDim3 b is (1, 1, 1);
 * the layout and the by-value ABI stay the C struct's. */
struct infinirtDim3 {
  unsigned int x, y, z;
#ifdef __cplusplus
  constexpr infinirtDim3(unsigned int vx = 1, unsigned int vy = 1,
                         unsigned int vz = 1)
      : x(vx), y(vy), z(vz) {}
#endif
};
typedef struct infinirtDim3 infinirtDim3;

/* Opaque handles. A NULL stream means the current device's legacy default
 * stream. */
typedef struct infinirtStream_st *infinirtStream_t;
typedef struct infinirtEvent_st *infinirtEvent_t;
/* A loaded kernel library and a kernel in it (CUDA's cudaLibrary_t and
 * cudaKernel_t). A kernel handle may be passed as the |func| argument of
 * infinirtLaunchKernel. */
typedef struct infinirtLibrary_st *infinirtLibrary_t;
typedef struct infinirtKernel_st *infinirtKernel_t;

/* Options for loading a library; values equal CUDA's. The CPU backend
 * accepts and ignores JIT options. */
enum infinirtJitOption {
  infinirtJitMaxRegisters = 0,
  infinirtJitThreadsPerBlock = 1,
  infinirtJitWallTime = 2,
  infinirtJitInfoLogBuffer = 3,
  infinirtJitInfoLogBufferSizeBytes = 4,
  infinirtJitErrorLogBuffer = 5,
  infinirtJitErrorLogBufferSizeBytes = 6,
  infinirtJitOptimizationLevel = 7,
  infinirtJitFallbackStrategy = 10,
  infinirtJitGenerateDebugInfo = 11,
  infinirtJitLogVerbose = 12,
  infinirtJitGenerateLineInfo = 13,
  infinirtJitCacheMode = 14,
  infinirtJitPositionIndependentCode = 30,
  infinirtJitMinCtaPerSm = 31,
  infinirtJitMaxThreadsPerBlock = 32,
  infinirtJitOverrideDirectiveValues = 33,
};
typedef enum infinirtJitOption infinirtJitOption;

enum infinirtLibraryOption {
  infinirtLibraryHostUniversalFunctionAndDataTable = 0,
  infinirtLibraryBinaryIsPreserved = 1,
};
typedef enum infinirtLibraryOption infinirtLibraryOption;

/* A host function run in stream order by infinirtLaunchHostFunc(). */
typedef void (*infinirtHostFn_t)(void *userData);

/* cudaStreamCallback_t's twin, for the stream callbacks of ported code. */
typedef void(INFINIRTRT_CB *infinirtStreamCallback_t)(infinirtStream_t stream,
                                                      infinirtError_t status,
                                                      void *userData);

/* What infinirtDevAttrComputeMode reports (CUDA's values). */
enum infinirtComputeMode {
  infinirtComputeModeDefault = 0,
  infinirtComputeModeExclusive = 1,
  infinirtComputeModeProhibited = 2,
  infinirtComputeModeExclusiveProcess = 3,
};

/* Stream flags. */
#define infinirtStreamDefault 0x00
#define infinirtStreamNonBlocking 0x01
/* The legacy default stream, whatever the per-thread setting (same as 0). */
#define infinirtStreamLegacy ((infinirtStream_t)0x1)
/* The calling thread's per-thread default stream on the current device: a
 * blocking stream of its own, created on first use and destroyed when the
 * thread exits. It orders with the legacy default stream and with no other
 * stream, as CUDA's cudaStreamPerThread does. It cannot be destroyed
 * (InvalidResourceHandle). Passing 0 means the legacy stream, unless the
 * translation unit defines INFINIRT_API_PER_THREAD_DEFAULT_STREAM before
 * including this header (CUDA's CUDA_API_PER_THREAD_DEFAULT_STREAM; see
 * infinirt_ptds.h). */
#define infinirtStreamPerThread ((infinirtStream_t)0x2)

/* Event flags. */
#define infinirtEventDefault 0x00
#define infinirtEventBlockingSync 0x01
#define infinirtEventDisableTiming 0x02
#define infinirtEventInterprocess 0x04
#define infinirtEventWaitDefault 0x00
#define infinirtEventWaitExternal 0x01
/* infinirtEventRecordWithFlags flags (CUDA's values). External only means
 * something in stream capture; elsewhere the record is an ordinary one. */
/* infinirtSetDeviceFlags flags (CUDA's values): one schedule policy, and
 * the others ored in. */
#define infinirtDeviceScheduleAuto 0x00
#define infinirtDeviceScheduleSpin 0x01
#define infinirtDeviceScheduleYield 0x02
#define infinirtDeviceScheduleBlockingSync 0x04
#define infinirtDeviceBlockingSync 0x04
#define infinirtDeviceScheduleMask 0x07
#define infinirtDeviceMapHost 0x08
#define infinirtDeviceLmemResizeToMax 0x10
#define infinirtDeviceSyncMemops 0x80
#define infinirtDeviceMask 0xff
#define infinirtEventRecordDefault 0x00
#define infinirtEventRecordExternal 0x01
/* The device number of no device (CUDA's cudaInvalidDeviceId): what
 * infinirtPointerGetAttributes reports for memory the runtime does not
 * know. */
#define infinirtInvalidDeviceId ((int)-2)

/* Where memory lives or should go (memory pools, prefetch, advice). */
enum infinirtMemLocationType {
  infinirtMemLocationTypeInvalid = 0,
  infinirtMemLocationTypeNone = 0,
  infinirtMemLocationTypeDevice = 1, /* id: a device ordinal */
  infinirtMemLocationTypeHost = 2,   /* id ignored */
  infinirtMemLocationTypeHostNuma = 3,
  infinirtMemLocationTypeHostNumaCurrent = 4
};
typedef enum infinirtMemLocationType infinirtMemLocationType;

struct infinirtMemLocation {
  enum infinirtMemLocationType type;
  int id;
};
typedef struct infinirtMemLocation infinirtMemLocation;

/* Host allocation and registration flags. */
#define infinirtHostAllocDefault 0x00
#define infinirtHostAllocPortable 0x01
#define infinirtHostAllocMapped 0x02
#define infinirtHostAllocWriteCombined 0x04
#define infinirtHostRegisterDefault 0x00
#define infinirtHostRegisterPortable 0x01
#define infinirtHostRegisterMapped 0x02
#define infinirtHostRegisterIoMemory 0x04
#define infinirtHostRegisterReadOnly 0x08

/* ------------------------------------------------------------------------ */
/* Mirrored API: errors                                                      */
/* ------------------------------------------------------------------------ */

/* Returns a sentence describing |error|; "unrecognized error code" for a value
 * that is not an infinirtError_t. Never NULL; never fails. */
INFINIRT_API const char *infinirtGetErrorString(infinirtError_t error);

/* Returns the enumerator name of |error| ("infinirtErrorInvalidValue"); for a
 * value that is not an infinirtError_t, "unrecognized error code". Never
 * NULL; never fails. */
INFINIRT_API const char *infinirtGetErrorName(infinirtError_t error);

/* Returns the calling thread's last error (the code of the latest failing
 * call on this thread) and resets it to infinirtSuccess. */
INFINIRT_API infinirtError_t infinirtGetLastError(void);

/* Returns the calling thread's last error without resetting it. */
INFINIRT_API infinirtError_t infinirtPeekAtLastError(void);

/* ------------------------------------------------------------------------ */
/* Mirrored API: version                                                     */
/* ------------------------------------------------------------------------ */

/* Stores in |*driverVersion| the version of the current device type's driver
 * (for NVIDIA, cuDriverGetVersion's number such as 13000; for the CPU, which
 * has no driver, INFINIRTRT_VERSION, the API level the runtime serves). 0
 * if the type's driver is not loaded.
 * Errors: InvalidValue if |driverVersion| is NULL. */
INFINIRT_API infinirtError_t infinirtDriverGetVersion(int *driverVersion);

/* Stores INFINIRTRT_VERSION (13000: the CUDA runtime API level mirrored, on
 * CUDA's scale) in |*runtimeVersion|. The library's release number is
 * infinirtExtGetVersion's.
 * Errors: InvalidValue if |runtimeVersion| is NULL. */
INFINIRT_API infinirtError_t infinirtRuntimeGetVersion(int *runtimeVersion);

/* ------------------------------------------------------------------------ */
/* Mirrored API: device management                                           */
/* ------------------------------------------------------------------------ */

/* Stores the number of devices of the current type in |*count|.
 * Errors: InvalidValue if |count| is NULL; NoDevice (with *count = 0) if the
 * current type has no device, the reason in the error detail. */
INFINIRT_API infinirtError_t infinirtGetDeviceCount(int *count);

/* Makes |device| the calling thread's current device within the current
 * device type. Errors: InvalidDevice if |device| is negative or not below
 * the type's device count (the current device is unchanged). */
INFINIRT_API infinirtError_t infinirtSetDevice(int device);

/* Stores the calling thread's current device ordinal (0 until SetDevice is
 * called) in |*device|. Errors: InvalidValue if |device| is NULL. */
INFINIRT_API infinirtError_t infinirtGetDevice(int *device);

/* Blocks until all work previously issued to the current device, in every
 * stream, has completed. Errors: those of the backend's wait. */
INFINIRT_API infinirtError_t infinirtDeviceSynchronize(void);

/* Waits for the current device's work, then destroys every stream, event and
 * allocation the process made on it, and returns it to its initial state.
 * Handles into it become invalid (calls with them return
 * InvalidResourceHandle). Errors: NoDevice/InvalidDevice. */
INFINIRT_API infinirtError_t infinirtDeviceReset(void);

/* Fills |*prop| with the properties of |device| of the current type.
 * Errors: InvalidValue if |prop| is NULL; InvalidDevice for a bad ordinal. */
INFINIRT_API infinirtError_t
infinirtGetDeviceProperties(struct infinirtDeviceProp *prop, int device);

/* Stores attribute |attr| of |device| in |*value|.
 * Errors: InvalidValue if |value| is NULL or |attr| is not an attribute the
 * backend knows; InvalidDevice for a bad ordinal. */
INFINIRT_API infinirtError_t infinirtDeviceGetAttribute(
    int *value, enum infinirtDeviceAttr attr, int device);

/* Stores the free and total memory of the current device in bytes (for the
 * CPU: MemAvailable and MemTotal of the host).
 * Errors: InvalidValue if either pointer is NULL. */
INFINIRT_API infinirtError_t infinirtMemGetInfo(size_t *free, size_t *total);

/* InitDevice's flag: apply |deviceFlags| as SetDeviceFlags would. */
#define infinirtInitDeviceFlagsAreValid 0x01

enum infinirtLimit {
  infinirtLimitStackSize = 0x00,
  infinirtLimitPrintfFifoSize = 0x01,
  infinirtLimitMallocHeapSize = 0x02,
  infinirtLimitDevRuntimeSyncDepth = 0x03,
  infinirtLimitDevRuntimePendingLaunchCount = 0x04,
  infinirtLimitMaxL2FetchGranularity = 0x05,
  infinirtLimitPersistingL2CacheSize = 0x06
};
typedef enum infinirtLimit infinirtLimit;

enum infinirtFuncCache {
  infinirtFuncCachePreferNone = 0,
  infinirtFuncCachePreferShared = 1,
  infinirtFuncCachePreferL1 = 2,
  infinirtFuncCachePreferEqual = 3
};
typedef enum infinirtFuncCache infinirtFuncCache;

enum infinirtFlushGPUDirectRDMAWritesTarget {
  infinirtFlushGPUDirectRDMAWritesTargetCurrentDevice = 0
};
enum infinirtFlushGPUDirectRDMAWritesScope {
  infinirtFlushGPUDirectRDMAWritesToOwner = 100,
  infinirtFlushGPUDirectRDMAWritesToAllDevices = 200
};

/* Initialises |device| of the current type without making it current. With
 * infinirtInitDeviceFlagsAreValid in |flags|, |deviceFlags| are applied to
 * it as SetDeviceFlags applies them to the current device.
 * Errors: InvalidDevice for a bad ordinal; InvalidValue for unknown |flags|
 * bits or, when they are applied, bad |deviceFlags| (SetDeviceFlags's
 * rules). */
INFINIRT_API infinirtError_t infinirtInitDevice(int device,
                                                unsigned int deviceFlags,
                                                unsigned int flags);

/* Stores in |*device| the device of the current type whose properties best
 * match |*prop|: the closest compute capability at or above
 * prop->major.minor (else the highest below it), ties broken by the most
 * multiprocessors, then the lowest ordinal. Fields of |prop| that are 0 ask
 * for nothing. Errors: InvalidValue if a pointer is NULL; NoDevice. */
INFINIRT_API infinirtError_t
infinirtChooseDevice(int *device, const struct infinirtDeviceProp *prop);

/* Writes |device|'s PCI address, "domain:bus:device.function" in hex
 * (13 bytes with the terminator), into |pciBusId| (at most |len| bytes,
 * Errors: InvalidValue if |pciBusId| is NULL, |len| is not positive, or
 * (the driver's answer) |len| is too short for the id; InvalidDevice for a
 * bad ordinal; NotSupported on the CPU, whose devices have no PCI
 * address. */
INFINIRT_API infinirtError_t infinirtDeviceGetPCIBusId(char *pciBusId, int len,
                                                       int device);

/* Stores in |*device| the ordinal of the device of the current type at the
 * PCI address |pciBusId| ("domain:bus:device.function", "domain:bus:device"
 * or "bus:device.function", hex). Errors: InvalidValue if a pointer is NULL
 * or the string is malformed; InvalidDevice if no device is there;
 * NotSupported on the CPU. */
INFINIRT_API infinirtError_t infinirtDeviceGetByPCIBusId(int *device,
                                                         const char *pciBusId);

/* Sets |limit| of the current device to |value| (the device may round it;
 * DeviceGetLimit tells what was set). The CPU keeps each limit it has
 * (stack, printf FIFO, malloc heap, pending launches, L2 fetch granularity
 * rounded to a power of two in [0, 128]) for DeviceGetLimit; its kernels run
 * on worker stacks and have no device heap, so the values constrain nothing.
 * Errors: InvalidValue if |limit| is not an infinirtLimit or |value| is out
 * of range (a persisting-L2 size above the device's maximum, 0 on the CPU);
 * UnsupportedLimit for a limit the device does not have (the device
 * runtime's sync depth on compute capability 9.0 and above; on the CPU, the
 * sync depth). */
INFINIRT_API infinirtError_t infinirtDeviceSetLimit(enum infinirtLimit limit,
                                                    size_t value);

/* Stores the current device's |limit| in |*pValue|.
 * Errors: InvalidValue if |pValue| is NULL or |limit| is not an
 * infinirtLimit; UnsupportedLimit as for DeviceSetLimit. */
INFINIRT_API infinirtError_t infinirtDeviceGetLimit(size_t *pValue,
                                                    enum infinirtLimit limit);

/* Stores the current device's preferred split of L1 and shared memory
 * (PreferNone until DeviceSetCacheConfig; the CPU records the preference,
 * which changes nothing there). Errors: InvalidValue if it is NULL. */
INFINIRT_API infinirtError_t
infinirtDeviceGetCacheConfig(enum infinirtFuncCache *pCacheConfig);

/* Sets the current device's preferred split of L1 and shared memory.
 * Errors: InvalidValue if |cacheConfig| is not an infinirtFuncCache. */
INFINIRT_API infinirtError_t
infinirtDeviceSetCacheConfig(enum infinirtFuncCache cacheConfig);

enum infinirtSharedMemConfig {
  infinirtSharedMemBankSizeDefault = 0,
  infinirtSharedMemBankSizeFourByte = 1,
  infinirtSharedMemBankSizeEightByte = 2
};
typedef enum infinirtSharedMemConfig infinirtSharedMemConfig;

/* Deprecated in CUDA. Stores the current device's shared memory bank size:
 * FourByte on devices whose banks are fixed (the H200, the CPU).
 * Errors: InvalidValue if |pConfig| is NULL. */
INFINIRT_API infinirtError_t
infinirtDeviceGetSharedMemConfig(enum infinirtSharedMemConfig *pConfig);

/* Deprecated in CUDA. Asks for a shared memory bank size; no effect on
 * devices whose banks are fixed. Errors: InvalidValue if |config| is not an
 * infinirtSharedMemConfig. */
INFINIRT_API infinirtError_t
infinirtDeviceSetSharedMemConfig(enum infinirtSharedMemConfig config);

/* Returns every persisting line of the current device's L2 cache to normal
 * (the CPU has none: nothing to do). */
INFINIRT_API infinirtError_t infinirtCtxResetPersistingL2Cache(void);

/* Makes GPUDirect RDMA writes to the current device's memory visible as
 * |scope| says. Errors: InvalidValue for an unknown |target| or |scope|;
 * NotSupported where the device offers no such flush (its
 * GPUDirectRDMAFlushWritesOptions attribute is 0: the CPU). */
INFINIRT_API infinirtError_t infinirtDeviceFlushGPUDirectRDMAWrites(
    enum infinirtFlushGPUDirectRDMAWritesTarget target,
    enum infinirtFlushGPUDirectRDMAWritesScope scope);

/* ------------------------------------------------------------------------ */
/* Mirrored API: memory                                                      */
/* ------------------------------------------------------------------------ */

/* Allocates |size| bytes of device memory on the current device, aligned to
 * at least 256 bytes, and stores the address in |*devPtr|. Size 0 stores
 * NULL and succeeds. Errors: InvalidValue if |devPtr| is NULL;
 * MemoryAllocation if the memory is not available (|*devPtr| unchanged). */
INFINIRT_API infinirtError_t infinirtMalloc(void **devPtr, size_t size);

/* Frees memory from infinirtMalloc/infinirtMallocAsync, after waiting for
 * the device's work (as cudaFree does). NULL is a no-op. Errors: InvalidValue
 * if |devPtr| was not returned by an allocation of this runtime or was freed
 * already. */
INFINIRT_API infinirtError_t infinirtFree(void *devPtr);

/* Allocates |size| bytes of page-locked host memory usable by every device
 * type for asynchronous copies. Size 0 stores NULL and succeeds.
 * Errors: InvalidValue if |ptr| is NULL; MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtMallocHost(void **ptr, size_t size);

/* Frees memory from infinirtMallocHost/infinirtHostAlloc. NULL is a no-op.
 * Errors: InvalidValue for any other pointer. */
INFINIRT_API infinirtError_t infinirtFreeHost(void *ptr);

/* As infinirtMallocHost, with infinirtHostAlloc* |flags|.
 * Errors: InvalidValue if |pHost| is NULL or |flags| has unknown bits;
 * MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtHostAlloc(void **pHost, size_t size,
                                               unsigned int flags);

/* Page-locks the existing host range [ptr, ptr + size) for fast copies.
 * Errors: InvalidValue if |ptr| is NULL, |size| is 0, the range wraps, or
 * |flags| has unknown bits; HostMemoryAlreadyRegistered if any part of the
 * range is registered; NotSupported for IoMemory/ReadOnly where the backend
 * cannot honour them; MemoryAllocation if the runtime has no memory to
 * record the range. */
INFINIRT_API infinirtError_t infinirtHostRegister(void *ptr, size_t size,
                                                  unsigned int flags);

/* Undoes infinirtHostRegister for the range starting at |ptr|.
 * Errors: InvalidValue if |ptr| is NULL; HostMemoryNotRegistered if no
 * registered range starts at |ptr|. */
INFINIRT_API infinirtError_t infinirtHostUnregister(void *ptr);

/* Copies |count| bytes from |src| to |dst| and returns when the copy is
 * complete, ordered after prior work on the legacy default stream. Count 0
 * succeeds doing nothing. Errors: InvalidValue for NULL pointers with a
 * non-zero count or ranges that wrap; InvalidMemcpyDirection for a |kind|
 * that is not an infinirtMemcpyKind; MemoryAllocation if the runtime cannot
 * get the memory or thread that the (lazily made) legacy stream needs. */
INFINIRT_API infinirtError_t infinirtMemcpy(void *dst, const void *src,
                                            size_t count,
                                            enum infinirtMemcpyKind kind);

/* As infinirtMemcpy, enqueued on |stream|. The copy reads |src| and writes
 * |dst| when the stream reaches it. With page-locked host memory
 * (MallocHost, HostAlloc, HostRegister) or none, the call returns at once.
 * With pageable host memory it may block, as CUDA documents: a copy into
 * pageable memory may return only once the copy has completed (the NVIDIA
 * backend does), and one from pageable memory once the source was read.
 * Errors: those of infinirtMemcpy; InvalidResourceHandle for a stream that
 * is not live; MemoryAllocation if the memory or thread that running the
 * stream's work needs cannot be had. */
INFINIRT_API infinirtError_t infinirtMemcpyAsync(void *dst, const void *src,
                                                 size_t count,
                                                 enum infinirtMemcpyKind kind,
                                                 infinirtStream_t stream);

/* Copies a |width|-byte by |height|-row matrix between pitched buffers.
 * Errors: InvalidPitchValue if |width| exceeds |dpitch| or |spitch|;
 * InvalidValue for NULL pointers or overflowing extents;
 * InvalidMemcpyDirection; MemoryAllocation as for Memcpy. Zero width or
 * height succeeds doing nothing. */
INFINIRT_API infinirtError_t infinirtMemcpy2D(void *dst, size_t dpitch,
                                              const void *src, size_t spitch,
                                              size_t width, size_t height,
                                              enum infinirtMemcpyKind kind);

/* As infinirtMemcpy2D, enqueued on |stream|. Errors: those of Memcpy2D;
 * InvalidResourceHandle for a stream that is not live; MemoryAllocation as
 * for MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtMemcpy2DAsync(
    void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
    size_t height, enum infinirtMemcpyKind kind, infinirtStream_t stream);

/* How a copy of a batch may read its source. */
enum infinirtMemcpySrcAccessOrder {
  infinirtMemcpySrcAccessOrderInvalid = 0x0,
  infinirtMemcpySrcAccessOrderStream = 0x1, /* in stream order */
  /* before the call returns: the source may be gone right after it */
  infinirtMemcpySrcAccessOrderDuringApiCall = 0x2,
  infinirtMemcpySrcAccessOrderAny = 0x3, /* at any time, even later */
  infinirtMemcpySrcAccessOrderMax = 0x7FFFFFFF
};
typedef enum infinirtMemcpySrcAccessOrder infinirtMemcpySrcAccessOrder;

enum infinirtMemcpyFlags {
  infinirtMemcpyFlagDefault = 0x0,
  infinirtMemcpyFlagPreferOverlapWithCompute = 0x1 /* a hint */
};
typedef enum infinirtMemcpyFlags infinirtMemcpyFlags;

struct infinirtMemcpyAttributes {
  enum infinirtMemcpySrcAccessOrder srcAccessOrder;
  struct infinirtMemLocation srcLocHint; /* for managed/pageable operands */
  struct infinirtMemLocation dstLocHint;
  unsigned int flags; /* infinirtMemcpyFlags */
};
typedef struct infinirtMemcpyAttributes infinirtMemcpyAttributes;

/* Enqueues on |stream| |count| copies, sizes[i] bytes from srcs[i] to
 * dsts[i]. The batch runs in stream order; its copies in no particular order
 * among themselves. attrs[k] applies to the copies from attrsIdxs[k] up to
 * the next entry's index (the last one's up to |count|): attrsIdxs starts at
 * 0 and grows strictly, and numAttrs is at most |count|. With
 * infinirtMemcpySrcAccessOrderDuringApiCall a copy's source is read before
 * the call returns (the CPU stages it), so it may be a stack buffer.
 * Errors: InvalidValue if an array is NULL, |count| or |numAttrs| is 0,
 * numAttrs > count, the indices are not as described, an attribute has an
 * invalid access order or unknown flags, a copy has size 0 (the driver's
 * rule), a NULL pointer or a range that wraps,
 * or |stream| is the legacy default stream (NULL or infinirtStreamLegacy);
 * InvalidResourceHandle for a stream that is not live. */
INFINIRT_API infinirtError_t infinirtMemcpyBatchAsync(
    void *const *dsts, const void *const *srcs, const size_t *sizes,
    size_t count, struct infinirtMemcpyAttributes *attrs, size_t *attrsIdxs,
    size_t numAttrs, infinirtStream_t stream);

/* Sets |count| bytes at |devPtr| to the byte |value| (its low 8 bits),
 * ordered after prior work on the legacy default stream. The call returns
 * once the memory is set (CUDA allows it to return earlier for device
 * memory; returning later is the stronger guarantee). Count 0 succeeds.
 * Errors: InvalidValue for a NULL pointer with non-zero count or a range
 * that wraps; MemoryAllocation as for Memcpy. */
INFINIRT_API infinirtError_t infinirtMemset(void *devPtr, int value,
                                            size_t count);

/* As infinirtMemset, enqueued on |stream|. Errors: those of Memset;
 * InvalidResourceHandle for a stream that is not live; MemoryAllocation as
 * for MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtMemsetAsync(void *devPtr, int value,
                                                 size_t count,
                                                 infinirtStream_t stream);

/* Allocates |size| bytes in stream order from the current memory pool of
 * |hStream|'s device (its default pool unless infinirtDeviceSetMemPool named
 * another): the memory may be used by work enqueued on |hStream| after this
 * call (and by other streams once ordered after it). Size 0 stores NULL.
 * Errors: InvalidValue if |devPtr| is NULL; MemoryAllocation;
 * InvalidResourceHandle for a stream that is not live. */
INFINIRT_API infinirtError_t infinirtMallocAsync(void **devPtr, size_t size,
                                                 infinirtStream_t hStream);

/* Returns |devPtr| to its pool in stream order: once work enqueued on
 * |hStream| before this call has completed. NULL is a no-op.
 * Errors: InvalidValue for a pointer not from an allocation of this runtime;
 * InvalidResourceHandle for a stream that is not live; MemoryAllocation as
 * for MemcpyAsync (the pointer stays allocated). */
INFINIRT_API infinirtError_t infinirtFreeAsync(void *devPtr,
                                               infinirtStream_t hStream);

/* Describes |ptr|: its memory type, owning device and the addresses to use
 * on host and device. Pointers into allocations (not only their starts) are
 * recognised. Memory this runtime does not know is reported as
 * infinirtMemoryTypeUnregistered with device -2 and NULL addresses, and
 * succeeds (CUDA 11+ behaviour).
 * Errors: InvalidValue if |attributes| is NULL. */
INFINIRT_API infinirtError_t infinirtPointerGetAttributes(
    struct infinirtPointerAttributes *attributes, const void *ptr);

/* ------------------------------------------------------------------------ */
/* Mirrored API: streams                                                     */
/* ------------------------------------------------------------------------ */

/* Creates a blocking stream on the current device: its work is ordered with
 * the legacy default stream. Errors: InvalidValue if |pStream| is NULL;
 * MemoryAllocation; NoDevice. */
INFINIRT_API infinirtError_t infinirtStreamCreate(infinirtStream_t *pStream);

/* Stores the current device's stream priorities: the least (lowest, the
 * default 0) in |*leastPriority| and the greatest (highest; numerically
 * smaller, -5 on the CPU) in |*greatestPriority|. Either pointer may be
 * NULL, and is then not written, as in CUDA.
 * Errors: NoDevice if the device type has none. */
INFINIRT_API infinirtError_t
infinirtDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority);

/* Sets the current device's flags: at most one infinirtDeviceSchedule*
 * policy, ored with infinirtDeviceMapHost, infinirtDeviceLmemResizeToMax
 * and infinirtDeviceSyncMemops. They apply to the device for every thread
 * (NVIDIA: its primary context). The CPU backend records them; its waiting
 * is adaptive whatever the policy says.
 * Errors: InvalidValue for an unknown bit or two schedule policies; NoDevice
 * if the device type has none. */
INFINIRT_API infinirtError_t infinirtSetDeviceFlags(unsigned int flags);

/* Stores the current device's flags, as set by infinirtSetDeviceFlags, in
 * |*flags|; infinirtDeviceMapHost is always reported, as mapped host memory
 * is always available.
 * Errors: InvalidValue if |flags| is NULL; NoDevice if the type has none. */
INFINIRT_API infinirtError_t infinirtGetDeviceFlags(unsigned int *flags);

/* Creates a stream with |flags| (infinirtStreamDefault or
 * infinirtStreamNonBlocking; a non-blocking stream is not ordered with the
 * legacy default stream). Errors: as StreamCreate; InvalidValue for unknown
 * flag bits. */
INFINIRT_API infinirtError_t
infinirtStreamCreateWithFlags(infinirtStream_t *pStream, unsigned int flags);

/* As StreamCreateWithFlags, with a |priority| (lower number is higher
 * priority; values outside the device's range are clamped, as CUDA does). */
INFINIRT_API infinirtError_t infinirtStreamCreateWithPriority(
    infinirtStream_t *pStream, unsigned int flags, int priority);

/* Destroys |stream|. Work already enqueued still runs; its resources are
 * released once it completes, and the call does not wait for it.
 * Errors: InvalidResourceHandle for NULL/default streams or handles that are
 * not live. */
INFINIRT_API infinirtError_t infinirtStreamDestroy(infinirtStream_t stream);

/* Blocks until all work enqueued on |stream| (NULL: legacy default stream)
 * has completed. Errors: InvalidResourceHandle for a stream that is not live.
 */
INFINIRT_API infinirtError_t infinirtStreamSynchronize(infinirtStream_t stream);

/* Returns infinirtSuccess if all work on |stream| has completed, else
 * infinirtErrorNotReady (not recorded as the last error).
 * Errors: InvalidResourceHandle for a stream that is not live; NotPermitted
 * from a host function. */
INFINIRT_API infinirtError_t infinirtStreamQuery(infinirtStream_t stream);

/* Stores |hStream|'s creation flags (infinirtStreamDefault or
 * infinirtStreamNonBlocking) in |*flags|; the legacy and per-thread default
 * streams (NULL, infinirtStreamLegacy, infinirtStreamPerThread) report
 * infinirtStreamDefault.
 * Errors: InvalidValue if |flags| is NULL; InvalidResourceHandle for a
 * stream that is not live. */
INFINIRT_API infinirtError_t infinirtStreamGetFlags(infinirtStream_t hStream,
                                                    unsigned int *flags);

/* Stores |hStream|'s priority, as clamped at creation to the range
 * infinirtDeviceGetStreamPriorityRange reports, in |*priority|; the default
 * streams report 0.
 * Errors: InvalidValue if |priority| is NULL; InvalidResourceHandle for a
 * stream that is not live. */
INFINIRT_API infinirtError_t infinirtStreamGetPriority(infinirtStream_t hStream,
                                                       int *priority);

/* Stores the ordinal of the device |hStream| belongs to in |*device| (for a
 * default stream, the calling thread's current device).
 * Errors: InvalidValue if |device| is NULL; InvalidResourceHandle for a
 * stream that is not live. */
INFINIRT_API infinirtError_t infinirtStreamGetDevice(infinirtStream_t hStream,
                                                     int *device);

/* Stores |hStream|'s identifier in |*streamId|: unique among the streams of
 * the process for its lifetime (a destroyed stream's number is not reused),
 * also for the default streams.
 * Errors: InvalidValue if |streamId| is NULL; InvalidResourceHandle for a
 * stream that is not live. */
INFINIRT_API infinirtError_t infinirtStreamGetId(infinirtStream_t hStream,
                                                 unsigned long long *streamId);

/* Enqueues |callback|(|stream| as given, infinirtSuccess, |userData|) on
 * |stream|, as infinirtLaunchHostFunc enqueues a host function (same rules:
 * it runs after the work before it, delays the work after it, and must not
 * call the runtime's waiting or enqueueing functions). CUDA passes an error
 * there after a failure on the stream; such failures are sticky context
 * errors here, which the next call reports, so the status is always
 * infinirtSuccess. CUDA deprecates this call for LaunchHostFunc.
 * Errors: InvalidValue if |callback| is NULL or |flags| is not 0;
 * InvalidResourceHandle for a stream that is not live; NotPermitted from a
 * host function. */
INFINIRT_API infinirtError_t infinirtStreamAddCallback(
    infinirtStream_t stream, infinirtStreamCallback_t callback, void *userData,
    unsigned int flags);

/* Makes all work enqueued on |stream| after this call wait until the work
 * captured by the latest infinirtEventRecord of |event| has completed. An
 * event never recorded imposes no wait. |flags| is infinirtEventWaitDefault
 * or infinirtEventWaitExternal. The call does not block the host.
 * Errors: InvalidResourceHandle for handles that are not live; InvalidValue
 * for unknown flags; NotSupported if |event| and |stream| belong to different
 * device types; MemoryAllocation as for MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtStreamWaitEvent(infinirtStream_t stream,
                                                     infinirtEvent_t event,
                                                     unsigned int flags);

/* Enqueues |fn|(|userData|) on |stream|: it runs on a runtime thread after
 * the prior work and before later work. |fn| must not call infinirt functions
 * that enqueue or wait (as in CUDA); those return NotPermitted there instead
 * of waiting for |fn| itself (CUDA allows cudaErrorNotPermitted here; the
 * list is at the top of this file). Allocations that do not wait and
 * handle creation are allowed. Errors: InvalidValue if |fn| is NULL;
 * InvalidResourceHandle for a stream that is not live; NotPermitted from a
 * host function; MemoryAllocation as for MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtLaunchHostFunc(infinirtStream_t stream,
                                                    infinirtHostFn_t fn,
                                                    void *userData);

/* ------------------------------------------------------------------------ */
/* Mirrored API: events                                                      */
/* ------------------------------------------------------------------------ */

/* Creates an event with default flags (timing enabled, spin-then-yield
 * waiting) on the current device. Errors: InvalidValue if |event| is NULL;
 * MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtEventCreate(infinirtEvent_t *event);

/* Creates an event with |flags| (infinirtEventBlockingSync: waits sleep
 * instead of spinning; infinirtEventDisableTiming: no timestamp;
 * infinirtEventInterprocess: an event other processes can open with
 * infinirtIpcGetEventHandle's handle, which needs DisableTiming too).
 * Errors: InvalidValue if |event| is NULL, |flags| has unknown bits, or has
 * infinirtEventInterprocess without infinirtEventDisableTiming;
 * MemoryAllocation. */
INFINIRT_API infinirtError_t
infinirtEventCreateWithFlags(infinirtEvent_t *event, unsigned int flags);

/* Captures in |event| the work enqueued on |stream| so far; the event
 * completes (and takes its timestamp) when the stream reaches this point.
 * Recording again replaces what the event tracks.
 * Errors: InvalidResourceHandle for handles that are not live or a stream of
 * another device or type than the event; MemoryAllocation as for
 * MemcpyAsync (the event keeps what it tracked). */
INFINIRT_API infinirtError_t infinirtEventRecord(infinirtEvent_t event,
                                                 infinirtStream_t stream);

/* infinirtEventRecord with |flags| infinirtEventRecordDefault or
 * infinirtEventRecordExternal (which matters only in stream capture).
 * Errors: those of infinirtEventRecord; InvalidValue for other flags. */
INFINIRT_API infinirtError_t infinirtEventRecordWithFlags(
    infinirtEvent_t event, infinirtStream_t stream, unsigned int flags);

/* Returns infinirtSuccess if the work |event| tracks has completed (or the
 * event was never recorded), else infinirtErrorNotReady.
 * Errors: InvalidResourceHandle for an event that is not live; NotPermitted
 * from a host function. */
INFINIRT_API infinirtError_t infinirtEventQuery(infinirtEvent_t event);

/* Blocks until the work |event| tracks has completed; returns at once for an
 * event never recorded. Errors: InvalidResourceHandle. */
INFINIRT_API infinirtError_t infinirtEventSynchronize(infinirtEvent_t event);

/* Destroys |event|. A record still pending completes normally; waits already
 * enqueued on it still hold. Errors: InvalidResourceHandle. */
INFINIRT_API infinirtError_t infinirtEventDestroy(infinirtEvent_t event);

/* Stores in |*ms| the time in milliseconds between the completions of
 * |start| and |end| (resolution about 0.5 microseconds or better).
 * Errors: InvalidValue if |ms| is NULL; InvalidResourceHandle if either event
 * is not live, was created with infinirtEventDisableTiming, or the two belong
 * to different devices; InvalidResourceHandle also if either was never
 * recorded; NotReady if either has not completed yet. */
INFINIRT_API infinirtError_t infinirtEventElapsedTime(float *ms,
                                                      infinirtEvent_t start,
                                                      infinirtEvent_t end);

/* ------------------------------------------------------------------------ */
/* Mirrored API: kernels                                                     */
/* ------------------------------------------------------------------------ */

/* Loads a kernel library from the image at |code| for the current device
 * type: NVIDIA takes cubin, fatbin or NUL-terminated PTX; the CPU takes the
 * bytes of an ELF shared object built against infinirt_kernel.h (its size
 * is read from the ELF header). The image is copied unless
 * infinirtLibraryBinaryIsPreserved is given. JIT options are passed to the
 * driver where there is one.
 * Errors: InvalidValue if |library| or |code| is NULL, or an option count is
 * non-zero with a NULL array; InvalidKernelImage if the image is not one the
 * backend can load (the loader's message in the error detail);
 * MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtLibraryLoadData(
    infinirtLibrary_t *library, const void *code,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions);

/* As infinirtLibraryLoadData, reading the image from |fileName|.
 * Errors: as LibraryLoadData; InvalidValue if |fileName| is NULL;
 * FileNotFound if it cannot be opened; InvalidValue for
 * infinirtLibraryBinaryIsPreserved. */
INFINIRT_API infinirtError_t infinirtLibraryLoadFromFile(
    infinirtLibrary_t *library, const char *fileName,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions);

/* Unloads |library|. Launches of its kernels already enqueued still run to
 * completion first (the code stays mapped until they finish); its kernel
 * handles become invalid. Errors: InvalidResourceHandle. */
INFINIRT_API infinirtError_t infinirtLibraryUnload(infinirtLibrary_t library);

/* Stores in |*pKernel| the kernel named |name| in |library|.
 * Errors: InvalidValue if |pKernel| or |name| is NULL; InvalidResourceHandle
 * for a library that is not live; InvalidDeviceFunction if the library has
 * no kernel of that name. */
INFINIRT_API infinirtError_t infinirtLibraryGetKernel(infinirtKernel_t *pKernel,
                                                      infinirtLibrary_t library,
                                                      const char *name);

/* Enqueues kernel |func| (an infinirtKernel_t) on |stream| with a grid of
 * |gridDim| blocks of |blockDim| threads, |sharedMem| bytes of dynamic
 * shared memory per block, and |args| pointing to each argument's value.
 * Errors: InvalidResourceHandle if |func| is not a live kernel or |stream| is
 * not live; InvalidConfiguration for a zero or too large grid or block
 * dimension, more threads per block than the device allows, or more dynamic
 * shared memory than the kernel's maxDynamicSharedSizeBytes (as in CUDA,
 * 48 KiB less its static shared memory until infinirtFuncSetAttribute
 * raises it); InvalidValue if |args| is NULL for a kernel that takes
 * arguments; MemoryAllocation as for MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtLaunchKernel(const void *func,
                                                  infinirtDim3 gridDim,
                                                  infinirtDim3 blockDim,
                                                  void **args, size_t sharedMem,
                                                  infinirtStream_t stream);

/* ------------------------------------------------------------------------ */
/* Mirrored API: managed and mapped memory                                  */
/* ------------------------------------------------------------------------ */

/* Managed memory attachment (MallocManaged, StreamAttachMemAsync). */
#define infinirtMemAttachGlobal 0x01
#define infinirtMemAttachHost 0x02
#define infinirtMemAttachSingle 0x04

/* The device id of the host in the older interfaces (CUDA's
 * cudaCpuDeviceId). */
#define infinirtCpuDeviceId ((int)-1)

enum infinirtMemoryAdvise {
  infinirtMemAdviseSetReadMostly = 1,
  infinirtMemAdviseUnsetReadMostly = 2,
  infinirtMemAdviseSetPreferredLocation = 3,
  infinirtMemAdviseUnsetPreferredLocation = 4,
  infinirtMemAdviseSetAccessedBy = 5,
  infinirtMemAdviseUnsetAccessedBy = 6
};
typedef enum infinirtMemoryAdvise infinirtMemoryAdvise;

/* Allocates |size| bytes of managed memory, accessible from the host and
 * every device, and stores its address in |*devPtr|. |flags| is
 * infinirtMemAttachGlobal (any stream may use it) or infinirtMemAttachHost
 * (attached to the host until StreamAttachMemAsync says otherwise). Free it
 * with infinirtFree. On the CPU managed memory is host memory, reported as
 * infinirtMemoryTypeManaged by PointerGetAttributes.
 * Errors: InvalidValue if |devPtr| is NULL, |size| is 0 or |flags| is not
 * exactly one of the two; MemoryAllocation (|*devPtr| unchanged);
 * NotSupported on a device without managed memory (ManagedMemory 0). */
INFINIRT_API infinirtError_t infinirtMallocManaged(void **devPtr, size_t size,
                                                   unsigned int flags);

/* Advises how [devPtr, devPtr + count) will be used (read mostly, a
 * preferred location, accessed by a device). A hint: it changes where data
 * lives, never what a program computes. The range is managed memory or, on
 * a device with PageableMemoryAccess (the CPU), any mapped host memory. The
 * location is ignored for the read-mostly advice.
 * Errors: InvalidValue if |devPtr| is NULL, |count| is 0, the range is not
 * such memory, |advice| is not an infinirtMemoryAdvise, or the location's
 * type does not suit the advice; InvalidDevice for a device location whose
 * id is not a device of the current type. */
INFINIRT_API infinirtError_t infinirtMemAdvise(
    const void *devPtr, size_t count, enum infinirtMemoryAdvise advice,
    struct infinirtMemLocation location);

/* Enqueues on |stream| a migration of [devPtr, devPtr + count) to |location|
 * (a device, the host or a host NUMA node). Not needed for correctness; on
 * the CPU the data is already in host memory and the prefetch is a
 * stream-ordered no-op. |flags| must be 0.
 * Errors: InvalidValue if |devPtr| is NULL, |count| is 0, the range is not
 * managed (or, on the CPU, mapped host) memory, |flags| is not 0 or the
 * location type is not one of Device, Host, HostNuma, HostNumaCurrent;
 * InvalidDevice for a bad device id; InvalidResourceHandle for a stream that
 * is not live. */
INFINIRT_API infinirtError_t infinirtMemPrefetchAsync(
    const void *devPtr, size_t count, struct infinirtMemLocation location,
    unsigned int flags, infinirtStream_t stream);

/* Enqueues on |stream| a change of the stream association of the managed
 * allocation at |devPtr| (|length| 0 or its whole size) to |flags|:
 * infinirtMemAttachGlobal, infinirtMemAttachHost or infinirtMemAttachSingle
 * (this stream only; not the NULL or legacy stream, which is no single
 * stream). On devices with ConcurrentManagedAccess (the CPU) it is a hint.
 * Errors: InvalidValue if |devPtr| is not managed memory (on the CPU: nor
 * mapped host memory, for which |length| must be non-zero), |length| is
 * neither 0 nor the allocation's size, |flags| is not one of the three, or
 * Single is asked of the NULL or legacy stream; InvalidResourceHandle for
 * a stream that is not live. */
INFINIRT_API infinirtError_t infinirtStreamAttachMemAsync(
    infinirtStream_t stream, void *devPtr, size_t length, unsigned int flags);

/* Stores in |*pDevice| the device address of mapped, page-locked host memory
 * (from HostAlloc/MallocHost, or HostRegister), for a pointer anywhere in
 * it. With unified addressing (every device here) it equals |pHost|.
 * Errors: InvalidValue if a pointer is NULL, |flags| is not 0, or |pHost| is
 * not in page-locked host memory of this runtime. */
INFINIRT_API infinirtError_t infinirtHostGetDevicePointer(void **pDevice,
                                                          void *pHost,
                                                          unsigned int flags);

/* Stores in |*pFlags| the flags of the page-locked memory containing
 * |pHost|: HostAlloc's, HostRegister's, or for MallocHost memory
 * infinirtHostAllocPortable | infinirtHostAllocMapped (what CUDA reports).
 * Errors: InvalidValue if a pointer is NULL or |pHost| is not in
 * page-locked memory of this runtime. */
INFINIRT_API infinirtError_t infinirtHostGetFlags(unsigned int *pFlags,
                                                  void *pHost);

/* ------------------------------------------------------------------------ */
/* Mirrored API: memory pools                                               */
/* ------------------------------------------------------------------------ */

/* A stream-ordered memory pool (CUDA's cudaMemPool_t). Each device has a
 * default pool, which MallocAsync allocates from until DeviceSetMemPool
 * names another; pools made with MemPoolCreate serve MallocFromPoolAsync
 * and, once set current, MallocAsync. Memory freed with FreeAsync (or Free)
 * goes back to the pool it came from. A NULL, destroyed or foreign pool
 * handle is an invalid value, as CUDA documents. */
typedef struct infinirtMemPool_st *infinirtMemPool_t;

/* Pool attributes (CUDA's values). Value types: int for the three reuse
 * policies (non-zero: enabled; all default to enabled), uint64_t for the
 * rest. ReleaseThreshold (default 0) is how many reserved bytes the pool may
 * keep at a stream, event or device synchronize; above it, unused memory
 * goes back to the system there. ReservedMem* count the bytes the pool holds
 * from the system, UsedMem* the bytes handed out and not yet freed; the two
 * High marks can only be set to 0, which resets them to the current value. */
enum infinirtMemPoolAttr {
  infinirtMemPoolReuseFollowEventDependencies = 0x1,
  infinirtMemPoolReuseAllowOpportunistic = 0x2,
  infinirtMemPoolReuseAllowInternalDependencies = 0x3,
  infinirtMemPoolAttrReleaseThreshold = 0x4,
  infinirtMemPoolAttrReservedMemCurrent = 0x5,
  infinirtMemPoolAttrReservedMemHigh = 0x6,
  infinirtMemPoolAttrUsedMemCurrent = 0x7,
  infinirtMemPoolAttrUsedMemHigh = 0x8
};
typedef enum infinirtMemPoolAttr infinirtMemPoolAttr;

/* How a device may access a pool's memory (CUDA's values). */
enum infinirtMemAccessFlags {
  infinirtMemAccessFlagsProtNone = 0,
  infinirtMemAccessFlagsProtRead = 1,
  infinirtMemAccessFlagsProtReadWrite = 3
};
typedef enum infinirtMemAccessFlags infinirtMemAccessFlags;

/* One device's access to a pool: |location| must name a device. */
struct infinirtMemAccessDesc {
  struct infinirtMemLocation location;
  enum infinirtMemAccessFlags flags;
};
typedef struct infinirtMemAccessDesc infinirtMemAccessDesc;

enum infinirtMemAllocationType {
  infinirtMemAllocationTypeInvalid = 0x0,
  infinirtMemAllocationTypePinned = 0x1, /* what pools take */
  infinirtMemAllocationTypeManaged = 0x2,
  infinirtMemAllocationTypeMax = 0x7FFFFFFF
};
typedef enum infinirtMemAllocationType infinirtMemAllocationType;

/* Handle types a pool's allocations may be exported as (bits). */
enum infinirtMemAllocationHandleType {
  infinirtMemHandleTypeNone = 0x0,
  infinirtMemHandleTypePosixFileDescriptor = 0x1,
  infinirtMemHandleTypeWin32 = 0x2,
  infinirtMemHandleTypeWin32Kmt = 0x4,
  infinirtMemHandleTypeFabric = 0x8
};
typedef enum infinirtMemAllocationHandleType infinirtMemAllocationHandleType;

/* infinirtMemPoolProps.usage: memory for hardware decompression. */
#define infinirtMemPoolCreateUsageHwDecompress 0x2

/* What MemPoolCreate makes; the layout equals CUDA 13's. Zero it first:
 * |win32SecurityAttributes| and |reserved| must be 0. */
struct infinirtMemPoolProps {
  enum infinirtMemAllocationType
      allocType; /* infinirtMemAllocationTypePinned */
  enum infinirtMemAllocationHandleType handleTypes; /* 0: not shareable */
  struct infinirtMemLocation location;              /* a device, or the host */
  void *win32SecurityAttributes;
  size_t maxSize; /* most bytes the pool may reserve; 0: no limit of its own */
  unsigned short usage; /* infinirtMemPoolCreateUsage* bits */
  unsigned char reserved[54];
};
typedef struct infinirtMemPoolProps infinirtMemPoolProps;

/* Stores in |*memPool| the default pool of |device|: one handle per device,
 * the same on every call, which cannot be destroyed.
 * Errors: InvalidValue if |memPool| is NULL; InvalidDevice for an ordinal
 * that does not exist; NotSupported where the driver has no pools. */
INFINIRT_API infinirtError_t
infinirtDeviceGetDefaultMemPool(infinirtMemPool_t *memPool, int device);

/* Makes |memPool| the pool that MallocAsync on streams of |device|
 * allocates from. It must be a pool of that device.
 * Errors: InvalidDevice for an ordinal that does not exist; InvalidValue if
 * |memPool| is not a live pool, or is one of another device or of the host;
 * NotSupported where the driver has no pools. */
INFINIRT_API infinirtError_t
infinirtDeviceSetMemPool(int device, infinirtMemPool_t memPool);

/* Stores in |*memPool| the current pool of |device|: the last one given to
 * DeviceSetMemPool, else (and once that one is destroyed) the default pool.
 * Errors: InvalidValue if |memPool| is NULL; InvalidDevice for an ordinal
 * that does not exist; NotSupported where the driver has no pools. */
INFINIRT_API infinirtError_t
infinirtDeviceGetMemPool(infinirtMemPool_t *memPool, int device);

/* Stores in |*memPool| the default pool for memory of allocation type
 * |type| at |location|. For a device location and Pinned it is the handle
 * infinirtDeviceGetDefaultMemPool gives. Host locations (Host, HostNuma)
 * need host memory pools (infinirtDevAttrHostMemoryPoolsSupported); a
 * location of type None is allowed with Managed (no preferred location).
 * Errors: InvalidValue if |memPool| or |location| is NULL, |type| is not
 * Pinned or Managed, or the location type is none of those; InvalidDevice
 * for a device that does not exist; NotSupported for a pool the backend
 * does not have (the CPU backend has device pools only: no host or managed
 * pools; the NVIDIA backend does not yet map the driver's host and managed
 * pools to handles). */
INFINIRT_API infinirtError_t infinirtMemGetDefaultMemPool(
    infinirtMemPool_t *memPool, struct infinirtMemLocation *location,
    enum infinirtMemAllocationType type);

/* Stores in |*memPool| the current pool for allocation type |type| at
 * |location|: the last one given to infinirtMemSetMemPool (or, for a device
 * and Pinned, infinirtDeviceSetMemPool), else the default pool. For a
 * device location and Pinned it equals infinirtDeviceGetMemPool.
 * Errors: as infinirtMemGetDefaultMemPool. */
INFINIRT_API infinirtError_t infinirtMemGetMemPool(
    infinirtMemPool_t *memPool, struct infinirtMemLocation *location,
    enum infinirtMemAllocationType type);

/* Makes |memPool| the current pool for allocation type |type| at
 * |location|; the pool must be of that location and type. For a device
 * location and Pinned this is infinirtDeviceSetMemPool(location->id,
 * memPool): MallocAsync on that device's streams then allocates from it.
 * Errors: InvalidValue if |location| is NULL, |type| or the location type
 * is not allowed (as infinirtMemGetDefaultMemPool), |memPool| is not a live
 * pool, or it is not a pool of that location (another device, the host for
 * a device, a device for the host) or of that allocation type;
 * InvalidDevice for a device that does not exist; NotSupported as
 * infinirtMemGetDefaultMemPool. */
INFINIRT_API infinirtError_t infinirtMemSetMemPool(
    struct infinirtMemLocation *location, enum infinirtMemAllocationType type,
    infinirtMemPool_t memPool);

/* Gives unused memory of |memPool| back to the system until releasing
 * another block would leave fewer than |minBytesToKeep| bytes reserved; a
 * pool reserving less than that is left as it is. Memory still allocated,
 * and memory freed in stream order whose free the host has not yet seen
 * complete (by a synchronize), stays.
 * Errors: InvalidValue if |memPool| is not a live pool. */
INFINIRT_API infinirtError_t infinirtMemPoolTrimTo(infinirtMemPool_t memPool,
                                                   size_t minBytesToKeep);

/* Sets attribute |attr| of |memPool| to the value |value| points to (an int
 * or a uint64_t, as infinirtMemPoolAttr says). The reuse policies only
 * permit reuse: the CPU backend reuses freed memory only in stream order or
 * once its free has completed (the opportunistic policy), never by
 * following events or inserting dependencies, so turning those two off
 * changes nothing there, and turning the opportunistic one off restricts
 * reuse to memory freed on the allocating stream.
 * Errors: InvalidValue if |memPool| is not a live pool, |value| is NULL,
 * |attr| is no attribute or a read-only one (ReservedMemCurrent,
 * UsedMemCurrent), or a high mark is set to a value other than 0. */
INFINIRT_API infinirtError_t infinirtMemPoolSetAttribute(
    infinirtMemPool_t memPool, enum infinirtMemPoolAttr attr, void *value);

/* Stores attribute |attr| of |memPool| where |value| points (an int or a
 * uint64_t, as infinirtMemPoolAttr says).
 * Errors: InvalidValue if |memPool| is not a live pool, |value| is NULL or
 * |attr| is no attribute. */
INFINIRT_API infinirtError_t infinirtMemPoolGetAttribute(
    infinirtMemPool_t memPool, enum infinirtMemPoolAttr attr, void *value);

/* Sets how each device named in the |count| descriptors of |descList| may
 * access |memPool|'s memory (all of them, or none if one is refused). The
 * pool's own device always has read-write access. The CPU backend's devices
 * share the host's memory: it records what each may access, and cannot make
 * memory read-only for one of them.
 * Errors: InvalidValue if |memPool| is not a live pool, |descList| is NULL
 * with a non-zero count, a descriptor's location is not a device or its
 * flags are not infinirtMemAccessFlags; InvalidDevice for a device that does
 * not exist, or an access other than read-write for the pool's own device;
 * NotSupported for read-only access where the backend cannot give it. */
INFINIRT_API infinirtError_t infinirtMemPoolSetAccess(
    infinirtMemPool_t memPool, const struct infinirtMemAccessDesc *descList,
    size_t count);

/* Stores in |*flags| how the device |location| names may access |memPool|'s
 * memory.
 * Errors: InvalidValue if |flags| or |location| is NULL, |memPool| is not a
 * live pool or |location| is not a device; InvalidDevice for a device that
 * does not exist. */
INFINIRT_API infinirtError_t infinirtMemPoolGetAccess(
    enum infinirtMemAccessFlags *flags, infinirtMemPool_t memPool,
    struct infinirtMemLocation *location);

/* Creates a pool as |poolProps| describes and stores it in |*memPool|. Its
 * memory is accessible from its own device (for a host pool, the host); its
 * attributes start at their defaults.
 * Errors: InvalidValue if |memPool| or |poolProps| is NULL, the allocation
 * type is not Pinned, the handle types have unknown bits, the location is
 * not a device that exists, the host or a host NUMA node (HostNumaCurrent
 * is refused), a host pool asks for handle types, |usage| has unknown bits,
 * or |win32SecurityAttributes| or |reserved| is not 0; NotSupported for
 * what the backend cannot give: host pools, shareable handle types or
 * decompression memory where its devices have none (the CPU backend's pools
 * are device pools and not shareable); MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtMemPoolCreate(
    infinirtMemPool_t *memPool, const struct infinirtMemPoolProps *poolProps);

/* Destroys |memPool|. Memory still allocated from it stays valid until it is
 * freed; the pool's memory goes back to the system once none is left. A
 * device whose current pool it was gets its default pool back.
 * Errors: InvalidValue if |memPool| is not a live pool or is a default
 * pool. */
INFINIRT_API infinirtError_t infinirtMemPoolDestroy(infinirtMemPool_t memPool);

/* As infinirtMallocAsync, from |memPool|, which may belong to another device
 * than |stream|. Size 0 stores NULL.
 * Errors: InvalidValue if |ptr| is NULL or |memPool| is not a live pool (or
 * one of another device type than |stream|); InvalidResourceHandle for a
 * stream that is not live; MemoryAllocation if the pool cannot get the
 * memory (its maxSize included); NotPermitted from a host function. */
INFINIRT_API infinirtError_t
infinirtMallocFromPoolAsync(void **ptr, size_t size, infinirtMemPool_t memPool,
                            infinirtStream_t stream);

/* ------------------------------------------------------------------------ */
/* Mirrored API: 2D and 3D memory                                           */
/* ------------------------------------------------------------------------ */

/* A CUDA array (cudaArray_t). Opaque: this runtime creates no arrays, so
 * the only valid value of an array member below is NULL; any other value
 * is refused with InvalidValue, as CUDA refuses a value that is no array. */
typedef struct infinirtArray *infinirtArray_t;

/* A pitched allocation: |pitch| bytes from one row to the next, |xsize|
 * and |ysize| its logical width (bytes) and height (rows); a slice of a 3D
 * allocation is |pitch| * |ysize| bytes. Layouts equal CUDA's. */
struct infinirtPitchedPtr {
  void *ptr;
  size_t pitch;
  size_t xsize;
  size_t ysize;
};
typedef struct infinirtPitchedPtr infinirtPitchedPtr;

/* A size: |width| bytes (for linear memory), |height| rows, |depth|
 * slices. */
struct infinirtExtent {
  size_t width;
  size_t height;
  size_t depth;
};
typedef struct infinirtExtent infinirtExtent;

/* A position: |x| in bytes, |y| in rows, |z| in slices. */
struct infinirtPos {
  size_t x;
  size_t y;
  size_t z;
};
typedef struct infinirtPos infinirtPos;

/* infinirtMemcpy3D's arguments; initialise to zero before use. */
struct infinirtMemcpy3DParms {
  infinirtArray_t srcArray; /* NULL: arrays are not offered */
  struct infinirtPos srcPos;
  struct infinirtPitchedPtr srcPtr;
  infinirtArray_t dstArray; /* NULL */
  struct infinirtPos dstPos;
  struct infinirtPitchedPtr dstPtr;
  struct infinirtExtent extent;
  enum infinirtMemcpyKind kind;
};
typedef struct infinirtMemcpy3DParms infinirtMemcpy3DParms;

/* infinirtMemcpy3DPeer's arguments: as infinirtMemcpy3DParms, with the
 * devices that own the source and destination instead of a kind. */
struct infinirtMemcpy3DPeerParms {
  infinirtArray_t srcArray; /* NULL */
  struct infinirtPos srcPos;
  struct infinirtPitchedPtr srcPtr;
  int srcDevice;
  infinirtArray_t dstArray; /* NULL */
  struct infinirtPos dstPos;
  struct infinirtPitchedPtr dstPtr;
  int dstDevice;
  struct infinirtExtent extent;
};
typedef struct infinirtMemcpy3DPeerParms infinirtMemcpy3DPeerParms;

/* The constructors of driver_functions.h. */
static inline struct infinirtPitchedPtr
make_infinirtPitchedPtr(void *d, size_t p, size_t xsz, size_t ysz) {
  struct infinirtPitchedPtr s;
  s.ptr = d;
  s.pitch = p;
  s.xsize = xsz;
  s.ysize = ysz;
  return s;
}

static inline struct infinirtPos make_infinirtPos(size_t x, size_t y,
                                                  size_t z) {
  struct infinirtPos s;
  s.x = x;
  s.y = y;
  s.z = z;
  return s;
}

static inline struct infinirtExtent make_infinirtExtent(size_t w, size_t h,
                                                        size_t d) {
  struct infinirtExtent s;
  s.width = w;
  s.height = h;
  s.depth = d;
  return s;
}

/* Allocates device memory for |height| rows of |width| bytes, stores it in
 * |*devPtr| and the distance between rows in |*pitch|: at least |width|, a
 * multiple of the device's infinirtDevAttrTexturePitchAlignment (the CPU
 * backend: 64 bytes, a cache line; NVIDIA: the driver's choice). Free it
 * with infinirtFree. A zero width or height stores NULL and pitch 0.
 * Errors: InvalidValue if |devPtr| or |pitch| is NULL; MemoryAllocation if
 * the memory is not available or its size overflows (outputs unchanged). */
INFINIRT_API infinirtError_t infinirtMallocPitch(void **devPtr, size_t *pitch,
                                                 size_t width, size_t height);

/* As infinirtMallocPitch for |extent|.height * |extent|.depth rows of
 * |extent|.width bytes; stores the pointer, the pitch, and xsize/ysize =
 * the extent's width/height in |*pitchedDevPtr|. An empty extent stores
 * NULL and pitch 0. Errors: InvalidValue if |pitchedDevPtr| is NULL;
 * MemoryAllocation as for MallocPitch. */
INFINIRT_API infinirtError_t infinirtMalloc3D(
    struct infinirtPitchedPtr *pitchedDevPtr, struct infinirtExtent extent);

/* Copies |p->extent| (width bytes, height rows, depth slices) from
 * |p->srcPtr| at |p->srcPos| to |p->dstPtr| at |p->dstPos|: the byte at
 * (x, y, z) of a pitched pointer is ptr + (z * ysize + y) * pitch + x. Any
 * infinirtMemcpyKind, Default included, and returns once the copy is
 * complete, ordered as infinirtMemcpy2D is. An empty extent succeeds doing
 * nothing (an array member, or a width beyond a pitch, is refused even
 * then, as Memcpy2D refuses the latter). Refused from a host function
 * (NotPermitted), as Memcpy2D is.
 * Errors: InvalidValue if |p| is NULL, an array member is not NULL, a
 * pointer is NULL, the extent's height plus pos.y exceeds ysize with depth
 * > 1 or pos.z > 0, or the region overflows or wraps; InvalidPitchValue if
 * the width (plus pos.x) exceeds a pitch; InvalidMemcpyDirection for a
 * kind that is not an infinirtMemcpyKind; MemoryAllocation as for
 * Memcpy. */
INFINIRT_API infinirtError_t
infinirtMemcpy3D(const struct infinirtMemcpy3DParms *p);

/* As infinirtMemcpy3D between the memory of devices |p->srcDevice| and
 * |p->dstDevice| of the current device type, ordered after the work of the
 * current, source and destination devices. As in CUDA, the NVIDIA backend
 * may return before a copy between two devices has completed (later work of
 * those devices is ordered after it); the CPU backend returns when it has.
 * Errors: those of Memcpy3D but the kind; InvalidDevice for an ordinal
 * that is not a device of the current type (even with an empty extent);
 * InvalidValue for memory of another device type. */
INFINIRT_API infinirtError_t
infinirtMemcpy3DPeer(const struct infinirtMemcpy3DPeerParms *p);

/* As infinirtMemcpy3D, enqueued on |stream| (the host rules of
 * infinirtMemcpyAsync apply). Errors: those of Memcpy3D; InvalidValue for
 * memory of another device type than the stream's; InvalidResourceHandle
 * for a stream that is not live. */
INFINIRT_API infinirtError_t infinirtMemcpy3DAsync(
    const struct infinirtMemcpy3DParms *p, infinirtStream_t stream);

/* As infinirtMemcpy3DPeer, enqueued on |stream| and ordered only by it.
 * The ordinals must be devices of the stream's type (and of the current
 * one). Errors: those of Memcpy3DPeer and of Memcpy3DAsync. */
INFINIRT_API infinirtError_t infinirtMemcpy3DPeerAsync(
    const struct infinirtMemcpy3DPeerParms *p, infinirtStream_t stream);

/* Sets |width| bytes of each of |height| rows |pitch| bytes apart at
 * |devPtr| to the byte |value|, ordered and returning as infinirtMemset
 * does. |pitch| is unused when |height| is 1. An empty region succeeds
 * doing nothing. Errors: InvalidValue if |devPtr| is NULL, |width| exceeds
 * |pitch| with more than one row, or the region overflows or wraps;
 * MemoryAllocation as for Memset. */
INFINIRT_API infinirtError_t infinirtMemset2D(void *devPtr, size_t pitch,
                                              int value, size_t width,
                                              size_t height);

/* As infinirtMemset2D for |extent| (width bytes, height rows, depth
 * slices) of |pitchedDevPtr|, whose slices are pitch * ysize bytes apart;
 * the pitch is unused when height and depth are both 1.
 * Errors: those of Memset2D; InvalidValue if the height exceeds ysize with
 * depth > 1. */
INFINIRT_API infinirtError_t
infinirtMemset3D(struct infinirtPitchedPtr pitchedDevPtr, int value,
                 struct infinirtExtent extent);

/* As infinirtMemset2D, enqueued on |stream|. Errors: those of Memset2D;
 * InvalidValue for memory of another device type than the stream's;
 * InvalidResourceHandle for a stream that is not live. */
INFINIRT_API infinirtError_t infinirtMemset2DAsync(void *devPtr, size_t pitch,
                                                   int value, size_t width,
                                                   size_t height,
                                                   infinirtStream_t stream);

/* As infinirtMemset3D, enqueued on |stream|. Errors: those of Memset3D and
 * of Memset2DAsync. */
INFINIRT_API infinirtError_t
infinirtMemset3DAsync(struct infinirtPitchedPtr pitchedDevPtr, int value,
                      struct infinirtExtent extent, infinirtStream_t stream);

/* ------------------------------------------------------------------------ */
/* Mirrored API: peer access                                                */
/* ------------------------------------------------------------------------ */

/* EnablePeerAccess's only flag. */
#define infinirtPeerAccessDefault 0x00

enum infinirtDeviceP2PAttr {
  infinirtDevP2PAttrPerformanceRank = 1,
  infinirtDevP2PAttrAccessSupported = 2,
  infinirtDevP2PAttrNativeAtomicSupported = 3,
  infinirtDevP2PAttrCudaArrayAccessSupported = 4,
  infinirtDevP2PAttrOnlyPartialNativeAtomicSupported = 5
};
typedef enum infinirtDeviceP2PAttr infinirtDeviceP2PAttr;

/* Stores 1 in |*canAccessPeer| if |device| can access memory of
 * |peerDevice| once EnablePeerAccess allows it, else 0 (always 0 for a
 * device and itself). CPU devices share the host's memory: any two can.
 * Errors: InvalidValue if |canAccessPeer| is NULL; InvalidDevice for a bad
 * ordinal. */
INFINIRT_API infinirtError_t infinirtDeviceCanAccessPeer(int *canAccessPeer,
                                                         int device,
                                                         int peerDevice);

/* Lets the current device access memory of |peerDevice| (one direction),
 * until DisablePeerAccess or a reset of either device.
 * Errors: InvalidValue if |flags| is not 0; InvalidDevice if |peerDevice| is
 * not a device or is the current one, or CanAccessPeer says 0;
 * PeerAccessAlreadyEnabled if it is enabled already. */
INFINIRT_API infinirtError_t infinirtDeviceEnablePeerAccess(int peerDevice,
                                                            unsigned int flags);

/* Ends the current device's access to memory of |peerDevice|.
 * Errors: InvalidDevice for a bad ordinal; PeerAccessNotEnabled if it was
 * not enabled. */
INFINIRT_API infinirtError_t infinirtDeviceDisablePeerAccess(int peerDevice);

/* Copies |count| bytes from |src| on |srcDevice| to |dst| on |dstDevice|
 * (both of the current type). Ordered after all work already issued to the
 * current device, |srcDevice| and |dstDevice|, and before work issued later;
 * returns once the copy is done. Peer access need not be enabled.
 * Errors: InvalidValue if a pointer is NULL with a non-zero count or a range
 * wraps; InvalidDevice for a bad ordinal. A count of 0 does nothing. */
INFINIRT_API infinirtError_t infinirtMemcpyPeer(void *dst, int dstDevice,
                                                const void *src, int srcDevice,
                                                size_t count);

/* As MemcpyPeer, enqueued on |stream| (asynchronous to the host and to the
 * work of other devices). Errors: those of MemcpyPeer;
 * InvalidResourceHandle for a stream that is not live. */
INFINIRT_API infinirtError_t infinirtMemcpyPeerAsync(void *dst, int dstDevice,
                                                     const void *src,
                                                     int srcDevice,
                                                     size_t count,
                                                     infinirtStream_t stream);

/* Stores in |*value| attribute |attr| of the link from |srcDevice| to
 * |dstDevice|. For CPU devices (one host memory): rank 0, access and native
 * atomics 1, array access 0 (no arrays), partial atomics 0.
 * Errors: InvalidValue if |value| is NULL or |attr| is not an
 * infinirtDeviceP2PAttr; InvalidDevice for a bad ordinal or if the two
 * devices are the same. */
INFINIRT_API infinirtError_t infinirtDeviceGetP2PAttribute(
    int *value, enum infinirtDeviceP2PAttr attr, int srcDevice, int dstDevice);

/* ------------------------------------------------------------------------ */
/* Mirrored API: interprocess communication                                 */
/* ------------------------------------------------------------------------ */

/* The size of an interprocess handle (CUDA_IPC_HANDLE_SIZE). */
#define INFINIRT_IPC_HANDLE_SIZE 64

/* Opaque handles, made in one process and opened in another process of the
 * same machine: plain bytes, to be copied through any channel (a pipe, a
 * socket, a file, shared memory). A handle names what it was made for only
 * while that exists in the exporting process; the backend that made it is
 * the one that opens it. The CPU backend's handles reach processes of the
 * same user and PID namespace (it reopens the exporter's memfd through
 * /proc/<pid>/fd: docs/cpu-backend.md). */
typedef struct infinirtIpcEventHandle_st {
  char reserved[INFINIRT_IPC_HANDLE_SIZE];
} infinirtIpcEventHandle_t;

typedef struct infinirtIpcMemHandle_st {
  char reserved[INFINIRT_IPC_HANDLE_SIZE];
} infinirtIpcMemHandle_t;

/* infinirtIpcOpenMemHandle flags (CUDA's value): enable peer access between
 * the exporting and the importing device as needed. */
#define infinirtIpcMemLazyEnablePeerAccess 0x01

/* Stores in |*handle| a handle for |event|, which must have been created
 * with infinirtEventInterprocess | infinirtEventDisableTiming (or opened
 * with infinirtIpcOpenEventHandle: the handle is then the one it was opened
 * from). Another process opens it with infinirtIpcOpenEventHandle; after
 * that, EventRecord, EventQuery, EventSynchronize and StreamWaitEvent work
 * on the one event from both processes. Using the opened event after the
 * exporter destroyed |event| is undefined, as in CUDA.
 * Errors: InvalidValue if |handle| is NULL; InvalidResourceHandle if |event|
 * is not live or was not created with infinirtEventInterprocess;
 * MemoryAllocation; MapBufferObjectFailed; NotSupported where the backend
 * has no interprocess events. */
INFINIRT_API infinirtError_t infinirtIpcGetEventHandle(
    infinirtIpcEventHandle_t *handle, infinirtEvent_t event);

/* Opens in this process the event |handle| names, made by another process
 * with infinirtIpcGetEventHandle, on the current device. The new event
 * behaves as one created here with infinirtEventInterprocess |
 * infinirtEventDisableTiming; destroy it with infinirtEventDestroy. Each
 * call returns a new event handle for the one shared event.
 * Errors: InvalidValue if |event| is NULL, or |handle| names no event of a
 * live process (damaged, forged, or its event destroyed);
 * DeviceUninitialized if |handle| was made by this process (CUDA's "invalid
 * device context"); MemoryAllocation; MapBufferObjectFailed; NotSupported
 * where the backend has no interprocess events. */
INFINIRT_API infinirtError_t infinirtIpcOpenEventHandle(
    infinirtEvent_t *event, infinirtIpcEventHandle_t handle);

/* Stores in |*handle| a handle for the infinirtMalloc allocation that
 * contains |devPtr| (a pointer inside it gives the allocation's handle, as
 * CUDA does: the opening process gets the allocation's base). Calling it
 * again for the same allocation gives the same handle; an allocation freed
 * and made again at the same address gets a new one. Memory from
 * MallocAsync, MallocHost, HostAlloc and HostRegister, and memory opened
 * from another process, cannot be exported. CPU backend: the first export
 * of a block waits for the work enqueued on the CPU devices, then moves the
 * block's pages, contents and address kept, onto shared memory; host
 * threads must not write the block during that call (docs/cpu-backend.md).
 * Errors: InvalidValue if |handle| or |devPtr| is NULL or |devPtr| is not
 * in an infinirtMalloc allocation; MemoryAllocation; MapBufferObjectFailed;
 * NotSupported; NotPermitted from a host function. */
INFINIRT_API infinirtError_t
infinirtIpcGetMemHandle(infinirtIpcMemHandle_t *handle, void *devPtr);

/* Maps into this process, for the current device, the allocation |handle|
 * names (made by another process with infinirtIpcGetMemHandle) and stores
 * its base address in |*devPtr|: device memory of the current device, for
 * copies, sets and kernels, until infinirtIpcCloseMemHandle. Opening the
 * same handle again returns the same address and counts one more opening.
 * |flags| is 0 or infinirtIpcMemLazyEnablePeerAccess. The address may
 * differ from the exporter's. Freeing the allocation in the exporter while
 * it is open here is undefined, as in CUDA.
 * Errors: InvalidValue if |devPtr| is NULL, |flags| has unknown bits, or
 * |handle| names no allocation of a live process (damaged, forged, or freed
 * since); DeviceUninitialized if |handle| was made by this process (CUDA's
 * "invalid device context"); MemoryAllocation; MapBufferObjectFailed;
 * TooManyPeers; NotSupported. */
INFINIRT_API infinirtError_t infinirtIpcOpenMemHandle(
    void **devPtr, infinirtIpcMemHandle_t handle, unsigned int flags);

/* Undoes one infinirtIpcOpenMemHandle of the allocation at |devPtr| (the
 * address it returned); the last one waits for the work this process has
 * enqueued, then unmaps it here. The exporter's allocation and other
 * processes' mappings stay.
 * Errors: InvalidValue if |devPtr| is NULL or not an address
 * infinirtIpcOpenMemHandle returned and not closed since;
 * MapBufferObjectFailed; NotSupported; NotPermitted from a host function. */
INFINIRT_API infinirtError_t infinirtIpcCloseMemHandle(void *devPtr);

/* ------------------------------------------------------------------------ */
/* Mirrored API: kernel attributes, occupancy, launch forms, symbols        */
/* ------------------------------------------------------------------------ */

/* What a kernel handle is here. |func| (const void *) in the functions of
 * this section, as in infinirtLaunchKernel, is an infinirtKernel_t from
 * infinirtLibraryGetKernel or infinirtLibraryEnumerateKernels: a ported
 * program has no host stub of a __global__ function to pass. A pointer that
 * is not a live kernel is refused with InvalidDeviceFunction (the launch
 * forms: InvalidResourceHandle, as infinirtLaunchKernel).
 *
 * Symbols. In CUDA the |symbol| of MemcpyToSymbol and its kin is the host
 * shadow of a __device__ or __constant__ variable, which a port does not
 * have. Here it is the device address of a global of a loaded library, as
 * infinirtLibraryGetGlobal or infinirtLibraryGetManaged returned it (those
 * calls make it known; CUDA's own documentation says its library globals are
 * not symbols, which is the difference). The size is known, so offset +
 * count is checked against it; any other address is InvalidSymbol. A symbol
 * is forgotten when its library is unloaded and when the device it was
 * looked up on is reset (look it up again then). In C++ the templates of
 * infinirt_runtime.h take the variable itself, as CUDA's do: with
 * `float (*coeffs)[16]` from infinirtLibraryGetGlobal,
 * `infinirtMemcpyToSymbol(*coeffs, host, sizeof host)`; the C form takes the
 * address, `infinirtMemcpyToSymbol(coeffs, host, sizeof host, 0,
 * infinirtMemcpyHostToDevice)`. Kernels declare globals with
 * INFINIRT_DEVICE_GLOBAL, INFINIRT_CONSTANT_GLOBAL and
 * INFINIRT_MANAGED_GLOBAL (infinirt_kernel.h).
 *
 * The CPU device's numbers: a kernel's maxThreadsPerBlock is 1024, numRegs,
 * constSizeBytes and localSizeBytes are 0, ptxVersion and binaryVersion the
 * nominal compute capability (80), sharedSizeBytes 0 (static shared arrays
 * live on the worker's stack and the kernel image does not record them),
 * maxDynamicSharedSizeBytes 48 KiB until raised (up to
 * sharedMemPerBlockOptin, 163 KiB). Occupancy on the CPU, per core (a
 * "multiprocessor"), with P the CPU device's properties and A the kernel's
 * attributes:
 *
 *   numBlocks = 0 if blockSize > A.maxThreadsPerBlock or dynamicSMemSize >
 *               A.maxDynamicSharedSizeBytes; else the least of
 *               P.maxBlocksPerMultiProcessor (1),
 *               P.maxThreadsPerMultiProcessor / blockSize and, when
 *               S = A.sharedSizeBytes + dynamicSMemSize is not 0,
 *               P.sharedMemPerMultiprocessor / S
 *   available dynamic shared memory for numBlocks blocks of blockSize =
 *               0 if numBlocks * blockSize > P.maxThreadsPerMultiProcessor
 *               or numBlocks > P.maxBlocksPerMultiProcessor; else the lesser
 *               of P.sharedMemPerBlockOptin and
 *               P.sharedMemPerMultiprocessor / numBlocks, less
 *               A.sharedSizeBytes
 *
 * Cooperative launches on the CPU run every block of the grid at the same
 * time, each on an OS thread of its own, so blocks may wait for each other
 * (through infinirt_atomic_* on global memory; the kernel model has no
 * grid-wide barrier of its own). As CUDA requires, the grid may have at
 * most numBlocks (above) times multiProcessorCount blocks, else the launch
 * is CooperativeLaunchTooLarge. */

/* What infinirtFuncGetAttributes reports; the layout equals CUDA 13's
 * struct cudaFuncAttributes. */
struct infinirtFuncAttributes {
  size_t sharedSizeBytes; /* static shared memory per block */
  size_t constSizeBytes;  /* user constant memory */
  size_t localSizeBytes;  /* local memory per thread */
  int maxThreadsPerBlock; /* the most threads a launch may have per block */
  int numRegs;            /* registers per thread */
  int ptxVersion;         /* major * 10 + minor */
  int binaryVersion;      /* major * 10 + minor */
  int cacheModeCA;        /* built with -Xptxas --dlcm=ca */
  int maxDynamicSharedSizeBytes; /* the most dynamic shared memory a launch
                                    may ask for */
  int preferredShmemCarveout;    /* percent, or -1 for no preference */
  int clusterDimMustBeSet;
  int requiredClusterWidth;
  int requiredClusterHeight;
  int requiredClusterDepth;
  int clusterSchedulingPolicyPreference;
  int nonPortableClusterSizeAllowed;
  int reserved[16];
};
typedef struct infinirtFuncAttributes infinirtFuncAttributes;

/* The attributes infinirtFuncSetAttribute and
 * infinirtKernelSetAttributeForDevice set (CUDA's values). */
enum infinirtFuncAttribute {
  infinirtFuncAttributeMaxDynamicSharedMemorySize = 8,
  infinirtFuncAttributePreferredSharedMemoryCarveout = 9,
  infinirtFuncAttributeClusterDimMustBeSet = 10,
  infinirtFuncAttributeRequiredClusterWidth = 11,
  infinirtFuncAttributeRequiredClusterHeight = 12,
  infinirtFuncAttributeRequiredClusterDepth = 13,
  infinirtFuncAttributeNonPortableClusterSizeAllowed = 14,
  infinirtFuncAttributeClusterSchedulingPolicyPreference = 15,
  infinirtFuncAttributeMax
};
typedef enum infinirtFuncAttribute infinirtFuncAttribute;

/* infinirtFuncSetCacheConfig takes the infinirtFuncCache of
 * infinirtDeviceSetCacheConfig. */

/* Values of infinirtFuncAttributePreferredSharedMemoryCarveout besides a
 * percentage (CUDA's). */
enum infinirtSharedCarveout {
  infinirtSharedmemCarveoutDefault = -1,
  infinirtSharedmemCarveoutMaxShared = 100,
  infinirtSharedmemCarveoutMaxL1 = 0
};

/* infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags flags. */
#define infinirtOccupancyDefault 0x00
#define infinirtOccupancyDisableCachingOverride 0x01

/* Launch attributes (infinirtLaunchKernelExC); names, values and layouts as
 * CUDA 13's. */
enum infinirtAccessProperty {
  infinirtAccessPropertyNormal = 0,
  infinirtAccessPropertyStreaming = 1,
  infinirtAccessPropertyPersisting = 2
};

struct infinirtAccessPolicyWindow {
  void *base_ptr;
  size_t num_bytes;
  float hitRatio;
  enum infinirtAccessProperty hitProp;
  enum infinirtAccessProperty missProp;
};

enum infinirtSynchronizationPolicy {
  infinirtSyncPolicyAuto = 1,
  infinirtSyncPolicySpin = 2,
  infinirtSyncPolicyYield = 3,
  infinirtSyncPolicyBlockingSync = 4
};

enum infinirtClusterSchedulingPolicy {
  infinirtClusterSchedulingPolicyDefault = 0,
  infinirtClusterSchedulingPolicySpread = 1,
  infinirtClusterSchedulingPolicyLoadBalancing = 2
};

typedef enum infinirtLaunchMemSyncDomain {
  infinirtLaunchMemSyncDomainDefault = 0,
  infinirtLaunchMemSyncDomainRemote = 1
} infinirtLaunchMemSyncDomain;

typedef struct infinirtLaunchMemSyncDomainMap_st {
  unsigned char default_;
  unsigned char remote;
} infinirtLaunchMemSyncDomainMap;

/* What each backend does with each attribute is in infinirtLaunchKernelExC's
 * comment. */
typedef enum infinirtLaunchAttributeID {
  infinirtLaunchAttributeIgnore = 0,
  infinirtLaunchAttributeAccessPolicyWindow = 1,
  infinirtLaunchAttributeCooperative = 2,
  infinirtLaunchAttributeSynchronizationPolicy = 3,
  infinirtLaunchAttributeClusterDimension = 4,
  infinirtLaunchAttributeClusterSchedulingPolicyPreference = 5,
  infinirtLaunchAttributeProgrammaticStreamSerialization = 6,
  infinirtLaunchAttributeProgrammaticEvent = 7,
  infinirtLaunchAttributePriority = 8,
  infinirtLaunchAttributeMemSyncDomainMap = 9,
  infinirtLaunchAttributeMemSyncDomain = 10,
  infinirtLaunchAttributePreferredClusterDimension = 11,
  infinirtLaunchAttributeLaunchCompletionEvent = 12,
  infinirtLaunchAttributeDeviceUpdatableKernelNode = 13,
  infinirtLaunchAttributePreferredSharedMemoryCarveout = 14,
  infinirtLaunchAttributeNvlinkUtilCentricScheduling = 16
} infinirtLaunchAttributeID;

/* A device-updatable graph node (cudaGraphDeviceNode_t). */
typedef struct infinirtGraphDeviceUpdatableNode_st *infinirtGraphDeviceNode_t;

typedef union infinirtLaunchAttributeValue {
  char pad[64];
  struct infinirtAccessPolicyWindow accessPolicyWindow;
  int cooperative;
  enum infinirtSynchronizationPolicy syncPolicy;
  struct {
    unsigned int x;
    unsigned int y;
    unsigned int z;
  } clusterDim;
  enum infinirtClusterSchedulingPolicy clusterSchedulingPolicyPreference;
  int programmaticStreamSerializationAllowed;
  struct {
    infinirtEvent_t event;
    int flags;
    int triggerAtBlockStart;
  } programmaticEvent;
  int priority;
  infinirtLaunchMemSyncDomainMap memSyncDomainMap;
  infinirtLaunchMemSyncDomain memSyncDomain;
  struct {
    unsigned int x;
    unsigned int y;
    unsigned int z;
  } preferredClusterDim;
  struct {
    infinirtEvent_t event;
    int flags;
  } launchCompletionEvent;
  struct {
    int deviceUpdatable;
    infinirtGraphDeviceNode_t devNode;
  } deviceUpdatableKernelNode;
  unsigned int sharedMemCarveout;
  unsigned int nvlinkUtilCentricScheduling;
} infinirtLaunchAttributeValue;

typedef struct infinirtLaunchAttribute_st {
  infinirtLaunchAttributeID id;
  char pad[8 - sizeof(infinirtLaunchAttributeID)];
  infinirtLaunchAttributeValue val;
} infinirtLaunchAttribute;

/* infinirtLaunchKernelExC's configuration (cudaLaunchConfig_t). */
typedef struct infinirtLaunchConfig_st {
  infinirtDim3 gridDim;
  infinirtDim3 blockDim;
  size_t dynamicSmemBytes;
  infinirtStream_t stream;
  infinirtLaunchAttribute *attrs; /* may be NULL when numAttrs is 0 */
  unsigned int numAttrs;
} infinirtLaunchConfig_t;

/* Stores the attributes of kernel |func| on the current device of its type
 * in |*attr|. Errors: InvalidValue if |attr| is NULL;
 * InvalidDeviceFunction if |func| is not a live kernel. */
INFINIRT_API infinirtError_t infinirtFuncGetAttributes(
    struct infinirtFuncAttributes *attr, const void *func);

/* Sets attribute |attr| of kernel |func| to |value|, for every later launch
 * on the current device of its type; it overrides
 * infinirtKernelSetAttributeForDevice, whichever came first, as in CUDA.
 * MaxDynamicSharedMemorySize takes 0 .. sharedMemPerBlockOptin -
 * sharedSizeBytes and is what a launch's dynamic shared memory is checked
 * against; PreferredSharedMemoryCarveout takes -1 .. 100 and is a hint (the
 * CPU records it and FuncGetAttributes reports it). The cluster attributes
 * need thread block clusters (NotSupported on the CPU).
 * Errors: InvalidDeviceFunction if |func| is not a live kernel;
 * InvalidValue for an attribute that cannot be set (ClusterDimMustBeSet is
 * read-only) or a value out of its range; NotSupported as above;
 * NotPermitted where the image fixed the value at compile time (NVIDIA). */
INFINIRT_API infinirtError_t infinirtFuncSetAttribute(
    const void *func, enum infinirtFuncAttribute attr, int value);

/* Sets the preferred split of L1 cache and shared memory for kernel |func|
 * (a hint, which the CPU, having no such split, accepts and ignores; CUDA's
 * runtime takes no cudaKernel_t here, this one takes the kernel handles a
 * port has).
 * Errors: InvalidDeviceFunction if |func| is not a live kernel; InvalidValue
 * if |cacheConfig| is not an infinirtFuncCache. */
INFINIRT_API infinirtError_t infinirtFuncSetCacheConfig(
    const void *func, enum infinirtFuncCache cacheConfig);

/* Sets the preferred shared memory bank size for kernel |func| (CUDA
 * deprecates it: banks have a fixed size on current devices, where it does
 * nothing). The CPU, having no banks, accepts and ignores it.
 * Errors: InvalidDeviceFunction if |func| is not a live kernel; InvalidValue
 * if |config| is not an infinirtSharedMemConfig. */
INFINIRT_API infinirtError_t infinirtFuncSetSharedMemConfig(
    const void *func, enum infinirtSharedMemConfig config);

/* Stores in |*name| the name of kernel |func|, valid while its library is
 * loaded. Errors: InvalidValue if |name| is NULL; InvalidDeviceFunction if
 * |func| is not a live kernel. */
INFINIRT_API infinirtError_t infinirtFuncGetName(const char **name,
                                                 const void *func);

/* Stores where parameter |paramIndex| of kernel |func| lies in the
 * backend's parameter layout: its offset in |*paramOffset| and its size in
 * |*paramSize| (which may be NULL). On the CPU every parameter starts on a
 * 16-byte boundary. Errors: InvalidValue if |paramOffset| is NULL or the
 * kernel has no parameter |paramIndex|; InvalidDeviceFunction if |func| is
 * not a live kernel. */
INFINIRT_API infinirtError_t infinirtFuncGetParamInfo(const void *func,
                                                      size_t paramIndex,
                                                      size_t *paramOffset,
                                                      size_t *paramSize);

/* Stores in |*numBlocks| how many blocks of |blockSize| threads, each with
 * |dynamicSMemSize| bytes of dynamic shared memory, can be active at once
 * on one multiprocessor of the current device of |func|'s type (the CPU's
 * formula is above this section's functions). 0 if such a block cannot run.
 * Errors: InvalidValue if |numBlocks| is NULL or |blockSize| is not
 * positive; InvalidDeviceFunction if |func| is not a live kernel. */
INFINIRT_API infinirtError_t infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize);

/* Stores in |*dynamicSmemSize| the most dynamic shared memory a block of
 * |blockSize| threads can have with |numBlocks| blocks active on one
 * multiprocessor (0 if they cannot all be). Errors: InvalidValue if
 * |dynamicSmemSize| is NULL or |numBlocks| or |blockSize| is not positive;
 * InvalidDeviceFunction if |func| is not a live kernel. */
INFINIRT_API infinirtError_t infinirtOccupancyAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, const void *func, int numBlocks, int blockSize);

/* As infinirtOccupancyMaxActiveBlocksPerMultiprocessor, with |flags|
 * infinirtOccupancyDefault or infinirtOccupancyDisableCachingOverride (which
 * changes nothing on the CPU, where caching does not limit occupancy).
 * Errors: those of OccupancyMaxActiveBlocksPerMultiprocessor; InvalidValue
 * for unknown flag bits. */
INFINIRT_API infinirtError_t
infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags);

/* Stores in |*clusterSize| the largest cluster of blocks of |launchConfig|
 * (block size and dynamic shared memory; its cluster dimension is ignored,
 * and its stream too, here) that kernel |func| can be launched with on the
 * current device of its type: the kernel's required cluster size if it has
 * one, else a portable size unless it allows non-portable ones. The CPU
 * device has no thread block clusters (clusterLaunch 0): NotSupported there.
 * Errors: InvalidValue if |clusterSize| or |launchConfig| is NULL or the
 * configuration's attributes are malformed (as infinirtLaunchKernelExC's);
 * InvalidConfiguration for an empty dimension; InvalidDeviceFunction if
 * |func| is not a live kernel; NotSupported on the CPU. */
INFINIRT_API infinirtError_t infinirtOccupancyMaxPotentialClusterSize(
    int *clusterSize, const void *func,
    const infinirtLaunchConfig_t *launchConfig);

/* Stores in |*numClusters| how many clusters of |launchConfig| (its
 * ClusterDimension attribute, which must match the size the kernel
 * requires if it has one) can be resident on the current device
 * of |func|'s type at once. Without a cluster attribute each block counts
 * as a cluster of its own (as the H200 answers). The CPU device has no
 * clusters: a configuration with a cluster attribute is NotSupported there.
 * Errors: those of OccupancyMaxPotentialClusterSize; InvalidClusterSize for
 * a cluster size the kernel cannot have; NotSupported on the CPU for a
 * configuration with a cluster attribute. */
INFINIRT_API infinirtError_t
infinirtOccupancyMaxActiveClusters(int *numClusters, const void *func,
                                   const infinirtLaunchConfig_t *launchConfig);

/* As infinirtLaunchKernel, with the grid, block, dynamic shared memory and
 * stream taken from |config| and its |numAttrs| attributes applied. The
 * CPU honours Ignore, Cooperative (as infinirtLaunchCooperativeKernel),
 * ProgrammaticStreamSerialization (it allows an overlap with the previous
 * kernel, which the CPU never takes: stream order satisfies every
 * dependency), ProgrammaticEvent and LaunchCompletionEvent (the event is
 * recorded once the kernel has completed, the latest moment CUDA allows),
 * and takes Priority, PreferredSharedMemoryCarveout and
 * NvlinkUtilCentricScheduling as the hints they are; every other attribute
 * is NotSupported there (no persisting L2, clusters, memory synchronisation
 * domains or graphs), with the reason in the error detail. NVIDIA passes
 * them to the driver (cuLaunchKernelEx), but DeviceUpdatableKernelNode,
 * which needs graphs, is NotSupported.
 * Errors: those of infinirtLaunchKernel; InvalidValue if |config| is NULL,
 * |attrs| is NULL with a non-zero |numAttrs|, an attribute's id is not an
 * infinirtLaunchAttributeID, or an event attribute's event was created
 * without infinirtEventDisableTiming or has non-zero flags;
 * InvalidResourceHandle if an event attribute names no live event of the
 * kernel's device type; CooperativeLaunchTooLarge as for
 * LaunchCooperativeKernel; NotSupported as above. */
INFINIRT_API infinirtError_t infinirtLaunchKernelExC(
    const infinirtLaunchConfig_t *config, const void *func, void **args);

/* As infinirtLaunchKernel, with every block of the grid resident at once so
 * that blocks may wait for each other (the CPU's guarantee is described
 * above this section's functions). Errors: those of infinirtLaunchKernel;
 * CooperativeLaunchTooLarge if the grid has more blocks than
 * infinirtOccupancyMaxActiveBlocksPerMultiprocessor times
 * multiProcessorCount. */
INFINIRT_API infinirtError_t infinirtLaunchCooperativeKernel(
    const void *func, infinirtDim3 gridDim, infinirtDim3 blockDim, void **args,
    size_t sharedMem, infinirtStream_t stream);

/* Stores in |*dptr| and |*bytes| the device address and size of global
 * |name| of |library| on the current device of its type (either pointer,
 * not both, may be NULL), and makes that address a symbol for
 * MemcpyToSymbol and its kin. Errors: InvalidValue if both |dptr| and
 * |bytes| or |name| are NULL; InvalidResourceHandle for a library that is
 * not live; SymbolNotFound if the library has no global of that name;
 * NotSupported for a CPU image without section headers; MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtLibraryGetGlobal(void **dptr,
                                                      size_t *bytes,
                                                      infinirtLibrary_t library,
                                                      const char *name);

/* As infinirtLibraryGetGlobal for a managed global (INFINIRT_MANAGED_GLOBAL;
 * CUDA's __managed__), whose address the host may also use directly.
 * Errors: as LibraryGetGlobal; SymbolNotFound also for a global that is not
 * managed. */
INFINIRT_API infinirtError_t infinirtLibraryGetManaged(
    void **dptr, size_t *bytes, infinirtLibrary_t library, const char *name);

/* Stores the number of kernels of |lib| in |*count|.
 * Errors: InvalidValue if |count| is NULL; InvalidResourceHandle for a
 * library that is not live; NotSupported for a CPU image without section
 * headers (stripped by sstrip, say). */
INFINIRT_API infinirtError_t
infinirtLibraryGetKernelCount(unsigned int *count, infinirtLibrary_t lib);

/* Stores up to |numKernels| kernel handles of |lib| in |kernels|, each
 * kernel once (the handle infinirtLibraryGetKernel gives for its name).
 * Errors: InvalidValue if |kernels| is NULL with a non-zero |numKernels|;
 * InvalidResourceHandle for a library that is not live; as
 * LibraryGetKernelCount; InvalidKernelImage for a CPU kernel whose info is
 * malformed; MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtLibraryEnumerateKernels(
    infinirtKernel_t *kernels, unsigned int numKernels, infinirtLibrary_t lib);

/* As infinirtFuncSetAttribute, for |device| (an ordinal of |kernel|'s device
 * type) only, and overridden there by FuncSetAttribute.
 * Errors: those of FuncSetAttribute; InvalidDevice if |device| is not an
 * ordinal of the kernel's type. */
INFINIRT_API infinirtError_t infinirtKernelSetAttributeForDevice(
    infinirtKernel_t kernel, enum infinirtFuncAttribute attr, int value,
    int device);

/* Copies |count| bytes from |src| to |offset| bytes into |symbol| (see
 * "Symbols" above), as infinirtMemcpy does. |kind| is HostToDevice,
 * DeviceToDevice or Default. Errors: InvalidSymbol if |symbol| is not a
 * symbol; InvalidValue if |offset| + |count| exceeds its size, or |src| is
 * NULL or wraps with a non-zero |count|; InvalidMemcpyDirection for another
 * |kind|; those of infinirtMemcpy. */
INFINIRT_API infinirtError_t
infinirtMemcpyToSymbol(const void *symbol, const void *src, size_t count,
                       size_t offset, enum infinirtMemcpyKind kind);

/* Copies |count| bytes from |offset| bytes into |symbol| to |dst|. |kind| is
 * DeviceToHost, DeviceToDevice or Default. Errors: as MemcpyToSymbol, for
 * |dst|. */
INFINIRT_API infinirtError_t
infinirtMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                         size_t offset, enum infinirtMemcpyKind kind);

/* As infinirtMemcpyToSymbol, enqueued on |stream| as infinirtMemcpyAsync.
 * Errors: those of MemcpyToSymbol and MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtMemcpyToSymbolAsync(
    const void *symbol, const void *src, size_t count, size_t offset,
    enum infinirtMemcpyKind kind, infinirtStream_t stream);

/* As infinirtMemcpyFromSymbol, enqueued on |stream| as infinirtMemcpyAsync.
 * Errors: those of MemcpyFromSymbol and MemcpyAsync. */
INFINIRT_API infinirtError_t infinirtMemcpyFromSymbolAsync(
    void *dst, const void *symbol, size_t count, size_t offset,
    enum infinirtMemcpyKind kind, infinirtStream_t stream);

/* Stores the device address of |symbol| (which, here, is that address) in
 * |*devPtr|. Errors: InvalidValue if |devPtr| is NULL; InvalidSymbol if
 * |symbol| is not a symbol. */
INFINIRT_API infinirtError_t infinirtGetSymbolAddress(void **devPtr,
                                                      const void *symbol);

/* Stores the size of |symbol| in |*size|. Errors: InvalidValue if |size| is
 * NULL; InvalidSymbol if |symbol| is not a symbol. */
INFINIRT_API infinirtError_t infinirtGetSymbolSize(size_t *size,
                                                   const void *symbol);

/* ------------------------------------------------------------------------ */
/* Mirrored API: stream attributes                                           */
/* ------------------------------------------------------------------------ */

/* CUDA's cudaStreamAttr* names for the launch attributes that also apply
 * to a stream (the launch attribute types are in the section above). */
#define infinirtStreamAttrID infinirtLaunchAttributeID
#define infinirtStreamAttributeAccessPolicyWindow                              \
  infinirtLaunchAttributeAccessPolicyWindow
#define infinirtStreamAttributeSynchronizationPolicy                           \
  infinirtLaunchAttributeSynchronizationPolicy
#define infinirtStreamAttributeMemSyncDomainMap                                \
  infinirtLaunchAttributeMemSyncDomainMap
#define infinirtStreamAttributeMemSyncDomain                                   \
  infinirtLaunchAttributeMemSyncDomain
#define infinirtStreamAttributePriority infinirtLaunchAttributePriority
#define infinirtStreamAttrValue infinirtLaunchAttributeValue

/* Stores attribute |attr| of |hStream| in the matching member of
 * |*value_out| (the other bytes are left as they were). A default stream
 * (NULL, infinirtStreamLegacy, infinirtStreamPerThread) has attributes of
 * its own, as any stream. What the CPU keeps: Priority is the stream's
 * priority (as StreamGetPriority); AccessPolicyWindow the window last set
 * (num_bytes 0 at first: the CPU has no persisting L2); SynchronizationPolicy
 * the policy last set (infinirtSyncPolicyAuto at first; the CPU's waiting is
 * adaptive whatever it says); MemSyncDomainMap ({0, 1} at first) and
 * MemSyncDomain (Default at first) as last set, having no effect there.
 * Errors: InvalidValue if |value_out| is NULL or |attr| is not one of the
 * five stream attributes; InvalidResourceHandle for a stream that is not
 * live. */
INFINIRT_API infinirtError_t
infinirtStreamGetAttribute(infinirtStream_t hStream, infinirtStreamAttrID attr,
                           infinirtStreamAttrValue *value_out);

/* Sets attribute |attr| of |hStream| from the matching member of |*value|,
 * for the work enqueued afterwards (work already enqueued is not affected).
 * Priority is clamped to the range infinirtDeviceGetStreamPriorityRange
 * reports, as at creation; StreamGetPriority reports it and the CPU
 * schedules the stream's later work at it. An AccessPolicyWindow must have
 * num_bytes at most the device's accessPolicyMaxWindowSize (0 on the CPU,
 * so only an empty window is accepted there), a hitRatio in [0, 1] and
 * hitProp and missProp infinirtAccessProperty values.
 * Errors: InvalidValue if |value| is NULL, |attr| is not one of the five
 * stream attributes, or the value is out of range as above;
 * InvalidResourceHandle for a stream that is not live. */
INFINIRT_API infinirtError_t
infinirtStreamSetAttribute(infinirtStream_t hStream, infinirtStreamAttrID attr,
                           const infinirtStreamAttrValue *value);

/* Copies every stream attribute of |src| to |dst|, for the work enqueued
 * on |dst| afterwards. Both must be streams of one device (CUDA: of one
 * context); either may be a default stream.
 * Errors: InvalidValue if they are streams of different devices or device
 * types; InvalidResourceHandle for a stream that is not live; NotSupported
 * where the driver cannot copy an attribute (CUDA documents it). */
INFINIRT_API infinirtError_t infinirtStreamCopyAttributes(infinirtStream_t dst,
                                                          infinirtStream_t src);

#ifdef __cplusplus
} /* extern "C" */
#endif

#include "infinirt_ext.h"
#include "infinirt_graph.h"

/* The per-thread default stream chosen at compile time, as CUDA's
 * CUDA_API_PER_THREAD_DEFAULT_STREAM (or
 * __CUDART_API_PER_THREAD_DEFAULT_STREAM) chooses it: stream 0 becomes
 * infinirtStreamPerThread (infinirt_ptds.h). */
#if defined(INFINIRT_API_PER_THREAD_DEFAULT_STREAM) &&                         \
    !defined(__INFINIRTRT_API_PER_THREAD_DEFAULT_STREAM)
#define __INFINIRTRT_API_PER_THREAD_DEFAULT_STREAM
#endif
#ifdef __INFINIRTRT_API_PER_THREAD_DEFAULT_STREAM
#include "infinirt_ptds.h"
#endif

#endif /* INFINIRT_H_ */
