/* nv_managed.c - managed memory, its hints, and mapped host memory through
 * the driver. */
#include <stdint.h>

#include "nv.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

infinirtError_t infinirt_nv_MallocManaged(void **devPtr, size_t size,
                                          unsigned int flags) {
  if (!infinirt_nv_sym.cuMemAllocManaged)
    return infinirt_nv_missing("cuMemAllocManaged");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUdeviceptr p;
  /* infinirtMemAttach* equal CU_MEM_ATTACH_*. */
  CUresult r = infinirt_nv_sym.cuMemAllocManaged(&p, size, flags);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(r == CUDA_ERROR_INVALID_VALUE
                               ? infinirtErrorMemoryAllocation
                               : infinirt_nv_map(r),
                           "cuMemAllocManaged of %zu bytes on device %d: %s "
                           "(%d)",
                           size, dev, infinirt_nv_error_name(r), r);
  *devPtr = (void *)(uintptr_t)p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_MemAdvise(const void *devPtr, size_t count,
                                      enum infinirtMemoryAdvise advice,
                                      struct infinirtMemLocation location) {
  if (!infinirt_nv_sym.cuMemAdvise)
    return infinirt_nv_missing("cuMemAdvise_v2");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemAdvise(DEV(devPtr), count, (CUmem_advise)advice,
                                  infinirt_nv_cu_location(location)),
      "cuMemAdvise_v2");
}

infinirtError_t
infinirt_nv_MemPrefetchAsync(const void *devPtr, size_t count,
                             struct infinirtMemLocation location,
                             unsigned int flags, infinirtStream_t stream) {
  if (!infinirt_nv_sym.cuMemPrefetchAsync)
    return infinirt_nv_missing("cuMemPrefetchAsync_v2");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemPrefetchAsync(DEV(devPtr), count,
                                         infinirt_nv_cu_location(location),
                                         flags, infinirt_nv_cu_stream(stream)),
      "cuMemPrefetchAsync_v2");
}

infinirtError_t infinirt_nv_StreamAttachMemAsync(infinirtStream_t stream,
                                                 void *devPtr, size_t length,
                                                 unsigned int flags) {
  if (!infinirt_nv_sym.cuStreamAttachMemAsync)
    return infinirt_nv_missing("cuStreamAttachMemAsync");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamAttachMemAsync(infinirt_nv_cu_stream(stream),
                                             DEV(devPtr), length, flags),
      "cuStreamAttachMemAsync");
}

infinirtError_t infinirt_nv_HostGetDevicePointer(void **pDevice, void *pHost,
                                                 unsigned int flags) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUdeviceptr p;
  CUresult r = infinirt_nv_sym.cuMemHostGetDevicePointer(&p, pHost, flags);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuMemHostGetDevicePointer_v2");
  *pDevice = (void *)(uintptr_t)p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_HostGetFlags(unsigned int *pFlags, void *pHost) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  unsigned int f;
  CUresult r = infinirt_nv_sym.cuMemHostGetFlags(&f, pHost);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuMemHostGetFlags");
  *pFlags = f;
  return infinirtSuccess;
}
