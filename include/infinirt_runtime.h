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

#endif /* __cplusplus */

#endif /* INFINIRT_RUNTIME_H_ */
