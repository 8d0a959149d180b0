/* cpu_graph_nodes.c - the node kinds of CPU graphs: each node's command is
 * written by the writer a stream uses for the same work (launch, copy,
 * host function), or by its own (fill, event, memory), and read back by
 * the GetParams calls. SetParams rewrites the command in place. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"
#include "cpu_launch.h"

/* ---- command writers, shared by Add, Set and the exec's SetParams ---- */

typedef struct node_spec {
  enum infinirtGraphNodeType type;
  unsigned nslots;
  cpu_slot cmd[1 + CPU_INLINE_ARG_SLOTS]; /* the command, written here */
  /* what the command does not keep */
  enum infinirtMemcpyKind kind;
  struct infinirtMemcpy3DParms copy;
  bool has_copy;
  cpu_event *event;
} node_spec;

/* A spec with nothing written yet (the slots are not cleared: each writer
 * clears the ones its command uses). */
static inline void spec_reset(node_spec *sp) {
  sp->type = infinirtGraphNodeTypeEmpty;
  sp->nslots = 0;
  sp->kind = infinirtMemcpyHostToHost;
  sp->has_copy = false;
  sp->event = NULL;
  sp->cmd[0].cmd.op = 0;
  sp->cmd[0].cmd.p.launch.heap = NULL;
}

/* The explicit copy parameters a node keeps for GetParams (in |a|, its
 * aux). */
static bool keep_copy(cpu_gnode_aux *a, const node_spec *sp) {
  if (!sp->has_copy) {
    free(a->copy);
    a->copy = NULL;
    return true;
  }
  if (!a->copy && !(a->copy = malloc(sizeof *a->copy)))
    return false;
  *a->copy = sp->copy;
  return true;
}

/* A kernel node's launch checked, its arguments' room on the heap taken if
 * they do not fit the command; |*nslots| is the command's size. */
static inline infinirtError_t
kernel_prepare(const struct infinirtKernelNodeParams *p, int device,
               unsigned char **heap, unsigned *nslots) {
  cpu_kernel *k = p->func;
  infinirtError_t err =
      infinirt_cpu_launch_check(k, p->gridDim, p->blockDim, p->kernelParams,
                                p->sharedMemBytes, device, false);
  if (err != infinirtSuccess ||
      (err = infinirt_cpu_launch_heap(k, heap)) != infinirtSuccess)
    return err;
  *nslots = 1 + (*heap ? 0 : k->extra_slots);
  return infinirtSuccess;
}

/* The launch command into |cmd| (cleared slots). */
static void kernel_command(cpu_slot *cmd,
                           const struct infinirtKernelNodeParams *p,
                           unsigned char *heap) {
  infinirt_cpu_launch_command(cmd, p->func, p->gridDim, p->blockDim,
                              p->kernelParams, p->sharedMemBytes, false, heap);
  cmd->cmd.op = CPU_OP_LAUNCH;
}

static infinirtError_t spec_kernel(node_spec *sp, int device,
                                   const struct infinirtKernelNodeParams *p) {
  unsigned char *heap;
  unsigned nslots;
  infinirtError_t err = kernel_prepare(p, device, &heap, &nslots);
  if (err != infinirtSuccess)
    return err;
  sp->type = infinirtGraphNodeTypeKernel;
  sp->nslots = nslots;
  memset(sp->cmd, 0, sp->nslots * sizeof(cpu_slot));
  kernel_command(sp->cmd, p, heap);
  return infinirtSuccess;
}

static void spec_copy3d(node_spec *sp, const struct infinirtMemcpy3DParms *p) {
  cpu_copy3d c = infinirt_cpu_copy3d_of(p);
  sp->type = infinirtGraphNodeTypeMemcpy;
  sp->nslots = 2;
  memset(sp->cmd, 0, 2 * sizeof(cpu_slot));
  infinirt_cpu_copy3d_command(sp->cmd, &c);
  sp->cmd->cmd.op = CPU_OP_COPY3D;
  sp->kind = p->kind;
  sp->copy = *p;
  sp->has_copy = true;
}

static void spec_copy1d(node_spec *sp, void *dst, const void *src, size_t n,
                        enum infinirtMemcpyKind kind) {
  sp->type = infinirtGraphNodeTypeMemcpy;
  sp->nslots = 1;
  memset(sp->cmd, 0, sizeof(cpu_slot));
  sp->cmd->cmd.p.copy.dst = dst;
  sp->cmd->cmd.p.copy.src = src;
  sp->cmd->cmd.p.copy.n = n;
  sp->cmd->cmd.op = CPU_OP_COPY;
  sp->kind = kind;
}

static void spec_memset(node_spec *sp, const struct infinirtMemsetParams *p) {
  sp->type = infinirtGraphNodeTypeMemset;
  sp->nslots = 1;
  memset(sp->cmd, 0, sizeof(cpu_slot));
  cpu_gpayload *g = infinirt_cpu_gp(sp->cmd);
  g->fill.dst = p->dst;
  g->fill.pitch = p->height > 1 ? p->pitch : p->width * p->elementSize;
  g->fill.width = p->width;
  g->fill.height = p->height;
  g->fill.value = p->value;
  g->fill.elem_size = p->elementSize;
  sp->cmd->cmd.op = CPU_OP_FILL;
}

/* A host node's command into |cmd| (a cleared slot). */
static void host_command(cpu_slot *cmd,
                         const struct infinirtHostNodeParams *p) {
  cmd->cmd.p.hostfn.fn = p->fn;
  cmd->cmd.p.hostfn.data = p->userData;
  cmd->cmd.op = CPU_OP_HOSTFN;
}

static void spec_host(node_spec *sp, const struct infinirtHostNodeParams *p) {
  sp->type = infinirtGraphNodeTypeHost;
  sp->nslots = 1;
  memset(sp->cmd, 0, sizeof(cpu_slot));
  host_command(sp->cmd, p);
}

static infinirtError_t spec_event(node_spec *sp,
                                  enum infinirtGraphNodeType type,
                                  infinirtEvent_t event) {
  cpu_event *ev = (cpu_event *)event;
  if (ev->ipc)
    return infinirt_detail(infinirtErrorNotSupported,
                           "interprocess event %p in a graph node: not "
                           "offered on the cpu backend",
                           (void *)ev);
  sp->type = type;
  sp->nslots = 1;
  memset(sp->cmd, 0, sizeof(cpu_slot));
  if (type == infinirtGraphNodeTypeEventRecord) {
    infinirt_cpu_gp(sp->cmd)->grecord.event = ev;
    sp->cmd->cmd.op = CPU_OP_GRECORD;
  } else {
    infinirt_cpu_gp(sp->cmd)->gwait.event = ev;
    sp->cmd->cmd.op = CPU_OP_GWAIT;
  }
  sp->event = ev;
  return infinirtSuccess;
}

/* A node with |sp|'s command. */
static infinirtError_t add_spec(cpu_graph *g, const node_spec *sp,
                                const infinirtGraphNode_t *deps, size_t ndeps,
                                cpu_gnode **out) {
  cpu_gnode *n = NULL;
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err = infinirt_cpu_node_add(
      g, sp->type, sp->nslots, (cpu_gnode *const *)deps, ndeps, &n);
  if (err == infinirtSuccess) {
    memcpy(n->cmd, sp->cmd, sp->nslots * sizeof(cpu_slot));
    /* Memcpy, memset and event nodes have an aux in their block. */
    cpu_gnode_aux *a = n->aux;
    if (a) {
      a->kind = sp->kind;
      a->event = sp->event;
    }
    if (a && !keep_copy(a, sp)) {
      infinirt_cpu_node_unlink(n);
      infinirt_handle_unregister(&n->h);
      infinirt_cpu_node_free(n);
      err = infinirt_detail(infinirtErrorMemoryAllocation,
                            "no memory for a graph node");
    }
  }
  infinirt_cpu_unlock(&g->lock);
  if (err != infinirtSuccess && sp->cmd->cmd.op == CPU_OP_LAUNCH)
    free(sp->cmd->cmd.p.launch.heap);
  if (err == infinirtSuccess && out)
    *out = n;
  return err;
}

/* Replaces |n|'s command with |sp|'s (same type, checked by the caller);
 * |n|'s graph locked. */
static infinirtError_t set_spec(cpu_gnode *n, const node_spec *sp) {
  /* Memcpy, memset and event nodes keep what the command does not hold; a
   * captured one gets its aux here. */
  bool keeps = sp->type != infinirtGraphNodeTypeKernel &&
               sp->type != infinirtGraphNodeTypeHost;
  cpu_gnode_aux *a = keeps ? infinirt_cpu_node_aux(n) : n->aux;
  if (keeps && !a) {
    if (sp->cmd->cmd.op == CPU_OP_LAUNCH)
      free(sp->cmd->cmd.p.launch.heap);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a node's parameters");
  }
  /* Where it may write in place: its block on the heap, as big as its
   * command; its slots in the store unless executable graphs run the
   * command there (the command they run does not change). */
  bool heap = n->flags & CPU_GNODE_HEAP;
  unsigned room = heap ? n->nslots : n->flags & CPU_GNODE_LENT ? 0 : n->stored;
  if (sp->nslots > room) {
    cpu_slot *c = aligned_alloc(64, sp->nslots * sizeof(cpu_slot));
    if (!c) {
      if (sp->cmd->cmd.op == CPU_OP_LAUNCH)
        free(sp->cmd->cmd.p.launch.heap);
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for a node's parameters");
    }
    /* A lent command owns no heap arguments: nothing freed under it. */
    if (n->cmd->cmd.op == CPU_OP_LAUNCH)
      free(n->cmd->cmd.p.launch.heap);
    if (heap)
      free(n->cmd);
    n->cmd = c;
    n->flags |= CPU_GNODE_HEAP;
  } else if (n->cmd->cmd.op == CPU_OP_LAUNCH) {
    free(n->cmd->cmd.p.launch.heap);
  }
  n->graph->nslots += sp->nslots - n->nslots;
  n->nslots = (uint8_t)sp->nslots;
  memcpy(n->cmd, sp->cmd, sp->nslots * sizeof(cpu_slot));
  if (keeps) {
    a->kind = sp->kind;
    a->event = sp->event;
    if (!keep_copy(a, sp)) {
      free(a->copy);
      a->copy = NULL; /* GetParams then rebuilds them from the command */
    }
  }
  if (a) {
    free(a->arg_ptrs);
    a->arg_ptrs = NULL;
  }
  return infinirtSuccess;
}

/* ---- Add ------------------------------------------------------------- */

#define GRAPH_OF(graph) ((cpu_graph *)(graph))
#define OUT_NODE(p) ((cpu_gnode **)(p))

/* Kernel and host nodes, the ones made by the hundred thousand, have their
 * commands written straight into the node (add_spec's way costs a copy). */
infinirtError_t infinirt_cpu_GraphAddKernelNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtKernelNodeParams *pNodeParams) {
  cpu_graph *g = GRAPH_OF(graph);
  unsigned char *heap;
  unsigned nslots;
  infinirtError_t err =
      kernel_prepare(pNodeParams, g->h.device, &heap, &nslots);
  if (err != infinirtSuccess)
    return err;
  cpu_gnode *n = NULL;
  infinirt_cpu_lock(&g->lock);
  err = infinirt_cpu_node_add(g, infinirtGraphNodeTypeKernel, nslots,
                              (cpu_gnode *const *)pDependencies,
                              numDependencies, &n);
  if (err == infinirtSuccess)
    kernel_command(n->cmd, pNodeParams, heap);
  infinirt_cpu_unlock(&g->lock);
  if (err != infinirtSuccess)
    free(heap);
  else
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_cpu_GraphAddMemcpyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemcpy3DParms *pCopyParams) {
  node_spec sp;
  spec_reset(&sp);
  spec_copy3d(&sp, pCopyParams);
  return add_spec(GRAPH_OF(graph), &sp, pDependencies, numDependencies,
                  OUT_NODE(pGraphNode));
}

infinirtError_t infinirt_cpu_GraphAddMemcpyNode1D(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind) {
  node_spec sp;
  spec_reset(&sp);
  spec_copy1d(&sp, dst, src, count, kind);
  return add_spec(GRAPH_OF(graph), &sp, pDependencies, numDependencies,
                  OUT_NODE(pGraphNode));
}

infinirtError_t infinirt_cpu_GraphAddMemsetNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemsetParams *pMemsetParams) {
  node_spec sp;
  spec_reset(&sp);
  spec_memset(&sp, pMemsetParams);
  return add_spec(GRAPH_OF(graph), &sp, pDependencies, numDependencies,
                  OUT_NODE(pGraphNode));
}

infinirtError_t infinirt_cpu_GraphAddHostNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtHostNodeParams *pNodeParams) {
  cpu_graph *g = GRAPH_OF(graph);
  cpu_gnode *n = NULL;
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err = infinirt_cpu_node_add(g, infinirtGraphNodeTypeHost, 1,
                                              (cpu_gnode *const *)pDependencies,
                                              numDependencies, &n);
  if (err == infinirtSuccess)
    host_command(n->cmd, pNodeParams);
  infinirt_cpu_unlock(&g->lock);
  if (err == infinirtSuccess)
    *pGraphNode = (infinirtGraphNode_t)n;
  return err;
}

infinirtError_t infinirt_cpu_GraphAddEmptyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies) {
  cpu_graph *g = GRAPH_OF(graph);
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err = infinirt_cpu_node_add(
      g, infinirtGraphNodeTypeEmpty, 0, (cpu_gnode *const *)pDependencies,
      numDependencies, OUT_NODE(pGraphNode));
  infinirt_cpu_unlock(&g->lock);
  return err;
}

static infinirtError_t add_event_node(infinirtGraphNode_t *pGraphNode,
                                      infinirtGraph_t graph,
                                      const infinirtGraphNode_t *deps,
                                      size_t ndeps, infinirtEvent_t event,
                                      enum infinirtGraphNodeType type) {
  node_spec sp;
  spec_reset(&sp);
  infinirtError_t err = spec_event(&sp, type, event);
  return err != infinirtSuccess ? err
                                : add_spec(GRAPH_OF(graph), &sp, deps, ndeps,
                                           OUT_NODE(pGraphNode));
}

infinirtError_t infinirt_cpu_GraphAddEventRecordNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event) {
  return add_event_node(pGraphNode, graph, pDependencies, numDependencies,
                        event, infinirtGraphNodeTypeEventRecord);
}

infinirtError_t infinirt_cpu_GraphAddEventWaitNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event) {
  return add_event_node(pGraphNode, graph, pDependencies, numDependencies,
                        event, infinirtGraphNodeTypeWaitEvent);
}

infinirtError_t infinirt_cpu_GraphAddChildGraphNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtGraph_t childGraph) {
  cpu_graph *g = GRAPH_OF(graph), *child = GRAPH_OF(childGraph), *copy = NULL;
  if (child == g)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "graph %p cannot be its own child", (void *)g);
  infinirt_cpu_lock(&child->lock);
  bool mem = infinirt_cpu_graph_has_mem(child);
  infinirtError_t err =
      mem ? infinirtSuccess : infinirt_cpu_graph_copy(child, false, &copy);
  infinirt_cpu_unlock(&child->lock);
  if (mem) /* NotSupported, as the H200 answers */
    return infinirt_detail(infinirtErrorNotSupported,
                           "child graph %p holds memory nodes", (void *)child);
  if (err != infinirtSuccess)
    return err;
  cpu_gnode *n = NULL;
  infinirt_cpu_lock(&g->lock);
  err = infinirt_cpu_node_add(g, infinirtGraphNodeTypeGraph, 0,
                              (cpu_gnode *const *)pDependencies,
                              numDependencies, &n);
  if (err == infinirtSuccess) {
    n->aux->child = copy;
    copy->owner = n;
    *pGraphNode = (infinirtGraphNode_t)n;
  }
  infinirt_cpu_unlock(&g->lock);
  if (err != infinirtSuccess)
    infinirt_cpu_graph_free(copy);
  return err;
}

infinirtError_t infinirt_cpu_GraphAddMemAllocNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    struct infinirtMemAllocNodeParams *nodeParams) {
  cpu_graph *g = GRAPH_OF(graph);
  if (nodeParams->poolProps.location.id >= infinirt_cpu_device_count)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "poolProps.location names cpu device %d of %d",
                           nodeParams->poolProps.location.id,
                           infinirt_cpu_device_count);
  size_t bytes =
      sizeof(struct infinirtMemAllocNodeParams) +
      nodeParams->accessDescCount * sizeof(struct infinirtMemAccessDesc);
  struct infinirtMemAllocNodeParams *kept = malloc(bytes);
  if (!kept)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a graph node");
  *kept = *nodeParams;
  kept->accessDescs = (const struct infinirtMemAccessDesc *)(void *)(kept + 1);
  if (nodeParams->accessDescCount)
    memcpy(kept + 1, nodeParams->accessDescs,
           nodeParams->accessDescCount * sizeof *kept->accessDescs);
  cpu_gmem *m = NULL;
  infinirtError_t err = infinirt_cpu_gmem_new(nodeParams->poolProps.location.id,
                                              nodeParams->bytesize, &m);
  if (err != infinirtSuccess) {
    free(kept);
    return err;
  }
  cpu_gnode *n = NULL;
  infinirt_cpu_lock(&g->lock);
  err = infinirt_cpu_node_add(g, infinirtGraphNodeTypeMemAlloc, 1,
                              (cpu_gnode *const *)pDependencies,
                              numDependencies, &n);
  if (err == infinirtSuccess) {
    n->aux->mem = m;
    infinirt_cpu_gp(n->cmd)->gmem.mem = m;
    n->cmd->cmd.op = CPU_OP_GALLOC;
    kept->dptr = (void *)m->alloc.start;
    n->aux->alloc = kept;
    nodeParams->dptr = (void *)m->alloc.start;
    *pGraphNode = (infinirtGraphNode_t)n;
  }
  infinirt_cpu_unlock(&g->lock);
  if (err != infinirtSuccess) {
    infinirt_cpu_gmem_put(m);
    free(kept);
  }
  return err;
}

/* Whether |g| or a graph it is a child of frees |m| already. */
static bool frees(const cpu_graph *g, const cpu_gmem *m) {
  for (uint32_t i = 0; i < g->n; i++)
    if (g->nodes[i]->type == infinirtGraphNodeTypeMemFree &&
        g->nodes[i]->aux->mem == m)
      return true;
  return false;
}

infinirtError_t
infinirt_cpu_GraphAddMemFreeNode(infinirtGraphNode_t *pGraphNode,
                                 infinirtGraph_t graph,
                                 const infinirtGraphNode_t *pDependencies,
                                 size_t numDependencies, void *dptr) {
  cpu_graph *g = GRAPH_OF(graph);
  cpu_gmem *m = infinirt_cpu_gmem_find(dptr);
  if (!m)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is no graph allocation", dptr);
  cpu_gnode *n = NULL;
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err =
      frees(g, m)
          ? infinirt_detail(infinirtErrorInvalidValue,
                            "graph %p frees %p already", (void *)g, dptr)
          : infinirt_cpu_node_add(g, infinirtGraphNodeTypeMemFree, 1,
                                  (cpu_gnode *const *)pDependencies,
                                  numDependencies, &n);
  if (err == infinirtSuccess) {
    n->aux->mem = m;
    infinirt_cpu_gmem_get(m);
    infinirt_cpu_gp(n->cmd)->gmem.mem = m;
    n->cmd->cmd.op = CPU_OP_GFREE;
    *pGraphNode = (infinirtGraphNode_t)n;
  }
  infinirt_cpu_unlock(&g->lock);
  infinirt_cpu_gmem_put(m); /* find()'s reference */
  return err;
}

/* Generic parameters to a typed spec; memory and child nodes are the
 * caller's. */
static infinirtError_t spec_generic(node_spec *sp, int device,
                                    const struct infinirtGraphNodeParams *p) {
  switch (p->type) {
  case infinirtGraphNodeTypeKernel: {
    struct infinirtKernelNodeParams k = {
        p->kernel.func,           p->kernel.gridDim,      p->kernel.blockDim,
        p->kernel.sharedMemBytes, p->kernel.kernelParams, p->kernel.extra};
    return spec_kernel(sp, device, &k);
  }
  case infinirtGraphNodeTypeMemcpy:
    spec_copy3d(sp, &p->memcpy.copyParams);
    return infinirtSuccess;
  case infinirtGraphNodeTypeMemset: {
    struct infinirtMemsetParams m = {p->memset.dst,   p->memset.pitch,
                                     p->memset.value, p->memset.elementSize,
                                     p->memset.width, p->memset.height};
    spec_memset(sp, &m);
    return infinirtSuccess;
  }
  case infinirtGraphNodeTypeHost: {
    struct infinirtHostNodeParams h = {p->host.fn, p->host.userData};
    spec_host(sp, &h);
    return infinirtSuccess;
  }
  case infinirtGraphNodeTypeWaitEvent:
    return spec_event(sp, p->type, p->eventWait.event);
  case infinirtGraphNodeTypeEventRecord:
    return spec_event(sp, p->type, p->eventRecord.event);
  default:
    return infinirt_detail(infinirtErrorInvalidValue,
                           "graph node type %d cannot be set by parameters",
                           (int)p->type);
  }
}

infinirtError_t infinirt_cpu_GraphAddNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    struct infinirtGraphNodeParams *nodeParams) {
  (void)dependencyData; /* default edges only (the core checked) */
  switch (nodeParams->type) {
  case infinirtGraphNodeTypeEmpty:
    return infinirt_cpu_GraphAddEmptyNode(pGraphNode, graph, pDependencies,
                                          numDependencies);
  case infinirtGraphNodeTypeGraph:
    return infinirt_cpu_GraphAddChildGraphNode(pGraphNode, graph, pDependencies,
                                               numDependencies,
                                               nodeParams->graph.graph);
  case infinirtGraphNodeTypeMemAlloc: {
    struct infinirtMemAllocNodeParams a = {
        nodeParams->alloc.poolProps, nodeParams->alloc.accessDescs,
        nodeParams->alloc.accessDescCount, nodeParams->alloc.bytesize, NULL};
    infinirtError_t err = infinirt_cpu_GraphAddMemAllocNode(
        pGraphNode, graph, pDependencies, numDependencies, &a);
    if (err == infinirtSuccess)
      nodeParams->alloc.dptr = a.dptr;
    return err;
  }
  case infinirtGraphNodeTypeMemFree:
    return infinirt_cpu_GraphAddMemFreeNode(pGraphNode, graph, pDependencies,
                                            numDependencies,
                                            nodeParams->free.dptr);
  default: {
    node_spec sp;
    spec_reset(&sp);
    infinirtError_t err =
        spec_generic(&sp, GRAPH_OF(graph)->h.device, nodeParams);
    return err != infinirtSuccess
               ? err
               : add_spec(GRAPH_OF(graph), &sp, pDependencies, numDependencies,
                          OUT_NODE(pGraphNode));
  }
  }
}

/* ---- GetParams -------------------------------------------------------- */

static infinirtError_t wrong_type(const cpu_gnode *n, const char *want) {
  return infinirt_detail(infinirtErrorInvalidValue, "node %p is not a %s node",
                         (const void *)n, want);
}

infinirtError_t
infinirt_cpu_GraphKernelNodeGetParams(infinirtGraphNode_t node,
                                      struct infinirtKernelNodeParams *out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeKernel)
    return wrong_type(n, "kernel");
  infinirt_cpu_lock(&n->graph->lock);
  const cpu_launch *l = &n->cmd->cmd.p.launch;
  const cpu_kernel *k = l->kernel;
  infinirtError_t err = infinirtSuccess;
  /* The argument pointers are made the first time they are asked for. */
  cpu_gnode_aux *a = k->info->num_args ? infinirt_cpu_node_aux(n) : n->aux;
  void **args_out = a ? a->arg_ptrs : NULL;
  if (k->info->num_args && !args_out) {
    if (a && (args_out = malloc(k->info->num_args * sizeof *args_out))) {
      unsigned char *args = l->heap ? l->heap : n->cmd[1].data;
      for (uint32_t i = 0; i < k->info->num_args; i++)
        args_out[i] = args + k->arg_offset[i];
      a->arg_ptrs = args_out;
    } else {
      err = infinirt_detail(infinirtErrorMemoryAllocation,
                            "no memory for the argument list");
    }
  }
  if (err == infinirtSuccess)
    *out = (struct infinirtKernelNodeParams){(void *)k, l->grid,  l->block,
                                             l->shared, args_out, NULL};
  infinirt_cpu_unlock(&n->graph->lock);
  return err;
}

/* A copy node's parameters, as given, or rebuilt from a captured
 * command. */
static void copy_params(const cpu_gnode *n, struct infinirtMemcpy3DParms *p) {
  const cpu_gnode_aux *a = n->aux; /* none: captured */
  if (a && a->copy) {
    *p = *a->copy;
    return;
  }
  memset(p, 0, sizeof *p);
  const cpu_payload *c = &n->cmd->cmd.p;
  p->kind = a ? a->kind : infinirtMemcpyDefault;
  switch (n->cmd->cmd.op) {
  case CPU_OP_COPY:
    p->dstPtr = make_infinirtPitchedPtr(c->copy.dst, c->copy.n, c->copy.n, 1);
    p->srcPtr =
        make_infinirtPitchedPtr((void *)c->copy.src, c->copy.n, c->copy.n, 1);
    p->extent = make_infinirtExtent(c->copy.n, 1, 1);
    break;
  case CPU_OP_COPY2D:
    p->dstPtr = make_infinirtPitchedPtr(c->copy2d.dst, c->copy2d.dpitch,
                                        c->copy2d.width, c->copy2d.height);
    p->srcPtr = make_infinirtPitchedPtr((void *)c->copy2d.src, c->copy2d.spitch,
                                        c->copy2d.width, c->copy2d.height);
    p->extent = make_infinirtExtent(c->copy2d.width, c->copy2d.height, 1);
    break;
  case CPU_OP_COPY3D: {
    const cpu_payload *sl = &n->cmd[1].cmd.p;
    size_t dy = c->copy3d.dpitch && c->copy3d.depth > 1
                    ? sl->copy3d_slices.dslice / c->copy3d.dpitch
                    : c->copy3d.height;
    size_t sy = c->copy3d.spitch && c->copy3d.depth > 1
                    ? sl->copy3d_slices.sslice / c->copy3d.spitch
                    : c->copy3d.height;
    p->dstPtr = make_infinirtPitchedPtr(c->copy3d.dst, c->copy3d.dpitch,
                                        c->copy3d.width, dy);
    p->srcPtr = make_infinirtPitchedPtr((void *)c->copy3d.src, c->copy3d.spitch,
                                        c->copy3d.width, sy);
    p->extent =
        make_infinirtExtent(c->copy3d.width, c->copy3d.height, c->copy3d.depth);
    break;
  }
  }
}

infinirtError_t
infinirt_cpu_GraphMemcpyNodeGetParams(infinirtGraphNode_t node,
                                      struct infinirtMemcpy3DParms *out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeMemcpy)
    return wrong_type(n, "memcpy");
  infinirt_cpu_lock(&n->graph->lock);
  copy_params(n, out);
  infinirt_cpu_unlock(&n->graph->lock);
  return infinirtSuccess;
}

static void memset_params(const cpu_gnode *n, struct infinirtMemsetParams *p) {
  const cpu_slot *c = n->cmd;
  switch (c->cmd.op) {
  case CPU_OP_FILL: {
    const cpu_gpayload *g = infinirt_cpu_gp((cpu_slot *)c);
    *p = (struct infinirtMemsetParams){g->fill.dst,   g->fill.pitch,
                                       g->fill.value, g->fill.elem_size,
                                       g->fill.width, g->fill.height};
    break;
  }
  case CPU_OP_SET:
    *p = (struct infinirtMemsetParams){c->cmd.p.set.dst,
                                       c->cmd.p.set.n,
                                       (unsigned char)c->cmd.p.set.value,
                                       1,
                                       c->cmd.p.set.n,
                                       1};
    break;
  default: /* SET3D */
    *p = (struct infinirtMemsetParams){c->cmd.p.set3d.dst,
                                       c->cmd.p.set3d.pitch,
                                       (unsigned char)c->cmd.p.set3d.value,
                                       1,
                                       c->cmd.p.set3d.width,
                                       c->cmd.p.set3d.height *
                                           c->cmd.p.set3d.depth};
    break;
  }
}

infinirtError_t
infinirt_cpu_GraphMemsetNodeGetParams(infinirtGraphNode_t node,
                                      struct infinirtMemsetParams *out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeMemset)
    return wrong_type(n, "memset");
  infinirt_cpu_lock(&n->graph->lock);
  memset_params(n, out);
  infinirt_cpu_unlock(&n->graph->lock);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_GraphHostNodeGetParams(infinirtGraphNode_t node,
                                    struct infinirtHostNodeParams *out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeHost)
    return wrong_type(n, "host");
  infinirt_cpu_lock(&n->graph->lock);
  *out = (struct infinirtHostNodeParams){n->cmd->cmd.p.hostfn.fn,
                                         n->cmd->cmd.p.hostfn.data};
  infinirt_cpu_unlock(&n->graph->lock);
  return infinirtSuccess;
}

static infinirtError_t get_event(infinirtGraphNode_t node,
                                 enum infinirtGraphNodeType type,
                                 infinirtEvent_t *out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != type)
    return wrong_type(n, type == infinirtGraphNodeTypeEventRecord
                             ? "event record"
                             : "event wait");
  infinirt_cpu_lock(&n->graph->lock);
  *out = (infinirtEvent_t)n->aux->event;
  infinirt_cpu_unlock(&n->graph->lock);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_GraphEventRecordNodeGetEvent(infinirtGraphNode_t node,
                                          infinirtEvent_t *event_out) {
  return get_event(node, infinirtGraphNodeTypeEventRecord, event_out);
}

infinirtError_t
infinirt_cpu_GraphEventWaitNodeGetEvent(infinirtGraphNode_t node,
                                        infinirtEvent_t *event_out) {
  return get_event(node, infinirtGraphNodeTypeWaitEvent, event_out);
}

infinirtError_t infinirt_cpu_GraphMemAllocNodeGetParams(
    infinirtGraphNode_t node, struct infinirtMemAllocNodeParams *params_out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeMemAlloc)
    return wrong_type(n, "memory allocation");
  const cpu_gnode_aux *a = n->aux;
  if (!a->alloc) { /* captured: only the size and place are known */
    memset(params_out, 0, sizeof *params_out);
    params_out->poolProps.allocType = infinirtMemAllocationTypePinned;
    params_out->poolProps.location.type = infinirtMemLocationTypeDevice;
    params_out->poolProps.location.id = a->mem->alloc.device;
    params_out->bytesize = a->mem->bytes;
    params_out->dptr = (void *)a->mem->alloc.start;
    return infinirtSuccess;
  }
  *params_out = *a->alloc;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphMemFreeNodeGetParams(infinirtGraphNode_t node,
                                                       void *dptr_out) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeMemFree)
    return wrong_type(n, "memory free");
  void *p = (void *)n->aux->mem->alloc.start;
  memcpy(dptr_out, &p, sizeof p);
  return infinirtSuccess;
}

/* ---- SetParams -------------------------------------------------------- */

/* Writes |sp| into |node|, which must have |sp|'s type. */
static infinirtError_t set_node(infinirtGraphNode_t node, node_spec *sp,
                                infinirtError_t built) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (built != infinirtSuccess)
    return built;
  if (n->type != sp->type) {
    if (sp->cmd->cmd.op == CPU_OP_LAUNCH)
      free(sp->cmd->cmd.p.launch.heap);
    return wrong_type(n, sp->type == infinirtGraphNodeTypeKernel   ? "kernel"
                         : sp->type == infinirtGraphNodeTypeMemcpy ? "memcpy"
                         : sp->type == infinirtGraphNodeTypeMemset ? "memset"
                         : sp->type == infinirtGraphNodeTypeHost   ? "host"
                                                                   : "event");
  }
  infinirt_cpu_lock(&n->graph->lock);
  infinirtError_t err = set_spec(n, sp);
  infinirt_cpu_unlock(&n->graph->lock);
  return err;
}

infinirtError_t infinirt_cpu_GraphKernelNodeSetParams(
    infinirtGraphNode_t node, const struct infinirtKernelNodeParams *p) {
  node_spec sp;
  spec_reset(&sp);
  if (((cpu_gnode *)node)->type != infinirtGraphNodeTypeKernel)
    return wrong_type((cpu_gnode *)node, "kernel");
  return set_node(node, &sp,
                  spec_kernel(&sp, ((cpu_gnode *)node)->h.device, p));
}

infinirtError_t
infinirt_cpu_GraphMemcpyNodeSetParams(infinirtGraphNode_t node,
                                      const struct infinirtMemcpy3DParms *p) {
  node_spec sp;
  spec_reset(&sp);
  spec_copy3d(&sp, p);
  return set_node(node, &sp, infinirtSuccess);
}

infinirtError_t
infinirt_cpu_GraphMemcpyNodeSetParams1D(infinirtGraphNode_t node, void *dst,
                                        const void *src, size_t count,
                                        enum infinirtMemcpyKind kind) {
  node_spec sp;
  spec_reset(&sp);
  spec_copy1d(&sp, dst, src, count, kind);
  return set_node(node, &sp, infinirtSuccess);
}

infinirtError_t
infinirt_cpu_GraphMemsetNodeSetParams(infinirtGraphNode_t node,
                                      const struct infinirtMemsetParams *p) {
  node_spec sp;
  spec_reset(&sp);
  spec_memset(&sp, p);
  return set_node(node, &sp, infinirtSuccess);
}

infinirtError_t
infinirt_cpu_GraphHostNodeSetParams(infinirtGraphNode_t node,
                                    const struct infinirtHostNodeParams *p) {
  node_spec sp;
  spec_reset(&sp);
  spec_host(&sp, p);
  return set_node(node, &sp, infinirtSuccess);
}

infinirtError_t
infinirt_cpu_GraphEventRecordNodeSetEvent(infinirtGraphNode_t node,
                                          infinirtEvent_t event) {
  node_spec sp;
  spec_reset(&sp);
  return set_node(node, &sp,
                  spec_event(&sp, infinirtGraphNodeTypeEventRecord, event));
}

infinirtError_t
infinirt_cpu_GraphEventWaitNodeSetEvent(infinirtGraphNode_t node,
                                        infinirtEvent_t event) {
  node_spec sp;
  spec_reset(&sp);
  return set_node(node, &sp,
                  spec_event(&sp, infinirtGraphNodeTypeWaitEvent, event));
}

infinirtError_t
infinirt_cpu_GraphNodeSetParams(infinirtGraphNode_t node,
                                struct infinirtGraphNodeParams *nodeParams) {
  node_spec sp;
  spec_reset(&sp);
  return set_node(node, &sp,
                  spec_generic(&sp, ((cpu_gnode *)node)->h.device, nodeParams));
}

/* ---- the exec's SetParams: the same specs, into an exec's node -------- */

#define EXEC_SET(build)                                                        \
  do {                                                                         \
    node_spec sp;                                                              \
    spec_reset(&sp);                                                           \
    infinirtError_t err = (build);                                             \
    if (err != infinirtSuccess)                                                \
      return err;                                                              \
    return infinirt_cpu_exec_node_set((cpu_exec *)exec, (cpu_gnode *)node,     \
                                      sp.type, sp.cmd, sp.nslots);             \
  } while (0)

infinirtError_t infinirt_cpu_GraphExecKernelNodeSetParams(
    infinirtGraphExec_t exec, infinirtGraphNode_t node,
    const struct infinirtKernelNodeParams *p) {
  EXEC_SET(spec_kernel(&sp, ((cpu_exec *)exec)->h.device, p));
}

infinirtError_t infinirt_cpu_GraphExecMemcpyNodeSetParams(
    infinirtGraphExec_t exec, infinirtGraphNode_t node,
    const struct infinirtMemcpy3DParms *p) {
  EXEC_SET((spec_copy3d(&sp, p), infinirtSuccess));
}

infinirtError_t infinirt_cpu_GraphExecMemcpyNodeSetParams1D(
    infinirtGraphExec_t exec, infinirtGraphNode_t node, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind) {
  EXEC_SET((spec_copy1d(&sp, dst, src, count, kind), infinirtSuccess));
}

infinirtError_t infinirt_cpu_GraphExecMemsetNodeSetParams(
    infinirtGraphExec_t exec, infinirtGraphNode_t node,
    const struct infinirtMemsetParams *p) {
  EXEC_SET((spec_memset(&sp, p), infinirtSuccess));
}

infinirtError_t infinirt_cpu_GraphExecHostNodeSetParams(
    infinirtGraphExec_t exec, infinirtGraphNode_t node,
    const struct infinirtHostNodeParams *p) {
  EXEC_SET((spec_host(&sp, p), infinirtSuccess));
}

infinirtError_t infinirt_cpu_GraphExecEventRecordNodeSetEvent(
    infinirtGraphExec_t exec, infinirtGraphNode_t node, infinirtEvent_t event) {
  EXEC_SET(spec_event(&sp, infinirtGraphNodeTypeEventRecord, event));
}

infinirtError_t infinirt_cpu_GraphExecEventWaitNodeSetEvent(
    infinirtGraphExec_t exec, infinirtGraphNode_t node, infinirtEvent_t event) {
  EXEC_SET(spec_event(&sp, infinirtGraphNodeTypeWaitEvent, event));
}

infinirtError_t infinirt_cpu_GraphExecNodeSetParams(
    infinirtGraphExec_t exec, infinirtGraphNode_t node,
    struct infinirtGraphNodeParams *nodeParams) {
  EXEC_SET(spec_generic(&sp, ((cpu_exec *)exec)->h.device, nodeParams));
}
