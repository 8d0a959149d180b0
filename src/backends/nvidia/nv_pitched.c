/* nv_pitched.c - pitched memory on the NVIDIA backend: cuMemAllocPitch for
 * MallocPitch and Malloc3D, CUDA_MEMCPY3D(_PEER) copies between unified
 * addresses (so every kind behaves as Default), and the 2D and 3D sets as
 * 2D memsets (the driver has no 3D one). The synchronous forms are the
 * asynchronous ones on the legacy stream and a wait, as nv_memcpy.c's;
 * Memcpy3DPeer is the driver's own, which orders the copy after the work of
 * all three devices as cudaMemcpy3DPeer does. The core has checked every
 * argument rule (no arrays, regions inside their pitches, no overflow). */
#include <stdint.h>

#include "nv.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

/* The widest row alignment a device uses (512 bytes on current GPUs): a
 * request whose size overflows once padded to it fails here, with
 * MemoryAllocation as on the CPU, before the driver sees it. */
#define MAX_PITCH_ALIGNMENT 512u
/* cuMemAllocPitch's ElementSizeBytes: the widest access it may align rows
 * for (4, 8 or 16); a narrower kernel access is as fast. */
#define ELEMENT_BYTES 16u

static infinirtError_t alloc_pitched(void **ptr, size_t *pitch, size_t width,
                                     size_t rows) {
  if (width == 0 || rows == 0) {
    *ptr = NULL;
    *pitch = 0;
    return infinirtSuccess;
  }
  size_t padded, bytes;
  if (__builtin_add_overflow(width, MAX_PITCH_ALIGNMENT - 1, &padded) ||
      __builtin_mul_overflow(padded, rows, &bytes))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "%zu rows of %zu bytes, padded, overflow the "
                           "address space",
                           rows, width);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUdeviceptr d = 0;
  size_t p = 0;
  err = infinirt_nv_check(
      infinirt_nv_sym.cuMemAllocPitch(&d, &p, width, rows, ELEMENT_BYTES),
      "cuMemAllocPitch_v2");
  if (err != infinirtSuccess)
    return err;
  *ptr = (void *)(uintptr_t)d;
  *pitch = p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_MallocPitch(void **devPtr, size_t *pitch,
                                        size_t width, size_t height) {
  return alloc_pitched(devPtr, pitch, width, height);
}

infinirtError_t infinirt_nv_Malloc3D(struct infinirtPitchedPtr *pitchedDevPtr,
                                     struct infinirtExtent extent) {
  size_t rows;
  if (__builtin_mul_overflow(extent.height, extent.depth, &rows))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "%zu slices of %zu rows overflow the address space",
                           extent.depth, extent.height);
  struct infinirtPitchedPtr out =
      make_infinirtPitchedPtr(NULL, 0, extent.width, extent.height);
  infinirtError_t err = alloc_pitched(&out.ptr, &out.pitch, extent.width, rows);
  if (err == infinirtSuccess)
    *pitchedDevPtr = out;
  return err;
}

/* ---- copies ------------------------------------------------------------ */

infinirtError_t infinirt_nv_Memcpy3DAsync(const struct infinirtMemcpy3DParms *p,
                                          infinirtStream_t stream) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUDA_MEMCPY3D c = {0};
  INFINIRT_NV_FILL_COPY(c, p->srcPos, p->srcPtr, p->dstPos, p->dstPtr,
                        p->extent);
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemcpy3DAsync(&c, infinirt_nv_cu_stream(stream)),
      "cuMemcpy3DAsync_v2");
}

infinirtError_t infinirt_nv_Memcpy3D(const struct infinirtMemcpy3DParms *p) {
  return infinirt_nv_then_sync_legacy(infinirt_nv_Memcpy3DAsync(p, NULL));
}

/* The driver's description of a peer copy: the devices' primary contexts
 * (retained on first use, as for SetDevice). */
static infinirtError_t peer_copy(const struct infinirtMemcpy3DPeerParms *p,
                                 CUDA_MEMCPY3D_PEER *c) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(p->srcDevice, &c->srcContext);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(p->dstDevice, &c->dstContext);
  INFINIRT_NV_FILL_COPY(*c, p->srcPos, p->srcPtr, p->dstPos, p->dstPtr,
                        p->extent);
  return err;
}

infinirtError_t
infinirt_nv_Memcpy3DPeer(const struct infinirtMemcpy3DPeerParms *p) {
  CUDA_MEMCPY3D_PEER c = {0};
  infinirtError_t err = peer_copy(p, &c);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuMemcpy3DPeer(&c),
                           "cuMemcpy3DPeer");
}

infinirtError_t
infinirt_nv_Memcpy3DPeerAsync(const struct infinirtMemcpy3DPeerParms *p,
                              infinirtStream_t stream) {
  CUDA_MEMCPY3D_PEER c = {0};
  infinirtError_t err = peer_copy(p, &c);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemcpy3DPeerAsync(&c, infinirt_nv_cu_stream(stream)),
      "cuMemcpy3DPeerAsync");
}

/* ---- sets -------------------------------------------------------------- */

/* |height| rows |pitch| apart, on |cs|; one row is a plain memset, whose
 * pitch CUDA ignores. The context is current. */
static infinirtError_t set_rows(void *dst, size_t pitch, int value,
                                size_t width, size_t height, CUstream cs) {
  if (height == 1)
    return infinirt_nv_check(infinirt_nv_sym.cuMemsetD8Async(
                                 DEV(dst), (unsigned char)value, width, cs),
                             "cuMemsetD8Async");
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemsetD2D8Async(DEV(dst), pitch, (unsigned char)value,
                                        width, height, cs),
      "cuMemsetD2D8Async");
}

infinirtError_t infinirt_nv_Memset2DAsync(void *devPtr, size_t pitch, int value,
                                          size_t width, size_t height,
                                          infinirtStream_t stream) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return set_rows(devPtr, pitch, value, width, height,
                  infinirt_nv_cu_stream(stream));
}

infinirtError_t infinirt_nv_Memset2D(void *devPtr, size_t pitch, int value,
                                     size_t width, size_t height) {
  return infinirt_nv_then_sync_legacy(
      infinirt_nv_Memset2DAsync(devPtr, pitch, value, width, height, NULL));
}

/* Slices that follow on from their last row (ysize == height) are one 2D
 * memset of depth * height rows; others take one per slice, all on the
 * stream, so the whole set stays in its order. */
infinirtError_t
infinirt_nv_Memset3DAsync(struct infinirtPitchedPtr pitchedDevPtr, int value,
                          struct infinirtExtent extent,
                          infinirtStream_t stream) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUstream cs = infinirt_nv_cu_stream(stream);
  struct infinirtPitchedPtr p = pitchedDevPtr;
  if (extent.depth == 1 || p.ysize == extent.height)
    return set_rows(p.ptr, p.pitch, value, extent.width,
                    extent.height * extent.depth, cs);
  size_t slice = p.pitch * p.ysize;
  for (size_t z = 0; z < extent.depth && err == infinirtSuccess; z++)
    err = set_rows((char *)p.ptr + z * slice, p.pitch, value, extent.width,
                   extent.height, cs);
  return err;
}

infinirtError_t infinirt_nv_Memset3D(struct infinirtPitchedPtr pitchedDevPtr,
                                     int value, struct infinirtExtent extent) {
  return infinirt_nv_then_sync_legacy(
      infinirt_nv_Memset3DAsync(pitchedDevPtr, value, extent, NULL));
}
