/* contract.c - the checks of contract.h that are not on a hot path. */
#include "contract.h"

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
