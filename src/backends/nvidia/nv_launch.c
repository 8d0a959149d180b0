/* nv_launch.c - the launch forms: LaunchKernel (cuLaunchKernel),
 * LaunchCooperativeKernel (cuLaunchCooperativeKernel) and LaunchKernelExC
 * (cuLaunchKernelEx). A CUkernel is accepted where a CUfunction is
 * expected; the driver loads it into the launching context on first use. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv.h"

static inline bool dim_bad(unsigned v, int max) {
  return v == 0 || v > (unsigned)max;
}

infinirtError_t infinirt_nv_launch_check(infinirt_nv_kernel *k, int dev,
                                         infinirtDim3 g, infinirtDim3 b,
                                         size_t shared, void **args) {
  const infinirt_nv_limits *lim = &infinirt_nv_devices[dev].limits;
  if (__builtin_expect(
          dim_bad(g.x, lim->max_grid[0]) || dim_bad(g.y, lim->max_grid[1]) ||
              dim_bad(g.z, lim->max_grid[2]) ||
              dim_bad(b.x, lim->max_block[0]) ||
              dim_bad(b.y, lim->max_block[1]) ||
              dim_bad(b.z, lim->max_block[2]) ||
              (uint64_t)b.x * b.y * b.z > (uint64_t)lim->max_threads ||
              shared > (size_t)lim->max_shared_optin,
          0))
    return infinirt_detail(
        infinirtErrorInvalidConfiguration,
        "grid (%u,%u,%u) block (%u,%u,%u) shared %zu exceeds device %d's "
        "limits (grid %d,%d,%d; block %d,%d,%d; %d threads; %d bytes)",
        g.x, g.y, g.z, b.x, b.y, b.z, shared, dev, lim->max_grid[0],
        lim->max_grid[1], lim->max_grid[2], lim->max_block[0],
        lim->max_block[1], lim->max_block[2], lim->max_threads,
        lim->max_shared_optin);
  if (__builtin_expect(!args && k->num_params > 0, 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "args is NULL for a kernel of %d parameters",
                           k->num_params);
  infinirt_nv_library_used(k->lib, dev);
  return infinirtSuccess;
}

/* CUDA runtime's launch errors, checked here because the driver answers
 * them all with CUDA_ERROR_INVALID_VALUE; makes the context current and
 * marks the library used on the launching device. */
static infinirtError_t prepare(infinirt_nv_kernel *k, infinirtDim3 g,
                               infinirtDim3 b, size_t shared, void **args,
                               infinirtStream_t stream) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  if (stream)
    dev = ((infinirt_nv_stream *)stream)->h.device;
  return infinirt_nv_launch_check(k, dev, g, b, shared, args);
}

/* The driver's answer to a launch. Configurations the device cannot take
 * were refused before, so an invalid value is one the kernel cannot: more
 * dynamic shared memory than its MaxDynamicSharedMemorySize attribute
 * allows, say. */
static infinirtError_t launched(CUresult r, const char *what, infinirtDim3 b,
                                size_t shared) {
  if (__builtin_expect(r == CUDA_SUCCESS, 1))
    return infinirtSuccess;
  if (r == CUDA_ERROR_INVALID_VALUE)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "%s refused the configuration (%u threads, %zu "
                           "bytes of dynamic shared memory): %s (%d)",
                           what, b.x * b.y * b.z, shared,
                           infinirt_nv_error_name(r), r);
  return infinirt_nv_fail(r, what);
}

infinirtError_t infinirt_nv_LaunchKernel(const void *func, infinirtDim3 gridDim,
                                         infinirtDim3 blockDim, void **args,
                                         size_t sharedMem,
                                         infinirtStream_t stream) {
  infinirt_nv_kernel *k = (infinirt_nv_kernel *)func;
  infinirtError_t err = prepare(k, gridDim, blockDim, sharedMem, args, stream);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  CUresult r = infinirt_nv_sym.cuLaunchKernel(
      (CUfunction)k->cu, gridDim.x, gridDim.y, gridDim.z, blockDim.x,
      blockDim.y, blockDim.z, (unsigned)sharedMem,
      infinirt_nv_cu_stream(stream), args, NULL);
  return launched(r, "cuLaunchKernel", blockDim, sharedMem);
}

infinirtError_t
infinirt_nv_LaunchCooperativeKernel(const void *func, infinirtDim3 gridDim,
                                    infinirtDim3 blockDim, void **args,
                                    size_t sharedMem, infinirtStream_t stream) {
  if (!infinirt_nv_sym.cuLaunchCooperativeKernel)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no cuLaunchCooperativeKernel");
  infinirt_nv_kernel *k = (infinirt_nv_kernel *)func;
  infinirtError_t err = prepare(k, gridDim, blockDim, sharedMem, args, stream);
  if (err != infinirtSuccess)
    return err;
  CUresult r = infinirt_nv_sym.cuLaunchCooperativeKernel(
      (CUfunction)k->cu, gridDim.x, gridDim.y, gridDim.z, blockDim.x,
      blockDim.y, blockDim.z, (unsigned)sharedMem,
      infinirt_nv_cu_stream(stream), args);
  return launched(r, "cuLaunchCooperativeKernel", blockDim, sharedMem);
}

/* The driver's event behind an event attribute (the core checked that it
 * is a live event of this backend). */
static void driver_event(CUlaunchAttribute *a) {
  if (a->id == CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_EVENT)
    a->value.programmaticEvent.event =
        ((infinirt_nv_event *)(void *)a->value.programmaticEvent.event)->cu;
  else if (a->id == CU_LAUNCH_ATTRIBUTE_LAUNCH_COMPLETION_EVENT)
    a->value.launchCompletionEvent.event =
        ((infinirt_nv_event *)(void *)a->value.launchCompletionEvent.event)->cu;
}

#define INLINE_ATTRS 8

/* The attributes go to the driver as they are (same ids, same 64-byte
 * values), but for the events, which become the driver's. */
infinirtError_t
infinirt_nv_LaunchKernelExC(const infinirtLaunchConfig_t *config,
                            const void *func, void **args) {
  if (!infinirt_nv_sym.cuLaunchKernelEx)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no cuLaunchKernelEx");
  unsigned n = config->numAttrs;
  infinirt_nv_kernel *k = (infinirt_nv_kernel *)func;
  size_t shared = config->dynamicSmemBytes;
  infinirtError_t err = prepare(k, config->gridDim, config->blockDim, shared,
                                args, config->stream);
  if (err != infinirtSuccess)
    return err;
  CUlaunchAttribute inline_attrs[INLINE_ATTRS];
  CUlaunchAttribute *attrs =
      n <= INLINE_ATTRS ? inline_attrs : malloc(n * sizeof *attrs);
  if (!attrs)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for %u launch attributes", n);
  _Static_assert(sizeof(CUlaunchAttribute) == sizeof(infinirtLaunchAttribute),
                 "the runtime's and the driver's attributes share a layout");
  for (unsigned i = 0; i < n; i++) {
    memcpy(&attrs[i], &config->attrs[i], sizeof attrs[i]);
    driver_event(&attrs[i]);
  }
  CUlaunchConfig c = {
      .gridDimX = config->gridDim.x,
      .gridDimY = config->gridDim.y,
      .gridDimZ = config->gridDim.z,
      .blockDimX = config->blockDim.x,
      .blockDimY = config->blockDim.y,
      .blockDimZ = config->blockDim.z,
      .sharedMemBytes = (unsigned)shared,
      .hStream = infinirt_nv_cu_stream(config->stream),
      .attrs = n ? attrs : NULL,
      .numAttrs = n,
  };
  CUresult r =
      infinirt_nv_sym.cuLaunchKernelEx(&c, (CUfunction)k->cu, args, NULL);
  if (attrs != inline_attrs)
    free(attrs);
  return launched(r, "cuLaunchKernelEx", config->blockDim, shared);
}
