/* contract.h - CUDA's documented argument rules, checked once by the
 * generated wrappers (api.c) before a call is routed to a backend, so that
 * every backend answers a bad call the same way and receives only valid
 * arguments. api.def names, per function, which of these checks run.
 *
 * Each check returns Success or writes the error detail and returns the
 * error. The copy and set checks also set |*skip| when the call has nothing
 * to do (a zero count): the wrapper then returns Success without routing,
 * so such a call needs no device, no context and waits for nothing.
 * Inline: they sit on the hot path of every call. */
#ifndef INFINIRT_CORE_CONTRACT_H_
#define INFINIRT_CORE_CONTRACT_H_

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

/* The flag bits each creating call accepts. */
#define INFINIRT_STREAM_FLAGS ((unsigned)infinirtStreamNonBlocking)
#define INFINIRT_EVENT_FLAGS                                                   \
  ((unsigned)(infinirtEventBlockingSync | infinirtEventDisableTiming |         \
              infinirtEventInterprocess))
#define INFINIRT_WAIT_FLAGS ((unsigned)infinirtEventWaitExternal)
#define INFINIRT_RECORD_FLAGS ((unsigned)infinirtEventRecordExternal)
#define INFINIRT_IPC_MEM_FLAGS ((unsigned)infinirtIpcMemLazyEnablePeerAccess)
#define INFINIRT_NO_FLAGS 0u
#define INFINIRT_HOST_ALLOC_FLAGS                                              \
  ((unsigned)(infinirtHostAllocPortable | infinirtHostAllocMapped |            \
              infinirtHostAllocWriteCombined))
#define INFINIRT_HOST_REGISTER_FLAGS                                           \
  ((unsigned)(infinirtHostRegisterPortable | infinirtHostRegisterMapped |      \
              infinirtHostRegisterIoMemory | infinirtHostRegisterReadOnly))

/* Not from inside a host function (see infinirt_host_fn_enter). */
static inline infinirtError_t infinirt_check_not_in_host_fn(void) {
  if (__builtin_expect(!infinirt_tls_in_host_fn, 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorNotPermitted,
                         "called from a host function, which must not wait "
                         "for or enqueue stream work");
}

/* True if the |n| bytes at |p| run past the end of the address space. */
static inline bool infinirt_range_wraps(const void *p, size_t n) {
  return n != 0 && (uintptr_t)p > UINTPTR_MAX - (n - 1);
}

/* A pointer the call writes through or reads from must not be NULL. */
static inline infinirtError_t infinirt_check_nonnull(const void *p,
                                                     const char *name) {
  if (__builtin_expect(p != NULL, 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue, "%s is NULL", name);
}

/* |flags| has no bit outside |known|. */
static inline infinirtError_t
infinirt_check_flags(unsigned flags, unsigned known, const char *name) {
  if (__builtin_expect((flags & ~known) == 0, 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%s 0x%x has unknown bits 0x%x", name, flags,
                         flags & ~known);
}

/* SetDeviceFlags: known bits and at most one schedule policy. */
static inline infinirtError_t infinirt_check_device_flags(unsigned flags) {
  infinirtError_t err = infinirt_check_flags(
      flags,
      (unsigned)(infinirtDeviceScheduleMask | infinirtDeviceMapHost |
                 infinirtDeviceLmemResizeToMax | infinirtDeviceSyncMemops),
      "flags");
  unsigned sched = flags & infinirtDeviceScheduleMask;
  if (err == infinirtSuccess && (sched & (sched - 1)) != 0)
    err =
        infinirt_detail(infinirtErrorInvalidValue,
                        "flags 0x%x name more than one schedule policy", flags);
  return err;
}

/* Known bits; an interprocess event must be an untimed one, as CUDA
 * documents (a timestamp means nothing to another process). */
static inline infinirtError_t infinirt_check_event_flags(unsigned flags) {
  infinirtError_t err =
      infinirt_check_flags(flags, INFINIRT_EVENT_FLAGS, "flags");
  if (err == infinirtSuccess && (flags & infinirtEventInterprocess) &&
      !(flags & infinirtEventDisableTiming))
    err = infinirt_detail(infinirtErrorInvalidValue,
                          "flags 0x%x: infinirtEventInterprocess needs "
                          "infinirtEventDisableTiming",
                          flags);
  return err;
}

/* |device| is an ordinal of the calling thread's current device type. */
infinirtError_t infinirt_check_device(int device);

/* |attr| is an infinirtDeviceAttr enumerator (device_attr.c). */
infinirtError_t infinirt_check_device_attr(enum infinirtDeviceAttr attr);

static inline infinirtError_t
infinirt_check_memcpy_kind(enum infinirtMemcpyKind kind) {
  if (__builtin_expect((unsigned)kind > (unsigned)infinirtMemcpyDefault, 0))
    return infinirt_detail(infinirtErrorInvalidMemcpyDirection,
                           "%d is not an infinirtMemcpyKind", (int)kind);
  return infinirtSuccess;
}

/* Memcpy, MemcpyAsync. */
static inline infinirtError_t infinirt_check_copy(void *dst, const void *src,
                                                  size_t count,
                                                  enum infinirtMemcpyKind kind,
                                                  bool *skip) {
  infinirtError_t err = infinirt_check_memcpy_kind(kind);
  if (err != infinirtSuccess)
    return err;
  if (count == 0) {
    *skip = true;
    return infinirtSuccess;
  }
  if (__builtin_expect(!dst || !src, 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%s is NULL with count %zu", dst ? "src" : "dst",
                           count);
  if (__builtin_expect(infinirt_range_wraps(dst, count) ||
                           infinirt_range_wraps(src, count),
                       0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu-byte range at %s %p wraps the address space",
                           count,
                           infinirt_range_wraps(dst, count) ? "dst" : "src",
                           infinirt_range_wraps(dst, count) ? dst : src);
  return infinirtSuccess;
}

/* Bytes spanned by |height| rows of |width| bytes |pitch| apart; false if
 * that overflows. */
static inline bool infinirt_pitched_extent(size_t pitch, size_t width,
                                           size_t height, size_t *out) {
  size_t rows;
  if (__builtin_mul_overflow(pitch, height - 1, &rows))
    return false;
  return !__builtin_add_overflow(rows, width, out);
}

/* Memcpy2D, Memcpy2DAsync. A width beyond a pitch is refused even when
 * there are no rows: the arguments are inconsistent either way. */
static inline infinirtError_t
infinirt_check_copy_2d(void *dst, size_t dpitch, const void *src, size_t spitch,
                       size_t width, size_t height,
                       enum infinirtMemcpyKind kind, bool *skip) {
  infinirtError_t err = infinirt_check_memcpy_kind(kind);
  if (err != infinirtSuccess)
    return err;
  if (width > dpitch || width > spitch)
    return infinirt_detail(
        infinirtErrorInvalidPitchValue, "width %zu exceeds %s %zu", width,
        width > dpitch ? "dpitch" : "spitch", width > dpitch ? dpitch : spitch);
  if (width == 0 || height == 0) {
    *skip = true;
    return infinirtSuccess;
  }
  if (!dst || !src)
    return infinirt_detail(infinirtErrorInvalidValue, "%s is NULL",
                           dst ? "src" : "dst");
  size_t dext, sext;
  if (!infinirt_pitched_extent(dpitch, width, height, &dext) ||
      !infinirt_pitched_extent(spitch, width, height, &sext) ||
      infinirt_range_wraps(dst, dext) || infinirt_range_wraps(src, sext))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu x %zu copy with pitches %zu/%zu overflows",
                           width, height, dpitch, spitch);
  return infinirtSuccess;
}

/* Memset, MemsetAsync. */
static inline infinirtError_t infinirt_check_set(void *dst, size_t count,
                                                 bool *skip) {
  if (count == 0) {
    *skip = true;
    return infinirtSuccess;
  }
  if (__builtin_expect(!dst, 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "devPtr is NULL with count %zu", count);
  if (__builtin_expect(infinirt_range_wraps(dst, count), 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu-byte range at %p wraps the address space",
                           count, dst);
  return infinirtSuccess;
}

/* Memcpy3D, Memcpy3DAsync: |p| not NULL, a known kind, then the rules of
 * infinirt_check_copy_3d_parts. */
infinirtError_t infinirt_check_copy_3d(const struct infinirtMemcpy3DParms *p,
                                       bool *skip);
/* Memcpy3DPeer, Memcpy3DPeerAsync: |p| not NULL, then the rules of
 * infinirt_check_copy_3d_parts (the device ordinals are DEVICE checks). */
infinirtError_t
infinirt_check_copy_3d_peer(const struct infinirtMemcpy3DPeerParms *p,
                            bool *skip);
/* The two sides of a 3D copy. No array members (InvalidValue: no call of
 * this runtime makes an array); the width within both pitches, even with
 * nothing to copy (InvalidPitchValue, as COPY_2D); an empty extent skips.
 * Then: no NULL pointer; pos.x + width within the pitch (InvalidPitchValue);
 * pos.y + height within ysize wherever slices are used (depth > 1 or pos.z
 * > 0); no overflow or wrap of the region (InvalidValue). */
infinirtError_t infinirt_check_copy_3d_parts(
    infinirtArray_t srcArray, struct infinirtPos srcPos,
    struct infinirtPitchedPtr srcPtr, infinirtArray_t dstArray,
    struct infinirtPos dstPos, struct infinirtPitchedPtr dstPtr,
    struct infinirtExtent extent, bool *skip);

/* Memset2D, Memset2DAsync: width within the pitch when there is more than
 * one row; an empty region skips; then no NULL pointer and no overflow or
 * wrap (all InvalidValue). */
infinirtError_t infinirt_check_set_2d(void *p, size_t pitch, size_t width,
                                      size_t height, bool *skip);
/* Memset3D, Memset3DAsync: as infinirt_check_set_2d, the pitch used when
 * height or depth exceeds 1, and height within ysize when depth > 1. */
infinirtError_t infinirt_check_set_3d(struct infinirtPitchedPtr p,
                                      struct infinirtExtent e, bool *skip);

/* HostRegister: a real, non-wrapping range with known flags. I/O memory is
 * the backend's to refuse (NotSupported). */
static inline infinirtError_t
infinirt_check_host_register(void *ptr, size_t size, unsigned flags) {
  if (!ptr || size == 0)
    return infinirt_detail(infinirtErrorInvalidValue, "%s",
                           ptr ? "size is 0" : "ptr is NULL");
  infinirtError_t err =
      infinirt_check_flags(flags, INFINIRT_HOST_REGISTER_FLAGS, "flags");
  /* The end address must exist too: registries order ranges by it. */
  if (err == infinirtSuccess && (uintptr_t)ptr > UINTPTR_MAX - size)
    err = infinirt_detail(infinirtErrorInvalidValue,
                          "a %zu-byte range at %p wraps the address space",
                          size, ptr);
  return err;
}

/* LibraryLoadData, LibraryLoadFromFile: a non-empty option list needs both
 * arrays; library options must be known, and BinaryIsPreserved applies
 * only to an image in memory. JIT options are hints a backend may ignore. */
infinirtError_t infinirt_check_library_options(enum infinirtJitOption *jit,
                                               void **jit_values, unsigned njit,
                                               enum infinirtLibraryOption *opts,
                                               void **values, unsigned nopts,
                                               bool from_file);

/* LaunchKernel: a grid and a block of at least one thread in each
 * dimension. The upper limits are each device's, checked by its backend. */
static inline infinirtError_t infinirt_check_launch_dims(infinirtDim3 grid,
                                                         infinirtDim3 block) {
  if (__builtin_expect(
          grid.x && grid.y && grid.z && block.x && block.y && block.z, 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidConfiguration,
                         "grid (%u,%u,%u) block (%u,%u,%u) has an empty "
                         "dimension",
                         grid.x, grid.y, grid.z, block.x, block.y, block.z);
}

/* Managed memory, peer access, device settings and batched copies
 * (contract_device.c). */
infinirtError_t infinirt_check_managed_alloc(size_t size, unsigned flags);
infinirtError_t infinirt_check_attach(infinirtStream_t stream, void *ptr,
                                      unsigned flags);
infinirtError_t infinirt_check_mem_advise(const void *p, size_t n,
                                          enum infinirtMemoryAdvise advice,
                                          struct infinirtMemLocation loc);
infinirtError_t infinirt_check_prefetch(const void *p, size_t n,
                                        struct infinirtMemLocation loc,
                                        unsigned flags);
/* A device of the current type other than the current one. */
infinirtError_t infinirt_check_peer(int peer);
infinirtError_t infinirt_check_p2p_attr(enum infinirtDeviceP2PAttr attr,
                                        int src, int dst);
infinirtError_t infinirt_check_init_device(unsigned device_flags,
                                           unsigned flags);
infinirtError_t infinirt_check_limit(enum infinirtLimit limit);
infinirtError_t infinirt_check_cache_config(enum infinirtFuncCache c);
infinirtError_t
infinirt_check_rdma_flush(enum infinirtFlushGPUDirectRDMAWritesTarget target,
                          enum infinirtFlushGPUDirectRDMAWritesScope scope);
infinirtError_t infinirt_check_positive(int n, const char *name);
/* |v| is an enumerator of |what|, whose values are 0..|last|. */
infinirtError_t infinirt_check_enum(int v, int last, const char *what);
infinirtError_t infinirt_check_copy_batch(
    void *const *dsts, const void *const *srcs, const size_t *sizes,
    size_t count, const struct infinirtMemcpyAttributes *attrs,
    const size_t *idxs, size_t nattrs, infinirtStream_t stream);
/* ---- kernel attributes, occupancy, launch forms, symbols ---------------- */

#define INFINIRT_OCCUPANCY_FLAGS                                               \
  ((unsigned)(infinirtOccupancyDefault |                                       \
              infinirtOccupancyDisableCachingOverride))

/* Two outputs of which one may be NULL, not both. */
static inline infinirtError_t
infinirt_check_one_of(const void *p, const void *q, const char *names) {
  if (__builtin_expect(p || q, 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue, "%s are both NULL", names);
}

/* An array of |n| elements. */
static inline infinirtError_t infinirt_check_array(const void *p, size_t n,
                                                   const char *name) {
  if (__builtin_expect(p || n == 0, 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue, "%s is NULL for %zu items",
                         name, n);
}

/* FuncSetAttribute, KernelSetAttributeForDevice: an attribute that can be
 * set, and a value its kind allows on any device (the upper limit of the
 * dynamic shared memory is the device's, checked by its backend). */
infinirtError_t infinirt_check_func_attr(enum infinirtFuncAttribute attr,
                                         int value);

/* StreamGetAttribute, StreamSetAttribute: one of the launch attributes
 * that apply to a stream (CUDA refuses the launch-only ones there). */
static inline infinirtError_t
infinirt_check_stream_attr(infinirtLaunchAttributeID attr) {
  switch (attr) {
  case infinirtLaunchAttributeAccessPolicyWindow:
  case infinirtLaunchAttributeSynchronizationPolicy:
  case infinirtLaunchAttributePriority:
  case infinirtLaunchAttributeMemSyncDomainMap:
  case infinirtLaunchAttributeMemSyncDomain:
    return infinirtSuccess;
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "attribute %d is not a stream attribute", (int)attr);
  }
}

/* StreamSetAttribute: the ranges CUDA documents for |*v| (hitRatio in
 * [0, 1], access properties, policies and domains that exist); the window's
 * size against the device's limit is the backend's. |v| is not NULL. */
infinirtError_t
infinirt_check_stream_attr_value(infinirtLaunchAttributeID attr,
                                 const infinirtLaunchAttributeValue *v);

/* LaunchKernelExC: a configuration, its dimensions, and an attribute array
 * of known ids. */
infinirtError_t infinirt_check_launch_config(const infinirtLaunchConfig_t *c);

/* MemcpyToSymbol (|to|) and MemcpyFromSymbol and their Async forms: the
 * kinds CUDA allows for the direction, and the other pointer |p|. */
static inline infinirtError_t
infinirt_check_symbol_copy(const void *p, size_t count,
                           enum infinirtMemcpyKind kind, bool to) {
  infinirtError_t err = infinirt_check_memcpy_kind(kind);
  if (err != infinirtSuccess)
    return err;
  if (kind != infinirtMemcpyDeviceToDevice && kind != infinirtMemcpyDefault &&
      kind != (to ? infinirtMemcpyHostToDevice : infinirtMemcpyDeviceToHost))
    return infinirt_detail(infinirtErrorInvalidMemcpyDirection,
                           "kind %d cannot copy %s a symbol", (int)kind,
                           to ? "to" : "from");
  if (count == 0)
    return infinirtSuccess;
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%s is NULL with count %zu", to ? "src" : "dst",
                           count);
  if (infinirt_range_wraps(p, count))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu-byte range at %p wraps the address space",
                           count, p);
  return infinirtSuccess;
}

/* MemPoolCreate: CUDA's rules for the pool properties (contract.c). What a
 * backend cannot give (host pools, shareable handles) is its own to refuse
 * with NotSupported. */
infinirtError_t
infinirt_check_pool_props(const struct infinirtMemPoolProps *props);

/* |attr| is an infinirtMemPoolAttr enumerator. */
static inline infinirtError_t
infinirt_check_pool_attr(enum infinirtMemPoolAttr attr) {
  if (__builtin_expect(
          (unsigned)attr >=
                  (unsigned)infinirtMemPoolReuseFollowEventDependencies &&
              (unsigned)attr <= (unsigned)infinirtMemPoolAttrUsedMemHigh,
          1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtMemPoolAttr", (int)attr);
}

/* MemPoolSetAttribute: a settable attribute; a high mark only to 0 (the
 * reset). |value| is not NULL (IN ran first). */
infinirtError_t infinirt_check_pool_attr_set(enum infinirtMemPoolAttr attr,
                                             const void *value);

/* MemPoolSetAccess: |n| descriptors, each naming a device of the current
 * type with known flags. */
infinirtError_t
infinirt_check_access_descs(const struct infinirtMemAccessDesc *d, size_t n);

/* MemPoolGetAccess: |loc| (not NULL) names a device of the current type. */
infinirtError_t
infinirt_check_access_location(const struct infinirtMemLocation *loc);

/* MemGetDefaultMemPool, MemGetMemPool, MemSetMemPool: |type| is Pinned or
 * Managed; |loc| (not NULL) is a device of the current type, the host or a
 * host NUMA node, or (Managed only) None. */
infinirtError_t
infinirt_check_pool_location(const struct infinirtMemLocation *loc,
                             enum infinirtMemAllocationType type);

#endif /* INFINIRT_CORE_CONTRACT_H_ */
