/* graph_util.c - helpers of the graph and capture groups (graph_util.h). */
#include "graph_util.h"

#include <stdint.h>
#include <string.h>

#include "infinirt_test_kernels_embedded.h"

bool gt_kernel_load(gt_kernel *k) {
  memset(k, 0, sizeof *k);
  const void *image = infinirt_test_kernels_image(conf_backend, NULL);
  if (!image) {
    conf_skip("%s", infinirt_test_kernels_image_missing(conf_backend));
    return false;
  }
  return EXPECT_OK(infinirtLibraryLoadData(&k->lib, image, NULL, NULL, 0, NULL,
                                           NULL, 0)) &&
         EXPECT_OK(infinirtLibraryGetKernel(&k->add_one, k->lib, "kt_add_one"));
}

bool gt_kernel_available(void) {
  return infinirt_test_kernels_image(conf_backend, NULL) != NULL;
}

void gt_kernel_unload(gt_kernel *k) {
  if (k->lib)
    EXPECT_OK(infinirtLibraryUnload(k->lib));
  k->lib = NULL;
}

struct infinirtKernelNodeParams gt_add_one_params(const gt_kernel *k,
                                                  gt_add_one_args *args, int *p,
                                                  unsigned int n) {
  args->p = p;
  args->n = n;
  args->ptrs[0] = &args->p;
  args->ptrs[1] = &args->n;
  struct infinirtKernelNodeParams kp;
  memset(&kp, 0, sizeof kp);
  kp.func = (void *)k->add_one;
  kp.gridDim = (infinirtDim3){(n + 63) / 64, 1, 1};
  kp.blockDim = (infinirtDim3){64, 1, 1};
  kp.kernelParams = args->ptrs;
  return kp;
}

infinirtGraphNode_t gt_memset(infinirtGraph_t g,
                              const infinirtGraphNode_t *deps, size_t ndeps,
                              void *dst, unsigned char value, size_t bytes) {
  struct infinirtMemsetParams p = {dst, bytes, value, 1, bytes, 1};
  infinirtGraphNode_t n = NULL;
  if (!EXPECT_OK(infinirtGraphAddMemsetNode(&n, g, deps, ndeps, &p)))
    return NULL;
  return n;
}

infinirtGraphNode_t gt_copy(infinirtGraph_t g, const infinirtGraphNode_t *deps,
                            size_t ndeps, void *dst, const void *src,
                            size_t bytes) {
  infinirtGraphNode_t n = NULL;
  if (!EXPECT_OK(infinirtGraphAddMemcpyNode1D(&n, g, deps, ndeps, dst, src,
                                              bytes, infinirtMemcpyDefault)))
    return NULL;
  return n;
}

infinirtGraphNode_t gt_host(infinirtGraph_t g, const infinirtGraphNode_t *deps,
                            size_t ndeps, infinirtHostFn_t fn, void *data) {
  struct infinirtHostNodeParams p = {fn, data};
  infinirtGraphNode_t n = NULL;
  if (!EXPECT_OK(infinirtGraphAddHostNode(&n, g, deps, ndeps, &p)))
    return NULL;
  return n;
}

infinirtGraphNode_t gt_empty(infinirtGraph_t g, const infinirtGraphNode_t *deps,
                             size_t ndeps) {
  infinirtGraphNode_t n = NULL;
  if (!EXPECT_OK(infinirtGraphAddEmptyNode(&n, g, deps, ndeps)))
    return NULL;
  return n;
}

size_t gt_node_count(infinirtGraph_t g) {
  size_t n = 0;
  return EXPECT_OK(infinirtGraphGetNodes(g, NULL, &n)) ? n : SIZE_MAX;
}

size_t gt_root_count(infinirtGraph_t g) {
  size_t n = 0;
  return EXPECT_OK(infinirtGraphGetRootNodes(g, NULL, &n)) ? n : SIZE_MAX;
}

size_t gt_edge_count(infinirtGraph_t g) {
  size_t n = 0;
  return EXPECT_OK(infinirtGraphGetEdges(g, NULL, NULL, NULL, &n)) ? n
                                                                   : SIZE_MAX;
}

bool gt_has_edge(infinirtGraph_t g, infinirtGraphNode_t from,
                 infinirtGraphNode_t to) {
  enum { CAP = 1024 };
  static _Thread_local infinirtGraphNode_t f[CAP], t[CAP];
  size_t n = CAP;
  if (!EXPECT_OK(infinirtGraphGetEdges(g, f, t, NULL, &n)))
    return false;
  for (size_t i = 0; i < n; i++)
    if (f[i] == from && t[i] == to)
      return true;
  return false;
}

int gt_type(infinirtGraphNode_t n) {
  enum infinirtGraphNodeType t;
  return EXPECT_OK(infinirtGraphNodeGetType(n, &t)) ? (int)t : -1;
}

bool gt_run_once(infinirtGraph_t g, infinirtStream_t s) {
  infinirtGraphExec_t x = NULL;
  if (!EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    return false;
  bool ok = EXPECT_OK(infinirtGraphLaunch(x, s)) &&
            EXPECT_OK(infinirtStreamSynchronize(s));
  return EXPECT_OK(infinirtGraphExecDestroy(x)) && ok;
}

bool gt_read(void *h, const void *d, size_t n) {
  return EXPECT_OK(infinirtMemcpy(h, d, n, infinirtMemcpyDefault));
}

void gt_exclusive_fn(void *arg) {
  gt_exclusive *ex = arg;
  if (atomic_fetch_add(&ex->inside, 1) != 0)
    atomic_fetch_add(&ex->overlaps, 1);
  if (ex->sleep_ms)
    conf_sleep_ms(ex->sleep_ms);
  atomic_fetch_sub(&ex->inside, 1);
  atomic_fetch_add(&ex->calls, 1);
}
