/*
 * infinirt_ptds.h - the per-thread default stream chosen at compile time,
 * CUDA's CUDA_API_PER_THREAD_DEFAULT_STREAM (nvcc --default-stream
 * per-thread). infinirt.h includes this file when
 * INFINIRT_API_PER_THREAD_DEFAULT_STREAM or
 * __INFINIRTRT_API_PER_THREAD_DEFAULT_STREAM is defined before it is first
 * included. Then, in that translation unit:
 *
 *  - the functions below that take a stream take NULL (0) as
 *    infinirtStreamPerThread, the calling thread's default stream of its
 *    current device; infinirtStreamLegacy still names the legacy stream;
 *  - infinirtMemcpy, infinirtMemcpy2D and infinirtMemset run on the calling
 *    thread's default stream and return once it has done them, as CUDA's
 *    per-thread forms do: after that thread's earlier work and the legacy
 *    stream's, not after other threads' default streams. Unlike the legacy
 *    forms, they go to the current device type's backend (whose stream they
 *    use), so memory of another accelerator than the current type is an
 *    InvalidValue, as for the asynchronous forms. The tracing and the error
 *    detail name the functions that ran (MemcpyAsync, StreamSynchronize).
 *
 * Each name is a macro for an inline wrapper (CUDA's names end in _ptsz and
 * _ptds too); the library exports no new function. Errors are those of the
 * function called. The list follows CUDA's per-thread list; the test
 * port.ptds_coverage keeps it complete.
 */
#ifndef INFINIRT_PTDS_H_
#define INFINIRT_PTDS_H_

#ifndef INFINIRT_H_
#error "include <infinirt.h>, not infinirt_ptds.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* NULL is the calling thread's default stream. */
static inline infinirtStream_t infinirt_ptsz_stream(infinirtStream_t s) {
  return s ? s : infinirtStreamPerThread;
}

/* LaunchKernelExC names its stream in its configuration: the call gets a
 * copy (one per thread, alive for the call) with NULL made the thread's
 * default stream. */
static inline const infinirtLaunchConfig_t *
infinirt_ptsz_config(const infinirtLaunchConfig_t *config) {
  static __thread infinirtLaunchConfig_t copy;
  if (!config)
    return config;
  copy = *config;
  copy.stream = infinirt_ptsz_stream(copy.stream);
  return &copy;
}

/* Stream-taking functions: name, parameters, arguments with the stream
 * argument passed through INFINIRT_PTSZ_STREAM. */
#define INFINIRT_PTSZ_STREAM(s) infinirt_ptsz_stream(s)
#define INFINIRT_PTSZ(name, params, args)                                      \
  static inline infinirtError_t infinirt##name##_ptsz params {                 \
    return infinirt##name args;                                                \
  }
// clang-format off
INFINIRT_PTSZ(MemcpyAsync, (void *dst, const void *src, size_t count, enum infinirtMemcpyKind kind, infinirtStream_t stream), (dst, src, count, kind, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(Memcpy2DAsync, (void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height, enum infinirtMemcpyKind kind, infinirtStream_t stream), (dst, dpitch, src, spitch, width, height, kind, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(MemsetAsync, (void *devPtr, int value, size_t count, infinirtStream_t stream), (devPtr, value, count, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(MallocAsync, (void **devPtr, size_t size, infinirtStream_t hStream), (devPtr, size, INFINIRT_PTSZ_STREAM(hStream)))
INFINIRT_PTSZ(FreeAsync, (void *devPtr, infinirtStream_t hStream), (devPtr, INFINIRT_PTSZ_STREAM(hStream)))
INFINIRT_PTSZ(MallocFromPoolAsync, (void **ptr, size_t size, infinirtMemPool_t memPool, infinirtStream_t stream), (ptr, size, memPool, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(StreamSynchronize, (infinirtStream_t stream), (INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(StreamQuery, (infinirtStream_t stream), (INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(StreamWaitEvent, (infinirtStream_t stream, infinirtEvent_t event, unsigned int flags), (INFINIRT_PTSZ_STREAM(stream), event, flags))
INFINIRT_PTSZ(StreamAddCallback, (infinirtStream_t stream, infinirtStreamCallback_t callback, void *userData, unsigned int flags), (INFINIRT_PTSZ_STREAM(stream), callback, userData, flags))
INFINIRT_PTSZ(LaunchHostFunc, (infinirtStream_t stream, infinirtHostFn_t fn, void *userData), (INFINIRT_PTSZ_STREAM(stream), fn, userData))
INFINIRT_PTSZ(StreamGetFlags, (infinirtStream_t hStream, unsigned int *flags), (INFINIRT_PTSZ_STREAM(hStream), flags))
INFINIRT_PTSZ(StreamGetPriority, (infinirtStream_t hStream, int *priority), (INFINIRT_PTSZ_STREAM(hStream), priority))
INFINIRT_PTSZ(StreamGetDevice, (infinirtStream_t hStream, int *device), (INFINIRT_PTSZ_STREAM(hStream), device))
INFINIRT_PTSZ(StreamGetId, (infinirtStream_t hStream, unsigned long long *streamId), (INFINIRT_PTSZ_STREAM(hStream), streamId))
INFINIRT_PTSZ(StreamGetAttribute, (infinirtStream_t hStream, infinirtStreamAttrID attr, infinirtStreamAttrValue *value_out), (INFINIRT_PTSZ_STREAM(hStream), attr, value_out))
INFINIRT_PTSZ(StreamSetAttribute, (infinirtStream_t hStream, infinirtStreamAttrID attr, const infinirtStreamAttrValue *value), (INFINIRT_PTSZ_STREAM(hStream), attr, value))
INFINIRT_PTSZ(StreamCopyAttributes, (infinirtStream_t dst, infinirtStream_t src), (INFINIRT_PTSZ_STREAM(dst), INFINIRT_PTSZ_STREAM(src)))
INFINIRT_PTSZ(EventRecord, (infinirtEvent_t event, infinirtStream_t stream), (event, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(EventRecordWithFlags, (infinirtEvent_t event, infinirtStream_t stream, unsigned int flags), (event, INFINIRT_PTSZ_STREAM(stream), flags))
INFINIRT_PTSZ(LaunchKernel, (const void *func, infinirtDim3 gridDim, infinirtDim3 blockDim, void **args, size_t sharedMem, infinirtStream_t stream), (func, gridDim, blockDim, args, sharedMem, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(MemcpyBatchAsync, (void *const *dsts, const void *const *srcs, const size_t *sizes, size_t count, struct infinirtMemcpyAttributes *attrs, size_t *attrsIdxs, size_t numAttrs, infinirtStream_t stream), (dsts, srcs, sizes, count, attrs, attrsIdxs, numAttrs, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(MemPrefetchAsync, (const void *devPtr, size_t count, struct infinirtMemLocation location, unsigned int flags, infinirtStream_t stream), (devPtr, count, location, flags, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(StreamAttachMemAsync, (infinirtStream_t stream, void *devPtr, size_t length, unsigned int flags), (INFINIRT_PTSZ_STREAM(stream), devPtr, length, flags))
INFINIRT_PTSZ(Memcpy3DAsync, (const struct infinirtMemcpy3DParms *p, infinirtStream_t stream), (p, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(Memcpy3DPeerAsync, (const struct infinirtMemcpy3DPeerParms *p, infinirtStream_t stream), (p, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(Memset2DAsync, (void *devPtr, size_t pitch, int value, size_t width, size_t height, infinirtStream_t stream), (devPtr, pitch, value, width, height, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(Memset3DAsync, (struct infinirtPitchedPtr pitchedDevPtr, int value, struct infinirtExtent extent, infinirtStream_t stream), (pitchedDevPtr, value, extent, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(LaunchKernelExC, (const infinirtLaunchConfig_t *config, const void *func, void **args), (infinirt_ptsz_config(config), func, args))
INFINIRT_PTSZ(LaunchCooperativeKernel, (const void *func, infinirtDim3 gridDim, infinirtDim3 blockDim, void **args, size_t sharedMem, infinirtStream_t stream), (func, gridDim, blockDim, args, sharedMem, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(MemcpyToSymbolAsync, (const void *symbol, const void *src, size_t count, size_t offset, enum infinirtMemcpyKind kind, infinirtStream_t stream), (symbol, src, count, offset, kind, INFINIRT_PTSZ_STREAM(stream)))
INFINIRT_PTSZ(MemcpyFromSymbolAsync, (void *dst, const void *symbol, size_t count, size_t offset, enum infinirtMemcpyKind kind, infinirtStream_t stream), (dst, symbol, count, offset, kind, INFINIRT_PTSZ_STREAM(stream)))
// clang-format on
#undef INFINIRT_PTSZ

/* Synchronous functions: the asynchronous form on the thread's default
 * stream, then a wait for that stream unless there was nothing to do. */
static inline infinirtError_t infinirt_ptds_wait(infinirtError_t e,
                                                 int did_nothing) {
  if (e != infinirtSuccess || did_nothing)
    return e;
  return infinirtStreamSynchronize(infinirtStreamPerThread);
}

static inline infinirtError_t
infinirtMemcpy_ptds(void *dst, const void *src, size_t count,
                    enum infinirtMemcpyKind kind) {
  return infinirt_ptds_wait(
      infinirtMemcpyAsync(dst, src, count, kind, infinirtStreamPerThread),
      count == 0);
}

static inline infinirtError_t
infinirtMemcpy2D_ptds(void *dst, size_t dpitch, const void *src, size_t spitch,
                      size_t width, size_t height,
                      enum infinirtMemcpyKind kind) {
  return infinirt_ptds_wait(infinirtMemcpy2DAsync(dst, dpitch, src, spitch,
                                                  width, height, kind,
                                                  infinirtStreamPerThread),
                            width == 0 || height == 0);
}

static inline infinirtError_t infinirtMemset_ptds(void *devPtr, int value,
                                                  size_t count) {
  return infinirt_ptds_wait(
      infinirtMemsetAsync(devPtr, value, count, infinirtStreamPerThread),
      count == 0);
}

static inline int infinirt_ptds_empty(struct infinirtExtent e) {
  return e.width == 0 || e.height == 0 || e.depth == 0;
}

static inline infinirtError_t
infinirtMemcpy3D_ptds(const struct infinirtMemcpy3DParms *p) {
  return infinirt_ptds_wait(infinirtMemcpy3DAsync(p, infinirtStreamPerThread),
                            p && infinirt_ptds_empty(p->extent));
}

static inline infinirtError_t
infinirtMemcpy3DPeer_ptds(const struct infinirtMemcpy3DPeerParms *p) {
  return infinirt_ptds_wait(
      infinirtMemcpy3DPeerAsync(p, infinirtStreamPerThread),
      p && infinirt_ptds_empty(p->extent));
}

static inline infinirtError_t infinirtMemset2D_ptds(void *devPtr, size_t pitch,
                                                    int value, size_t width,
                                                    size_t height) {
  return infinirt_ptds_wait(infinirtMemset2DAsync(devPtr, pitch, value, width,
                                                  height,
                                                  infinirtStreamPerThread),
                            width == 0 || height == 0);
}

static inline infinirtError_t
infinirtMemset3D_ptds(struct infinirtPitchedPtr pitchedDevPtr, int value,
                      struct infinirtExtent extent) {
  return infinirt_ptds_wait(infinirtMemset3DAsync(pitchedDevPtr, value, extent,
                                                  infinirtStreamPerThread),
                            infinirt_ptds_empty(extent));
}

static inline infinirtError_t
infinirtMemcpyToSymbol_ptds(const void *symbol, const void *src, size_t count,
                            size_t offset, enum infinirtMemcpyKind kind) {
  return infinirt_ptds_wait(
      infinirtMemcpyToSymbolAsync(symbol, src, count, offset, kind,
                                  infinirtStreamPerThread),
      count == 0);
}

static inline infinirtError_t
infinirtMemcpyFromSymbol_ptds(void *dst, const void *symbol, size_t count,
                              size_t offset, enum infinirtMemcpyKind kind) {
  return infinirt_ptds_wait(
      infinirtMemcpyFromSymbolAsync(dst, symbol, count, offset, kind,
                                    infinirtStreamPerThread),
      count == 0);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

/* From here on the names are the wrappers'. */
#define infinirtMemcpy infinirtMemcpy_ptds
#define infinirtMemcpy2D infinirtMemcpy2D_ptds
#define infinirtMemset infinirtMemset_ptds
#define infinirtMemcpyAsync infinirtMemcpyAsync_ptsz
#define infinirtMemcpy2DAsync infinirtMemcpy2DAsync_ptsz
#define infinirtMemsetAsync infinirtMemsetAsync_ptsz
#define infinirtMallocAsync infinirtMallocAsync_ptsz
#define infinirtFreeAsync infinirtFreeAsync_ptsz
#define infinirtMallocFromPoolAsync infinirtMallocFromPoolAsync_ptsz
#define infinirtStreamSynchronize infinirtStreamSynchronize_ptsz
#define infinirtStreamQuery infinirtStreamQuery_ptsz
#define infinirtStreamWaitEvent infinirtStreamWaitEvent_ptsz
#define infinirtStreamAddCallback infinirtStreamAddCallback_ptsz
#define infinirtLaunchHostFunc infinirtLaunchHostFunc_ptsz
#define infinirtStreamGetFlags infinirtStreamGetFlags_ptsz
#define infinirtStreamGetPriority infinirtStreamGetPriority_ptsz
#define infinirtStreamGetDevice infinirtStreamGetDevice_ptsz
#define infinirtStreamGetId infinirtStreamGetId_ptsz
#define infinirtStreamGetAttribute infinirtStreamGetAttribute_ptsz
#define infinirtStreamSetAttribute infinirtStreamSetAttribute_ptsz
#define infinirtStreamCopyAttributes infinirtStreamCopyAttributes_ptsz
#define infinirtEventRecord infinirtEventRecord_ptsz
#define infinirtEventRecordWithFlags infinirtEventRecordWithFlags_ptsz
#define infinirtLaunchKernel infinirtLaunchKernel_ptsz
#define infinirtMemcpy3D infinirtMemcpy3D_ptds
#define infinirtMemcpy3DPeer infinirtMemcpy3DPeer_ptds
#define infinirtMemset2D infinirtMemset2D_ptds
#define infinirtMemset3D infinirtMemset3D_ptds
#define infinirtMemcpy3DAsync infinirtMemcpy3DAsync_ptsz
#define infinirtMemcpy3DPeerAsync infinirtMemcpy3DPeerAsync_ptsz
#define infinirtMemset2DAsync infinirtMemset2DAsync_ptsz
#define infinirtMemset3DAsync infinirtMemset3DAsync_ptsz
#define infinirtMemcpyBatchAsync infinirtMemcpyBatchAsync_ptsz
#define infinirtMemPrefetchAsync infinirtMemPrefetchAsync_ptsz
#define infinirtStreamAttachMemAsync infinirtStreamAttachMemAsync_ptsz
#define infinirtLaunchCooperativeKernel infinirtLaunchCooperativeKernel_ptsz
#define infinirtLaunchKernelExC infinirtLaunchKernelExC_ptsz
#define infinirtMemcpyToSymbol infinirtMemcpyToSymbol_ptds
#define infinirtMemcpyFromSymbol infinirtMemcpyFromSymbol_ptds
#define infinirtMemcpyToSymbolAsync infinirtMemcpyToSymbolAsync_ptsz
#define infinirtMemcpyFromSymbolAsync infinirtMemcpyFromSymbolAsync_ptsz

#endif /* INFINIRT_PTDS_H_ */
