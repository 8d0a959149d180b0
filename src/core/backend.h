/*
 * backend.h - the contract between the core and a backend.
 *
 * A backend is one static infinirt_backend: a few lifecycle hooks plus one
 * function pointer per X line of api.def, each with the mirrored signature.
 * Before an entry is called the core has checked every argument rule that
 * api.def names for it (contract.h: NULL pointers, flag masks, enum ranges,
 * device ordinals, size overflow; a zero-count copy or set never reaches
 * the backend) and has validated every handle argument (live, right kind,
 * right backend). The backend checks only what is its own (its devices'
 * limits, what its hardware cannot do: NotSupported) and sets the error
 * detail with infinirt_detail() on failure. A NULL entry makes the call
 * return infinirtErrorNotSupported.
 *
 * Locks: the core holds no lock of its own while it calls an entry; the
 * handle registry's lock is taken and released inside the registry calls
 * below, so a backend may call them while holding its own locks.
 *
 * Handles: every stream, event, library, kernel and memory pool a backend
 * returns begins with an infinirt_handle, is registered with
 * infinirt_handle_register() before it is returned, and is unregistered by
 * the core before the backend's destroy entry runs (so a handle destroyed
 * twice is caught by the core). A backend
 * that destroys handles on its own (DeviceReset, the kernels of an unloaded
 * library) calls infinirt_handle_unregister() first.
 *
 * A stream argument may be NULL (the legacy default stream of the current
 * device of the backend's type); the core turns infinirtStreamLegacy into
 * NULL.
 */
#ifndef INFINIRT_CORE_BACKEND_H_
#define INFINIRT_CORE_BACKEND_H_

#include <stdbool.h>
#include <stdint.h>

#include "infinirt.h"
#include "infinirt_profiler_api.h"

typedef struct infinirt_backend infinirt_backend;

typedef enum infinirt_handle_kind {
  INFINIRT_HANDLE_STREAM = 1,
  INFINIRT_HANDLE_EVENT = 2,
  INFINIRT_HANDLE_LIBRARY = 3,
  INFINIRT_HANDLE_KERNEL = 4,
  INFINIRT_HANDLE_MEMPOOL = 5,
  INFINIRT_HANDLE_GRAPH = 6,
  INFINIRT_HANDLE_GRAPH_NODE = 7,
  INFINIRT_HANDLE_GRAPH_EXEC = 8,
  INFINIRT_HANDLE_NODE_BLOCK = 9, /* the core's own (node_block.c) */
} infinirt_handle_kind;

/* infinirt_handle.flags of a memory pool that is a device's default pool:
 * the core refuses to destroy it (InvalidValue, as CUDA does). A pool
 * handle's |device| is the ordinal of the device its memory is on, or -1
 * for a pool of host memory. */
#define INFINIRT_MEMPOOL_DEFAULT 0x1u

#define INFINIRT_HANDLE_MAGIC 0x1f1e1d1cu

/* First member of every backend handle object. */
typedef struct infinirt_handle {
  uint32_t magic; /* INFINIRT_HANDLE_MAGIC while live */
  uint16_t kind;  /* infinirt_handle_kind */
  uint16_t flags; /* creation flags, for the core's own checks */
  const infinirt_backend *backend;
  int device; /* ordinal within the backend's type */
} infinirt_handle;

struct infinirt_backend {
  const char *name; /* the registry's name column (infinirt_backends.def) */
  infinirtDeviceType type;

  /* Called once, on first use of the type, from any thread (the core
   * serialises it). Returns the number of devices (>= 0). On 0, stores in
   * |*reason| a process-lifetime sentence saying why. */
  int (*probe)(const char **reason);

  /* If |ptr| lies in memory this backend allocated or registered, fills
   * |*attr| and returns true. Must be cheap when it returns false. Only called
   * after probe() returned devices. */
  bool (*find_pointer)(const void *ptr, struct infinirtPointerAttributes *attr);

  /* Optional. Called by infinirtSetDevice after the ordinal was validated,
   * so the backend can make the device ready for this thread (NVIDIA: make
   * the primary context current). */
  infinirtError_t (*set_device)(int device);

  /* infinirtExtGetNativeHandle for this backend; NULL: NotSupported. The core
   * has validated |handle| for the stream and event kinds. */
  infinirtError_t (*get_native_handle)(infinirtExtHandleKind kind, void *handle,
                                       void **out);
  /* infinirtExtStreamFromNative for this backend (|native| is not NULL);
   * NULL: NotSupported. */
  infinirtError_t (*stream_from_native)(void *native, infinirtStream_t *out);

  /* Optional. infinirtThreadExchangeStreamCaptureMode: the core keeps the
   * thread's mode (infinirt_thread_capture_mode) and gives a backend with
   * a per-thread mode of its own (the NVIDIA driver) the new one. */
  infinirtError_t (*exchange_capture_mode)(
      enum infinirtStreamCaptureMode *mode);

#define X(name, params, ...) infinirtError_t(*name) params;
#include "api.def"
#undef X
};

/* The calling thread's capture mode (infinirtThreadExchangeStreamCaptureMode;
 * Global until changed). */
enum infinirtStreamCaptureMode infinirt_thread_capture_mode(void);

/* --- Services the core offers backends ---------------------------------- */

/* The calling thread's current device ordinal for |type|. */
int infinirt_current_device(infinirtDeviceType type);

/* Records the calling thread's error detail (printf-style) and returns
 * |err|, so that a backend can write `return infinirt_detail(err, ...)`. */
infinirtError_t infinirt_detail(infinirtError_t err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Handle registry (thread-safe). register only records |h| (whose header the
 * backend has filled) and returns false if memory ran out (the backend then
 * fails the create call with MemoryAllocation). unregister returns false if
 * |h| was not registered. A graph node (kind INFINIRT_HANDLE_GRAPH_NODE) must
 * come from infinirt_node_alloc(); registering it cannot fail. */
bool infinirt_handle_register(infinirt_handle *h);
bool infinirt_handle_unregister(infinirt_handle *h);
/* infinirt_handle_lookup(p, kind): |p| as a handle if it is a live
 * registered handle of |kind|, else NULL (inline, in handle_inline.h). */

/* Graph nodes are made by the hundred thousand, and a registry entry per
 * node would cost more than the node. A backend takes its node objects from
 * node blocks instead: each block is registered once, a node in it is live
 * while its bit in the block is set (infinirt_handle_register /
 * unregister set and clear it), and a node lookup finds the block by the
 * node's address. A block list belongs to one graph and is used under that
 * graph's lock; its memory is freed only with the list. */
typedef struct infinirt_node_block infinirt_node_block;
typedef struct infinirt_node_blocks {
  infinirt_node_block *head;
} infinirt_node_blocks;
/* infinirt_node_alloc(blocks, bytes): memory for a node (inline, in
 * handle_inline.h). */
/* Frees every block of |blocks|: their nodes stop being live. Full-size
 * blocks are kept, up to 32 MiB, for the next graphs. */
void infinirt_node_blocks_free(infinirt_node_blocks *blocks);
/* Gives the kept blocks back to the allocator (DeviceGraphMemTrim). */
void infinirt_node_blocks_trim(void);

#include "handle_inline.h"

/* Makes |addr|, the device address of a global of |library| (|size| bytes,
 * looked up on |device| of the library's type), a symbol for
 * MemcpyToSymbol and its kin (symbols.h); the core forgets it when the
 * library is unloaded or the device reset. Returns false if memory ran out
 * (the backend then fails the call with MemoryAllocation). */
bool infinirt_symbol_add(const infinirt_handle *library, int device,
                         const void *addr, size_t size);

/* A backend's DeviceReset calls this once the device's handles are
 * destroyed: handles the core keeps for the device (per-thread streams) are
 * then known to be gone, even if their memory is reused for new handles, and
 * the symbols looked up on it are forgotten (their addresses may change). */
void infinirt_device_was_reset(infinirtDeviceType type, int device);

/* infinirtProfilerStart/Stop call this once the backend's own profiler
 * has started or stopped: with INFINIRT_TRACE=profiler the call trace runs
 * between the two (trace.c). */
void infinirt_profiler_range(bool started);

/* Opens |path| for reading if it is a regular file, without blocking on a
 * FIFO or a device; returns the descriptor (close-on-exec), or -1 with a
 * reason in |*why|. */
int infinirt_open_regular(const char *path, const char **why);

/* Host functions. A backend runs each host function between
 * infinirt_host_fn_enter() and infinirt_host_fn_leave() on the thread that
 * runs it. The core then refuses, with NotPermitted and before anything
 * changes, the calls that wait for stream work or enqueue it (NO_HOST_FN in
 * api.def): a wait there could be a wait for the host function itself, and
 * an enqueue onto a full queue is one. */
extern _Thread_local bool infinirt_tls_in_host_fn
    __attribute__((tls_model("initial-exec")));
static inline void infinirt_host_fn_enter(void) {
  infinirt_tls_in_host_fn = true;
}
static inline void infinirt_host_fn_leave(void) {
  infinirt_tls_in_host_fn = false;
}

/* The backends compiled in, indexed by infinirtDeviceType (NULL if absent). */
extern const infinirt_backend *const infinirt_backends[infinirtDeviceTypeCount];

#endif /* INFINIRT_CORE_BACKEND_H_ */
