/*
 * nv.h - shared state of the NVIDIA backend: the resolved driver entry
 * points, the per-device state, the handle objects, and the helpers that
 * make the current device's primary context current on a thread.
 *
 * Thread safety: nv_sym and nv_devices[].cu are written once by the probe
 * (serialised by the core) and read-only afterwards. A device's context is
 * retained under its lock; its handle lists are guarded by the same lock.
 */
#ifndef INFINIRT_NVIDIA_NV_H_
#define INFINIRT_NVIDIA_NV_H_

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "backend.h"
#include "cu_abi.h"

/* ---- driver entry points ------------------------------------------------ */

typedef struct nv_symbols {
#define SYM(need, field, version, versioned, params) CUresult(*field) params;
#include "cu_symbols.def"
#undef SYM
} nv_symbols;

extern nv_symbols nv_sym;
extern int nv_driver_version; /* cuDriverGetVersion's number, 0 if unloaded */

/* ---- handles ------------------------------------------------------------ */

/* Links a stream or event into its device's list, so that DeviceReset can
 * find and invalidate them. */
typedef struct nv_link {
  struct nv_link *prev, *next;
} nv_link;

typedef struct nv_stream {
  infinirt_handle h; /* first: the core reads it */
  CUstream cu;
  nv_link link;
} nv_stream;

typedef struct nv_event {
  infinirt_handle h;
  CUevent cu;
  nv_link link;
} nv_event;

typedef struct nv_library nv_library;

typedef struct nv_kernel {
  infinirt_handle h;
  CUkernel cu;
  nv_library *lib;
  int num_params; /* -1 when the driver cannot say */
  struct nv_kernel *next;
} nv_kernel;

struct nv_library {
  infinirt_handle h;
  CUlibrary cu;
  pthread_mutex_t lock; /* guards kernels */
  nv_kernel *kernels;
  atomic_uint used_on; /* bit d: a kernel was launched on device d */
};

/* ---- devices ------------------------------------------------------------ */

/* Launch limits read once per device, checked before the driver is asked
 * so that bad configurations get CUDA runtime's InvalidConfiguration. */
typedef struct nv_limits {
  int max_threads;
  int max_block[3];
  int max_grid[3];
  int max_shared_optin;
} nv_limits;

typedef struct nv_device {
  CUdevice cu;
  pthread_mutex_t lock;   /* guards ctx retain and the lists below */
  _Atomic(CUcontext) ctx; /* retained primary context, or NULL */
  nv_link streams;        /* list heads (circular) */
  nv_link events;
  nv_limits limits;
  _Atomic(struct infinirtDeviceProp *) props; /* filled on first query */
} nv_device;

#define NV_MAX_DEVICES 32
extern nv_device nv_devices[NV_MAX_DEVICES];
extern int nv_device_count;

void nv_list_add(nv_device *d, nv_link *head, nv_link *l);
void nv_list_remove(nv_device *d, nv_link *l);

/* ---- contexts ----------------------------------------------------------- */

/* What this thread last made current: device |dev| at reset generation
 * |gen|. A mismatch with the core's current ordinal sends the call through
 * nv_ctx_switch(). */
typedef struct nv_thread_ctx {
  int dev; /* -1: nothing made current yet */
  unsigned gen;
} nv_thread_ctx;

extern _Thread_local nv_thread_ctx nv_tls
    __attribute__((tls_model("initial-exec")));
extern atomic_uint nv_reset_gen;

/* Retains |dev|'s primary context if needed and makes it current. */
infinirtError_t nv_ctx_switch(int dev);
/* Retains (once) and returns |dev|'s primary context. */
infinirtError_t nv_ctx_get(int dev, CUcontext *out);

/* Makes the current device's primary context current on this thread if it
 * is not already; stores the ordinal in |*dev|. One TLS compare when warm:
 * a context that other code made current on this thread natively stays
 * current until the next infinirtSetDevice. */
static inline infinirtError_t nv_ctx_ensure(int *dev) {
  int d = infinirt_current_device(infinirtDeviceTypeNvidia);
  *dev = d;
  if (__builtin_expect(
          nv_tls.dev == d &&
              nv_tls.gen ==
                  atomic_load_explicit(&nv_reset_gen, memory_order_relaxed),
          1))
    return infinirtSuccess;
  return nv_ctx_switch(d);
}

/* ---- errors ------------------------------------------------------------- */

/* Maps a failing driver result to the mirrored code and writes the detail
 * ("<what>: CUDA_ERROR_NAME (n)"). Cold. */
infinirtError_t nv_fail(CUresult r, const char *what)
    __attribute__((cold, noinline));
/* The mirrored code of |r| without writing a detail. */
infinirtError_t nv_map(CUresult r);
/* The driver's name of |r| ("CUDA_ERROR_..."), never NULL. */
const char *nv_error_name(CUresult r);

static inline infinirtError_t nv_check(CUresult r, const char *what) {
  return __builtin_expect(r == CUDA_SUCCESS, 1) ? infinirtSuccess
                                                : nv_fail(r, what);
}

/* The driver stream behind a stream argument; NULL (the legacy default
 * stream) stays NULL, which the legacy entry points read the same way. */
static inline CUstream nv_cu_stream(infinirtStream_t s) {
  return s ? ((nv_stream *)s)->cu : NULL;
}

/* True if the driver does not know |p| (pageable host memory) and false
 * for memory it knows or cannot say. */
bool nv_is_pageable(const void *p);
/* True if |p| is device memory (not managed, not host). */
bool nv_is_device(const void *p);

/* ---- backend entries (one file per group) ------------------------------- */

extern const infinirt_backend infinirt_nvidia_backend;

/* Fills a new handle's header for the NVIDIA backend. */
static inline void nv_handle_init(infinirt_handle *h, infinirt_handle_kind kind,
                                  unsigned flags, int dev) {
  h->magic = INFINIRT_HANDLE_MAGIC;
  h->kind = (uint16_t)kind;
  h->flags = (uint16_t)flags;
  h->backend = &infinirt_nvidia_backend;
  h->device = dev;
}

int nv_probe(const char **reason);
bool nv_find_pointer(const void *ptr, struct infinirtPointerAttributes *attr);
infinirtError_t nv_set_device(int device);
infinirtError_t nv_get_native_handle(infinirtExtHandleKind kind, void *handle,
                                     void **out);
/* Reads |d|'s launch limits (at probe time). */
void nv_limits_init(nv_device *d);

#define X(name, params, args, route) infinirtError_t nv_##name params;
#include "api.def"
#undef X

#endif /* INFINIRT_NVIDIA_NV_H_ */
