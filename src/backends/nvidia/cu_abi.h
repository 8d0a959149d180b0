/*
 * cu_abi.h - the slice of the CUDA driver API ABI that the NVIDIA backend
 * uses, declared from NVIDIA's public documentation so that no NVIDIA header
 * is needed at build time. Only what the backend calls is here; the values
 * are the driver's and must never change. tests/unit/infinirt_nv_cu_abi.c
 * checks every name here, and every line of cu_symbols.def and cu_errors.def,
 * against the toolkit's headers: a new name needs a line there.
 */
#ifndef INFINIRT_NVIDIA_CU_ABI_H_
#define INFINIRT_NVIDIA_CU_ABI_H_

#include <stddef.h>
#include <stdint.h>

typedef int CUresult; /* the driver's error enum (int-sized) */
typedef int CUdevice; /* a device ordinal as the driver numbers it */
typedef unsigned long long CUdeviceptr; /* CUdeviceptr_v2 on 64-bit hosts */
typedef uint64_t cuuint64_t;

typedef struct CUctx_st *CUcontext;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;
typedef struct CUfunc_st *CUfunction;
typedef struct CUlib_st *CUlibrary;
typedef struct CUkern_st *CUkernel;
typedef struct CUmod_st *CUmodule;
typedef struct CUarray_st *CUarray;

typedef void (*CUhostFn)(void *userData);

typedef struct CUuuid_st {
  char bytes[16];
} CUuuid;

/* Error codes the backend names (the full map is in cu_errors.def). */
enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_STUB_LIBRARY = 34,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_CONTEXT = 201,
  CUDA_ERROR_PEER_ACCESS_UNSUPPORTED = 217,
  CUDA_ERROR_INVALID_HANDLE = 400,
  CUDA_ERROR_ILLEGAL_STATE = 401,
  CUDA_ERROR_NOT_FOUND = 500,
  CUDA_ERROR_NOT_READY = 600,
};

/* cuGetProcAddress_v2 flags and status. */
#define CU_GET_PROC_ADDRESS_LEGACY_STREAM 1
typedef enum CUdriverProcAddressQueryResult {
  CU_GET_PROC_ADDRESS_SUCCESS = 0,
  CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND = 1,
  CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT = 2,
} CUdriverProcAddressQueryResult;

/* The legacy default stream, named explicitly. */
#define CU_STREAM_LEGACY ((CUstream)0x1)
#define CU_STREAM_NON_BLOCKING 0x1

#define CU_EVENT_BLOCKING_SYNC 0x1
#define CU_EVENT_DISABLE_TIMING 0x2
#define CU_EVENT_INTERPROCESS 0x4
#define CU_EVENT_WAIT_EXTERNAL 0x1

/* Interprocess handles (CUipcEventHandle_v1, CUipcMemHandle_v1), passed
 * by value, and cuIpcOpenMemHandle's flag. */
#define CU_IPC_HANDLE_SIZE 64
typedef struct CUipcEventHandle_st {
  char reserved[CU_IPC_HANDLE_SIZE];
} CUipcEventHandle;
typedef struct CUipcMemHandle_st {
  char reserved[CU_IPC_HANDLE_SIZE];
} CUipcMemHandle;
#define CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS 0x1

#define CU_MEMHOSTALLOC_PORTABLE 0x01
#define CU_MEMHOSTALLOC_DEVICEMAP 0x02
#define CU_MEMHOSTALLOC_WRITECOMBINED 0x04
#define CU_MEMHOSTREGISTER_PORTABLE 0x01
#define CU_MEMHOSTREGISTER_DEVICEMAP 0x02
#define CU_MEMHOSTREGISTER_IOMEMORY 0x04
#define CU_MEMHOSTREGISTER_READ_ONLY 0x08

typedef enum CUmemorytype {
  CU_MEMORYTYPE_HOST = 1,
  CU_MEMORYTYPE_DEVICE = 2,
  CU_MEMORYTYPE_ARRAY = 3,
  CU_MEMORYTYPE_UNIFIED = 4,
} CUmemorytype;

typedef enum CUpointer_attribute {
  CU_POINTER_ATTRIBUTE_MEMORY_TYPE = 2,
  CU_POINTER_ATTRIBUTE_DEVICE_POINTER = 3,
  CU_POINTER_ATTRIBUTE_HOST_POINTER = 4,
  CU_POINTER_ATTRIBUTE_IS_MANAGED = 8,
  CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL = 9,
} CUpointer_attribute;

/* Device attributes: the numbering equals infinirtDeviceAttr's (both are
 * CUDA's), so the backend passes those values through. Only the ones that
 * infinirt.h has no name for are listed. */
typedef int CUdevice_attribute;
#define CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS 129

/* The JIT and library option enums are int-sized with infinirt's values. */
typedef int CUjit_option;
typedef int CUlibraryOption;
enum {
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
};

/* cuMemcpy2D_v2 / cuMemcpy2DAsync_v2 argument (CUDA_MEMCPY2D_v2). */
typedef struct CUDA_MEMCPY2D {
  size_t srcXInBytes;
  size_t srcY;
  CUmemorytype srcMemoryType;
  const void *srcHost;
  CUdeviceptr srcDevice;
  CUarray srcArray;
  size_t srcPitch;
  size_t dstXInBytes;
  size_t dstY;
  CUmemorytype dstMemoryType;
  void *dstHost;
  CUdeviceptr dstDevice;
  CUarray dstArray;
  size_t dstPitch;
  size_t WidthInBytes;
  size_t Height;
} CUDA_MEMCPY2D;

_Static_assert(sizeof(CUDA_MEMCPY2D) == 128, "CUDA_MEMCPY2D_v2 layout");

/* Where memory is (CUmemLocation_v1), and the small enums passed through
 * with CUDA's values, which infinirt's equal. */
typedef struct CUmemLocation_st {
  int type; /* CUmemLocationType */
  int id;
} CUmemLocation;
typedef int CUmem_advise;
typedef int CUmemAllocationType; /* cuMemGetMemPool and its kin */
/* cuMemcpyBatchAsync's attributes (CUmemcpyAttributes_v1). */
typedef struct CUmemcpyAttributes_st {
  int srcAccessOrder; /* CUmemcpySrcAccessOrder */
  CUmemLocation srcLocHint;
  CUmemLocation dstLocHint;
  unsigned int flags;
} CUmemcpyAttributes;
typedef int CUdevice_P2PAttribute;
typedef int CUlimit;
typedef int CUfunc_cache;
typedef int CUsharedconfig;
typedef int CUflushGPUDirectRDMAWritesTarget;
typedef int CUflushGPUDirectRDMAWritesScope;

/* ---- 2D and 3D memory ---------------------------------------------------- */

/* cuMemcpy3D_v2 / cuMemcpy3DAsync_v2 argument (CUDA_MEMCPY3D_v2). */
typedef struct CUDA_MEMCPY3D {
  size_t srcXInBytes;
  size_t srcY;
  size_t srcZ;
  size_t srcLOD; /* 0 */
  CUmemorytype srcMemoryType;
  const void *srcHost;
  CUdeviceptr srcDevice;
  CUarray srcArray;
  void *reserved0; /* NULL */
  size_t srcPitch;
  size_t srcHeight; /* rows of a slice; may be 0 when Depth is 1 */
  size_t dstXInBytes;
  size_t dstY;
  size_t dstZ;
  size_t dstLOD;
  CUmemorytype dstMemoryType;
  void *dstHost;
  CUdeviceptr dstDevice;
  CUarray dstArray;
  void *reserved1;
  size_t dstPitch;
  size_t dstHeight;
  size_t WidthInBytes;
  size_t Height;
  size_t Depth;
} CUDA_MEMCPY3D;

_Static_assert(sizeof(CUDA_MEMCPY3D) == 200, "CUDA_MEMCPY3D_v2 layout");

/* cuMemcpy3DPeer / cuMemcpy3DPeerAsync argument (CUDA_MEMCPY3D_PEER_v1):
 * CUDA_MEMCPY3D with each side's context in place of its reserved field. */
typedef struct CUDA_MEMCPY3D_PEER {
  size_t srcXInBytes;
  size_t srcY;
  size_t srcZ;
  size_t srcLOD;
  CUmemorytype srcMemoryType;
  const void *srcHost;
  CUdeviceptr srcDevice;
  CUarray srcArray;
  CUcontext srcContext;
  size_t srcPitch;
  size_t srcHeight;
  size_t dstXInBytes;
  size_t dstY;
  size_t dstZ;
  size_t dstLOD;
  CUmemorytype dstMemoryType;
  void *dstHost;
  CUdeviceptr dstDevice;
  CUarray dstArray;
  CUcontext dstContext;
  size_t dstPitch;
  size_t dstHeight;
  size_t WidthInBytes;
  size_t Height;
  size_t Depth;
} CUDA_MEMCPY3D_PEER;

_Static_assert(sizeof(CUDA_MEMCPY3D_PEER) == 200,
               "CUDA_MEMCPY3D_PEER_v1 layout");

/* ---- memory pools --------------------------------------------------------
 * The pool enums are int-sized with infinirt's values (CUmemPool_attribute
 * = infinirtMemPoolAttr, CUmemAccess_flags = infinirtMemAccessFlags, and
 * the allocation and handle types), and the structs have the layouts of
 * infinirt's twins, so the backend passes those through. */
typedef struct CUmemPoolHandle_st *CUmemoryPool;
typedef int CUmemPool_attribute;
typedef int CUmemAccess_flags;

typedef struct CUmemAccessDesc_st {
  CUmemLocation location;
  CUmemAccess_flags flags;
} CUmemAccessDesc;

typedef struct CUmemPoolProps_st {
  int allocType;   /* CUmemAllocationType */
  int handleTypes; /* CUmemAllocationHandleType */
  CUmemLocation location;
  void *win32SecurityAttributes;
  size_t maxSize;
  unsigned short usage;
  unsigned char reserved[54];
} CUmemPoolProps;

#endif /* INFINIRT_NVIDIA_CU_ABI_H_ */
