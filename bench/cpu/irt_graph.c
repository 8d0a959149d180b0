/*
 * irt_graph.c - the infinirt contestants of bench_cpu_graph: a graph of the
 * CPU backend with one node per DAG node, a host function that only marks
 * its node's byte (infinirtGraphAddHostNode; after every launch, untimed,
 * the bench checks that every node ran) or the empty kernel graph_empty on
 * a 1x1 grid (infinirtGraphAddKernelNode), each with its predecessors as
 * dependencies; built once (GraphCreate, the Add calls, GraphInstantiate),
 * then launched with GraphLaunch + StreamSynchronize on a non-blocking
 * stream. Any error makes the cell n/a with infinirt's reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infinirt.h>

#include "graph.h"
#include "infinirt_bench_graph_kernels_embedded.h"

static struct {
  int up;
  infinirtLibrary_t lib;
  infinirtKernel_t empty;
  infinirtStream_t stream;
  char desc[320];
} S;

static int fail(char *err, size_t len, const char *what, infinirtError_t e) {
  snprintf(err, len, "infinirt%s: %s: %s", what, infinirtGetErrorName(e),
           infinirtExtGetLastErrorDetail());
  return -1;
}

#define TRY(what, call)                                                        \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess)                                                 \
      return fail(err, len, what, e_);                                         \
  } while (0)

static int irt_setup(char *err, size_t len) {
  if (S.up)
    return 0;
  TRY("ExtSetDeviceType(cpu)", infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  TRY("SetDevice(0)", infinirtSetDevice(0));
  TRY("LibraryLoadData",
      infinirtLibraryLoadData(
          &S.lib,
          infinirt_bench_graph_kernels_image(infinirtDeviceTypeCpu, NULL), NULL,
          NULL, 0, NULL, NULL, 0));
  TRY("LibraryGetKernel",
      infinirtLibraryGetKernel(&S.empty, S.lib, "graph_empty"));
  TRY("StreamCreateWithFlags",
      infinirtStreamCreateWithFlags(&S.stream, infinirtStreamNonBlocking));
  struct infinirtDeviceProp prop;
  int ver = 0;
  infinirtRuntimeGetVersion(&ver);
  if (infinirtGetDeviceProperties(&prop, 0) == infinirtSuccess)
    snprintf(S.desc, sizeof S.desc, "infinirt %d, CPU device 0: %s", ver,
             prop.name);
  else
    snprintf(S.desc, sizeof S.desc, "infinirt %d, CPU device 0", ver);
  S.up = 1;
  return 0;
}

static void irt_teardown(void) {
  if (!S.up)
    return;
  infinirtStreamDestroy(S.stream);
  infinirtLibraryUnload(S.lib);
  S.up = 0;
}

static const char *irt_describe(void) {
  return S.desc[0] ? S.desc : "infinirt not set up";
}

/* A host node marks its own byte (a store per node, no shared counter);
 * the bytes are cleared before each launch and checked after it. */
static void mark_fn(void *data) {
  *(volatile char *)data = 1;
}

static void graph_fail_irt(graph_fig *f, const char *what, infinirtError_t e) {
  graph_fail(f, "infinirt%s: %s: %s", what, infinirtGetErrorName(e),
             infinirtExtGetLastErrorDetail());
}

#define GTRY(what, call)                                                       \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      graph_fail_irt(f, what, e_);                                             \
      goto out;                                                                \
    }                                                                          \
  } while (0)

static void run_shape(const graph_shape *s, graph_fig *f, int kernel) {
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t exec = NULL;
  infinirtGraphNode_t *node = malloc(sizeof *node * (size_t)s->n);
  if (!node) {
    graph_fail(f, "out of memory");
    return;
  }
  const infinirtDim3 one = {1, 1, 1};
  const struct infinirtKernelNodeParams kp = {
      .func = (void *)S.empty, .gridDim = one, .blockDim = one};
  char *ran = kernel ? NULL : calloc((size_t)s->n, 1);
  if (!kernel && !ran) {
    free(node);
    graph_fail(f, "out of memory");
    return;
  }
  int preds[GRAPH_MAX_DEPS];
  infinirtGraphNode_t dep[GRAPH_MAX_DEPS];
  double t0 = graph_now_ns();
  GTRY("GraphCreate", infinirtGraphCreate(&g, 0));
  for (int i = 0; i < s->n; i++) {
    int np = graph_preds(s, i, preds);
    for (int k = 0; k < np; k++)
      dep[k] = node[preds[k]];
    if (kernel)
      GTRY("GraphAddKernelNode",
           infinirtGraphAddKernelNode(&node[i], g, dep, (size_t)np, &kp));
    else {
      const struct infinirtHostNodeParams hp = {.fn = mark_fn,
                                                .userData = &ran[i]};
      GTRY("GraphAddHostNode",
           infinirtGraphAddHostNode(&node[i], g, dep, (size_t)np, &hp));
    }
  }
  double t_added = graph_now_ns();
  GTRY("GraphInstantiate", infinirtGraphInstantiate(&exec, g, 0));
  double t1 = graph_now_ns();
  double launched = 0;
  for (int l = -1; l < s->launches; l++) {
    if (ran)
      memset(ran, 0, (size_t)s->n);
    double a = graph_now_ns();
    GTRY("GraphLaunch", infinirtGraphLaunch(exec, S.stream));
    GTRY("StreamSynchronize", infinirtStreamSynchronize(S.stream));
    if (l >= 0)
      launched += graph_now_ns() - a;
    for (int i = 0; ran && i < s->n; i++)
      if (!ran[i]) {
        graph_fail(f,
                   "host node %d had not run when StreamSynchronize "
                   "returned (launch %d)",
                   i, l + 1);
        goto out;
      }
  }
  f->build_ns = (t1 - t0) / s->n;
  f->inst_ns = (t1 - t_added) / s->n;
  f->launch_ns = launched / s->launches / s->n;
out:
  if (exec)
    infinirtGraphExecDestroy(exec);
  if (g)
    infinirtGraphDestroy(g);
  free(node);
  free(ran);
}

static void run_host(const graph_shape *s, graph_fig *f) {
  run_shape(s, f, 0);
}

static void run_kernel(const graph_shape *s, graph_fig *f) {
  run_shape(s, f, 1);
}

const graph_side graph_irt_host = {
    .name = "infinirt host",
    .setup = irt_setup,
    .teardown = irt_teardown,
    .describe = irt_describe,
    .run = run_host,
};
const graph_side graph_irt_kernel = {
    .name = "infinirt kernel",
    .setup = irt_setup,
    .teardown = irt_teardown,
    .describe = irt_describe,
    .run = run_kernel,
};
