/* nv_graph_inspect.c - reading graphs and nodes, and setting a node's
 * parameters: the list calls (nodes, roots, edges, dependencies) as our
 * node handles, GraphNodeGetType, the typed and generic Get/SetParams,
 * ChildGraphNodeGetGraph, the event nodes' events, GraphDebugDotPrint. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv_graph.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

/* ---- lists ------------------------------------------------------------- */

/* One driver list call: fills |a| (and |b|, |e| where it has them) with up
 * to |*n| entries, or with |a| NULL stores the count. */
typedef CUresult (*list_fn)(void *obj, CUgraphNode *a, CUgraphNode *b,
                            CUgraphEdgeData *e, size_t *n);

static CUresult get_nodes(void *g, CUgraphNode *a, CUgraphNode *b,
                          CUgraphEdgeData *e, size_t *n) {
  (void)b;
  (void)e;
  return infinirt_nv_sym.cuGraphGetNodes(g, a, n);
}
static CUresult get_roots(void *g, CUgraphNode *a, CUgraphNode *b,
                          CUgraphEdgeData *e, size_t *n) {
  (void)b;
  (void)e;
  return infinirt_nv_sym.cuGraphGetRootNodes(g, a, n);
}
static CUresult get_edges(void *g, CUgraphNode *a, CUgraphNode *b,
                          CUgraphEdgeData *e, size_t *n) {
  return infinirt_nv_sym.cuGraphGetEdges(g, a, b, e, n);
}
static CUresult get_deps(void *x, CUgraphNode *a, CUgraphNode *b,
                         CUgraphEdgeData *e, size_t *n) {
  (void)b;
  return infinirt_nv_sym.cuGraphNodeGetDependencies(x, a, e, n);
}
static CUresult get_dependents(void *x, CUgraphNode *a, CUgraphNode *b,
                               CUgraphEdgeData *e, size_t *n) {
  (void)b;
  return infinirt_nv_sym.cuGraphNodeGetDependentNodes(x, a, e, n);
}

/* The driver's answer in our handles (nodes of |g|). A NULL |out_a| asks
 * for the count; else the driver fills arrays of |*n| entries (the unused
 * ones NULL) and stores its count, and so does this. Edge data is the
 * driver's layout, written in place. */
static infinirtError_t list(list_fn fn, const char *what, void *obj,
                            infinirt_nv_graph *g, infinirtGraphNode_t *out_a,
                            infinirtGraphNode_t *out_b,
                            infinirtGraphEdgeData *edata, size_t *n) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  if (!out_a)
    return infinirt_nv_check(fn(obj, NULL, NULL, NULL, n), what);
  size_t cap = *n, got = cap;
  /* Never NULL, so that the driver fills rather than counts. */
  CUgraphNode *a = calloc(cap ? cap : 1, sizeof *a);
  CUgraphNode *b = out_b ? calloc(cap ? cap : 1, sizeof *b) : NULL;
  if (!a || (out_b && !b))
    err = infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory for %zu graph nodes", cap);
  if (err == infinirtSuccess)
    err =
        infinirt_nv_check(fn(obj, a, b, (CUgraphEdgeData *)edata, &got), what);
  /* Both arrays wrapped before either is written. */
  infinirtGraphNode_t *wa = NULL, *wb = NULL;
  if (err == infinirtSuccess && cap) {
    wa = malloc(cap * sizeof *wa);
    wb = out_b ? malloc(cap * sizeof *wb) : NULL;
    if (!wa || (out_b && !wb))
      err = infinirt_detail(infinirtErrorMemoryAllocation,
                            "no memory for %zu graph nodes", cap);
  }
  if (err == infinirtSuccess && cap)
    err = infinirt_nv_nodes_wrap(g, a, cap, wa);
  if (err == infinirtSuccess && cap && out_b)
    err = infinirt_nv_nodes_wrap(g, b, cap, wb);
  if (err == infinirtSuccess) {
    if (cap)
      memcpy(out_a, wa, cap * sizeof *wa);
    if (cap && out_b)
      memcpy(out_b, wb, cap * sizeof *wb);
    *n = got;
  }
  free(a);
  free(b);
  free(wa);
  free(wb);
  return err;
}

infinirtError_t infinirt_nv_GraphGetNodes(infinirtGraph_t graph,
                                          infinirtGraphNode_t *nodes,
                                          size_t *numNodes) {
  NV_NEED(cuGraphGetNodes);
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  return list(get_nodes, "cuGraphGetNodes", g->cu, g, nodes, NULL, NULL,
              numNodes);
}

infinirtError_t infinirt_nv_GraphGetRootNodes(infinirtGraph_t graph,
                                              infinirtGraphNode_t *pRootNodes,
                                              size_t *pNumRootNodes) {
  NV_NEED(cuGraphGetRootNodes);
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  return list(get_roots, "cuGraphGetRootNodes", g->cu, g, pRootNodes, NULL,
              NULL, pNumRootNodes);
}

infinirtError_t infinirt_nv_GraphGetEdges(infinirtGraph_t graph,
                                          infinirtGraphNode_t *from,
                                          infinirtGraphNode_t *to,
                                          infinirtGraphEdgeData *edgeData,
                                          size_t *numEdges) {
  NV_NEED(cuGraphGetEdges);
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  return list(get_edges, "cuGraphGetEdges_v2", g->cu, g, from, to, edgeData,
              numEdges);
}

infinirtError_t infinirt_nv_GraphNodeGetDependencies(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependencies,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependencies) {
  NV_NEED(cuGraphNodeGetDependencies);
  infinirt_nv_node *n = (infinirt_nv_node *)node;
  return list(get_deps, "cuGraphNodeGetDependencies_v2", n->cu, n->graph,
              pDependencies, NULL, edgeData, pNumDependencies);
}

infinirtError_t infinirt_nv_GraphNodeGetDependentNodes(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependentNodes,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependentNodes) {
  NV_NEED(cuGraphNodeGetDependentNodes);
  infinirt_nv_node *n = (infinirt_nv_node *)node;
  return list(get_dependents, "cuGraphNodeGetDependentNodes_v2", n->cu,
              n->graph, pDependentNodes, NULL, edgeData, pNumDependentNodes);
}

infinirtError_t
infinirt_nv_GraphNodeGetType(infinirtGraphNode_t node,
                             enum infinirtGraphNodeType *pType) {
  NV_NEED(cuGraphNodeGetType);
  CUgraphNodeType t = 0;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphNodeGetType(((infinirt_nv_node *)node)->cu, &t),
      "cuGraphNodeGetType");
  if (err == infinirtSuccess)
    *pType = (enum infinirtGraphNodeType)t;
  return err;
}

/* ---- typed parameters -------------------------------------------------- */

#define NODE(x) ((infinirt_nv_node *)(x))

infinirtError_t
infinirt_nv_GraphKernelNodeGetParams(infinirtGraphNode_t node,
                                     struct infinirtKernelNodeParams *out) {
  NV_NEED(cuGraphKernelNodeGetParams);
  infinirt_nv_node *n = NODE(node);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUDA_KERNEL_NODE_PARAMS_v2 c;
  memset(&c, 0, sizeof c);
  err = infinirt_nv_check(infinirt_nv_sym.cuGraphKernelNodeGetParams(n->cu, &c),
                          "cuGraphKernelNodeGetParams_v2");
  if (err != infinirtSuccess)
    return err;
  pthread_mutex_lock(&n->graph->lock);
  void *func = n->kernel;
  pthread_mutex_unlock(&n->graph->lock);
  out->func = func ? func : infinirt_nv_kernel_of_params(&c);
  out->gridDim = (infinirtDim3){c.gridDimX, c.gridDimY, c.gridDimZ};
  out->blockDim = (infinirtDim3){c.blockDimX, c.blockDimY, c.blockDimZ};
  out->sharedMemBytes = c.sharedMemBytes;
  out->kernelParams = c.kernelParams;
  out->extra = c.extra;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_GraphKernelNodeSetParams(infinirtGraphNode_t node,
                                     const struct infinirtKernelNodeParams *p) {
  NV_NEED(cuGraphKernelNodeSetParams);
  infinirt_nv_node *n = NODE(node);
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
    err =
        infinirt_nv_check(infinirt_nv_sym.cuGraphKernelNodeSetParams(n->cu, &c),
                          "cuGraphKernelNodeSetParams_v2");
  if (err == infinirtSuccess) {
    pthread_mutex_lock(&n->graph->lock);
    n->kernel = p->func;
    pthread_mutex_unlock(&n->graph->lock);
  }
  return err;
}

infinirtError_t
infinirt_nv_GraphMemcpyNodeGetParams(infinirtGraphNode_t node,
                                     struct infinirtMemcpy3DParms *out) {
  NV_NEED(cuGraphMemcpyNodeGetParams);
  infinirt_nv_node *n = NODE(node);
  CUDA_MEMCPY3D c;
  memset(&c, 0, sizeof c);
  /* Asked even when remembered: a node of another type is the driver's
   * InvalidValue. */
  infinirtError_t err =
      infinirt_nv_check(infinirt_nv_sym.cuGraphMemcpyNodeGetParams(n->cu, &c),
                        "cuGraphMemcpyNodeGetParams");
  if (err != infinirtSuccess)
    return err;
  pthread_mutex_lock(&n->graph->lock);
  if (n->has_copy)
    *out = n->copy;
  else
    infinirt_nv_copy_of_driver(&c, out);
  pthread_mutex_unlock(&n->graph->lock);
  return infinirtSuccess;
}

static infinirtError_t set_copy(infinirt_nv_node *n,
                                const struct infinirtMemcpy3DParms *p) {
  NV_NEED(cuGraphMemcpyNodeSetParams);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUDA_MEMCPY3D c;
  infinirt_nv_copy_params(p, &c);
  err = infinirt_nv_check(infinirt_nv_sym.cuGraphMemcpyNodeSetParams(n->cu, &c),
                          "cuGraphMemcpyNodeSetParams");
  if (err == infinirtSuccess) {
    pthread_mutex_lock(&n->graph->lock);
    n->has_copy = true;
    n->copy = *p;
    pthread_mutex_unlock(&n->graph->lock);
  }
  return err;
}

infinirtError_t
infinirt_nv_GraphMemcpyNodeSetParams(infinirtGraphNode_t node,
                                     const struct infinirtMemcpy3DParms *p) {
  return set_copy(NODE(node), p);
}

infinirtError_t
infinirt_nv_GraphMemcpyNodeSetParams1D(infinirtGraphNode_t node, void *dst,
                                       const void *src, size_t count,
                                       enum infinirtMemcpyKind kind) {
  struct infinirtMemcpy3DParms p = infinirt_nv_copy_1d(dst, src, count, kind);
  return set_copy(NODE(node), &p);
}

infinirtError_t
infinirt_nv_GraphMemsetNodeGetParams(infinirtGraphNode_t node,
                                     struct infinirtMemsetParams *out) {
  NV_NEED(cuGraphMemsetNodeGetParams);
  CUDA_MEMSET_NODE_PARAMS c;
  memset(&c, 0, sizeof c);
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphMemsetNodeGetParams(NODE(node)->cu, &c),
      "cuGraphMemsetNodeGetParams");
  if (err == infinirtSuccess)
    *out = (struct infinirtMemsetParams){(void *)(uintptr_t)c.dst,
                                         c.pitch,
                                         c.value,
                                         c.elementSize,
                                         c.width,
                                         c.height};
  return err;
}

infinirtError_t
infinirt_nv_GraphMemsetNodeSetParams(infinirtGraphNode_t node,
                                     const struct infinirtMemsetParams *p) {
  NV_NEED(cuGraphMemsetNodeSetParams);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUDA_MEMSET_NODE_PARAMS c = {DEV(p->dst),    p->pitch, p->value,
                               p->elementSize, p->width, p->height};
  return infinirt_nv_check(
      infinirt_nv_sym.cuGraphMemsetNodeSetParams(NODE(node)->cu, &c),
      "cuGraphMemsetNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphHostNodeGetParams(infinirtGraphNode_t node,
                                   struct infinirtHostNodeParams *out) {
  NV_NEED(cuGraphHostNodeGetParams);
  CUDA_HOST_NODE_PARAMS c = {NULL, NULL};
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphHostNodeGetParams(NODE(node)->cu, &c),
      "cuGraphHostNodeGetParams");
  if (err == infinirtSuccess)
    infinirt_nv_host_fn_of_driver(c.fn, c.userData, &out->fn, &out->userData);
  return err;
}

infinirtError_t
infinirt_nv_GraphHostNodeSetParams(infinirtGraphNode_t node,
                                   const struct infinirtHostNodeParams *p) {
  NV_NEED(cuGraphHostNodeSetParams);
  CUDA_HOST_NODE_PARAMS c = {NULL, NULL};
  infinirtError_t err = infinirt_nv_host_params(p->fn, p->userData, &c);
  if (err == infinirtSuccess)
    err = infinirt_nv_check(
        infinirt_nv_sym.cuGraphHostNodeSetParams(NODE(node)->cu, &c),
        "cuGraphHostNodeSetParams");
  return err;
}

/* The node's graph, wrapped once and owned by the node. */
infinirtError_t
infinirt_nv_GraphChildGraphNodeGetGraph(infinirtGraphNode_t node,
                                        infinirtGraph_t *pGraph) {
  NV_NEED(cuGraphChildGraphNodeGetGraph);
  infinirt_nv_node *n = NODE(node);
  infinirt_nv_graph *parent = n->graph;
  CUgraph cu = NULL;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphChildGraphNodeGetGraph(n->cu, &cu),
      "cuGraphChildGraphNodeGetGraph");
  if (err != infinirtSuccess)
    return err;
  pthread_mutex_lock(&parent->lock);
  infinirt_nv_graph *child = n->child;
  if (!child && (err = infinirt_nv_graph_wrap(cu, parent->h.device, n, &child,
                                              NULL)) == infinirtSuccess)
    n->child = child;
  pthread_mutex_unlock(&parent->lock);
  if (err == infinirtSuccess)
    *pGraph = (infinirtGraph_t)child;
  return err;
}

typedef CUresult (*get_event_fn)(CUgraphNode n, CUevent *e);
typedef CUresult (*set_event_fn)(CUgraphNode n, CUevent e);

/* Our handle of the node's event (the driver's, if it has none). */
static infinirtError_t get_event(get_event_fn fn, const char *what,
                                 infinirtGraphNode_t node,
                                 infinirtEvent_t *event_out) {
  if (!fn)
    return infinirt_nv_missing(what);
  CUevent cu = NULL;
  infinirtError_t err = infinirt_nv_check(fn(NODE(node)->cu, &cu), what);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_event *e = infinirt_nv_event_of_driver(cu);
  *event_out = e ? (infinirtEvent_t)e : (infinirtEvent_t)(void *)cu;
  return infinirtSuccess;
}

static infinirtError_t set_event(set_event_fn fn, const char *what,
                                 infinirtGraphNode_t node,
                                 infinirtEvent_t event) {
  if (!fn)
    return infinirt_nv_missing(what);
  return infinirt_nv_check(fn(NODE(node)->cu, ((infinirt_nv_event *)event)->cu),
                           what);
}

infinirtError_t
infinirt_nv_GraphEventRecordNodeGetEvent(infinirtGraphNode_t node,
                                         infinirtEvent_t *event_out) {
  return get_event(infinirt_nv_sym.cuGraphEventRecordNodeGetEvent,
                   "cuGraphEventRecordNodeGetEvent", node, event_out);
}

infinirtError_t
infinirt_nv_GraphEventRecordNodeSetEvent(infinirtGraphNode_t node,
                                         infinirtEvent_t event) {
  return set_event(infinirt_nv_sym.cuGraphEventRecordNodeSetEvent,
                   "cuGraphEventRecordNodeSetEvent", node, event);
}

infinirtError_t
infinirt_nv_GraphEventWaitNodeGetEvent(infinirtGraphNode_t node,
                                       infinirtEvent_t *event_out) {
  return get_event(infinirt_nv_sym.cuGraphEventWaitNodeGetEvent,
                   "cuGraphEventWaitNodeGetEvent", node, event_out);
}

infinirtError_t infinirt_nv_GraphEventWaitNodeSetEvent(infinirtGraphNode_t node,
                                                       infinirtEvent_t event) {
  return set_event(infinirt_nv_sym.cuGraphEventWaitNodeSetEvent,
                   "cuGraphEventWaitNodeSetEvent", node, event);
}

infinirtError_t
infinirt_nv_GraphMemAllocNodeGetParams(infinirtGraphNode_t node,
                                       struct infinirtMemAllocNodeParams *out) {
  NV_NEED(cuGraphMemAllocNodeGetParams);
  CUDA_MEM_ALLOC_NODE_PARAMS c;
  memset(&c, 0, sizeof c);
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphMemAllocNodeGetParams(NODE(node)->cu, &c),
      "cuGraphMemAllocNodeGetParams");
  if (err == infinirtSuccess)
    infinirt_nv_alloc_of_driver(&c, out);
  return err;
}

infinirtError_t infinirt_nv_GraphMemFreeNodeGetParams(infinirtGraphNode_t node,
                                                      void *dptr_out) {
  NV_NEED(cuGraphMemFreeNodeGetParams);
  CUdeviceptr d = 0;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphMemFreeNodeGetParams(NODE(node)->cu, &d),
      "cuGraphMemFreeNodeGetParams");
  if (err == infinirtSuccess)
    *(void **)dptr_out = (void *)(uintptr_t)d;
  return err;
}

infinirtError_t
infinirt_nv_GraphNodeSetParams(infinirtGraphNode_t node,
                               struct infinirtGraphNodeParams *nodeParams) {
  NV_NEED(cuGraphNodeSetParams);
  infinirt_nv_node *n = NODE(node);
  int dev = 0;
  CUcontext ctx = NULL;
  infinirtError_t err = infinirt_nv_graph_ctx(&dev, &ctx);
  if (err != infinirtSuccess)
    return err;
  CUgraphNodeParams c;
  CUmemAccessDesc *descs = NULL;
  err = infinirt_nv_generic_params(nodeParams, dev, ctx, &c, &descs);
  if (err == infinirtSuccess)
    err = infinirt_nv_check(infinirt_nv_sym.cuGraphNodeSetParams(n->cu, &c),
                            "cuGraphNodeSetParams");
  free(descs);
  if (err == infinirtSuccess) {
    pthread_mutex_lock(&n->graph->lock);
    infinirt_nv_node_remember(n, nodeParams);
    pthread_mutex_unlock(&n->graph->lock);
  }
  return err;
}

/* The driver names the runtime's structures when asked, as cudart asks. */
infinirtError_t infinirt_nv_GraphDebugDotPrint(infinirtGraph_t graph,
                                               const char *path,
                                               unsigned int flags) {
  NV_NEED(cuGraphDebugDotPrint);
  return infinirt_nv_check(infinirt_nv_sym.cuGraphDebugDotPrint(
                               ((infinirt_nv_graph *)graph)->cu, path,
                               flags | CU_GRAPH_DEBUG_DOT_FLAGS_RUNTIME_TYPES),
                           "cuGraphDebugDotPrint");
}
