/* infinirt_nv_backend.c - the NVIDIA backend's vtable and its native handles.
 */
#include <stdint.h>

#include "nv.h"

infinirtError_t infinirt_nv_get_native_handle(infinirtExtHandleKind kind,
                                              void *handle, void **out) {
  switch (kind) {
  case infinirtExtHandleStream:
    /* The legacy default stream is named explicitly, so that code built
     * with per-thread default streams still reaches the same stream. */
    *out = handle ? (void *)((infinirt_nv_stream *)handle)->cu
                  : (void *)CU_STREAM_LEGACY;
    return infinirtSuccess;
  case infinirtExtHandleEvent:
    *out = (void *)((infinirt_nv_event *)handle)->cu;
    return infinirtSuccess;
  case infinirtExtHandleDevice:
  case infinirtExtHandleContext: {
    intptr_t dev = (intptr_t)handle;
    if (dev < 0 || dev >= infinirt_nv_device_count)
      return infinirt_detail(infinirtErrorInvalidDevice,
                             "device %ld does not exist (%d present)",
                             (long)dev, infinirt_nv_device_count);
    if (kind == infinirtExtHandleDevice) {
      *out = (void *)(intptr_t)infinirt_nv_devices[dev].cu;
      return infinirtSuccess;
    }
    CUcontext c;
    infinirtError_t err = infinirt_nv_ctx_get((int)dev, &c);
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
    .probe = infinirt_nv_probe,
    .find_pointer = infinirt_nv_find_pointer,
    .set_device = infinirt_nv_set_device,
    .get_native_handle = infinirt_nv_get_native_handle,
    .stream_from_native = infinirt_nv_stream_from_native,
    .exchange_capture_mode = infinirt_nv_exchange_capture_mode,
#define X(name, params, ...) .name = infinirt_nv_##name,
#include "api.def"
#undef X
};
