/* nv_backend.c - the NVIDIA backend's vtable and its native handles. */
#include <stdint.h>

#include "nv.h"

infinirtError_t nv_get_native_handle(infinirtExtHandleKind kind, void *handle,
                                     void **out) {
  switch (kind) {
  case infinirtExtHandleStream:
    /* The legacy default stream is named explicitly, so that code built
     * with per-thread default streams still reaches the same stream. */
    *out =
        handle ? (void *)((nv_stream *)handle)->cu : (void *)CU_STREAM_LEGACY;
    return infinirtSuccess;
  case infinirtExtHandleEvent:
    *out = (void *)((nv_event *)handle)->cu;
    return infinirtSuccess;
  case infinirtExtHandleDevice:
  case infinirtExtHandleContext: {
    intptr_t dev = (intptr_t)handle;
    if (dev < 0 || dev >= nv_device_count)
      return infinirt_detail(infinirtErrorInvalidDevice,
                             "device %ld does not exist (%d present)",
                             (long)dev, nv_device_count);
    if (kind == infinirtExtHandleDevice) {
      *out = (void *)(intptr_t)nv_devices[dev].cu;
      return infinirtSuccess;
    }
    CUcontext c;
    infinirtError_t err = nv_ctx_get((int)dev, &c);
    if (err == infinirtSuccess)
      *out = (void *)c;
    return err;
  }
  }
  return infinirt_detail(infinirtErrorInvalidValue, "%d is not a handle kind",
                         (int)kind);
}

const infinirt_backend infinirt_nvidia_backend = {
    .name = "nvidia",
    .type = infinirtDeviceTypeNvidia,
    .probe = nv_probe,
    .find_pointer = nv_find_pointer,
    .set_device = nv_set_device,
    .get_native_handle = nv_get_native_handle,
#define X(name, params, args, route) .name = nv_##name,
#include "api.def"
#undef X
};
