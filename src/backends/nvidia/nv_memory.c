/* infinirt_nv_memory.c - device, pinned and stream-ordered allocations, host
 * registration, and pointer lookup through the driver's unified address
 * space. */
#include <stdint.h>

#include "nv.h"

/* An allocation the driver refuses as an invalid value can only be one of
 * an impossible size (every other argument was checked): CUDA runtime
 * reports that as MemoryAllocation. */
static infinirtError_t alloc_error(CUresult r) {
  return r == CUDA_ERROR_INVALID_VALUE ? infinirtErrorMemoryAllocation
                                       : infinirt_nv_map(r);
}

infinirtError_t infinirt_nv_Malloc(void **devPtr, size_t size) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  if (size == 0) {
    *devPtr = NULL;
    return infinirtSuccess;
  }
  CUdeviceptr p;
  CUresult r = infinirt_nv_sym.cuMemAlloc(&p, size);
  if (__builtin_expect(r != CUDA_SUCCESS, 0))
    return infinirt_detail(alloc_error(r),
                           "cuMemAlloc_v2 of %zu bytes on device "
                           "%d: %s (%d)",
                           size, dev, infinirt_nv_error_name(r), r);
  *devPtr = (void *)(uintptr_t)p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_Free(void *devPtr) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess || !devPtr)
    return err;
  CUresult r = infinirt_nv_sym.cuMemFree((CUdeviceptr)(uintptr_t)devPtr);
  if (__builtin_expect(r != CUDA_SUCCESS, 0))
    return infinirt_detail(infinirt_nv_map(r), "cuMemFree_v2(%p): %s (%d)",
                           devPtr, infinirt_nv_error_name(r), r);
  return infinirtSuccess;
}

static infinirtError_t host_alloc(void **p, size_t size, unsigned flags,
                                  const char *what) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  if (size == 0) {
    *p = NULL;
    return infinirtSuccess;
  }
  void *h;
  CUresult r = infinirt_nv_sym.cuMemHostAlloc(&h, size, flags);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(alloc_error(r),
                           "cuMemHostAlloc of %zu bytes for %s: "
                           "%s (%d)",
                           size, what, infinirt_nv_error_name(r), r);
  *p = h;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_MallocHost(void **ptr, size_t size) {
  /* Portable: pinned for every device, as infinirt.h promises. */
  return host_alloc(ptr, size, CU_MEMHOSTALLOC_PORTABLE, "MallocHost");
}

infinirtError_t infinirt_nv_HostAlloc(void **pHost, size_t size,
                                      unsigned int flags) {
  /* infinirtHostAlloc* values equal CU_MEMHOSTALLOC_*. */
  return host_alloc(pHost, size, flags, "HostAlloc");
}

infinirtError_t infinirt_nv_FreeHost(void *ptr) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess || !ptr)
    return err;
  CUresult r = infinirt_nv_sym.cuMemFreeHost(ptr);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(infinirt_nv_map(r), "cuMemFreeHost(%p): %s (%d)",
                           ptr, infinirt_nv_error_name(r), r);
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_HostRegister(void *ptr, size_t size,
                                         unsigned int flags) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  /* infinirtHostRegister* values equal CU_MEMHOSTREGISTER_*. */
  CUresult r = infinirt_nv_sym.cuMemHostRegister(ptr, size, flags);
  if (r == CUDA_SUCCESS)
    return infinirtSuccess;
  err = infinirt_nv_map(r);
  /* The arguments were checked, so a refusal of IoMemory (ordinary memory is
   * not I/O memory) or ReadOnly (a device without read-only mappings) is a
   * flag the backend cannot honour here, as infinirt.h names it. */
  if ((flags & (infinirtHostRegisterIoMemory | infinirtHostRegisterReadOnly)) &&
      err != infinirtErrorHostMemoryAlreadyRegistered &&
      err != infinirtErrorMemoryAllocation)
    err = infinirtErrorNotSupported;
  return infinirt_detail(err, "cuMemHostRegister_v2(%p, %zu, 0x%x): %s (%d)",
                         ptr, size, flags, infinirt_nv_error_name(r), r);
}

infinirtError_t infinirt_nv_HostUnregister(void *ptr) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUresult r = infinirt_nv_sym.cuMemHostUnregister(ptr);
  /* The driver calls a pointer that starts no registered range an invalid
   * value; CUDA runtime and infinirt.h call it not registered. */
  if (r == CUDA_ERROR_INVALID_VALUE)
    return infinirt_detail(infinirtErrorHostMemoryNotRegistered,
                           "no range registered at %p: %s (%d)", ptr,
                           infinirt_nv_error_name(r), r);
  if (r != CUDA_SUCCESS)
    return infinirt_detail(infinirt_nv_map(r),
                           "cuMemHostUnregister(%p): %s (%d)", ptr,
                           infinirt_nv_error_name(r), r);
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_MallocAsync(void **devPtr, size_t size,
                                        infinirtStream_t hStream) {
  if (!infinirt_nv_sym.cuMemAllocAsync)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no cuMemAllocAsync");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  if (size == 0) {
    *devPtr = NULL;
    return infinirtSuccess;
  }
  CUdeviceptr p;
  CUresult r =
      infinirt_nv_sym.cuMemAllocAsync(&p, size, infinirt_nv_cu_stream(hStream));
  if (__builtin_expect(r != CUDA_SUCCESS, 0))
    return infinirt_detail(alloc_error(r),
                           "cuMemAllocAsync of %zu bytes: %s (%d)", size,
                           infinirt_nv_error_name(r), r);
  *devPtr = (void *)(uintptr_t)p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_FreeAsync(void *devPtr, infinirtStream_t hStream) {
  if (!devPtr)
    return infinirtSuccess;
  if (!infinirt_nv_sym.cuMemFreeAsync)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no cuMemFreeAsync");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUresult r = infinirt_nv_sym.cuMemFreeAsync((CUdeviceptr)(uintptr_t)devPtr,
                                              infinirt_nv_cu_stream(hStream));
  if (__builtin_expect(r != CUDA_SUCCESS, 0))
    return infinirt_detail(infinirt_nv_map(r), "cuMemFreeAsync(%p): %s (%d)",
                           devPtr, infinirt_nv_error_name(r), r);
  return infinirtSuccess;
}

static unsigned memory_type(const void *p) {
  unsigned int type = 0;
  CUpointer_attribute a = CU_POINTER_ATTRIBUTE_MEMORY_TYPE;
  void *data = &type;
  if (infinirt_nv_sym.cuPointerGetAttributes(
          1, &a, &data, (CUdeviceptr)(uintptr_t)p) != CUDA_SUCCESS)
    return ~0u;
  return type;
}

bool infinirt_nv_is_pageable(const void *p) {
  return memory_type(p) == 0;
}

bool infinirt_nv_is_device(const void *p) {
  return memory_type(p) == CU_MEMORYTYPE_DEVICE;
}

/* A thread with no current context gets CUDA_ERROR_INVALID_CONTEXT from
 * pointer queries (the core asks before any call has made one current).
 * Makes a context this backend retained current: the current device's, else
 * any. None is created just to answer: with none retained, no memory of
 * ours exists. */
static bool adopt_context(void) {
  int cur = infinirt_current_device(infinirtDeviceTypeNvidia);
  if (atomic_load_explicit(&infinirt_nv_devices[cur].ctx, memory_order_acquire))
    return infinirt_nv_ctx_switch(cur) == infinirtSuccess;
  for (int d = 0; d < infinirt_nv_device_count; d++)
    if (atomic_load_explicit(&infinirt_nv_devices[d].ctx, memory_order_acquire))
      return infinirt_nv_ctx_switch(d) == infinirtSuccess;
  return false;
}

bool infinirt_nv_find_pointer(const void *ptr,
                              struct infinirtPointerAttributes *attr) {
  unsigned int type = 0, managed = 0;
  int ordinal = -2;
  CUdeviceptr dptr = 0;
  void *hptr = NULL;
  CUpointer_attribute which[] = {
      CU_POINTER_ATTRIBUTE_MEMORY_TYPE, CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL,
      CU_POINTER_ATTRIBUTE_DEVICE_POINTER, CU_POINTER_ATTRIBUTE_HOST_POINTER,
      CU_POINTER_ATTRIBUTE_IS_MANAGED};
  void *data[] = {&type, &ordinal, &dptr, &hptr, &managed};
  /* Unknown memory is not an error here: the type just stays 0. */
  CUresult r = infinirt_nv_sym.cuPointerGetAttributes(
      5, which, data, (CUdeviceptr)(uintptr_t)ptr);
  if (r == CUDA_ERROR_INVALID_CONTEXT && adopt_context())
    r = infinirt_nv_sym.cuPointerGetAttributes(5, which, data,
                                               (CUdeviceptr)(uintptr_t)ptr);
  if (r != CUDA_SUCCESS || type == 0)
    return false;
  if (managed)
    attr->type = infinirtMemoryTypeManaged;
  else if (type == CU_MEMORYTYPE_HOST)
    attr->type = infinirtMemoryTypeHost;
  else
    attr->type = infinirtMemoryTypeDevice;
  /* A thread whose context is not the memory's (none, or one cleared by
   * native code) gets no device address from the driver; with unified
   * addressing device memory is used at its own address. */
  if (attr->type == infinirtMemoryTypeDevice && dptr == 0)
    dptr = (CUdeviceptr)(uintptr_t)ptr;
  attr->device = ordinal;
  attr->devicePointer = (void *)(uintptr_t)dptr;
  attr->hostPointer = hptr;
  return true;
}
