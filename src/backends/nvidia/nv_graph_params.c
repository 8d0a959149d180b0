/* nv_graph_params.c - node parameters in the driver's terms and back. The
 * core has checked them as the header documents (and that every handle
 * they name is a live one of this backend). Copies go between unified
 * addresses as nv_pitched.c's do; nodes run in the calling thread's
 * current device's primary context. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv_graph.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

infinirtError_t infinirt_nv_graph_ctx(int *dev, CUcontext *ctx) {
  infinirtError_t err = infinirt_nv_ctx_ensure(dev);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(*dev, ctx);
  return err;
}

/* The driver's kernel (not a function of one context) in the node's
 * context, so that GetParams names the kernel again. */
infinirtError_t infinirt_nv_kernel_params(void *func, infinirtDim3 grid,
                                          infinirtDim3 block,
                                          unsigned int shared, void **args,
                                          int dev, CUcontext ctx,
                                          CUDA_KERNEL_NODE_PARAMS_v2 *c) {
  infinirt_nv_kernel *k = func;
  infinirtError_t err =
      infinirt_nv_launch_check(k, dev, grid, block, shared, args);
  if (err != infinirtSuccess)
    return err;
  *c = (CUDA_KERNEL_NODE_PARAMS_v2){
      .func = NULL,
      .gridDimX = grid.x,
      .gridDimY = grid.y,
      .gridDimZ = grid.z,
      .blockDimX = block.x,
      .blockDimY = block.y,
      .blockDimZ = block.z,
      .sharedMemBytes = shared,
      .kernelParams = args,
      .extra = NULL,
      .kern = k->cu,
      .ctx = ctx,
  };
  return infinirtSuccess;
}

void *infinirt_nv_kernel_of_params(const CUDA_KERNEL_NODE_PARAMS_v2 *c) {
  infinirt_nv_kernel *k = infinirt_nv_kernel_of_driver(c->kern, c->func);
  if (k)
    return k;
  return c->kern ? (void *)c->kern : (void *)c->func;
}

void infinirt_nv_copy_params(const struct infinirtMemcpy3DParms *p,
                             CUDA_MEMCPY3D *c) {
  memset(c, 0, sizeof *c);
  INFINIRT_NV_FILL_COPY(*c, p->srcPos, p->srcPtr, p->dstPos, p->dstPtr,
                        p->extent);
}

struct infinirtMemcpy3DParms infinirt_nv_copy_1d(void *dst, const void *src,
                                                 size_t count,
                                                 enum infinirtMemcpyKind kind) {
  struct infinirtMemcpy3DParms p;
  memset(&p, 0, sizeof p);
  p.srcPtr = make_infinirtPitchedPtr((void *)(uintptr_t)src, count, count, 1);
  p.dstPtr = make_infinirtPitchedPtr(dst, count, count, 1);
  p.extent = make_infinirtExtent(count, 1, 1);
  p.kind = kind;
  return p;
}

/* A copy the driver made (a captured one): each side's address, by its
 * memory type; rows as wide as the pitch. */
void infinirt_nv_copy_of_driver(const CUDA_MEMCPY3D *c,
                                struct infinirtMemcpy3DParms *p) {
  memset(p, 0, sizeof *p);
  void *src = c->srcMemoryType == CU_MEMORYTYPE_HOST
                  ? (void *)(uintptr_t)c->srcHost
                  : (void *)(uintptr_t)c->srcDevice;
  void *dst = c->dstMemoryType == CU_MEMORYTYPE_HOST
                  ? c->dstHost
                  : (void *)(uintptr_t)c->dstDevice;
  p->srcPos = make_infinirtPos(c->srcXInBytes, c->srcY, c->srcZ);
  p->srcPtr =
      make_infinirtPitchedPtr(src, c->srcPitch, c->srcPitch, c->srcHeight);
  p->dstPos = make_infinirtPos(c->dstXInBytes, c->dstY, c->dstZ);
  p->dstPtr =
      make_infinirtPitchedPtr(dst, c->dstPitch, c->dstPitch, c->dstHeight);
  p->extent = make_infinirtExtent(c->WidthInBytes, c->Height, c->Depth);
  p->kind = infinirtMemcpyDefault;
}

infinirtError_t infinirt_nv_host_params(infinirtHostFn_t fn, void *data,
                                        CUDA_HOST_NODE_PARAMS *c) {
  void *arg = NULL;
  CUhostFn f = infinirt_nv_host_fn(fn, data, &arg);
  if (!arg)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a host node's function");
  *c = (CUDA_HOST_NODE_PARAMS){f, arg};
  return infinirtSuccess;
}

_Static_assert(sizeof(CUmemPoolProps) == sizeof(struct infinirtMemPoolProps),
               "CUmemPoolProps layout");
_Static_assert(sizeof(CUmemAccessDesc) == sizeof(struct infinirtMemAccessDesc),
               "CUmemAccessDesc layout");

/* Locations name devices by our ordinals, the driver's by CUdevice. */
infinirtError_t
infinirt_nv_alloc_params(const struct infinirtMemAllocNodeParams *p,
                         CUDA_MEM_ALLOC_NODE_PARAMS *c,
                         CUmemAccessDesc **descs) {
  memset(c, 0, sizeof *c);
  *descs = NULL;
  memcpy(&c->poolProps, &p->poolProps, sizeof c->poolProps);
  c->poolProps.location = infinirt_nv_cu_location(p->poolProps.location);
  if (p->accessDescCount) {
    *descs = malloc(p->accessDescCount * sizeof **descs);
    if (!*descs)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for %zu access descriptors",
                             p->accessDescCount);
    for (size_t i = 0; i < p->accessDescCount; i++) {
      (*descs)[i].location =
          infinirt_nv_cu_location(p->accessDescs[i].location);
      (*descs)[i].flags = (CUmemAccess_flags)p->accessDescs[i].flags;
    }
  }
  c->accessDescs = *descs;
  c->accessDescCount = p->accessDescCount;
  c->bytesize = p->bytesize;
  return infinirtSuccess;
}

/* The driver's device as our ordinal. */
static int ordinal_of(CUmemLocation l) {
  if (l.type == infinirtMemLocationTypeDevice)
    for (int d = 0; d < infinirt_nv_device_count; d++)
      if (infinirt_nv_devices[d].cu == l.id)
        return d;
  return l.id;
}

/* The access descriptors stay the driver's (valid while the node lives;
 * cuDeviceGet numbers devices as we do). */
void infinirt_nv_alloc_of_driver(const CUDA_MEM_ALLOC_NODE_PARAMS *c,
                                 struct infinirtMemAllocNodeParams *p) {
  memset(p, 0, sizeof *p);
  memcpy(&p->poolProps, &c->poolProps, sizeof p->poolProps);
  p->poolProps.location.id = ordinal_of(c->poolProps.location);
  p->accessDescs = (const struct infinirtMemAccessDesc *)c->accessDescs;
  p->accessDescCount = c->accessDescCount;
  p->bytesize = c->bytesize;
  p->dptr = (void *)(uintptr_t)c->dptr;
}

infinirtError_t
infinirt_nv_generic_params(const struct infinirtGraphNodeParams *p, int dev,
                           CUcontext ctx, CUgraphNodeParams *c,
                           CUmemAccessDesc **descs) {
  memset(c, 0, sizeof *c);
  *descs = NULL;
  c->type = (CUgraphNodeType)p->type;
  switch (p->type) {
  case infinirtGraphNodeTypeKernel:
    return infinirt_nv_kernel_params(
        p->kernel.func, p->kernel.gridDim, p->kernel.blockDim,
        p->kernel.sharedMemBytes, p->kernel.kernelParams, dev, ctx, &c->kernel);
  case infinirtGraphNodeTypeMemcpy:
    c->memcpy.copyCtx = ctx;
    infinirt_nv_copy_params(&p->memcpy.copyParams, &c->memcpy.copyParams);
    return infinirtSuccess;
  case infinirtGraphNodeTypeMemset:
    c->memset = (CUDA_MEMSET_NODE_PARAMS_v2){DEV(p->memset.dst),
                                             p->memset.pitch,
                                             p->memset.value,
                                             p->memset.elementSize,
                                             p->memset.width,
                                             p->memset.height,
                                             ctx};
    return infinirtSuccess;
  case infinirtGraphNodeTypeHost:
    return infinirt_nv_host_params(p->host.fn, p->host.userData, &c->host);
  case infinirtGraphNodeTypeGraph:
    c->graph.graph = ((infinirt_nv_graph *)p->graph.graph)->cu;
    c->graph.ownership = (CUgraphChildGraphNodeOwnership)p->graph.ownership;
    return infinirtSuccess;
  case infinirtGraphNodeTypeWaitEvent:
    c->eventWait.event = ((infinirt_nv_event *)p->eventWait.event)->cu;
    return infinirtSuccess;
  case infinirtGraphNodeTypeEventRecord:
    c->eventRecord.event = ((infinirt_nv_event *)p->eventRecord.event)->cu;
    return infinirtSuccess;
  case infinirtGraphNodeTypeMemAlloc: {
    /* The V2 members have the typed call's layout. */
    struct infinirtMemAllocNodeParams a;
    memcpy(&a, &p->alloc, sizeof a);
    return infinirt_nv_alloc_params(&a, &c->alloc, descs);
  }
  case infinirtGraphNodeTypeMemFree:
    c->free.dptr = DEV(p->free.dptr);
    return infinirtSuccess;
  case infinirtGraphNodeTypeEmpty:
    return infinirtSuccess;
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "node type %d is not offered", (int)p->type);
  }
}

void infinirt_nv_node_remember(infinirt_nv_node *n,
                               const struct infinirtGraphNodeParams *p) {
  if (p->type == infinirtGraphNodeTypeKernel) {
    n->kernel = p->kernel.func;
  } else if (p->type == infinirtGraphNodeTypeMemcpy) {
    n->has_copy = true;
    n->copy = p->memcpy.copyParams;
  }
}
