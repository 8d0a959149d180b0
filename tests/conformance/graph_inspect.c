/* graph_inspect.c - looking into graphs: the node and edge lists (counts,
 * contents, NULL and short arrays), node types, the Get/SetParams round
 * trips, cloning and NodeFindInClone, destroying nodes and edges, and
 * GraphDebugDotPrint (checked with Graphviz's dot where it is installed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph_util.h"

static bool contains(const infinirtGraphNode_t *v, size_t n,
                     infinirtGraphNode_t x) {
  for (size_t i = 0; i < n; i++)
    if (v[i] == x)
      return true;
  return false;
}

/* r1, r2 -> n3 -> n4 */
typedef struct shape {
  infinirtGraph_t g;
  infinirtGraphNode_t r1, r2, n3, n4;
} shape;

static bool build_shape(shape *s) {
  memset(s, 0, sizeof *s);
  if (!EXPECT_OK(infinirtGraphCreate(&s->g, 0)))
    return false;
  s->r1 = gt_empty(s->g, NULL, 0);
  s->r2 = gt_empty(s->g, NULL, 0);
  infinirtGraphNode_t roots[2] = {s->r1, s->r2};
  s->n3 = s->r1 && s->r2 ? gt_empty(s->g, roots, 2) : NULL;
  s->n4 = s->n3 ? gt_empty(s->g, &s->n3, 1) : NULL;
  return s->n4 != NULL;
}

CONF_TEST(graph, node_and_edge_lists) {
  shape s;
  if (!build_shape(&s))
    goto out;
  infinirtGraphNode_t v[6], w[6];
  size_t n = 0;
  /* NULL array: the count. */
  EXPECT_OK(infinirtGraphGetNodes(s.g, NULL, &n));
  EXPECT_EQ(n, 4);
  /* Exact array: creation order. */
  n = 4;
  if (EXPECT_OK(infinirtGraphGetNodes(s.g, v, &n)) && EXPECT_EQ(n, 4)) {
    EXPECT_PTR_EQ(v[0], s.r1);
    EXPECT_PTR_EQ(v[1], s.r2);
    EXPECT_PTR_EQ(v[2], s.n3);
    EXPECT_PTR_EQ(v[3], s.n4);
  }
  /* Short array: that many, the first ones. */
  n = 2;
  v[2] = (infinirtGraphNode_t)&s;
  if (EXPECT_OK(infinirtGraphGetNodes(s.g, v, &n)) && EXPECT_EQ(n, 2)) {
    EXPECT_PTR_EQ(v[0], s.r1);
    EXPECT_PTR_EQ(v[1], s.r2);
    EXPECT_PTR_EQ(v[2], &s);
  }
  /* Long array: the rest set to NULL, the count of filled entries. */
  n = 6;
  for (int i = 0; i < 6; i++)
    v[i] = (infinirtGraphNode_t)&s;
  if (EXPECT_OK(infinirtGraphGetNodes(s.g, v, &n)) && EXPECT_EQ(n, 4)) {
    EXPECT_PTR_EQ(v[3], s.n4);
    EXPECT_PTR_EQ(v[4], NULL);
    EXPECT_PTR_EQ(v[5], NULL);
  }
  /* Roots. */
  n = 0;
  EXPECT_OK(infinirtGraphGetRootNodes(s.g, NULL, &n));
  EXPECT_EQ(n, 2);
  n = 6;
  if (EXPECT_OK(infinirtGraphGetRootNodes(s.g, v, &n)) && EXPECT_EQ(n, 2)) {
    EXPECT(contains(v, 2, s.r1) && contains(v, 2, s.r2));
    EXPECT_PTR_EQ(v[2], NULL);
  }
  n = 1;
  if (EXPECT_OK(infinirtGraphGetRootNodes(s.g, v, &n)))
    EXPECT_EQ(n, 1);
  /* Edges, with default edge data. */
  n = 0;
  EXPECT_OK(infinirtGraphGetEdges(s.g, NULL, NULL, NULL, &n));
  EXPECT_EQ(n, 3);
  infinirtGraphEdgeData data[6];
  memset(data, 0x5a, sizeof data);
  n = 6;
  if (EXPECT_OK(infinirtGraphGetEdges(s.g, v, w, data, &n)) &&
      EXPECT_EQ(n, 3)) {
    bool r1n3 = false, r2n3 = false, n3n4 = false;
    for (int i = 0; i < 3; i++) {
      r1n3 |= v[i] == s.r1 && w[i] == s.n3;
      r2n3 |= v[i] == s.r2 && w[i] == s.n3;
      n3n4 |= v[i] == s.n3 && w[i] == s.n4;
    }
    EXPECT(r1n3 && r2n3 && n3n4);
    EXPECT_EQ(conf_first_not(data, 3 * sizeof data[0], 0), 3 * sizeof data[0]);
    EXPECT_PTR_EQ(v[3], NULL);
    EXPECT_PTR_EQ(w[3], NULL);
  }
  n = 2;
  if (EXPECT_OK(infinirtGraphGetEdges(s.g, v, w, NULL, &n)))
    EXPECT_EQ(n, 2);
  /* A node's dependencies and dependents. */
  n = 0;
  EXPECT_OK(infinirtGraphNodeGetDependencies(s.n3, NULL, NULL, &n));
  EXPECT_EQ(n, 2);
  n = 6;
  if (EXPECT_OK(infinirtGraphNodeGetDependencies(s.n3, v, NULL, &n)) &&
      EXPECT_EQ(n, 2))
    EXPECT(contains(v, 2, s.r1) && contains(v, 2, s.r2));
  n = 1;
  if (EXPECT_OK(infinirtGraphNodeGetDependencies(s.n3, v, NULL, &n)))
    EXPECT_EQ(n, 1);
  n = 6;
  EXPECT_OK(infinirtGraphNodeGetDependencies(s.r1, v, NULL, &n));
  EXPECT_EQ(n, 0);
  n = 0;
  EXPECT_OK(infinirtGraphNodeGetDependentNodes(s.r1, NULL, NULL, &n));
  EXPECT_EQ(n, 1);
  n = 6;
  if (EXPECT_OK(infinirtGraphNodeGetDependentNodes(s.n3, v, data, &n)) &&
      EXPECT_EQ(n, 1)) {
    EXPECT_PTR_EQ(v[0], s.n4);
    EXPECT_EQ(data[0].type, 0);
  }
  n = 6;
  EXPECT_OK(infinirtGraphNodeGetDependentNodes(s.n4, v, NULL, &n));
  EXPECT_EQ(n, 0);
out:
  if (s.g)
    EXPECT_OK(infinirtGraphDestroy(s.g));
}

/* Edges added and removed; a refused edge (a duplicate, a self edge, a
 * missing one) changes nothing. An edge that closes a cycle is added (as
 * the H200 answers); the cyclic graph cannot be instantiated. */
CONF_TEST(graph, add_and_remove_dependencies) {
  shape s;
  if (!build_shape(&s))
    goto out;
  /* r1 -> n4 */
  EXPECT_OK(infinirtGraphAddDependencies(s.g, &s.r1, &s.n4, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 4);
  EXPECT(gt_has_edge(s.g, s.r1, s.n4));
  /* an edge that exists, and a self edge */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtGraphAddDependencies(s.g, &s.r1, &s.n4, NULL, 1));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtGraphAddDependencies(s.g, &s.n4, &s.n4, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 4);
  /* n4 -> r2 closes r2 -> n3 -> n4 -> r2: accepted (as the H200 answers) */
  EXPECT_OK(infinirtGraphAddDependencies(s.g, &s.n4, &s.r2, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 5);
  EXPECT_EQ(gt_root_count(s.g), 1);
  /* ... and the cyclic graph is refused at instantiation */
  infinirtGraphExec_t x = (infinirtGraphExec_t)&s;
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtGraphInstantiate(&x, s.g, 0));
  infinirtGraphInstantiateParams ip;
  memset(&ip, 0, sizeof ip);
  ip.result_out = infinirtGraphInstantiateSuccess;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtGraphInstantiateWithParams(&x, s.g, &ip));
  EXPECT_EQ(ip.result_out, infinirtGraphInstantiateInvalidStructure);
  EXPECT(ip.errNode_out != NULL);
  EXPECT_OK(infinirtGraphRemoveDependencies(s.g, &s.n4, &s.r2, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 4);
  EXPECT_EQ(gt_root_count(s.g), 2);
  /* a batch whose second edge is a duplicate: refused. Whether the first
   * edge stays is not asserted: the H200 keeps it, the CPU adds none. */
  infinirtGraphNode_t from[2] = {s.r2, s.r1}, to[2] = {s.n4, s.n3};
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtGraphAddDependencies(s.g, from, to, NULL, 2));
  if (gt_has_edge(s.g, s.r2, s.n4))
    EXPECT_OK(infinirtGraphRemoveDependencies(s.g, &s.r2, &s.n4, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 4);
  /* removing a missing edge */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtGraphRemoveDependencies(s.g, &s.r2, &s.n4, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 4);
  /* removing r1 -> n3 leaves n3 depending on r2 only */
  EXPECT_OK(infinirtGraphRemoveDependencies(s.g, &s.r1, &s.n3, NULL, 1));
  EXPECT_EQ(gt_edge_count(s.g), 3);
  EXPECT(!gt_has_edge(s.g, s.r1, s.n3));
  size_t n = 0;
  EXPECT_OK(infinirtGraphNodeGetDependencies(s.n3, NULL, NULL, &n));
  EXPECT_EQ(n, 1);
  /* destroying n3 takes its edges */
  EXPECT_OK(infinirtGraphDestroyNode(s.n3));
  EXPECT_EQ(gt_node_count(s.g), 3);
  EXPECT_EQ(gt_edge_count(s.g), 1);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtGraphDestroyNode(s.n3));
  /* what is left still runs */
  EXPECT(gt_run_once(s.g, NULL));
out:
  if (s.g)
    EXPECT_OK(infinirtGraphDestroy(s.g));
}

static void nop_fn(void *p) {
  (void)p;
}

CONF_TEST(graph, node_types_and_params_round_trip) {
  gt_kernel k;
  memset(&k, 0, sizeof k);
  /* Without the test kernels here, the other types are still checked. */
  bool have_kernel = gt_kernel_available() && gt_kernel_load(&k);
  enum { BYTES = 256 };
  unsigned char *d = NULL, *d2 = NULL, h[BYTES];
  infinirtGraph_t g = NULL, child = NULL;
  infinirtEvent_t e1 = NULL, e2 = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, BYTES)) ||
      !EXPECT_OK(infinirtMalloc((void **)&d2, BYTES)) ||
      !EXPECT_OK(infinirtEventCreate(&e1)) ||
      !EXPECT_OK(infinirtEventCreate(&e2)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)) ||
      !EXPECT_OK(infinirtGraphCreate(&child, 0)) || !gt_empty(child, NULL, 0))
    goto out;

  /* memset */
  struct infinirtMemsetParams mp = {d, BYTES, 0x12, 1, BYTES, 1}, mb;
  infinirtGraphNode_t set;
  if (EXPECT_OK(infinirtGraphAddMemsetNode(&set, g, NULL, 0, &mp))) {
    EXPECT_EQ(gt_type(set), infinirtGraphNodeTypeMemset);
    memset(&mb, 0, sizeof mb);
    if (EXPECT_OK(infinirtGraphMemsetNodeGetParams(set, &mb))) {
      EXPECT_PTR_EQ(mb.dst, d);
      EXPECT_EQ(mb.value, 0x12);
      EXPECT_EQ(mb.elementSize, 1);
      EXPECT_EQ(mb.width, BYTES);
      EXPECT_EQ(mb.height, 1);
    }
    struct infinirtMemsetParams m2 = {d2, 64, 0x3456, 2, 32, 2};
    EXPECT_OK(infinirtGraphMemsetNodeSetParams(set, &m2));
    memset(&mb, 0, sizeof mb);
    if (EXPECT_OK(infinirtGraphMemsetNodeGetParams(set, &mb))) {
      EXPECT_PTR_EQ(mb.dst, d2);
      EXPECT_EQ(mb.pitch, 64);
      EXPECT_EQ(mb.value, 0x3456);
      EXPECT_EQ(mb.elementSize, 2);
      EXPECT_EQ(mb.width, 32);
      EXPECT_EQ(mb.height, 2);
    }
    /* generic form: back to 1-byte elements over d */
    struct infinirtGraphNodeParams gp;
    memset(&gp, 0, sizeof gp);
    gp.type = infinirtGraphNodeTypeMemset;
    gp.memset = (struct infinirtMemsetParamsV2){d, BYTES, 0x13, 1, BYTES, 1};
    EXPECT_OK(infinirtGraphNodeSetParams(set, &gp));
    if (EXPECT_OK(infinirtGraphMemsetNodeGetParams(set, &mb))) {
      EXPECT_PTR_EQ(mb.dst, d);
      EXPECT_EQ(mb.value, 0x13);
    }
    /* a generic set of another type */
    memset(&gp, 0, sizeof gp);
    gp.type = infinirtGraphNodeTypeHost;
    gp.host.fn = nop_fn;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtGraphNodeSetParams(set, &gp));
    /* a typed get of another type */
    struct infinirtHostNodeParams hp;
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtGraphHostNodeGetParams(set, &hp));
  }

  /* memcpy */
  infinirtGraphNode_t copy;
  if (EXPECT_OK(infinirtGraphAddMemcpyNode1D(&copy, g, NULL, 0, h, d, BYTES,
                                             infinirtMemcpyDeviceToHost))) {
    EXPECT_EQ(gt_type(copy), infinirtGraphNodeTypeMemcpy);
    struct infinirtMemcpy3DParms cp;
    memset(&cp, 0, sizeof cp);
    if (EXPECT_OK(infinirtGraphMemcpyNodeGetParams(copy, &cp))) {
      EXPECT_PTR_EQ(cp.srcPtr.ptr, d);
      EXPECT_PTR_EQ(cp.dstPtr.ptr, h);
      EXPECT_EQ(cp.extent.width, BYTES);
      EXPECT_EQ(cp.extent.height, 1);
      EXPECT_EQ(cp.extent.depth, 1);
      EXPECT_EQ(cp.kind, infinirtMemcpyDeviceToHost);
    }
    EXPECT_OK(infinirtGraphMemcpyNodeSetParams1D(copy, h, d2, 64,
                                                 infinirtMemcpyDefault));
    memset(&cp, 0, sizeof cp);
    if (EXPECT_OK(infinirtGraphMemcpyNodeGetParams(copy, &cp))) {
      EXPECT_PTR_EQ(cp.srcPtr.ptr, d2);
      EXPECT_EQ(cp.extent.width, 64);
      EXPECT_EQ(cp.kind, infinirtMemcpyDefault);
    }
    struct infinirtMemcpy3DParms c3;
    memset(&c3, 0, sizeof c3);
    c3.srcPtr = make_infinirtPitchedPtr(d, 64, 64, 4);
    c3.dstPtr = make_infinirtPitchedPtr(d2, 64, 64, 4);
    c3.extent = make_infinirtExtent(32, 4, 1);
    c3.kind = infinirtMemcpyDeviceToDevice;
    EXPECT_OK(infinirtGraphMemcpyNodeSetParams(copy, &c3));
    memset(&cp, 0, sizeof cp);
    if (EXPECT_OK(infinirtGraphMemcpyNodeGetParams(copy, &cp))) {
      EXPECT_PTR_EQ(cp.dstPtr.ptr, d2);
      EXPECT_EQ(cp.dstPtr.pitch, 64);
      EXPECT_EQ(cp.extent.width, 32);
      EXPECT_EQ(cp.extent.height, 4);
      EXPECT_EQ(cp.kind, infinirtMemcpyDeviceToDevice);
    }
  }

  /* host */
  int token;
  struct infinirtHostNodeParams hp = {nop_fn, &token}, hb = {NULL, NULL};
  infinirtGraphNode_t host;
  if (EXPECT_OK(infinirtGraphAddHostNode(&host, g, NULL, 0, &hp))) {
    EXPECT_EQ(gt_type(host), infinirtGraphNodeTypeHost);
    if (EXPECT_OK(infinirtGraphHostNodeGetParams(host, &hb))) {
      EXPECT(hb.fn == nop_fn);
      EXPECT_PTR_EQ(hb.userData, &token);
    }
    struct infinirtHostNodeParams h2 = {nop_fn, h};
    EXPECT_OK(infinirtGraphHostNodeSetParams(host, &h2));
    if (EXPECT_OK(infinirtGraphHostNodeGetParams(host, &hb)))
      EXPECT_PTR_EQ(hb.userData, h);
  }

  /* kernel */
  if (have_kernel) {
    gt_add_one_args args;
    struct infinirtKernelNodeParams kp = gt_add_one_params(&k, &args, (int *)d,
                                                           40),
                                    kb;
    infinirtGraphNode_t kern;
    if (EXPECT_OK(infinirtGraphAddKernelNode(&kern, g, NULL, 0, &kp))) {
      EXPECT_EQ(gt_type(kern), infinirtGraphNodeTypeKernel);
      memset(&kb, 0, sizeof kb);
      if (EXPECT_OK(infinirtGraphKernelNodeGetParams(kern, &kb))) {
        EXPECT_PTR_EQ(kb.func, k.add_one);
        EXPECT_EQ(kb.gridDim.x, 1);
        EXPECT_EQ(kb.blockDim.x, 64);
        EXPECT_EQ(kb.sharedMemBytes, 0);
        EXPECT_PTR_EQ(kb.extra, NULL);
        /* the node's own copy of the values */
        if (EXPECT(kb.kernelParams != NULL)) {
          EXPECT(kb.kernelParams[0] != (void *)&args.p);
          EXPECT_PTR_EQ(*(int **)kb.kernelParams[0], d);
          EXPECT_EQ(*(unsigned *)kb.kernelParams[1], 40);
        }
      }
      kp = gt_add_one_params(&k, &args, (int *)d2, 100);
      kp.gridDim.x = 2;
      EXPECT_OK(infinirtGraphKernelNodeSetParams(kern, &kp));
      memset(&kb, 0, sizeof kb);
      if (EXPECT_OK(infinirtGraphKernelNodeGetParams(kern, &kb)) &&
          EXPECT(kb.kernelParams != NULL)) {
        EXPECT_EQ(kb.gridDim.x, 2);
        EXPECT_PTR_EQ(*(int **)kb.kernelParams[0], d2);
        EXPECT_EQ(*(unsigned *)kb.kernelParams[1], 100);
      }
    }
  }

  /* child graph, empty */
  infinirtGraphNode_t cnode, empty;
  infinirtGraph_t inner = NULL;
  if (EXPECT_OK(infinirtGraphAddChildGraphNode(&cnode, g, NULL, 0, child))) {
    EXPECT_EQ(gt_type(cnode), infinirtGraphNodeTypeGraph);
    if (EXPECT_OK(infinirtGraphChildGraphNodeGetGraph(cnode, &inner)))
      EXPECT_EQ(gt_node_count(inner), 1);
  }
  if (EXPECT_OK(infinirtGraphAddEmptyNode(&empty, g, NULL, 0)))
    EXPECT_EQ(gt_type(empty), infinirtGraphNodeTypeEmpty);

  /* events */
  infinirtGraphNode_t rec, wait;
  infinirtEvent_t got = NULL;
  if (EXPECT_OK(infinirtGraphAddEventRecordNode(&rec, g, NULL, 0, e1))) {
    EXPECT_EQ(gt_type(rec), infinirtGraphNodeTypeEventRecord);
    if (EXPECT_OK(infinirtGraphEventRecordNodeGetEvent(rec, &got)))
      EXPECT_PTR_EQ(got, e1);
    EXPECT_OK(infinirtGraphEventRecordNodeSetEvent(rec, e2));
    if (EXPECT_OK(infinirtGraphEventRecordNodeGetEvent(rec, &got)))
      EXPECT_PTR_EQ(got, e2);
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtGraphEventWaitNodeGetEvent(rec, &got));
  }
  if (EXPECT_OK(infinirtGraphAddEventWaitNode(&wait, g, NULL, 0, e2))) {
    EXPECT_EQ(gt_type(wait), infinirtGraphNodeTypeWaitEvent);
    if (EXPECT_OK(infinirtGraphEventWaitNodeGetEvent(wait, &got)))
      EXPECT_PTR_EQ(got, e2);
    EXPECT_OK(infinirtGraphEventWaitNodeSetEvent(wait, e1));
    if (EXPECT_OK(infinirtGraphEventWaitNodeGetEvent(wait, &got)))
      EXPECT_PTR_EQ(got, e1);
  }
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (child)
    EXPECT_OK(infinirtGraphDestroy(child));
  if (e1)
    EXPECT_OK(infinirtEventDestroy(e1));
  if (e2)
    EXPECT_OK(infinirtEventDestroy(e2));
  if (d)
    EXPECT_OK(infinirtFree(d));
  if (d2)
    EXPECT_OK(infinirtFree(d2));
  gt_kernel_unload(&k);
}

CONF_TEST(graph, clone_and_find_in_clone) {
  atomic_int count, extra;
  atomic_init(&count, 0);
  atomic_init(&extra, 0);
  infinirtGraph_t g = NULL, c = NULL;
  if (!EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  infinirtGraphNode_t a = gt_host(g, NULL, 0, conf_count_fn, &count);
  infinirtGraphNode_t b = a ? gt_empty(g, &a, 1) : NULL;
  infinirtGraphNode_t c2 = a ? gt_host(g, &a, 1, conf_count_fn, &count) : NULL;
  if (!b || !c2 || !EXPECT_OK(infinirtGraphClone(&c, g)))
    goto out;
  EXPECT(c != g);
  EXPECT_EQ(gt_node_count(c), 3);
  EXPECT_EQ(gt_edge_count(c), 2);
  infinirtGraphNode_t a2 = NULL, b2 = NULL;
  if (EXPECT_OK(infinirtGraphNodeFindInClone(&a2, a, c)) &&
      EXPECT_OK(infinirtGraphNodeFindInClone(&b2, b, c))) {
    EXPECT(a2 != a && a2 != NULL);
    EXPECT_EQ(gt_type(a2), infinirtGraphNodeTypeHost);
    EXPECT_EQ(gt_type(b2), infinirtGraphNodeTypeEmpty);
    EXPECT(gt_has_edge(c, a2, b2));
    struct infinirtHostNodeParams hp = {NULL, NULL};
    if (EXPECT_OK(infinirtGraphHostNodeGetParams(a2, &hp)))
      EXPECT_PTR_EQ(hp.userData, &count);
    /* A node of the clone is not found in the clone as an original. */
    infinirtGraphNode_t none = (infinirtGraphNode_t)&g;
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtGraphNodeFindInClone(&none, a2, c));
    EXPECT_PTR_EQ(none, &g);
    /* A graph that is no clone of the node's. */
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtGraphNodeFindInClone(&none, a, g));
  }
  /* The clone and the original are independent. */
  if (b2)
    gt_host(c, &b2, 1, conf_count_fn, &extra);
  EXPECT_EQ(gt_node_count(g), 3);
  EXPECT_EQ(gt_node_count(c), 4);
  EXPECT_OK(infinirtGraphDestroy(g));
  g = NULL;
  if (gt_run_once(c, NULL)) {
    EXPECT_EQ(atomic_load(&count), 2);
    EXPECT_EQ(atomic_load(&extra), 1);
  }
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (c)
    EXPECT_OK(infinirtGraphDestroy(c));
}

CONF_TEST(graph, debug_dot_print) {
  unsigned char *d = NULL;
  infinirtGraph_t g = NULL;
  char path[64];
  snprintf(path, sizeof path, "/tmp/infinirt-graph-%d-XXXXXX", (int)getpid());
  int fd = mkstemp(path);
  if (!EXPECT(fd >= 0))
    return;
  close(fd);
  if (!EXPECT_OK(infinirtMalloc((void **)&d, 64)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  infinirtGraphNode_t set = gt_memset(g, NULL, 0, d, 1, 64);
  if (!set || !gt_host(g, &set, 1, nop_fn, NULL) || !gt_empty(g, &set, 1))
    goto out;
  unsigned flags[] = {0, infinirtGraphDebugDotFlagsVerbose,
                      infinirtGraphDebugDotFlagsMemsetNodeParams |
                          infinirtGraphDebugDotFlagsHandles};
  bool have_dot = system("command -v dot >/dev/null 2>&1") == 0;
  if (!have_dot)
    printf("graph.debug_dot_print: Graphviz's dot is not installed; the "
           "files are not checked with dot -Tsvg\n");
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    if (!EXPECT_OK(infinirtGraphDebugDotPrint(g, path, flags[i])))
      continue;
    char head[16] = {0};
    FILE *f = fopen(path, "r");
    if (!EXPECT(f != NULL))
      continue;
    size_t n = fread(head, 1, 7, f);
    fclose(f);
    EXPECT_EQ(n, 7);
    EXPECT(strncmp(head, "digraph", 7) == 0);
    if (have_dot) {
      char cmd[160];
      snprintf(cmd, sizeof cmd, "dot -Tsvg '%s' -o /dev/null", path);
      EXPECT_EQ(system(cmd), 0);
    }
  }
  /* Unknown flag bits are ignored (as the H200 answers). */
  EXPECT_OK(infinirtGraphDebugDotPrint(g, path, 1u << 20));
  /* A path in a missing directory. */
  EXPECT_ERR(infinirtErrorOperatingSystem,
             infinirtGraphDebugDotPrint(g, "/nonexistent-dir/g.dot", 0));
out:
  unlink(path);
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (d)
    EXPECT_OK(infinirtFree(d));
}
