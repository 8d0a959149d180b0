/* cpu_graph.c - graphs and their nodes on the CPU backend: creation,
 * edges, destruction, copies (GraphClone, child graphs) and inspection.
 *
 * A graph's lock covers its node list and every node's edges and command;
 * a call on a node takes its graph's lock. Nodes are registered handles in
 * the graph's node blocks, so the core refuses a node that is gone before a
 * backend entry runs. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"
#include "cpu_launch.h"

/* A node's id is its graph's 32-bit serial under the serial of the graph
 * (high half): unique without an atomic per node, and increasing along a
 * graph's creation order, also in a clone (whose serial is newer than any
 * id it keeps), which the exec's lookups by id rely on. */
static atomic_uint_fast64_t next_graph_serial = 1;

static uint64_t fresh_id_base(void) {
  return (uint64_t)atomic_fetch_add_explicit(&next_graph_serial, 1,
                                             memory_order_relaxed)
         << 32;
}

struct cpu_edge_chunk {
  struct cpu_edge_chunk *next;
  size_t used, cap;
  cpu_gnode *e[];
};

/* ---- graphs ------------------------------------------------------------- */

infinirtError_t infinirt_cpu_graph_new(cpu_graph **out) {
  cpu_graph *g = calloc(1, sizeof *g);
  cpu_cmd_store *cmds = infinirt_cpu_cmd_store_new();
  if (!g || !cmds) {
    free(g);
    if (cmds)
      infinirt_cpu_cmd_store_put(cmds);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a graph");
  }
  g->cmds = cmds;
  g->h = (infinirt_handle){INFINIRT_HANDLE_MAGIC, INFINIRT_HANDLE_GRAPH, 0,
                           &infinirt_cpu_backend,
                           infinirt_current_device(infinirtDeviceTypeCpu)};
  g->next_id = fresh_id_base() | 1;
  *out = g;
  return infinirtSuccess;
}

void infinirt_cpu_node_free(cpu_gnode *n) {
  /* A lent command owns no heap arguments; a stored one goes with the
   * store. */
  if (n->cmd && n->cmd->cmd.op == CPU_OP_LAUNCH)
    free(n->cmd->cmd.p.launch.heap);
  if (n->flags & CPU_GNODE_HEAP)
    free(n->cmd);
  cpu_gnode_aux *a = n->aux;
  if (a) {
    if (a->child)
      infinirt_cpu_graph_free(a->child);
    if (a->mem)
      infinirt_cpu_gmem_put(a->mem);
    free(a->arg_ptrs);
    free(a->copy);
    free(a->alloc);
    if (a != infinirt_cpu_node_inline_aux(n))
      free(a);
  }
  /* Its block is its graph's, freed with it. */
}

void infinirt_cpu_graph_free(cpu_graph *g) {
  /* Its nodes stop being live with their blocks. */
  for (uint32_t i = 0; i < g->n; i++)
    infinirt_cpu_node_free(g->nodes[i]);
  if (g->owner) /* a child graph's handle, if it was ever handed out */
    infinirt_handle_unregister(&g->h);
  free(g->nodes);
  infinirt_node_blocks_free(&g->blocks);
  infinirt_cpu_cmd_store_put(g->cmds);
  for (struct cpu_edge_chunk *c = g->edges, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(g);
}

infinirtError_t infinirt_cpu_GraphCreate(infinirtGraph_t *pGraph,
                                         unsigned int flags) {
  (void)flags; /* the core accepts 0 only */
  cpu_graph *g = NULL;
  infinirtError_t err = infinirt_cpu_graph_new(&g);
  if (err != infinirtSuccess)
    return err;
  if (!infinirt_handle_register(&g->h)) {
    infinirt_cpu_graph_free(g);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a graph");
  }
  *pGraph = (infinirtGraph_t)g;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphDestroy(infinirtGraph_t graph) {
  cpu_graph *g = (cpu_graph *)graph;
  /* The core unregistered it. A child graph belongs to its node, a
   * capturing graph to its capture: both stay. */
  if (g->owner || g->capturing) {
    infinirt_handle_register(&g->h);
    return infinirt_detail(infinirtErrorInvalidValue,
                           g->owner ? "graph %p belongs to a child graph node"
                                    : "graph %p is being captured into",
                           (void *)g);
  }
  infinirt_cpu_graph_free(g);
  return infinirtSuccess;
}

/* ---- nodes and edges -------------------------------------------------- */

static bool grow(cpu_gnode ***arr, uint32_t *cap, uint32_t need) {
  if (need <= *cap)
    return true;
  uint32_t c = *cap ? *cap * 2 : 2;
  while (c < need)
    c *= 2;
  cpu_gnode **a = realloc(*arr, c * sizeof *a);
  if (!a)
    return false;
  *arr = a;
  *cap = c;
  return true;
}

/* Edge arrays come from their graph's chunks, freed with it: an array that
 * outgrows its room moves to room twice its size and leaves the old room
 * behind (at most as much again as the edges), so an edge costs no malloc. */
#define EDGE_CHUNK ((size_t)8 << 10) /* pointers */

static cpu_gnode **edge_room(cpu_graph *g, size_t n) {
  struct cpu_edge_chunk *c = g->edges;
  if (!c || c->cap - c->used < n) {
    size_t cap = n > EDGE_CHUNK ? n : EDGE_CHUNK;
    if (!(c = malloc(sizeof *c + cap * sizeof(cpu_gnode *))))
      return NULL;
    c->used = 0;
    c->cap = cap;
    c->next = g->edges;
    g->edges = c;
  }
  cpu_gnode **a = c->e + c->used;
  c->used += n;
  return a;
}

/* Room for |need| edges in the array |*arr| of node |n|. */
static bool edges_grow(cpu_gnode *n, cpu_gnode ***arr, uint32_t *cap,
                       uint32_t need, uint32_t have) {
  if (need <= *cap)
    return true;
  uint32_t c = *cap * 2;
  while (c < need)
    c *= 2;
  cpu_gnode **a = edge_room(n->graph, c);
  if (!a)
    return false;
  memcpy(a, *arr, have * sizeof *a);
  *arr = a;
  *cap = c;
  return true;
}
#define GROW_DEPS(n, need)                                                     \
  edges_grow(n, &(n)->deps, &(n)->cap_deps, need, (n)->ndeps)
#define GROW_SUCC(n, need)                                                     \
  edges_grow(n, &(n)->succ, &(n)->cap_succ, need, (n)->nsucc)

bool infinirt_cpu_edge_add(cpu_gnode *from, cpu_gnode *to) {
  if (!GROW_SUCC(from, from->nsucc + 1) || !GROW_DEPS(to, to->ndeps + 1))
    return false;
  from->succ[from->nsucc++] = to;
  to->deps[to->ndeps++] = from;
  to->graph->nedges++;
  return true;
}

static void remove_from(cpu_gnode **arr, uint32_t *n, const cpu_gnode *x) {
  for (uint32_t i = 0; i < *n; i++)
    if (arr[i] == x) {
      memmove(arr + i, arr + i + 1, (*n - i - 1) * sizeof *arr);
      (*n)--;
      return;
    }
}

/* Removes the edge |f| -> |t|, which exists. */
static void edge_remove(cpu_gnode *f, cpu_gnode *t) {
  remove_from(f->succ, &f->nsucc, t);
  remove_from(t->deps, &t->ndeps, f);
  t->graph->nedges--;
}

static bool has_edge(const cpu_gnode *from, const cpu_gnode *to) {
  for (uint32_t i = 0; i < to->ndeps; i++)
    if (to->deps[i] == from)
      return true;
  return false;
}

/* Dependencies of a new node: each of |g|, none twice. */
static infinirtError_t check_deps(const cpu_graph *g, cpu_gnode *const *deps,
                                  size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (deps[i]->graph != g)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "dependency %zu (%p) is a node of another graph",
                             i, (void *)deps[i]);
    for (size_t j = 0; j < i; j++)
      if (deps[j] == deps[i])
        return infinirt_detail(infinirtErrorInvalidValue,
                               "dependency %p is listed twice",
                               (void *)deps[i]);
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_node_add(cpu_graph *g,
                                      enum infinirtGraphNodeType type,
                                      unsigned nslots, cpu_gnode *const *deps,
                                      size_t ndeps, cpu_gnode **out) {
  infinirtError_t err = check_deps(g, deps, ndeps);
  if (err != infinirtSuccess)
    return err;
  /* Room first, so that nothing changes if memory runs out. */
  if (__builtin_expect(g->n == g->cap, 0) &&
      !grow(&g->nodes, &g->cap, g->n + 1))
    goto oom;
  for (size_t i = 0; i < ndeps; i++)
    if (__builtin_expect(deps[i]->nsucc == deps[i]->cap_succ, 0) &&
        !GROW_SUCC(deps[i], deps[i]->nsucc + 1))
      goto oom;
  /* One block: the node and its aux if its type has one, freed with the
   * graph's blocks; its command in the graph's command store. Not cleared:
   * each member of the node is set here (the inline edge arrays are read
   * only below their counts), the command's slots and the aux are. */
  bool aux = type != infinirtGraphNodeTypeKernel &&
             type != infinirtGraphNodeTypeHost &&
             type != infinirtGraphNodeTypeEmpty;
  cpu_gnode *n = infinirt_node_alloc_uncleared(
      &g->blocks, sizeof(cpu_gnode) + (aux ? sizeof(cpu_gnode_aux) : 0));
  cpu_slot *cmd =
      n && nslots ? infinirt_cpu_cmd_store_take(g->cmds, nslots) : NULL;
  if (!n || (nslots && !cmd))
    goto oom; /* never live: the room stays in the block, unused */
  n->stored = (uint8_t)nslots;
  n->nslots = (uint8_t)nslots;
  n->flags = 0;
  n->cmd = cmd;
  n->aux =
      aux ? memset(infinirt_cpu_node_inline_aux(n), 0, sizeof(cpu_gnode_aux))
          : NULL;
  n->deps = n->inl_deps;
  n->succ = n->inl_succ;
  n->ndeps = n->nsucc = 0;
  n->cap_deps = n->cap_succ = CPU_EDGES_INLINE;
  n->graph = g;
  if (__builtin_expect(ndeps > CPU_EDGES_INLINE, 0) &&
      !GROW_DEPS(n, (uint32_t)ndeps))
    goto oom; /* never live: the node's room stays in the block, unused */
  n->h = (infinirt_handle){INFINIRT_HANDLE_MAGIC, INFINIRT_HANDLE_GRAPH_NODE, 0,
                           &infinirt_cpu_backend, g->h.device};
  n->type = (uint8_t)type;
  if (__builtin_expect((uint32_t)g->next_id == UINT32_MAX, 0))
    g->next_id = fresh_id_base() | 1; /* 4 billion Adds: a new serial */
  n->id = g->next_id++;
  for (size_t i = 0; i < ndeps; i++) {
    n->deps[i] = deps[i];
    deps[i]->succ[deps[i]->nsucc++] = n;
  }
  n->ndeps = (uint32_t)ndeps;
  g->nedges += ndeps;
  g->nslots += nslots;
  g->nchild += type == infinirtGraphNodeTypeGraph;
  g->nmem += type == infinirtGraphNodeTypeMemAlloc ||
             type == infinirtGraphNodeTypeMemFree;
  n->index = g->n;
  g->nodes[g->n++] = n;
  infinirt_node_register(&n->h);
  *out = n;
  return infinirtSuccess;
oom:
  return infinirt_detail(infinirtErrorMemoryAllocation,
                         "no memory for a graph node");
}

cpu_gnode_aux *infinirt_cpu_node_aux(cpu_gnode *n) {
  if (!n->aux && (n->aux = calloc(1, sizeof *n->aux)))
    n->aux->kind = infinirtMemcpyDefault; /* a captured copy's */
  return n->aux;
}

/* Takes the node out of its graph (locked), with its edges. */
void infinirt_cpu_node_unlink(cpu_gnode *n) {
  cpu_graph *g = n->graph;
  g->nedges -= n->ndeps + n->nsucc;
  g->nslots -= n->nslots;
  g->nchild -= n->type == infinirtGraphNodeTypeGraph;
  g->nmem -= n->type == infinirtGraphNodeTypeMemAlloc ||
             n->type == infinirtGraphNodeTypeMemFree;
  for (uint32_t i = 0; i < n->ndeps; i++)
    remove_from(n->deps[i]->succ, &n->deps[i]->nsucc, n);
  for (uint32_t i = 0; i < n->nsucc; i++)
    remove_from(n->succ[i]->deps, &n->succ[i]->ndeps, n);
  memmove(g->nodes + n->index, g->nodes + n->index + 1,
          (g->n - n->index - 1) * sizeof *g->nodes);
  g->n--;
  for (uint32_t i = n->index; i < g->n; i++)
    g->nodes[i]->index = i;
}

infinirtError_t infinirt_cpu_GraphDestroyNode(infinirtGraphNode_t node) {
  cpu_gnode *n = (cpu_gnode *)node;
  cpu_graph *g = n->graph;
  infinirt_cpu_lock(&g->lock);
  infinirt_cpu_node_unlink(n);
  infinirt_cpu_unlock(&g->lock);
  infinirt_cpu_node_free(n);
  return infinirtSuccess;
}

static infinirtError_t edges_apply(cpu_graph *g,
                                   const infinirtGraphNode_t *from,
                                   const infinirtGraphNode_t *to, size_t count,
                                   bool add) {
  for (size_t i = 0; i < count; i++) {
    cpu_gnode *f = (cpu_gnode *)from[i], *t = (cpu_gnode *)to[i];
    if (f->graph != g || t->graph != g)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "edge %zu names a node of another graph", i);
    if (f == t)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "edge %zu goes from a node to itself", i);
    bool exists = has_edge(f, t);
    for (size_t j = 0; j < i && !exists; j++)
      if (from[j] == from[i] && to[j] == to[i])
        return infinirt_detail(infinirtErrorInvalidValue,
                               "edge %zu is listed twice", i);
    if (add && exists)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "edge %zu (%p -> %p) exists already", i, (void *)f,
                             (void *)t);
    if (!add && !exists)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "edge %zu (%p -> %p) does not exist", i, (void *)f,
                             (void *)t);
  }
  if (!add) {
    for (size_t i = 0; i < count; i++) {
      edge_remove((cpu_gnode *)from[i], (cpu_gnode *)to[i]);
    }
    return infinirtSuccess;
  }
  /* Added one by one, undone when memory runs out: nothing changes on
   * error. A cycle is accepted here and refused by GraphInstantiate, as on
   * the H200. */
  size_t done = 0;
  infinirtError_t err = infinirtSuccess;
  for (; done < count; done++) {
    cpu_gnode *f = (cpu_gnode *)from[done], *t = (cpu_gnode *)to[done];
    if (!infinirt_cpu_edge_add(f, t)) {
      err = infinirt_detail(infinirtErrorMemoryAllocation,
                            "no memory for edge %zu", done);
      break;
    }
  }
  if (err != infinirtSuccess)
    while (done--)
      edge_remove((cpu_gnode *)from[done], (cpu_gnode *)to[done]);
  return err;
}

infinirtError_t infinirt_cpu_GraphAddDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies) {
  (void)edgeData; /* the core accepts default edges only */
  cpu_graph *g = (cpu_graph *)graph;
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err = edges_apply(g, from, to, numDependencies, true);
  infinirt_cpu_unlock(&g->lock);
  return err;
}

infinirtError_t infinirt_cpu_GraphRemoveDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies) {
  (void)edgeData;
  cpu_graph *g = (cpu_graph *)graph;
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err = edges_apply(g, from, to, numDependencies, false);
  infinirt_cpu_unlock(&g->lock);
  return err;
}

/* ---- copies ----------------------------------------------------------- */

bool infinirt_cpu_graph_has_mem(const cpu_graph *g) {
  for (uint32_t i = 0; i < g->n; i++) {
    const cpu_gnode *n = g->nodes[i];
    cpu_graph *child = infinirt_cpu_node_child(n);
    if (infinirt_cpu_node_mem(n) ||
        (child && infinirt_cpu_graph_has_mem(child)))
      return true;
  }
  return false;
}

/* A copy of |n|'s content (not its edges) into a new node of |g|. */
static infinirtError_t node_copy(cpu_graph *g, const cpu_gnode *n, bool keep_id,
                                 cpu_gnode **out) {
  cpu_gnode *c = NULL;
  infinirtError_t err = infinirt_cpu_node_add(
      g, (enum infinirtGraphNodeType)n->type, n->nslots, NULL, 0, &c);
  if (err != infinirtSuccess)
    return err;
  if (keep_id)
    c->id = n->id;
  if (n->nslots)
    memcpy(c->cmd, n->cmd, n->nslots * sizeof(cpu_slot));
  /* A kernel node's aux holds only what GetParams rebuilds. */
  const cpu_gnode_aux *na =
      n->type == infinirtGraphNodeTypeKernel ? NULL : n->aux;
  cpu_gnode_aux *ca = c->aux;
  if (ca && !na) /* captured, but the copy has one */
    ca->kind = infinirtMemcpyDefault;
  if (na) {
    ca->kind = na->kind;
    ca->event = na->event;
    if (na->copy && (ca->copy = malloc(sizeof *ca->copy)))
      *ca->copy = *na->copy;
    if (na->copy && !ca->copy)
      err = infinirt_detail(infinirtErrorMemoryAllocation,
                            "no memory to copy a node");
    if (na->alloc) {
      size_t bytes = sizeof *na->alloc + na->alloc->accessDescCount *
                                             sizeof(*na->alloc->accessDescs);
      if ((ca->alloc = malloc(bytes))) {
        memcpy(ca->alloc, na->alloc, bytes);
        ca->alloc->accessDescs =
            (const struct infinirtMemAccessDesc *)(void *)(ca->alloc + 1);
      } else {
        err = infinirt_detail(infinirtErrorMemoryAllocation,
                              "no memory to copy a node");
      }
    }
    if ((ca->mem = na->mem))
      infinirt_cpu_gmem_get(ca->mem);
  }
  if (n->cmd && n->cmd->cmd.op == CPU_OP_LAUNCH) {
    const cpu_launch *l = &n->cmd->cmd.p.launch;
    c->cmd->cmd.p.launch.heap = NULL;
    if (l->heap) {
      unsigned char *heap;
      if ((err = infinirt_cpu_launch_heap(l->kernel, &heap)) ==
          infinirtSuccess) {
        memcpy(heap, l->heap, l->kernel->extra_slots * CPU_SLOT_BYTES);
        c->cmd->cmd.p.launch.heap = heap;
      }
    }
  }
  if (err == infinirtSuccess && na && na->child) {
    err = infinirt_cpu_graph_copy(na->child, false, &ca->child);
    if (err == infinirtSuccess)
      ca->child->owner = c;
  }
  if (err != infinirtSuccess) {
    infinirt_cpu_node_unlink(c);
    infinirt_handle_unregister(&c->h);
    infinirt_cpu_node_free(c);
    return err;
  }
  *out = c;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_graph_copy(cpu_graph *g, bool keep_ids,
                                        cpu_graph **out) {
  cpu_graph *c = NULL;
  infinirtError_t err = infinirt_cpu_graph_new(&c);
  if (err != infinirtSuccess)
    return err;
  c->h.device = g->h.device;
  for (uint32_t i = 0; i < g->n && err == infinirtSuccess; i++) {
    cpu_gnode *x = NULL;
    err = node_copy(c, g->nodes[i], keep_ids, &x);
  }
  /* Edges by position: the copy's nodes are in the original's order. */
  for (uint32_t i = 0; i < g->n && err == infinirtSuccess; i++) {
    const cpu_gnode *n = g->nodes[i];
    for (uint32_t j = 0; j < n->ndeps; j++)
      if (!infinirt_cpu_edge_add(c->nodes[n->deps[j]->index], c->nodes[i])) {
        err = infinirt_detail(infinirtErrorMemoryAllocation,
                              "no memory to copy a graph");
        break;
      }
  }
  if (err != infinirtSuccess) {
    infinirt_cpu_graph_free(c);
    return err;
  }
  *out = c;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphClone(infinirtGraph_t *pGraphClone,
                                        infinirtGraph_t originalGraph) {
  cpu_graph *g = (cpu_graph *)originalGraph, *c = NULL;
  infinirt_cpu_lock(&g->lock);
  infinirtError_t err = infinirt_cpu_graph_copy(g, true, &c);
  infinirt_cpu_unlock(&g->lock);
  if (err != infinirtSuccess)
    return err;
  if (!infinirt_handle_register(&c->h)) {
    infinirt_cpu_graph_free(c);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a graph");
  }
  *pGraphClone = (infinirtGraph_t)c;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_GraphNodeFindInClone(infinirtGraphNode_t *pNode,
                                  infinirtGraphNode_t originalNode,
                                  infinirtGraph_t clonedGraph) {
  cpu_gnode *o = (cpu_gnode *)originalNode;
  cpu_graph *c = (cpu_graph *)clonedGraph;
  cpu_gnode *found = NULL;
  infinirt_cpu_lock(&c->lock);
  for (uint32_t i = 0; i < c->n && !found; i++)
    if (c->nodes[i]->id == o->id && c->nodes[i] != o)
      found = c->nodes[i];
  infinirt_cpu_unlock(&c->lock);
  if (!found)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "graph %p holds no clone of node %p", (void *)c,
                           (void *)o);
  *pNode = (infinirtGraphNode_t)found;
  return infinirtSuccess;
}

/* ---- inspection -------------------------------------------------------- */

/* The list convention: a NULL array asks for the count; else up to *n
 * entries are filled, the rest of the array cleared, and *n set to the
 * number filled. */
static void list_out(cpu_gnode *const *src, size_t count,
                     infinirtGraphNode_t *dst, infinirtGraphEdgeData *edges,
                     size_t *n) {
  if (!dst) {
    *n = count;
    return;
  }
  size_t k = count < *n ? count : *n;
  for (size_t i = 0; i < *n; i++) {
    dst[i] = i < k ? (infinirtGraphNode_t)src[i] : NULL;
    if (edges)
      memset(&edges[i], 0, sizeof edges[i]);
  }
  *n = k;
}

infinirtError_t infinirt_cpu_GraphGetNodes(infinirtGraph_t graph,
                                           infinirtGraphNode_t *nodes,
                                           size_t *numNodes) {
  cpu_graph *g = (cpu_graph *)graph;
  if (nodes && *numNodes == 0) /* as the H200 answers */
    return infinirt_detail(infinirtErrorInvalidValue,
                           "an array of 0 nodes for GetNodes");
  infinirt_cpu_lock(&g->lock);
  list_out(g->nodes, g->n, nodes, NULL, numNodes);
  infinirt_cpu_unlock(&g->lock);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphGetRootNodes(infinirtGraph_t graph,
                                               infinirtGraphNode_t *pRootNodes,
                                               size_t *pNumRootNodes) {
  cpu_graph *g = (cpu_graph *)graph;
  infinirt_cpu_lock(&g->lock);
  size_t roots = 0, cap = *pNumRootNodes;
  for (uint32_t i = 0; i < g->n; i++)
    if (g->nodes[i]->ndeps == 0) {
      if (pRootNodes && roots < cap)
        pRootNodes[roots] = (infinirtGraphNode_t)g->nodes[i];
      roots++;
    }
  infinirt_cpu_unlock(&g->lock);
  if (pRootNodes) {
    for (size_t i = roots; i < cap; i++)
      pRootNodes[i] = NULL;
    *pNumRootNodes = roots < cap ? roots : cap;
  } else {
    *pNumRootNodes = roots;
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphGetEdges(infinirtGraph_t graph,
                                           infinirtGraphNode_t *from,
                                           infinirtGraphNode_t *to,
                                           infinirtGraphEdgeData *edgeData,
                                           size_t *numEdges) {
  cpu_graph *g = (cpu_graph *)graph;
  infinirt_cpu_lock(&g->lock);
  size_t k = 0, cap = *numEdges;
  for (uint32_t i = 0; i < g->n; i++) {
    cpu_gnode *t = g->nodes[i];
    for (uint32_t j = 0; j < t->ndeps; j++, k++)
      if (from && k < cap) {
        from[k] = (infinirtGraphNode_t)t->deps[j];
        to[k] = (infinirtGraphNode_t)t;
      }
  }
  infinirt_cpu_unlock(&g->lock);
  if (from) {
    for (size_t i = k; i < cap; i++)
      from[i] = to[i] = NULL;
    if (edgeData)
      memset(edgeData, 0, cap * sizeof *edgeData);
    *numEdges = k < cap ? k : cap;
  } else {
    *numEdges = k;
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphNodeGetDependencies(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependencies,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependencies) {
  cpu_gnode *n = (cpu_gnode *)node;
  infinirt_cpu_lock(&n->graph->lock);
  list_out(n->deps, n->ndeps, pDependencies, edgeData, pNumDependencies);
  infinirt_cpu_unlock(&n->graph->lock);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphNodeGetDependentNodes(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependentNodes,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependentNodes) {
  cpu_gnode *n = (cpu_gnode *)node;
  infinirt_cpu_lock(&n->graph->lock);
  list_out(n->succ, n->nsucc, pDependentNodes, edgeData, pNumDependentNodes);
  infinirt_cpu_unlock(&n->graph->lock);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_GraphNodeGetType(infinirtGraphNode_t node,
                              enum infinirtGraphNodeType *pType) {
  *pType = ((cpu_gnode *)node)->type;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_GraphChildGraphNodeGetGraph(infinirtGraphNode_t node,
                                         infinirtGraph_t *pGraph) {
  cpu_gnode *n = (cpu_gnode *)node;
  if (n->type != infinirtGraphNodeTypeGraph)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "node %p is not a child graph node", (void *)n);
  /* Its handle is registered the first time it is handed out. */
  cpu_graph *child = n->aux->child;
  if (!infinirt_handle_lookup(child, INFINIRT_HANDLE_GRAPH) &&
      !infinirt_handle_register(&child->h))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a graph");
  *pGraph = (infinirtGraph_t)child;
  return infinirtSuccess;
}

enum infinirtGraphNodeType infinirt_cpu_op_node_type(uint8_t op) {
  switch (op) {
  case CPU_OP_COPY:
  case CPU_OP_COPY2D:
  case CPU_OP_COPY3D:
    return infinirtGraphNodeTypeMemcpy;
  case CPU_OP_SET:
  case CPU_OP_SET3D:
  case CPU_OP_FILL:
    return infinirtGraphNodeTypeMemset;
  case CPU_OP_HOSTFN:
    return infinirtGraphNodeTypeHost;
  case CPU_OP_LAUNCH:
    return infinirtGraphNodeTypeKernel;
  case CPU_OP_GRECORD:
    return infinirtGraphNodeTypeEventRecord;
  case CPU_OP_GWAIT:
    return infinirtGraphNodeTypeWaitEvent;
  case CPU_OP_GALLOC:
    return infinirtGraphNodeTypeMemAlloc;
  case CPU_OP_GFREE:
    return infinirtGraphNodeTypeMemFree;
  default:
    return infinirtGraphNodeTypeEmpty;
  }
}
