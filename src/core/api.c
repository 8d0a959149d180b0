/* api.c - the exported functions of the API table (api.def). Each wrapper,
 * generated from its table line, runs the line's argument checks
 * (contract.h), routes the call to a backend through one of the route_*
 * functions below (which validate the handles it names), calls the
 * backend's entry (NotSupported if it has none) or the core's own
 * implementation, records the error and traces the call.
 * `cmake --build <dir> --target api-expanded` writes the wrappers out. */
#include <stdint.h>

#include "api_core.h"
#include "backends.h"
#include "contract.h"
#include "contract_graph.h"
#include "per_thread_stream.h"
#include "pp_each.h"
#include "route.h"
#include "symbols.h"
#include "thread_state.h"
#include "trace.h"

/* ---- routes: each returns the backend, or NULL with |*err| set ---------- */

/* The backend of the calling thread's current type (a type without
 * devices answers NoDevice). */
const infinirt_backend *infinirt_route_current(infinirtError_t *err) {
  int t = infinirt_thread_type();
  const infinirt_backend *b = infinirt_backends[t];
  const char *reason = NULL;
  if (__builtin_expect(b != NULL, 1) &&
      __builtin_expect(infinirt_backend_device_count(t, &reason) > 0, 1))
    return b;
  *err = infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                         infinirtExtGetDeviceTypeName((infinirtDeviceType)t),
                         reason ? reason : "not compiled in");
  return NULL;
}

const char *infinirt_handle_kind_name(infinirt_handle_kind kind) {
  switch (kind) {
  case INFINIRT_HANDLE_STREAM:
    return "stream";
  case INFINIRT_HANDLE_EVENT:
    return "event";
  case INFINIRT_HANDLE_LIBRARY:
    return "library";
  case INFINIRT_HANDLE_KERNEL:
    return "kernel";
  case INFINIRT_HANDLE_MEMPOOL:
    return "memory pool";
  case INFINIRT_HANDLE_GRAPH:
    return "graph";
  case INFINIRT_HANDLE_GRAPH_NODE:
    return "graph node";
  case INFINIRT_HANDLE_GRAPH_EXEC:
    return "executable graph";
  case INFINIRT_HANDLE_NODE_BLOCK:
    return "node block";
  }
  return "handle";
}

infinirt_handle *infinirt_live_handle(const void *p, infinirt_handle_kind kind,
                                      infinirtError_t *err) {
  infinirt_handle *h = infinirt_handle_lookup(p, kind);
  if (__builtin_expect(h == NULL, 0))
    infinirt_route_refuse(p, kind, err);
  return h;
}

const infinirt_backend *infinirt_route_refuse(const void *p,
                                              infinirt_handle_kind kind,
                                              infinirtError_t *err) {
  *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                         "%s %p is not a live handle",
                         infinirt_handle_kind_name(kind), p);
  return NULL;
}

/* A handle the call destroys: unregistered here, so that a second destroy
 * (or a concurrent one) is caught before the backend sees it. */
const infinirt_backend *infinirt_route_destroy(void *p,
                                               infinirt_handle_kind kind,
                                               infinirtError_t *err) {
  const infinirt_backend *b = infinirt_route_handle(p, kind, err);
  if (b && !infinirt_handle_unregister((infinirt_handle *)p)) {
    *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "%s %p was destroyed concurrently",
                           infinirt_handle_kind_name(kind), p);
    return NULL;
  }
  return b;
}

/* A stream argument: Legacy becomes NULL, NULL means the current type, the
 * per-thread stream becomes the thread's own stream of that type. */
const infinirt_backend *infinirt_route_stream(infinirtStream_t *s,
                                              infinirtError_t *err) {
  if (*s == infinirtStreamLegacy)
    *s = NULL;
  if (*s == NULL)
    return infinirt_route_current(err);
  if (__builtin_expect(*s == infinirtStreamPerThread, 0)) {
    const infinirt_backend *b = infinirt_route_current(err);
    if (b && !(*s = infinirt_per_thread_stream(b, err)))
      return NULL;
    return b;
  }
  return infinirt_route_handle(*s, INFINIRT_HANDLE_STREAM, err);
}

static const infinirt_backend *route_stream_destroy(infinirtStream_t s,
                                                    infinirtError_t *err) {
  if (s == NULL || s == infinirtStreamLegacy || s == infinirtStreamPerThread) {
    *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "a default stream cannot be destroyed");
    return NULL;
  }
  return infinirt_route_destroy(s, INFINIRT_HANDLE_STREAM, err);
}

/* A handle of |kind| used with a stream: both must belong to one backend,
 * else |mismatch| (InvalidResourceHandle where CUDA would see a foreign
 * context; NotSupported for a cross-type wait, which could be added). */
static const infinirt_backend *
route_on_stream(const void *h, infinirt_handle_kind kind, infinirtStream_t *s,
                infinirtError_t mismatch, infinirtError_t *err) {
  const infinirt_backend *b = infinirt_route_handle(h, kind, err);
  if (!b)
    return NULL;
  const infinirt_backend *sb = infinirt_route_stream(s, err);
  if (!sb)
    return NULL;
  if (__builtin_expect(sb != b, 0)) {
    *err = infinirt_detail(
        mismatch, "%s %p belongs to device type %s, stream %p to %s",
        infinirt_handle_kind_name(kind), h, b->name, (void *)*s, sb->name);
    return NULL;
  }
  return b;
}

/* StreamCopyAttributes: two streams (as STREAM) of one device of one type
 * (else InvalidValue: CUDA requires one context). */
static const infinirt_backend *route_stream_pair(infinirtStream_t *dst,
                                                 infinirtStream_t *src,
                                                 infinirtError_t *err) {
  const infinirt_backend *db = infinirt_route_stream(dst, err);
  if (!db)
    return NULL;
  const infinirt_backend *sb = infinirt_route_stream(src, err);
  if (!sb)
    return NULL;
  int dd = *dst ? ((const infinirt_handle *)*dst)->device
                : infinirt_current_device(db->type);
  int sd = *src ? ((const infinirt_handle *)*src)->device
                : infinirt_current_device(sb->type);
  if (__builtin_expect(db != sb || dd != sd, 0)) {
    *err =
        infinirt_detail(infinirtErrorInvalidValue,
                        "stream %p is on %s device %d, stream %p on %s "
                        "device %d: not one device",
                        (void *)*dst, db->name, dd, (void *)*src, sb->name, sd);
    return NULL;
  }
  return db;
}

/* EventElapsedTime: two live timing events of one device. */
static const infinirt_backend *
route_event_timing(infinirtEvent_t a, infinirtEvent_t z, infinirtError_t *err) {
  infinirt_handle *ha = infinirt_live_handle(a, INFINIRT_HANDLE_EVENT, err);
  infinirt_handle *hz =
      ha ? infinirt_live_handle(z, INFINIRT_HANDLE_EVENT, err) : NULL;
  if (!hz)
    return NULL;
  if (ha->backend != hz->backend || ha->device != hz->device) {
    *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "events %p and %p belong to different devices",
                           (void *)a, (void *)z);
    return NULL;
  }
  if ((ha->flags | hz->flags) & infinirtEventDisableTiming) {
    *err = infinirt_detail(
        infinirtErrorInvalidResourceHandle,
        "event %p was created with DisableTiming",
        (void *)((ha->flags & infinirtEventDisableTiming) ? a : z));
    return NULL;
  }
  return ha->backend;
}

/* IpcGetEventHandle: a live event created with infinirtEventInterprocess. */
static const infinirt_backend *route_ipc_event(infinirtEvent_t e,
                                               infinirtError_t *err) {
  infinirt_handle *h = infinirt_live_handle(e, INFINIRT_HANDLE_EVENT, err);
  if (h && !(h->flags & infinirtEventInterprocess)) {
    *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "event %p was not created with "
                           "infinirtEventInterprocess",
                           (void *)e);
    return NULL;
  }
  return h ? h->backend : NULL;
}

/* The backend, other than |except|, that allocated or registered |p|.
 * Accelerators are asked before the CPU: their answer is the more specific
 * one, and CPU memory is host memory that every backend can reach. With
 * |accelerators_only| the CPU is not asked. */
static const infinirt_backend *owner_of(const void *p,
                                        const infinirt_backend *except,
                                        bool accelerators_only) {
  if (!p)
    return NULL;
  struct infinirtPointerAttributes attr;
  for (int t = infinirtDeviceTypeCount - 1; t >= 0; t--) {
    const infinirt_backend *b = infinirt_backends[t];
    if (!b || b == except ||
        (accelerators_only && t == infinirtDeviceTypeCpu) ||
        infinirt_backend_device_count(t, NULL) == 0)
      continue;
    if (b->find_pointer(p, &attr))
      return b;
  }
  return NULL;
}

static const infinirt_backend *route_pointer(const void *p,
                                             infinirtError_t *err) {
  const infinirt_backend *b = owner_of(p, NULL, false);
  return b ? b : infinirt_route_current(err);
}

/* A synchronous copy or set goes to the accelerator that owns one of its
 * pointers (so a thread whose current type is the CPU can copy from GPU
 * memory, as unified addressing allows in CUDA), else to the current type.
 * Only accelerators other than the current type are asked, so a thread
 * working on its own accelerator pays no pointer query. */
static const infinirt_backend *route_data(const void *dst, const void *src,
                                          infinirtError_t *err) {
  const infinirt_backend *cur = infinirt_route_current(err);
  if (!cur)
    return NULL;
  const infinirt_backend *b = owner_of(dst, cur, true);
  if (!b && src != dst)
    b = owner_of(src, cur, true);
  return b ? b : cur;
}

/* An asynchronous copy or set runs in its stream's order, on the stream's
 * backend, which cannot reach another accelerator's memory: refused. */
static const infinirt_backend *route_stream_data(infinirtStream_t *s,
                                                 const void *dst,
                                                 const void *src,
                                                 infinirtError_t *err) {
  const infinirt_backend *sb = infinirt_route_stream(s, err);
  if (!sb)
    return NULL;
  const void *ptrs[2] = {dst, src};
  for (int i = 0; i < (src != dst ? 2 : 1); i++) {
    const infinirt_backend *o = owner_of(ptrs[i], sb, true);
    if (__builtin_expect(o != NULL, 0)) {
      *err = infinirt_detail(infinirtErrorInvalidValue,
                             "%s %p is memory of device type %s; the stream "
                             "belongs to device type %s",
                             i ? "src" : "dst", ptrs[i], o->name, sb->name);
      return NULL;
    }
  }
  return sb;
}

/* A peer copy names its devices within the current type: its pointers must
 * not be another accelerator's memory. */
static const infinirt_backend *route_peer_data(const void *dst, const void *src,
                                               infinirtError_t *err) {
  infinirtStream_t legacy = NULL;
  return route_stream_data(&legacy, dst, src, err);
}

/* ---- memory pools: CUDA calls a bad pool handle an invalid value ------- */

static infinirt_handle *live_pool(const void *p, infinirtError_t *err) {
  infinirt_handle *h = infinirt_handle_lookup(p, INFINIRT_HANDLE_MEMPOOL);
  if (__builtin_expect(h == NULL, 0))
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "memPool %p is not a live memory pool", p);
  return h;
}

static const infinirt_backend *route_pool(const void *p, infinirtError_t *err) {
  infinirt_handle *h = live_pool(p, err);
  return h ? h->backend : NULL;
}

/* A default pool stays: CUDA refuses to destroy it. */
static const infinirt_backend *route_pool_destroy(void *p,
                                                  infinirtError_t *err) {
  infinirt_handle *h = live_pool(p, err);
  if (!h)
    return NULL;
  if (h->flags & INFINIRT_MEMPOOL_DEFAULT) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "memory pool %p is device %d's default pool, "
                           "which cannot be destroyed",
                           p, h->device);
    return NULL;
  }
  if (!infinirt_handle_unregister(h)) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "memory pool %p was destroyed concurrently", p);
    return NULL;
  }
  return h->backend;
}

/* DeviceSetMemPool: a pool of device |device| of the current type. */
static const infinirt_backend *route_pool_on_device(const void *p, int device,
                                                    infinirtError_t *err) {
  infinirt_handle *h = live_pool(p, err);
  if (!h)
    return NULL;
  const infinirt_backend *cur = infinirt_route_current(err);
  if (!cur)
    return NULL;
  if (h->backend != cur || h->device != device) {
    *err = infinirt_detail(
        infinirtErrorInvalidValue,
        "memory pool %p belongs to %s %s %d, not to %s device %d", p,
        h->backend->name, h->device < 0 ? "host memory" : "device", h->device,
        cur->name, device);
    return NULL;
  }
  return cur;
}

/* MemSetMemPool: a pool of the current type whose memory is where |loc|
 * says (a host NUMA node's id, and the allocation type, the backend
 * checks). |loc| is not NULL (IN ran first). */
static const infinirt_backend *
route_pool_at(const void *p, const struct infinirtMemLocation *loc,
              infinirtError_t *err) {
  infinirt_handle *h = live_pool(p, err);
  if (!h)
    return NULL;
  const infinirt_backend *cur = infinirt_route_current(err);
  if (!cur)
    return NULL;
  bool host = loc->type == infinirtMemLocationTypeHost ||
              loc->type == infinirtMemLocationTypeHostNuma;
  if (h->backend != cur ||
      (loc->type == infinirtMemLocationTypeDevice && h->device != loc->id) ||
      (host && h->device >= 0)) {
    *err = infinirt_detail(
        infinirtErrorInvalidValue,
        "memory pool %p belongs to %s %s %d, not to the %s location "
        "{type %d, id %d}",
        p, h->backend->name, h->device < 0 ? "host memory" : "device",
        h->device, cur->name, (int)loc->type, loc->id);
    return NULL;
  }
  return cur;
}

/* MallocFromPoolAsync: the pool may be of another device of the stream's
 * type, not of another type. */
static const infinirt_backend *
route_pool_on_stream(const void *p, infinirtStream_t *s, infinirtError_t *err) {
  const infinirt_backend *b = route_pool(p, err);
  if (!b)
    return NULL;
  const infinirt_backend *sb = infinirt_route_stream(s, err);
  if (!sb)
    return NULL;
  if (__builtin_expect(sb != b, 0)) {
    *err = infinirt_detail(
        infinirtErrorInvalidValue,
        "memory pool %p belongs to device type %s, stream %p to %s", p, b->name,
        (void *)*s, sb->name);
    return NULL;
  }
  return b;
}

/* ---- kernel attributes, occupancy, launch forms, symbols ----------------- */

/* The |func| of the Func, Occupancy and Kernel functions: CUDA's runtime
 * answers InvalidDeviceFunction for what is no kernel. */
static const infinirt_backend *route_kernel(const void *k,
                                            infinirtError_t *err) {
  infinirt_handle *h = infinirt_handle_lookup(k, INFINIRT_HANDLE_KERNEL);
  if (__builtin_expect(h != NULL, 1))
    return h->backend;
  *err = infinirt_detail(infinirtErrorInvalidDeviceFunction,
                         "kernel %p is not a live kernel", k);
  return NULL;
}

/* A kernel and a device ordinal of the kernel's own type. */
static const infinirt_backend *route_kernel_device(const void *k, int device,
                                                   infinirtError_t *err) {
  const infinirt_backend *b = route_kernel(k, err);
  if (!b)
    return NULL;
  int n = infinirt_backend_device_count(b->type, NULL);
  if (device >= 0 && device < n)
    return b;
  *err = infinirt_detail(infinirtErrorInvalidDevice,
                         "device %d of type %s does not exist (%d present)",
                         device, b->name, n);
  return NULL;
}

/* The event of a launch attribute that records one, or NULL. */
static bool attribute_event(const infinirtLaunchAttribute *a,
                            infinirtEvent_t *event, int *flags) {
  if (a->id == infinirtLaunchAttributeProgrammaticEvent) {
    *event = a->val.programmaticEvent.event;
    *flags = a->val.programmaticEvent.flags;
    return true;
  }
  if (a->id == infinirtLaunchAttributeLaunchCompletionEvent) {
    *event = a->val.launchCompletionEvent.event;
    *flags = a->val.launchCompletionEvent.flags;
    return true;
  }
  return false;
}

/* LaunchKernelExC: the kernel and its configuration's stream as
 * KERNEL_ON_STREAM, and the events its attributes name, which must be live
 * timing-free events of the kernel's backend (CUDA's rule for both event
 * attributes) with no record flags. The backend gets a copy of the
 * configuration that names the resolved stream (the per-thread stream
 * becomes the thread's own); one per thread suffices, as nothing runs
 * between the route and the backend's entry. */
static _Thread_local infinirtLaunchConfig_t resolved_config;

static const infinirt_backend *
route_kernel_on_config(const void *k, const infinirtLaunchConfig_t **config,
                       infinirtError_t *err) {
  infinirtLaunchConfig_t *c = &resolved_config;
  *c = **config;
  const infinirt_backend *b =
      route_on_stream(k, INFINIRT_HANDLE_KERNEL, &c->stream,
                      infinirtErrorInvalidResourceHandle, err);
  for (unsigned i = 0; b && i < c->numAttrs; i++) {
    infinirtEvent_t ev;
    int flags;
    if (!attribute_event(&c->attrs[i], &ev, &flags))
      continue;
    infinirt_handle *h = infinirt_live_handle(ev, INFINIRT_HANDLE_EVENT, err);
    if (!h)
      return NULL;
    if (h->backend != b)
      *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                             "event %p of attrs[%u] belongs to device type "
                             "%s, the kernel to %s",
                             (void *)ev, i, h->backend->name, b->name);
    else if (!(h->flags & infinirtEventDisableTiming))
      *err = infinirt_detail(infinirtErrorInvalidValue,
                             "event %p of attrs[%u] was not created with "
                             "infinirtEventDisableTiming",
                             (void *)ev, i);
    else if (flags != 0)
      *err = infinirt_detail(infinirtErrorInvalidValue,
                             "attrs[%u] has event record flags 0x%x", i,
                             (unsigned)flags);
    else
      continue;
    return NULL;
  }
  if (b)
    *config = c;
  return b;
}

/* The backend of symbol |sym|, if |off| + |n| bytes lie inside it. */
static const infinirt_backend *route_symbol(const void *sym, size_t off,
                                            size_t n, infinirtError_t *err) {
  infinirt_symbol s;
  if ((*err = infinirt_symbol_find(sym, &s)) != infinirtSuccess)
    return NULL;
  if (off > s.size || n > s.size - off) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "offset %zu and count %zu run past the %zu bytes "
                           "of symbol %p",
                           off, n, s.size, sym);
    return NULL;
  }
  return s.library->backend;
}

/* A synchronous symbol copy runs on the symbol's accelerator; a CPU
 * symbol is host memory, which the accelerator that owns |p| (if any)
 * reaches, as for Memcpy. */
static const infinirt_backend *route_symbol_data(const void *sym, size_t off,
                                                 size_t n, const void *p,
                                                 infinirtError_t *err) {
  const infinirt_backend *sb = route_symbol(sym, off, n, err);
  if (!sb || sb->type != infinirtDeviceTypeCpu)
    return sb;
  const infinirt_backend *o = owner_of(p, sb, true);
  return o ? o : sb;
}

/* An asynchronous one as MemcpyAsync; an accelerator's symbol only on its
 * own streams. */
static const infinirt_backend *
route_symbol_stream_data(infinirtStream_t *st, const void *sym, size_t off,
                         size_t n, const void *p, infinirtError_t *err) {
  const infinirt_backend *sb = route_symbol(sym, off, n, err);
  if (!sb)
    return NULL;
  const infinirt_backend *b =
      route_stream_data(st, (const char *)sym + off, p, err);
  if (b && sb != b && sb->type != infinirtDeviceTypeCpu) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "symbol %p is memory of device type %s; the stream "
                           "belongs to device type %s",
                           sym, sb->name, b->name);
    return NULL;
  }
  return b;
}

/* MemPoolSetAccess: a pool's own device keeps read-write access (the
 * driver answers any other request for it with an invalid device). */
static const infinirt_backend *
route_pool_access(const void *p, const struct infinirtMemAccessDesc *d,
                  size_t n, infinirtError_t *err) {
  infinirt_handle *h = live_pool(p, err);
  if (!h)
    return NULL;
  for (size_t i = 0; i < n; i++)
    if (d[i].location.id == h->device &&
        d[i].flags != infinirtMemAccessFlagsProtReadWrite) {
      *err = infinirt_detail(infinirtErrorInvalidDevice,
                             "descList[%zu]: device %d is memory pool %p's "
                             "own device, whose access stays read-write",
                             i, h->device, p);
      return NULL;
    }
  return h->backend;
}

/* LibraryUnload: the library's symbols go with it. */
static const infinirt_backend *route_library_unload(void *l,
                                                    infinirtError_t *err) {
  const infinirt_backend *b =
      infinirt_route_destroy(l, INFINIRT_HANDLE_LIBRARY, err);
  if (b)
    infinirt_symbols_forget_library((const infinirt_handle *)l);
  return b;
}

static infinirtError_t not_implemented(const infinirt_backend *b) {
  return infinirt_detail(infinirtErrorNotSupported,
                         "the %s backend does not implement it", b->name);
}

/* ---- the table's vocabulary ---------------------------------------------- */

#define CURRENT infinirt_route_current(&err)
#define STREAM(s) infinirt_route_stream(&s, &err)
#define STREAM_DESTROY(s) route_stream_destroy(s, &err)
#define EVENT(e) infinirt_route_handle(e, INFINIRT_HANDLE_EVENT, &err)
#define EVENT_DESTROY(e) infinirt_route_destroy(e, INFINIRT_HANDLE_EVENT, &err)
#define EVENT_ON_STREAM(e, s)                                                  \
  route_on_stream(e, INFINIRT_HANDLE_EVENT, &s,                                \
                  infinirtErrorInvalidResourceHandle, &err)
#define STREAM_WAITS_EVENT(s, e)                                               \
  route_on_stream(e, INFINIRT_HANDLE_EVENT, &s, infinirtErrorNotSupported, &err)
#define EVENT_TIMING(a, b) route_event_timing(a, b, &err)
#define STREAM_PAIR(d, s) route_stream_pair(&d, &s, &err)
#define IPC_EVENT(e) route_ipc_event(e, &err)
#define POINTER(p) route_pointer(p, &err)
#define DATA(d, s) route_data(d, s, &err)
#define STREAM_DATA(st, d, s) route_stream_data(&st, d, s, &err)
#define LIBRARY(l) infinirt_route_handle(l, INFINIRT_HANDLE_LIBRARY, &err)
#define LIBRARY_DESTROY(l) route_library_unload(l, &err)
#define KERNEL_ON_STREAM(k, s)                                                 \
  route_on_stream(k, INFINIRT_HANDLE_KERNEL, &s,                               \
                  infinirtErrorInvalidResourceHandle, &err)
#define MEMPOOL(p) route_pool(p, &err)
#define MEMPOOL_DESTROY(p) route_pool_destroy(p, &err)
#define MEMPOOL_ON_DEVICE(p, d) route_pool_on_device(p, d, &err)
#define MEMPOOL_ON_STREAM(p, s) route_pool_on_stream(p, &s, &err)
#define MEMPOOL_ACCESS(p, d, n) route_pool_access(p, d, n, &err)
#define MEMPOOL_AT(p, l) route_pool_at(p, l, &err)

#define PEER_DATA(d, s) route_peer_data(d, s, &err)
/* kernel attributes, occupancy, launch forms, symbols */
#define KERNEL(k) route_kernel(k, &err)
#define KERNEL_DEVICE(k, d) route_kernel_device(k, d, &err)
#define KERNEL_ON_CONFIG(k, c) route_kernel_on_config(k, &c, &err)
#define SYMBOL_DATA(sym, off, n, p) route_symbol_data(sym, off, n, p, &err)
#define SYMBOL_STREAM_DATA(st, sym, off, n, p)                                 \
  route_symbol_stream_data(&st, sym, off, n, p, &err)
#define FUNC_ATTR(a, v) infinirt_check_func_attr(a, v)
#define STREAM_ATTR(a) infinirt_check_stream_attr(a)
#define STREAM_ATTR_VALUE(a, v) infinirt_check_stream_attr_value(a, v)
#define ONE_OF(p, q) infinirt_check_one_of(p, q, #p " and " #q)
#define ARRAY(p, n) infinirt_check_array(p, n, #p)
#define LAUNCH_CONFIG(c) infinirt_check_launch_config(c)
#define SYMBOL_COPY(p, n, k, to) infinirt_check_symbol_copy(p, n, k, to)

#define NO_HOST_FN infinirt_check_not_in_host_fn()
#define OUT(p) infinirt_check_nonnull((const void *)(p), #p)
#define IN(p) infinirt_check_nonnull((const void *)(p), #p)
#define FLAGS(f, mask) infinirt_check_flags(f, INFINIRT_##mask, #f)
#define EVENT_FLAGS(f) infinirt_check_event_flags(f)
#define DEVICE_FLAGS(f) infinirt_check_device_flags(f)
#define DEVICE(d) infinirt_check_device(d)
#define ATTR(a) infinirt_check_device_attr(a)
#define COPY(d, s, n, k) infinirt_check_copy(d, s, n, k, &skip)
#define COPY_2D(...) infinirt_check_copy_2d(__VA_ARGS__, &skip)
#define SET(p, n) infinirt_check_set(p, n, &skip)
#define COPY_3D(p) infinirt_check_copy_3d(p, &skip)
#define COPY_3D_PEER(p) infinirt_check_copy_3d_peer(p, &skip)
#define SET_2D(p, pitch, w, h) infinirt_check_set_2d(p, pitch, w, h, &skip)
#define SET_3D(p, e) infinirt_check_set_3d(p, e, &skip)
#define HOST_REGISTER(p, n, f) infinirt_check_host_register(p, n, f)
#define LIB_OPTIONS(...) infinirt_check_library_options(__VA_ARGS__)
#define LAUNCH_DIMS(g, b) infinirt_check_launch_dims(g, b)
#define MANAGED_ALLOC(n, f) infinirt_check_managed_alloc(n, f)
#define ATTACH(s, p, f) infinirt_check_attach(s, p, f)
#define MEM_ADVISE(p, n, a, l) infinirt_check_mem_advise(p, n, a, l)
#define PREFETCH(p, n, l, f) infinirt_check_prefetch(p, n, l, f)
#define PEER(d) infinirt_check_peer(d)
#define P2P_ATTR(a, s, d) infinirt_check_p2p_attr(a, s, d)
#define INIT_DEVICE(df, f) infinirt_check_init_device(df, f)
#define LIMIT(l) infinirt_check_limit(l)
#define CACHE_CONFIG(c) infinirt_check_cache_config(c)
#define SHARED_MEM_CONFIG(c)                                                   \
  infinirt_check_enum((int)(c), infinirtSharedMemBankSizeEightByte,            \
                      "infinirtSharedMemConfig")
#define RDMA_FLUSH(t, s) infinirt_check_rdma_flush(t, s)
#define POSITIVE(n) infinirt_check_positive(n, #n)
#define COPY_BATCH(...) infinirt_check_copy_batch(__VA_ARGS__)
#define POOL_PROPS(p) infinirt_check_pool_props(p)
#define POOL_ATTR(a) infinirt_check_pool_attr(a)
#define POOL_ATTR_SET(a, v) infinirt_check_pool_attr_set(a, v)
#define ACCESS_DESCS(d, n) infinirt_check_access_descs(d, n)
#define ACCESS_LOCATION(l) infinirt_check_access_location(l)
#define POOL_LOCATION(l, t) infinirt_check_pool_location(l, t)

/* stream capture and graphs (route_graph.c, contract_graph.c) */
#define GRAPH(g) infinirt_route_handle(g, INFINIRT_HANDLE_GRAPH, &err)
#define GRAPH_DESTROY(g) infinirt_route_destroy(g, INFINIRT_HANDLE_GRAPH, &err)
#define GRAPH_DEPS(g, d, n) infinirt_route_graph_deps(g, d, n, &err)
#define GRAPH_EDGES(g, f, t, n) infinirt_route_graph_edges(g, f, t, n, &err)
#define GRAPH_EVENT(g, d, n, e)                                                \
  infinirt_route_same(GRAPH_DEPS(g, d, n), e, INFINIRT_HANDLE_EVENT, &err)
#define GRAPH_CHILD(g, d, n, c) infinirt_route_graph_child(g, d, n, c, &err)
#define GRAPH_KERNEL(g, d, n, p)                                               \
  infinirt_route_kernel_params(GRAPH_DEPS(g, d, n), p, &err)
#define GRAPH_NODE_PARAMS(g, d, n, p)                                          \
  infinirt_route_params(GRAPH_DEPS(g, d, n), p, &err)
#define GRAPH_UPLOAD(g, p) infinirt_route_graph_upload(g, p, &err)
#define NODE(n) infinirt_route_node(n, &err)
#define NODE_DESTROY(n) infinirt_route_node_destroy(n, &err)
#define NODE_EVENT(n, e)                                                       \
  infinirt_route_same(NODE(n), e, INFINIRT_HANDLE_EVENT, &err)
#define NODE_KERNEL(n, p) infinirt_route_kernel_params(NODE(n), p, &err)
#define NODE_PARAMS(n, p) infinirt_route_params(NODE(n), p, &err)
#define NODE_IN_GRAPH(n, g)                                                    \
  infinirt_route_same(NODE(n), g, INFINIRT_HANDLE_GRAPH, &err)
#define EXEC(x) infinirt_route_handle(x, INFINIRT_HANDLE_GRAPH_EXEC, &err)
#define EXEC_DESTROY(x)                                                        \
  infinirt_route_destroy(x, INFINIRT_HANDLE_GRAPH_EXEC, &err)
#define EXEC_ON_STREAM(x, s) infinirt_route_exec_on_stream(x, &s, &err)
#define EXEC_NODE(x, n) infinirt_route_exec_node(x, n, &err)
#define EXEC_NODE_EVENT(x, n, e)                                               \
  infinirt_route_same(EXEC_NODE(x, n), e, INFINIRT_HANDLE_EVENT, &err)
#define EXEC_NODE_KERNEL(x, n, p)                                              \
  infinirt_route_kernel_params(EXEC_NODE(x, n), p, &err)
#define EXEC_NODE_CHILD(x, n, g)                                               \
  infinirt_route_same(EXEC_NODE(x, n), g, INFINIRT_HANDLE_GRAPH, &err)
#define EXEC_NODE_PARAMS(x, n, p)                                              \
  infinirt_route_params(EXEC_NODE(x, n), p, &err)
#define EXEC_GRAPH(x, g)                                                       \
  infinirt_route_same(EXEC(x), g, INFINIRT_HANDLE_GRAPH, &err)
#define STREAM_NODES(s, d, n) infinirt_route_stream_nodes(&s, d, n, &err)
#define STREAM_GRAPH(s, g, d, n)                                               \
  infinirt_route_same(STREAM_NODES(s, d, n), g, INFINIRT_HANDLE_GRAPH, &err)
#define CAPTURE_MODE(m) infinirt_check_capture_mode((int)(m))
#define EDGE_DATA(e, n) infinirt_check_edge_data(e, n)
#define EDGE_ARRAYS(f, t, e) infinirt_check_edge_arrays(f, t, e)
#define KERNEL_NODE(p) infinirt_check_kernel_node(p)
#define MEMSET_NODE(p) infinirt_check_memset_node(p)
#define HOST_NODE(p) infinirt_check_host_node(p)
#define ALLOC_NODE(p) infinirt_check_alloc_node(p)
#define COPY_NODE(d, s, n, k) infinirt_check_copy_node(d, s, n, k)
#define COPY_3D_NODE(p) infinirt_check_copy_3d_node(p)
#define GENERIC_PARAMS(p) infinirt_check_node_params(p)
#define INSTANTIATE_FLAGS(f)                                                   \
  infinirt_check_instantiate_flags(f, INFINIRT_INSTANTIATE_FLAGS)
#define INSTANTIATE_PARAMS(p) infinirt_check_instantiate_params(p)
#define GRAPH_MEM_ATTR(a) infinirt_check_graph_mem_attr((int)(a))
#define GRAPH_MEM_ATTR_SET(a, v) infinirt_check_graph_mem_attr_set((int)(a), v)

#define RUN_CHECK(check)                                                       \
  if (__builtin_expect((err = (check)) != infinirtSuccess, 0))                 \
    goto done;
#define RUN_CHECKS(...) INFINIRT_PP_EACH(RUN_CHECK, __VA_ARGS__)
#define TRACE_ARG(a) INFINIRT_TRACE_ARG(&line, #a, a);
#define TRACE_ARGS(...) INFINIRT_PP_EACH(TRACE_ARG, __VA_ARGS__)

/* The parts every wrapper shares: |body| sets err (or jumps to done). */
#define WRAPPER(name, params, args, checks, body)                              \
  infinirtError_t infinirt##name params {                                      \
    /* Read once: the profiler calls may switch it meanwhile. */               \
    const bool traced = infinirt_trace_on();                                   \
    uint64_t t0 = 0;                                                           \
    if (__builtin_expect(traced, 0))                                           \
      t0 = infinirt_trace_clock();                                             \
    infinirtError_t err = infinirtSuccess;                                     \
    bool skip = false;                                                         \
    RUN_CHECKS checks;                                                         \
    if (skip)                                                                  \
      goto done;                                                               \
    body;                                                                      \
  done:                                                                        \
    err = infinirt_finish(err, "infinirt" #name);                              \
    if (__builtin_expect(traced, 0)) {                                         \
      infinirt_trace_line line;                                                \
      infinirt_trace_open(&line, "infinirt" #name);                            \
      TRACE_ARGS args;                                                         \
      infinirt_trace_close(&line, err, t0);                                    \
    }                                                                          \
    return err;                                                                \
  }

#define X(name, params, args, route, checks)                                   \
  WRAPPER(name, params, args, checks, const infinirt_backend *b = route;       \
          if (__builtin_expect(b == NULL, 0)) goto done;                       \
          err = __builtin_expect(b->name != NULL, 1) ? b->name args            \
                                                     : not_implemented(b))
#define CORE(name, params, args, checks)                                       \
  WRAPPER(name, params, args, checks, err = infinirt_core_##name args)
#include "api.def"
#undef X
#undef CORE

/* Compile-time check: each generated function has the type of the
 * hand-written prototype in infinirt.h (a mismatch is a conflicting-types
 * error above, and this keeps the table and header from drifting apart in
 * the other direction: every table entry must be declared). */
#define SIGNATURE_MATCHES(name, params)                                        \
  _Static_assert(__builtin_types_compatible_p(__typeof__(&infinirt##name),     \
                                              infinirtError_t(*) params),      \
                 "signature of infinirt" #name " differs from api.def");
#define X(name, params, ...) SIGNATURE_MATCHES(name, params)
#define CORE(name, params, ...) SIGNATURE_MATCHES(name, params)
#include "api.def"
#undef X
#undef CORE
