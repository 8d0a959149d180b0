/*
 * cu_abi_graph.h - the driver ABI of stream capture and graphs, declared
 * from NVIDIA's public documentation as cu_abi.h is (only what the backend
 * uses). The enums are int-sized and the backend passes infinirt's values
 * through (capture status and mode, node types, update and instantiate
 * results, instantiate and dot flags, graph memory attributes): they equal
 * the driver's, and tests/unit/nv_cu_abi.c pins each one and every layout
 * below against cuda.h.
 */
#ifndef INFINIRT_NVIDIA_CU_ABI_GRAPH_H_
#define INFINIRT_NVIDIA_CU_ABI_GRAPH_H_

#include "cu_abi.h"

typedef struct CUgraph_st *CUgraph;
typedef struct CUgraphNode_st *CUgraphNode;
typedef struct CUgraphExec_st *CUgraphExec;

typedef int CUstreamCaptureStatus;
typedef int CUstreamCaptureMode;
typedef int CUgraphNodeType;
typedef int CUgraphInstantiateResult;
typedef int CUgraphExecUpdateResult;
typedef int CUgraphMem_attribute;
typedef int CUgraphChildGraphNodeOwnership;

/* cuStreamAddCallback's callback. */
typedef void (*CUstreamCallback)(CUstream hStream, CUresult status,
                                 void *userData);

/* cuGraphDebugDotPrint: name the runtime's structures, as cudart does. */
#define CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES (1 << 1)

/* An edge's data: infinirtGraphEdgeData's layout. */
typedef struct CUgraphEdgeData_st {
  unsigned char from_port;
  unsigned char to_port;
  unsigned char type;
  unsigned char reserved[5];
} CUgraphEdgeData;

/* CUDA_KERNEL_NODE_PARAMS_v2 (and _v3, the generic form's, the same). */
typedef struct CUDA_KERNEL_NODE_PARAMS_v2_st {
  CUfunction func; /* NULL: |kern| in |ctx| */
  unsigned int gridDimX;
  unsigned int gridDimY;
  unsigned int gridDimZ;
  unsigned int blockDimX;
  unsigned int blockDimY;
  unsigned int blockDimZ;
  unsigned int sharedMemBytes;
  void **kernelParams;
  void **extra;
  CUkernel kern;
  CUcontext ctx;
} CUDA_KERNEL_NODE_PARAMS_v2;

/* CUDA_MEMSET_NODE_PARAMS_v1 (the typed calls take the context apart). */
typedef struct CUDA_MEMSET_NODE_PARAMS_st {
  CUdeviceptr dst;
  size_t pitch;
  unsigned int value;
  unsigned int elementSize;
  size_t width;
  size_t height;
} CUDA_MEMSET_NODE_PARAMS;

/* CUDA_MEMSET_NODE_PARAMS_v2: the generic form's, with the context. */
typedef struct CUDA_MEMSET_NODE_PARAMS_v2_st {
  CUdeviceptr dst;
  size_t pitch;
  unsigned int value;
  unsigned int elementSize;
  size_t width;
  size_t height;
  CUcontext ctx;
} CUDA_MEMSET_NODE_PARAMS_v2;

/* CUDA_HOST_NODE_PARAMS_v1 (_v2 is the same). */
typedef struct CUDA_HOST_NODE_PARAMS_st {
  CUhostFn fn;
  void *userData;
} CUDA_HOST_NODE_PARAMS;

typedef struct CUDA_MEMCPY_NODE_PARAMS_st {
  int flags;    /* 0 */
  int reserved; /* 0 */
  CUcontext copyCtx;
  CUDA_MEMCPY3D copyParams;
} CUDA_MEMCPY_NODE_PARAMS;

typedef struct CUDA_CHILD_GRAPH_NODE_PARAMS_st {
  CUgraph graph;
  CUgraphChildGraphNodeOwnership ownership;
} CUDA_CHILD_GRAPH_NODE_PARAMS;

typedef struct CUDA_EVENT_RECORD_NODE_PARAMS_st {
  CUevent event;
} CUDA_EVENT_RECORD_NODE_PARAMS;

typedef struct CUDA_EVENT_WAIT_NODE_PARAMS_st {
  CUevent event;
} CUDA_EVENT_WAIT_NODE_PARAMS;

/* CUDA_MEM_ALLOC_NODE_PARAMS_v1 (_v2 is the same). */
typedef struct CUDA_MEM_ALLOC_NODE_PARAMS_v1_st {
  CUmemPoolProps poolProps;
  const CUmemAccessDesc *accessDescs;
  size_t accessDescCount;
  size_t bytesize;
  CUdeviceptr dptr; /* out */
} CUDA_MEM_ALLOC_NODE_PARAMS;

typedef struct CUDA_MEM_FREE_NODE_PARAMS_st {
  CUdeviceptr dptr;
} CUDA_MEM_FREE_NODE_PARAMS;

/* The generic parameters: the members the backend fills, in a union of
 * the driver's size (29 long longs). */
typedef struct CUgraphNodeParams_st {
  CUgraphNodeType type;
  int reserved0[3];
  union {
    long long reserved1[29];
    CUDA_KERNEL_NODE_PARAMS_v2 kernel;
    CUDA_MEMCPY_NODE_PARAMS memcpy;
    CUDA_MEMSET_NODE_PARAMS_v2 memset;
    CUDA_HOST_NODE_PARAMS host;
    CUDA_CHILD_GRAPH_NODE_PARAMS graph;
    CUDA_EVENT_WAIT_NODE_PARAMS eventWait;
    CUDA_EVENT_RECORD_NODE_PARAMS eventRecord;
    CUDA_MEM_ALLOC_NODE_PARAMS alloc;
    CUDA_MEM_FREE_NODE_PARAMS free;
  };
  long long reserved2;
} CUgraphNodeParams;

typedef struct CUDA_GRAPH_INSTANTIATE_PARAMS_st {
  cuuint64_t flags;
  CUstream hUploadStream;
  CUgraphNode hErrNode_out;
  CUgraphInstantiateResult result_out;
} CUDA_GRAPH_INSTANTIATE_PARAMS;

/* CUgraphExecUpdateResultInfo_v1. */
typedef struct CUgraphExecUpdateResultInfo_st {
  CUgraphExecUpdateResult result;
  CUgraphNode errorNode;
  CUgraphNode errorFromNode;
} CUgraphExecUpdateResultInfo;

#endif /* INFINIRT_NVIDIA_CU_ABI_GRAPH_H_ */
