/*
 * nv.h - shared state of the NVIDIA backend: the resolved driver entry
 * points, the per-device state, the handle objects, and the helpers that
 * make the current device's primary context current on a thread. The graph
 * handles (graphs, nodes, executable graphs) are nv_graph.h's.
 *
 * Thread safety: infinirt_nv_sym and infinirt_nv_devices[].cu are written once
 * by the probe (serialised by the core) and read-only afterwards. A device's
 * context is retained under its lock; its handle lists are guarded by the same
 * lock.
 */
#ifndef INFINIRT_NVIDIA_NV_H_
#define INFINIRT_NVIDIA_NV_H_

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "backend.h"
#include "cu_abi.h"
#include "cu_abi_graph.h"
#include "cu_abi_kernel.h"

/* ---- driver entry points ------------------------------------------------ */

typedef struct infinirt_nv_symbols {
#define SYM(need, field, version, versioned, params) CUresult(*field) params;
#include "cu_symbols.def"
#undef SYM
} infinirt_nv_symbols;

extern infinirt_nv_symbols infinirt_nv_sym;
extern int
    infinirt_nv_driver_version; /* cuDriverGetVersion's number, 0 if unloaded */

/* ---- handles ------------------------------------------------------------ */

/* Links a stream or event into its device's list, so that DeviceReset can
 * find and invalidate them. */
typedef struct infinirt_nv_link {
  struct infinirt_nv_link *prev, *next;
} infinirt_nv_link;

typedef struct infinirt_nv_stream {
  infinirt_handle h; /* first: the core reads it */
  CUstream cu;
  bool foreign; /* ExtStreamFromNative: |cu| is its creator's */
  infinirt_nv_link link;
  /* StreamGetCaptureInfo's dependencies_out, valid until the next call on
   * the stream (nv_capture.c; freed with the stream). */
  infinirtGraphNode_t *capture_deps;
  size_t capture_deps_cap;
  /* The wrapper of the graph of the capture |capture_id| the stream last
   * answered GetCaptureInfo for: each call of a capture would otherwise
   * look it up in the graph map (nv_capture.c checks it before use). */
  _Atomic(struct infinirt_nv_graph *) capture_graph;
  _Atomic(unsigned long long) capture_graph_id;
} infinirt_nv_stream;

typedef struct infinirt_nv_event {
  infinirt_handle h;
  CUevent cu;
  infinirt_nv_link link;
} infinirt_nv_event;

/* A memory pool: one the program created, one of the driver's we met as a
 * device's current pool (set by native code), or a device's default pool
 * (one per device, made on first use, never destroyed). Created and met
 * pools of a device's memory are on its |pools| list. */
typedef struct infinirt_nv_mempool {
  infinirt_handle h;
  CUmemoryPool cu;
  infinirt_nv_link link;
} infinirt_nv_mempool;

typedef struct infinirt_nv_library infinirt_nv_library;

typedef struct infinirt_nv_kernel {
  infinirt_handle h;
  CUkernel cu;
  infinirt_nv_library *lib;
  int num_params; /* -1 when the driver cannot say */
  char *name;     /* as LibraryGetKernel was given it; NULL if enumerated */
  struct infinirt_nv_kernel *next;
} infinirt_nv_kernel;

struct infinirt_nv_library {
  infinirt_handle h;
  CUlibrary cu;
  pthread_mutex_t lock; /* guards kernels */
  infinirt_nv_kernel *kernels;
  atomic_uint used_on; /* bit d: a kernel ran or a global was used on d */
  struct infinirt_nv_library *next; /* the loaded ones (nv_library.c) */
};

/* Marks |l| used on |dev|, so that unloading it waits for that device. */
static inline void infinirt_nv_library_used(infinirt_nv_library *l, int dev) {
  unsigned bit = 1u << dev;
  if (__builtin_expect(
          !(atomic_load_explicit(&l->used_on, memory_order_relaxed) & bit), 0))
    atomic_fetch_or_explicit(&l->used_on, bit, memory_order_release);
}

/* ---- devices ------------------------------------------------------------ */

/* Launch limits read once per device, checked before the driver is asked
 * so that bad configurations get CUDA runtime's InvalidConfiguration. */
typedef struct infinirt_nv_limits {
  int max_threads;
  int max_block[3];
  int max_grid[3];
  int max_shared_optin;
} infinirt_nv_limits;

typedef struct infinirt_nv_device {
  CUdevice cu;
  pthread_mutex_t lock;     /* guards ctx retain and the lists below */
  _Atomic(CUcontext) ctx;   /* retained primary context, or NULL */
  infinirt_nv_link streams; /* list heads (circular) */
  infinirt_nv_link events;
  infinirt_nv_link pools;
  infinirt_nv_link execs; /* executable graphs: the context's too */
  _Atomic(infinirt_nv_mempool *) default_pool; /* made on first use */
  /* Destroyed pools whose memory was still in use, destroyed in the driver
   * once a DeviceSynchronize finds them empty (|lock|). */
  struct infinirt_nv_dead_pool *dead_pools;
  infinirt_nv_limits limits;
  _Atomic(struct infinirtDeviceProp *) props; /* filled on first query */
} infinirt_nv_device;

#define NV_MAX_DEVICES 32
extern infinirt_nv_device infinirt_nv_devices[NV_MAX_DEVICES];
extern int infinirt_nv_device_count;

void infinirt_nv_list_add(infinirt_nv_device *d, infinirt_nv_link *head,
                          infinirt_nv_link *l);
void infinirt_nv_list_remove(infinirt_nv_device *d, infinirt_nv_link *l);

/* ---- contexts ----------------------------------------------------------- */

/* What this thread last made current: device |dev| at reset generation
 * |gen|. A mismatch with the core's current ordinal sends the call through
 * infinirt_nv_ctx_switch(). */
typedef struct infinirt_nv_thread_ctx {
  int dev; /* -1: nothing made current yet */
  unsigned gen;
} infinirt_nv_thread_ctx;

extern _Thread_local infinirt_nv_thread_ctx infinirt_nv_tls
    __attribute__((tls_model("initial-exec")));
extern atomic_uint infinirt_nv_reset_gen;

/* Retains |dev|'s primary context if needed and makes it current. */
infinirtError_t infinirt_nv_ctx_switch(int dev);
/* Retains (once) and returns |dev|'s primary context. */
infinirtError_t infinirt_nv_ctx_get(int dev, CUcontext *out);

/* Makes the current device's primary context current on this thread if it
 * is not already; stores the ordinal in |*dev|. One TLS compare when warm:
 * a context that other code made current on this thread natively stays
 * current until the next infinirtSetDevice. */
static inline infinirtError_t infinirt_nv_ctx_ensure(int *dev) {
  int d = infinirt_current_device(infinirtDeviceTypeNvidia);
  *dev = d;
  if (__builtin_expect(infinirt_nv_tls.dev == d &&
                           infinirt_nv_tls.gen ==
                               atomic_load_explicit(&infinirt_nv_reset_gen,
                                                    memory_order_relaxed),
                       1))
    return infinirtSuccess;
  return infinirt_nv_ctx_switch(d);
}

/* ---- errors ------------------------------------------------------------- */

/* Maps a failing driver result to the mirrored code and writes the detail
 * ("<what>: CUDA_ERROR_NAME (n)"). Cold. */
infinirtError_t infinirt_nv_fail(CUresult r, const char *what)
    __attribute__((cold, noinline));
/* NotSupported, with the detail that the loaded driver lacks |what|. */
infinirtError_t infinirt_nv_missing(const char *what)
    __attribute__((cold, noinline));
/* The mirrored code of |r| without writing a detail. */
infinirtError_t infinirt_nv_map(CUresult r);
/* The driver's name of |r| ("CUDA_ERROR_..."), never NULL. */
const char *infinirt_nv_error_name(CUresult r);

static inline infinirtError_t infinirt_nv_check(CUresult r, const char *what) {
  return __builtin_expect(r == CUDA_SUCCESS, 1) ? infinirtSuccess
                                                : infinirt_nv_fail(r, what);
}

/* The driver stream behind a stream argument; NULL (the legacy default
 * stream) stays NULL, which the legacy entry points read the same way. */
static inline CUstream infinirt_nv_cu_stream(infinirtStream_t s) {
  return s ? ((infinirt_nv_stream *)s)->cu : NULL;
}

/* The synchronous copies and sets: |err| of the asynchronous form issued
 * on the legacy stream, then a wait for that stream, so that they are
 * ordered as CUDA's are and return once the data is in place. */
static inline infinirtError_t
infinirt_nv_then_sync_legacy(infinirtError_t err) {
  if (err != infinirtSuccess)
    return err;
  /* The wait that makes the copy synchronous is the call's own, not the
   * caller's stream synchronization: in the thread's Relaxed mode, so that
   * a capture of a non-blocking stream lets it run, as cudart's
   * synchronous copies do on the H200 (the legacy-stream work itself is
   * refused beside a capture of a blocking stream). */
  CUstreamCaptureMode mode = 2; /* CU_STREAM_CAPTURE_MODE_RELAXED */
  bool swap =
      infinirt_nv_sym.cuThreadExchangeStreamCaptureMode != NULL &&
      infinirt_nv_sym.cuThreadExchangeStreamCaptureMode(&mode) == CUDA_SUCCESS;
  CUresult r = infinirt_nv_sym.cuStreamSynchronize(NULL);
  if (swap)
    (void)infinirt_nv_sym.cuThreadExchangeStreamCaptureMode(&mode);
  return infinirt_nv_check(r, "cuStreamSynchronize");
}

/* A location of ours as the driver's: a device is named by our ordinal,
 * the driver's by its CUdevice. */
static inline CUmemLocation
infinirt_nv_cu_location(struct infinirtMemLocation l) {
  CUmemLocation c = {(int)l.type, l.id};
  if (l.type == infinirtMemLocationTypeDevice && l.id >= 0 &&
      l.id < infinirt_nv_device_count)
    c.id = infinirt_nv_devices[l.id].cu;
  return c;
}

/* The rows of a slice, where the driver uses them: 0 ("unspecified", which
 * the driver allows for one slice) when neither the extent nor the position
 * reaches a second slice, so that an unused ysize is never checked. */
static inline size_t infinirt_nv_slice_rows(struct infinirtPitchedPtr p,
                                            struct infinirtPos pos,
                                            struct infinirtExtent e) {
  return e.depth > 1 || pos.z > 0 ? p.ysize : 0;
}

/* A 3D copy between unified addresses (every kind behaves as Default).
 * One description fills both CUDA_MEMCPY3D and CUDA_MEMCPY3D_PEER, the
 * former with reserved fields where the latter has contexts. */
#define INFINIRT_NV_FILL_COPY(c, src_pos, src_ptr, dst_pos, dst_ptr, e)        \
  do {                                                                         \
    (c).srcXInBytes = (src_pos).x;                                             \
    (c).srcY = (src_pos).y;                                                    \
    (c).srcZ = (src_pos).z;                                                    \
    (c).srcMemoryType = CU_MEMORYTYPE_UNIFIED;                                 \
    (c).srcDevice = (CUdeviceptr)(uintptr_t)(src_ptr).ptr;                     \
    (c).srcPitch = (src_ptr).pitch;                                            \
    (c).srcHeight = infinirt_nv_slice_rows(src_ptr, src_pos, e);               \
    (c).dstXInBytes = (dst_pos).x;                                             \
    (c).dstY = (dst_pos).y;                                                    \
    (c).dstZ = (dst_pos).z;                                                    \
    (c).dstMemoryType = CU_MEMORYTYPE_UNIFIED;                                 \
    (c).dstDevice = (CUdeviceptr)(uintptr_t)(dst_ptr).ptr;                     \
    (c).dstPitch = (dst_ptr).pitch;                                            \
    (c).dstHeight = infinirt_nv_slice_rows(dst_ptr, dst_pos, e);               \
    (c).WidthInBytes = (e).width;                                              \
    (c).Height = (e).height;                                                   \
    (c).Depth = (e).depth;                                                     \
  } while (0)

/* True if the driver does not know |p| (pageable host memory) and false
 * for memory it knows or cannot say. */
bool infinirt_nv_is_pageable(const void *p);
/* True if |p| is device memory (not managed, not host). */
bool infinirt_nv_is_device(const void *p);

/* ---- backend entries (one file per group) ------------------------------- */

extern const infinirt_backend infinirt_nvidia_backend;

/* Fills a new handle's header for the NVIDIA backend. */
static inline void infinirt_nv_handle_init(infinirt_handle *h,
                                           infinirt_handle_kind kind,
                                           unsigned flags, int dev) {
  h->magic = INFINIRT_HANDLE_MAGIC;
  h->kind = (uint16_t)kind;
  h->flags = (uint16_t)flags;
  h->backend = &infinirt_nvidia_backend;
  h->device = dev;
}

int infinirt_nv_probe(const char **reason);
bool infinirt_nv_find_pointer(const void *ptr,
                              struct infinirtPointerAttributes *attr);
infinirtError_t infinirt_nv_set_device(int device);
infinirtError_t infinirt_nv_get_native_handle(infinirtExtHandleKind kind,
                                              void *handle, void **out);
/* infinirtExtStreamFromNative (nv_stream.c). */
infinirtError_t infinirt_nv_stream_from_native(void *native,
                                               infinirtStream_t *out);
/* Destroys the pools of |d| that MemPoolDestroy left to the driver while
 * their memory was in use, those now unused (|all|: every one). */
void infinirt_nv_reap_pools(infinirt_nv_device *d, bool all);
/* Reads |d|'s launch limits (at probe time). */
void infinirt_nv_limits_init(infinirt_nv_device *d);
/* CUDA runtime's launch-shape errors for kernel |k| on device |dev|
 * (InvalidConfiguration; InvalidValue for NULL args of a kernel with
 * parameters), as LaunchKernel checks them; marks |k|'s library used on
 * |dev|. */
infinirtError_t infinirt_nv_launch_check(infinirt_nv_kernel *k, int dev,
                                         infinirtDim3 g, infinirtDim3 b,
                                         size_t shared, void **args);
/* Our kernel handle of a driver kernel (|kern|) or of a function of one
 * in the current context (|func|), or NULL (nv_library.c). */
infinirt_nv_kernel *infinirt_nv_kernel_of_driver(CUkernel kern,
                                                 CUfunction func);
/* Our event handle of a driver event, or NULL (nv_event.c). */
infinirt_nv_event *infinirt_nv_event_of_driver(CUevent cu);
/* The host functions that the driver may call more than once (graph host
 * nodes, captured LaunchHostFunc): the trampoline and its argument, which
 * lives as long as the process, one per (fn, userData) (nv_host_fn.c).
 * NULL |*out_data| when out of memory. */
CUhostFn infinirt_nv_host_fn(infinirtHostFn_t fn, void *userData,
                             void **out_data);
/* The inverse: the caller's function and data behind a driver host
 * function (either ours or one native code gave the driver). */
void infinirt_nv_host_fn_of_driver(CUhostFn cu_fn, void *cu_data,
                                   infinirtHostFn_t *fn, void **userData);
/* infinirtThreadExchangeStreamCaptureMode's hook (nv_capture.c). */
infinirtError_t
infinirt_nv_exchange_capture_mode(enum infinirtStreamCaptureMode *mode);

#define X(name, params, ...) infinirtError_t infinirt_nv_##name params;
#include "api.def"
#undef X

#endif /* INFINIRT_NVIDIA_NV_H_ */
