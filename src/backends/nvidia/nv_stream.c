/* nv_stream.c - streams: driver streams wrapped in registered handles. */
#include <stdint.h>
#include <stdlib.h>

#include "nv.h"

/* |cu| in a registered handle of device |dev|, on the device's list; a
 * |foreign| stream (from_native) is not the handle's to destroy. */
static infinirtError_t wrap(CUstream cu, bool foreign, unsigned flags, int dev,
                            infinirtStream_t *out) {
  infinirt_nv_stream *s = calloc(1, sizeof *s);
  if (!s)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a stream");
  s->cu = cu;
  s->foreign = foreign;
  infinirt_nv_handle_init(&s->h, INFINIRT_HANDLE_STREAM, flags, dev);
  if (!infinirt_handle_register(&s->h)) {
    free(s);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a stream");
  }
  infinirt_nv_list_add(&infinirt_nv_devices[dev],
                       &infinirt_nv_devices[dev].streams, &s->link);
  *out = (infinirtStream_t)s;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_StreamCreateWithPriority(infinirtStream_t *pStream,
                                                     unsigned int flags,
                                                     int priority) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  /* infinirtStreamNonBlocking equals CU_STREAM_NON_BLOCKING; the driver
   * clamps the priority as CUDA documents. */
  CUstream cu;
  CUresult r = infinirt_nv_sym.cuStreamCreateWithPriority(&cu, flags, priority);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuStreamCreateWithPriority");
  err = wrap(cu, false, flags, dev, pStream);
  if (err != infinirtSuccess)
    infinirt_nv_sym.cuStreamDestroy(cu);
  return err;
}

infinirtError_t infinirt_nv_stream_from_native(void *native,
                                               infinirtStream_t *out) {
  if (!infinirt_nv_sym.cuStreamGetCtx)
    return infinirt_nv_missing("cuStreamGetCtx");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUstream cu = native;
  /* CU_STREAM_LEGACY and CU_STREAM_PER_THREAD are not streams of ours to
   * wrap: infinirt names them itself. */
  if ((uintptr_t)cu == 1 || (uintptr_t)cu == 2)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is the native %s stream: use %s", native,
                           (uintptr_t)cu == 1 ? "legacy" : "per-thread",
                           (uintptr_t)cu == 1 ? "infinirtStreamLegacy"
                                              : "infinirtStreamPerThread");
  CUcontext own = NULL, mine = NULL;
  CUresult r = infinirt_nv_sym.cuStreamGetCtx(cu, &own);
  if (r != CUDA_SUCCESS)
    return r == CUDA_ERROR_INVALID_HANDLE || r == CUDA_ERROR_INVALID_VALUE
               ? infinirt_detail(infinirtErrorInvalidResourceHandle,
                                 "%p is not a stream the driver knows", native)
               : infinirt_nv_fail(r, "cuStreamGetCtx");
  err = infinirt_nv_ctx_get(dev, &mine);
  if (err != infinirtSuccess)
    return err;
  if (own != mine)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "stream %p belongs to another context than device "
                           "%d's primary context",
                           native, dev);
  unsigned int flags = 0;
  err = infinirt_nv_check(infinirt_nv_sym.cuStreamGetFlags(cu, &flags),
                          "cuStreamGetFlags");
  if (err != infinirtSuccess)
    return err;
  return wrap(cu, true, flags & infinirtStreamNonBlocking, dev, out);
}

infinirtError_t infinirt_nv_StreamCreate(infinirtStream_t *pStream) {
  return infinirt_nv_StreamCreateWithPriority(pStream, infinirtStreamDefault,
                                              0);
}

infinirtError_t infinirt_nv_StreamCreateWithFlags(infinirtStream_t *pStream,
                                                  unsigned int flags) {
  return infinirt_nv_StreamCreateWithPriority(pStream, flags, 0);
}

/* The core has unregistered |stream|; pending work still runs (the driver
 * defers the release until it completes). */
infinirtError_t infinirt_nv_StreamDestroy(infinirtStream_t stream) {
  infinirt_nv_stream *s = (infinirt_nv_stream *)stream;
  infinirt_nv_list_remove(&infinirt_nv_devices[s->h.device], &s->link);
  CUresult r =
      s->foreign ? CUDA_SUCCESS : infinirt_nv_sym.cuStreamDestroy(s->cu);
  s->h.magic = 0;
  free(s->capture_deps);
  free(s);
  return infinirt_nv_check(r, "cuStreamDestroy_v2");
}

infinirtError_t infinirt_nv_StreamSynchronize(infinirtStream_t stream) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamSynchronize(infinirt_nv_cu_stream(stream)),
      "cuStreamSynchronize");
}

infinirtError_t infinirt_nv_StreamQuery(infinirtStream_t stream) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  CUresult r = infinirt_nv_sym.cuStreamQuery(infinirt_nv_cu_stream(stream));
  if (__builtin_expect(r == CUDA_SUCCESS, 1))
    return infinirtSuccess;
  /* A status, not an error: no detail to format. */
  if (r == CUDA_ERROR_NOT_READY)
    return infinirtErrorNotReady;
  return infinirt_nv_fail(r, "cuStreamQuery");
}

infinirtError_t infinirt_nv_StreamWaitEvent(infinirtStream_t stream,
                                            infinirtEvent_t event,
                                            unsigned int flags) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  /* infinirtEventWait* values equal CU_EVENT_WAIT_*. */
  CUstream cs = infinirt_nv_cu_stream(stream);
  CUevent ce = ((infinirt_nv_event *)event)->cu;
  CUresult r = infinirt_nv_sym.cuStreamWaitEvent(cs, ce, flags);
  /* External only means something to a capturing stream; elsewhere the
   * driver refuses it, and the wait is an ordinary one. */
  if (r == CUDA_ERROR_ILLEGAL_STATE && (flags & infinirtEventWaitExternal))
    r = infinirt_nv_sym.cuStreamWaitEvent(cs, ce,
                                          flags & ~infinirtEventWaitExternal);
  return infinirt_nv_check(r, "cuStreamWaitEvent");
}

/* The driver runs host functions on its own thread; this marks it as in a
 * host function for the entries that must refuse to wait there. */
typedef struct host_call {
  infinirtHostFn_t fn;
  infinirtStreamCallback_t callback; /* StreamAddCallback's form, or NULL */
  void *data;
  infinirtStream_t stream;
} host_call;

static void run_host_call(void *arg) {
  host_call c = *(host_call *)arg;
  free(arg);
  infinirt_host_fn_enter();
  if (c.callback)
    c.callback(c.stream, infinirtSuccess, c.data);
  else
    c.fn(c.data);
  infinirt_host_fn_leave();
}

/* Whether |cs| is part of a capture (active or invalidated); false when
 * the driver cannot say, and the call then meets the driver's own answer. */
static bool capturing(CUstream cs) {
  CUstreamCaptureStatus st = 0;
  return infinirt_nv_sym.cuStreamIsCapturing &&
         infinirt_nv_sym.cuStreamIsCapturing(cs, &st) == CUDA_SUCCESS &&
         st != 0;
}

/* A StreamAddCallback callback run by a graph (the driver refuses to
 * capture one, as CUDA documents; were it to accept, the call could run at
 * every launch, so its argument is never freed). */
static void run_captured_callback(CUstream cs, CUresult status, void *arg) {
  (void)cs;
  const host_call *c = arg;
  infinirt_host_fn_enter();
  c->callback(c->stream, infinirt_nv_map(status), c->data);
  infinirt_host_fn_leave();
}

static infinirtError_t enqueue_host_call(infinirtStream_t stream,
                                         host_call call) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUstream cs = infinirt_nv_cu_stream(stream);
  /* Captured, the call becomes a host node that runs at every launch of
   * the graph: its argument must outlive the first run. */
  if (capturing(cs)) {
    if (call.callback) {
      if (!infinirt_nv_sym.cuStreamAddCallback)
        return infinirt_detail(infinirtErrorStreamCaptureUnsupported,
                               "StreamAddCallback on a capturing stream");
      host_call *c = malloc(sizeof *c);
      if (!c)
        return infinirt_detail(infinirtErrorMemoryAllocation,
                               "no memory for a host function");
      *c = call;
      CUresult r =
          infinirt_nv_sym.cuStreamAddCallback(cs, run_captured_callback, c, 0);
      if (r != CUDA_SUCCESS)
        free(c);
      return infinirt_nv_check(r, "cuStreamAddCallback");
    }
    void *data = NULL;
    CUhostFn fn = infinirt_nv_host_fn(call.fn, call.data, &data);
    if (!data)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for a host function");
    return infinirt_nv_check(infinirt_nv_sym.cuLaunchHostFunc(cs, fn, data),
                             "cuLaunchHostFunc");
  }
  host_call *c = malloc(sizeof *c);
  if (!c)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a host function");
  *c = call;
  CUresult r = infinirt_nv_sym.cuLaunchHostFunc(cs, run_host_call, c);
  if (r != CUDA_SUCCESS)
    free(c);
  return infinirt_nv_check(r, "cuLaunchHostFunc");
}

infinirtError_t infinirt_nv_LaunchHostFunc(infinirtStream_t stream,
                                           infinirtHostFn_t fn,
                                           void *userData) {
  return enqueue_host_call(stream, (host_call){fn, NULL, userData, stream});
}

/* The driver's own cuStreamAddCallback would pass a CUstream; the callback
 * gets the handle its caller named instead. */
infinirtError_t infinirt_nv_StreamAddCallback(infinirtStream_t stream,
                                              infinirtStreamCallback_t callback,
                                              void *userData,
                                              unsigned int flags) {
  (void)flags; /* 0: checked by the core */
  return enqueue_host_call(stream,
                           (host_call){NULL, callback, userData, stream});
}

infinirtError_t infinirt_nv_StreamGetFlags(infinirtStream_t hStream,
                                           unsigned int *flags) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  /* CU_STREAM_NON_BLOCKING equals infinirtStreamNonBlocking. */
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamGetFlags(infinirt_nv_cu_stream(hStream), flags),
      "cuStreamGetFlags");
}

infinirtError_t infinirt_nv_StreamGetPriority(infinirtStream_t hStream,
                                              int *priority) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuStreamGetPriority(
                               infinirt_nv_cu_stream(hStream), priority),
                           "cuStreamGetPriority");
}

infinirtError_t infinirt_nv_StreamGetDevice(infinirtStream_t hStream,
                                            int *device) {
  *device = hStream ? ((infinirt_nv_stream *)hStream)->h.device
                    : infinirt_current_device(infinirtDeviceTypeNvidia);
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_DeviceGetStreamPriorityRange(int *leastPriority,
                                         int *greatestPriority) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  int least = 0, greatest = 0;
  CUresult r = infinirt_nv_sym.cuCtxGetStreamPriorityRange(&least, &greatest);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuCtxGetStreamPriorityRange");
  if (leastPriority)
    *leastPriority = least;
  if (greatestPriority)
    *greatestPriority = greatest;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_StreamGetId(infinirtStream_t hStream,
                                        unsigned long long *streamId) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamGetId(infinirt_nv_cu_stream(hStream), streamId),
      "cuStreamGetId");
}
