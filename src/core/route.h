/* route.h - the routes of api.c that the graph routes (route_graph.c) build
 * on: each returns the backend a call goes to, or NULL with |*err| set. */
#ifndef INFINIRT_CORE_ROUTE_H_
#define INFINIRT_CORE_ROUTE_H_

#include "backend.h"

const infinirt_backend *infinirt_route_current(infinirtError_t *err);
const char *infinirt_handle_kind_name(infinirt_handle_kind kind);
/* |p| as a live handle of |kind|, else NULL with InvalidResourceHandle. */
infinirt_handle *infinirt_live_handle(const void *p, infinirt_handle_kind kind,
                                      infinirtError_t *err);
/* InvalidResourceHandle for |p|, a lookup's miss; returns NULL. */
const infinirt_backend *infinirt_route_refuse(const void *p,
                                              infinirt_handle_kind kind,
                                              infinirtError_t *err);
/* The backend of |p|, a live handle of |kind| (inline: every call routes
 * through it). */
static inline const infinirt_backend *
infinirt_route_handle(const void *p, infinirt_handle_kind kind,
                      infinirtError_t *err) {
  const infinirt_handle *h = infinirt_handle_lookup(p, kind);
  return __builtin_expect(h != NULL, 1) ? h->backend
                                        : infinirt_route_refuse(p, kind, err);
}
/* As route_handle, and |p| is unregistered. */
const infinirt_backend *infinirt_route_destroy(void *p,
                                               infinirt_handle_kind kind,
                                               infinirtError_t *err);
/* A stream argument (Legacy, NULL, PerThread resolved in |*s|). */
const infinirt_backend *infinirt_route_stream(infinirtStream_t *s,
                                              infinirtError_t *err);

/* Graph routes (route_graph.c); api.def's graph section documents them. */
const infinirt_backend *infinirt_route_node(const void *n,
                                            infinirtError_t *err);
const infinirt_backend *infinirt_route_node_destroy(void *n,
                                                    infinirtError_t *err);
/* |b| if the |n| nodes of |d| are live nodes of |b|, else NULL. */
const infinirt_backend *infinirt_route_deps(const infinirt_backend *b,
                                            const infinirtGraphNode_t *d,
                                            size_t n, infinirtError_t *err);
static inline const infinirt_backend *
infinirt_route_graph_deps(const void *g, const infinirtGraphNode_t *d, size_t n,
                          infinirtError_t *err) {
  const infinirt_backend *b =
      infinirt_route_handle(g, INFINIRT_HANDLE_GRAPH, err);
  return b && n ? infinirt_route_deps(b, d, n, err) : b;
}
const infinirt_backend *
infinirt_route_graph_edges(const void *g, const infinirtGraphNode_t *from,
                           const infinirtGraphNode_t *to, size_t n,
                           infinirtError_t *err);
/* InvalidResourceHandle for |h|, a live handle of |kind| of backend |hb|
 * that is not the graph's |b|; returns NULL. */
const infinirt_backend *infinirt_route_mismatch(const infinirt_backend *b,
                                                const infinirt_backend *hb,
                                                const void *h,
                                                infinirt_handle_kind kind,
                                                infinirtError_t *err);
/* |b| when |h| is a live handle of |kind| that belongs to |b| (NULL when
 * |b| is: an earlier route failed), else NULL with |*err| set. Inline: every
 * kernel node Add runs it. */
static inline const infinirt_backend *
infinirt_route_same(const infinirt_backend *b, const void *h,
                    infinirt_handle_kind kind, infinirtError_t *err) {
  if (!b)
    return NULL;
  const infinirt_backend *hb = infinirt_route_handle(h, kind, err);
  if (__builtin_expect(hb == b, 1))
    return b;
  return hb ? infinirt_route_mismatch(b, hb, h, kind, err) : NULL;
}
const infinirt_backend *
infinirt_route_params(const infinirt_backend *b,
                      const struct infinirtGraphNodeParams *p,
                      infinirtError_t *err);
/* The kernel of |p| (not NULL: the checks ran first) belongs to |b|. */
static inline const infinirt_backend *
infinirt_route_kernel_params(const infinirt_backend *b,
                             const struct infinirtKernelNodeParams *p,
                             infinirtError_t *err) {
  return infinirt_route_same(b, p->func, INFINIRT_HANDLE_KERNEL, err);
}
/* GRAPH_DEPS, and |c| a graph of the same backend that is not |g|. */
const infinirt_backend *infinirt_route_graph_child(const void *g,
                                                   const infinirtGraphNode_t *d,
                                                   size_t n, const void *c,
                                                   infinirtError_t *err);
const infinirt_backend *infinirt_route_exec_node(const void *x, const void *n,
                                                 infinirtError_t *err);
const infinirt_backend *infinirt_route_exec_on_stream(const void *x,
                                                      infinirtStream_t *s,
                                                      infinirtError_t *err);
const infinirt_backend *
infinirt_route_stream_nodes(infinirtStream_t *s, const infinirtGraphNode_t *d,
                            size_t n, infinirtError_t *err);
const infinirt_backend *
infinirt_route_graph_upload(const void *g, infinirtGraphInstantiateParams *p,
                            infinirtError_t *err);

#endif /* INFINIRT_CORE_ROUTE_H_ */
