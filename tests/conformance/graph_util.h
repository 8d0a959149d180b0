/* graph_util.h - helpers shared by the graph and capture groups
 * (graph_*.c, capture*.c): node builders that record failures, counts of a
 * graph's nodes and edges, and the test kernel kt_add_one. */
#ifndef CONF_GRAPH_UTIL_H_
#define CONF_GRAPH_UTIL_H_

#include "harness.h"

/* Kernel nodes use kt_add_one (p[i] += 1 for i < n) of the test kernel
 * library; gt_kernel_load skips the test where this backend has none. */
typedef struct gt_kernel {
  infinirtLibrary_t lib;
  infinirtKernel_t add_one;
} gt_kernel;
bool gt_kernel_load(gt_kernel *k);
/* Whether this backend has the test kernel library (no skip recorded). */
bool gt_kernel_available(void);
void gt_kernel_unload(gt_kernel *k);
/* Kernel node parameters for kt_add_one over |n| ints at |p| (one block
 * of 64 threads per 64 ints); |args| holds the argument values and must
 * outlive the call that takes the parameters. */
typedef struct gt_add_one_args {
  int *p;
  unsigned int n;
  void *ptrs[2];
} gt_add_one_args;
struct infinirtKernelNodeParams gt_add_one_params(const gt_kernel *k,
                                                  gt_add_one_args *args, int *p,
                                                  unsigned int n);

/* Node builders: each adds one node to |g| after |deps| (|ndeps| of them),
 * records a failure if the call fails, and returns the node (NULL on
 * failure). */
infinirtGraphNode_t gt_memset(infinirtGraph_t g,
                              const infinirtGraphNode_t *deps, size_t ndeps,
                              void *dst, unsigned char value, size_t bytes);
infinirtGraphNode_t gt_copy(infinirtGraph_t g, const infinirtGraphNode_t *deps,
                            size_t ndeps, void *dst, const void *src,
                            size_t bytes);
infinirtGraphNode_t gt_host(infinirtGraph_t g, const infinirtGraphNode_t *deps,
                            size_t ndeps, infinirtHostFn_t fn, void *data);
infinirtGraphNode_t gt_empty(infinirtGraph_t g, const infinirtGraphNode_t *deps,
                             size_t ndeps);

/* The number of nodes, root nodes and edges of |g| (SIZE_MAX, and a failure
 * recorded, if the call fails). */
size_t gt_node_count(infinirtGraph_t g);
size_t gt_root_count(infinirtGraph_t g);
size_t gt_edge_count(infinirtGraph_t g);
/* Whether |g| has the edge from -> to. */
bool gt_has_edge(infinirtGraph_t g, infinirtGraphNode_t from,
                 infinirtGraphNode_t to);
/* The type of |n| (-1, and a failure recorded, if the call fails). */
int gt_type(infinirtGraphNode_t n);

/* Instantiates |g|, launches it on |s| and waits for |s|; destroys the
 * executable graph. */
bool gt_run_once(infinirtGraph_t g, infinirtStream_t s);

/* Copies |n| bytes of device memory |d| to |h| (synchronously). */
bool gt_read(void *h, const void *d, size_t n);

/* A host function's view of an exclusive section: it records an overlap
 * when two calls run at once, and counts the calls. */
typedef struct gt_exclusive {
  atomic_int inside, overlaps, calls;
  int sleep_ms;
} gt_exclusive;
void gt_exclusive_fn(void *ex); /* infinirtHostFn_t */

#endif /* CONF_GRAPH_UTIL_H_ */
