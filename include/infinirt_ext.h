/*
 * infinirt_ext.h - InfiniRT extensions: what the CUDA Runtime API has no word
 * for. Included by infinirt.h; never changes a mirrored signature. Every name
 * here starts with "infinirtExt" (types: "infinirtExt" or
 * "infinirtDeviceType").
 */
#ifndef INFINIRT_EXT_H_
#define INFINIRT_EXT_H_

#ifndef INFINIRT_H_
#error "include <infinirt.h>, not infinirt_ext.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A device type: which backend the mirrored calls of a thread act on. The
 * enumerators come from the backend registry, infinirt_backends.def, one per
 * line in its order, so the values are stable; today they are
 *   infinirtDeviceTypeCpu = 0     the host CPU; always present
 *   infinirtDeviceTypeNvidia = 1  NVIDIA GPUs through the CUDA driver
 *   infinirtDeviceTypeNull = 2    test-only backend that has no devices
 *   infinirtDeviceTypeCount = 3   number of types; not a type
 * A type whose backend is not compiled in reports zero devices (the null
 * backend is compiled in only with INFINIRT_BACKEND_NULL=ON). */
enum infinirtDeviceType {
#define INFINIRT_BACKEND(suffix, name, build, description)                     \
  infinirtDeviceType##suffix,
#include "infinirt_backends.def"
#undef INFINIRT_BACKEND
  infinirtDeviceTypeCount
};
typedef enum infinirtDeviceType infinirtDeviceType;

/* Stores the library's release, INFINIRT_VERSION's number (major * 1000 +
 * minor * 10 + patch) of the library actually loaded, in |*version|; compare
 * it with the INFINIRT_VERSION of the headers a program was built with.
 * Errors: InvalidValue if |version| is NULL. */
INFINIRT_API infinirtError_t infinirtExtGetVersion(int *version);

/* Makes |type| the calling thread's current device type. The thread's device
 * ordinal for that type (0 until set) becomes current. Without a call, the
 * type comes from the INFINIRT_DEVICE_TYPE environment variable (a type's
 * name in any case, or its number), else it is the first accelerator type
 * with devices, else the CPU. Errors: InvalidValue for a value that is not a
 * type; NoDevice if the type has no device (reason in the error detail; the
 * current type is unchanged). */
INFINIRT_API infinirtError_t infinirtExtSetDeviceType(infinirtDeviceType type);

/* Stores the calling thread's current device type in |*type|.
 * Errors: InvalidValue if |type| is NULL. */
INFINIRT_API infinirtError_t infinirtExtGetDeviceType(infinirtDeviceType *type);

/* Returns the lower-case name of |type| ("cpu", "nvidia", "null": the name
 * column of infinirt_backends.def), or "unknown" for a value that is not a
 * type. */
INFINIRT_API const char *infinirtExtGetDeviceTypeName(infinirtDeviceType type);

/* Reports whether |type|'s backend is compiled in and usable: stores its
 * device count in |*count| (0 if unusable) and, if |reason| is not NULL, a
 * static or process-lifetime string saying why there are no devices (NULL
 * when there are). Loads the backend's vendor library on first use.
 * Errors: InvalidValue if |count| is NULL or |type| is not a type. */
INFINIRT_API infinirtError_t infinirtExtGetBackendStatus(
    infinirtDeviceType type, int *count, const char **reason);

/* Returns a sentence about the calling thread's latest failing call: the
 * function, the object, and the native error name and number where a vendor
 * library failed. "" when no call has failed. The text stays valid until the
 * thread's next failing call. Not cleared by infinirtGetLastError. */
INFINIRT_API const char *infinirtExtGetLastErrorDetail(void);

/* Which native object infinirtExtGetNativeHandle() returns. */
enum infinirtExtHandleKind {
  infinirtExtHandleStream = 0,  /* arg: infinirtStream_t; NVIDIA: CUstream */
  infinirtExtHandleEvent = 1,   /* arg: infinirtEvent_t;  NVIDIA: CUevent */
  infinirtExtHandleDevice = 2,  /* arg: (void*)(intptr_t)ordinal; CUdevice */
  infinirtExtHandleContext = 3, /* arg: (void*)(intptr_t)ordinal; CUcontext */
};
typedef enum infinirtExtHandleKind infinirtExtHandleKind;

/* Stores in |*out| the native handle behind |handle| so that vendor code can
 * use it (for example launch its own kernels onto an infinirt stream). For a
 * device or context, |handle| is the ordinal of a device of the current type
 * cast to a pointer, and |*out| receives the value (a CUdevice is an int,
 * stored in the low bits). A NULL stream gives the legacy default stream's
 * native handle. Code that changes the thread's current native context
 * itself (cuCtxSetCurrent, cudaSetDevice) must call infinirtSetDevice before
 * its next infinirt call: the runtime caches the thread's context rather
 * than asking the driver on every call.
 * Errors: InvalidValue if |out| is NULL or |kind| is unknown;
 * InvalidResourceHandle for a handle that is not live; InvalidDevice;
 * NotSupported on the CPU, which has no native objects. */
INFINIRT_API infinirtError_t infinirtExtGetNativeHandle(
    infinirtExtHandleKind kind, void *handle, void **out);

/* Stores in |*pStream| a stream of the current device that names
 * |nativeStream|, a vendor stream made elsewhere (NVIDIA: a CUstream or
 * cudaStream_t of the current device's primary context, such as a PyTorch
 * or CuPy stream), so that infinirt work can be ordered on it. The stream
 * keeps the native stream's flags. infinirtStreamDestroy releases only the
 * infinirt handle: the native stream stays its creator's, who must keep it
 * alive while the handle is used (DeviceReset ends the handle as it ends
 * other streams, and leaves the native stream alone).
 * Errors: InvalidValue if |pStream| or |nativeStream| is NULL, if
 * |nativeStream| is the native legacy or per-thread stream (use
 * infinirtStreamLegacy / infinirtStreamPerThread) or belongs to another
 * context; InvalidResourceHandle if the driver does not know it;
 * NotSupported on the CPU, which has no native streams. */
INFINIRT_API infinirtError_t
infinirtExtStreamFromNative(infinirtStream_t *pStream, void *nativeStream);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* INFINIRT_EXT_H_ */
