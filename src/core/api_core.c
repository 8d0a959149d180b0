/* api_core.c - mirrored functions the core answers itself (device selection,
 * versions, pointer attributes) and the extensions. */
#include <stdint.h>
#include <string.h>

#include "backends.h"
#include "per_thread_stream.h"
#include "thread_state.h"

#define FINISH(err, fn) infinirt_finish((err), fn)

infinirtError_t infinirtRuntimeGetVersion(int *runtimeVersion) {
  if (!runtimeVersion)
    return FINISH(
        infinirt_detail(infinirtErrorInvalidValue, "runtimeVersion is NULL"),
        "infinirtRuntimeGetVersion");
  *runtimeVersion = INFINIRT_VERSION;
  return infinirtSuccess;
}

infinirtError_t infinirtGetDeviceCount(int *count) {
  if (!count)
    return FINISH(infinirt_detail(infinirtErrorInvalidValue, "count is NULL"),
                  "infinirtGetDeviceCount");
  int t = infinirt_thread_type();
  const char *reason = NULL;
  *count = infinirt_backend_device_count(t, &reason);
  if (*count == 0)
    return FINISH(infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                                  infinirtExtGetDeviceTypeName(t), reason),
                  "infinirtGetDeviceCount");
  return infinirtSuccess;
}

infinirtError_t infinirtSetDevice(int device) {
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
  return FINISH(err, "infinirtSetDevice");
}

infinirtError_t infinirtGetDevice(int *device) {
  if (!device)
    return FINISH(infinirt_detail(infinirtErrorInvalidValue, "device is NULL"),
                  "infinirtGetDevice");
  *device = infinirt_tls.ordinal[infinirt_thread_type()];
  return infinirtSuccess;
}

infinirtError_t
infinirtPointerGetAttributes(struct infinirtPointerAttributes *attributes,
                             const void *ptr) {
  if (!attributes)
    return FINISH(
        infinirt_detail(infinirtErrorInvalidValue, "attributes is NULL"),
        "infinirtPointerGetAttributes");
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

infinirtError_t infinirtExtSetDeviceType(infinirtDeviceType type) {
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
  return FINISH(err, "infinirtExtSetDeviceType");
}

infinirtError_t infinirtExtGetDeviceType(infinirtDeviceType *type) {
  if (!type)
    return FINISH(infinirt_detail(infinirtErrorInvalidValue, "type is NULL"),
                  "infinirtExtGetDeviceType");
  *type = (infinirtDeviceType)infinirt_thread_type();
  return infinirtSuccess;
}

infinirtError_t infinirtExtGetBackendStatus(infinirtDeviceType type, int *count,
                                            const char **reason) {
  infinirtError_t err = infinirtSuccess;
  if (!count)
    err = infinirt_detail(infinirtErrorInvalidValue, "count is NULL");
  else if ((int)type < 0 || type >= infinirtDeviceTypeCount)
    err = infinirt_detail(infinirtErrorInvalidValue, "%d is not a device type",
                          (int)type);
  else {
    const char *r = NULL;
    *count = infinirt_backend_device_count(type, &r);
    if (reason)
      *reason = r;
  }
  return FINISH(err, "infinirtExtGetBackendStatus");
}

infinirtError_t infinirtExtGetNativeHandle(infinirtExtHandleKind kind,
                                           void *handle, void **out) {
  infinirtError_t err = infinirtSuccess;
  const infinirt_backend *b = NULL;
  if (!out) {
    err = infinirt_detail(infinirtErrorInvalidValue, "out is NULL");
  } else if (kind == infinirtExtHandleStream ||
             kind == infinirtExtHandleEvent) {
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
  return FINISH(err, "infinirtExtGetNativeHandle");
}
