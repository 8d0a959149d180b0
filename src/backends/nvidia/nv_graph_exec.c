/* nv_graph_exec.c - executable graphs on the NVIDIA backend: the driver's
 * CUgraphExec in a registered handle; instantiation, upload, launch,
 * update, and the Exec*SetParams calls, which name a node of the graph the
 * executable graph was made from (the driver's node of that graph). Graph
 * memory: DeviceGraphMemTrim, Device{Get,Set}GraphMemAttribute. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv_graph.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))
#define EXEC(x) (((infinirt_nv_exec *)(x))->cu)
#define NODE(x) (((infinirt_nv_node *)(x))->cu)

static infinirtError_t exec_wrap(CUgraphExec cu, int dev,
                                 infinirtGraphExec_t *out) {
  infinirt_nv_exec *x = calloc(1, sizeof *x);
  if (x) {
    x->cu = cu;
    infinirt_nv_handle_init(&x->h, INFINIRT_HANDLE_GRAPH_EXEC, 0, dev);
    if (!infinirt_handle_register(&x->h)) {
      free(x);
      x = NULL;
    }
  }
  if (!x) {
    (void)infinirt_nv_sym.cuGraphExecDestroy(cu);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for an executable graph handle");
  }
  infinirt_nv_list_add(&infinirt_nv_devices[dev],
                       &infinirt_nv_devices[dev].execs, &x->link);
  *out = (infinirtGraphExec_t)x;
  return infinirtSuccess;
}

static infinirtError_t instantiate(infinirtGraphExec_t *pGraphExec,
                                   infinirtGraph_t graph,
                                   unsigned long long flags) {
  NV_NEED(cuGraphInstantiateWithFlags);
  NV_NEED(cuGraphExecDestroy);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUgraphExec cu = NULL;
  err = infinirt_nv_check(infinirt_nv_sym.cuGraphInstantiateWithFlags(
                              &cu, ((infinirt_nv_graph *)graph)->cu, flags),
                          "cuGraphInstantiateWithFlags");
  if (err != infinirtSuccess)
    return err;
  return exec_wrap(cu, dev, pGraphExec);
}

infinirtError_t infinirt_nv_GraphInstantiate(infinirtGraphExec_t *pGraphExec,
                                             infinirtGraph_t graph,
                                             unsigned long long flags) {
  return instantiate(pGraphExec, graph, flags);
}

infinirtError_t
infinirt_nv_GraphInstantiateWithFlags(infinirtGraphExec_t *pGraphExec,
                                      infinirtGraph_t graph,
                                      unsigned long long flags) {
  return instantiate(pGraphExec, graph, flags);
}

/* The upload stream is read only with the Upload flag (the core checked
 * it then); the failing node comes back as our handle. */
infinirtError_t
infinirt_nv_GraphInstantiateWithParams(infinirtGraphExec_t *pGraphExec,
                                       infinirtGraph_t graph,
                                       infinirtGraphInstantiateParams *p) {
  NV_NEED(cuGraphInstantiateWithParams);
  NV_NEED(cuGraphExecDestroy);
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUDA_GRAPH_INSTANTIATE_PARAMS c = {
      .flags = p->flags,
      .hUploadStream = (p->flags & infinirtGraphInstantiateFlagUpload)
                           ? infinirt_nv_cu_stream(p->uploadStream)
                           : NULL,
      .hErrNode_out = NULL,
      .result_out = 0,
  };
  CUgraphExec cu = NULL;
  CUresult r = infinirt_nv_sym.cuGraphInstantiateWithParams(&cu, g->cu, &c);
  infinirt_nv_node *errNode = NULL;
  if (c.hErrNode_out)
    (void)infinirt_nv_node_wrap(g, c.hErrNode_out, &errNode);
  p->errNode_out = (infinirtGraphNode_t)errNode;
  p->result_out = (infinirtGraphInstantiateResult)c.result_out;
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuGraphInstantiateWithParams");
  return exec_wrap(cu, dev, pGraphExec);
}

infinirtError_t infinirt_nv_GraphExecGetFlags(infinirtGraphExec_t graphExec,
                                              unsigned long long *flags) {
  NV_NEED(cuGraphExecGetFlags);
  cuuint64_t f = 0;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphExecGetFlags(EXEC(graphExec), &f),
      "cuGraphExecGetFlags");
  if (err == infinirtSuccess)
    *flags = f;
  return err;
}

infinirtError_t infinirt_nv_GraphUpload(infinirtGraphExec_t graphExec,
                                        infinirtStream_t stream) {
  NV_NEED(cuGraphUpload);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuGraphUpload(
                               EXEC(graphExec), infinirt_nv_cu_stream(stream)),
                           "cuGraphUpload");
}

infinirtError_t infinirt_nv_GraphLaunch(infinirtGraphExec_t graphExec,
                                        infinirtStream_t stream) {
  NV_NEED(cuGraphLaunch);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (__builtin_expect(err != infinirtSuccess, 0))
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuGraphLaunch(
                               EXEC(graphExec), infinirt_nv_cu_stream(stream)),
                           "cuGraphLaunch");
}

/* The core has unregistered |graphExec|; launches made complete. */
infinirtError_t infinirt_nv_GraphExecDestroy(infinirtGraphExec_t graphExec) {
  infinirt_nv_exec *x = (infinirt_nv_exec *)graphExec;
  CUresult r = infinirt_nv_sym.cuGraphExecDestroy(x->cu);
  if (r != CUDA_SUCCESS) {
    (void)infinirt_handle_register(&x->h); /* still there */
    return infinirt_nv_fail(r, "cuGraphExecDestroy");
  }
  infinirt_nv_list_remove(&infinirt_nv_devices[x->h.device], &x->link);
  x->h.magic = 0;
  free(x);
  return infinirtSuccess;
}

/* ---- parameters of an executable graph's nodes ------------------------- */

infinirtError_t infinirt_nv_GraphExecKernelNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtKernelNodeParams *p) {
  NV_NEED(cuGraphExecKernelNodeSetParams);
  int dev = 0;
  CUcontext ctx = NULL;
  infinirtError_t err = infinirt_nv_graph_ctx(&dev, &ctx);
  CUDA_KERNEL_NODE_PARAMS_v2 c;
  memset(&c, 0, sizeof c);
  if (err == infinirtSuccess)
    err = infinirt_nv_kernel_params(p->func, p->gridDim, p->blockDim,
                                    p->sharedMemBytes, p->kernelParams, dev,
                                    ctx, &c);
  if (err == infinirtSuccess)
    err = infinirt_nv_check(infinirt_nv_sym.cuGraphExecKernelNodeSetParams(
                                EXEC(hGraphExec), NODE(node), &c),
                            "cuGraphExecKernelNodeSetParams_v2");
  return err;
}

static infinirtError_t exec_copy(infinirtGraphExec_t x,
                                 infinirtGraphNode_t node,
                                 const struct infinirtMemcpy3DParms *p) {
  NV_NEED(cuGraphExecMemcpyNodeSetParams);
  int dev = 0;
  CUcontext ctx = NULL;
  infinirtError_t err = infinirt_nv_graph_ctx(&dev, &ctx);
  if (err != infinirtSuccess)
    return err;
  CUDA_MEMCPY3D c;
  infinirt_nv_copy_params(p, &c);
  return infinirt_nv_check(infinirt_nv_sym.cuGraphExecMemcpyNodeSetParams(
                               EXEC(x), NODE(node), &c, ctx),
                           "cuGraphExecMemcpyNodeSetParams");
}

infinirtError_t infinirt_nv_GraphExecMemcpyNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtMemcpy3DParms *pNodeParams) {
  return exec_copy(hGraphExec, node, pNodeParams);
}

infinirtError_t infinirt_nv_GraphExecMemcpyNodeSetParams1D(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind) {
  struct infinirtMemcpy3DParms p = infinirt_nv_copy_1d(dst, src, count, kind);
  return exec_copy(hGraphExec, node, &p);
}

infinirtError_t
infinirt_nv_GraphExecMemsetNodeSetParams(infinirtGraphExec_t hGraphExec,
                                         infinirtGraphNode_t node,
                                         const struct infinirtMemsetParams *p) {
  NV_NEED(cuGraphExecMemsetNodeSetParams);
  int dev = 0;
  CUcontext ctx = NULL;
  infinirtError_t err = infinirt_nv_graph_ctx(&dev, &ctx);
  if (err != infinirtSuccess)
    return err;
  CUDA_MEMSET_NODE_PARAMS c = {DEV(p->dst),    p->pitch, p->value,
                               p->elementSize, p->width, p->height};
  return infinirt_nv_check(infinirt_nv_sym.cuGraphExecMemsetNodeSetParams(
                               EXEC(hGraphExec), NODE(node), &c, ctx),
                           "cuGraphExecMemsetNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphExecHostNodeSetParams(infinirtGraphExec_t hGraphExec,
                                       infinirtGraphNode_t node,
                                       const struct infinirtHostNodeParams *p) {
  NV_NEED(cuGraphExecHostNodeSetParams);
  CUDA_HOST_NODE_PARAMS c = {NULL, NULL};
  infinirtError_t err = infinirt_nv_host_params(p->fn, p->userData, &c);
  if (err == infinirtSuccess)
    err = infinirt_nv_check(infinirt_nv_sym.cuGraphExecHostNodeSetParams(
                                EXEC(hGraphExec), NODE(node), &c),
                            "cuGraphExecHostNodeSetParams");
  return err;
}

infinirtError_t
infinirt_nv_GraphExecChildGraphNodeSetParams(infinirtGraphExec_t hGraphExec,
                                             infinirtGraphNode_t node,
                                             infinirtGraph_t childGraph) {
  NV_NEED(cuGraphExecChildGraphNodeSetParams);
  return infinirt_nv_check(
      infinirt_nv_sym.cuGraphExecChildGraphNodeSetParams(
          EXEC(hGraphExec), NODE(node), ((infinirt_nv_graph *)childGraph)->cu),
      "cuGraphExecChildGraphNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphExecEventRecordNodeSetEvent(infinirtGraphExec_t hGraphExec,
                                             infinirtGraphNode_t hNode,
                                             infinirtEvent_t event) {
  NV_NEED(cuGraphExecEventRecordNodeSetEvent);
  return infinirt_nv_check(
      infinirt_nv_sym.cuGraphExecEventRecordNodeSetEvent(
          EXEC(hGraphExec), NODE(hNode), ((infinirt_nv_event *)event)->cu),
      "cuGraphExecEventRecordNodeSetEvent");
}

infinirtError_t
infinirt_nv_GraphExecEventWaitNodeSetEvent(infinirtGraphExec_t hGraphExec,
                                           infinirtGraphNode_t hNode,
                                           infinirtEvent_t event) {
  NV_NEED(cuGraphExecEventWaitNodeSetEvent);
  return infinirt_nv_check(
      infinirt_nv_sym.cuGraphExecEventWaitNodeSetEvent(
          EXEC(hGraphExec), NODE(hNode), ((infinirt_nv_event *)event)->cu),
      "cuGraphExecEventWaitNodeSetEvent");
}

infinirtError_t
infinirt_nv_GraphExecNodeSetParams(infinirtGraphExec_t graphExec,
                                   infinirtGraphNode_t node,
                                   struct infinirtGraphNodeParams *nodeParams) {
  NV_NEED(cuGraphExecNodeSetParams);
  int dev = 0;
  CUcontext ctx = NULL;
  infinirtError_t err = infinirt_nv_graph_ctx(&dev, &ctx);
  if (err != infinirtSuccess)
    return err;
  CUgraphNodeParams c;
  CUmemAccessDesc *descs = NULL;
  err = infinirt_nv_generic_params(nodeParams, dev, ctx, &c, &descs);
  if (err == infinirtSuccess)
    err = infinirt_nv_check(infinirt_nv_sym.cuGraphExecNodeSetParams(
                                EXEC(graphExec), NODE(node), &c),
                            "cuGraphExecNodeSetParams");
  free(descs);
  return err;
}

infinirtError_t infinirt_nv_GraphNodeSetEnabled(infinirtGraphExec_t hGraphExec,
                                                infinirtGraphNode_t hNode,
                                                unsigned int isEnabled) {
  NV_NEED(cuGraphNodeSetEnabled);
  return infinirt_nv_check(infinirt_nv_sym.cuGraphNodeSetEnabled(
                               EXEC(hGraphExec), NODE(hNode), isEnabled),
                           "cuGraphNodeSetEnabled");
}

infinirtError_t infinirt_nv_GraphNodeGetEnabled(infinirtGraphExec_t hGraphExec,
                                                infinirtGraphNode_t hNode,
                                                unsigned int *isEnabled) {
  NV_NEED(cuGraphNodeGetEnabled);
  unsigned int on = 0;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphNodeGetEnabled(EXEC(hGraphExec), NODE(hNode), &on),
      "cuGraphNodeGetEnabled");
  if (err == infinirtSuccess)
    *isEnabled = on;
  return err;
}

/* The result is written on failure too (GraphExecUpdateFailure says why);
 * the nodes it names are nodes of |hGraph|. */
infinirtError_t
infinirt_nv_GraphExecUpdate(infinirtGraphExec_t hGraphExec,
                            infinirtGraph_t hGraph,
                            infinirtGraphExecUpdateResultInfo *resultInfo) {
  NV_NEED(cuGraphExecUpdate);
  infinirt_nv_graph *g = (infinirt_nv_graph *)hGraph;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUgraphExecUpdateResultInfo c = {0, NULL, NULL};
  CUresult r = infinirt_nv_sym.cuGraphExecUpdate(EXEC(hGraphExec), g->cu, &c);
  infinirt_nv_node *to = NULL, *from = NULL;
  if (c.errorNode)
    (void)infinirt_nv_node_wrap(g, c.errorNode, &to);
  if (c.errorFromNode)
    (void)infinirt_nv_node_wrap(g, c.errorFromNode, &from);
  if (resultInfo) {
    resultInfo->result = (enum infinirtGraphExecUpdateResult)c.result;
    resultInfo->errorNode = (infinirtGraphNode_t)to;
    resultInfo->errorFromNode = (infinirtGraphNode_t)from;
  }
  return infinirt_nv_check(r, "cuGraphExecUpdate_v2");
}

/* ---- graph memory ------------------------------------------------------ */

infinirtError_t infinirt_nv_DeviceGraphMemTrim(int device) {
  NV_NEED(cuDeviceGraphMemTrim);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  infinirt_node_blocks_trim(); /* our node wrappers' kept blocks */
  return infinirt_nv_check(
      infinirt_nv_sym.cuDeviceGraphMemTrim(infinirt_nv_devices[device].cu),
      "cuDeviceGraphMemTrim");
}

/* The values are uint64_t, as the driver's; the attributes its values. */
infinirtError_t infinirt_nv_DeviceGetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value) {
  NV_NEED(cuDeviceGetGraphMemAttribute);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuDeviceGetGraphMemAttribute(
          infinirt_nv_devices[device].cu, (CUgraphMem_attribute)attr, value),
      "cuDeviceGetGraphMemAttribute");
}

infinirtError_t infinirt_nv_DeviceSetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value) {
  NV_NEED(cuDeviceSetGraphMemAttribute);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuDeviceSetGraphMemAttribute(
          infinirt_nv_devices[device].cu, (CUgraphMem_attribute)attr, value),
      "cuDeviceSetGraphMemAttribute");
}
