/* cpu_graph_exec.c - executable graphs on the CPU backend: instantiation
 * (child graphs flattened, a topological order by levels, dependency
 * positions, a copy of every command), launches as one stream command,
 * the exec's SetParams, GraphExecUpdate, and destruction.
 *
 * A change made while launches are pending is queued and applied when the
 * first launch made after it starts (struct cpu_xchange): the earlier ones
 * run with the old parameters, later ones with the new, as CUDA documents,
 * and the call never waits. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"
#include "cpu_launch.h"

/* A change to an exec made while launches of it are pending: it applies
 * from the first launch made after it, when that launch starts (launches
 * run one at a time, in order), so the pending ones keep the old
 * parameters and the call never waits for them. */
struct cpu_xchange {
  cpu_xchange *next;
  uint64_t after;  /* launches made when it was asked for */
  uint32_t pos;    /* run position */
  int8_t enabled;  /* -1: unchanged */
  uint16_t nslots; /* 0: the command unchanged */
  cpu_slot cmd[];
};

/* ---- flattening -------------------------------------------------------- */

typedef struct flat_node {
  cpu_gnode *src;      /* the graph node it comes from (NULL: a joint) */
  const cpu_slot *cmd; /* NULL: nothing to run */
  uint16_t nslots;
  uint8_t type;
  uint32_t pos; /* its run position, once ordered */
} flat_node;

typedef struct flat_edge_t {
  uint32_t from, to;
} flat_edge_t;

/* The flattened graph: nodes, and (child graphs inlined) every edge in
 * one list. */
typedef struct flat {
  flat_node *v;
  uint32_t n, cap;
  flat_edge_t *e;
  size_t ne, ecap;
  bool oom;
} flat;

/* Both adjacency lists of the flattened graph (CSR): the successors of
 * node i are succ[succ_off[i] .. succ_off[i + 1]), likewise pred. */
typedef struct adjacency {
  uint32_t *succ_off, *pred_off, *succ, *pred;
  bool shared_pred; /* |pred| is the exec's source list */
} adjacency;

static uint32_t flat_push(flat *f, cpu_gnode *src, const cpu_slot *cmd,
                          uint16_t nslots, uint8_t type) {
  if (f->n == f->cap) {
    uint32_t c = f->cap ? f->cap * 2 : 64;
    flat_node *v = realloc(f->v, c * sizeof *v);
    if (!v) {
      f->oom = true;
      return 0;
    }
    f->v = v;
    f->cap = c;
  }
  f->v[f->n] = (flat_node){src, cmd, nslots, type, 0};
  return f->n++;
}

static void flat_edge(flat *f, uint32_t from, uint32_t to) {
  if (f->ne == f->ecap) {
    size_t c = f->ecap ? f->ecap * 2 : 256;
    flat_edge_t *e = realloc(f->e, c * sizeof *e);
    if (!e) {
      f->oom = true;
      return;
    }
    f->e = e;
    f->ecap = c;
  }
  f->e[f->ne++] = (flat_edge_t){from, to};
}

/* Appends |g|'s nodes to |f|, each root after |entry| (UINT32_MAX: none),
 * fills |src| with |g|'s structure; returns the flat index every node of
 * |g| precedes (an exit node), or |entry| for an empty graph. */
static uint32_t flatten(flat *f, cpu_graph *g, uint32_t entry, cpu_xsrc *src,
                        bool *mem);

static bool xsrc_alloc(cpu_xsrc *src, const cpu_graph *g) {
  src->n = g->n;
  src->nodes = infinirt_cpu_array_calloc(g->n * sizeof *src->nodes);
  src->deps = infinirt_cpu_array_alloc(g->nedges * sizeof *src->deps);
  return src->nodes && src->deps;
}

static void xsrc_free(cpu_xsrc *src) {
  for (uint32_t i = 0; i < src->n && src->nodes; i++)
    if (src->nodes[i].child) {
      xsrc_free(src->nodes[i].child);
      free(src->nodes[i].child);
    }
  infinirt_cpu_array_free(src->nodes);
  infinirt_cpu_array_free(src->ids);
  if (!src->deps_shared)
    infinirt_cpu_array_free(src->deps);
}

/* One node's structure into |sn| and |src|'s dependency list from |*d|. */
static void xsrc_node(cpu_xsrc *src, cpu_xsrc_node *sn, const cpu_gnode *n,
                      uint32_t *d) {
  *sn = (cpu_xsrc_node){
      .id = n->id, .type = (uint8_t)n->type, .ndeps = n->ndeps, .dep_off = *d};
  for (uint32_t j = 0; j < n->ndeps; j++)
    src->deps[(*d)++] = n->deps[j]->index;
}

/* A graph without child graphs, in one pass over its nodes: flat index is
 * creation position, the dependencies are |src|'s own list and the
 * successors come from the nodes' arrays. */
static bool flatten_direct(flat *f, cpu_graph *g, cpu_xsrc *src, adjacency *a,
                           bool *mem) {
  uint32_t n = g->n;
  f->v = malloc((n ? n : 1) * sizeof *f->v);
  a->succ_off = malloc((n + 1) * sizeof *a->succ_off);
  a->succ = malloc((g->nedges ? g->nedges : 1) * sizeof *a->succ);
  a->pred_off = malloc((n + 1) * sizeof *a->pred_off);
  if (!xsrc_alloc(src, g) || !f->v || !a->succ_off || !a->succ || !a->pred_off)
    return false;
  f->n = f->cap = n;
  uint32_t d = 0, so = 0;
  for (uint32_t i = 0; i < n; i++) {
    const cpu_gnode *v = g->nodes[i];
    /* The nodes are read once, in order, from memory the add calls left
     * long ago: fetch a few ahead (both lines this loop reads). */
    if (i + 8 < n) {
      __builtin_prefetch(g->nodes[i + 8]);
      __builtin_prefetch((const char *)g->nodes[i + 8] + 64);
    }
    a->pred_off[i] = d;
    xsrc_node(src, &src->nodes[i], v, &d);
    src->nodes[i].pos = i;
    a->succ_off[i] = so;
    for (uint32_t k = 0; k < v->nsucc; k++)
      a->succ[so++] = v->succ[k]->index;
    f->v[i] =
        (flat_node){(cpu_gnode *)v, v->cmd, v->nslots, (uint8_t)v->type, 0};
    *mem |= v->type == infinirtGraphNodeTypeMemAlloc ||
            v->type == infinirtGraphNodeTypeMemFree;
  }
  a->pred_off[n] = d;
  a->succ_off[n] = so;
  a->pred = src->deps; /* shared: freed with |src| */
  a->shared_pred = true;
  return true;
}

static uint32_t flatten(flat *f, cpu_graph *g, uint32_t entry, cpu_xsrc *src,
                        bool *mem) {
  if (!xsrc_alloc(src, g)) {
    f->oom = true;
    return entry;
  }
  /* Per node, the flat nodes it starts at and ends in (a child graph's
   * entry and exit joints). */
  uint32_t *in = malloc((g->n ? g->n : 1) * sizeof *in);
  uint32_t *out = malloc((g->n ? g->n : 1) * sizeof *out);
  if (!in || !out) {
    free(in);
    free(out);
    f->oom = true;
    return entry;
  }
  uint32_t d = 0;
  for (uint32_t i = 0; i < g->n && !f->oom; i++) {
    cpu_gnode *n = g->nodes[i];
    cpu_xsrc_node *sn = &src->nodes[i];
    xsrc_node(src, sn, n, &d);
    cpu_graph *child = infinirt_cpu_node_child(n);
    if (infinirt_cpu_node_mem(n))
      *mem = true;
    if (child) {
      sn->pos = UINT32_MAX;
      in[i] = flat_push(f, NULL, NULL, 0, infinirtGraphNodeTypeEmpty);
      if (!(sn->child = calloc(1, sizeof *sn->child))) {
        f->oom = true;
        break;
      }
      infinirt_cpu_lock(&child->lock);
      uint32_t last = flatten(f, child, in[i], sn->child, mem);
      infinirt_cpu_unlock(&child->lock);
      out[i] = flat_push(f, NULL, NULL, 0, infinirtGraphNodeTypeEmpty);
      if (!f->oom)
        flat_edge(f, last, out[i]);
    } else {
      in[i] = out[i] = sn->pos =
          flat_push(f, n, n->cmd, n->nslots, (uint8_t)n->type);
    }
  }
  for (uint32_t i = 0; i < g->n && !f->oom; i++) {
    cpu_gnode *n = g->nodes[i];
    if (n->ndeps == 0 && entry != UINT32_MAX)
      flat_edge(f, entry, in[i]);
    for (uint32_t j = 0; j < n->ndeps; j++)
      flat_edge(f, out[n->deps[j]->index], in[i]);
  }
  /* The sinks join in an exit node when this is a child graph. */
  uint32_t exit = entry;
  if (entry != UINT32_MAX && !f->oom) {
    exit = flat_push(f, NULL, NULL, 0, infinirtGraphNodeTypeEmpty);
    flat_edge(f, entry, exit);
    for (uint32_t i = 0; i < g->n && !f->oom; i++)
      if (g->nodes[i]->nsucc == 0)
        flat_edge(f, out[i], exit);
  }
  free(in);
  free(out);
  return exit;
}

/* ---- instantiation ---------------------------------------------------- */

static void exec_free(cpu_exec *x) {
  for (cpu_xchange *c = x->changes, *next; c; c = next) {
    next = c->next;
    if (c->nslots && c->cmd->cmd.op == CPU_OP_LAUNCH)
      free(c->cmd->cmd.p.launch.heap);
    free(c);
  }
  for (uint32_t i = 0; i < x->n; i++) {
    cpu_slot *c = x->nodes[i].cmd;
    /* A lent command is the graph's (and owns nothing); of the others only
     * a kernel node's owns memory: the rest are not read (a graph's worth
     * of cold lines). */
    if (!c || x->nodes[i].lent)
      continue;
    if (x->nodes[i].type == infinirtGraphNodeTypeKernel &&
        c->cmd.op == CPU_OP_LAUNCH)
      free(c->cmd.p.launch.heap);
    if (c < x->arena || c >= x->arena + x->narena)
      free(c); /* a command SetParams replaced */
  }
  if (x->lender)
    infinirt_cpu_cmd_store_put(x->lender);
  for (uint32_t i = 0; i < x->nmems; i++) {
    atomic_fetch_sub(&x->mems[i]->execs, 1);
    infinirt_cpu_gmem_put(x->mems[i]);
  }
  for (uint32_t i = 0; i < x->nfrees; i++)
    infinirt_cpu_gmem_put(x->frees[i]);
  free(x->mems);
  free(x->frees);
  xsrc_free(&x->src);
  infinirt_cpu_array_free(x->arena);
  infinirt_cpu_array_free(x->nodes);
  infinirt_cpu_array_free(x->preds);
  infinirt_cpu_array_free((void *)x->stamps);
  free(x->records);
  free(x);
}

void infinirt_cpu_exec_put(cpu_exec *x) {
  if (atomic_fetch_sub(&x->refs, 1) == 1)
    exec_free(x);
}

/* The adjacency of |f| from its edge list, by counting. */
static bool adjacency_of_edges(const flat *f, adjacency *a) {
  uint32_t n = f->n;
  size_t edges = f->ne;
  a->succ_off = calloc(n + 1, sizeof *a->succ_off);
  a->pred_off = calloc(n + 1, sizeof *a->pred_off);
  a->succ = malloc((edges ? edges : 1) * sizeof *a->succ);
  a->pred = malloc((edges ? edges : 1) * sizeof *a->pred);
  if (!a->succ_off || !a->pred_off || !a->succ || !a->pred)
    return false;
  for (size_t k = 0; k < edges; k++) {
    a->succ_off[f->e[k].from + 1]++;
    a->pred_off[f->e[k].to + 1]++;
  }
  for (uint32_t i = 0; i < n; i++) {
    a->succ_off[i + 1] += a->succ_off[i];
    a->pred_off[i + 1] += a->pred_off[i];
  }
  for (size_t k = 0; k < edges; k++) {
    uint32_t fr = f->e[k].from, to = f->e[k].to;
    a->succ[a->succ_off[fr]++] = to;
    a->pred[a->pred_off[to]++] = fr;
  }
  /* The fill moved each offset to its end: the start is the previous end. */
  for (uint32_t i = n; i > 0; i--) {
    a->succ_off[i] = a->succ_off[i - 1];
    a->pred_off[i] = a->pred_off[i - 1];
  }
  a->succ_off[0] = a->pred_off[0] = 0;
  return true;
}

static void adjacency_free(adjacency *a) {
  free(a->succ_off);
  free(a->pred_off);
  free(a->succ);
  if (!a->shared_pred)
    free(a->pred);
}

/* Whether instantiation must do more for command |c| than copy it (see
 * own_commands). */
static bool needs_owning(const cpu_slot *c) {
  switch (c->cmd.op) {
  case CPU_OP_LAUNCH:
    return c->cmd.p.launch.heap != NULL;
  case CPU_OP_GRECORD:
  case CPU_OP_GALLOC:
  case CPU_OP_GFREE:
    return true;
  default:
    return false;
  }
}

/* Frees what a failed order_as_made() allocated in |x|. */
static void unorder(cpu_exec *x) {
  infinirt_cpu_array_free(x->nodes);
  infinirt_cpu_array_free(x->preds);
  infinirt_cpu_array_free((void *)x->stamps);
  infinirt_cpu_array_free(x->arena);
  /* no records yet; deps are |preds| */
  infinirt_cpu_array_free(x->src.ids);
  x->nodes = NULL;
  x->preds = NULL;
  x->stamps = NULL;
  x->arena = NULL;
  x->src = (cpu_xsrc){0};
  x->n = x->narena = 0;
}

/* Graphs made by Add calls or by capture are usually in a level order as
 * they were made: every dependency made before its node, and levels
 * (longest path from a root) never decreasing. Then creation order is the
 * run order, and one pass over the nodes does the whole job: no flattened
 * copy, no successor lists, no sort, and the source's dependency list is
 * the exec's. Returns 1 if done, 0 if |g| (without child graphs) is not in
 * such an order (|x| as it was), -1 if memory ran out. */
#define AHEAD 16 /* nodes: a node takes ~20 ns here, DRAM ~100 ns or more */
static int order_as_made(cpu_graph *g, cpu_exec *x, uint32_t *owned,
                         uint32_t *nowned, bool *mem) {
  uint32_t n = g->n;
  uint32_t *level = infinirt_cpu_array_alloc(n * sizeof *level);
  x->nodes = infinirt_cpu_array_alloc(n * sizeof *x->nodes);
  x->preds = infinirt_cpu_array_alloc(g->nedges * sizeof *x->preds);
  x->stamps = infinirt_cpu_array_calloc(n * sizeof *x->stamps);
  x->arena = infinirt_cpu_array_alloc(g->nslots * sizeof(cpu_slot));
  x->src.n = n;
  x->src.ids = infinirt_cpu_array_alloc(n * sizeof *x->src.ids);
  x->src.deps = x->preds;
  x->src.deps_shared = true;
  if (!level || !x->nodes || !x->preds || !x->stamps || !x->arena ||
      !x->src.ids) {
    infinirt_cpu_array_free(level);
    unorder(x);
    return -1;
  }
  uint32_t po = 0, so = 0, prev = 0;
  bool lent = false;
  for (uint32_t i = 0; i < n; i++) {
    cpu_gnode *v = g->nodes[i];
    /* Cold lines, read once: fetch a node's two some nodes ahead without
     * reading them. (Its command, in the store in creation order, is a
     * stream the hardware prefetches well: a software prefetch of it only
     * cost time, measured.) */
    if (i + AHEAD < n) {
      const char *ahead = (const char *)g->nodes[i + AHEAD];
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + 64);
    }
    uint32_t lv = 0;
    for (uint32_t j = 0; j < v->ndeps; j++) {
      uint32_t d = v->deps[j]->index;
      if (d >= i) /* AddDependencies made an edge backwards */
        goto unordered;
      x->preds[po + j] = d;
      if (level[d] + 1 > lv)
        lv = level[d] + 1;
    }
    if (lv < prev)
      goto unordered;
    prev = level[i] = lv;
    cpu_xnode *xn = &x->nodes[i];
    *xn = (cpu_xnode){
        .type = (uint8_t)v->type, .pred_off = po, .npred = v->ndeps};
    atomic_init(&xn->enabled, true);
    x->src.ids[i] = v->id;
    po += v->ndeps;
    xn->nslots = v->nslots;
    if (!v->cmd)
      continue;
    if (!(v->flags & CPU_GNODE_HEAP) && !needs_owning(v->cmd)) {
      /* Run where it is, in the graph's command store: the graph writes a
       * changed command elsewhere. */
      xn->cmd = v->cmd;
      xn->lent = true;
      xn->spare = so;
      so += v->nslots;
      v->flags |= CPU_GNODE_LENT;
      lent = true;
      continue;
    }
    xn->cmd = &x->arena[so];
    if (v->nslots == 1) /* a copy the compiler inlines */
      *xn->cmd = *v->cmd;
    else
      memcpy(xn->cmd, v->cmd, v->nslots * sizeof(cpu_slot));
    so += v->nslots;
    if (needs_owning(xn->cmd))
      owned[(*nowned)++] = i;
  }
  infinirt_cpu_array_free(level);
  if (lent) {
    infinirt_cpu_cmd_store_get(g->cmds);
    x->lender = g->cmds;
  }
  x->n = n;
  x->narena = so;
  /* A level holds more than one node if there are fewer levels than nodes:
   * levels never decrease along the order and each one below a node's is
   * the level of one of its dependencies. */
  x->wide = n && prev + 1 < n;
  *mem = g->nmem != 0;
  return 1;
unordered:
  /* Nodes already marked lent stay so (another exec may share them): at
   * worst a later SetParams writes a new command where it need not. */
  infinirt_cpu_array_free(level);
  *nowned = 0;
  unorder(x);
  return 0;
}

/* Orders |f| (adjacency |a|) by levels (Kahn's algorithm, each level in
 * creation order) into |x|: run positions, their dependencies, their
 * commands; the positions whose commands need owning go to |owned| (n
 * entries; pages of it that nothing is written to are never touched). */
static infinirtError_t order(flat *f, const adjacency *a, cpu_exec *x,
                             cpu_gnode **cyclic, uint32_t *owned,
                             uint32_t *nowned) {
  uint32_t n = f->n;
  size_t edges = a->pred_off[n];
  uint64_t slots = 0;
  for (uint32_t i = 0; i < n; i++)
    slots += f->v[i].nslots;
  const uint32_t *succ_off = a->succ_off, *pred_off = a->pred_off,
                 *succ = a->succ, *pred = a->pred;
  uint32_t *indeg = malloc((n ? n : 1) * sizeof *indeg);
  uint32_t *queue = malloc((n ? n : 1) * sizeof *queue);
  x->nodes = infinirt_cpu_array_alloc(n * sizeof *x->nodes);
  x->preds = infinirt_cpu_array_alloc(edges * sizeof *x->preds);
  x->stamps = infinirt_cpu_array_calloc(n * sizeof *x->stamps);
  x->arena = infinirt_cpu_array_alloc(slots * sizeof(cpu_slot));
  infinirtError_t err = infinirtSuccess;
  if (!indeg || !queue || !x->nodes || !x->preds || !x->stamps || !x->arena) {
    err = infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory to instantiate a graph of %u nodes", n);
    goto done;
  }
  x->narena = (uint32_t)slots;
  for (uint32_t i = 0; i < n; i++)
    indeg[i] = pred_off[i + 1] - pred_off[i];
  uint32_t head = 0, tail = 0, level_end, width = 0;
  for (uint32_t i = 0; i < n; i++)
    if (indeg[i] == 0)
      queue[tail++] = i;
  level_end = tail;
  x->wide = false;
  while (head < tail) {
    uint32_t i = queue[head++];
    width++;
    for (uint32_t k = succ_off[i]; k < succ_off[i + 1]; k++)
      if (--indeg[succ[k]] == 0)
        queue[tail++] = succ[k];
    if (head == level_end) {
      if (width > 1)
        x->wide = true;
      width = 0;
      level_end = tail;
    }
  }
  if (tail < n) { /* a cycle (AddDependencies accepts one, as CUDA does) */
    for (uint32_t i = 0; i < n && !*cyclic; i++)
      if (indeg[i] && f->v[i].src)
        *cyclic = f->v[i].src;
    err = infinirt_detail(infinirtErrorInvalidValue,
                          "the graph has a cycle (through node %p)",
                          (void *)*cyclic);
    goto done;
  }
  for (uint32_t k = 0; k < n; k++)
    f->v[queue[k]].pos = k;
  uint32_t po = 0, so = 0;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t i = queue[k];
    const flat_node *fn = &f->v[i];
    cpu_xnode *xn = &x->nodes[k];
    *xn = (cpu_xnode){.type = fn->type};
    atomic_init(&xn->enabled, true);
    xn->pred_off = po;
    xn->npred = pred_off[i + 1] - pred_off[i];
    for (uint32_t j = pred_off[i]; j < pred_off[i + 1]; j++)
      x->preds[po++] = f->v[pred[j]].pos;
    if (k + 8 < n && f->v[queue[k + 8]].cmd)
      __builtin_prefetch(f->v[queue[k + 8]].cmd);
    if (fn->cmd) {
      xn->cmd = &x->arena[so];
      memcpy(xn->cmd, fn->cmd, fn->nslots * sizeof(cpu_slot));
      xn->nslots = fn->nslots;
      so += fn->nslots;
      if (needs_owning(xn->cmd))
        owned[(*nowned)++] = k;
    }
  }
  x->n = n;
done:
  free(indeg);
  free(queue);
  return err;
}

/* Source positions were flat indices: make them run positions. */
static void remap_src(cpu_xsrc *src, const flat *f) {
  for (uint32_t i = 0; i < src->n; i++) {
    cpu_xsrc_node *sn = &src->nodes[i];
    if (sn->pos != UINT32_MAX)
      sn->pos = f->v[sn->pos].pos;
    if (sn->child)
      remap_src(sn->child, f);
  }
}

/* Deep copies of what the commands at positions |owned| own (kernel
 * arguments on the heap), references to graph memory, the record nodes
 * numbered. */
/* On failure: the commands from |owned[from]| on still name the graph's
 * kernel arguments, which the exec must not free. */
static infinirtError_t disown(cpu_exec *x, const uint32_t *owned, uint32_t from,
                              uint32_t nowned, infinirtError_t err) {
  for (uint32_t i = from; i < nowned; i++) {
    cpu_slot *c = x->nodes[owned[i]].cmd;
    if (c->cmd.op == CPU_OP_LAUNCH)
      c->cmd.p.launch.heap = NULL;
  }
  return err;
}

static infinirtError_t own_commands(cpu_exec *x, const uint32_t *owned,
                                    uint32_t nowned) {
  uint32_t records = 0, mems = 0, frees = 0;
  for (uint32_t i = 0; i < nowned; i++) {
    cpu_slot *c = x->nodes[owned[i]].cmd;
    if (c->cmd.op == CPU_OP_GRECORD)
      records++;
    if (c->cmd.op == CPU_OP_GALLOC)
      mems++;
    if (c->cmd.op == CPU_OP_GFREE)
      frees++;
  }
  if ((records && !(x->records = calloc(records, sizeof *x->records))) ||
      (mems && !(x->mems = calloc(mems, sizeof *x->mems))) ||
      (frees && !(x->frees = calloc(frees, sizeof *x->frees))))
    return disown(x, owned, 0, nowned,
                  infinirt_detail(infinirtErrorMemoryAllocation,
                                  "no memory to instantiate a graph"));
  for (uint32_t i = 0; i < nowned; i++) {
    uint32_t k = owned[i];
    cpu_slot *c = x->nodes[k].cmd;
    switch (c->cmd.op) {
    case CPU_OP_LAUNCH:
      if (c->cmd.p.launch.heap) {
        const cpu_kernel *kn = c->cmd.p.launch.kernel;
        unsigned char *heap, *from = c->cmd.p.launch.heap;
        c->cmd.p.launch.heap = NULL;
        if (infinirt_cpu_launch_heap(kn, &heap) != infinirtSuccess)
          return disown(x, owned, i + 1, nowned, infinirtErrorMemoryAllocation);
        memcpy(heap, from, kn->extra_slots * CPU_SLOT_BYTES);
        c->cmd.p.launch.heap = heap;
      }
      break;
    case CPU_OP_GRECORD:
      x->nodes[k].record = infinirt_cpu_gp(c)->grecord.slot = x->nrecords;
      x->records[x->nrecords++] = infinirt_cpu_gp(c)->grecord.event;
      break;
    case CPU_OP_GFREE:
      infinirt_cpu_gmem_get(infinirt_cpu_gp(c)->gmem.mem);
      x->frees[x->nfrees++] = infinirt_cpu_gp(c)->gmem.mem;
      break;
    case CPU_OP_GALLOC: {
      cpu_gmem *m = infinirt_cpu_gp(c)->gmem.mem;
      /* CUDA: one executable graph at a time per graph allocation. */
      if (atomic_fetch_add(&m->execs, 1) != 0) {
        atomic_fetch_sub(&m->execs, 1);
        return disown(x, owned, i + 1, nowned,
                      infinirt_detail(infinirtErrorNotSupported,
                                      "the graph's allocation at %p belongs "
                                      "to another executable graph already "
                                      "(destroy it first)",
                                      (void *)m->alloc.start));
      }
      infinirt_cpu_gmem_get(m);
      x->mems[x->nmems++] = m;
      break;
    }
    }
  }
  return infinirtSuccess;
}

static infinirtError_t instantiate(cpu_exec **out, cpu_graph *g,
                                   unsigned long long flags,
                                   cpu_gnode **err_node) {
  if (flags & infinirtGraphInstantiateFlagDeviceLaunch)
    return infinirt_detail(infinirtErrorNotSupported,
                           "device launch: the cpu backend's graphs are "
                           "launched from the host only");
  cpu_exec *x = calloc(1, sizeof *x);
  if (!x)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for an executable graph");
  /* Of the current device, as CUDA's belongs to the current context. */
  x->h = (infinirt_handle){INFINIRT_HANDLE_MAGIC, INFINIRT_HANDLE_GRAPH_EXEC, 0,
                           &infinirt_cpu_backend,
                           infinirt_current_device(infinirtDeviceTypeCpu)};
  atomic_init(&x->refs, 1);
  x->flags = flags;
  flat f = {0};
  bool mem = false;
  cpu_gnode *cyclic = NULL;
  adjacency adj = {0};
  /* Positions whose commands need owning: pages nothing is written to are
   * never touched. */
  uint32_t nowned = 0, *owned = NULL;
  infinirtError_t err = infinirtSuccess;
  int made = 0;
  infinirt_cpu_lock(&g->lock);
  if (g->nchild == 0) {
    if (!(owned = malloc((g->n ? g->n : 1) * sizeof *owned)) ||
        (made = order_as_made(g, x, owned, &nowned, &mem)) < 0)
      err =
          infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory to instantiate a graph of %u nodes", g->n);
  }
  bool adj_ok = true;
  if (err == infinirtSuccess && !made) {
    if (g->nchild == 0)
      adj_ok = flatten_direct(&f, g, &x->src, &adj, &mem);
    else {
      flatten(&f, g, UINT32_MAX, &x->src, &mem);
      adj_ok = !f.oom && adjacency_of_edges(&f, &adj);
    }
  }
  infinirt_cpu_unlock(&g->lock);
  if (err == infinirtSuccess && !made) {
    if (!owned)
      owned = malloc((f.n ? f.n : 1) * sizeof *owned);
    err =
        !adj_ok || !owned
            ? infinirt_detail(infinirtErrorMemoryAllocation,
                              "no memory to instantiate a graph")
            : order(&f, &adj, x, err_node ? err_node : &cyclic, owned, &nowned);
    if (err == infinirtSuccess)
      remap_src(&x->src, &f);
  }
  adjacency_free(&adj);
  if (err == infinirtSuccess)
    err = own_commands(x, owned, nowned);
  free(owned);
  free(f.v);
  free(f.e);
  if (err == infinirtSuccess && !infinirt_handle_register(&x->h))
    err = infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory to register an executable graph");
  if (err != infinirtSuccess) {
    exec_free(x);
    return err;
  }
  cpu_device *dev = &infinirt_cpu_devices[x->h.device];
  pthread_mutex_lock(&dev->lock);
  x->dev_next = dev->execs;
  if (dev->execs)
    dev->execs->dev_prev = x;
  dev->execs = x;
  pthread_mutex_unlock(&dev->lock);
  *out = x;
  return infinirtSuccess;
}

/* Takes |x| off its device's list (the device's lock held). */
static void exec_unlink(cpu_device *dev, cpu_exec *x) {
  if (x->dev_prev)
    x->dev_prev->dev_next = x->dev_next;
  else
    dev->execs = x->dev_next;
  if (x->dev_next)
    x->dev_next->dev_prev = x->dev_prev;
  x->dev_prev = x->dev_next = NULL;
}

void infinirt_cpu_execs_reset(cpu_device *dev) {
  pthread_mutex_lock(&dev->lock);
  for (cpu_exec *x = dev->execs, *next; x; x = next) {
    next = x->dev_next;
    /* One being destroyed now is left to its destroyer. */
    if (!infinirt_handle_unregister(&x->h))
      continue;
    exec_unlink(dev, x);
    infinirt_cpu_exec_put(x);
  }
  pthread_mutex_unlock(&dev->lock);
}

infinirtError_t infinirt_cpu_GraphInstantiate(infinirtGraphExec_t *pGraphExec,
                                              infinirtGraph_t graph,
                                              unsigned long long flags) {
  return instantiate((cpu_exec **)pGraphExec, (cpu_graph *)graph, flags, NULL);
}

infinirtError_t
infinirt_cpu_GraphInstantiateWithFlags(infinirtGraphExec_t *pGraphExec,
                                       infinirtGraph_t graph,
                                       unsigned long long flags) {
  return instantiate((cpu_exec **)pGraphExec, (cpu_graph *)graph, flags, NULL);
}

infinirtError_t
infinirt_cpu_GraphInstantiateWithParams(infinirtGraphExec_t *pGraphExec,
                                        infinirtGraph_t graph,
                                        infinirtGraphInstantiateParams *p) {
  cpu_gnode *bad = NULL;
  infinirtError_t err =
      instantiate((cpu_exec **)pGraphExec, (cpu_graph *)graph, p->flags, &bad);
  p->errNode_out = (infinirtGraphNode_t)bad;
  p->result_out = err == infinirtSuccess ? infinirtGraphInstantiateSuccess
                  : bad ? infinirtGraphInstantiateInvalidStructure
                  : err == infinirtErrorNotSupported
                      ? infinirtGraphInstantiateNodeOperationNotSupported
                      : infinirtGraphInstantiateError;
  if (err == infinirtSuccess && (p->flags & infinirtGraphInstantiateFlagUpload))
    err = infinirt_cpu_GraphUpload(*pGraphExec, p->uploadStream);
  return err;
}

infinirtError_t infinirt_cpu_GraphExecGetFlags(infinirtGraphExec_t graphExec,
                                               unsigned long long *flags) {
  *flags = ((cpu_exec *)graphExec)->flags;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_GraphExecDestroy(infinirtGraphExec_t graphExec) {
  /* The core unregistered it; pending launches hold references. */
  cpu_exec *x = (cpu_exec *)graphExec;
  cpu_device *dev = &infinirt_cpu_devices[x->h.device];
  pthread_mutex_lock(&dev->lock);
  exec_unlink(dev, x);
  pthread_mutex_unlock(&dev->lock);
  infinirt_cpu_exec_put(x);
  return infinirtSuccess;
}

/* ---- launching ------------------------------------------------------- */

infinirtError_t infinirt_cpu_GraphUpload(infinirtGraphExec_t graphExec,
                                         infinirtStream_t stream) {
  (void)graphExec; /* an exec holds everything a launch needs already */
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (s && infinirt_cpu_capturing(s))
    return infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureUnsupported,
                                       "GraphUpload");
  return s ? infinirtSuccess : err;
}

infinirtError_t infinirt_cpu_GraphLaunch(infinirtGraphExec_t graphExec,
                                         infinirtStream_t stream) {
  cpu_exec *x = (cpu_exec *)graphExec;
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if (infinirt_cpu_capturing(s)) /* refused (and invalidating) on the H200 */
    return infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureUnsupported,
                                       "GraphLaunch");
  bool auto_free = x->flags & infinirtGraphInstantiateFlagAutoFreeOnLaunch;
  for (uint32_t i = 0; i < x->nmems; i++)
    if (atomic_load(&x->mems[i]->live) && !auto_free)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "the allocation at %p that the previous launch "
                             "made is not freed (instantiate with "
                             "AutoFreeOnLaunch to free it at launch)",
                             (void *)x->mems[i]->alloc.start);
  uint64_t *gens = NULL;
  if (x->nrecords && !(gens = malloc(x->nrecords * sizeof *gens)))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a graph launch");
  /* Ordered behind the work of |s| (and the legacy rules), and behind the
   * exec's previous launch on whatever stream it was. */
  cpu_dep deps[17];
  unsigned n = infinirt_cpu_collect_deps(s->dev, s, deps, 16);
  cpu_enqueue e;
  cpu_slot *h;
  infinirt_cpu_lock(&x->launch_lock);
  if (x->last.stream && x->last.stream != s &&
      !infinirt_cpu_dep_done(&x->last) && n < 16)
    deps[n++] = x->last;
  err = n <= 16 ? infinirt_cpu_begin(s, deps, n, 0, &e, &h)
                : infinirt_cpu_begin_ordered(s, 0, &e, &h);
  if (err != infinirtSuccess) {
    infinirt_cpu_unlock(&x->launch_lock);
    free(gens);
    return err;
  }
  uint64_t seq = infinirt_cpu_next_seq(&e);
  for (uint32_t i = 0; i < x->nrecords; i++)
    gens[i] = infinirt_cpu_event_set_record(x->records[i], s, seq);
  for (uint32_t i = 0; i < x->nmems; i++)
    atomic_store(&x->mems[i]->live, true);
  atomic_fetch_add(&x->refs, 1);
  infinirt_cpu_gp(h)->graph.exec = x;
  infinirt_cpu_gp(h)->graph.gens = gens;
  infinirt_cpu_gp(h)->graph.number = ++x->launches_made;
  x->last = (cpu_dep){s, infinirt_cpu_commit(&e, CPU_OP_GRAPH)};
  infinirt_cpu_unlock(&x->launch_lock);
  /* What the graph frees itself is not live after this launch. */
  for (uint32_t i = 0; i < x->nfrees; i++)
    atomic_store(&x->frees[i]->live, false);
  return infinirtSuccess;
}

/* ---- changing an exec ------------------------------------------------- */

/* Whether a launch of |x| made so far has not finished (launch_lock held). */
static bool busy(cpu_exec *x) {
  return x->last.stream && !infinirt_cpu_dep_done(&x->last);
}

static void queue_change(cpu_exec *x, cpu_xchange *c) {
  c->after = x->launches_made;
  c->next = NULL;
  if (x->changes_tail)
    x->changes_tail->next = c;
  else
    x->changes = c;
  x->changes_tail = c;
}

static infinirtError_t replace(cpu_exec *x, uint32_t pos, const cpu_slot *cmd,
                               unsigned nslots);

void infinirt_cpu_exec_apply_changes(cpu_exec *x, uint64_t launch) {
  infinirt_cpu_lock(&x->launch_lock);
  while (x->changes && x->changes->after < launch) {
    cpu_xchange *c = x->changes;
    x->changes = c->next;
    if (!x->changes)
      x->changes_tail = NULL;
    if (c->enabled >= 0)
      atomic_store(&x->nodes[c->pos].enabled, c->enabled != 0);
    /* A bigger command needs a block: out of memory then, the node keeps
     * its old one (nobody is left to tell). */
    if (c->nslots && replace(x, c->pos, c->cmd, c->nslots) != infinirtSuccess &&
        c->cmd->cmd.op == CPU_OP_LAUNCH)
      free(c->cmd->cmd.p.launch.heap);
    free(c);
  }
  infinirt_cpu_unlock(&x->launch_lock);
}

/* Makes |cmd| (or the enabled flag, |enabled| >= 0) the node at |pos|'s
 * for the launches made from now on; owns |cmd|'s heap arguments. */
static infinirtError_t change(cpu_exec *x, uint32_t pos, const cpu_slot *cmd,
                              unsigned nslots, int enabled) {
  infinirtError_t err = infinirtSuccess;
  infinirt_cpu_lock(&x->launch_lock);
  /* The event the next launch records is the host's to know now (GraphLaunch
   * reads it under this lock), whenever the command itself changes. */
  if (nslots && cmd->cmd.op == CPU_OP_GRECORD)
    x->records[x->nodes[pos].record] =
        infinirt_cpu_gp((cpu_slot *)cmd)->grecord.event;
  if (!busy(x) && !x->changes) {
    if (enabled >= 0)
      atomic_store(&x->nodes[pos].enabled, enabled != 0);
    if (nslots)
      err = replace(x, pos, cmd, nslots);
    infinirt_cpu_unlock(&x->launch_lock);
    return err;
  }
  cpu_xchange *c = malloc(sizeof *c + nslots * sizeof(cpu_slot));
  if (!c) {
    infinirt_cpu_unlock(&x->launch_lock);
    if (nslots && cmd->cmd.op == CPU_OP_LAUNCH)
      free(cmd->cmd.p.launch.heap);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a change of an executable graph");
  }
  c->pos = pos;
  c->enabled = (int8_t)enabled;
  c->nslots = (uint16_t)nslots;
  if (nslots)
    memcpy(c->cmd, cmd, nslots * sizeof(cpu_slot));
  queue_change(x, c);
  infinirt_cpu_unlock(&x->launch_lock);
  return infinirtSuccess;
}

/* Makes |x|'s source records from its ids and nodes if instantiation left
 * them out (order_as_made: node i ran from creation position i). Callers
 * may race: the first to publish wins. */
static infinirtError_t src_ready(cpu_exec *x) {
  if (__atomic_load_n(&x->src.nodes, __ATOMIC_ACQUIRE) || !x->src.ids)
    return infinirtSuccess;
  cpu_xsrc_node *s = infinirt_cpu_array_alloc(x->src.n * sizeof *s);
  if (!s)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for the records of an executable graph "
                           "of %u nodes",
                           x->src.n);
  for (uint32_t i = 0; i < x->src.n; i++)
    s[i] = (cpu_xsrc_node){.id = x->src.ids[i],
                           .type = x->nodes[i].type,
                           .pos = i,
                           .ndeps = x->nodes[i].npred,
                           .dep_off = x->nodes[i].pred_off};
  cpu_xsrc_node *none = NULL;
  if (!__atomic_compare_exchange_n(&x->src.nodes, &none, s, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    infinirt_cpu_array_free(s);
  return infinirtSuccess;
}

/* The source node of |x| made from the graph node with |id| (top level;
 * src_ready() ran). */
static cpu_xsrc_node *src_find(cpu_exec *x, uint64_t id) {
  uint32_t lo = 0, hi = x->src.n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (x->src.nodes[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < x->src.n && x->src.nodes[lo].id == id ? &x->src.nodes[lo] : NULL;
}

/* Puts |cmd| into run position |pos| (exec idle). */
static infinirtError_t replace(cpu_exec *x, uint32_t pos, const cpu_slot *cmd,
                               unsigned nslots) {
  cpu_xnode *xn = &x->nodes[pos];
  cpu_slot *c = xn->cmd;
  bool in_arena = c >= x->arena && c < x->arena + x->narena;
  /* A lent command is not the exec's to write: the new one goes to the
   * room the arena kept for it, or to a block if it is bigger. */
  if (xn->lent && nslots <= xn->nslots) {
    xn->cmd = c = &x->arena[xn->spare];
    xn->lent = false;
  } else if (!c || xn->lent || nslots > xn->nslots) {
    cpu_slot *nc = aligned_alloc(64, nslots * sizeof(cpu_slot));
    if (!nc)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for a node's parameters");
    if (c && !xn->lent && c->cmd.op == CPU_OP_LAUNCH)
      free(c->cmd.p.launch.heap);
    if (c && !xn->lent && !in_arena)
      free(c);
    xn->cmd = c = nc;
    xn->nslots = (uint8_t)nslots;
    xn->lent = false;
  } else if (c->cmd.op == CPU_OP_LAUNCH) {
    free(c->cmd.p.launch.heap);
  }
  memcpy(c, cmd, nslots * sizeof(cpu_slot));
  if (c->cmd.op == CPU_OP_GRECORD) /* x->records: change() moved it */
    infinirt_cpu_gp(c)->grecord.slot = xn->record;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_exec_node_set(cpu_exec *x, cpu_gnode *node,
                                           enum infinirtGraphNodeType type,
                                           const cpu_slot *cmd,
                                           unsigned nslots) {
  infinirtError_t err = src_ready(x);
  cpu_xsrc_node *sn = err == infinirtSuccess ? src_find(x, node->id) : NULL;
  if (err == infinirtSuccess && (!sn || sn->pos == UINT32_MAX))
    err = infinirt_detail(infinirtErrorInvalidValue,
                          "node %p is not a node of the graph executable "
                          "graph %p was made from",
                          (void *)node, (void *)x);
  else if (err == infinirtSuccess && sn->type != type)
    err = infinirt_detail(infinirtErrorInvalidValue,
                          "node %p has type %d, not %d", (void *)node,
                          (int)sn->type, (int)type);
  if (err != infinirtSuccess) {
    if (cmd->cmd.op == CPU_OP_LAUNCH)
      free(cmd->cmd.p.launch.heap);
    return err;
  }
  return change(x, sn->pos, cmd, nslots, -1);
}

infinirtError_t infinirt_cpu_GraphNodeSetEnabled(infinirtGraphExec_t hGraphExec,
                                                 infinirtGraphNode_t hNode,
                                                 unsigned int isEnabled) {
  cpu_exec *x = (cpu_exec *)hGraphExec;
  infinirtError_t err = src_ready(x);
  if (err != infinirtSuccess)
    return err;
  cpu_xsrc_node *sn = src_find(x, ((cpu_gnode *)hNode)->id);
  if (!sn || sn->pos == UINT32_MAX ||
      (sn->type != infinirtGraphNodeTypeKernel &&
       sn->type != infinirtGraphNodeTypeMemcpy &&
       sn->type != infinirtGraphNodeTypeMemset))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "node %p is no kernel, memcpy or memset node of "
                           "the graph executable graph %p was made from",
                           (void *)hNode, (void *)x);
  return change(x, sn->pos, NULL, 0, isEnabled != 0);
}

infinirtError_t infinirt_cpu_GraphNodeGetEnabled(infinirtGraphExec_t hGraphExec,
                                                 infinirtGraphNode_t hNode,
                                                 unsigned int *isEnabled) {
  cpu_exec *x = (cpu_exec *)hGraphExec;
  infinirtError_t err = src_ready(x);
  if (err != infinirtSuccess)
    return err;
  cpu_xsrc_node *sn = src_find(x, ((cpu_gnode *)hNode)->id);
  if (!sn || sn->pos == UINT32_MAX ||
      (sn->type != infinirtGraphNodeTypeKernel &&
       sn->type != infinirtGraphNodeTypeMemcpy &&
       sn->type != infinirtGraphNodeTypeMemset))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "node %p is no kernel, memcpy or memset node of "
                           "the graph executable graph %p was made from",
                           (void *)hNode, (void *)x);
  infinirt_cpu_lock(&x->launch_lock);
  unsigned v = atomic_load(&x->nodes[sn->pos].enabled);
  for (const cpu_xchange *c = x->changes; c; c = c->next)
    if (c->pos == sn->pos && c->enabled >= 0)
      v = (unsigned)c->enabled;
  infinirt_cpu_unlock(&x->launch_lock);
  *isEnabled = v;
  return infinirtSuccess;
}

/* Compares |g| with |src| node by node; on the first difference fills
 * |info| and returns false. */
static bool same_topology(const cpu_xsrc *src, cpu_graph *g,
                          infinirtGraphExecUpdateResultInfo *info) {
  if (src->n != g->n) {
    info->result = infinirtGraphExecUpdateErrorTopologyChanged;
    return false;
  }
  for (uint32_t i = 0; i < g->n; i++) {
    const cpu_xsrc_node *sn = &src->nodes[i];
    cpu_gnode *n = g->nodes[i];
    if (sn->type != n->type) {
      info->result = infinirtGraphExecUpdateErrorNodeTypeChanged;
      info->errorNode = (infinirtGraphNode_t)n;
      return false;
    }
    bool edges = sn->ndeps == n->ndeps;
    for (uint32_t j = 0; edges && j < n->ndeps; j++)
      edges = src->deps[sn->dep_off + j] == n->deps[j]->index;
    if (!edges) {
      info->result = infinirtGraphExecUpdateErrorTopologyChanged;
      info->errorNode = (infinirtGraphNode_t)n;
      return false;
    }
    if ((sn->type == infinirtGraphNodeTypeMemAlloc ||
         sn->type == infinirtGraphNodeTypeMemFree)) {
      info->result = infinirtGraphExecUpdateErrorNotSupported;
      info->errorNode = (infinirtGraphNode_t)n;
      return false;
    }
    cpu_graph *child = infinirt_cpu_node_child(n);
    if (child) {
      infinirt_cpu_lock(&child->lock);
      bool same = same_topology(sn->child, child, info);
      infinirt_cpu_unlock(&child->lock);
      if (!same) {
        info->errorFromNode = info->errorNode;
        info->errorNode = (infinirtGraphNode_t)n;
        return false;
      }
    }
  }
  return true;
}

/* Copies |g|'s commands into |x| at |src|'s positions; new ids. */
static infinirtError_t apply(cpu_exec *x, cpu_xsrc *src, cpu_graph *g) {
  for (uint32_t i = 0; i < g->n; i++) {
    cpu_xsrc_node *sn = &src->nodes[i];
    cpu_gnode *n = g->nodes[i];
    sn->id = n->id;
    infinirtError_t err = infinirtSuccess;
    cpu_graph *child = infinirt_cpu_node_child(n);
    if (child) {
      infinirt_cpu_lock(&child->lock);
      err = apply(x, sn->child, child);
      infinirt_cpu_unlock(&child->lock);
    } else if (n->cmd) {
      cpu_slot tmp[1 + CPU_INLINE_ARG_SLOTS];
      memcpy(tmp, n->cmd, n->nslots * sizeof(cpu_slot));
      if (tmp->cmd.op == CPU_OP_LAUNCH && tmp->cmd.p.launch.heap) {
        unsigned char *heap;
        const cpu_kernel *k = tmp->cmd.p.launch.kernel;
        if ((err = infinirt_cpu_launch_heap(k, &heap)) != infinirtSuccess)
          return err;
        memcpy(heap, tmp->cmd.p.launch.heap, k->extra_slots * CPU_SLOT_BYTES);
        tmp->cmd.p.launch.heap = heap;
      }
      err = change(x, sn->pos, tmp, n->nslots, -1);
    }
    if (err != infinirtSuccess)
      return err;
  }
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_GraphExecUpdate(infinirtGraphExec_t hGraphExec,
                             infinirtGraph_t hGraph,
                             infinirtGraphExecUpdateResultInfo *resultInfo) {
  cpu_exec *x = (cpu_exec *)hGraphExec;
  cpu_graph *g = (cpu_graph *)hGraph;
  infinirtGraphExecUpdateResultInfo info = {infinirtGraphExecUpdateSuccess,
                                            NULL, NULL};
  infinirtError_t err = src_ready(x);
  if (err != infinirtSuccess) {
    info.result = infinirtGraphExecUpdateError;
    if (resultInfo)
      *resultInfo = info;
    return err;
  }
  infinirt_cpu_lock(&g->lock);
  if (!same_topology(&x->src, g, &info)) {
    err = infinirt_detail(infinirtErrorGraphExecUpdateFailure,
                          "graph %p differs from the one executable graph %p "
                          "was made from (result %d)",
                          (void *)g, (void *)x, (int)info.result);
  } else {
    if ((err = apply(x, &x->src, g)) != infinirtSuccess)
      info.result = infinirtGraphExecUpdateError;
  }
  infinirt_cpu_unlock(&g->lock);
  if (resultInfo)
    *resultInfo = info;
  return err;
}

infinirtError_t
infinirt_cpu_GraphExecChildGraphNodeSetParams(infinirtGraphExec_t hGraphExec,
                                              infinirtGraphNode_t node,
                                              infinirtGraph_t childGraph) {
  cpu_exec *x = (cpu_exec *)hGraphExec;
  cpu_graph *g = (cpu_graph *)childGraph;
  infinirtError_t err = src_ready(x);
  if (err != infinirtSuccess)
    return err;
  cpu_xsrc_node *sn = src_find(x, ((cpu_gnode *)node)->id);
  if (!sn || !sn->child)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "node %p is no child graph node of the graph "
                           "executable graph %p was made from",
                           (void *)node, (void *)x);
  infinirtGraphExecUpdateResultInfo info = {0, NULL, NULL};
  infinirt_cpu_lock(&g->lock);
  if (!same_topology(sn->child, g, &info)) {
    err = infinirt_detail(infinirtErrorInvalidValue,
                          "child graph %p has another topology than the one "
                          "instantiated",
                          (void *)g);
  } else {
    err = apply(x, sn->child, g);
  }
  infinirt_cpu_unlock(&g->lock);
  return err;
}
