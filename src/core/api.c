/* api.c - the exported mirrored functions that a backend implements,
 * generated from api.def: route to a backend, validate handles, call the
 * backend's entry (NotSupported if it has none), record the error. */
#include <stdint.h>

#include "backends.h"
#include "per_thread_stream.h"
#include "thread_state.h"
#include "trace.h"

/* The backend of the calling thread's current type, or NULL with |*err| set
 * (a type without devices answers NoDevice). */
static const infinirt_backend *current_backend(infinirtError_t *err) {
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

static const char *handle_kind_name(infinirt_handle_kind kind) {
  switch (kind) {
  case INFINIRT_HANDLE_STREAM:
    return "stream";
  case INFINIRT_HANDLE_EVENT:
    return "event";
  case INFINIRT_HANDLE_LIBRARY:
    return "library";
  case INFINIRT_HANDLE_KERNEL:
    return "kernel";
  }
  return "handle";
}

static const infinirt_backend *
handle_backend(const void *p, infinirt_handle_kind kind, infinirtError_t *err) {
  infinirt_handle *h = infinirt_handle_lookup(p, kind);
  if (__builtin_expect(h != NULL, 1))
    return h->backend;
  *err =
      infinirt_detail(infinirtErrorInvalidResourceHandle,
                      "%s %p is not a live handle", handle_kind_name(kind), p);
  return NULL;
}

/* A stream argument: Legacy becomes NULL, NULL means the current type. */
static const infinirt_backend *stream_backend(infinirtStream_t *s,
                                              infinirtError_t *err) {
  if (*s == infinirtStreamLegacy)
    *s = NULL;
  if (*s == NULL)
    return current_backend(err);
  if (__builtin_expect(*s == infinirtStreamPerThread, 0)) {
    const infinirt_backend *b = current_backend(err);
    if (b && !(*s = infinirt_per_thread_stream(b, err)))
      return NULL;
    return b;
  }
  return handle_backend(*s, INFINIRT_HANDLE_STREAM, err);
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

static const infinirt_backend *pointer_backend(const void *p,
                                               infinirtError_t *err) {
  const infinirt_backend *b = owner_of(p, NULL, false);
  return b ? b : current_backend(err);
}

/* A synchronous copy or set goes to the accelerator that owns one of its
 * pointers (so a thread whose current type is the CPU can copy from GPU
 * memory, as unified addressing allows in CUDA), else to the current type.
 * Only accelerators other than the current type are asked, so a thread
 * working on its own accelerator pays no pointer query. */
static const infinirt_backend *data_backend(const void *dst, const void *src,
                                            infinirtError_t *err) {
  const infinirt_backend *cur = current_backend(err);
  if (!cur)
    return NULL;
  const infinirt_backend *b = owner_of(dst, cur, true);
  if (!b && src != dst)
    b = owner_of(src, cur, true);
  return b ? b : cur;
}

/* An asynchronous copy or set runs in its stream's order, on the stream's
 * backend, which cannot reach another accelerator's memory: refused. */
static infinirtError_t check_reachable(const infinirt_backend *sb,
                                       const void *dst, const void *src) {
  const void *ptrs[2] = {dst, src};
  for (int i = 0; i < (src != dst ? 2 : 1); i++) {
    const infinirt_backend *o = owner_of(ptrs[i], sb, true);
    if (o)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "%s %p is memory of device type %s; the stream "
                             "belongs to device type %s",
                             i ? "src" : "dst", ptrs[i], o->name, sb->name);
  }
  return infinirtSuccess;
}

/* Route macros: each sets |b| or jumps to the end with |err| set. */
#define CURRENT                                                                \
  if (!(b = current_backend(&err)))                                            \
    goto done;
#define STREAM(s)                                                              \
  if (!(b = stream_backend(&s, &err)))                                         \
    goto done;
#define STREAM_DESTROY(s)                                                      \
  if (s == NULL || s == infinirtStreamLegacy ||                                \
      s == infinirtStreamPerThread) {                                          \
    err = infinirt_detail(infinirtErrorInvalidResourceHandle,                  \
                          "a default stream cannot be destroyed");             \
    goto done;                                                                 \
  }                                                                            \
  if (!(b = handle_backend(s, INFINIRT_HANDLE_STREAM, &err)))                  \
    goto done;                                                                 \
  if (!infinirt_handle_unregister((infinirt_handle *)s)) {                     \
    err = infinirt_detail(infinirtErrorInvalidResourceHandle,                  \
                          "stream %p was destroyed concurrently", (void *)s);  \
    goto done;                                                                 \
  }
#define EVENT(e)                                                               \
  if (!(b = handle_backend(e, INFINIRT_HANDLE_EVENT, &err)))                   \
    goto done;
#define EVENT_DESTROY(e)                                                       \
  EVENT(e)                                                                     \
  if (!infinirt_handle_unregister((infinirt_handle *)e)) {                     \
    err = infinirt_detail(infinirtErrorInvalidResourceHandle,                  \
                          "event %p was destroyed concurrently", (void *)e);   \
    goto done;                                                                 \
  }
#define LIBRARY(l)                                                             \
  if (!(b = handle_backend(l, INFINIRT_HANDLE_LIBRARY, &err)))                 \
    goto done;
#define LIBRARY_DESTROY(l)                                                     \
  LIBRARY(l)                                                                   \
  if (!infinirt_handle_unregister((infinirt_handle *)l)) {                     \
    err = infinirt_detail(infinirtErrorInvalidResourceHandle,                  \
                          "library %p was unloaded concurrently", (void *)l);  \
    goto done;                                                                 \
  }
/* A handle of |kind| used with a stream: both must belong to one backend,
 * else |mismatch| (InvalidResourceHandle where CUDA would see a foreign
 * context; NotSupported for a cross-type wait, which could be added later). */
#define HANDLE_ON_STREAM(h, kind, s, mismatch)                                 \
  if (!(b = handle_backend(h, kind, &err)))                                    \
    goto done;                                                                 \
  {                                                                            \
    const infinirt_backend *sb = stream_backend(&s, &err);                     \
    if (!sb)                                                                   \
      goto done;                                                               \
    if (sb != b) {                                                             \
      err = infinirt_detail(mismatch,                                          \
                            "%s %p belongs to device type %s, stream %p "      \
                            "to %s",                                           \
                            handle_kind_name(kind), (const void *)h, b->name,  \
                            (void *)s, sb->name);                              \
      goto done;                                                               \
    }                                                                          \
  }
#define EVENT_ON_STREAM(e, s)                                                  \
  HANDLE_ON_STREAM(e, INFINIRT_HANDLE_EVENT, s,                                \
                   infinirtErrorInvalidResourceHandle)
#define STREAM_WAITS_EVENT(s, e)                                               \
  HANDLE_ON_STREAM(e, INFINIRT_HANDLE_EVENT, s, infinirtErrorNotSupported)
#define KERNEL_ON_STREAM(k, s)                                                 \
  HANDLE_ON_STREAM(k, INFINIRT_HANDLE_KERNEL, s,                               \
                   infinirtErrorInvalidResourceHandle)
#define EVENT_PAIR(e1, e2)                                                     \
  EVENT(e1) {                                                                  \
    const infinirt_backend *b2 =                                               \
        handle_backend(e2, INFINIRT_HANDLE_EVENT, &err);                       \
    if (!b2)                                                                   \
      goto done;                                                               \
    if (b2 != b) {                                                             \
      err = infinirt_detail(infinirtErrorInvalidResourceHandle,                \
                            "events %p and %p belong to different device "     \
                            "types",                                           \
                            (void *)e1, (void *)e2);                           \
      goto done;                                                               \
    }                                                                          \
  }
#define POINTER(p)                                                             \
  if (!(b = pointer_backend(p, &err)))                                         \
    goto done;
#define DATA(dst, src)                                                         \
  if (!(b = data_backend(dst, src, &err)))                                     \
    goto done;
#define STREAM_DATA(s, dst, src)                                               \
  STREAM(s)                                                                    \
  if ((err = check_reachable(b, dst, src)) != infinirtSuccess)                 \
    goto done;

#define X(name, params, args, route)                                           \
  infinirtError_t infinirt##name params {                                      \
    infinirtError_t err = infinirtSuccess;                                     \
    const infinirt_backend *b;                                                 \
    uint64_t t0 = 0;                                                           \
    if (__builtin_expect(infinirt_trace_enabled, 0))                           \
      t0 = infinirt_trace_begin();                                             \
    route if (__builtin_expect(b->name != NULL, 1)) err = b->name args;        \
    else err = infinirt_detail(infinirtErrorNotSupported,                      \
                               "the %s backend does not implement it",         \
                               infinirtExtGetDeviceTypeName(b->type));         \
  done:                                                                        \
    if (__builtin_expect(infinirt_trace_enabled, 0))                           \
      infinirt_trace_end("infinirt" #name, err, t0);                           \
    return infinirt_finish(err, "infinirt" #name);                             \
  }
#include "api.def"
#undef X

/* Compile-time check: each generated function has the type of the
 * hand-written prototype in infinirt.h (a mismatch is a conflicting-types
 * error above, and this keeps the table and header from drifting apart in
 * the other direction: every table entry must be declared). */
#define X(name, params, args, route)                                           \
  _Static_assert(__builtin_types_compatible_p(__typeof__(&infinirt##name),     \
                                              infinirtError_t(*) params),      \
                 "signature of infinirt" #name " differs from api.def");
#include "api.def"
#undef X
