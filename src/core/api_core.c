/* api_core.c - the functions of the API table that the core answers itself
 * (device selection, versions, pointer attributes, the extensions). Their
 * wrappers (api.c) have run the table's checks, and record and trace the
 * result. */
#include "api_core.h"

#include <stdint.h>
#include <string.h>

#include "backends.h"
#include "per_thread_stream.h"
#include "thread_state.h"

infinirtError_t infinirt_core_RuntimeGetVersion(int *runtimeVersion) {
  *runtimeVersion = INFINIRTRT_VERSION;
  return infinirtSuccess;
}

infinirtError_t infinirt_core_ExtGetVersion(int *version) {
  *version = INFINIRT_VERSION;
  return infinirtSuccess;
}

infinirtError_t infinirt_core_GetDeviceCount(int *count) {
  int t = infinirt_thread_type();
  const char *reason = NULL;
  *count = infinirt_backend_device_count(t, &reason);
  if (*count == 0)
    return infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                           infinirtExtGetDeviceTypeName(t), reason);
  return infinirtSuccess;
}

infinirtError_t infinirt_core_SetDevice(int device) {
  int t = infinirt_thread_type();
  const char *reason = NULL;
  int count = infinirt_backend_device_count(t, &reason);
  infinirtError_t err = infinirtSuccess;
  if (count == 0) {
    err = infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                          infinirtExtGetDeviceTypeName(t), reason);
  } else if (device < 0 || device >= count) {
    err = infinirt_detail(infinirtErrorInvalidDevice,
                          "device %d of type %s does not exist (%d present)",
                          device, infinirtExtGetDeviceTypeName(t), count);
  } else {
    const infinirt_backend *b = infinirt_backends[t];
    if (b->set_device)
      err = b->set_device(device);
    if (err == infinirtSuccess)
      infinirt_tls.ordinal[t] = device;
  }
  return err;
}

infinirtError_t infinirt_core_GetDevice(int *device) {
  *device = infinirt_tls.ordinal[infinirt_thread_type()];
  return infinirtSuccess;
}

infinirtError_t
infinirt_core_PointerGetAttributes(struct infinirtPointerAttributes *attributes,
                                   const void *ptr) {
  struct infinirtPointerAttributes found;
  memset(&found, 0, sizeof found);
  if (ptr) {
    /* Accelerators first: a CPU-registered range could overlap nothing
     * of theirs, but their answer is the more specific one. */
    for (int t = infinirtDeviceTypeCount - 1; t >= 0; t--) {
      const infinirt_backend *b = infinirt_backends[t];
      if (b && infinirt_backend_device_count(t, NULL) > 0 &&
          b->find_pointer(ptr, &found)) {
        *attributes = found;
        return infinirtSuccess;
      }
    }
  }
  memset(attributes, 0, sizeof *attributes);
  attributes->type = infinirtMemoryTypeUnregistered;
  attributes->device = -2;
  return infinirtSuccess;
}

/* ---- extensions --------------------------------------------------------- */

infinirtError_t infinirt_core_ExtSetDeviceType(infinirtDeviceType type) {
  infinirtError_t err = infinirtSuccess;
  const char *reason = NULL;
  if ((int)type < 0 || type >= infinirtDeviceTypeCount)
    err = infinirt_detail(infinirtErrorInvalidValue, "%d is not a device type",
                          (int)type);
  else if (infinirt_backend_device_count(type, &reason) == 0)
    err = infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                          infinirtExtGetDeviceTypeName(type), reason);
  else
    infinirt_tls.type = (int)type;
  return err;
}

infinirtError_t infinirt_core_ExtGetDeviceType(infinirtDeviceType *type) {
  *type = (infinirtDeviceType)infinirt_thread_type();
  return infinirtSuccess;
}

infinirtError_t infinirt_core_ExtGetBackendStatus(infinirtDeviceType type,
                                                  int *count,
                                                  const char **reason) {
  infinirtError_t err = infinirtSuccess;
  if ((int)type < 0 || type >= infinirtDeviceTypeCount)
    err = infinirt_detail(infinirtErrorInvalidValue, "%d is not a device type",
                          (int)type);
  else {
    const char *r = NULL;
    *count = infinirt_backend_device_count(type, &r);
    if (reason)
      *reason = r;
  }
  return err;
}

infinirtError_t infinirt_core_ExtStreamFromNative(infinirtStream_t *pStream,
                                                  void *nativeStream) {
  const infinirt_backend *b = infinirt_backends[infinirt_thread_type()];
  if (!b || !b->stream_from_native)
    return infinirt_detail(infinirtErrorNotSupported,
                           "device type %s has no native streams",
                           b ? infinirtExtGetDeviceTypeName(b->type) : "?");
  return b->stream_from_native(nativeStream, pStream);
}

infinirtError_t infinirt_core_ExtGetNativeHandle(infinirtExtHandleKind kind,
                                                 void *handle, void **out) {
  infinirtError_t err = infinirtSuccess;
  const infinirt_backend *b = NULL;
  if (kind == infinirtExtHandleStream || kind == infinirtExtHandleEvent) {
    infinirt_handle_kind hk = kind == infinirtExtHandleStream
                                  ? INFINIRT_HANDLE_STREAM
                                  : INFINIRT_HANDLE_EVENT;
    if (handle == (void *)infinirtStreamLegacy && hk == INFINIRT_HANDLE_STREAM)
      handle = NULL;
    if (handle == NULL && hk == INFINIRT_HANDLE_STREAM) {
      b = infinirt_backends[infinirt_thread_type()];
    } else if (handle == (void *)infinirtStreamPerThread &&
               hk == INFINIRT_HANDLE_STREAM) {
      b = infinirt_backends[infinirt_thread_type()];
      if (b && !(handle = infinirt_per_thread_stream(b, &err)))
        b = NULL;
    } else {
      infinirt_handle *h = infinirt_handle_lookup(handle, hk);
      if (h)
        b = h->backend;
      else
        err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                              "%p is not a live handle", handle);
    }
  } else if (kind == infinirtExtHandleDevice ||
             kind == infinirtExtHandleContext) {
    b = infinirt_backends[infinirt_thread_type()];
  } else {
    err = infinirt_detail(infinirtErrorInvalidValue, "%d is not a handle kind",
                          (int)kind);
  }
  if (err == infinirtSuccess) {
    if (b && b->get_native_handle)
      err = b->get_native_handle(kind, handle, out);
    else
      err = infinirt_detail(infinirtErrorNotSupported,
                            "device type %s has no native handles",
                            b ? infinirtExtGetDeviceTypeName(b->type) : "?");
  }
  return err;
}
