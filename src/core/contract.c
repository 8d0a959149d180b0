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
