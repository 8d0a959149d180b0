/* nv_ipc.c - interprocess handles through the driver's cuIpc* calls. The
 * handle bytes are the driver's (CUipcMemHandle / CUipcEventHandle have
 * infinirt's size and layout); an opened event is wrapped like a created
 * one, so that EventDestroy and DeviceReset find it. An opened allocation
 * is device memory of the current context, which the pointer lookup
 * (cuPointerGetAttributes) recognises like any other. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv.h"

_Static_assert(sizeof(CUipcMemHandle) == sizeof(infinirtIpcMemHandle_t),
               "a driver memory handle fills infinirt's");
_Static_assert(sizeof(CUipcEventHandle) == sizeof(infinirtIpcEventHandle_t),
               "a driver event handle fills infinirt's");

/* The current device's context, and the entry point |fn| present. */
static infinirtError_t ready(const void *fn, const char *name, int *dev) {
  if (!fn)
    return infinirt_detail(infinirtErrorNotSupported, "the driver has no %s",
                           name);
  return infinirt_nv_ctx_ensure(dev);
}

infinirtError_t infinirt_nv_IpcGetMemHandle(infinirtIpcMemHandle_t *handle,
                                            void *devPtr) {
  int dev = 0;
  infinirtError_t err = ready((const void *)infinirt_nv_sym.cuIpcGetMemHandle,
                              "cuIpcGetMemHandle", &dev);
  if (err != infinirtSuccess)
    return err;
  CUipcMemHandle h;
  CUresult r =
      infinirt_nv_sym.cuIpcGetMemHandle(&h, (CUdeviceptr)(uintptr_t)devPtr);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(infinirt_nv_map(r), "cuIpcGetMemHandle(%p): %s (%d)",
                           devPtr, infinirt_nv_error_name(r), r);
  memcpy(handle->reserved, h.reserved, sizeof h.reserved);
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_IpcOpenMemHandle(void **devPtr,
                                             infinirtIpcMemHandle_t handle,
                                             unsigned int flags) {
  int dev = 0;
  infinirtError_t err = ready((const void *)infinirt_nv_sym.cuIpcOpenMemHandle,
                              "cuIpcOpenMemHandle_v2", &dev);
  if (err != infinirtSuccess)
    return err;
  CUipcMemHandle h;
  memcpy(h.reserved, handle.reserved, sizeof h.reserved);
  CUdeviceptr p;
  /* infinirtIpcMemLazyEnablePeerAccess equals
   * CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS. */
  CUresult r = infinirt_nv_sym.cuIpcOpenMemHandle(&p, h, flags);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(infinirt_nv_map(r),
                           "cuIpcOpenMemHandle_v2 on device %d: %s (%d)", dev,
                           infinirt_nv_error_name(r), r);
  *devPtr = (void *)(uintptr_t)p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_IpcCloseMemHandle(void *devPtr) {
  int dev = 0;
  infinirtError_t err = ready((const void *)infinirt_nv_sym.cuIpcCloseMemHandle,
                              "cuIpcCloseMemHandle", &dev);
  if (err != infinirtSuccess)
    return err;
  CUresult r =
      infinirt_nv_sym.cuIpcCloseMemHandle((CUdeviceptr)(uintptr_t)devPtr);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(infinirt_nv_map(r),
                           "cuIpcCloseMemHandle(%p): %s (%d)", devPtr,
                           infinirt_nv_error_name(r), r);
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_IpcGetEventHandle(infinirtIpcEventHandle_t *handle,
                                              infinirtEvent_t event) {
  int dev = 0;
  infinirtError_t err = ready((const void *)infinirt_nv_sym.cuIpcGetEventHandle,
                              "cuIpcGetEventHandle", &dev);
  if (err != infinirtSuccess)
    return err;
  CUipcEventHandle h;
  CUresult r =
      infinirt_nv_sym.cuIpcGetEventHandle(&h, ((infinirt_nv_event *)event)->cu);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(infinirt_nv_map(r),
                           "cuIpcGetEventHandle(%p): %s (%d)", (void *)event,
                           infinirt_nv_error_name(r), r);
  memcpy(handle->reserved, h.reserved, sizeof h.reserved);
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_IpcOpenEventHandle(infinirtEvent_t *event,
                               infinirtIpcEventHandle_t handle) {
  int dev = 0;
  infinirtError_t err =
      ready((const void *)infinirt_nv_sym.cuIpcOpenEventHandle,
            "cuIpcOpenEventHandle", &dev);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_event *e = malloc(sizeof *e);
  if (!e)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for an event");
  CUipcEventHandle h;
  memcpy(h.reserved, handle.reserved, sizeof h.reserved);
  CUresult r = infinirt_nv_sym.cuIpcOpenEventHandle(&e->cu, h);
  if (r != CUDA_SUCCESS) {
    free(e);
    return infinirt_detail(infinirt_nv_map(r),
                           "cuIpcOpenEventHandle on device %d: %s (%d)", dev,
                           infinirt_nv_error_name(r), r);
  }
  /* As CUDA documents: it behaves as an untimed interprocess event. */
  infinirt_nv_handle_init(
      &e->h, INFINIRT_HANDLE_EVENT,
      infinirtEventInterprocess | infinirtEventDisableTiming, dev);
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
