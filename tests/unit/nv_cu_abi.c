/*
 * infinirt_nv_cu_abi.c - compile-time check of the NVIDIA backend's own driver
 * declarations against the CUDA toolkit's cuda.h and cudaTypedefs.h:
 *
 *   - every typedef, enum value, flag and struct layout of cu_abi.h;
 *   - every line of cu_symbols.def: its parameters are the driver's ABI at
 *     the pinned version (cuGetProcAddress_v2 path), that version lies in the
 *     range where that ABI holds, and the dlsym fallback name is the exported
 *     name of that same ABI (a wrong pin or name gives a function of another
 *     ABI, which no test on a GPU would reliably catch);
 *   - every line of cu_errors.def: the driver's name and number, and the
 *     mirrored code (CUDA runtime's code of the same number, or Unknown);
 *   - the infinirt values the backend passes to the driver unchanged (device
 *     attributes, stream/event/host-memory flags, JIT and library options).
 *
 * cu_abi.h and cuda.h declare the same names, so cu_abi.h is read first with
 * each of its names renamed to ours_*, and its macros are captured and
 * undefined before cuda.h is read. A name added to cu_abi.h without a line
 * here makes this file fail to compile, which is the point. Built only
 * where the toolkit header exists, never part of the library. If it
 * compiles, it passes.
 */
#include <stddef.h>
#include <stdint.h>

/* ---- cu_abi.h, every name renamed --------------------------------------- */

#define CUresult ours_CUresult
#define CUdevice ours_CUdevice
#define CUdeviceptr ours_CUdeviceptr
#define cuuint64_t ours_cuuint64_t
#define CUcontext ours_CUcontext
#define CUstream ours_CUstream
#define CUevent ours_CUevent
#define CUfunction ours_CUfunction
#define CUlibrary ours_CUlibrary
#define CUkernel ours_CUkernel
#define CUmodule ours_CUmodule
#define CUarray ours_CUarray
#define CUhostFn ours_CUhostFn
#define CUuuid_st ours_CUuuid_st
#define CUuuid ours_CUuuid
#define CUDA_SUCCESS ours_CUDA_SUCCESS
#define CUDA_ERROR_INVALID_VALUE ours_CUDA_ERROR_INVALID_VALUE
#define CUDA_ERROR_OUT_OF_MEMORY ours_CUDA_ERROR_OUT_OF_MEMORY
#define CUDA_ERROR_STUB_LIBRARY ours_CUDA_ERROR_STUB_LIBRARY
#define CUDA_ERROR_NO_DEVICE ours_CUDA_ERROR_NO_DEVICE
#define CUDA_ERROR_INVALID_CONTEXT ours_CUDA_ERROR_INVALID_CONTEXT
#define CUDA_ERROR_INVALID_HANDLE ours_CUDA_ERROR_INVALID_HANDLE
#define CUDA_ERROR_ILLEGAL_STATE ours_CUDA_ERROR_ILLEGAL_STATE
#define CUDA_ERROR_NOT_FOUND ours_CUDA_ERROR_NOT_FOUND
#define CUDA_ERROR_NOT_READY ours_CUDA_ERROR_NOT_READY
#define CUdriverProcAddressQueryResult ours_CUdriverProcAddressQueryResult
#define CU_GET_PROC_ADDRESS_SUCCESS ours_CU_GET_PROC_ADDRESS_SUCCESS
#define CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND                                   \
  ours_CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND
#define CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT                             \
  ours_CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT
#define CUmemorytype ours_CUmemorytype
#define CU_MEMORYTYPE_HOST ours_CU_MEMORYTYPE_HOST
#define CU_MEMORYTYPE_DEVICE ours_CU_MEMORYTYPE_DEVICE
#define CU_MEMORYTYPE_ARRAY ours_CU_MEMORYTYPE_ARRAY
#define CU_MEMORYTYPE_UNIFIED ours_CU_MEMORYTYPE_UNIFIED
#define CUpointer_attribute ours_CUpointer_attribute
#define CU_POINTER_ATTRIBUTE_MEMORY_TYPE ours_CU_POINTER_ATTRIBUTE_MEMORY_TYPE
#define CU_POINTER_ATTRIBUTE_DEVICE_POINTER                                    \
  ours_CU_POINTER_ATTRIBUTE_DEVICE_POINTER
#define CU_POINTER_ATTRIBUTE_HOST_POINTER ours_CU_POINTER_ATTRIBUTE_HOST_POINTER
#define CU_POINTER_ATTRIBUTE_IS_MANAGED ours_CU_POINTER_ATTRIBUTE_IS_MANAGED
#define CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL                                    \
  ours_CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
#define CUdevice_attribute ours_CUdevice_attribute
#define CUjit_option ours_CUjit_option
#define CUlibraryOption ours_CUlibraryOption
#define CU_JIT_ERROR_LOG_BUFFER ours_CU_JIT_ERROR_LOG_BUFFER
#define CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES                                     \
  ours_CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
#define CUDA_MEMCPY2D ours_CUDA_MEMCPY2D
#define CUsharedconfig ours_CUsharedconfig
#define CUmemcpyAttributes_st ours_CUmemcpyAttributes_st
#define CUmemcpyAttributes ours_CUmemcpyAttributes
#define CUmemLocation_st ours_CUmemLocation_st
#define CUmemLocation ours_CUmemLocation
#define CUmem_advise ours_CUmem_advise
#define CUdevice_P2PAttribute ours_CUdevice_P2PAttribute
#define CUlimit ours_CUlimit
#define CUfunc_cache ours_CUfunc_cache
#define CUflushGPUDirectRDMAWritesTarget ours_CUflushGPUDirectRDMAWritesTarget
#define CUflushGPUDirectRDMAWritesScope ours_CUflushGPUDirectRDMAWritesScope
#define CUDA_ERROR_PEER_ACCESS_UNSUPPORTED                                     \
  ours_CUDA_ERROR_PEER_ACCESS_UNSUPPORTED
/* 2D and 3D memory */
#define CUDA_MEMCPY3D ours_CUDA_MEMCPY3D
#define CUDA_MEMCPY3D_PEER ours_CUDA_MEMCPY3D_PEER
/* memory pools */
#define CUmemoryPool ours_CUmemoryPool
#define CUmemPool_attribute ours_CUmemPool_attribute
#define CUmemAccess_flags ours_CUmemAccess_flags
#define CUmemAccessDesc_st ours_CUmemAccessDesc_st
#define CUmemAccessDesc ours_CUmemAccessDesc
#define CUmemAllocationType ours_CUmemAllocationType
#define CUmemPoolProps_st ours_CUmemPoolProps_st
#define CUmemPoolProps ours_CUmemPoolProps
#define CUipcEventHandle_st ours_CUipcEventHandle_st
#define CUipcEventHandle ours_CUipcEventHandle
#define CUipcMemHandle_st ours_CUipcMemHandle_st
#define CUipcMemHandle ours_CUipcMemHandle

#include "cu_abi.h"

/* Its macros, captured as constants, then undefined. */
enum {
  ours_CU_GET_PROC_ADDRESS_LEGACY_STREAM = CU_GET_PROC_ADDRESS_LEGACY_STREAM,
  ours_CU_STREAM_NON_BLOCKING = CU_STREAM_NON_BLOCKING,
  ours_CU_EVENT_BLOCKING_SYNC = CU_EVENT_BLOCKING_SYNC,
  ours_CU_EVENT_DISABLE_TIMING = CU_EVENT_DISABLE_TIMING,
  ours_CU_EVENT_WAIT_EXTERNAL = CU_EVENT_WAIT_EXTERNAL,
  ours_CU_EVENT_INTERPROCESS = CU_EVENT_INTERPROCESS,
  ours_CU_IPC_HANDLE_SIZE = CU_IPC_HANDLE_SIZE,
  ours_CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS = CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS,
  ours_CU_MEMHOSTALLOC_PORTABLE = CU_MEMHOSTALLOC_PORTABLE,
  ours_CU_MEMHOSTALLOC_DEVICEMAP = CU_MEMHOSTALLOC_DEVICEMAP,
  ours_CU_MEMHOSTALLOC_WRITECOMBINED = CU_MEMHOSTALLOC_WRITECOMBINED,
  ours_CU_MEMHOSTREGISTER_PORTABLE = CU_MEMHOSTREGISTER_PORTABLE,
  ours_CU_MEMHOSTREGISTER_DEVICEMAP = CU_MEMHOSTREGISTER_DEVICEMAP,
  ours_CU_MEMHOSTREGISTER_IOMEMORY = CU_MEMHOSTREGISTER_IOMEMORY,
  ours_CU_MEMHOSTREGISTER_READ_ONLY = CU_MEMHOSTREGISTER_READ_ONLY,
  ours_CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS =
      CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS,
};
enum { ours_CU_STREAM_LEGACY = (uintptr_t)CU_STREAM_LEGACY };
#undef CU_GET_PROC_ADDRESS_LEGACY_STREAM
#undef CU_STREAM_LEGACY
#undef CU_STREAM_NON_BLOCKING
#undef CU_EVENT_BLOCKING_SYNC
#undef CU_EVENT_DISABLE_TIMING
#undef CU_EVENT_WAIT_EXTERNAL
#undef CU_EVENT_INTERPROCESS
#undef CU_IPC_HANDLE_SIZE
#undef CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS
#undef CU_MEMHOSTALLOC_PORTABLE
#undef CU_MEMHOSTALLOC_DEVICEMAP
#undef CU_MEMHOSTALLOC_WRITECOMBINED
#undef CU_MEMHOSTREGISTER_PORTABLE
#undef CU_MEMHOSTREGISTER_DEVICEMAP
#undef CU_MEMHOSTREGISTER_IOMEMORY
#undef CU_MEMHOSTREGISTER_READ_ONLY
#undef CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS

/* The renames end here: what follows is cuda.h's. */
#undef CUresult
#undef CUdevice
#undef CUdeviceptr
#undef cuuint64_t
#undef CUcontext
#undef CUstream
#undef CUevent
#undef CUfunction
#undef CUlibrary
#undef CUkernel
#undef CUmodule
#undef CUarray
#undef CUhostFn
#undef CUuuid_st
#undef CUuuid
#undef CUDA_SUCCESS
#undef CUDA_ERROR_INVALID_VALUE
#undef CUDA_ERROR_OUT_OF_MEMORY
#undef CUDA_ERROR_STUB_LIBRARY
#undef CUDA_ERROR_NO_DEVICE
#undef CUDA_ERROR_INVALID_CONTEXT
#undef CUDA_ERROR_INVALID_HANDLE
#undef CUDA_ERROR_ILLEGAL_STATE
#undef CUDA_ERROR_NOT_FOUND
#undef CUDA_ERROR_NOT_READY
#undef CUdriverProcAddressQueryResult
#undef CU_GET_PROC_ADDRESS_SUCCESS
#undef CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND
#undef CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT
#undef CUmemorytype
#undef CU_MEMORYTYPE_HOST
#undef CU_MEMORYTYPE_DEVICE
#undef CU_MEMORYTYPE_ARRAY
#undef CU_MEMORYTYPE_UNIFIED
#undef CUpointer_attribute
#undef CU_POINTER_ATTRIBUTE_MEMORY_TYPE
#undef CU_POINTER_ATTRIBUTE_DEVICE_POINTER
#undef CU_POINTER_ATTRIBUTE_HOST_POINTER
#undef CU_POINTER_ATTRIBUTE_IS_MANAGED
#undef CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL
#undef CUdevice_attribute
#undef CUjit_option
#undef CUlibraryOption
#undef CU_JIT_ERROR_LOG_BUFFER
#undef CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
#undef CUDA_MEMCPY2D
#undef CUsharedconfig
#undef CUmemcpyAttributes_st
#undef CUmemcpyAttributes
#undef CUmemLocation_st
#undef CUmemLocation
#undef CUmem_advise
#undef CUdevice_P2PAttribute
#undef CUlimit
#undef CUfunc_cache
#undef CUflushGPUDirectRDMAWritesTarget
#undef CUflushGPUDirectRDMAWritesScope
#undef CUDA_ERROR_PEER_ACCESS_UNSUPPORTED
#undef CUDA_MEMCPY3D
#undef CUDA_MEMCPY3D_PEER
/* memory pools */
#undef CUmemoryPool
#undef CUmemPool_attribute
#undef CUmemAccess_flags
#undef CUmemAccessDesc_st
#undef CUmemAccessDesc
#undef CUmemAllocationType
#undef CUmemPoolProps_st
#undef CUmemPoolProps
#undef CUipcEventHandle_st
#undef CUipcEventHandle
#undef CUipcMemHandle_st
#undef CUipcMemHandle

#include <cuda.h>
#include <cudaProfiler.h>
#include <cudaProfilerTypedefs.h>
#include <cudaTypedefs.h>

#include "infinirt.h"

#define SAME(ours, theirs)                                                     \
  _Static_assert((long long)(ours) == (long long)(theirs),                     \
                 #ours " differs from cuda.h's " #theirs)
#define SAME_TYPE(ours, theirs)                                                \
  _Static_assert(__builtin_types_compatible_p(ours, theirs),                   \
                 #ours " is not cuda.h's " #theirs)
#define SAME_SIZE(ours, theirs)                                                \
  _Static_assert(sizeof(ours) == sizeof(theirs),                               \
                 #ours " differs in size from cuda.h's " #theirs)

/* ---- typedefs: the same type, or (enums declared as int) the same size -- */

SAME_SIZE(ours_CUresult, CUresult);
SAME_TYPE(ours_CUdevice, CUdevice);
SAME_TYPE(ours_CUdeviceptr, CUdeviceptr);
SAME_TYPE(ours_cuuint64_t, cuuint64_t);
SAME_TYPE(ours_CUcontext, CUcontext);
SAME_TYPE(ours_CUstream, CUstream);
SAME_TYPE(ours_CUevent, CUevent);
SAME_TYPE(ours_CUfunction, CUfunction);
SAME_TYPE(ours_CUlibrary, CUlibrary);
SAME_TYPE(ours_CUkernel, CUkernel);
SAME_TYPE(ours_CUmodule, CUmodule);
SAME_TYPE(ours_CUarray, CUarray);
SAME_TYPE(ours_CUhostFn, CUhostFn);
SAME_SIZE(ours_CUdriverProcAddressQueryResult, CUdriverProcAddressQueryResult);
SAME_SIZE(ours_CUmemorytype, CUmemorytype);
SAME_SIZE(ours_CUpointer_attribute, CUpointer_attribute);
SAME_SIZE(ours_CUdevice_attribute, CUdevice_attribute);
SAME_SIZE(ours_CUjit_option, CUjit_option);
SAME_SIZE(ours_CUlibraryOption, CUlibraryOption);
SAME_SIZE(ours_CUmem_advise, CUmem_advise);
SAME_SIZE(ours_CUdevice_P2PAttribute, CUdevice_P2PAttribute);
SAME_SIZE(ours_CUlimit, CUlimit);
SAME_SIZE(ours_CUfunc_cache, CUfunc_cache);
SAME_SIZE(ours_CUsharedconfig, CUsharedconfig);
SAME_SIZE(ours_CUflushGPUDirectRDMAWritesTarget,
          CUflushGPUDirectRDMAWritesTarget);
SAME_SIZE(ours_CUflushGPUDirectRDMAWritesScope,
          CUflushGPUDirectRDMAWritesScope);
SAME_SIZE(ours_CUmemLocation, CUmemLocation);
SAME_SIZE(ours_CUmemAllocationType, CUmemAllocationType);
SAME(offsetof(ours_CUmemLocation, type), offsetof(CUmemLocation, type));
SAME(offsetof(ours_CUmemLocation, id), offsetof(CUmemLocation, id));
SAME_SIZE(ours_CUmemcpyAttributes, CUmemcpyAttributes);
SAME(offsetof(ours_CUmemcpyAttributes, srcLocHint),
     offsetof(CUmemcpyAttributes, srcLocHint));
SAME(offsetof(ours_CUmemcpyAttributes, dstLocHint),
     offsetof(CUmemcpyAttributes, dstLocHint));
SAME(offsetof(ours_CUmemcpyAttributes, flags),
     offsetof(CUmemcpyAttributes, flags));
SAME(infinirtMemcpySrcAccessOrderStream, CU_MEMCPY_SRC_ACCESS_ORDER_STREAM);
SAME(infinirtMemcpySrcAccessOrderDuringApiCall,
     CU_MEMCPY_SRC_ACCESS_ORDER_DURING_API_CALL);
SAME(infinirtMemcpySrcAccessOrderAny, CU_MEMCPY_SRC_ACCESS_ORDER_ANY);
SAME(infinirtMemcpyFlagPreferOverlapWithCompute,
     CU_MEMCPY_FLAG_PREFER_OVERLAP_WITH_COMPUTE);

/* ---- enum values and flags ---------------------------------------------- */

SAME(ours_CUDA_SUCCESS, CUDA_SUCCESS);
SAME(ours_CUDA_ERROR_INVALID_VALUE, CUDA_ERROR_INVALID_VALUE);
SAME(ours_CUDA_ERROR_OUT_OF_MEMORY, CUDA_ERROR_OUT_OF_MEMORY);
SAME(ours_CUDA_ERROR_STUB_LIBRARY, CUDA_ERROR_STUB_LIBRARY);
SAME(ours_CUDA_ERROR_NO_DEVICE, CUDA_ERROR_NO_DEVICE);
SAME(ours_CUDA_ERROR_INVALID_CONTEXT, CUDA_ERROR_INVALID_CONTEXT);
SAME(ours_CUDA_ERROR_INVALID_HANDLE, CUDA_ERROR_INVALID_HANDLE);
SAME(ours_CUDA_ERROR_ILLEGAL_STATE, CUDA_ERROR_ILLEGAL_STATE);
SAME(ours_CUDA_ERROR_NOT_FOUND, CUDA_ERROR_NOT_FOUND);
SAME(ours_CUDA_ERROR_NOT_READY, CUDA_ERROR_NOT_READY);
SAME(ours_CUDA_ERROR_PEER_ACCESS_UNSUPPORTED,
     CUDA_ERROR_PEER_ACCESS_UNSUPPORTED);
SAME(ours_CU_GET_PROC_ADDRESS_SUCCESS, CU_GET_PROC_ADDRESS_SUCCESS);
SAME(ours_CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND,
     CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND);
SAME(ours_CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT,
     CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT);
SAME(ours_CU_GET_PROC_ADDRESS_LEGACY_STREAM, CU_GET_PROC_ADDRESS_LEGACY_STREAM);
/* A pointer cast is no integer constant expression: Clang folds one only in
 * an enum initializer (as GCC does), not in _Static_assert. */
enum { theirs_CU_STREAM_LEGACY = (uintptr_t)CU_STREAM_LEGACY };
SAME(ours_CU_STREAM_LEGACY, theirs_CU_STREAM_LEGACY);
SAME(ours_CU_STREAM_NON_BLOCKING, CU_STREAM_NON_BLOCKING);
SAME(ours_CU_EVENT_BLOCKING_SYNC, CU_EVENT_BLOCKING_SYNC);
SAME(ours_CU_EVENT_DISABLE_TIMING, CU_EVENT_DISABLE_TIMING);
SAME(ours_CU_EVENT_WAIT_EXTERNAL, CU_EVENT_WAIT_EXTERNAL);
SAME(ours_CU_EVENT_INTERPROCESS, CU_EVENT_INTERPROCESS);
SAME(ours_CU_IPC_HANDLE_SIZE, CU_IPC_HANDLE_SIZE);
SAME(ours_CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS,
     CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS);
SAME(ours_CU_MEMHOSTALLOC_PORTABLE, CU_MEMHOSTALLOC_PORTABLE);
SAME(ours_CU_MEMHOSTALLOC_DEVICEMAP, CU_MEMHOSTALLOC_DEVICEMAP);
SAME(ours_CU_MEMHOSTALLOC_WRITECOMBINED, CU_MEMHOSTALLOC_WRITECOMBINED);
SAME(ours_CU_MEMHOSTREGISTER_PORTABLE, CU_MEMHOSTREGISTER_PORTABLE);
SAME(ours_CU_MEMHOSTREGISTER_DEVICEMAP, CU_MEMHOSTREGISTER_DEVICEMAP);
SAME(ours_CU_MEMHOSTREGISTER_IOMEMORY, CU_MEMHOSTREGISTER_IOMEMORY);
SAME(ours_CU_MEMHOSTREGISTER_READ_ONLY, CU_MEMHOSTREGISTER_READ_ONLY);
SAME(ours_CU_MEMORYTYPE_HOST, CU_MEMORYTYPE_HOST);
SAME(ours_CU_MEMORYTYPE_DEVICE, CU_MEMORYTYPE_DEVICE);
SAME(ours_CU_MEMORYTYPE_ARRAY, CU_MEMORYTYPE_ARRAY);
SAME(ours_CU_MEMORYTYPE_UNIFIED, CU_MEMORYTYPE_UNIFIED);
SAME(ours_CU_POINTER_ATTRIBUTE_MEMORY_TYPE, CU_POINTER_ATTRIBUTE_MEMORY_TYPE);
SAME(ours_CU_POINTER_ATTRIBUTE_DEVICE_POINTER,
     CU_POINTER_ATTRIBUTE_DEVICE_POINTER);
SAME(ours_CU_POINTER_ATTRIBUTE_HOST_POINTER, CU_POINTER_ATTRIBUTE_HOST_POINTER);
SAME(ours_CU_POINTER_ATTRIBUTE_IS_MANAGED, CU_POINTER_ATTRIBUTE_IS_MANAGED);
SAME(ours_CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL,
     CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL);
SAME(ours_CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS,
     CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS);
SAME(ours_CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER);
SAME(ours_CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
     CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES);

/* ---- struct layouts: size, and offset and size of every field ----------- */

#define FIELD(ours, theirs, f)                                                 \
  SAME(offsetof(ours, f), offsetof(theirs, f));                                \
  SAME(sizeof(((ours *)0)->f), sizeof(((theirs *)0)->f))
#define M2D(f) FIELD(ours_CUDA_MEMCPY2D, CUDA_MEMCPY2D_v2, f)

SAME(sizeof(ours_CUuuid), sizeof(CUuuid));
FIELD(ours_CUuuid, CUuuid, bytes);
SAME(sizeof(ours_CUipcEventHandle), sizeof(CUipcEventHandle_v1));
FIELD(ours_CUipcEventHandle, CUipcEventHandle_v1, reserved);
SAME(sizeof(ours_CUipcMemHandle), sizeof(CUipcMemHandle_v1));
FIELD(ours_CUipcMemHandle, CUipcMemHandle_v1, reserved);
SAME(sizeof(ours_CUDA_MEMCPY2D), sizeof(CUDA_MEMCPY2D_v2));
M2D(srcXInBytes);
M2D(srcY);
M2D(srcMemoryType);
M2D(srcHost);
M2D(srcDevice);
M2D(srcArray);
M2D(srcPitch);
M2D(dstXInBytes);
M2D(dstY);
M2D(dstMemoryType);
M2D(dstHost);
M2D(dstDevice);
M2D(dstArray);
M2D(dstPitch);
M2D(WidthInBytes);
M2D(Height);

/* ---- cu_symbols.def ------------------------------------------------------ */

/* PIN(field, abi, from, until, exported): |abi| (cudaTypedefs.h) is the ABI
 * of |field| from CUDA version |from| until |until| (0: still current), and
 * |exported| is the library's name for it. Read from cudaTypedefs.h: change
 * a line only with a new pinned version or entry in cu_symbols.def. */
#define PIN(field, abi, from, until, exported)                                 \
  typedef abi pin_abi_##field;                                                 \
  typedef __typeof__(&exported) pin_decl_##field;                              \
  enum {                                                                       \
    pin_skip_##field = 0,                                                      \
    pin_from_##field = from,                                                   \
    pin_until_##field = until,                                                 \
    pin_exported_##field##__##exported = 1                                     \
  }
/* An entry newer than the toolkit header read here: nothing to check. */
#define PIN_NEWER(field, exported)                                             \
  typedef void *pin_abi_##field;                                               \
  typedef void *pin_decl_##field;                                              \
  enum {                                                                       \
    pin_skip_##field = 1,                                                      \
    pin_from_##field = 0,                                                      \
    pin_until_##field = 0,                                                     \
    pin_exported_##field##__##exported = 1                                     \
  }

PIN(cuInit, PFN_cuInit_v2000, 2000, 0, cuInit);
PIN(cuDriverGetVersion, PFN_cuDriverGetVersion_v2020, 2020, 0,
    cuDriverGetVersion);
PIN(cuGetErrorName, PFN_cuGetErrorName_v6000, 6000, 0, cuGetErrorName);
PIN(cuDeviceGet, PFN_cuDeviceGet_v2000, 2000, 0, cuDeviceGet);
PIN(cuDeviceGetCount, PFN_cuDeviceGetCount_v2000, 2000, 0, cuDeviceGetCount);
PIN(cuDeviceGetName, PFN_cuDeviceGetName_v2000, 2000, 0, cuDeviceGetName);
PIN(cuDeviceGetAttribute, PFN_cuDeviceGetAttribute_v2000, 2000, 0,
    cuDeviceGetAttribute);
PIN(cuDeviceTotalMem, PFN_cuDeviceTotalMem_v3020, 3020, 0, cuDeviceTotalMem_v2);
PIN(cuDeviceGetUuid, PFN_cuDeviceGetUuid_v11040, 11040, 0, cuDeviceGetUuid_v2);
PIN(cuDevicePrimaryCtxRetain, PFN_cuDevicePrimaryCtxRetain_v7000, 7000, 0,
    cuDevicePrimaryCtxRetain);
PIN(cuDevicePrimaryCtxRelease, PFN_cuDevicePrimaryCtxRelease_v11000, 11000, 0,
    cuDevicePrimaryCtxRelease_v2);
PIN(cuDevicePrimaryCtxReset, PFN_cuDevicePrimaryCtxReset_v11000, 11000, 0,
    cuDevicePrimaryCtxReset_v2);
PIN(cuDevicePrimaryCtxSetFlags, PFN_cuDevicePrimaryCtxSetFlags_v11000, 11000, 0,
    cuDevicePrimaryCtxSetFlags_v2);
PIN(cuDevicePrimaryCtxGetState, PFN_cuDevicePrimaryCtxGetState_v7000, 7000, 0,
    cuDevicePrimaryCtxGetState);
PIN(cuCtxSetCurrent, PFN_cuCtxSetCurrent_v4000, 4000, 0, cuCtxSetCurrent);
/* 13.0 made cuCtxSynchronize take a context (cuCtxSynchronize_v2). */
PIN(cuCtxSynchronize, PFN_cuCtxSynchronize_v2000, 2000, 13000,
    cuCtxSynchronize);
PIN(cuMemGetInfo, PFN_cuMemGetInfo_v3020, 3020, 0, cuMemGetInfo_v2);
PIN(cuMemAlloc, PFN_cuMemAlloc_v3020, 3020, 0, cuMemAlloc_v2);
PIN(cuMemFree, PFN_cuMemFree_v3020, 3020, 0, cuMemFree_v2);
PIN(cuMemHostAlloc, PFN_cuMemHostAlloc_v2020, 2020, 0, cuMemHostAlloc);
PIN(cuMemFreeHost, PFN_cuMemFreeHost_v2000, 2000, 0, cuMemFreeHost);
PIN(cuMemHostRegister, PFN_cuMemHostRegister_v6050, 6050, 0,
    cuMemHostRegister_v2);
PIN(cuMemHostUnregister, PFN_cuMemHostUnregister_v4000, 4000, 0,
    cuMemHostUnregister);
PIN(cuMemcpyAsync, PFN_cuMemcpyAsync_v4000, 4000, 0, cuMemcpyAsync);
PIN(cuMemcpyDtoHAsync, PFN_cuMemcpyDtoHAsync_v3020, 3020, 0,
    cuMemcpyDtoHAsync_v2);
PIN(cuMemcpyHtoDAsync, PFN_cuMemcpyHtoDAsync_v3020, 3020, 0,
    cuMemcpyHtoDAsync_v2);
PIN(cuMemcpy2DAsync, PFN_cuMemcpy2DAsync_v3020, 3020, 0, cuMemcpy2DAsync_v2);
PIN(cuMemsetD8Async, PFN_cuMemsetD8Async_v3020, 3020, 0, cuMemsetD8Async);
PIN(cuMemAllocAsync, PFN_cuMemAllocAsync_v11020, 11020, 0, cuMemAllocAsync);
PIN(cuMemFreeAsync, PFN_cuMemFreeAsync_v11020, 11020, 0, cuMemFreeAsync);
PIN(cuPointerGetAttributes, PFN_cuPointerGetAttributes_v7000, 7000, 0,
    cuPointerGetAttributes);
PIN(cuStreamCreateWithPriority, PFN_cuStreamCreateWithPriority_v5050, 5050, 0,
    cuStreamCreateWithPriority);
PIN(cuStreamDestroy, PFN_cuStreamDestroy_v4000, 4000, 0, cuStreamDestroy_v2);
PIN(cuStreamSynchronize, PFN_cuStreamSynchronize_v2000, 2000, 0,
    cuStreamSynchronize);
PIN(cuStreamQuery, PFN_cuStreamQuery_v2000, 2000, 0, cuStreamQuery);
PIN(cuStreamGetFlags, PFN_cuStreamGetFlags_v5050, 5050, 0, cuStreamGetFlags);
PIN(cuStreamGetId, PFN_cuStreamGetId_v12000, 12000, 0, cuStreamGetId);
PIN(cuStreamGetCtx, PFN_cuStreamGetCtx_v9020, 9020, 0, cuStreamGetCtx);
PIN(cuStreamGetPriority, PFN_cuStreamGetPriority_v5050, 5050, 0,
    cuStreamGetPriority);
PIN(cuCtxGetStreamPriorityRange, PFN_cuCtxGetStreamPriorityRange_v5050, 5050, 0,
    cuCtxGetStreamPriorityRange);
PIN(cuStreamWaitEvent, PFN_cuStreamWaitEvent_v3020, 3020, 0, cuStreamWaitEvent);
PIN(cuLaunchHostFunc, PFN_cuLaunchHostFunc_v10000, 10000, 0, cuLaunchHostFunc);
PIN(cuEventCreate, PFN_cuEventCreate_v2000, 2000, 0, cuEventCreate);
PIN(cuEventRecord, PFN_cuEventRecord_v2000, 2000, 0, cuEventRecord);
PIN(cuEventRecordWithFlags, PFN_cuEventRecordWithFlags_v11010, 11010, 0,
    cuEventRecordWithFlags);
PIN(cuEventQuery, PFN_cuEventQuery_v2000, 2000, 0, cuEventQuery);
PIN(cuEventSynchronize, PFN_cuEventSynchronize_v2000, 2000, 0,
    cuEventSynchronize);
PIN(cuEventDestroy, PFN_cuEventDestroy_v4000, 4000, 0, cuEventDestroy_v2);
PIN(cuEventElapsedTime, PFN_cuEventElapsedTime_v2000, 2000, 12080,
    cuEventElapsedTime);
#if CUDA_VERSION >= 12080
PIN(cuEventElapsedTime_v2, PFN_cuEventElapsedTime_v12080, 12080, 0,
    cuEventElapsedTime_v2);
#else
PIN_NEWER(cuEventElapsedTime_v2, cuEventElapsedTime_v2);
#endif
PIN(cuLibraryLoadData, PFN_cuLibraryLoadData_v12000, 12000, 0,
    cuLibraryLoadData);
PIN(cuLibraryLoadFromFile, PFN_cuLibraryLoadFromFile_v12000, 12000, 0,
    cuLibraryLoadFromFile);
PIN(cuLibraryUnload, PFN_cuLibraryUnload_v12000, 12000, 0, cuLibraryUnload);
PIN(cuLibraryGetModule, PFN_cuLibraryGetModule_v12000, 12000, 0,
    cuLibraryGetModule);
PIN(cuLibraryGetKernel, PFN_cuLibraryGetKernel_v12000, 12000, 0,
    cuLibraryGetKernel);
#if CUDA_VERSION >= 12040
PIN(cuKernelGetParamInfo, PFN_cuKernelGetParamInfo_v12040, 12040, 0,
    cuKernelGetParamInfo);
#else
PIN_NEWER(cuKernelGetParamInfo, cuKernelGetParamInfo);
#endif
PIN(cuLaunchKernel, PFN_cuLaunchKernel_v4000, 4000, 0, cuLaunchKernel);
/* 2D and 3D memory */
PIN(cuMemAllocPitch, PFN_cuMemAllocPitch_v3020, 3020, 0, cuMemAllocPitch_v2);
PIN(cuMemcpy3DAsync, PFN_cuMemcpy3DAsync_v3020, 3020, 0, cuMemcpy3DAsync_v2);
PIN(cuMemcpy3DPeer, PFN_cuMemcpy3DPeer_v4000, 4000, 0, cuMemcpy3DPeer);
PIN(cuMemcpy3DPeerAsync, PFN_cuMemcpy3DPeerAsync_v4000, 4000, 0,
    cuMemcpy3DPeerAsync);
PIN(cuMemsetD2D8Async, PFN_cuMemsetD2D8Async_v3020, 3020, 0, cuMemsetD2D8Async);
/* memory pools */
PIN(cuDeviceGetDefaultMemPool, PFN_cuDeviceGetDefaultMemPool_v11020, 11020, 0,
    cuDeviceGetDefaultMemPool);
PIN(cuDeviceGetMemPool, PFN_cuDeviceGetMemPool_v11020, 11020, 0,
    cuDeviceGetMemPool);
PIN(cuDeviceSetMemPool, PFN_cuDeviceSetMemPool_v11020, 11020, 0,
    cuDeviceSetMemPool);
PIN(cuMemPoolCreate, PFN_cuMemPoolCreate_v11020, 11020, 0, cuMemPoolCreate);
PIN(cuMemPoolDestroy, PFN_cuMemPoolDestroy_v11020, 11020, 0, cuMemPoolDestroy);
PIN(cuMemPoolSetAttribute, PFN_cuMemPoolSetAttribute_v11020, 11020, 0,
    cuMemPoolSetAttribute);
PIN(cuMemPoolGetAttribute, PFN_cuMemPoolGetAttribute_v11020, 11020, 0,
    cuMemPoolGetAttribute);
PIN(cuMemPoolTrimTo, PFN_cuMemPoolTrimTo_v11020, 11020, 0, cuMemPoolTrimTo);
PIN(cuMemPoolSetAccess, PFN_cuMemPoolSetAccess_v11020, 11020, 0,
    cuMemPoolSetAccess);
PIN(cuMemPoolGetAccess, PFN_cuMemPoolGetAccess_v11020, 11020, 0,
    cuMemPoolGetAccess);
PIN(cuMemAllocFromPoolAsync, PFN_cuMemAllocFromPoolAsync_v11020, 11020, 0,
    cuMemAllocFromPoolAsync);
#if CUDA_VERSION >= 13000
PIN(cuMemGetDefaultMemPool, PFN_cuMemGetDefaultMemPool_v13000, 13000, 0,
    cuMemGetDefaultMemPool);
PIN(cuMemGetMemPool, PFN_cuMemGetMemPool_v13000, 13000, 0, cuMemGetMemPool);
PIN(cuMemSetMemPool, PFN_cuMemSetMemPool_v13000, 13000, 0, cuMemSetMemPool);
#else
PIN_NEWER(cuMemGetDefaultMemPool, cuMemGetDefaultMemPool);
PIN_NEWER(cuMemGetMemPool, cuMemGetMemPool);
PIN_NEWER(cuMemSetMemPool, cuMemSetMemPool);
#endif

/* managed and mapped memory, peer access, device settings */
PIN(cuMemcpyBatchAsync, PFN_cuMemcpyBatchAsync_v13000, 13000, 0,
    cuMemcpyBatchAsync_v2);
PIN(cuMemAllocManaged, PFN_cuMemAllocManaged_v6000, 6000, 0, cuMemAllocManaged);
PIN(cuMemAdvise, PFN_cuMemAdvise_v12020, 12020, 0, cuMemAdvise_v2);
PIN(cuMemPrefetchAsync, PFN_cuMemPrefetchAsync_v12020, 12020, 0,
    cuMemPrefetchAsync_v2);
PIN(cuStreamAttachMemAsync, PFN_cuStreamAttachMemAsync_v6000, 6000, 0,
    cuStreamAttachMemAsync);
PIN(cuMemHostGetDevicePointer, PFN_cuMemHostGetDevicePointer_v3020, 3020, 0,
    cuMemHostGetDevicePointer_v2);
PIN(cuMemHostGetFlags, PFN_cuMemHostGetFlags_v2030, 2030, 0, cuMemHostGetFlags);
PIN(cuDeviceCanAccessPeer, PFN_cuDeviceCanAccessPeer_v4000, 4000, 0,
    cuDeviceCanAccessPeer);
PIN(cuCtxEnablePeerAccess, PFN_cuCtxEnablePeerAccess_v4000, 4000, 0,
    cuCtxEnablePeerAccess);
PIN(cuCtxDisablePeerAccess, PFN_cuCtxDisablePeerAccess_v4000, 4000, 0,
    cuCtxDisablePeerAccess);
PIN(cuDeviceGetP2PAttribute, PFN_cuDeviceGetP2PAttribute_v8000, 8000, 0,
    cuDeviceGetP2PAttribute);
PIN(cuMemcpyPeer, PFN_cuMemcpyPeer_v4000, 4000, 0, cuMemcpyPeer);
PIN(cuMemcpyPeerAsync, PFN_cuMemcpyPeerAsync_v4000, 4000, 0, cuMemcpyPeerAsync);
PIN(cuDeviceGetPCIBusId, PFN_cuDeviceGetPCIBusId_v4010, 4010, 0,
    cuDeviceGetPCIBusId);
PIN(cuDeviceGetByPCIBusId, PFN_cuDeviceGetByPCIBusId_v4010, 4010, 0,
    cuDeviceGetByPCIBusId);
PIN(cuCtxSetLimit, PFN_cuCtxSetLimit_v3010, 3010, 0, cuCtxSetLimit);
PIN(cuCtxGetLimit, PFN_cuCtxGetLimit_v3010, 3010, 0, cuCtxGetLimit);
PIN(cuCtxGetCacheConfig, PFN_cuCtxGetCacheConfig_v3020, 3020, 0,
    cuCtxGetCacheConfig);
PIN(cuCtxSetCacheConfig, PFN_cuCtxSetCacheConfig_v3020, 3020, 0,
    cuCtxSetCacheConfig);
/* Deprecated by CUDA, still used by the deprecated runtime functions. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
PIN(cuCtxGetSharedMemConfig, PFN_cuCtxGetSharedMemConfig_v4020, 4020, 0,
    cuCtxGetSharedMemConfig);
PIN(cuCtxSetSharedMemConfig, PFN_cuCtxSetSharedMemConfig_v4020, 4020, 0,
    cuCtxSetSharedMemConfig);
#pragma GCC diagnostic pop
PIN(cuCtxResetPersistingL2Cache, PFN_cuCtxResetPersistingL2Cache_v11000, 11000,
    0, cuCtxResetPersistingL2Cache);
PIN(cuFlushGPUDirectRDMAWrites, PFN_cuFlushGPUDirectRDMAWrites_v11030, 11030, 0,
    cuFlushGPUDirectRDMAWrites);

/* ---- cu_errors.def ------------------------------------------------------- */

/* The driver's number under the driver's name; the mirrored code is the CUDA
 * runtime's code of the same number (CUDA 10.1+ numbers them alike), or
 * Unknown where the runtime has none. */
#define MAP(name, value, code)                                                 \
  SAME(name, value);                                                           \
  _Static_assert(infinirtError##code == (value) ||                             \
                     infinirtError##code == infinirtErrorUnknown,              \
                 #name " maps to a code of another number");
#include "cu_errors.def"
#undef MAP

/* ---- infinirt values the backend hands to the driver unchanged ----------- */

#define A(ours, theirs)                                                        \
  SAME(infinirtDevAttr##ours, CU_DEVICE_ATTRIBUTE_##theirs)
A(MaxThreadsPerBlock, MAX_THREADS_PER_BLOCK);
A(MaxBlockDimX, MAX_BLOCK_DIM_X);
A(MaxBlockDimY, MAX_BLOCK_DIM_Y);
A(MaxBlockDimZ, MAX_BLOCK_DIM_Z);
A(MaxGridDimX, MAX_GRID_DIM_X);
A(MaxGridDimY, MAX_GRID_DIM_Y);
A(MaxGridDimZ, MAX_GRID_DIM_Z);
A(MaxSharedMemoryPerBlock, MAX_SHARED_MEMORY_PER_BLOCK);
A(TotalConstantMemory, TOTAL_CONSTANT_MEMORY);
A(WarpSize, WARP_SIZE);
A(MaxPitch, MAX_PITCH);
A(MaxRegistersPerBlock, MAX_REGISTERS_PER_BLOCK);
A(ClockRate, CLOCK_RATE);
A(TextureAlignment, TEXTURE_ALIGNMENT);
A(GpuOverlap, GPU_OVERLAP);
A(MultiProcessorCount, MULTIPROCESSOR_COUNT);
A(KernelExecTimeout, KERNEL_EXEC_TIMEOUT);
A(Integrated, INTEGRATED);
A(CanMapHostMemory, CAN_MAP_HOST_MEMORY);
A(ComputeMode, COMPUTE_MODE);
A(MaxTexture1DWidth, MAXIMUM_TEXTURE1D_WIDTH);
A(MaxTexture2DWidth, MAXIMUM_TEXTURE2D_WIDTH);
A(MaxTexture2DHeight, MAXIMUM_TEXTURE2D_HEIGHT);
A(MaxTexture3DWidth, MAXIMUM_TEXTURE3D_WIDTH);
A(MaxTexture3DHeight, MAXIMUM_TEXTURE3D_HEIGHT);
A(MaxTexture3DDepth, MAXIMUM_TEXTURE3D_DEPTH);
A(MaxTexture2DLayeredWidth, MAXIMUM_TEXTURE2D_LAYERED_WIDTH);
A(MaxTexture2DLayeredHeight, MAXIMUM_TEXTURE2D_LAYERED_HEIGHT);
A(MaxTexture2DLayeredLayers, MAXIMUM_TEXTURE2D_LAYERED_LAYERS);
A(SurfaceAlignment, SURFACE_ALIGNMENT);
A(ConcurrentKernels, CONCURRENT_KERNELS);
A(EccEnabled, ECC_ENABLED);
A(PciBusId, PCI_BUS_ID);
A(PciDeviceId, PCI_DEVICE_ID);
A(TccDriver, TCC_DRIVER);
A(MemoryClockRate, MEMORY_CLOCK_RATE);
A(GlobalMemoryBusWidth, GLOBAL_MEMORY_BUS_WIDTH);
A(L2CacheSize, L2_CACHE_SIZE);
A(MaxThreadsPerMultiProcessor, MAX_THREADS_PER_MULTIPROCESSOR);
A(AsyncEngineCount, ASYNC_ENGINE_COUNT);
A(UnifiedAddressing, UNIFIED_ADDRESSING);
A(MaxTexture1DLayeredWidth, MAXIMUM_TEXTURE1D_LAYERED_WIDTH);
A(MaxTexture1DLayeredLayers, MAXIMUM_TEXTURE1D_LAYERED_LAYERS);
A(MaxTexture2DGatherWidth, MAXIMUM_TEXTURE2D_GATHER_WIDTH);
A(MaxTexture2DGatherHeight, MAXIMUM_TEXTURE2D_GATHER_HEIGHT);
A(MaxTexture3DWidthAlt, MAXIMUM_TEXTURE3D_WIDTH_ALTERNATE);
A(MaxTexture3DHeightAlt, MAXIMUM_TEXTURE3D_HEIGHT_ALTERNATE);
A(MaxTexture3DDepthAlt, MAXIMUM_TEXTURE3D_DEPTH_ALTERNATE);
A(PciDomainId, PCI_DOMAIN_ID);
A(TexturePitchAlignment, TEXTURE_PITCH_ALIGNMENT);
A(MaxTextureCubemapWidth, MAXIMUM_TEXTURECUBEMAP_WIDTH);
A(MaxTextureCubemapLayeredWidth, MAXIMUM_TEXTURECUBEMAP_LAYERED_WIDTH);
A(MaxTextureCubemapLayeredLayers, MAXIMUM_TEXTURECUBEMAP_LAYERED_LAYERS);
A(MaxSurface1DWidth, MAXIMUM_SURFACE1D_WIDTH);
A(MaxSurface2DWidth, MAXIMUM_SURFACE2D_WIDTH);
A(MaxSurface2DHeight, MAXIMUM_SURFACE2D_HEIGHT);
A(MaxSurface3DWidth, MAXIMUM_SURFACE3D_WIDTH);
A(MaxSurface3DHeight, MAXIMUM_SURFACE3D_HEIGHT);
A(MaxSurface3DDepth, MAXIMUM_SURFACE3D_DEPTH);
A(MaxSurface1DLayeredWidth, MAXIMUM_SURFACE1D_LAYERED_WIDTH);
A(MaxSurface1DLayeredLayers, MAXIMUM_SURFACE1D_LAYERED_LAYERS);
A(MaxSurface2DLayeredWidth, MAXIMUM_SURFACE2D_LAYERED_WIDTH);
A(MaxSurface2DLayeredHeight, MAXIMUM_SURFACE2D_LAYERED_HEIGHT);
A(MaxSurface2DLayeredLayers, MAXIMUM_SURFACE2D_LAYERED_LAYERS);
A(MaxSurfaceCubemapWidth, MAXIMUM_SURFACECUBEMAP_WIDTH);
A(MaxSurfaceCubemapLayeredWidth, MAXIMUM_SURFACECUBEMAP_LAYERED_WIDTH);
A(MaxSurfaceCubemapLayeredLayers, MAXIMUM_SURFACECUBEMAP_LAYERED_LAYERS);
A(MaxTexture1DLinearWidth, MAXIMUM_TEXTURE1D_LINEAR_WIDTH);
A(MaxTexture2DLinearWidth, MAXIMUM_TEXTURE2D_LINEAR_WIDTH);
A(MaxTexture2DLinearHeight, MAXIMUM_TEXTURE2D_LINEAR_HEIGHT);
A(MaxTexture2DLinearPitch, MAXIMUM_TEXTURE2D_LINEAR_PITCH);
A(MaxTexture2DMipmappedWidth, MAXIMUM_TEXTURE2D_MIPMAPPED_WIDTH);
A(MaxTexture2DMipmappedHeight, MAXIMUM_TEXTURE2D_MIPMAPPED_HEIGHT);
A(ComputeCapabilityMajor, COMPUTE_CAPABILITY_MAJOR);
A(ComputeCapabilityMinor, COMPUTE_CAPABILITY_MINOR);
A(MaxTexture1DMipmappedWidth, MAXIMUM_TEXTURE1D_MIPMAPPED_WIDTH);
A(StreamPrioritiesSupported, STREAM_PRIORITIES_SUPPORTED);
A(GlobalL1CacheSupported, GLOBAL_L1_CACHE_SUPPORTED);
A(LocalL1CacheSupported, LOCAL_L1_CACHE_SUPPORTED);
A(MaxSharedMemoryPerMultiprocessor, MAX_SHARED_MEMORY_PER_MULTIPROCESSOR);
A(MaxRegistersPerMultiprocessor, MAX_REGISTERS_PER_MULTIPROCESSOR);
A(ManagedMemory, MANAGED_MEMORY);
A(IsMultiGpuBoard, MULTI_GPU_BOARD);
A(MultiGpuBoardGroupID, MULTI_GPU_BOARD_GROUP_ID);
A(HostNativeAtomicSupported, HOST_NATIVE_ATOMIC_SUPPORTED);
A(SingleToDoublePrecisionPerfRatio, SINGLE_TO_DOUBLE_PRECISION_PERF_RATIO);
A(PageableMemoryAccess, PAGEABLE_MEMORY_ACCESS);
A(ConcurrentManagedAccess, CONCURRENT_MANAGED_ACCESS);
A(ComputePreemptionSupported, COMPUTE_PREEMPTION_SUPPORTED);
A(CanUseHostPointerForRegisteredMem, CAN_USE_HOST_POINTER_FOR_REGISTERED_MEM);
A(Reserved92, CAN_USE_STREAM_MEM_OPS_V1);
A(Reserved93, CAN_USE_64_BIT_STREAM_MEM_OPS_V1);
A(Reserved94, CAN_USE_STREAM_WAIT_VALUE_NOR_V1);
A(CooperativeLaunch, COOPERATIVE_LAUNCH);
A(Reserved96, COOPERATIVE_MULTI_DEVICE_LAUNCH);
A(MaxSharedMemoryPerBlockOptin, MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
A(CanFlushRemoteWrites, CAN_FLUSH_REMOTE_WRITES);
A(HostRegisterSupported, HOST_REGISTER_SUPPORTED);
A(PageableMemoryAccessUsesHostPageTables,
  PAGEABLE_MEMORY_ACCESS_USES_HOST_PAGE_TABLES);
A(DirectManagedMemAccessFromHost, DIRECT_MANAGED_MEM_ACCESS_FROM_HOST);
A(MaxBlocksPerMultiprocessor, MAX_BLOCKS_PER_MULTIPROCESSOR);
A(MaxPersistingL2CacheSize, MAX_PERSISTING_L2_CACHE_SIZE);
A(MaxAccessPolicyWindowSize, MAX_ACCESS_POLICY_WINDOW_SIZE);
A(ReservedSharedMemoryPerBlock, RESERVED_SHARED_MEMORY_PER_BLOCK);
A(SparseCudaArraySupported, SPARSE_CUDA_ARRAY_SUPPORTED);
A(HostRegisterReadOnlySupported, READ_ONLY_HOST_REGISTER_SUPPORTED);
A(TimelineSemaphoreInteropSupported, TIMELINE_SEMAPHORE_INTEROP_SUPPORTED);
A(MemoryPoolsSupported, MEMORY_POOLS_SUPPORTED);
A(GPUDirectRDMASupported, GPU_DIRECT_RDMA_SUPPORTED);
A(GPUDirectRDMAFlushWritesOptions, GPU_DIRECT_RDMA_FLUSH_WRITES_OPTIONS);
A(GPUDirectRDMAWritesOrdering, GPU_DIRECT_RDMA_WRITES_ORDERING);
A(MemoryPoolSupportedHandleTypes, MEMPOOL_SUPPORTED_HANDLE_TYPES);
A(ClusterLaunch, CLUSTER_LAUNCH);
A(DeferredMappingCudaArraySupported, DEFERRED_MAPPING_CUDA_ARRAY_SUPPORTED);
A(Reserved122, CAN_USE_64_BIT_STREAM_MEM_OPS);
A(Reserved123, CAN_USE_STREAM_WAIT_VALUE_NOR);
A(Reserved124, DMA_BUF_SUPPORTED);
A(IpcEventSupport, IPC_EVENT_SUPPORTED);
A(MemSyncDomainCount, MEM_SYNC_DOMAIN_COUNT);
A(Reserved127, TENSOR_MAP_ACCESS_SUPPORTED);
A(Reserved128, HANDLE_TYPE_FABRIC_SUPPORTED);
A(Reserved129, UNIFIED_FUNCTION_POINTERS);
A(NumaConfig, NUMA_CONFIG);
A(NumaId, NUMA_ID);
A(Reserved132, MULTICAST_SUPPORTED);
A(MpsEnabled, MPS_ENABLED);
A(HostNumaId, HOST_NUMA_ID);
A(D3D12CigSupported, D3D12_CIG_SUPPORTED);
A(VulkanCigSupported, VULKAN_CIG_SUPPORTED);
A(GpuPciDeviceId, GPU_PCI_DEVICE_ID);
A(GpuPciSubsystemId, GPU_PCI_SUBSYSTEM_ID);
A(Reserved141, HOST_NUMA_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED);
A(HostNumaMemoryPoolsSupported, HOST_NUMA_MEMORY_POOLS_SUPPORTED);
A(HostNumaMultinodeIpcSupported, HOST_NUMA_MULTINODE_IPC_SUPPORTED);
A(HostMemoryPoolsSupported, HOST_MEMORY_POOLS_SUPPORTED);
A(Reserved145, HOST_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED);
A(OnlyPartialHostNativeAtomicSupported,
  ONLY_PARTIAL_HOST_NATIVE_ATOMIC_SUPPORTED);

SAME(infinirtMemAttachGlobal, CU_MEM_ATTACH_GLOBAL);
SAME(infinirtMemAttachHost, CU_MEM_ATTACH_HOST);
SAME(infinirtMemAttachSingle, CU_MEM_ATTACH_SINGLE);
SAME(infinirtMemAdviseSetReadMostly, CU_MEM_ADVISE_SET_READ_MOSTLY);
SAME(infinirtMemAdviseUnsetReadMostly, CU_MEM_ADVISE_UNSET_READ_MOSTLY);
SAME(infinirtMemAdviseSetPreferredLocation,
     CU_MEM_ADVISE_SET_PREFERRED_LOCATION);
SAME(infinirtMemAdviseUnsetPreferredLocation,
     CU_MEM_ADVISE_UNSET_PREFERRED_LOCATION);
SAME(infinirtMemAdviseSetAccessedBy, CU_MEM_ADVISE_SET_ACCESSED_BY);
SAME(infinirtMemAdviseUnsetAccessedBy, CU_MEM_ADVISE_UNSET_ACCESSED_BY);
SAME(infinirtMemLocationTypeDevice, CU_MEM_LOCATION_TYPE_DEVICE);
SAME(infinirtMemLocationTypeHost, CU_MEM_LOCATION_TYPE_HOST);
SAME(infinirtMemLocationTypeHostNuma, CU_MEM_LOCATION_TYPE_HOST_NUMA);
SAME(infinirtMemLocationTypeHostNumaCurrent,
     CU_MEM_LOCATION_TYPE_HOST_NUMA_CURRENT);
SAME(infinirtDevP2PAttrPerformanceRank,
     CU_DEVICE_P2P_ATTRIBUTE_PERFORMANCE_RANK);
SAME(infinirtDevP2PAttrAccessSupported,
     CU_DEVICE_P2P_ATTRIBUTE_ACCESS_SUPPORTED);
SAME(infinirtDevP2PAttrNativeAtomicSupported,
     CU_DEVICE_P2P_ATTRIBUTE_NATIVE_ATOMIC_SUPPORTED);
SAME(infinirtDevP2PAttrCudaArrayAccessSupported,
     CU_DEVICE_P2P_ATTRIBUTE_CUDA_ARRAY_ACCESS_SUPPORTED);
SAME(infinirtDevP2PAttrOnlyPartialNativeAtomicSupported,
     CU_DEVICE_P2P_ATTRIBUTE_ONLY_PARTIAL_NATIVE_ATOMIC_SUPPORTED);
SAME(infinirtLimitStackSize, CU_LIMIT_STACK_SIZE);
SAME(infinirtLimitPrintfFifoSize, CU_LIMIT_PRINTF_FIFO_SIZE);
SAME(infinirtLimitMallocHeapSize, CU_LIMIT_MALLOC_HEAP_SIZE);
SAME(infinirtLimitDevRuntimeSyncDepth, CU_LIMIT_DEV_RUNTIME_SYNC_DEPTH);
SAME(infinirtLimitDevRuntimePendingLaunchCount,
     CU_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT);
SAME(infinirtLimitMaxL2FetchGranularity, CU_LIMIT_MAX_L2_FETCH_GRANULARITY);
SAME(infinirtLimitPersistingL2CacheSize, CU_LIMIT_PERSISTING_L2_CACHE_SIZE);
SAME(infinirtSharedMemBankSizeDefault, CU_SHARED_MEM_CONFIG_DEFAULT_BANK_SIZE);
SAME(infinirtSharedMemBankSizeFourByte,
     CU_SHARED_MEM_CONFIG_FOUR_BYTE_BANK_SIZE);
SAME(infinirtSharedMemBankSizeEightByte,
     CU_SHARED_MEM_CONFIG_EIGHT_BYTE_BANK_SIZE);
SAME(infinirtFuncCachePreferNone, CU_FUNC_CACHE_PREFER_NONE);
SAME(infinirtFuncCachePreferShared, CU_FUNC_CACHE_PREFER_SHARED);
SAME(infinirtFuncCachePreferL1, CU_FUNC_CACHE_PREFER_L1);
SAME(infinirtFuncCachePreferEqual, CU_FUNC_CACHE_PREFER_EQUAL);
SAME(infinirtFlushGPUDirectRDMAWritesTargetCurrentDevice,
     CU_FLUSH_GPU_DIRECT_RDMA_WRITES_TARGET_CURRENT_CTX);
SAME(infinirtFlushGPUDirectRDMAWritesToOwner,
     CU_FLUSH_GPU_DIRECT_RDMA_WRITES_TO_OWNER);
SAME(infinirtFlushGPUDirectRDMAWritesToAllDevices,
     CU_FLUSH_GPU_DIRECT_RDMA_WRITES_TO_ALL_DEVICES);
SAME(infinirtStreamNonBlocking, CU_STREAM_NON_BLOCKING);
SAME(infinirtEventBlockingSync, CU_EVENT_BLOCKING_SYNC);
SAME(infinirtEventDisableTiming, CU_EVENT_DISABLE_TIMING);
SAME(infinirtEventInterprocess, CU_EVENT_INTERPROCESS);
SAME(infinirtEventWaitDefault, CU_EVENT_WAIT_DEFAULT);
SAME(infinirtEventWaitExternal, CU_EVENT_WAIT_EXTERNAL);
SAME(infinirtHostAllocPortable, CU_MEMHOSTALLOC_PORTABLE);
SAME(infinirtHostAllocMapped, CU_MEMHOSTALLOC_DEVICEMAP);
SAME(infinirtHostAllocWriteCombined, CU_MEMHOSTALLOC_WRITECOMBINED);
SAME(infinirtHostRegisterPortable, CU_MEMHOSTREGISTER_PORTABLE);
SAME(infinirtHostRegisterMapped, CU_MEMHOSTREGISTER_DEVICEMAP);
SAME(infinirtHostRegisterIoMemory, CU_MEMHOSTREGISTER_IOMEMORY);
SAME(infinirtHostRegisterReadOnly, CU_MEMHOSTREGISTER_READ_ONLY);
SAME(sizeof(enum infinirtJitOption), sizeof(CUjit_option));
SAME(sizeof(enum infinirtLibraryOption), sizeof(CUlibraryOption));

#define JIT(ours, theirs) SAME(infinirtJit##ours, CU_JIT_##theirs)
JIT(MaxRegisters, MAX_REGISTERS);
JIT(ThreadsPerBlock, THREADS_PER_BLOCK);
JIT(WallTime, WALL_TIME);
JIT(InfoLogBuffer, INFO_LOG_BUFFER);
JIT(InfoLogBufferSizeBytes, INFO_LOG_BUFFER_SIZE_BYTES);
JIT(ErrorLogBuffer, ERROR_LOG_BUFFER);
JIT(ErrorLogBufferSizeBytes, ERROR_LOG_BUFFER_SIZE_BYTES);
JIT(OptimizationLevel, OPTIMIZATION_LEVEL);
JIT(FallbackStrategy, FALLBACK_STRATEGY);
JIT(GenerateDebugInfo, GENERATE_DEBUG_INFO);
JIT(LogVerbose, LOG_VERBOSE);
JIT(GenerateLineInfo, GENERATE_LINE_INFO);
JIT(CacheMode, CACHE_MODE);
JIT(PositionIndependentCode, POSITION_INDEPENDENT_CODE);
JIT(MinCtaPerSm, MIN_CTA_PER_SM);
JIT(MaxThreadsPerBlock, MAX_THREADS_PER_BLOCK);
JIT(OverrideDirectiveValues, OVERRIDE_DIRECTIVE_VALUES);
SAME(infinirtLibraryHostUniversalFunctionAndDataTable,
     CU_LIBRARY_HOST_UNIVERSAL_FUNCTION_AND_DATA_TABLE);
SAME(infinirtLibraryBinaryIsPreserved, CU_LIBRARY_BINARY_IS_PRESERVED);

/* managed and mapped memory */

/* memory pools */
SAME_TYPE(ours_CUmemoryPool, CUmemoryPool);
SAME_SIZE(ours_CUmemPool_attribute, CUmemPool_attribute);
SAME_SIZE(ours_CUmemAccess_flags, CUmemAccess_flags);
#define ACC(f) FIELD(ours_CUmemAccessDesc, CUmemAccessDesc, f)
#define PPROPS(f) FIELD(ours_CUmemPoolProps, CUmemPoolProps, f)
SAME(sizeof(ours_CUmemAccessDesc), sizeof(CUmemAccessDesc));
ACC(location);
ACC(flags);
SAME(sizeof(ours_CUmemPoolProps), sizeof(CUmemPoolProps));
PPROPS(allocType);
PPROPS(handleTypes);
PPROPS(location);
PPROPS(win32SecurityAttributes);
PPROPS(maxSize);
PPROPS(usage);
PPROPS(reserved);
/* infinirt's structs pass through as the driver's (nv_mempool.c). */
#define IPROPS(f) FIELD(struct infinirtMemPoolProps, CUmemPoolProps, f)
#define IACC(f) FIELD(struct infinirtMemAccessDesc, CUmemAccessDesc, f)
#define ILOC(f) FIELD(struct infinirtMemLocation, CUmemLocation, f)
SAME(sizeof(struct infinirtMemPoolProps), sizeof(CUmemPoolProps));
IPROPS(allocType);
IPROPS(handleTypes);
IPROPS(location);
IPROPS(win32SecurityAttributes);
IPROPS(maxSize);
IPROPS(usage);
IPROPS(reserved);
SAME(sizeof(struct infinirtMemAccessDesc), sizeof(CUmemAccessDesc));
IACC(location);
IACC(flags);
SAME(sizeof(struct infinirtMemLocation), sizeof(CUmemLocation));
ILOC(type);
ILOC(id);
SAME(sizeof(enum infinirtMemPoolAttr), sizeof(CUmemPool_attribute));
SAME(sizeof(enum infinirtMemAccessFlags), sizeof(CUmemAccess_flags));
SAME(sizeof(enum infinirtMemLocationType), sizeof(CUmemLocationType));
SAME(sizeof(enum infinirtMemAllocationType), sizeof(CUmemAllocationType));
SAME(sizeof(enum infinirtMemAllocationHandleType),
     sizeof(CUmemAllocationHandleType));
#define POOLATTR(ours, theirs)                                                 \
  SAME(infinirtMemPool##ours, CU_MEMPOOL_ATTR_##theirs)
POOLATTR(ReuseFollowEventDependencies, REUSE_FOLLOW_EVENT_DEPENDENCIES);
POOLATTR(ReuseAllowOpportunistic, REUSE_ALLOW_OPPORTUNISTIC);
POOLATTR(ReuseAllowInternalDependencies, REUSE_ALLOW_INTERNAL_DEPENDENCIES);
POOLATTR(AttrReleaseThreshold, RELEASE_THRESHOLD);
POOLATTR(AttrReservedMemCurrent, RESERVED_MEM_CURRENT);
POOLATTR(AttrReservedMemHigh, RESERVED_MEM_HIGH);
POOLATTR(AttrUsedMemCurrent, USED_MEM_CURRENT);
POOLATTR(AttrUsedMemHigh, USED_MEM_HIGH);
SAME(infinirtMemAccessFlagsProtNone, CU_MEM_ACCESS_FLAGS_PROT_NONE);
SAME(infinirtMemAccessFlagsProtRead, CU_MEM_ACCESS_FLAGS_PROT_READ);
SAME(infinirtMemAccessFlagsProtReadWrite, CU_MEM_ACCESS_FLAGS_PROT_READWRITE);
SAME(infinirtMemLocationTypeDevice, CU_MEM_LOCATION_TYPE_DEVICE);
SAME(infinirtMemLocationTypeHost, CU_MEM_LOCATION_TYPE_HOST);
SAME(infinirtMemLocationTypeHostNuma, CU_MEM_LOCATION_TYPE_HOST_NUMA);
SAME(infinirtMemLocationTypeHostNumaCurrent,
     CU_MEM_LOCATION_TYPE_HOST_NUMA_CURRENT);
SAME(infinirtMemAllocationTypePinned, CU_MEM_ALLOCATION_TYPE_PINNED);
SAME(infinirtMemAllocationTypeManaged, CU_MEM_ALLOCATION_TYPE_MANAGED);
SAME(infinirtMemHandleTypeNone, CU_MEM_HANDLE_TYPE_NONE);
SAME(infinirtMemHandleTypePosixFileDescriptor,
     CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR);
SAME(infinirtMemHandleTypeWin32, CU_MEM_HANDLE_TYPE_WIN32);
SAME(infinirtMemHandleTypeWin32Kmt, CU_MEM_HANDLE_TYPE_WIN32_KMT);
SAME(infinirtMemHandleTypeFabric, CU_MEM_HANDLE_TYPE_FABRIC);

/* 2D and 3D memory */
#define M3D(f) FIELD(ours_CUDA_MEMCPY3D, CUDA_MEMCPY3D_v2, f)
#define M3DP(f) FIELD(ours_CUDA_MEMCPY3D_PEER, CUDA_MEMCPY3D_PEER_v1, f)
SAME(sizeof(ours_CUDA_MEMCPY3D), sizeof(CUDA_MEMCPY3D_v2));
M3D(srcXInBytes);
M3D(srcY);
M3D(srcZ);
M3D(srcLOD);
M3D(srcMemoryType);
M3D(srcHost);
M3D(srcDevice);
M3D(srcArray);
M3D(reserved0);
M3D(srcPitch);
M3D(srcHeight);
M3D(dstXInBytes);
M3D(dstY);
M3D(dstZ);
M3D(dstLOD);
M3D(dstMemoryType);
M3D(dstHost);
M3D(dstDevice);
M3D(dstArray);
M3D(reserved1);
M3D(dstPitch);
M3D(dstHeight);
M3D(WidthInBytes);
M3D(Height);
M3D(Depth);
SAME(sizeof(ours_CUDA_MEMCPY3D_PEER), sizeof(CUDA_MEMCPY3D_PEER_v1));
M3DP(srcXInBytes);
M3DP(srcY);
M3DP(srcZ);
M3DP(srcLOD);
M3DP(srcMemoryType);
M3DP(srcHost);
M3DP(srcDevice);
M3DP(srcArray);
M3DP(srcContext);
M3DP(srcPitch);
M3DP(srcHeight);
M3DP(dstXInBytes);
M3DP(dstY);
M3DP(dstZ);
M3DP(dstLOD);
M3DP(dstMemoryType);
M3DP(dstHost);
M3DP(dstDevice);
M3DP(dstArray);
M3DP(dstContext);
M3DP(dstPitch);
M3DP(dstHeight);
M3DP(WidthInBytes);
M3DP(Height);
M3DP(Depth);

/* peer access */

/* interprocess communication */
/* 11.0 gave cuIpcOpenMemHandle the _v2 name (same parameters; the _v1 one,
 * cuIpcOpenMemHandle, is for old binaries). */
PIN(cuIpcGetEventHandle, PFN_cuIpcGetEventHandle_v4010, 4010, 0,
    cuIpcGetEventHandle);
PIN(cuIpcOpenEventHandle, PFN_cuIpcOpenEventHandle_v4010, 4010, 0,
    cuIpcOpenEventHandle);
PIN(cuIpcGetMemHandle, PFN_cuIpcGetMemHandle_v4010, 4010, 0, cuIpcGetMemHandle);
PIN(cuIpcOpenMemHandle, PFN_cuIpcOpenMemHandle_v11000, 11000, 0,
    cuIpcOpenMemHandle_v2);
PIN(cuIpcCloseMemHandle, PFN_cuIpcCloseMemHandle_v4010, 4010, 0,
    cuIpcCloseMemHandle);
SAME(infinirtIpcMemLazyEnablePeerAccess, CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS);
SAME(sizeof(infinirtIpcMemHandle_t), sizeof(CUipcMemHandle));
SAME(sizeof(infinirtIpcEventHandle_t), sizeof(CUipcEventHandle));

/* kernel attributes, occupancy, launch forms, symbols */

/* cu_abi_kernel.h, every name renamed, as cu_abi.h's above. */
#define CUfunction_attribute ours_CUfunction_attribute
#define CUlaunchAttributeID ours_CUlaunchAttributeID
#define CUlaunchAttributeValue_union ours_CUlaunchAttributeValue_union
#define CUlaunchAttributeValue ours_CUlaunchAttributeValue
#define CUlaunchAttribute_st ours_CUlaunchAttribute_st
#define CUlaunchAttribute ours_CUlaunchAttribute
#define CUlaunchConfig_st ours_CUlaunchConfig_st
#define CUlaunchConfig ours_CUlaunchConfig
#define CUstreamAttrID ours_CUstreamAttrID
#define CUstreamAttrValue ours_CUstreamAttrValue
#define FA(n) CU_FUNC_ATTRIBUTE_##n
#define CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK ours_FA_MAX_THREADS_PER_BLOCK
#define CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES ours_FA_SHARED_SIZE_BYTES
#define CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES ours_FA_CONST_SIZE_BYTES
#define CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES ours_FA_LOCAL_SIZE_BYTES
#define CU_FUNC_ATTRIBUTE_NUM_REGS ours_FA_NUM_REGS
#define CU_FUNC_ATTRIBUTE_PTX_VERSION ours_FA_PTX_VERSION
#define CU_FUNC_ATTRIBUTE_BINARY_VERSION ours_FA_BINARY_VERSION
#define CU_FUNC_ATTRIBUTE_CACHE_MODE_CA ours_FA_CACHE_MODE_CA
#define CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES                        \
  ours_FA_MAX_DYNAMIC_SHARED_SIZE_BYTES
#define CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT                     \
  ours_FA_PREFERRED_SHARED_MEMORY_CARVEOUT
#define CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET                             \
  ours_FA_CLUSTER_SIZE_MUST_BE_SET
#define CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH ours_FA_REQUIRED_CLUSTER_WIDTH
#define CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT                              \
  ours_FA_REQUIRED_CLUSTER_HEIGHT
#define CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH ours_FA_REQUIRED_CLUSTER_DEPTH
#define CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED                    \
  ours_FA_NON_PORTABLE_CLUSTER_SIZE_ALLOWED
#define CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE                 \
  ours_FA_CLUSTER_SCHEDULING_POLICY_PREFERENCE
#define CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_EVENT ours_LA_PROGRAMMATIC_EVENT
#define CU_LAUNCH_ATTRIBUTE_LAUNCH_COMPLETION_EVENT                            \
  ours_LA_LAUNCH_COMPLETION_EVENT
#define CU_LAUNCH_ATTRIBUTE_DEVICE_UPDATABLE_KERNEL_NODE                       \
  ours_LA_DEVICE_UPDATABLE_KERNEL_NODE

#include "cu_abi_kernel.h"

#undef CUfunction_attribute
#undef CUlaunchAttributeID
#undef CUlaunchAttributeValue_union
#undef CUlaunchAttributeValue
#undef CUlaunchAttribute_st
#undef CUlaunchAttribute
#undef CUlaunchConfig_st
#undef CUstreamAttrID
#undef CUstreamAttrValue
#undef CUlaunchConfig
#undef CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK
#undef CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES
#undef CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES
#undef CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES
#undef CU_FUNC_ATTRIBUTE_NUM_REGS
#undef CU_FUNC_ATTRIBUTE_PTX_VERSION
#undef CU_FUNC_ATTRIBUTE_BINARY_VERSION
#undef CU_FUNC_ATTRIBUTE_CACHE_MODE_CA
#undef CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
#undef CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT
#undef CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET
#undef CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH
#undef CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT
#undef CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH
#undef CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED
#undef CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE
#undef CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_EVENT
#undef CU_LAUNCH_ATTRIBUTE_LAUNCH_COMPLETION_EVENT
#undef CU_LAUNCH_ATTRIBUTE_DEVICE_UPDATABLE_KERNEL_NODE

SAME_SIZE(ours_CUfunction_attribute, CUfunction_attribute);
SAME_SIZE(ours_CUlaunchAttributeID, CUlaunchAttributeID);
SAME(ours_FA_MAX_THREADS_PER_BLOCK, FA(MAX_THREADS_PER_BLOCK));
SAME(ours_FA_SHARED_SIZE_BYTES, FA(SHARED_SIZE_BYTES));
SAME(ours_FA_CONST_SIZE_BYTES, FA(CONST_SIZE_BYTES));
SAME(ours_FA_LOCAL_SIZE_BYTES, FA(LOCAL_SIZE_BYTES));
SAME(ours_FA_NUM_REGS, FA(NUM_REGS));
SAME(ours_FA_PTX_VERSION, FA(PTX_VERSION));
SAME(ours_FA_BINARY_VERSION, FA(BINARY_VERSION));
SAME(ours_FA_CACHE_MODE_CA, FA(CACHE_MODE_CA));
SAME(ours_FA_MAX_DYNAMIC_SHARED_SIZE_BYTES, FA(MAX_DYNAMIC_SHARED_SIZE_BYTES));
SAME(ours_FA_PREFERRED_SHARED_MEMORY_CARVEOUT,
     FA(PREFERRED_SHARED_MEMORY_CARVEOUT));
SAME(ours_FA_CLUSTER_SIZE_MUST_BE_SET, FA(CLUSTER_SIZE_MUST_BE_SET));
SAME(ours_FA_REQUIRED_CLUSTER_WIDTH, FA(REQUIRED_CLUSTER_WIDTH));
SAME(ours_FA_REQUIRED_CLUSTER_HEIGHT, FA(REQUIRED_CLUSTER_HEIGHT));
SAME(ours_FA_REQUIRED_CLUSTER_DEPTH, FA(REQUIRED_CLUSTER_DEPTH));
SAME(ours_FA_NON_PORTABLE_CLUSTER_SIZE_ALLOWED,
     FA(NON_PORTABLE_CLUSTER_SIZE_ALLOWED));
SAME(ours_FA_CLUSTER_SCHEDULING_POLICY_PREFERENCE,
     FA(CLUSTER_SCHEDULING_POLICY_PREFERENCE));
SAME(ours_LA_PROGRAMMATIC_EVENT, CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_EVENT);
SAME(ours_LA_LAUNCH_COMPLETION_EVENT,
     CU_LAUNCH_ATTRIBUTE_LAUNCH_COMPLETION_EVENT);
SAME(ours_LA_DEVICE_UPDATABLE_KERNEL_NODE,
     CU_LAUNCH_ATTRIBUTE_DEVICE_UPDATABLE_KERNEL_NODE);

#define LAV(f) FIELD(ours_CUlaunchAttributeValue, CUlaunchAttributeValue, f)
#define LA(f) FIELD(ours_CUlaunchAttribute, CUlaunchAttribute, f)
#define LC(f) FIELD(ours_CUlaunchConfig, CUlaunchConfig, f)
SAME(sizeof(ours_CUlaunchAttributeValue), sizeof(CUlaunchAttributeValue));
SAME_SIZE(ours_CUstreamAttrID, CUstreamAttrID);
SAME(sizeof(ours_CUstreamAttrValue), sizeof(CUstreamAttrValue));
LAV(pad);
LAV(programmaticEvent.event);
LAV(programmaticEvent.flags);
LAV(programmaticEvent.triggerAtBlockStart);
LAV(launchCompletionEvent.event);
LAV(launchCompletionEvent.flags);
SAME(sizeof(ours_CUlaunchAttribute), sizeof(CUlaunchAttribute));
LA(id);
LA(pad);
LA(value);
SAME(sizeof(ours_CUlaunchConfig), sizeof(CUlaunchConfig));
LC(gridDimX);
LC(gridDimY);
LC(gridDimZ);
LC(blockDimX);
LC(blockDimY);
LC(blockDimZ);
LC(sharedMemBytes);
LC(hStream);
LC(attrs);
LC(numAttrs);

/* Passed to the driver unchanged: attributes, occupancy flags, launch
 * attribute ids and values (the runtime's union is the
 * driver's but for the events, which the backend rewrites). */
#define FATTR(ours, theirs) SAME(infinirtFuncAttribute##ours, FA(theirs))
FATTR(MaxDynamicSharedMemorySize, MAX_DYNAMIC_SHARED_SIZE_BYTES);
FATTR(PreferredSharedMemoryCarveout, PREFERRED_SHARED_MEMORY_CARVEOUT);
FATTR(ClusterDimMustBeSet, CLUSTER_SIZE_MUST_BE_SET);
FATTR(RequiredClusterWidth, REQUIRED_CLUSTER_WIDTH);
FATTR(RequiredClusterHeight, REQUIRED_CLUSTER_HEIGHT);
FATTR(RequiredClusterDepth, REQUIRED_CLUSTER_DEPTH);
FATTR(NonPortableClusterSizeAllowed, NON_PORTABLE_CLUSTER_SIZE_ALLOWED);
FATTR(ClusterSchedulingPolicyPreference, CLUSTER_SCHEDULING_POLICY_PREFERENCE);
SAME(sizeof(enum infinirtFuncAttribute), sizeof(CUfunction_attribute));
SAME(infinirtOccupancyDefault, CU_OCCUPANCY_DEFAULT);
SAME(infinirtOccupancyDisableCachingOverride,
     CU_OCCUPANCY_DISABLE_CACHING_OVERRIDE);
#define LAID(ours, theirs)                                                     \
  SAME(infinirtLaunchAttribute##ours, CU_LAUNCH_ATTRIBUTE_##theirs)
LAID(Ignore, IGNORE);
LAID(AccessPolicyWindow, ACCESS_POLICY_WINDOW);
LAID(Cooperative, COOPERATIVE);
LAID(SynchronizationPolicy, SYNCHRONIZATION_POLICY);
LAID(ClusterDimension, CLUSTER_DIMENSION);
LAID(ClusterSchedulingPolicyPreference, CLUSTER_SCHEDULING_POLICY_PREFERENCE);
LAID(ProgrammaticStreamSerialization, PROGRAMMATIC_STREAM_SERIALIZATION);
LAID(ProgrammaticEvent, PROGRAMMATIC_EVENT);
LAID(Priority, PRIORITY);
LAID(MemSyncDomainMap, MEM_SYNC_DOMAIN_MAP);
LAID(MemSyncDomain, MEM_SYNC_DOMAIN);
LAID(PreferredClusterDimension, PREFERRED_CLUSTER_DIMENSION);
LAID(LaunchCompletionEvent, LAUNCH_COMPLETION_EVENT);
LAID(DeviceUpdatableKernelNode, DEVICE_UPDATABLE_KERNEL_NODE);
LAID(PreferredSharedMemoryCarveout, PREFERRED_SHARED_MEMORY_CARVEOUT);
LAID(NvlinkUtilCentricScheduling, NVLINK_UTIL_CENTRIC_SCHEDULING);
SAME(sizeof(infinirtLaunchAttribute), sizeof(CUlaunchAttribute));
SAME(offsetof(infinirtLaunchAttribute, val),
     offsetof(CUlaunchAttribute, value));
#define LV(f)                                                                  \
  SAME(offsetof(infinirtLaunchAttributeValue, f),                              \
       offsetof(CUlaunchAttributeValue, f));                                   \
  SAME(sizeof(((infinirtLaunchAttributeValue *)0)->f),                         \
       sizeof(((CUlaunchAttributeValue *)0)->f))
LV(accessPolicyWindow);
LV(cooperative);
LV(syncPolicy);
LV(clusterDim);
LV(clusterSchedulingPolicyPreference);
LV(programmaticStreamSerializationAllowed);
LV(programmaticEvent.event);
LV(programmaticEvent.flags);
LV(programmaticEvent.triggerAtBlockStart);
LV(priority);
LV(memSyncDomainMap);
LV(memSyncDomain);
LV(preferredClusterDim);
LV(launchCompletionEvent.event);
LV(launchCompletionEvent.flags);
LV(deviceUpdatableKernelNode);
LV(sharedMemCarveout);
LV(nvlinkUtilCentricScheduling);

PIN(cuKernelGetFunction, PFN_cuKernelGetFunction_v12000, 12000, 0,
    cuKernelGetFunction);
PIN(cuKernelSetAttribute, PFN_cuKernelSetAttribute_v12000, 12000, 0,
    cuKernelSetAttribute);
PIN(cuFuncGetAttribute, PFN_cuFuncGetAttribute_v2020, 2020, 0,
    cuFuncGetAttribute);
PIN(cuFuncSetAttribute, PFN_cuFuncSetAttribute_v9000, 9000, 0,
    cuFuncSetAttribute);
PIN(cuFuncSetCacheConfig, PFN_cuFuncSetCacheConfig_v3000, 3000, 0,
    cuFuncSetCacheConfig);
/* Deprecated by CUDA, still used by the deprecated runtime function. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
PIN(cuFuncSetSharedMemConfig, PFN_cuFuncSetSharedMemConfig_v4020, 4020, 0,
    cuFuncSetSharedMemConfig);
#pragma GCC diagnostic pop
PIN(cuOccupancyMaxPotentialClusterSize,
    PFN_cuOccupancyMaxPotentialClusterSize_v11070, 11070, 0,
    cuOccupancyMaxPotentialClusterSize);
PIN(cuOccupancyMaxActiveClusters, PFN_cuOccupancyMaxActiveClusters_v11070,
    11070, 0, cuOccupancyMaxActiveClusters);
PIN(cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags,
    PFN_cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags_v7000, 7000, 0,
    cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags);
PIN(cuOccupancyAvailableDynamicSMemPerBlock,
    PFN_cuOccupancyAvailableDynamicSMemPerBlock_v10020, 10020, 0,
    cuOccupancyAvailableDynamicSMemPerBlock);
PIN(cuLaunchKernelEx, PFN_cuLaunchKernelEx_v11060, 11060, 0, cuLaunchKernelEx);
PIN(cuLaunchCooperativeKernel, PFN_cuLaunchCooperativeKernel_v9000, 9000, 0,
    cuLaunchCooperativeKernel);
PIN(cuLibraryGetGlobal, PFN_cuLibraryGetGlobal_v12000, 12000, 0,
    cuLibraryGetGlobal);
PIN(cuLibraryGetManaged, PFN_cuLibraryGetManaged_v12000, 12000, 0,
    cuLibraryGetManaged);
#if CUDA_VERSION >= 12030
PIN(cuKernelGetName, PFN_cuKernelGetName_v12030, 12030, 0, cuKernelGetName);
#else
PIN_NEWER(cuKernelGetName, cuKernelGetName);
#endif
#if CUDA_VERSION >= 12040
PIN(cuLibraryGetKernelCount, PFN_cuLibraryGetKernelCount_v12040, 12040, 0,
    cuLibraryGetKernelCount);
PIN(cuLibraryEnumerateKernels, PFN_cuLibraryEnumerateKernels_v12040, 12040, 0,
    cuLibraryEnumerateKernels);
#else
PIN_NEWER(cuLibraryGetKernelCount, cuLibraryGetKernelCount);
PIN_NEWER(cuLibraryEnumerateKernels, cuLibraryEnumerateKernels);
#endif

/* stream attributes */
PIN(cuStreamGetAttribute, PFN_cuStreamGetAttribute_v11000, 11000, 0,
    cuStreamGetAttribute);
PIN(cuStreamSetAttribute, PFN_cuStreamSetAttribute_v11000, 11000, 0,
    cuStreamSetAttribute);
PIN(cuStreamCopyAttributes, PFN_cuStreamCopyAttributes_v11000, 11000, 0,
    cuStreamCopyAttributes);

/* profiler (cudaProfiler.h, cudaProfilerTypedefs.h) */
PIN(cuProfilerStart, PFN_cuProfilerStart_v4000, 4000, 0, cuProfilerStart);
PIN(cuProfilerStop, PFN_cuProfilerStop_v4000, 4000, 0, cuProfilerStop);

/* stream capture and graphs */

/* cu_abi_graph.h, every name renamed, as cu_abi.h's above (the tags of
 * the handle types stay: they are the driver's). */
#define CUgraph ours_CUgraph
#define CUgraphNode ours_CUgraphNode
#define CUgraphExec ours_CUgraphExec
#define CUstreamCaptureStatus ours_CUstreamCaptureStatus
#define CUstreamCaptureMode ours_CUstreamCaptureMode
#define CUgraphNodeType ours_CUgraphNodeType
#define CUgraphInstantiateResult ours_CUgraphInstantiateResult
#define CUgraphExecUpdateResult ours_CUgraphExecUpdateResult
#define CUgraphMem_attribute ours_CUgraphMem_attribute
#define CUgraphChildGraphNodeOwnership ours_CUgraphChildGraphNodeOwnership
#define CUstreamCallback ours_CUstreamCallback
#define CUgraphEdgeData_st ours_CUgraphEdgeData_st
#define CUgraphEdgeData ours_CUgraphEdgeData
#define CUDA_KERNEL_NODE_PARAMS_v2_st ours_CUDA_KERNEL_NODE_PARAMS_v2_st
#define CUDA_KERNEL_NODE_PARAMS_v2 ours_CUDA_KERNEL_NODE_PARAMS_v2
#define CUDA_MEMSET_NODE_PARAMS_st ours_CUDA_MEMSET_NODE_PARAMS_st
#define CUDA_MEMSET_NODE_PARAMS ours_CUDA_MEMSET_NODE_PARAMS
#define CUDA_MEMSET_NODE_PARAMS_v2_st ours_CUDA_MEMSET_NODE_PARAMS_v2_st
#define CUDA_MEMSET_NODE_PARAMS_v2 ours_CUDA_MEMSET_NODE_PARAMS_v2
#define CUDA_HOST_NODE_PARAMS_st ours_CUDA_HOST_NODE_PARAMS_st
#define CUDA_HOST_NODE_PARAMS ours_CUDA_HOST_NODE_PARAMS
#define CUDA_MEMCPY_NODE_PARAMS_st ours_CUDA_MEMCPY_NODE_PARAMS_st
#define CUDA_MEMCPY_NODE_PARAMS ours_CUDA_MEMCPY_NODE_PARAMS
#define CUDA_CHILD_GRAPH_NODE_PARAMS_st ours_CUDA_CHILD_GRAPH_NODE_PARAMS_st
#define CUDA_CHILD_GRAPH_NODE_PARAMS ours_CUDA_CHILD_GRAPH_NODE_PARAMS
#define CUDA_EVENT_RECORD_NODE_PARAMS_st ours_CUDA_EVENT_RECORD_NODE_PARAMS_st
#define CUDA_EVENT_RECORD_NODE_PARAMS ours_CUDA_EVENT_RECORD_NODE_PARAMS
#define CUDA_EVENT_WAIT_NODE_PARAMS_st ours_CUDA_EVENT_WAIT_NODE_PARAMS_st
#define CUDA_EVENT_WAIT_NODE_PARAMS ours_CUDA_EVENT_WAIT_NODE_PARAMS
#define CUDA_MEM_ALLOC_NODE_PARAMS_v1_st ours_CUDA_MEM_ALLOC_NODE_PARAMS_v1_st
#define CUDA_MEM_ALLOC_NODE_PARAMS ours_CUDA_MEM_ALLOC_NODE_PARAMS
#define CUDA_MEM_FREE_NODE_PARAMS_st ours_CUDA_MEM_FREE_NODE_PARAMS_st
#define CUDA_MEM_FREE_NODE_PARAMS ours_CUDA_MEM_FREE_NODE_PARAMS
#define CUgraphNodeParams_st ours_CUgraphNodeParams_st
#define CUgraphNodeParams ours_CUgraphNodeParams
#define CUDA_GRAPH_INSTANTIATE_PARAMS_st ours_CUDA_GRAPH_INSTANTIATE_PARAMS_st
#define CUDA_GRAPH_INSTANTIATE_PARAMS ours_CUDA_GRAPH_INSTANTIATE_PARAMS
#define CUgraphExecUpdateResultInfo_st ours_CUgraphExecUpdateResultInfo_st
#define CUgraphExecUpdateResultInfo ours_CUgraphExecUpdateResultInfo

#include "cu_abi_graph.h"

enum {
  ours_CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES =
      CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES
};
#undef CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES
#undef CUgraph
#undef CUgraphNode
#undef CUgraphExec
#undef CUstreamCaptureStatus
#undef CUstreamCaptureMode
#undef CUgraphNodeType
#undef CUgraphInstantiateResult
#undef CUgraphExecUpdateResult
#undef CUgraphMem_attribute
#undef CUgraphChildGraphNodeOwnership
#undef CUstreamCallback
#undef CUgraphEdgeData_st
#undef CUgraphEdgeData
#undef CUDA_KERNEL_NODE_PARAMS_v2_st
#undef CUDA_KERNEL_NODE_PARAMS_v2
#undef CUDA_MEMSET_NODE_PARAMS_st
#undef CUDA_MEMSET_NODE_PARAMS
#undef CUDA_MEMSET_NODE_PARAMS_v2_st
#undef CUDA_MEMSET_NODE_PARAMS_v2
#undef CUDA_HOST_NODE_PARAMS_st
#undef CUDA_HOST_NODE_PARAMS
#undef CUDA_MEMCPY_NODE_PARAMS_st
#undef CUDA_MEMCPY_NODE_PARAMS
#undef CUDA_CHILD_GRAPH_NODE_PARAMS_st
#undef CUDA_CHILD_GRAPH_NODE_PARAMS
#undef CUDA_EVENT_RECORD_NODE_PARAMS_st
#undef CUDA_EVENT_RECORD_NODE_PARAMS
#undef CUDA_EVENT_WAIT_NODE_PARAMS_st
#undef CUDA_EVENT_WAIT_NODE_PARAMS
#undef CUDA_MEM_ALLOC_NODE_PARAMS_v1_st
#undef CUDA_MEM_ALLOC_NODE_PARAMS
#undef CUDA_MEM_FREE_NODE_PARAMS_st
#undef CUDA_MEM_FREE_NODE_PARAMS
#undef CUgraphNodeParams_st
#undef CUgraphNodeParams
#undef CUDA_GRAPH_INSTANTIATE_PARAMS_st
#undef CUDA_GRAPH_INSTANTIATE_PARAMS
#undef CUgraphExecUpdateResultInfo_st
#undef CUgraphExecUpdateResultInfo

SAME_TYPE(ours_CUgraph, CUgraph);
SAME_TYPE(ours_CUgraphNode, CUgraphNode);
SAME_TYPE(ours_CUgraphExec, CUgraphExec);
SAME_TYPE(ours_CUstreamCallback, CUstreamCallback);
SAME_SIZE(ours_CUstreamCaptureStatus, CUstreamCaptureStatus);
SAME_SIZE(ours_CUstreamCaptureMode, CUstreamCaptureMode);
SAME_SIZE(ours_CUgraphNodeType, CUgraphNodeType);
SAME_SIZE(ours_CUgraphInstantiateResult, CUgraphInstantiateResult);
SAME_SIZE(ours_CUgraphExecUpdateResult, CUgraphExecUpdateResult);
SAME_SIZE(ours_CUgraphMem_attribute, CUgraphMem_attribute);
SAME_SIZE(ours_CUgraphChildGraphNodeOwnership, CUgraphChildGraphNodeOwnership);
SAME(ours_CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES,
     CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES);
SAME(sizeof(ours_CUgraphEdgeData), sizeof(CUgraphEdgeData));
FIELD(ours_CUgraphEdgeData, CUgraphEdgeData, from_port);
FIELD(ours_CUgraphEdgeData, CUgraphEdgeData, to_port);
FIELD(ours_CUgraphEdgeData, CUgraphEdgeData, type);
FIELD(ours_CUgraphEdgeData, CUgraphEdgeData, reserved);
SAME(sizeof(ours_CUDA_KERNEL_NODE_PARAMS_v2),
     sizeof(CUDA_KERNEL_NODE_PARAMS_v2));
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, func);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, gridDimX);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, gridDimY);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, gridDimZ);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, blockDimX);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, blockDimY);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, blockDimZ);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2,
      sharedMemBytes);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2,
      kernelParams);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, extra);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, kern);
FIELD(ours_CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v2, ctx);
SAME(sizeof(ours_CUDA_MEMSET_NODE_PARAMS), sizeof(CUDA_MEMSET_NODE_PARAMS_v1));
FIELD(ours_CUDA_MEMSET_NODE_PARAMS, CUDA_MEMSET_NODE_PARAMS_v1, dst);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS, CUDA_MEMSET_NODE_PARAMS_v1, pitch);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS, CUDA_MEMSET_NODE_PARAMS_v1, value);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS, CUDA_MEMSET_NODE_PARAMS_v1, elementSize);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS, CUDA_MEMSET_NODE_PARAMS_v1, width);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS, CUDA_MEMSET_NODE_PARAMS_v1, height);
SAME(sizeof(ours_CUDA_MEMSET_NODE_PARAMS_v2),
     sizeof(CUDA_MEMSET_NODE_PARAMS_v2));
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, dst);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, pitch);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, value);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, elementSize);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, width);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, height);
FIELD(ours_CUDA_MEMSET_NODE_PARAMS_v2, CUDA_MEMSET_NODE_PARAMS_v2, ctx);
SAME(sizeof(ours_CUDA_HOST_NODE_PARAMS), sizeof(CUDA_HOST_NODE_PARAMS_v1));
FIELD(ours_CUDA_HOST_NODE_PARAMS, CUDA_HOST_NODE_PARAMS_v1, fn);
FIELD(ours_CUDA_HOST_NODE_PARAMS, CUDA_HOST_NODE_PARAMS_v1, userData);
SAME(sizeof(ours_CUDA_MEMCPY_NODE_PARAMS), sizeof(CUDA_MEMCPY_NODE_PARAMS));
FIELD(ours_CUDA_MEMCPY_NODE_PARAMS, CUDA_MEMCPY_NODE_PARAMS, flags);
FIELD(ours_CUDA_MEMCPY_NODE_PARAMS, CUDA_MEMCPY_NODE_PARAMS, reserved);
FIELD(ours_CUDA_MEMCPY_NODE_PARAMS, CUDA_MEMCPY_NODE_PARAMS, copyCtx);
FIELD(ours_CUDA_MEMCPY_NODE_PARAMS, CUDA_MEMCPY_NODE_PARAMS, copyParams);
SAME(sizeof(ours_CUDA_CHILD_GRAPH_NODE_PARAMS),
     sizeof(CUDA_CHILD_GRAPH_NODE_PARAMS));
FIELD(ours_CUDA_CHILD_GRAPH_NODE_PARAMS, CUDA_CHILD_GRAPH_NODE_PARAMS, graph);
FIELD(ours_CUDA_CHILD_GRAPH_NODE_PARAMS, CUDA_CHILD_GRAPH_NODE_PARAMS,
      ownership);
SAME(sizeof(ours_CUDA_EVENT_RECORD_NODE_PARAMS),
     sizeof(CUDA_EVENT_RECORD_NODE_PARAMS));
FIELD(ours_CUDA_EVENT_RECORD_NODE_PARAMS, CUDA_EVENT_RECORD_NODE_PARAMS, event);
SAME(sizeof(ours_CUDA_EVENT_WAIT_NODE_PARAMS),
     sizeof(CUDA_EVENT_WAIT_NODE_PARAMS));
FIELD(ours_CUDA_EVENT_WAIT_NODE_PARAMS, CUDA_EVENT_WAIT_NODE_PARAMS, event);
SAME(sizeof(ours_CUDA_MEM_ALLOC_NODE_PARAMS),
     sizeof(CUDA_MEM_ALLOC_NODE_PARAMS_v1));
FIELD(ours_CUDA_MEM_ALLOC_NODE_PARAMS, CUDA_MEM_ALLOC_NODE_PARAMS_v1,
      poolProps);
FIELD(ours_CUDA_MEM_ALLOC_NODE_PARAMS, CUDA_MEM_ALLOC_NODE_PARAMS_v1,
      accessDescs);
FIELD(ours_CUDA_MEM_ALLOC_NODE_PARAMS, CUDA_MEM_ALLOC_NODE_PARAMS_v1,
      accessDescCount);
FIELD(ours_CUDA_MEM_ALLOC_NODE_PARAMS, CUDA_MEM_ALLOC_NODE_PARAMS_v1, bytesize);
FIELD(ours_CUDA_MEM_ALLOC_NODE_PARAMS, CUDA_MEM_ALLOC_NODE_PARAMS_v1, dptr);
SAME(sizeof(ours_CUDA_MEM_FREE_NODE_PARAMS), sizeof(CUDA_MEM_FREE_NODE_PARAMS));
FIELD(ours_CUDA_MEM_FREE_NODE_PARAMS, CUDA_MEM_FREE_NODE_PARAMS, dptr);
SAME(sizeof(ours_CUgraphNodeParams), sizeof(CUgraphNodeParams));
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, type);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, reserved0);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, reserved1);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, kernel);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, memcpy);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, memset);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, host);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, graph);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, eventWait);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, eventRecord);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, alloc);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, free);
FIELD(ours_CUgraphNodeParams, CUgraphNodeParams, reserved2);
SAME(sizeof(ours_CUDA_GRAPH_INSTANTIATE_PARAMS),
     sizeof(CUDA_GRAPH_INSTANTIATE_PARAMS));
FIELD(ours_CUDA_GRAPH_INSTANTIATE_PARAMS, CUDA_GRAPH_INSTANTIATE_PARAMS, flags);
FIELD(ours_CUDA_GRAPH_INSTANTIATE_PARAMS, CUDA_GRAPH_INSTANTIATE_PARAMS,
      hUploadStream);
FIELD(ours_CUDA_GRAPH_INSTANTIATE_PARAMS, CUDA_GRAPH_INSTANTIATE_PARAMS,
      hErrNode_out);
FIELD(ours_CUDA_GRAPH_INSTANTIATE_PARAMS, CUDA_GRAPH_INSTANTIATE_PARAMS,
      result_out);
SAME(sizeof(ours_CUgraphExecUpdateResultInfo),
     sizeof(CUgraphExecUpdateResultInfo_v1));
FIELD(ours_CUgraphExecUpdateResultInfo, CUgraphExecUpdateResultInfo_v1, result);
FIELD(ours_CUgraphExecUpdateResultInfo, CUgraphExecUpdateResultInfo_v1,
      errorNode);
FIELD(ours_CUgraphExecUpdateResultInfo, CUgraphExecUpdateResultInfo_v1,
      errorFromNode);
SAME(sizeof(CUDA_KERNEL_NODE_PARAMS_v3), sizeof(CUDA_KERNEL_NODE_PARAMS_v2));
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, func);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, gridDimX);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, gridDimY);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, gridDimZ);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, blockDimX);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, blockDimY);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, blockDimZ);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, sharedMemBytes);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, kernelParams);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, extra);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, kern);
FIELD(CUDA_KERNEL_NODE_PARAMS_v2, CUDA_KERNEL_NODE_PARAMS_v3, ctx);
SAME(sizeof(CUDA_HOST_NODE_PARAMS_v2), sizeof(CUDA_HOST_NODE_PARAMS_v1));
FIELD(CUDA_HOST_NODE_PARAMS_v1, CUDA_HOST_NODE_PARAMS_v2, fn);
FIELD(CUDA_HOST_NODE_PARAMS_v1, CUDA_HOST_NODE_PARAMS_v2, userData);
SAME(sizeof(CUDA_MEM_ALLOC_NODE_PARAMS_v2),
     sizeof(CUDA_MEM_ALLOC_NODE_PARAMS_v1));
FIELD(CUDA_MEM_ALLOC_NODE_PARAMS_v1, CUDA_MEM_ALLOC_NODE_PARAMS_v2, poolProps);
FIELD(CUDA_MEM_ALLOC_NODE_PARAMS_v1, CUDA_MEM_ALLOC_NODE_PARAMS_v2,
      accessDescs);
FIELD(CUDA_MEM_ALLOC_NODE_PARAMS_v1, CUDA_MEM_ALLOC_NODE_PARAMS_v2,
      accessDescCount);
FIELD(CUDA_MEM_ALLOC_NODE_PARAMS_v1, CUDA_MEM_ALLOC_NODE_PARAMS_v2, bytesize);
FIELD(CUDA_MEM_ALLOC_NODE_PARAMS_v1, CUDA_MEM_ALLOC_NODE_PARAMS_v2, dptr);

/* Passed to the driver unchanged: the enums and flags of the graph API, and
 * the edge data. */
SAME(infinirtStreamCaptureStatusNone, CU_STREAM_CAPTURE_STATUS_NONE);
SAME(infinirtStreamCaptureStatusActive, CU_STREAM_CAPTURE_STATUS_ACTIVE);
SAME(infinirtStreamCaptureStatusInvalidated,
     CU_STREAM_CAPTURE_STATUS_INVALIDATED);
SAME(infinirtStreamCaptureModeGlobal, CU_STREAM_CAPTURE_MODE_GLOBAL);
SAME(infinirtStreamCaptureModeThreadLocal, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
SAME(infinirtStreamCaptureModeRelaxed, CU_STREAM_CAPTURE_MODE_RELAXED);
SAME(infinirtStreamAddCaptureDependencies, CU_STREAM_ADD_CAPTURE_DEPENDENCIES);
SAME(infinirtStreamSetCaptureDependencies, CU_STREAM_SET_CAPTURE_DEPENDENCIES);
SAME(infinirtGraphNodeTypeKernel, CU_GRAPH_NODE_TYPE_KERNEL);
SAME(infinirtGraphNodeTypeMemcpy, CU_GRAPH_NODE_TYPE_MEMCPY);
SAME(infinirtGraphNodeTypeMemset, CU_GRAPH_NODE_TYPE_MEMSET);
SAME(infinirtGraphNodeTypeHost, CU_GRAPH_NODE_TYPE_HOST);
SAME(infinirtGraphNodeTypeGraph, CU_GRAPH_NODE_TYPE_GRAPH);
SAME(infinirtGraphNodeTypeEmpty, CU_GRAPH_NODE_TYPE_EMPTY);
SAME(infinirtGraphNodeTypeWaitEvent, CU_GRAPH_NODE_TYPE_WAIT_EVENT);
SAME(infinirtGraphNodeTypeEventRecord, CU_GRAPH_NODE_TYPE_EVENT_RECORD);
SAME(infinirtGraphNodeTypeExtSemaphoreSignal,
     CU_GRAPH_NODE_TYPE_EXT_SEMAS_SIGNAL);
SAME(infinirtGraphNodeTypeExtSemaphoreWait, CU_GRAPH_NODE_TYPE_EXT_SEMAS_WAIT);
SAME(infinirtGraphNodeTypeMemAlloc, CU_GRAPH_NODE_TYPE_MEM_ALLOC);
SAME(infinirtGraphNodeTypeMemFree, CU_GRAPH_NODE_TYPE_MEM_FREE);
SAME(infinirtGraphNodeTypeConditional, CU_GRAPH_NODE_TYPE_CONDITIONAL);
SAME(infinirtGraphChildGraphOwnershipClone,
     CU_GRAPH_CHILD_GRAPH_OWNERSHIP_CLONE);
SAME(infinirtGraphChildGraphOwnershipMove, CU_GRAPH_CHILD_GRAPH_OWNERSHIP_MOVE);
SAME(infinirtGraphDependencyTypeDefault, CU_GRAPH_DEPENDENCY_TYPE_DEFAULT);
SAME(infinirtGraphDependencyTypeProgrammatic,
     CU_GRAPH_DEPENDENCY_TYPE_PROGRAMMATIC);
SAME(infinirtGraphExecUpdateSuccess, CU_GRAPH_EXEC_UPDATE_SUCCESS);
SAME(infinirtGraphExecUpdateError, CU_GRAPH_EXEC_UPDATE_ERROR);
SAME(infinirtGraphExecUpdateErrorTopologyChanged,
     CU_GRAPH_EXEC_UPDATE_ERROR_TOPOLOGY_CHANGED);
SAME(infinirtGraphExecUpdateErrorNodeTypeChanged,
     CU_GRAPH_EXEC_UPDATE_ERROR_NODE_TYPE_CHANGED);
SAME(infinirtGraphExecUpdateErrorFunctionChanged,
     CU_GRAPH_EXEC_UPDATE_ERROR_FUNCTION_CHANGED);
SAME(infinirtGraphExecUpdateErrorParametersChanged,
     CU_GRAPH_EXEC_UPDATE_ERROR_PARAMETERS_CHANGED);
SAME(infinirtGraphExecUpdateErrorNotSupported,
     CU_GRAPH_EXEC_UPDATE_ERROR_NOT_SUPPORTED);
SAME(infinirtGraphExecUpdateErrorUnsupportedFunctionChange,
     CU_GRAPH_EXEC_UPDATE_ERROR_UNSUPPORTED_FUNCTION_CHANGE);
SAME(infinirtGraphExecUpdateErrorAttributesChanged,
     CU_GRAPH_EXEC_UPDATE_ERROR_ATTRIBUTES_CHANGED);
SAME(infinirtGraphInstantiateSuccess, CUDA_GRAPH_INSTANTIATE_SUCCESS);
SAME(infinirtGraphInstantiateError, CUDA_GRAPH_INSTANTIATE_ERROR);
SAME(infinirtGraphInstantiateInvalidStructure,
     CUDA_GRAPH_INSTANTIATE_INVALID_STRUCTURE);
SAME(infinirtGraphInstantiateNodeOperationNotSupported,
     CUDA_GRAPH_INSTANTIATE_NODE_OPERATION_NOT_SUPPORTED);
SAME(infinirtGraphInstantiateMultipleDevicesNotSupported,
     CUDA_GRAPH_INSTANTIATE_MULTIPLE_CTXS_NOT_SUPPORTED);
SAME(infinirtGraphInstantiateConditionalHandleUnused,
     CUDA_GRAPH_INSTANTIATE_CONDITIONAL_HANDLE_UNUSED);
SAME(infinirtGraphInstantiateFlagAutoFreeOnLaunch,
     CUDA_GRAPH_INSTANTIATE_FLAG_AUTO_FREE_ON_LAUNCH);
SAME(infinirtGraphInstantiateFlagUpload, CUDA_GRAPH_INSTANTIATE_FLAG_UPLOAD);
SAME(infinirtGraphInstantiateFlagDeviceLaunch,
     CUDA_GRAPH_INSTANTIATE_FLAG_DEVICE_LAUNCH);
SAME(infinirtGraphInstantiateFlagUseNodePriority,
     CUDA_GRAPH_INSTANTIATE_FLAG_USE_NODE_PRIORITY);
SAME(infinirtGraphDebugDotFlagsVerbose, CU_GRAPH_DEBUG_DOT_FLAGS_VERBOSE);
SAME(infinirtGraphDebugDotFlagsKernelNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_KERNEL_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsMemcpyNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_MEMCPY_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsMemsetNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_MEMSET_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsHostNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_HOST_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsEventNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_EVENT_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsExtSemasSignalNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_EXT_SEMAS_SIGNAL_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsExtSemasWaitNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_EXT_SEMAS_WAIT_NODE_PARAMS);
SAME(infinirtGraphDebugDotFlagsKernelNodeAttributes,
     CU_GRAPH_DEBUG_DOT_FLAGS_KERNEL_NODE_ATTRIBUTES);
SAME(infinirtGraphDebugDotFlagsHandles, CU_GRAPH_DEBUG_DOT_FLAGS_HANDLES);
SAME(infinirtGraphDebugDotFlagsConditionalNodeParams,
     CU_GRAPH_DEBUG_DOT_FLAGS_CONDITIONAL_NODE_PARAMS);
SAME(infinirtGraphMemAttrUsedMemCurrent, CU_GRAPH_MEM_ATTR_USED_MEM_CURRENT);
SAME(infinirtGraphMemAttrUsedMemHigh, CU_GRAPH_MEM_ATTR_USED_MEM_HIGH);
SAME(infinirtGraphMemAttrReservedMemCurrent,
     CU_GRAPH_MEM_ATTR_RESERVED_MEM_CURRENT);
SAME(infinirtGraphMemAttrReservedMemHigh, CU_GRAPH_MEM_ATTR_RESERVED_MEM_HIGH);
SAME(infinirtGraphKernelNodePortDefault, CU_GRAPH_KERNEL_NODE_PORT_DEFAULT);
SAME(infinirtGraphKernelNodePortProgrammatic,
     CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC);
SAME(infinirtGraphKernelNodePortLaunchCompletion,
     CU_GRAPH_KERNEL_NODE_PORT_LAUNCH_ORDER);
SAME(sizeof(enum infinirtStreamCaptureStatus), sizeof(int));
SAME(sizeof(enum infinirtStreamCaptureMode), sizeof(int));
SAME(sizeof(enum infinirtGraphNodeType), sizeof(int));
SAME(sizeof(enum infinirtGraphExecUpdateResult), sizeof(int));
SAME(sizeof(infinirtGraphInstantiateResult), sizeof(int));
SAME(sizeof(enum infinirtGraphMemAttributeType), sizeof(int));
SAME(sizeof(infinirtGraphEdgeData), sizeof(CUgraphEdgeData));
FIELD(infinirtGraphEdgeData, CUgraphEdgeData, from_port);
FIELD(infinirtGraphEdgeData, CUgraphEdgeData, to_port);
FIELD(infinirtGraphEdgeData, CUgraphEdgeData, type);
FIELD(infinirtGraphEdgeData, CUgraphEdgeData, reserved);

PIN(cuStreamAddCallback, PFN_cuStreamAddCallback_v5000, 5000, 0,
    cuStreamAddCallback);
PIN(cuStreamBeginCapture, PFN_cuStreamBeginCapture_v10010, 10010, 0,
    cuStreamBeginCapture_v2);
PIN(cuStreamBeginCaptureToGraph, PFN_cuStreamBeginCaptureToGraph_v12030, 12030,
    0, cuStreamBeginCaptureToGraph);
PIN(cuStreamEndCapture, PFN_cuStreamEndCapture_v10000, 10000, 0,
    cuStreamEndCapture);
PIN(cuStreamIsCapturing, PFN_cuStreamIsCapturing_v10000, 10000, 0,
    cuStreamIsCapturing);
PIN(cuStreamGetCaptureInfo, PFN_cuStreamGetCaptureInfo_v12030, 12030, 0,
    cuStreamGetCaptureInfo_v3);
PIN(cuStreamUpdateCaptureDependencies,
    PFN_cuStreamUpdateCaptureDependencies_v12030, 12030, 0,
    cuStreamUpdateCaptureDependencies_v2);
PIN(cuThreadExchangeStreamCaptureMode,
    PFN_cuThreadExchangeStreamCaptureMode_v10010, 10010, 0,
    cuThreadExchangeStreamCaptureMode);
PIN(cuGraphCreate, PFN_cuGraphCreate_v10000, 10000, 0, cuGraphCreate);
PIN(cuGraphDestroy, PFN_cuGraphDestroy_v10000, 10000, 0, cuGraphDestroy);
PIN(cuGraphAddKernelNode, PFN_cuGraphAddKernelNode_v12000, 12000, 0,
    cuGraphAddKernelNode_v2);
PIN(cuGraphKernelNodeGetParams, PFN_cuGraphKernelNodeGetParams_v12000, 12000, 0,
    cuGraphKernelNodeGetParams_v2);
PIN(cuGraphKernelNodeSetParams, PFN_cuGraphKernelNodeSetParams_v12000, 12000, 0,
    cuGraphKernelNodeSetParams_v2);
PIN(cuGraphAddMemcpyNode, PFN_cuGraphAddMemcpyNode_v10000, 10000, 0,
    cuGraphAddMemcpyNode);
PIN(cuGraphMemcpyNodeGetParams, PFN_cuGraphMemcpyNodeGetParams_v10000, 10000, 0,
    cuGraphMemcpyNodeGetParams);
PIN(cuGraphMemcpyNodeSetParams, PFN_cuGraphMemcpyNodeSetParams_v10000, 10000, 0,
    cuGraphMemcpyNodeSetParams);
PIN(cuGraphAddMemsetNode, PFN_cuGraphAddMemsetNode_v10000, 10000, 0,
    cuGraphAddMemsetNode);
PIN(cuGraphMemsetNodeGetParams, PFN_cuGraphMemsetNodeGetParams_v10000, 10000, 0,
    cuGraphMemsetNodeGetParams);
PIN(cuGraphMemsetNodeSetParams, PFN_cuGraphMemsetNodeSetParams_v10000, 10000, 0,
    cuGraphMemsetNodeSetParams);
PIN(cuGraphAddHostNode, PFN_cuGraphAddHostNode_v10000, 10000, 0,
    cuGraphAddHostNode);
PIN(cuGraphHostNodeGetParams, PFN_cuGraphHostNodeGetParams_v10000, 10000, 0,
    cuGraphHostNodeGetParams);
PIN(cuGraphHostNodeSetParams, PFN_cuGraphHostNodeSetParams_v10000, 10000, 0,
    cuGraphHostNodeSetParams);
PIN(cuGraphAddChildGraphNode, PFN_cuGraphAddChildGraphNode_v10000, 10000, 0,
    cuGraphAddChildGraphNode);
PIN(cuGraphChildGraphNodeGetGraph, PFN_cuGraphChildGraphNodeGetGraph_v10000,
    10000, 0, cuGraphChildGraphNodeGetGraph);
PIN(cuGraphAddEmptyNode, PFN_cuGraphAddEmptyNode_v10000, 10000, 0,
    cuGraphAddEmptyNode);
PIN(cuGraphAddEventRecordNode, PFN_cuGraphAddEventRecordNode_v11010, 11010, 0,
    cuGraphAddEventRecordNode);
PIN(cuGraphEventRecordNodeGetEvent, PFN_cuGraphEventRecordNodeGetEvent_v11010,
    11010, 0, cuGraphEventRecordNodeGetEvent);
PIN(cuGraphEventRecordNodeSetEvent, PFN_cuGraphEventRecordNodeSetEvent_v11010,
    11010, 0, cuGraphEventRecordNodeSetEvent);
PIN(cuGraphAddEventWaitNode, PFN_cuGraphAddEventWaitNode_v11010, 11010, 0,
    cuGraphAddEventWaitNode);
PIN(cuGraphEventWaitNodeGetEvent, PFN_cuGraphEventWaitNodeGetEvent_v11010,
    11010, 0, cuGraphEventWaitNodeGetEvent);
PIN(cuGraphEventWaitNodeSetEvent, PFN_cuGraphEventWaitNodeSetEvent_v11010,
    11010, 0, cuGraphEventWaitNodeSetEvent);
PIN(cuGraphAddMemAllocNode, PFN_cuGraphAddMemAllocNode_v11040, 11040, 0,
    cuGraphAddMemAllocNode);
PIN(cuGraphMemAllocNodeGetParams, PFN_cuGraphMemAllocNodeGetParams_v11040,
    11040, 0, cuGraphMemAllocNodeGetParams);
PIN(cuGraphAddMemFreeNode, PFN_cuGraphAddMemFreeNode_v11040, 11040, 0,
    cuGraphAddMemFreeNode);
PIN(cuGraphMemFreeNodeGetParams, PFN_cuGraphMemFreeNodeGetParams_v11040, 11040,
    0, cuGraphMemFreeNodeGetParams);
PIN(cuGraphAddNode, PFN_cuGraphAddNode_v12030, 12030, 0, cuGraphAddNode_v2);
PIN(cuGraphNodeSetParams, PFN_cuGraphNodeSetParams_v12020, 12020, 0,
    cuGraphNodeSetParams);
PIN(cuGraphExecNodeSetParams, PFN_cuGraphExecNodeSetParams_v12020, 12020, 0,
    cuGraphExecNodeSetParams);
PIN(cuGraphAddDependencies, PFN_cuGraphAddDependencies_v12030, 12030, 0,
    cuGraphAddDependencies_v2);
PIN(cuGraphRemoveDependencies, PFN_cuGraphRemoveDependencies_v12030, 12030, 0,
    cuGraphRemoveDependencies_v2);
PIN(cuGraphDestroyNode, PFN_cuGraphDestroyNode_v10000, 10000, 0,
    cuGraphDestroyNode);
PIN(cuGraphClone, PFN_cuGraphClone_v10000, 10000, 0, cuGraphClone);
PIN(cuGraphNodeFindInClone, PFN_cuGraphNodeFindInClone_v10000, 10000, 0,
    cuGraphNodeFindInClone);
PIN(cuGraphGetNodes, PFN_cuGraphGetNodes_v10000, 10000, 0, cuGraphGetNodes);
PIN(cuGraphGetRootNodes, PFN_cuGraphGetRootNodes_v10000, 10000, 0,
    cuGraphGetRootNodes);
PIN(cuGraphGetEdges, PFN_cuGraphGetEdges_v12030, 12030, 0, cuGraphGetEdges_v2);
PIN(cuGraphNodeGetDependencies, PFN_cuGraphNodeGetDependencies_v12030, 12030, 0,
    cuGraphNodeGetDependencies_v2);
PIN(cuGraphNodeGetDependentNodes, PFN_cuGraphNodeGetDependentNodes_v12030,
    12030, 0, cuGraphNodeGetDependentNodes_v2);
PIN(cuGraphNodeGetType, PFN_cuGraphNodeGetType_v10000, 10000, 0,
    cuGraphNodeGetType);
PIN(cuGraphDebugDotPrint, PFN_cuGraphDebugDotPrint_v11030, 11030, 0,
    cuGraphDebugDotPrint);
PIN(cuGraphInstantiateWithFlags, PFN_cuGraphInstantiateWithFlags_v11040, 11040,
    0, cuGraphInstantiateWithFlags);
PIN(cuGraphInstantiateWithParams, PFN_cuGraphInstantiateWithParams_v12000,
    12000, 0, cuGraphInstantiateWithParams);
PIN(cuGraphExecGetFlags, PFN_cuGraphExecGetFlags_v12000, 12000, 0,
    cuGraphExecGetFlags);
PIN(cuGraphUpload, PFN_cuGraphUpload_v11010, 11010, 0, cuGraphUpload);
PIN(cuGraphLaunch, PFN_cuGraphLaunch_v10000, 10000, 0, cuGraphLaunch);
PIN(cuGraphExecDestroy, PFN_cuGraphExecDestroy_v10000, 10000, 0,
    cuGraphExecDestroy);
PIN(cuGraphExecKernelNodeSetParams, PFN_cuGraphExecKernelNodeSetParams_v12000,
    12000, 0, cuGraphExecKernelNodeSetParams_v2);
PIN(cuGraphExecMemcpyNodeSetParams, PFN_cuGraphExecMemcpyNodeSetParams_v10020,
    10020, 0, cuGraphExecMemcpyNodeSetParams);
PIN(cuGraphExecMemsetNodeSetParams, PFN_cuGraphExecMemsetNodeSetParams_v10020,
    10020, 0, cuGraphExecMemsetNodeSetParams);
PIN(cuGraphExecHostNodeSetParams, PFN_cuGraphExecHostNodeSetParams_v10020,
    10020, 0, cuGraphExecHostNodeSetParams);
PIN(cuGraphExecChildGraphNodeSetParams,
    PFN_cuGraphExecChildGraphNodeSetParams_v11010, 11010, 0,
    cuGraphExecChildGraphNodeSetParams);
PIN(cuGraphExecEventRecordNodeSetEvent,
    PFN_cuGraphExecEventRecordNodeSetEvent_v11010, 11010, 0,
    cuGraphExecEventRecordNodeSetEvent);
PIN(cuGraphExecEventWaitNodeSetEvent,
    PFN_cuGraphExecEventWaitNodeSetEvent_v11010, 11010, 0,
    cuGraphExecEventWaitNodeSetEvent);
PIN(cuGraphNodeSetEnabled, PFN_cuGraphNodeSetEnabled_v11060, 11060, 0,
    cuGraphNodeSetEnabled);
PIN(cuGraphNodeGetEnabled, PFN_cuGraphNodeGetEnabled_v11060, 11060, 0,
    cuGraphNodeGetEnabled);
PIN(cuGraphExecUpdate, PFN_cuGraphExecUpdate_v12000, 12000, 0,
    cuGraphExecUpdate_v2);
PIN(cuDeviceGraphMemTrim, PFN_cuDeviceGraphMemTrim_v11040, 11040, 0,
    cuDeviceGraphMemTrim);
PIN(cuDeviceGetGraphMemAttribute, PFN_cuDeviceGetGraphMemAttribute_v11040,
    11040, 0, cuDeviceGetGraphMemAttribute);
PIN(cuDeviceSetGraphMemAttribute, PFN_cuDeviceSetGraphMemAttribute_v11040,
    11040, 0, cuDeviceSetGraphMemAttribute);

/* ---- cu_symbols.def against the PIN lines ------------------------------- */

/* Last, after every group's PIN lines. */
/* Every table line needs a PIN line (else: undeclared pin_*_<field>). */
#define SYM(need, field, version, versioned, params)                           \
  _Static_assert(pin_skip_##field ||                                           \
                     __builtin_types_compatible_p(pin_abi_##field,             \
                                                  CUresult(CUDAAPI *) params), \
                 #field ": the parameters are not the driver's ABI at "        \
                        "version " #version);                                  \
  _Static_assert(pin_skip_##field || (pin_from_##field <= version &&           \
                                      (pin_until_##field == 0 ||               \
                                       version < pin_until_##field)),          \
                 #field ": version " #version " is outside the range where "   \
                        "the checked ABI holds");                              \
  _Static_assert(pin_exported_##field##__##versioned,                          \
                 #versioned " is not the exported name of that ABI");          \
  _Static_assert(pin_skip_##field ||                                           \
                     __builtin_types_compatible_p(pin_decl_##field,            \
                                                  CUresult(CUDAAPI *) params), \
                 #versioned ": cuda.h declares other parameters");
#include "cu_symbols.def"
#undef SYM

int main(void) {
  return 0;
}
