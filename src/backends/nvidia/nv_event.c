/* infinirt_nv_event.c - events: driver events wrapped in registered handles
 * that remember their device and flags. */
#include <stddef.h>
#include <stdlib.h>

#include "nv.h"

infinirtError_t infinirt_nv_EventCreateWithFlags(infinirtEvent_t *event,
                                                 unsigned int flags) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_event *e = malloc(sizeof *e);
  if (!e)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for an event");
  /* infinirtEventBlockingSync/DisableTiming equal the CU_EVENT_* values. */
  CUresult r = infinirt_nv_sym.cuEventCreate(&e->cu, flags);
  if (r != CUDA_SUCCESS) {
    free(e);
    return infinirt_nv_fail(r, "cuEventCreate");
  }
  infinirt_nv_handle_init(&e->h, INFINIRT_HANDLE_EVENT, flags, dev);
  if (!infinirt_handle_register(&e->h)) {
    infinirt_nv_sym.cuEventDestroy(e->cu);
    free(e);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register an event");
  }
  infinirt_nv_list_add(&infinirt_nv_devices[dev],
                       &infinirt_nv_devices[dev].events, &e->link);
  *event = (infinirtEvent_t)e;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_EventCreate(infinirtEvent_t *event) {
  return infinirt_nv_EventCreateWithFlags(event, infinirtEventDefault);
}

/* An event is recorded only on a stream of its own device. */
static infinirtError_t same_device(const infinirt_nv_event *e,
                                   infinirtStream_t stream, int dev) {
  int sdev = stream ? ((infinirt_nv_stream *)stream)->h.device : dev;
  if (e->h.device == sdev)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidResourceHandle,
                         "event %p is of device %d, stream %p of device %d",
                         (void *)e, e->h.device, (void *)stream, sdev);
}

infinirtError_t infinirt_nv_EventRecord(infinirtEvent_t event,
                                        infinirtStream_t stream) {
  infinirt_nv_event *e = (infinirt_nv_event *)event;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  if (__builtin_expect((err = same_device(e, stream, dev)) != infinirtSuccess,
                       0))
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuEventRecord(e->cu, infinirt_nv_cu_stream(stream)),
      "cuEventRecord");
}

infinirtError_t infinirt_nv_EventRecordWithFlags(infinirtEvent_t event,
                                                 infinirtStream_t stream,
                                                 unsigned int flags) {
  infinirt_nv_event *e = (infinirt_nv_event *)event;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  if ((err = same_device(e, stream, dev)) != infinirtSuccess)
    return err;
  /* infinirtEventRecord* values equal CU_EVENT_RECORD_*. External means
   * something only to a capturing stream; elsewhere, as for StreamWaitEvent,
   * the record is an ordinary one. */
  CUstream cs = infinirt_nv_cu_stream(stream);
  CUresult r = infinirt_nv_sym.cuEventRecordWithFlags(e->cu, cs, flags);
  if (r == CUDA_ERROR_ILLEGAL_STATE && (flags & infinirtEventRecordExternal))
    r = infinirt_nv_sym.cuEventRecordWithFlags(
        e->cu, cs, flags & ~infinirtEventRecordExternal);
  return infinirt_nv_check(r, "cuEventRecordWithFlags");
}

infinirtError_t infinirt_nv_EventQuery(infinirtEvent_t event) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  CUresult r = infinirt_nv_sym.cuEventQuery(((infinirt_nv_event *)event)->cu);
  if (__builtin_expect(r == CUDA_SUCCESS, 1))
    return infinirtSuccess;
  if (r == CUDA_ERROR_NOT_READY)
    return infinirtErrorNotReady;
  return infinirt_nv_fail(r, "cuEventQuery");
}

infinirtError_t infinirt_nv_EventSynchronize(infinirtEvent_t event) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuEventSynchronize(((infinirt_nv_event *)event)->cu),
      "cuEventSynchronize");
}

/* The core has unregistered |event|; a pending record completes normally
 * and waits already enqueued on it still hold (the driver's guarantee). */
infinirtError_t infinirt_nv_EventDestroy(infinirtEvent_t event) {
  infinirt_nv_event *e = (infinirt_nv_event *)event;
  infinirt_nv_list_remove(&infinirt_nv_devices[e->h.device], &e->link);
  CUresult r = infinirt_nv_sym.cuEventDestroy(e->cu);
  e->h.magic = 0;
  free(e);
  return infinirt_nv_check(r, "cuEventDestroy_v2");
}

infinirtError_t infinirt_nv_EventElapsedTime(float *ms, infinirtEvent_t start,
                                             infinirtEvent_t end) {
  infinirt_nv_event *a = (infinirt_nv_event *)start,
                    *b = (infinirt_nv_event *)end;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  float t;
  CUresult r = infinirt_nv_sym.cuEventElapsedTime_v2
                   ? infinirt_nv_sym.cuEventElapsedTime_v2(&t, a->cu, b->cu)
                   : infinirt_nv_sym.cuEventElapsedTime(&t, a->cu, b->cu);
  if (r == CUDA_ERROR_NOT_READY)
    return infinirtErrorNotReady;
  if (r == CUDA_ERROR_INVALID_HANDLE)
    return infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "event %p or %p was never recorded "
                           "(CUDA_ERROR_INVALID_HANDLE)",
                           (void *)start, (void *)end);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuEventElapsedTime");
  *ms = t;
  return infinirtSuccess;
}

/* A graph's event node names the driver's event: its handle is on its
 * device's list (events made elsewhere, by native code, have none). */
infinirt_nv_event *infinirt_nv_event_of_driver(CUevent cu) {
  infinirt_nv_event *found = NULL;
  for (int d = 0; d < infinirt_nv_device_count && !found && cu; d++) {
    infinirt_nv_device *dev = &infinirt_nv_devices[d];
    pthread_mutex_lock(&dev->lock);
    for (infinirt_nv_link *l = dev->events.next; l != &dev->events && !found;
         l = l->next) {
      infinirt_nv_event *e =
          (infinirt_nv_event *)((char *)l - offsetof(infinirt_nv_event, link));
      if (e->cu == cu)
        found = e;
    }
    pthread_mutex_unlock(&dev->lock);
  }
  return found;
}
