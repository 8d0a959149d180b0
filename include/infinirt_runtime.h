/*
 * infinirt_runtime.h - what `cuda_runtime.h` becomes under the rename: the C
 * API and, in C++, the overloads and templates cuda_runtime.h gives C++
 * host code, with CUDA's defaults:
 *
 *   float *d;   infinirtMalloc(&d, n * sizeof *d);         typed pointers
 *   infinirtMallocHost(&h, bytes, infinirtHostAllocMapped); flags form
 *   infinirtEventCreate(&ev, infinirtEventDisableTiming);   flags form
 *   infinirtMallocPitch(&rows, &pitch, w * sizeof *rows, h); typed pointer
 *   infinirtMallocAsync(&d, bytes, pool, stream);          from a pool
 *   infinirtDim3 grid(4);                                    (4, 1, 1)
 *
 * Each forwards to the C function of the same name (or the one CUDA's
 * overload stands for) and returns what it returns.
 */
#ifndef INFINIRT_RUNTIME_H_
#define INFINIRT_RUNTIME_H_

#include "infinirt_runtime_api.h"

#if defined(__cplusplus)

/* cudaMalloc(T **, size_t). */
template <class T>
inline infinirtError_t infinirtMalloc(T **devPtr, size_t size) {
  return ::infinirtMalloc((void **)(void *)devPtr, size);
}

/* cudaMallocHost(T **, size_t). */
template <class T>
inline infinirtError_t infinirtMallocHost(T **ptr, size_t size) {
  return ::infinirtMallocHost((void **)(void *)ptr, size);
}

/* cudaMallocHost(void **, size_t, flags): HostAlloc's flags. */
inline infinirtError_t infinirtMallocHost(void **ptr, size_t size,
                                          unsigned int flags) {
  return ::infinirtHostAlloc(ptr, size, flags);
}

template <class T>
inline infinirtError_t infinirtMallocHost(T **ptr, size_t size,
                                          unsigned int flags) {
  return ::infinirtHostAlloc((void **)(void *)ptr, size, flags);
}

/* cudaHostAlloc(T **, size_t, flags). */
template <class T>
inline infinirtError_t infinirtHostAlloc(T **ptr, size_t size,
                                         unsigned int flags) {
  return ::infinirtHostAlloc((void **)(void *)ptr, size, flags);
}

/* cudaMallocAsync(T **, size_t, stream). */
template <class T>
inline infinirtError_t infinirtMallocAsync(T **ptr, size_t size,
                                           infinirtStream_t stream) {
  return ::infinirtMallocAsync((void **)(void *)ptr, size, stream);
}

/* cudaMallocAsync(void **, size_t, memPool, stream): an allocation from
 * |memPool|, as infinirtMallocFromPoolAsync. */
inline infinirtError_t infinirtMallocAsync(void **ptr, size_t size,
                                           infinirtMemPool_t memPool,
                                           infinirtStream_t stream) {
  return ::infinirtMallocFromPoolAsync(ptr, size, memPool, stream);
}

template <class T>
inline infinirtError_t infinirtMallocAsync(T **ptr, size_t size,
                                           infinirtMemPool_t memPool,
                                           infinirtStream_t stream) {
  return ::infinirtMallocFromPoolAsync((void **)(void *)ptr, size, memPool,
                                       stream);
}

/* cudaMallocFromPoolAsync(T **, size_t, memPool, stream). */
template <class T>
inline infinirtError_t infinirtMallocFromPoolAsync(T **ptr, size_t size,
                                                   infinirtMemPool_t memPool,
                                                   infinirtStream_t stream) {
  return ::infinirtMallocFromPoolAsync((void **)(void *)ptr, size, memPool,
                                       stream);
}

/* cudaEventCreate(event, flags). */
inline infinirtError_t infinirtEventCreate(infinirtEvent_t *event,
                                           unsigned int flags) {
  return ::infinirtEventCreateWithFlags(event, flags);
}

/* cudaLaunchKernel(const T *func, ...), with CUDA's defaults for the shared
 * memory and the stream. |func| is a kernel of a loaded library. */
template <class T>
inline infinirtError_t infinirtLaunchKernel(const T *func, infinirtDim3 gridDim,
                                            infinirtDim3 blockDim, void **args,
                                            size_t sharedMem = 0,
                                            infinirtStream_t stream = 0) {
  return ::infinirtLaunchKernel((const void *)func, gridDim, blockDim, args,
                                sharedMem, stream);
}

/* cudaMallocManaged(T **, size_t, flags = cudaMemAttachGlobal). */
template <class T>
inline infinirtError_t
infinirtMallocManaged(T **devPtr, size_t size,
                      unsigned int flags = infinirtMemAttachGlobal) {
  return ::infinirtMallocManaged((void **)(void *)devPtr, size, flags);
}

/* cudaStreamAttachMemAsync(stream, T *, length = 0, flags = Single). */
template <class T>
inline infinirtError_t
infinirtStreamAttachMemAsync(infinirtStream_t stream, T *devPtr,
                             size_t length = 0,
                             unsigned int flags = infinirtMemAttachSingle) {
  return ::infinirtStreamAttachMemAsync(stream, (void *)devPtr, length, flags);
}

/* The stream arguments CUDA defaults to the NULL stream. */
inline infinirtError_t
infinirtMemPrefetchAsync(const void *devPtr, size_t count,
                         struct infinirtMemLocation location,
                         unsigned int flags) {
  return ::infinirtMemPrefetchAsync(devPtr, count, location, flags, 0);
}

inline infinirtError_t infinirtMemcpyPeerAsync(void *dst, int dstDevice,
                                               const void *src, int srcDevice,
                                               size_t count) {
  return ::infinirtMemcpyPeerAsync(dst, dstDevice, src, srcDevice, count, 0);
}

/* cudaMallocPitch(T **, size_t *, size_t, size_t). */
template <class T>
inline infinirtError_t infinirtMallocPitch(T **devPtr, size_t *pitch,
                                           size_t width, size_t height) {
  return ::infinirtMallocPitch((void **)(void *)devPtr, pitch, width, height);
}

/* The 2D and 3D forms whose stream CUDA defaults to the NULL stream. */
inline infinirtError_t
infinirtMemcpy3DAsync(const struct infinirtMemcpy3DParms *p) {
  return ::infinirtMemcpy3DAsync(p, 0);
}

inline infinirtError_t
infinirtMemcpy3DPeerAsync(const struct infinirtMemcpy3DPeerParms *p) {
  return ::infinirtMemcpy3DPeerAsync(p, 0);
}

inline infinirtError_t infinirtMemset2DAsync(void *devPtr, size_t pitch,
                                             int value, size_t width,
                                             size_t height) {
  return ::infinirtMemset2DAsync(devPtr, pitch, value, width, height, 0);
}

inline infinirtError_t
infinirtMemset3DAsync(struct infinirtPitchedPtr pitchedDevPtr, int value,
                      struct infinirtExtent extent) {
  return ::infinirtMemset3DAsync(pitchedDevPtr, value, extent, 0);
}

/* ---- kernel attributes, occupancy, launch forms, symbols -----------------
 * |entry| and |func| are kernel handles (infinirtKernel_t), as in the C API.
 * A symbol is the device variable itself (see "Symbols" in infinirt.h):
 * with `float (*coeffs)[16]` from infinirtLibraryGetGlobal(&coeffs, ...),
 * infinirtMemcpyToSymbol(*coeffs, host, sizeof host). A `const void *`
 * takes the C function, which CUDA's defaults are added to here; a `void *`
 * or typed pointer variable would be taken as the variable, and its own
 * address is no symbol (InvalidSymbol), as with CUDA's templates. */

extern "C" {
infinirtError_t infinirtMemcpyToSymbol(
    const void *symbol, const void *src, size_t count, size_t offset = 0,
    enum infinirtMemcpyKind kind = infinirtMemcpyHostToDevice);
infinirtError_t infinirtMemcpyFromSymbol(
    void *dst, const void *symbol, size_t count, size_t offset = 0,
    enum infinirtMemcpyKind kind = infinirtMemcpyDeviceToHost);
infinirtError_t infinirtMemcpyToSymbolAsync(const void *symbol, const void *src,
                                            size_t count, size_t offset,
                                            enum infinirtMemcpyKind kind,
                                            infinirtStream_t stream = 0);
infinirtError_t infinirtMemcpyFromSymbolAsync(void *dst, const void *symbol,
                                              size_t count, size_t offset,
                                              enum infinirtMemcpyKind kind,
                                              infinirtStream_t stream = 0);
}

/* cudaFuncGetAttributes(attr, T *entry). */
template <class T>
inline infinirtError_t
infinirtFuncGetAttributes(struct infinirtFuncAttributes *attr, T *entry) {
  return ::infinirtFuncGetAttributes(attr, (const void *)entry);
}

/* cudaFuncSetAttribute(T *entry, attr, value). */
template <class T>
inline infinirtError_t
infinirtFuncSetAttribute(T *entry, enum infinirtFuncAttribute attr, int value) {
  return ::infinirtFuncSetAttribute((const void *)entry, attr, value);
}

/* cudaFuncSetCacheConfig(T *func, cacheConfig). */
template <class T>
inline infinirtError_t
infinirtFuncSetCacheConfig(T *func, enum infinirtFuncCache config) {
  return ::infinirtFuncSetCacheConfig((const void *)func, config);
}

/* cudaFuncSetSharedMemConfig(T *func, config). */
template <class T>
inline infinirtError_t
infinirtFuncSetSharedMemConfig(T *func, enum infinirtSharedMemConfig config) {
  return ::infinirtFuncSetSharedMemConfig((const void *)func, config);
}

/* cudaFuncGetName(name, T *func). */
template <class T>
inline infinirtError_t infinirtFuncGetName(const char **name, T *func) {
  return ::infinirtFuncGetName(name, (const void *)func);
}

/* cudaOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, T func, ...). */
template <class T>
inline infinirtError_t infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, T func, int blockSize, size_t dynamicSMemSize) {
  return ::infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, (const void *)func, blockSize, dynamicSMemSize,
      infinirtOccupancyDefault);
}

/* ...WithFlags(numBlocks, T func, blockSize, dynamicSMemSize, flags). */
template <class T>
inline infinirtError_t
infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, T func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  return ::infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, (const void *)func, blockSize, dynamicSMemSize, flags);
}

/* cudaOccupancyAvailableDynamicSMemPerBlock(size, T *func, ...). */
template <class T>
inline infinirtError_t
infinirtOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize, T *func,
                                              int numBlocks, int blockSize) {
  return ::infinirtOccupancyAvailableDynamicSMemPerBlock(
      dynamicSmemSize, (const void *)func, numBlocks, blockSize);
}

/* cudaOccupancyMaxPotentialClusterSize(clusterSize, T *func, config). */
template <class T>
inline infinirtError_t
infinirtOccupancyMaxPotentialClusterSize(int *clusterSize, T *func,
                                         const infinirtLaunchConfig_t *config) {
  return ::infinirtOccupancyMaxPotentialClusterSize(clusterSize,
                                                    (const void *)func, config);
}

/* cudaOccupancyMaxActiveClusters(numClusters, T *func, config). */
template <class T>
inline infinirtError_t
infinirtOccupancyMaxActiveClusters(int *numClusters, T *func,
                                   const infinirtLaunchConfig_t *config) {
  return ::infinirtOccupancyMaxActiveClusters(numClusters, (const void *)func,
                                              config);
}

namespace infinirt_cxx {
/* A block-size-to-dynamic-shared-memory function that is a constant. */
struct constant_smem {
  size_t bytes;
  size_t operator()(int) const {
    return bytes;
  }
};
} /* namespace infinirt_cxx */

/* cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags: the block size
 * with the most active threads per multiprocessor (the largest such, tried
 * from the limit down in steps of the warp size), and the grid that fills
 * the device with it. The limit is the least of the device's
 * maxThreadsPerBlock, the kernel's and |blockSizeLimit| (if not 0). The
 * current device's type must be the kernel's. Errors: InvalidValue if
 * |minGridSize| or |blockSize| is NULL; those of FuncGetAttributes,
 * DeviceGetAttribute and the occupancy query. */
template <typename UnaryFunction, class T>
inline infinirtError_t
infinirtOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
    int *minGridSize, int *blockSize, T func,
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0,
    unsigned int flags = 0) {
  if (!minGridSize || !blockSize)
    return infinirtErrorInvalidValue;
  struct infinirtFuncAttributes attr;
  infinirtError_t err = ::infinirtFuncGetAttributes(&attr, (const void *)func);
  int dev = 0, per_sm = 0, warp = 0, sms = 0, max_block = 0;
  if (err == infinirtSuccess)
    err = ::infinirtGetDevice(&dev);
  if (err == infinirtSuccess)
    err = ::infinirtDeviceGetAttribute(
        &per_sm, infinirtDevAttrMaxThreadsPerMultiProcessor, dev);
  if (err == infinirtSuccess)
    err = ::infinirtDeviceGetAttribute(&warp, infinirtDevAttrWarpSize, dev);
  if (err == infinirtSuccess)
    err = ::infinirtDeviceGetAttribute(&sms, infinirtDevAttrMultiProcessorCount,
                                       dev);
  if (err == infinirtSuccess)
    err = ::infinirtDeviceGetAttribute(&max_block,
                                       infinirtDevAttrMaxThreadsPerBlock, dev);
  if (err != infinirtSuccess)
    return err;
  int limit =
      max_block < attr.maxThreadsPerBlock ? max_block : attr.maxThreadsPerBlock;
  if (blockSizeLimit > 0 && blockSizeLimit < limit)
    limit = blockSizeLimit;
  if (warp < 1)
    warp = 1;
  int best_size = 0, best_blocks = 0, best_threads = 0;
  for (int size = limit; size > 0; size -= size % warp ? size % warp : warp) {
    int blocks = 0;
    err = ::infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &blocks, (const void *)func, size,
        (size_t)blockSizeToDynamicSMemSize(size), flags);
    if (err != infinirtSuccess)
      return err;
    if (blocks * size > best_threads) {
      best_size = size;
      best_blocks = blocks;
      best_threads = blocks * size;
      if (best_threads >= per_sm)
        break; /* no smaller block does better */
    }
  }
  *minGridSize = best_blocks * sms;
  *blockSize = best_size;
  return infinirtSuccess;
}

/* cudaOccupancyMaxPotentialBlockSizeVariableSMem. */
template <typename UnaryFunction, class T>
inline infinirtError_t infinirtOccupancyMaxPotentialBlockSizeVariableSMem(
    int *minGridSize, int *blockSize, T func,
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0) {
  return infinirtOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, func, blockSizeToDynamicSMemSize, blockSizeLimit,
      infinirtOccupancyDefault);
}

/* cudaOccupancyMaxPotentialBlockSize: a constant dynamic shared memory. */
template <class T>
inline infinirtError_t
infinirtOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize, T func,
                                       size_t dynamicSMemSize = 0,
                                       int blockSizeLimit = 0) {
  return infinirtOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, func,
      infinirt_cxx::constant_smem{dynamicSMemSize}, blockSizeLimit,
      infinirtOccupancyDefault);
}

/* cudaOccupancyMaxPotentialBlockSizeWithFlags. */
template <class T>
inline infinirtError_t infinirtOccupancyMaxPotentialBlockSizeWithFlags(
    int *minGridSize, int *blockSize, T func, size_t dynamicSMemSize = 0,
    int blockSizeLimit = 0, unsigned int flags = 0) {
  return infinirtOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, func,
      infinirt_cxx::constant_smem{dynamicSMemSize}, blockSizeLimit, flags);
}

/* cudaLaunchKernelEx(config, kernel, args...): each argument's address is
 * passed as it is, so each must have the type of the kernel's parameter,
 * as with CUDA's form for a cudaKernel_t. */
template <typename... ActTypes>
inline infinirtError_t
infinirtLaunchKernelEx(const infinirtLaunchConfig_t *config,
                       const infinirtKernel_t kernel, ActTypes &&...args) {
  void *pArgs[sizeof...(ActTypes) + 1] = {(void *)&args..., nullptr};
  return ::infinirtLaunchKernelExC(config, (const void *)kernel, pArgs);
}

/* cudaLaunchCooperativeKernel(const T *func, ...), with CUDA's defaults. */
template <class T>
inline infinirtError_t infinirtLaunchCooperativeKernel(
    const T *func, infinirtDim3 gridDim, infinirtDim3 blockDim, void **args,
    size_t sharedMem = 0, infinirtStream_t stream = 0) {
  return ::infinirtLaunchCooperativeKernel((const void *)func, gridDim,
                                           blockDim, args, sharedMem, stream);
}

/* cudaLibraryGetGlobal(T **dptr, ...) and cudaLibraryGetManaged. */
template <class T>
inline infinirtError_t infinirtLibraryGetGlobal(T **dptr, size_t *bytes,
                                                infinirtLibrary_t library,
                                                const char *name) {
  return ::infinirtLibraryGetGlobal((void **)(void *)dptr, bytes, library,
                                    name);
}

template <class T>
inline infinirtError_t infinirtLibraryGetManaged(T **dptr, size_t *bytes,
                                                 infinirtLibrary_t library,
                                                 const char *name) {
  return ::infinirtLibraryGetManaged((void **)(void *)dptr, bytes, library,
                                     name);
}

/* cudaMemcpyToSymbol(const T &symbol, ...) and its kin, with CUDA's
 * defaults. */
template <class T>
inline infinirtError_t infinirtMemcpyToSymbol(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum infinirtMemcpyKind kind = infinirtMemcpyHostToDevice) {
  return ::infinirtMemcpyToSymbol((const void *)&symbol, src, count, offset,
                                  kind);
}

template <class T>
inline infinirtError_t infinirtMemcpyToSymbolAsync(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum infinirtMemcpyKind kind = infinirtMemcpyHostToDevice,
    infinirtStream_t stream = 0) {
  return ::infinirtMemcpyToSymbolAsync((const void *)&symbol, src, count,
                                       offset, kind, stream);
}

template <class T>
inline infinirtError_t infinirtMemcpyFromSymbol(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum infinirtMemcpyKind kind = infinirtMemcpyDeviceToHost) {
  return ::infinirtMemcpyFromSymbol(dst, (const void *)&symbol, count, offset,
                                    kind);
}

template <class T>
inline infinirtError_t infinirtMemcpyFromSymbolAsync(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum infinirtMemcpyKind kind = infinirtMemcpyDeviceToHost,
    infinirtStream_t stream = 0) {
  return ::infinirtMemcpyFromSymbolAsync(dst, (const void *)&symbol, count,
                                         offset, kind, stream);
}

/* cudaGetSymbolAddress(devPtr, const T &symbol), cudaGetSymbolSize. */
template <class T>
inline infinirtError_t infinirtGetSymbolAddress(void **devPtr,
                                                const T &symbol) {
  return ::infinirtGetSymbolAddress(devPtr, (const void *)&symbol);
}

template <class T>
inline infinirtError_t infinirtGetSymbolSize(size_t *size, const T &symbol) {
  return ::infinirtGetSymbolSize(size, (const void *)&symbol);
}

/* ---- stream capture and graphs ---------------------------------------
 * The defaults cuda_runtime_api.h gives these functions in C++: the
 * instantiation flags and the update flags 0, and every capture-info
 * output after the status NULL. */
extern "C" {
infinirtError_t infinirtGraphInstantiate(infinirtGraphExec_t *pGraphExec,
                                         infinirtGraph_t graph,
                                         unsigned long long flags = 0);
infinirtError_t
infinirtGraphInstantiateWithFlags(infinirtGraphExec_t *pGraphExec,
                                  infinirtGraph_t graph,
                                  unsigned long long flags = 0);
infinirtError_t infinirtStreamGetCaptureInfo(
    infinirtStream_t stream,
    enum infinirtStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out = 0, infinirtGraph_t *graph_out = 0,
    const infinirtGraphNode_t **dependencies_out = 0,
    const infinirtGraphEdgeData **edgeData_out = 0,
    size_t *numDependencies_out = 0);
infinirtError_t infinirtStreamUpdateCaptureDependencies(
    infinirtStream_t stream, infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags = 0);
}

/* cudaGraphInstantiate(pGraphExec, graph, pErrorNode, pLogBuffer,
 * bufferSize), cuda_runtime.h's older form: the error node and the log are
 * ignored, as there. */
inline infinirtError_t infinirtGraphInstantiate(infinirtGraphExec_t *pGraphExec,
                                                infinirtGraph_t graph,
                                                infinirtGraphNode_t *pErrorNode,
                                                char *pLogBuffer,
                                                size_t bufferSize) {
  (void)pErrorNode;
  (void)pLogBuffer;
  (void)bufferSize;
  return ::infinirtGraphInstantiate(pGraphExec, graph, 0);
}

#endif /* __cplusplus */

#endif /* INFINIRT_RUNTIME_H_ */
