/* nv_graph.c - graphs on the NVIDIA backend: the driver's graphs and nodes
 * wrapped in registered handles (nv_graph.h), GraphCreate, GraphDestroy,
 * GraphClone, the Add*Node calls, the edges, GraphDestroyNode. The core has
 * validated every handle (live, of this backend); a dependency of another
 * graph of ours is refused here, anything else the driver refuses is
 * passed through its error translation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv_graph.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

static pthread_mutex_t graphs_lock = PTHREAD_MUTEX_INITIALIZER;
static infinirt_nv_ptrmap graphs; /* CUgraph -> infinirt_nv_graph */

/* ---- wrappers ---------------------------------------------------------- */

static infinirtError_t no_memory(const char *what) {
  return infinirt_detail(infinirtErrorMemoryAllocation, "no memory for %s",
                         what);
}

infinirtError_t infinirt_nv_graph_wrap(CUgraph cu, int dev,
                                       infinirt_nv_node *owner,
                                       infinirt_nv_graph **out, bool *made) {
  if (made)
    *made = false;
  pthread_mutex_lock(&graphs_lock);
  infinirt_nv_graph *g = infinirt_nv_ptrmap_get(&graphs, cu);
  if (g) {
    pthread_mutex_unlock(&graphs_lock);
    *out = g;
    return infinirtSuccess;
  }
  g = calloc(1, sizeof *g);
  if (g) {
    g->cu = cu;
    g->owner = owner;
    pthread_mutex_init(&g->lock, NULL);
    infinirt_nv_handle_init(&g->h, INFINIRT_HANDLE_GRAPH, 0, dev);
    if (!infinirt_nv_ptrmap_put(&graphs, cu, g)) {
      pthread_mutex_destroy(&g->lock);
      free(g);
      g = NULL;
    } else if (!infinirt_handle_register(&g->h)) {
      infinirt_nv_ptrmap_del(&graphs, cu);
      pthread_mutex_destroy(&g->lock);
      free(g);
      g = NULL;
    }
  }
  pthread_mutex_unlock(&graphs_lock);
  if (!g)
    return no_memory("a graph handle");
  if (made)
    *made = true;
  *out = g;
  return infinirtSuccess;
}

/* Ends |n| (its graph's lock held) and frees the child graph wrapper it
 * owns; its memory goes with its graph's node blocks. */
static void node_free(void *value, void *arg) {
  (void)arg;
  infinirt_nv_node *n = value;
  infinirt_handle_unregister(&n->h);
  if (n->child)
    infinirt_nv_graph_free(n->child);
  n->h.magic = 0;
}

void infinirt_nv_graph_free(infinirt_nv_graph *g) {
  infinirt_handle_unregister(&g->h);
  pthread_mutex_lock(&graphs_lock);
  if (infinirt_nv_ptrmap_get(&graphs, g->cu) == g)
    infinirt_nv_ptrmap_del(&graphs, g->cu);
  pthread_mutex_unlock(&graphs_lock);
  pthread_mutex_lock(&g->lock);
  infinirt_nv_ptrmap_each(&g->nodes, node_free, NULL);
  infinirt_nv_ptrmap_clear(&g->nodes);
  infinirt_node_blocks_free(&g->blocks);
  pthread_mutex_unlock(&g->lock);
  pthread_mutex_destroy(&g->lock);
  g->h.magic = 0;
  free(g);
}

typedef struct capture_drop {
  unsigned long long id;
  infinirt_nv_graph **found;
  size_t n, cap;
} capture_drop;

static void collect_capture(void *value, void *arg) {
  infinirt_nv_graph *g = value;
  capture_drop *d = arg;
  if (!g->of_capture || g->capture_id != d->id)
    return;
  if (d->n == d->cap) {
    size_t cap = d->cap ? 2 * d->cap : 4;
    infinirt_nv_graph **f = realloc(d->found, cap * sizeof *f);
    if (!f)
      return; /* that wrapper stays: a leak, not a fault */
    d->found = f;
    d->cap = cap;
  }
  d->found[d->n++] = g;
}

void infinirt_nv_graph_drop_capture(unsigned long long id) {
  capture_drop d = {id, NULL, 0, 0};
  pthread_mutex_lock(&graphs_lock);
  infinirt_nv_ptrmap_each(&graphs, collect_capture, &d);
  pthread_mutex_unlock(&graphs_lock);
  for (size_t i = 0; i < d.n; i++)
    infinirt_nv_graph_free(d.found[i]);
  free(d.found);
}

/* |cu|'s wrapper, made if it has none; |g| locked. NULL if memory ran
 * out. */
static infinirt_nv_node *node_wrap_locked(infinirt_nv_graph *g,
                                          CUgraphNode cu) {
  infinirt_nv_node *n = infinirt_nv_ptrmap_get(&g->nodes, cu);
  if (!n && (n = infinirt_node_alloc(&g->blocks, sizeof *n))) {
    n->cu = cu;
    n->graph = g;
    infinirt_nv_handle_init(&n->h, INFINIRT_HANDLE_GRAPH_NODE, 0, g->h.device);
    if (!infinirt_nv_ptrmap_put(&g->nodes, cu, n))
      n = NULL; /* its room stays in the block */
    else
      (void)infinirt_handle_register(&n->h); /* cannot fail for a node */
  }
  return n;
}

infinirtError_t infinirt_nv_node_wrap(infinirt_nv_graph *g, CUgraphNode cu,
                                      infinirt_nv_node **out) {
  pthread_mutex_lock(&g->lock);
  infinirt_nv_node *n = node_wrap_locked(g, cu);
  pthread_mutex_unlock(&g->lock);
  if (!n)
    return no_memory("a graph node handle");
  *out = n;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_nodes_wrap(infinirt_nv_graph *g,
                                       const CUgraphNode *cu, size_t n,
                                       infinirtGraphNode_t *out) {
  /* All or nothing: |out| is written once every wrapper exists. */
  infinirt_nv_node *small[8];
  infinirt_nv_node **w =
      n <= sizeof small / sizeof small[0] ? small : malloc(n * sizeof *w);
  if (!w)
    return no_memory("graph node handles");
  bool ok = true;
  pthread_mutex_lock(&g->lock);
  for (size_t i = 0; i < n && ok; i++)
    ok = !cu[i] || (w[i] = node_wrap_locked(g, cu[i])) != NULL;
  pthread_mutex_unlock(&g->lock);
  for (size_t i = 0; i < n && ok; i++)
    out[i] = cu[i] ? (infinirtGraphNode_t)w[i] : NULL;
  if (w != small)
    free(w);
  return ok ? infinirtSuccess : no_memory("a graph node handle");
}

infinirtError_t infinirt_nv_deps_get(infinirt_nv_deps *d,
                                     const infinirt_nv_graph *g,
                                     const infinirtGraphNode_t *nodes, size_t n,
                                     const char *what) {
  d->p = n <= sizeof d->small / sizeof d->small[0] ? d->small
                                                   : malloc(n * sizeof *d->p);
  if (!d->p)
    return no_memory("a dependency array");
  for (size_t i = 0; i < n; i++) {
    const infinirt_nv_node *x = (const infinirt_nv_node *)nodes[i];
    if (g && x->graph != g) {
      infinirt_nv_deps_free(d);
      return infinirt_detail(infinirtErrorInvalidValue,
                             "%s[%zu] (%p) is a node of graph %p, not of %p",
                             what, i, (void *)x, (void *)x->graph,
                             (const void *)g);
    }
    d->p[i] = x->cu;
  }
  return infinirtSuccess;
}

void infinirt_nv_deps_free(infinirt_nv_deps *d) {
  if (d->p != d->small)
    free(d->p);
  d->p = NULL;
}

/* ---- graphs ------------------------------------------------------------ */

infinirtError_t infinirt_nv_GraphCreate(infinirtGraph_t *pGraph,
                                        unsigned int flags) {
  NV_NEED(cuGraphCreate);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUgraph cu = NULL;
  err = infinirt_nv_check(infinirt_nv_sym.cuGraphCreate(&cu, flags),
                          "cuGraphCreate");
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_graph *g = NULL;
  err = infinirt_nv_graph_wrap(cu, dev, NULL, &g, NULL);
  if (err != infinirtSuccess) {
    (void)infinirt_nv_sym.cuGraphDestroy(cu);
    return err;
  }
  *pGraph = (infinirtGraph_t)g;
  return infinirtSuccess;
}

/* The core has unregistered |graph|. A child graph's handle (from
 * ChildGraphNodeGetGraph) is only let go: its node owns the driver's
 * graph, and a later ChildGraphNodeGetGraph makes a new handle. */
infinirtError_t infinirt_nv_GraphDestroy(infinirtGraph_t graph) {
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  if (g->owner) {
    infinirt_nv_graph *parent = g->owner->graph;
    pthread_mutex_lock(&parent->lock);
    g->owner->child = NULL;
    pthread_mutex_unlock(&parent->lock);
    infinirt_nv_graph_free(g);
    return infinirtSuccess;
  }
  CUresult r = infinirt_nv_sym.cuGraphDestroy(g->cu);
  if (r != CUDA_SUCCESS) {
    (void)infinirt_handle_register(&g->h); /* still there */
    return infinirt_nv_fail(r, "cuGraphDestroy");
  }
  infinirt_nv_graph_free(g);
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_GraphClone(infinirtGraph_t *pGraphClone,
                                       infinirtGraph_t originalGraph) {
  NV_NEED(cuGraphClone);
  infinirt_nv_graph *g = (infinirt_nv_graph *)originalGraph;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUgraph cu = NULL;
  err = infinirt_nv_check(infinirt_nv_sym.cuGraphClone(&cu, g->cu),
                          "cuGraphClone");
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_graph *c = NULL;
  err = infinirt_nv_graph_wrap(cu, g->h.device, NULL, &c, NULL);
  if (err != infinirtSuccess) {
    (void)infinirt_nv_sym.cuGraphDestroy(cu);
    return err;
  }
  *pGraphClone = (infinirtGraph_t)c;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_GraphNodeFindInClone(infinirtGraphNode_t *pNode,
                                 infinirtGraphNode_t originalNode,
                                 infinirtGraph_t clonedGraph) {
  NV_NEED(cuGraphNodeFindInClone);
  infinirt_nv_node *o = (infinirt_nv_node *)originalNode;
  infinirt_nv_graph *c = (infinirt_nv_graph *)clonedGraph;
  CUgraphNode cu = NULL;
  infinirtError_t err = infinirt_nv_check(
      infinirt_nv_sym.cuGraphNodeFindInClone(&cu, o->cu, c->cu),
      "cuGraphNodeFindInClone");
  infinirt_nv_node *n = NULL;
  if (err == infinirtSuccess)
    err = infinirt_nv_node_wrap(c, cu, &n);
  if (err == infinirtSuccess)
    *pNode = (infinirtGraphNode_t)n;
  return err;
}

/* ---- adding nodes ------------------------------------------------------ */

/* The node the driver made, wrapped; on failure it is destroyed again, so
 * that a failing call changes nothing. */
static infinirtError_t added(infinirt_nv_graph *g, CUresult r, const char *what,
                             CUgraphNode cu, infinirt_nv_node **out) {
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, what);
  infinirtError_t err = infinirt_nv_node_wrap(g, cu, out);
  if (err != infinirtSuccess)
    (void)infinirt_nv_sym.cuGraphDestroyNode(cu);
  return err;
}

/* The common start of the Add calls: the driver entry, the thread's
 * context, the dependencies. */
#define ADD_BEGIN(field)                                                       \
  NV_NEED(field);                                                              \
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;                           \
  int dev = 0;                                                                 \
  CUcontext ctx = NULL;                                                        \
  infinirtError_t err = infinirt_nv_graph_ctx(&dev, &ctx);                     \
  if (err != infinirtSuccess)                                                  \
    return err;                                                                \
  infinirt_nv_deps deps;                                                       \
  err = infinirt_nv_deps_get(&deps, g, pDependencies, numDependencies,         \
                             "pDependencies");                                 \
  if (err != infinirtSuccess)                                                  \
    return err;                                                                \
  CUgraphNode cu = NULL;                                                       \
  infinirt_nv_node *n = NULL;                                                  \
  (void)dev;                                                                   \
  (void)ctx

/* Runs the driver's add |call|, wraps the node, frees the dependencies. */
#define ADD_END(field, call)                                                   \
  do {                                                                         \
    if (err == infinirtSuccess) {                                              \
      CUresult r_ = infinirt_nv_sym.field call; /* before |cu| is read */      \
      err = added(g, r_, #field, cu, &n);                                      \
    }                                                                          \
    infinirt_nv_deps_free(&deps);                                              \
  } while (0)

infinirtError_t infinirt_nv_GraphAddKernelNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtKernelNodeParams *pNodeParams) {
  ADD_BEGIN(cuGraphAddKernelNode);
  CUDA_KERNEL_NODE_PARAMS_v2 c;
  memset(&c, 0, sizeof c);
  err = infinirt_nv_kernel_params(
      pNodeParams->func, pNodeParams->gridDim, pNodeParams->blockDim,
      pNodeParams->sharedMemBytes, pNodeParams->kernelParams, dev, ctx, &c);
  ADD_END(cuGraphAddKernelNode, (&cu, g->cu, deps.p, numDependencies, &c));
  if (err != infinirtSuccess)
    return err;
  n->kernel = pNodeParams->func;
  *pGraphNode = (infinirtGraphNode_t)n;
  return infinirtSuccess;
}

static infinirtError_t add_copy(infinirtGraphNode_t *pGraphNode,
                                infinirtGraph_t graph,
                                const infinirtGraphNode_t *pDependencies,
                                size_t numDependencies,
                                const struct infinirtMemcpy3DParms *p) {
  ADD_BEGIN(cuGraphAddMemcpyNode);
  CUDA_MEMCPY3D c;
  infinirt_nv_copy_params(p, &c);
  ADD_END(cuGraphAddMemcpyNode, (&cu, g->cu, deps.p, numDependencies, &c, ctx));
  if (err != infinirtSuccess)
    return err;
  n->has_copy = true;
  n->copy = *p;
  *pGraphNode = (infinirtGraphNode_t)n;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_GraphAddMemcpyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemcpy3DParms *pCopyParams) {
  return add_copy(pGraphNode, graph, pDependencies, numDependencies,
                  pCopyParams);
}

infinirtError_t infinirt_nv_GraphAddMemcpyNode1D(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind) {
  struct infinirtMemcpy3DParms p = infinirt_nv_copy_1d(dst, src, count, kind);
  return add_copy(pGraphNode, graph, pDependencies, numDependencies, &p);
}

infinirtError_t infinirt_nv_GraphAddMemsetNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemsetParams *pMemsetParams) {
  ADD_BEGIN(cuGraphAddMemsetNode);
  const struct infinirtMemsetParams *p = pMemsetParams;
  CUDA_MEMSET_NODE_PARAMS c = {DEV(p->dst),    p->pitch, p->value,
                               p->elementSize, p->width, p->height};
  ADD_END(cuGraphAddMemsetNode, (&cu, g->cu, deps.p, numDependencies, &c, ctx));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_nv_GraphAddHostNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtHostNodeParams *pNodeParams) {
  ADD_BEGIN(cuGraphAddHostNode);
  CUDA_HOST_NODE_PARAMS c = {NULL, NULL};
  err = infinirt_nv_host_params(pNodeParams->fn, pNodeParams->userData, &c);
  ADD_END(cuGraphAddHostNode, (&cu, g->cu, deps.p, numDependencies, &c));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_nv_GraphAddChildGraphNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtGraph_t childGraph) {
  ADD_BEGIN(cuGraphAddChildGraphNode);
  CUgraph child = ((infinirt_nv_graph *)childGraph)->cu;
  ADD_END(cuGraphAddChildGraphNode,
          (&cu, g->cu, deps.p, numDependencies, child));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_nv_GraphAddEmptyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies) {
  ADD_BEGIN(cuGraphAddEmptyNode);
  ADD_END(cuGraphAddEmptyNode, (&cu, g->cu, deps.p, numDependencies));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_nv_GraphAddEventRecordNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event) {
  ADD_BEGIN(cuGraphAddEventRecordNode);
  CUevent ce = ((infinirt_nv_event *)event)->cu;
  ADD_END(cuGraphAddEventRecordNode, (&cu, g->cu, deps.p, numDependencies, ce));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_nv_GraphAddEventWaitNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event) {
  ADD_BEGIN(cuGraphAddEventWaitNode);
  CUevent ce = ((infinirt_nv_event *)event)->cu;
  ADD_END(cuGraphAddEventWaitNode, (&cu, g->cu, deps.p, numDependencies, ce));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_nv_GraphAddMemAllocNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    struct infinirtMemAllocNodeParams *nodeParams) {
  ADD_BEGIN(cuGraphAddMemAllocNode);
  CUDA_MEM_ALLOC_NODE_PARAMS c;
  CUmemAccessDesc *descs = NULL;
  err = infinirt_nv_alloc_params(nodeParams, &c, &descs);
  ADD_END(cuGraphAddMemAllocNode, (&cu, g->cu, deps.p, numDependencies, &c));
  free(descs);
  if (err != infinirtSuccess)
    return err;
  nodeParams->dptr = (void *)(uintptr_t)c.dptr;
  *pGraphNode = (infinirtGraphNode_t)n;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_GraphAddMemFreeNode(infinirtGraphNode_t *pGraphNode,
                                infinirtGraph_t graph,
                                const infinirtGraphNode_t *pDependencies,
                                size_t numDependencies, void *dptr) {
  ADD_BEGIN(cuGraphAddMemFreeNode);
  ADD_END(cuGraphAddMemFreeNode,
          (&cu, g->cu, deps.p, numDependencies, DEV(dptr)));
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

_Static_assert(sizeof(CUgraphEdgeData) == sizeof(infinirtGraphEdgeData),
               "CUgraphEdgeData layout");

infinirtError_t
infinirt_nv_GraphAddNode(infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
                         const infinirtGraphNode_t *pDependencies,
                         const infinirtGraphEdgeData *dependencyData,
                         size_t numDependencies,
                         struct infinirtGraphNodeParams *nodeParams) {
  ADD_BEGIN(cuGraphAddNode);
  CUgraphNodeParams c;
  CUmemAccessDesc *descs = NULL;
  err = infinirt_nv_generic_params(nodeParams, dev, ctx, &c, &descs);
  ADD_END(cuGraphAddNode,
          (&cu, g->cu, deps.p, (const CUgraphEdgeData *)dependencyData,
           numDependencies, &c));
  free(descs);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_node_remember(n, nodeParams);
  if (nodeParams->type == infinirtGraphNodeTypeMemAlloc)
    nodeParams->alloc.dptr = (void *)(uintptr_t)c.alloc.dptr;
  *pGraphNode = (infinirtGraphNode_t)n;
  return infinirtSuccess;
}

/* ---- edges, removing nodes --------------------------------------------- */

typedef CUresult (*edges_fn)(CUgraph g, const CUgraphNode *from,
                             const CUgraphNode *to,
                             const CUgraphEdgeData *edgeData, size_t n);

static infinirtError_t edges(edges_fn fn, const char *what,
                             infinirtGraph_t graph,
                             const infinirtGraphNode_t *from,
                             const infinirtGraphNode_t *to,
                             const infinirtGraphEdgeData *edgeData, size_t n) {
  if (!fn)
    return infinirt_nv_missing(what);
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  infinirt_nv_deps f, t;
  infinirtError_t err = infinirt_nv_deps_get(&f, g, from, n, "from");
  if (err != infinirtSuccess)
    return err;
  err = infinirt_nv_deps_get(&t, g, to, n, "to");
  if (err == infinirtSuccess) {
    err = infinirt_nv_check(
        fn(g->cu, f.p, t.p, (const CUgraphEdgeData *)edgeData, n), what);
    infinirt_nv_deps_free(&t);
  }
  infinirt_nv_deps_free(&f);
  return err;
}

infinirtError_t infinirt_nv_GraphAddDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies) {
  return edges(infinirt_nv_sym.cuGraphAddDependencies,
               "cuGraphAddDependencies_v2", graph, from, to, edgeData,
               numDependencies);
}

infinirtError_t infinirt_nv_GraphRemoveDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies) {
  return edges(infinirt_nv_sym.cuGraphRemoveDependencies,
               "cuGraphRemoveDependencies_v2", graph, from, to, edgeData,
               numDependencies);
}

/* The core has unregistered |node|. */
infinirtError_t infinirt_nv_GraphDestroyNode(infinirtGraphNode_t node) {
  infinirt_nv_node *n = (infinirt_nv_node *)node;
  CUresult r = infinirt_nv_sym.cuGraphDestroyNode
                   ? infinirt_nv_sym.cuGraphDestroyNode(n->cu)
                   : CUDA_ERROR_NOT_FOUND;
  if (r != CUDA_SUCCESS) {
    (void)infinirt_handle_register(&n->h); /* still there */
    return infinirt_nv_sym.cuGraphDestroyNode
               ? infinirt_nv_fail(r, "cuGraphDestroyNode")
               : infinirt_nv_missing("cuGraphDestroyNode");
  }
  infinirt_nv_graph *g = n->graph;
  pthread_mutex_lock(&g->lock);
  infinirt_nv_ptrmap_del(&g->nodes, n->cu);
  node_free(n, NULL);
  pthread_mutex_unlock(&g->lock);
  return infinirtSuccess;
}
