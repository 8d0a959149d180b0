/* route_graph.c - routes of the graph calls (api.def's graph section).
 * Graphs and executable graphs that are not live are InvalidResourceHandle,
 * as other handles; a node that is not live, or of another backend, is
 * InvalidValue, CUDA's answer for a node outside the graph. Every node a
 * call names is looked up here, so a backend never follows a dangling node
 * pointer. */
#include "route.h"

static bool node_live(const void *n, const infinirt_backend *b) {
  const infinirt_handle *h =
      infinirt_handle_lookup(n, INFINIRT_HANDLE_GRAPH_NODE);
  return h && (!b || h->backend == b);
}

const infinirt_backend *infinirt_route_node(const void *n,
                                            infinirtError_t *err) {
  const infinirt_handle *h =
      infinirt_handle_lookup(n, INFINIRT_HANDLE_GRAPH_NODE);
  if (h)
    return h->backend;
  *err = infinirt_detail(infinirtErrorInvalidValue,
                         "graph node %p is not a live node", n);
  return NULL;
}

const infinirt_backend *infinirt_route_node_destroy(void *n,
                                                    infinirtError_t *err) {
  const infinirt_backend *b = infinirt_route_node(n, err);
  if (b && !infinirt_handle_unregister((infinirt_handle *)n)) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "graph node %p was destroyed concurrently", n);
    return NULL;
  }
  return b;
}

static bool nodes_live(const infinirt_backend *b, const infinirtGraphNode_t *d,
                       size_t n, const char *what, infinirtError_t *err) {
  if (n && !d) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "%s is NULL with %zu "
                           "nodes",
                           what, n);
    return false;
  }
  for (size_t i = 0; i < n; i++)
    if (!node_live(d[i], b)) {
      *err = infinirt_detail(infinirtErrorInvalidValue,
                             "%s[%zu] (%p) is not a live node of the graph's "
                             "device type",
                             what, i, (void *)d[i]);
      return false;
    }
  return true;
}

const infinirt_backend *infinirt_route_deps(const infinirt_backend *b,
                                            const infinirtGraphNode_t *d,
                                            size_t n, infinirtError_t *err) {
  return nodes_live(b, d, n, "pDependencies", err) ? b : NULL;
}

const infinirt_backend *
infinirt_route_graph_edges(const void *g, const infinirtGraphNode_t *from,
                           const infinirtGraphNode_t *to, size_t n,
                           infinirtError_t *err) {
  const infinirt_backend *b =
      infinirt_route_handle(g, INFINIRT_HANDLE_GRAPH, err);
  return b && nodes_live(b, from, n, "from", err) &&
                 nodes_live(b, to, n, "to", err)
             ? b
             : NULL;
}

const infinirt_backend *infinirt_route_mismatch(const infinirt_backend *b,
                                                const infinirt_backend *hb,
                                                const void *h,
                                                infinirt_handle_kind kind,
                                                infinirtError_t *err) {
  *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                         "%s %p belongs to device type %s, the graph to %s",
                         infinirt_handle_kind_name(kind), h, hb->name, b->name);
  return NULL;
}

const infinirt_backend *
infinirt_route_params(const infinirt_backend *b,
                      const struct infinirtGraphNodeParams *p,
                      infinirtError_t *err) {
  if (!b)
    return NULL;
  switch (p->type) {
  case infinirtGraphNodeTypeKernel:
    return infinirt_route_same(b, p->kernel.func, INFINIRT_HANDLE_KERNEL, err);
  case infinirtGraphNodeTypeWaitEvent:
    return infinirt_route_same(b, p->eventWait.event, INFINIRT_HANDLE_EVENT,
                               err);
  case infinirtGraphNodeTypeEventRecord:
    return infinirt_route_same(b, p->eventRecord.event, INFINIRT_HANDLE_EVENT,
                               err);
  case infinirtGraphNodeTypeGraph:
    return infinirt_route_same(b, p->graph.graph, INFINIRT_HANDLE_GRAPH, err);
  default:
    return b;
  }
}

const infinirt_backend *infinirt_route_exec_node(const void *x, const void *n,
                                                 infinirtError_t *err) {
  const infinirt_backend *b =
      infinirt_route_handle(x, INFINIRT_HANDLE_GRAPH_EXEC, err);
  if (!b)
    return NULL;
  if (!node_live(n, b)) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "graph node %p is not a live node of the "
                           "executable graph's device type",
                           n);
    return NULL;
  }
  return b;
}

const infinirt_backend *infinirt_route_exec_on_stream(const void *x,
                                                      infinirtStream_t *s,
                                                      infinirtError_t *err) {
  const infinirt_backend *b =
      infinirt_route_handle(x, INFINIRT_HANDLE_GRAPH_EXEC, err);
  if (!b)
    return NULL;
  const infinirt_backend *sb = infinirt_route_stream(s, err);
  if (!sb)
    return NULL;
  if (sb != b) {
    *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "executable graph %p belongs to device type %s, "
                           "stream %p to %s",
                           x, b->name, (void *)*s, sb->name);
    return NULL;
  }
  return b;
}

const infinirt_backend *
infinirt_route_stream_nodes(infinirtStream_t *s, const infinirtGraphNode_t *d,
                            size_t n, infinirtError_t *err) {
  const infinirt_backend *b = infinirt_route_stream(s, err);
  return b && nodes_live(b, d, n, "dependencies", err) ? b : NULL;
}

const infinirt_backend *
infinirt_route_graph_upload(const void *g, infinirtGraphInstantiateParams *p,
                            infinirtError_t *err) {
  const infinirt_backend *b =
      infinirt_route_handle(g, INFINIRT_HANDLE_GRAPH, err);
  if (!b || !(p->flags & infinirtGraphInstantiateFlagUpload))
    return b;
  const infinirt_backend *sb = infinirt_route_stream(&p->uploadStream, err);
  if (!sb)
    return NULL;
  if (sb != b) {
    *err = infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "uploadStream %p belongs to device type %s, the "
                           "graph to %s",
                           (void *)p->uploadStream, sb->name, b->name);
    return NULL;
  }
  return b;
}

const infinirt_backend *infinirt_route_graph_child(const void *g,
                                                   const infinirtGraphNode_t *d,
                                                   size_t n, const void *c,
                                                   infinirtError_t *err) {
  const infinirt_backend *b = infinirt_route_same(
      infinirt_route_graph_deps(g, d, n, err), c, INFINIRT_HANDLE_GRAPH, err);
  if (b && c == g) { /* a driver does not survive it */
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "graph %p cannot be its own child", g);
    return NULL;
  }
  return b;
}
