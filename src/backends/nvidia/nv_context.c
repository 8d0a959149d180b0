/* infinirt_nv_context.c - primary contexts: retained once per device, made
 * current per thread on SetDevice and lazily on any call from a thread whose
 * current context is not its current device's; the per-device handle lists. */
#include "nv.h"

_Thread_local infinirt_nv_thread_ctx infinirt_nv_tls
    __attribute__((tls_model("initial-exec"))) = {.dev = -1};
/* Bumped by DeviceReset, so that every thread makes the (re-retained)
 * context current again on its next call. */
atomic_uint infinirt_nv_reset_gen;

infinirtError_t infinirt_nv_ctx_get(int dev, CUcontext *out) {
  infinirt_nv_device *d = &infinirt_nv_devices[dev];
  CUcontext c = atomic_load_explicit(&d->ctx, memory_order_acquire);
  if (c) {
    *out = c;
    return infinirtSuccess;
  }
  infinirtError_t err = infinirtSuccess;
  pthread_mutex_lock(&d->lock);
  c = atomic_load_explicit(&d->ctx, memory_order_relaxed);
  if (!c) {
    CUresult r = infinirt_nv_sym.cuDevicePrimaryCtxRetain(&c, d->cu);
    if (r == CUDA_SUCCESS)
      atomic_store_explicit(&d->ctx, c, memory_order_release);
    else
      err = infinirt_nv_fail(r, "cuDevicePrimaryCtxRetain");
  }
  pthread_mutex_unlock(&d->lock);
  if (err == infinirtSuccess)
    *out = c;
  return err;
}

infinirtError_t infinirt_nv_ctx_switch(int dev) {
  unsigned gen =
      atomic_load_explicit(&infinirt_nv_reset_gen, memory_order_acquire);
  CUcontext c;
  infinirtError_t err = infinirt_nv_ctx_get(dev, &c);
  if (err != infinirtSuccess)
    return err;
  err =
      infinirt_nv_check(infinirt_nv_sym.cuCtxSetCurrent(c), "cuCtxSetCurrent");
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_tls.dev = dev;
  infinirt_nv_tls.gen = gen;
  return infinirtSuccess;
}

/* Always makes the context current, even when this thread's cache says it
 * is: the cache cannot see code that switched the thread's context natively
 * (cudaSetDevice, cuCtxSetCurrent), and SetDevice is how such code gets the
 * device's primary context back, as with cudaSetDevice. */
infinirtError_t infinirt_nv_set_device(int device) {
  return infinirt_nv_ctx_switch(device);
}

void infinirt_nv_list_add(infinirt_nv_device *d, infinirt_nv_link *head,
                          infinirt_nv_link *l) {
  pthread_mutex_lock(&d->lock);
  l->next = head->next;
  l->prev = head;
  head->next->prev = l;
  head->next = l;
  pthread_mutex_unlock(&d->lock);
}

void infinirt_nv_list_remove(infinirt_nv_device *d, infinirt_nv_link *l) {
  pthread_mutex_lock(&d->lock);
  if (l->next) {
    l->prev->next = l->next;
    l->next->prev = l->prev;
    l->next = l->prev = NULL;
  }
  pthread_mutex_unlock(&d->lock);
}
