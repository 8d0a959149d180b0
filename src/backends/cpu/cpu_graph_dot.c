/* cpu_graph_dot.c - GraphDebugDotPrint: a graph in Graphviz DOT form, one
 * vertex per node (child graphs as clusters), labelled with the node's type
 * and, as the flags ask, its parameters and handle. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

static const char *type_name(enum infinirtGraphNodeType t) {
  switch (t) {
  case infinirtGraphNodeTypeKernel:
    return "kernel";
  case infinirtGraphNodeTypeMemcpy:
    return "memcpy";
  case infinirtGraphNodeTypeMemset:
    return "memset";
  case infinirtGraphNodeTypeHost:
    return "host";
  case infinirtGraphNodeTypeGraph:
    return "child graph";
  case infinirtGraphNodeTypeEmpty:
    return "empty";
  case infinirtGraphNodeTypeWaitEvent:
    return "event wait";
  case infinirtGraphNodeTypeEventRecord:
    return "event record";
  case infinirtGraphNodeTypeMemAlloc:
    return "mem alloc";
  case infinirtGraphNodeTypeMemFree:
    return "mem free";
  default:
    return "node";
  }
}

/* The parameters of |n| when |flags| ask for them (after "\n"). */
static void params(FILE *f, const cpu_gnode *n, unsigned flags) {
  bool all = flags & infinirtGraphDebugDotFlagsVerbose;
  const cpu_slot *c = n->cmd;
  switch (n->type) {
  case infinirtGraphNodeTypeKernel:
    if (all || (flags & infinirtGraphDebugDotFlagsKernelNodeParams)) {
      const cpu_launch *l = &c->cmd.p.launch;
      fprintf(f, "\\n%.64s grid (%u,%u,%u) block (%u,%u,%u) shared %u",
              l->kernel->name, l->grid.x, l->grid.y, l->grid.z, l->block.x,
              l->block.y, l->block.z, l->shared);
    }
    break;
  case infinirtGraphNodeTypeMemcpy:
    if (all || (flags & infinirtGraphDebugDotFlagsMemcpyNodeParams)) {
      if (c->cmd.op == CPU_OP_COPY)
        fprintf(f, "\\n%zu bytes %p -> %p", c->cmd.p.copy.n, c->cmd.p.copy.src,
                c->cmd.p.copy.dst);
      else if (c->cmd.op == CPU_OP_COPY3D)
        fprintf(f, "\\n%zu x %zu x %zu bytes %p -> %p", c->cmd.p.copy3d.width,
                c->cmd.p.copy3d.height, c->cmd.p.copy3d.depth,
                (const void *)c->cmd.p.copy3d.src, (void *)c->cmd.p.copy3d.dst);
      else
        fprintf(f, "\\n%zu x %zu bytes %p -> %p", c->cmd.p.copy2d.width,
                c->cmd.p.copy2d.height, c->cmd.p.copy2d.src,
                c->cmd.p.copy2d.dst);
    }
    break;
  case infinirtGraphNodeTypeMemset:
    if ((all || (flags & infinirtGraphDebugDotFlagsMemsetNodeParams)) &&
        c->cmd.op == CPU_OP_FILL) {
      const cpu_gpayload *g = infinirt_cpu_gp((cpu_slot *)c);
      fprintf(f, "\\n%zu x %zu of %u bytes = 0x%x at %p", g->fill.width,
              g->fill.height, g->fill.elem_size, g->fill.value,
              (void *)g->fill.dst);
    }
    break;
  case infinirtGraphNodeTypeHost:
    if (all || (flags & infinirtGraphDebugDotFlagsHostNodeParams))
      fprintf(f, "\\ndata %p", c->cmd.p.hostfn.data);
    break;
  case infinirtGraphNodeTypeWaitEvent:
  case infinirtGraphNodeTypeEventRecord:
    if (all || (flags & infinirtGraphDebugDotFlagsEventNodeParams))
      fprintf(f, "\\nevent %p", (void *)n->aux->event);
    break;
  case infinirtGraphNodeTypeMemAlloc:
  case infinirtGraphNodeTypeMemFree:
    if (all)
      fprintf(f, "\\n%zu bytes at %p", n->aux->mem->bytes,
              (void *)n->aux->mem->alloc.start);
    break;
  default:
    break;
  }
}

static void emit(FILE *f, cpu_graph *g, const char *prefix, unsigned flags) {
  for (uint32_t i = 0; i < g->n; i++) {
    cpu_gnode *n = g->nodes[i];
    cpu_graph *child = infinirt_cpu_node_child(n);
    if (child) {
      char sub[64];
      snprintf(sub, sizeof sub, "%s%u_", prefix, i);
      fprintf(f, "subgraph cluster_%s {\nlabel=\"child graph %u\";\n", sub, i);
      fprintf(f, "\"%sin\" [shape=point];\n\"%sout\" [shape=point];\n", sub,
              sub);
      infinirt_cpu_lock(&child->lock);
      emit(f, child, sub, flags);
      for (uint32_t j = 0; j < child->n; j++) {
        if (!child->nodes[j]->ndeps)
          fprintf(f, "\"%sin\" -> \"%s%u\";\n", sub, sub, j);
        if (!child->nodes[j]->nsucc)
          fprintf(f, "\"%s%u\" -> \"%sout\";\n", sub, j, sub);
      }
      infinirt_cpu_unlock(&child->lock);
      fprintf(f, "}\n");
      continue;
    }
    fprintf(f, "\"%s%u\" [label=\"%u: %s", prefix, i, i, type_name(n->type));
    params(f, n, flags);
    if (flags & infinirtGraphDebugDotFlagsHandles)
      fprintf(f, "\\nnode %p", (void *)n);
    fprintf(f, "\"];\n");
  }
  for (uint32_t i = 0; i < g->n; i++) {
    cpu_gnode *t = g->nodes[i];
    for (uint32_t j = 0; j < t->ndeps; j++) {
      cpu_gnode *d = t->deps[j];
      fprintf(f, "\"%s%u%s\" -> \"%s%u%s\";\n", prefix, d->index,
              infinirt_cpu_node_child(d) ? "_out" : "", prefix, i,
              infinirt_cpu_node_child(t) ? "_in" : "");
    }
  }
}

/* The graph is rendered into memory under its lock (a spin lock: no file
 * I/O while others may spin on it), then written out. */
infinirtError_t infinirt_cpu_GraphDebugDotPrint(infinirtGraph_t graph,
                                                const char *path,
                                                unsigned int flags) {
  cpu_graph *g = (cpu_graph *)graph;
  FILE *f = fopen(path, "we");
  if (!f)
    return infinirt_detail(infinirtErrorOperatingSystem,
                           "cannot write \"%.200s\": %s", path,
                           strerror(errno));
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  if (!m) {
    fclose(f);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to render graph %p", (void *)g);
  }
  fprintf(m, "digraph infinirt_graph {\nnode [shape=box];\n");
  if (flags & infinirtGraphDebugDotFlagsHandles)
    fprintf(m, "label=\"graph %p\";\n", (void *)g);
  infinirt_cpu_lock(&g->lock);
  emit(m, g, "n", flags);
  infinirt_cpu_unlock(&g->lock);
  fprintf(m, "}\n");
  bool rendered = fclose(m) == 0;
  bool written = rendered && fwrite(text, 1, len, f) == len;
  free(text);
  if (fclose(f) != 0 || !written)
    return rendered
               ? infinirt_detail(infinirtErrorOperatingSystem,
                                 "cannot write \"%.200s\": %s", path,
                                 strerror(errno))
               : infinirt_detail(infinirtErrorMemoryAllocation,
                                 "no memory to render graph %p", (void *)g);
  return infinirtSuccess;
}
