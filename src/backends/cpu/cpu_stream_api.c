/* cpu_stream_api.c - the stream entry points of the CPU backend. */
#include "cpu_graph.h"

infinirtError_t infinirt_cpu_StreamCreateWithPriority(infinirtStream_t *pStream,
                                                      unsigned int flags,
                                                      int priority) {
  cpu_stream *s; /* the priority is clamped there */
  infinirtError_t err =
      infinirt_cpu_stream_new(infinirt_cpu_current(), flags, priority, &s);
  if (err != infinirtSuccess)
    return err;
  if (!infinirt_handle_register(&s->h)) {
    atomic_store(&s->alive, false);
    infinirt_cpu_stream_recycle(s);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a stream");
  }
  *pStream = (infinirtStream_t)s;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamCreateWithFlags(infinirtStream_t *pStream,
                                                   unsigned int flags) {
  return infinirt_cpu_StreamCreateWithPriority(pStream, flags, 0);
}

infinirtError_t infinirt_cpu_StreamCreate(infinirtStream_t *pStream) {
  return infinirt_cpu_StreamCreateWithPriority(pStream, 0, 0);
}

infinirtError_t infinirt_cpu_StreamDestroy(infinirtStream_t stream) {
  cpu_stream *s = (cpu_stream *)stream;
  if (!atomic_exchange(&s->alive, false))
    return infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "stream %p was already destroyed", (void *)s);
  /* A capture it is part of cannot be completed now. */
  infinirt_cpu_capture_stream_gone(s);
  /* Its cached blocks go back to the pool in stream order; then it is
   * recycled once the work already enqueued has run. */
  infinirt_cpu_scache_flush(s, true);
  return infinirt_cpu_retire(s);
}

/* The stream a Synchronize/Query acts on; NULL if it is the legacy stream
 * and that was never used. */
static cpu_stream *existing(infinirtStream_t stream) {
  if (stream)
    return (cpu_stream *)stream;
  return atomic_load_explicit(&infinirt_cpu_current()->legacy,
                              memory_order_acquire);
}

infinirtError_t infinirt_cpu_StreamSynchronize(infinirtStream_t stream) {
  cpu_stream *s = existing(stream);
  if (s && infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureUnsupported,
                                       "StreamSynchronize");
  infinirtError_t err;
  if (!stream && (err = infinirt_cpu_capture_legacy_check(
                      infinirt_cpu_current())) != infinirtSuccess)
    return err;
  if ((err = infinirt_cpu_capture_unsafe_check("synchronizing or querying "
                                               "a stream")) != infinirtSuccess)
    return err;
  if (s) {
    cpu_dep d = {s, atomic_load(&s->tail)};
    infinirt_cpu_dep_wait(&d, true);
    /* Blocks freed on |s| become available to the other streams, and the
     * pool gives the host what exceeds its release threshold. */
    infinirt_cpu_scache_flush(s, true);
    infinirt_cpu_pool_release(s->dev);
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamQuery(infinirtStream_t stream) {
  cpu_stream *s = existing(stream);
  if (s && infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureUnsupported,
                                       "StreamQuery");
  infinirtError_t err;
  if (!stream && (err = infinirt_cpu_capture_legacy_check(
                      infinirt_cpu_current())) != infinirtSuccess)
    return err;
  if ((err = infinirt_cpu_capture_unsafe_check("synchronizing or querying "
                                               "a stream")) != infinirtSuccess)
    return err;
  if (s && atomic_load(&s->completed) < atomic_load(&s->tail)) {
    infinirt_cpu_sched_check_stuck(); /* a poller may be all that waits */
    return infinirtErrorNotReady;
  }
  return infinirtSuccess;
}

/* Enqueues on |s| a wait command |op| with payload |p|. */
static infinirtError_t enqueue_wait(cpu_stream *s, uint8_t op,
                                    const cpu_payload *p, uint8_t ndeps) {
  cpu_enqueue e;
  cpu_slot *h;
  /* On the legacy stream the wait is legacy-stream work like any other. */
  infinirtError_t err = s->legacy ? infinirt_cpu_begin_ordered(s, 0, &e, &h)
                                  : infinirt_cpu_begin(s, NULL, 0, 0, &e, &h);
  if (err != infinirtSuccess)
    return err;
  h->cmd.ndeps = ndeps;
  h->cmd.p = *p;
  infinirt_cpu_commit(&e, op);
  return infinirtSuccess;
}

/* An interprocess event: the latest record, waited for by its position if
 * this process made it, else through the shared state (IPC_WAIT). */
static infinirtError_t wait_ipc_event(cpu_stream *s, cpu_event *ev) {
  uint64_t g = infinirt_cpu_ipc_event_latest(ev->ipc), mine = 0;
  if (g == 0 || infinirt_cpu_ipc_event_done(ev->ipc, g))
    return infinirtSuccess;
  cpu_dep dep;
  if (infinirt_cpu_event_read_ipc(ev, &dep, &mine) && mine == g) {
    if (dep.stream == s || infinirt_cpu_dep_done(&dep))
      return infinirtSuccess;
    cpu_payload p = {.wait = {dep}};
    return enqueue_wait(s, CPU_OP_WAIT, &p, 1);
  }
  infinirt_cpu_ipc_event_get(ev->ipc);
  cpu_payload p = {.ipc = {ev->ipc, g}};
  infinirtError_t err = enqueue_wait(s, CPU_OP_IPC_WAIT, &p, 0);
  if (err != infinirtSuccess)
    infinirt_cpu_ipc_event_put(ev->ipc);
  return err;
}

infinirtError_t infinirt_cpu_StreamWaitEvent(infinirtStream_t stream,
                                             infinirtEvent_t event,
                                             unsigned int flags) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  cpu_event *ev = (cpu_event *)event;
  if (infinirt_cpu_capture_wait(s, ev, flags, &err))
    return err;
  if (ev->ipc)
    return wait_ipc_event(s, ev);
  cpu_dep dep;
  uint64_t gen;
  if (!infinirt_cpu_event_read(ev, &dep, &gen, NULL) || dep.stream == s ||
      infinirt_cpu_dep_done(&dep))
    return infinirtSuccess;
  cpu_payload p = {.wait = {dep}};
  return enqueue_wait(s, CPU_OP_WAIT, &p, 1);
}

/* Host functions and stream callbacks: one command, ordered as legacy
 * rules say; |op| tells which of the payload's forms |p| fills. */
static infinirtError_t enqueue_host_call(infinirtStream_t stream, uint8_t op,
                                         const cpu_payload *p) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  cpu_enqueue e;
  cpu_slot *h;
  if (!s || (err = infinirt_cpu_begin_ordered(s, 0, &e, &h)) != infinirtSuccess)
    return err;
  h->cmd.p = *p;
  infinirt_cpu_commit(&e, op);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_LaunchHostFunc(infinirtStream_t stream,
                                            infinirtHostFn_t fn,
                                            void *userData) {
  cpu_payload p = {.hostfn = {fn, userData}};
  return enqueue_host_call(stream, CPU_OP_HOSTFN, &p);
}

infinirtError_t infinirt_cpu_StreamGetFlags(infinirtStream_t hStream,
                                            unsigned int *flags) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  *flags = atomic_load_explicit(&s->flags, memory_order_relaxed);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamGetPriority(infinirtStream_t hStream,
                                               int *priority) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  *priority = atomic_load_explicit(&s->priority, memory_order_relaxed);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamGetDevice(infinirtStream_t hStream,
                                             int *device) {
  *device = hStream ? ((cpu_stream *)hStream)->dev->ordinal
                    : infinirt_cpu_current()->ordinal;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_DeviceGetStreamPriorityRange(int *leastPriority,
                                          int *greatestPriority) {
  if (leastPriority)
    *leastPriority = CPU_PRIORITY_LOWEST;
  if (greatestPriority)
    *greatestPriority = CPU_PRIORITY_HIGHEST;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamGetId(infinirtStream_t hStream,
                                         unsigned long long *streamId) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  *streamId = s->id;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_StreamAddCallback(infinirtStream_t stream,
                               infinirtStreamCallback_t callback,
                               void *userData, unsigned int flags) {
  (void)flags; /* 0: checked by the core */
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if (infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureUnsupported,
                                       "StreamAddCallback (use "
                                       "LaunchHostFunc in a capture)");
  cpu_payload p = {.callback = {callback, userData, stream}};
  return enqueue_host_call(stream, CPU_OP_CALLBACK, &p);
}
