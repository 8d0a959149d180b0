/* infinirt_nv_device.c - device-wide entries: driver version, synchronize,
 * reset, memory info. */
#include <stdlib.h>

#include "nv_graph.h"

infinirtError_t infinirt_nv_DriverGetVersion(int *driverVersion) {
  *driverVersion = infinirt_nv_driver_version;
  return infinirtSuccess;
}

/* CU_CTX_* flags equal infinirtDevice* ones. MapHost is not passed on: the
 * driver refuses it (mapped host memory is always available now), and CUDA's
 * runtime accepts it for the same reason. */
infinirtError_t infinirt_nv_SetDeviceFlags(unsigned int flags) {
  int dev = infinirt_current_device(infinirtDeviceTypeNvidia);
  return infinirt_nv_check(infinirt_nv_sym.cuDevicePrimaryCtxSetFlags(
                               infinirt_nv_devices[dev].cu,
                               flags & ~(unsigned)infinirtDeviceMapHost),
                           "cuDevicePrimaryCtxSetFlags_v2");
}

infinirtError_t infinirt_nv_GetDeviceFlags(unsigned int *flags) {
  int dev = infinirt_current_device(infinirtDeviceTypeNvidia);
  unsigned int f = 0;
  int active = 0;
  CUresult r = infinirt_nv_sym.cuDevicePrimaryCtxGetState(
      infinirt_nv_devices[dev].cu, &f, &active);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDevicePrimaryCtxGetState");
  *flags = f | infinirtDeviceMapHost;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_DeviceSynchronize(void) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  err =
      infinirt_nv_check(infinirt_nv_sym.cuCtxSynchronize(), "cuCtxSynchronize");
  if (err == infinirtSuccess && infinirt_nv_devices[dev].dead_pools)
    infinirt_nv_reap_pools(&infinirt_nv_devices[dev], false);
  return err;
}

infinirtError_t infinirt_nv_MemGetInfo(size_t *free, size_t *total) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  size_t f, t;
  err = infinirt_nv_check(infinirt_nv_sym.cuMemGetInfo(&f, &t),
                          "cuMemGetInfo_v2");
  if (err != infinirtSuccess)
    return err;
  *free = f;
  *total = t;
  return infinirtSuccess;
}

/* Unregisters and destroys every handle on |head| that no other thread is
 * destroying right now (those stay; their destroyer unlinks them). Called
 * with the device lock held. */
static void drop_streams(infinirt_nv_link *head) {
  for (infinirt_nv_link *l = head->next, *next; l != head; l = next) {
    next = l->next;
    infinirt_nv_stream *s =
        (infinirt_nv_stream *)((char *)l - offsetof(infinirt_nv_stream, link));
    if (!infinirt_handle_unregister(&s->h))
      continue;
    l->prev->next = l->next;
    l->next->prev = l->prev;
    infinirt_nv_sym.cuStreamDestroy(s->cu);
    s->h.magic = 0;
    free(s->capture_deps);
    free(s);
  }
}

static void drop_events(infinirt_nv_link *head) {
  for (infinirt_nv_link *l = head->next, *next; l != head; l = next) {
    next = l->next;
    infinirt_nv_event *e =
        (infinirt_nv_event *)((char *)l - offsetof(infinirt_nv_event, link));
    if (!infinirt_handle_unregister(&e->h))
      continue;
    l->prev->next = l->next;
    l->next->prev = l->prev;
    infinirt_nv_sym.cuEventDestroy(e->cu);
    e->h.magic = 0;
    free(e);
  }
}

/* Executable graphs belong to the context: the reset destroys them. */
static void drop_execs(infinirt_nv_link *head) {
  for (infinirt_nv_link *l = head->next, *next; l != head; l = next) {
    next = l->next;
    infinirt_nv_exec *x =
        (infinirt_nv_exec *)((char *)l - offsetof(infinirt_nv_exec, link));
    if (!infinirt_handle_unregister(&x->h))
      continue;
    l->prev->next = l->next;
    l->next->prev = l->prev;
    (void)infinirt_nv_sym.cuGraphExecDestroy(x->cu);
    x->h.magic = 0;
    free(x);
  }
}

/* Waits for the device, invalidates its streams, events and executable
 * graphs, resets the
 * primary context and drops our retain of it; the next call on any thread
 * retains it afresh (CUDA: "the next API call reinitialises the device"). */
infinirtError_t infinirt_nv_DeviceReset(void) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_device *d = &infinirt_nv_devices[dev];
  /* A sticky error is what reset is for: its wait result does not matter. */
  (void)infinirt_nv_sym.cuCtxSynchronize();
  infinirt_nv_reap_pools(d, true);
  pthread_mutex_lock(&d->lock);
  drop_streams(&d->streams);
  drop_events(&d->events);
  drop_execs(&d->execs);
  CUresult r = infinirt_nv_sym.cuDevicePrimaryCtxReset(d->cu);
  if (r == CUDA_SUCCESS &&
      atomic_load_explicit(&d->ctx, memory_order_relaxed) != NULL) {
    (void)infinirt_nv_sym.cuDevicePrimaryCtxRelease(d->cu);
    atomic_store_explicit(&d->ctx, NULL, memory_order_release);
  }
  atomic_fetch_add_explicit(&infinirt_nv_reset_gen, 1, memory_order_acq_rel);
  pthread_mutex_unlock(&d->lock);
  infinirt_device_was_reset(infinirtDeviceTypeNvidia, dev);
  return infinirt_nv_check(r, "cuDevicePrimaryCtxReset_v2");
}
