/* contract.c - the checks of contract.h that are not on a hot path. */
#include "contract.h"

#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "thread_state.h"

infinirtError_t infinirt_check_device(int device) {
  int t = infinirt_thread_type();
  const char *reason = NULL;
  int count = infinirt_backend_device_count((infinirtDeviceType)t, &reason);
  if (__builtin_expect(device >= 0 && device < count, 1))
    return infinirtSuccess;
  if (count == 0) /* as routing answers a type without devices */
    return infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                           infinirtExtGetDeviceTypeName((infinirtDeviceType)t),
                           reason);
  return infinirt_detail(
      infinirtErrorInvalidDevice,
      "device %d of type %s does not exist (%d present)", device,
      infinirtExtGetDeviceTypeName((infinirtDeviceType)t), count);
}

infinirtError_t infinirt_check_library_options(enum infinirtJitOption *jit,
                                               void **jit_values, unsigned njit,
                                               enum infinirtLibraryOption *opts,
                                               void **values, unsigned nopts,
                                               bool from_file) {
  if (njit && (!jit || !jit_values))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%u JIT options with a NULL array", njit);
  if (nopts && (!opts || !values))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%u library options with a NULL array", nopts);
  for (unsigned i = 0; i < nopts; i++) {
    if (opts[i] == infinirtLibraryBinaryIsPreserved && from_file)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "BinaryIsPreserved applies to an image in "
                             "memory, not to a file");
    if (opts[i] != infinirtLibraryBinaryIsPreserved &&
        opts[i] != infinirtLibraryHostUniversalFunctionAndDataTable)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "%d is not an infinirtLibraryOption",
                             (int)opts[i]);
  }
  return infinirtSuccess;
}

/* Offset of byte (x, y, z) of a pitched layout and the bytes |e| spans from
 * there; false if either overflows. Slices (ysize rows) count only from the
 * second one on, so a 2D region never multiplies by |ysize|. */
static bool pitched_region(size_t pitch, size_t ysize, struct infinirtPos pos,
                           struct infinirtExtent e, size_t *start,
                           size_t *span) {
  size_t rows, last;
  return !__builtin_mul_overflow(pos.z, ysize, &rows) &&
         !__builtin_add_overflow(rows, pos.y, &rows) &&
         !__builtin_mul_overflow(rows, pitch, start) &&
         !__builtin_add_overflow(*start, pos.x, start) &&
         !__builtin_mul_overflow(e.depth - 1, ysize, &last) &&
         !__builtin_add_overflow(last, e.height - 1, &last) &&
         !__builtin_mul_overflow(last, pitch, span) &&
         !__builtin_add_overflow(*span, e.width, span);
}

/* The rules of one side of a 3D copy once the extent is known non-empty. */
static infinirtError_t check_copy_side(const char *side,
                                       struct infinirtPitchedPtr ptr,
                                       struct infinirtPos pos,
                                       struct infinirtExtent e) {
  if (!ptr.ptr)
    return infinirt_detail(infinirtErrorInvalidValue, "%sPtr.ptr is NULL",
                           side);
  if (pos.x > ptr.pitch - e.width)
    return infinirt_detail(infinirtErrorInvalidPitchValue,
                           "%sPos.x %zu plus width %zu exceeds %sPtr.pitch %zu",
                           side, pos.x, e.width, side, ptr.pitch);
  if ((e.depth > 1 || pos.z > 0) &&
      (pos.y > ptr.ysize || e.height > ptr.ysize - pos.y))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%sPos.y %zu plus height %zu exceeds %sPtr.ysize "
                           "%zu, the rows of a slice",
                           side, pos.y, e.height, side, ptr.ysize);
  size_t start, span;
  if (!pitched_region(ptr.pitch, ptr.ysize, pos, e, &start, &span) ||
      __builtin_add_overflow(start, span, &span) ||
      infinirt_range_wraps(ptr.ptr, span))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the %zu x %zu x %zu region at %sPos (%zu, %zu, "
                           "%zu) of %sPtr overflows",
                           e.width, e.height, e.depth, side, pos.x, pos.y,
                           pos.z, side);
  return infinirtSuccess;
}

infinirtError_t infinirt_check_copy_3d_parts(
    infinirtArray_t srcArray, struct infinirtPos srcPos,
    struct infinirtPitchedPtr srcPtr, infinirtArray_t dstArray,
    struct infinirtPos dstPos, struct infinirtPitchedPtr dstPtr,
    struct infinirtExtent extent, bool *skip) {
  if (srcArray || dstArray)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%sArray %p is no array: this runtime offers no "
                           "CUDA arrays, so array members must be NULL",
                           srcArray ? "src" : "dst",
                           srcArray ? (void *)srcArray : (void *)dstArray);
  if (extent.width > srcPtr.pitch || extent.width > dstPtr.pitch)
    return infinirt_detail(
        infinirtErrorInvalidPitchValue, "width %zu exceeds %sPtr.pitch %zu",
        extent.width, extent.width > dstPtr.pitch ? "dst" : "src",
        extent.width > dstPtr.pitch ? dstPtr.pitch : srcPtr.pitch);
  if (extent.width == 0 || extent.height == 0 || extent.depth == 0) {
    *skip = true;
    return infinirtSuccess;
  }
  infinirtError_t err = check_copy_side("dst", dstPtr, dstPos, extent);
  return err != infinirtSuccess
             ? err
             : check_copy_side("src", srcPtr, srcPos, extent);
}

infinirtError_t infinirt_check_copy_3d(const struct infinirtMemcpy3DParms *p,
                                       bool *skip) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "p is NULL");
  infinirtError_t err = infinirt_check_memcpy_kind(p->kind);
  if (err != infinirtSuccess)
    return err;
  return infinirt_check_copy_3d_parts(p->srcArray, p->srcPos, p->srcPtr,
                                      p->dstArray, p->dstPos, p->dstPtr,
                                      p->extent, skip);
}

infinirtError_t
infinirt_check_copy_3d_peer(const struct infinirtMemcpy3DPeerParms *p,
                            bool *skip) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "p is NULL");
  return infinirt_check_copy_3d_parts(p->srcArray, p->srcPos, p->srcPtr,
                                      p->dstArray, p->dstPos, p->dstPtr,
                                      p->extent, skip);
}

infinirtError_t infinirt_check_set_2d(void *p, size_t pitch, size_t width,
                                      size_t height, bool *skip) {
  return infinirt_check_set_3d(make_infinirtPitchedPtr(p, pitch, width, height),
                               make_infinirtExtent(width, height, 1), skip);
}

infinirtError_t infinirt_check_set_3d(struct infinirtPitchedPtr p,
                                      struct infinirtExtent e, bool *skip) {
  /* CUDA ignores the pitch of a single row. */
  if ((e.height > 1 || e.depth > 1) && e.width > p.pitch)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "width %zu exceeds pitch %zu", e.width, p.pitch);
  if (e.width == 0 || e.height == 0 || e.depth == 0) {
    *skip = true;
    return infinirtSuccess;
  }
  if (!p.ptr)
    return infinirt_detail(infinirtErrorInvalidValue, "the pointer is NULL");
  if (e.depth > 1 && e.height > p.ysize)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "height %zu exceeds ysize %zu, the rows of a slice",
                           e.height, p.ysize);
  size_t start, span;
  if (!pitched_region(p.pitch, p.ysize, make_infinirtPos(0, 0, 0), e, &start,
                      &span) ||
      infinirt_range_wraps(p.ptr, span))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the %zu x %zu x %zu region at %p overflows",
                           e.width, e.height, e.depth, p.ptr);
  return infinirtSuccess;
}
infinirtError_t
infinirt_check_pool_props(const struct infinirtMemPoolProps *props) {
  const unsigned handle_types =
      infinirtMemHandleTypePosixFileDescriptor | infinirtMemHandleTypeWin32 |
      infinirtMemHandleTypeWin32Kmt | infinirtMemHandleTypeFabric;
  if (props->allocType != infinirtMemAllocationTypePinned)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps->allocType %d is not "
                           "infinirtMemAllocationTypePinned",
                           (int)props->allocType);
  if ((unsigned)props->handleTypes & ~handle_types)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps->handleTypes 0x%x has unknown bits",
                           (unsigned)props->handleTypes);
  switch (props->location.type) {
  case infinirtMemLocationTypeDevice: {
    int t = infinirt_thread_type();
    int count = infinirt_backend_device_count((infinirtDeviceType)t, NULL);
    if (props->location.id < 0 || props->location.id >= count)
      return infinirt_detail(
          infinirtErrorInvalidValue,
          "poolProps->location names device %d of type "
          "%s, which does not exist (%d present)",
          props->location.id,
          infinirtExtGetDeviceTypeName((infinirtDeviceType)t), count);
    break;
  }
  case infinirtMemLocationTypeHost:
  case infinirtMemLocationTypeHostNuma:
    if (props->handleTypes != infinirtMemHandleTypeNone &&
        props->location.type == infinirtMemLocationTypeHost)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "a pool of host memory is not shareable: "
                             "poolProps->handleTypes must be 0");
    break;
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps->location.type %d is not a device, the "
                           "host or a host NUMA node",
                           (int)props->location.type);
  }
  if (props->win32SecurityAttributes &&
      !(props->handleTypes & infinirtMemHandleTypeWin32))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps->win32SecurityAttributes must be NULL "
                           "without infinirtMemHandleTypeWin32");
  if (props->usage & ~(unsigned)infinirtMemPoolCreateUsageHwDecompress)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps->usage 0x%x has unknown bits",
                           (unsigned)props->usage);
  for (size_t i = 0; i < sizeof props->reserved; i++)
    if (props->reserved[i])
      return infinirt_detail(infinirtErrorInvalidValue,
                             "poolProps->reserved[%zu] is not 0", i);
  return infinirtSuccess;
}

infinirtError_t infinirt_check_pool_attr_set(enum infinirtMemPoolAttr attr,
                                             const void *value) {
  infinirtError_t err = infinirt_check_pool_attr(attr);
  if (err != infinirtSuccess)
    return err;
  switch (attr) {
  case infinirtMemPoolAttrReservedMemCurrent:
  case infinirtMemPoolAttrUsedMemCurrent:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "memory pool attribute %d is read-only", (int)attr);
  case infinirtMemPoolAttrReservedMemHigh:
  case infinirtMemPoolAttrUsedMemHigh: {
    uint64_t v;
    memcpy(&v, value, sizeof v);
    if (v != 0)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "a high mark can only be reset to 0, not %llu",
                             (unsigned long long)v);
    return infinirtSuccess;
  }
  default:
    return infinirtSuccess;
  }
}

/* A location that names a device of the current type; |what| names it in
 * the detail. */
static infinirtError_t
check_device_location(const struct infinirtMemLocation *l, const char *what) {
  if (l->type != infinirtMemLocationTypeDevice)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%s.type %d is not infinirtMemLocationTypeDevice",
                           what, (int)l->type);
  int t = infinirt_thread_type();
  int count = infinirt_backend_device_count((infinirtDeviceType)t, NULL);
  if (l->id < 0 || l->id >= count)
    return infinirt_detail(infinirtErrorInvalidDevice,
                           "%s names device %d of type %s, which does not "
                           "exist (%d present)",
                           what, l->id,
                           infinirtExtGetDeviceTypeName((infinirtDeviceType)t),
                           count);
  return infinirtSuccess;
}

infinirtError_t
infinirt_check_access_descs(const struct infinirtMemAccessDesc *d, size_t n) {
  if (n && !d)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "descList is NULL with count %zu", n);
  for (size_t i = 0; i < n; i++) {
    if (d[i].flags != infinirtMemAccessFlagsProtNone &&
        d[i].flags != infinirtMemAccessFlagsProtRead &&
        d[i].flags != infinirtMemAccessFlagsProtReadWrite)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "descList[%zu].flags %d is not an "
                             "infinirtMemAccessFlags",
                             i, (int)d[i].flags);
    char what[48];
    snprintf(what, sizeof what, "descList[%zu].location", i);
    infinirtError_t err = check_device_location(&d[i].location, what);
    if (err != infinirtSuccess)
      return err;
  }
  return infinirtSuccess;
}

infinirtError_t
infinirt_check_access_location(const struct infinirtMemLocation *loc) {
  return check_device_location(loc, "location");
}

infinirtError_t
infinirt_check_pool_location(const struct infinirtMemLocation *loc,
                             enum infinirtMemAllocationType type) {
  if (type != infinirtMemAllocationTypePinned &&
      type != infinirtMemAllocationTypeManaged)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "type %d is neither infinirtMemAllocationTypePinned "
                           "nor infinirtMemAllocationTypeManaged",
                           (int)type);
  switch (loc->type) {
  case infinirtMemLocationTypeDevice:
    return check_device_location(loc, "location");
  case infinirtMemLocationTypeHost:
  case infinirtMemLocationTypeHostNuma:
    return infinirtSuccess;
  case infinirtMemLocationTypeNone:
    if (type == infinirtMemAllocationTypeManaged)
      return infinirtSuccess;
    return infinirt_detail(infinirtErrorInvalidValue,
                           "location.type None names no pinned pool (only "
                           "a managed one)");
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "location.type %d is not Device, Host, HostNuma "
                           "or (for managed memory) None",
                           (int)loc->type);
  }
}

/* ---- kernel attributes, occupancy, launch forms, symbols ---------------- */

infinirtError_t infinirt_check_func_attr(enum infinirtFuncAttribute attr,
                                         int value) {
  int lo = 0, hi = INT32_MAX;
  switch (attr) {
  case infinirtFuncAttributeMaxDynamicSharedMemorySize:
  case infinirtFuncAttributeRequiredClusterWidth:
  case infinirtFuncAttributeRequiredClusterHeight:
  case infinirtFuncAttributeRequiredClusterDepth:
    break;
  case infinirtFuncAttributePreferredSharedMemoryCarveout:
    lo = infinirtSharedmemCarveoutDefault;
    hi = 100;
    break;
  case infinirtFuncAttributeNonPortableClusterSizeAllowed:
    hi = 1;
    break;
  case infinirtFuncAttributeClusterSchedulingPolicyPreference:
    hi = infinirtClusterSchedulingPolicyLoadBalancing;
    break;
  case infinirtFuncAttributeClusterDimMustBeSet:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "ClusterDimMustBeSet is a read-only attribute");
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%d is not an infinirtFuncAttribute that can be set",
                           (int)attr);
  }
  if (value < lo || value > hi)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "value %d of attribute %d is outside %d..%d", value,
                           (int)attr, lo, hi);
  return infinirtSuccess;
}

static bool launch_attribute_known(infinirtLaunchAttributeID id) {
  return ((unsigned)id <=
              (unsigned)infinirtLaunchAttributePreferredSharedMemoryCarveout ||
          id == infinirtLaunchAttributeNvlinkUtilCentricScheduling);
}

infinirtError_t infinirt_check_launch_config(const infinirtLaunchConfig_t *c) {
  if (!c)
    return infinirt_detail(infinirtErrorInvalidValue, "config is NULL");
  infinirtError_t err = infinirt_check_launch_dims(c->gridDim, c->blockDim);
  if (err != infinirtSuccess)
    return err;
  if (c->numAttrs && !c->attrs)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "config->attrs is NULL for %u attributes",
                           c->numAttrs);
  for (unsigned i = 0; i < c->numAttrs; i++)
    if (!launch_attribute_known(c->attrs[i].id))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "config->attrs[%u].id %d is not an "
                             "infinirtLaunchAttributeID",
                             i, (int)c->attrs[i].id);
  return infinirtSuccess;
}

/* ---- stream attributes ------------------------------------------------- */

static bool access_property(enum infinirtAccessProperty p) {
  return p == infinirtAccessPropertyNormal ||
         p == infinirtAccessPropertyStreaming ||
         p == infinirtAccessPropertyPersisting;
}

infinirtError_t
infinirt_check_stream_attr_value(infinirtLaunchAttributeID attr,
                                 const infinirtLaunchAttributeValue *v) {
  switch (attr) {
  case infinirtLaunchAttributeAccessPolicyWindow: {
    const struct infinirtAccessPolicyWindow *w = &v->accessPolicyWindow;
    if (!(w->hitRatio >= 0.0f && w->hitRatio <= 1.0f))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "hitRatio %g is not in [0, 1]",
                             (double)w->hitRatio);
    if (!access_property(w->hitProp) || !access_property(w->missProp))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "hitProp %d or missProp %d is not an "
                             "infinirtAccessProperty",
                             (int)w->hitProp, (int)w->missProp);
    return infinirtSuccess;
  }
  case infinirtLaunchAttributeSynchronizationPolicy:
    if (v->syncPolicy < infinirtSyncPolicyAuto ||
        v->syncPolicy > infinirtSyncPolicyBlockingSync)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "%d is not an infinirtSynchronizationPolicy",
                             (int)v->syncPolicy);
    return infinirtSuccess;
  case infinirtLaunchAttributeMemSyncDomain:
    if (v->memSyncDomain != infinirtLaunchMemSyncDomainDefault &&
        v->memSyncDomain != infinirtLaunchMemSyncDomainRemote)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "%d is not an infinirtLaunchMemSyncDomain",
                             (int)v->memSyncDomain);
    return infinirtSuccess;
  default: /* Priority is clamped; a domain map takes any two domains;
            NULL |v| is IN's */
    return infinirtSuccess;
  }
}
