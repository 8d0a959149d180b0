/* contract_graph.c - the argument rules of stream capture and graphs, as
 * CUDA documents them (and, where it is silent, as CUDA 13 answers on the
 * H200): a node must do something, so the zero counts that make a copy or
 * a set return at once are refused here. */
#include <string.h>

#include "contract.h"
#include "contract_graph.h"

infinirtError_t infinirt_check_capture_mode(int mode) {
  if (mode >= infinirtStreamCaptureModeGlobal &&
      mode <= infinirtStreamCaptureModeRelaxed)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtStreamCaptureMode", mode);
}

infinirtError_t infinirt_check_edge_data(const infinirtGraphEdgeData *e,
                                         size_t n) {
  if (!e)
    return infinirtSuccess;
  for (size_t i = 0; i < n; i++) {
    if (e[i].type != infinirtGraphDependencyTypeDefault)
      return infinirt_detail(infinirtErrorNotSupported,
                             "edge %zu has dependency type %u: only default "
                             "edges are offered",
                             i, (unsigned)e[i].type);
    static const unsigned char zero[5];
    if (e[i].from_port || e[i].to_port ||
        memcmp(e[i].reserved, zero, sizeof zero) != 0)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "edge %zu has non-zero ports or reserved bytes",
                             i);
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_check_edge_arrays(const void *from, const void *to,
                                           const void *edge) {
  if ((from == NULL) != (to == NULL))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "one of the node arrays is NULL, the other not");
  if (edge && !from)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "edge data is given without node arrays");
  return infinirtSuccess;
}

/* The error of kernel node parameters that are NULL or pass |extra|. */
infinirtError_t
infinirt_refuse_kernel_node(const struct infinirtKernelNodeParams *p) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "pNodeParams is NULL");
  return infinirt_detail(infinirtErrorInvalidValue,
                         "extra is not NULL: arguments come through "
                         "kernelParams only");
}

infinirtError_t
infinirt_check_memset_node(const struct infinirtMemsetParams *p) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "pMemsetParams is NULL");
  if (!p->dst)
    return infinirt_detail(infinirtErrorInvalidValue, "dst is NULL");
  if (p->elementSize != 1 && p->elementSize != 2 && p->elementSize != 4)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "elementSize %u is not 1, 2 or 4", p->elementSize);
  if (p->width == 0 || p->height == 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu x %zu memset sets nothing", p->width,
                           p->height);
  if (p->width > SIZE_MAX / p->elementSize)
    return infinirt_detail(infinirtErrorInvalidValue, "width %zu overflows",
                           p->width);
  size_t row = p->width * p->elementSize;
  if (p->height > 1 && p->pitch < row)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "pitch %zu is below a row's %zu bytes", p->pitch,
                           row);
  size_t span;
  if (!infinirt_pitched_extent(p->pitch, row, p->height, &span) ||
      infinirt_range_wraps(p->dst, span))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the region at %p wraps the address space", p->dst);
  return infinirtSuccess;
}

infinirtError_t
infinirt_check_host_node(const struct infinirtHostNodeParams *p) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "pNodeParams is NULL");
  if (!p->fn)
    return infinirt_detail(infinirtErrorInvalidValue, "fn is NULL");
  return infinirtSuccess;
}

infinirtError_t
infinirt_check_alloc_node(const struct infinirtMemAllocNodeParams *p) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "nodeParams is NULL");
  if (p->bytesize == 0)
    return infinirt_detail(infinirtErrorInvalidValue, "bytesize is 0");
  if (p->poolProps.allocType != infinirtMemAllocationTypePinned)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps.allocType %d is not Pinned",
                           (int)p->poolProps.allocType);
  if (p->poolProps.handleTypes != infinirtMemHandleTypeNone)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "graph allocations cannot be exported "
                           "(poolProps.handleTypes 0x%x)",
                           (unsigned)p->poolProps.handleTypes);
  if (p->poolProps.location.type != infinirtMemLocationTypeDevice ||
      p->poolProps.location.id < 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps.location is not a device");
  if (p->accessDescCount && !p->accessDescs)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "accessDescs is NULL with accessDescCount %zu",
                           p->accessDescCount);
  return p->accessDescCount
             ? infinirt_check_access_descs(p->accessDescs, p->accessDescCount)
             : infinirtSuccess;
}

infinirtError_t infinirt_check_copy_node(void *dst, const void *src,
                                         size_t count,
                                         enum infinirtMemcpyKind kind) {
  bool skip = false;
  infinirtError_t err = infinirt_check_copy(dst, src, count, kind, &skip);
  if (err == infinirtSuccess && skip)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a copy node of 0 bytes copies nothing");
  return err;
}

infinirtError_t
infinirt_check_copy_3d_node(const struct infinirtMemcpy3DParms *p) {
  bool skip = false;
  infinirtError_t err = infinirt_check_copy_3d(p, &skip);
  if (err == infinirtSuccess && skip)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a copy node of an empty extent copies nothing");
  if (err == infinirtSuccess && (!p->dstPtr.ptr || !p->srcPtr.ptr))
    return infinirt_detail(infinirtErrorInvalidValue, "%sPtr.ptr is NULL",
                           p->dstPtr.ptr ? "src" : "dst");
  return err;
}

static bool all_zero(const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i])
      return false;
  return true;
}

infinirtError_t
infinirt_check_node_params(const struct infinirtGraphNodeParams *p) {
  if (!p)
    return infinirt_detail(infinirtErrorInvalidValue, "nodeParams is NULL");
  if (!all_zero(p->reserved0, sizeof p->reserved0) || p->reserved2)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "reserved fields of nodeParams are not zero");
  switch (p->type) {
  case infinirtGraphNodeTypeKernel: {
    struct infinirtKernelNodeParams k = {
        p->kernel.func,           p->kernel.gridDim,      p->kernel.blockDim,
        p->kernel.sharedMemBytes, p->kernel.kernelParams, p->kernel.extra};
    return infinirt_check_kernel_node(&k);
  }
  case infinirtGraphNodeTypeMemcpy:
    if (p->memcpy.flags ||
        !all_zero(p->memcpy.reserved, sizeof p->memcpy.reserved))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "memcpy.flags and memcpy.reserved must be 0");
    return infinirt_check_copy_3d_node(&p->memcpy.copyParams);
  case infinirtGraphNodeTypeMemset: {
    struct infinirtMemsetParams m = {p->memset.dst,   p->memset.pitch,
                                     p->memset.value, p->memset.elementSize,
                                     p->memset.width, p->memset.height};
    return infinirt_check_memset_node(&m);
  }
  case infinirtGraphNodeTypeHost: {
    struct infinirtHostNodeParams h = {p->host.fn, p->host.userData};
    return infinirt_check_host_node(&h);
  }
  case infinirtGraphNodeTypeGraph:
    if (p->graph.ownership != infinirtGraphChildGraphOwnershipClone)
      return infinirt_detail(infinirtErrorNotSupported,
                             "child graph ownership %d: only Clone is "
                             "offered",
                             (int)p->graph.ownership);
    return infinirtSuccess;
  case infinirtGraphNodeTypeEmpty:
  case infinirtGraphNodeTypeWaitEvent:
  case infinirtGraphNodeTypeEventRecord:
    return infinirtSuccess;
  case infinirtGraphNodeTypeMemAlloc: {
    struct infinirtMemAllocNodeParams a = {
        p->alloc.poolProps, p->alloc.accessDescs, p->alloc.accessDescCount,
        p->alloc.bytesize, NULL};
    return infinirt_check_alloc_node(&a);
  }
  case infinirtGraphNodeTypeMemFree:
    return infinirt_check_nonnull(p->free.dptr, "free.dptr");
  case infinirtGraphNodeTypeExtSemaphoreSignal:
  case infinirtGraphNodeTypeExtSemaphoreWait:
  case infinirtGraphNodeTypeConditional:
    return infinirt_detail(infinirtErrorNotSupported,
                           "graph node type %d is not offered (external "
                           "semaphores and conditional nodes)",
                           (int)p->type);
  default:
    break;
  }
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtGraphNodeType", (int)p->type);
}

infinirtError_t infinirt_check_instantiate_flags(unsigned long long flags,
                                                 unsigned long long known) {
  if ((flags & ~known) == 0)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "instantiation flags 0x%llx have unknown bits", flags);
}

infinirtError_t
infinirt_check_instantiate_params(const infinirtGraphInstantiateParams *p) {
  return infinirt_check_instantiate_flags(p->flags,
                                          INFINIRT_INSTANTIATE_PARAM_FLAGS);
}

infinirtError_t infinirt_check_graph_mem_attr(int attr) {
  return infinirt_check_enum(attr, infinirtGraphMemAttrReservedMemHigh,
                             "infinirtGraphMemAttributeType");
}

infinirtError_t infinirt_check_graph_mem_attr_set(int attr, const void *value) {
  infinirtError_t err = infinirt_check_graph_mem_attr(attr);
  if (err != infinirtSuccess)
    return err;
  if (attr != infinirtGraphMemAttrUsedMemHigh &&
      attr != infinirtGraphMemAttrReservedMemHigh)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "graph memory attribute %d is read-only", attr);
  uint64_t v;
  memcpy(&v, value, sizeof v);
  if (v != 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a high mark can only be reset to 0, not %llu",
                           (unsigned long long)v);
  return infinirtSuccess;
}
