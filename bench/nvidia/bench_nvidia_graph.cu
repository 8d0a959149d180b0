// bench_nvidia_graph.cu - CUDA graphs through infinirt's NVIDIA backend
// against the raw CUDA runtime, in one process, interleaved: the DAG shapes
// of bench_cpu_graph (bench/cpu/graph.h, smaller) made of the empty kernel
// <<<1,1>>>, each built explicitly (GraphCreate + GraphAddKernelNode) and by
// stream capture, instantiated and launched, and the same kernels launched
// one by one on a stream. Every figure is per node: the median and the best
// over rounds; in each round each contender runs once, in alternating order.
// Prints a markdown table with the ratio infinirt/cudart.
//
//   bench_nvidia_graph <bench_kernels.fatbin> [rounds]
//
// Environment: BENCH_GRAPH_N (10000: nodes of the big shapes),
// BENCH_GRAPH_SMALL (1000: nodes of the relaunched one), BENCH_GRAPH_RELAUNCH
// (1000: its launches per run), BENCH_GRAPH_STREAM_RELAUNCH (100: the same
// for its stream launches), BENCH_GRAPH_ONLY (shape id prefixes).
// Nothing here is a test: it only reports. Exit status 1 if a cudart call
// failed; an infinirt failure makes its cells n/a with the reason.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_kernels.cu"
#include "graph.h"
#include "infinirt.h"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

// A failed call ends the run of its contender; the cell says why.
struct call_failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

static void irt_check(infinirtError_t e, const char *what) {
  if (e != infinirtSuccess)
    throw call_failed(std::string(what) + ": " + infinirtGetErrorName(e) +
                      ": " + infinirtExtGetLastErrorDetail());
}
static void cuda_check(cudaError_t e, const char *what) {
  if (e != cudaSuccess)
    throw call_failed(std::string(what) + ": " + cudaGetErrorName(e));
}
#define IRT(call) irt_check((call), #call)
#define CUDART(call) cuda_check((call), #call)

// What one run of a contender measured, ns per node.
struct fig {
  double build, inst, launch;
};

// ---- infinirt --------------------------------------------------------------

static struct {
  infinirtStream_t s;
  infinirtKernel_t k;
} I;

static const infinirtDim3 irt_one = {1, 1, 1};

// Runs |exec| once untimed, then |launches| times, each launch + sync.
static double irt_launches(infinirtGraphExec_t exec, int launches, int n) {
  IRT(infinirtGraphLaunch(exec, I.s));
  IRT(infinirtStreamSynchronize(I.s));
  double t = now_ns();
  for (int l = 0; l < launches; l++) {
    IRT(infinirtGraphLaunch(exec, I.s));
    IRT(infinirtStreamSynchronize(I.s));
  }
  return (now_ns() - t) / launches / n;
}

static void irt_explicit(const graph_shape *s, fig *f) {
  std::vector<infinirtGraphNode_t> node((size_t)s->n);
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t exec = NULL;
  struct infinirtKernelNodeParams kp = {};
  kp.func = (void *)I.k;
  kp.gridDim = irt_one;
  kp.blockDim = irt_one;
  int preds[GRAPH_MAX_DEPS];
  infinirtGraphNode_t dep[GRAPH_MAX_DEPS];
  try {
    double t0 = now_ns();
    IRT(infinirtGraphCreate(&g, 0));
    for (int i = 0; i < s->n; i++) {
      int np = graph_preds(s, i, preds);
      for (int k = 0; k < np; k++)
        dep[k] = node[(size_t)preds[k]];
      IRT(infinirtGraphAddKernelNode(&node[(size_t)i], g, dep, (size_t)np,
                                     &kp));
    }
    double t1 = now_ns();
    IRT(infinirtGraphInstantiate(&exec, g, 0));
    double t2 = now_ns();
    f->build = (t1 - t0) / s->n;
    f->inst = (t2 - t1) / s->n;
    f->launch = irt_launches(exec, s->launches, s->n);
  } catch (...) {
    if (exec)
      infinirtGraphExecDestroy(exec);
    if (g)
      infinirtGraphDestroy(g);
    throw;
  }
  infinirtGraphExecDestroy(exec);
  infinirtGraphDestroy(g);
}

// Capture: one stream; before each launch the capture's dependencies are
// set to the node's predecessors (a chain needs no such call), and the node
// captured is read back where a later node will name it.
static void irt_capture(const graph_shape *s, fig *f) {
  std::vector<infinirtGraphNode_t> node((size_t)s->n);
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t exec = NULL;
  int preds[GRAPH_MAX_DEPS];
  infinirtGraphNode_t dep[GRAPH_MAX_DEPS];
  bool chain = s->topo == GRAPH_CHAIN, named = s->topo == GRAPH_LAYERED;
  try {
    double t0 = now_ns();
    IRT(infinirtStreamBeginCapture(I.s, infinirtStreamCaptureModeGlobal));
    for (int i = 0; i < s->n; i++) {
      if (!chain) {
        int np = graph_preds(s, i, preds);
        for (int k = 0; k < np; k++)
          dep[k] = node[(size_t)preds[k]];
        IRT(infinirtStreamUpdateCaptureDependencies(
            I.s, dep, NULL, (size_t)np, infinirtStreamSetCaptureDependencies));
      }
      IRT(infinirtLaunchKernel(I.k, irt_one, irt_one, NULL, 0, I.s));
      if (named) {
        enum infinirtStreamCaptureStatus st;
        const infinirtGraphNode_t *d = NULL;
        size_t nd = 0;
        IRT(infinirtStreamGetCaptureInfo(I.s, &st, NULL, NULL, &d, NULL, &nd));
        if (nd != 1)
          throw call_failed("capture: not one dependency");
        node[(size_t)i] = d[0];
      }
    }
    IRT(infinirtStreamEndCapture(I.s, &g));
    double t1 = now_ns();
    IRT(infinirtGraphInstantiate(&exec, g, 0));
    double t2 = now_ns();
    f->build = (t1 - t0) / s->n;
    f->inst = (t2 - t1) / s->n;
    f->launch = irt_launches(exec, s->launches, s->n);
  } catch (...) {
    enum infinirtStreamCaptureStatus st = infinirtStreamCaptureStatusNone;
    infinirtStreamIsCapturing(I.s, &st);
    if (st != infinirtStreamCaptureStatusNone) {
      infinirtGraph_t dropped = NULL;
      infinirtStreamEndCapture(I.s, &dropped);
      if (dropped)
        infinirtGraphDestroy(dropped);
    }
    if (exec)
      infinirtGraphExecDestroy(exec);
    if (g)
      infinirtGraphDestroy(g);
    throw;
  }
  infinirtGraphExecDestroy(exec);
  infinirtGraphDestroy(g);
}

static void irt_stream(const graph_shape *s, int reps, fig *f) {
  double t = now_ns();
  for (int l = 0; l < reps; l++) {
    for (int i = 0; i < s->n; i++)
      IRT(infinirtLaunchKernel(I.k, irt_one, irt_one, NULL, 0, I.s));
    IRT(infinirtStreamSynchronize(I.s));
  }
  f->build = f->inst = 0;
  f->launch = (now_ns() - t) / reps / s->n;
}

// ---- cudart ----------------------------------------------------------------

static cudaStream_t C;

static double cuda_launches(cudaGraphExec_t exec, int launches, int n) {
  CUDART(cudaGraphLaunch(exec, C));
  CUDART(cudaStreamSynchronize(C));
  double t = now_ns();
  for (int l = 0; l < launches; l++) {
    CUDART(cudaGraphLaunch(exec, C));
    CUDART(cudaStreamSynchronize(C));
  }
  return (now_ns() - t) / launches / n;
}

static void cuda_explicit(const graph_shape *s, fig *f) {
  std::vector<cudaGraphNode_t> node((size_t)s->n);
  cudaGraph_t g;
  cudaGraphExec_t exec;
  cudaKernelNodeParams kp = {};
  kp.func = (void *)empty_kernel;
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(1);
  int preds[GRAPH_MAX_DEPS];
  cudaGraphNode_t dep[GRAPH_MAX_DEPS];
  double t0 = now_ns();
  CUDART(cudaGraphCreate(&g, 0));
  for (int i = 0; i < s->n; i++) {
    int np = graph_preds(s, i, preds);
    for (int k = 0; k < np; k++)
      dep[k] = node[(size_t)preds[k]];
    CUDART(cudaGraphAddKernelNode(&node[(size_t)i], g, dep, (size_t)np, &kp));
  }
  double t1 = now_ns();
  CUDART(cudaGraphInstantiate(&exec, g, 0));
  double t2 = now_ns();
  f->build = (t1 - t0) / s->n;
  f->inst = (t2 - t1) / s->n;
  f->launch = cuda_launches(exec, s->launches, s->n);
  CUDART(cudaGraphExecDestroy(exec));
  CUDART(cudaGraphDestroy(g));
}

static void cuda_capture(const graph_shape *s, fig *f) {
  std::vector<cudaGraphNode_t> node((size_t)s->n);
  cudaGraph_t g;
  cudaGraphExec_t exec;
  int preds[GRAPH_MAX_DEPS];
  cudaGraphNode_t dep[GRAPH_MAX_DEPS];
  bool chain = s->topo == GRAPH_CHAIN, named = s->topo == GRAPH_LAYERED;
  double t0 = now_ns();
  CUDART(cudaStreamBeginCapture(C, cudaStreamCaptureModeGlobal));
  for (int i = 0; i < s->n; i++) {
    if (!chain) {
      int np = graph_preds(s, i, preds);
      for (int k = 0; k < np; k++)
        dep[k] = node[(size_t)preds[k]];
      CUDART(cudaStreamUpdateCaptureDependencies(
          C, dep, NULL, (size_t)np, cudaStreamSetCaptureDependencies));
    }
    CUDART(cudaLaunchKernel((const void *)empty_kernel, dim3(1), dim3(1), NULL,
                            0, C));
    if (named) {
      cudaStreamCaptureStatus st;
      const cudaGraphNode_t *d = NULL;
      size_t nd = 0;
      CUDART(cudaStreamGetCaptureInfo(C, &st, NULL, NULL, &d, NULL, &nd));
      if (nd != 1)
        throw call_failed("cudart capture: not one dependency");
      node[(size_t)i] = d[0];
    }
  }
  CUDART(cudaStreamEndCapture(C, &g));
  double t1 = now_ns();
  CUDART(cudaGraphInstantiate(&exec, g, 0));
  double t2 = now_ns();
  f->build = (t1 - t0) / s->n;
  f->inst = (t2 - t1) / s->n;
  f->launch = cuda_launches(exec, s->launches, s->n);
  CUDART(cudaGraphExecDestroy(exec));
  CUDART(cudaGraphDestroy(g));
}

static void cuda_stream(const graph_shape *s, int reps, fig *f) {
  double t = now_ns();
  for (int l = 0; l < reps; l++) {
    for (int i = 0; i < s->n; i++)
      CUDART(cudaLaunchKernel((const void *)empty_kernel, dim3(1), dim3(1),
                              NULL, 0, C));
    CUDART(cudaStreamSynchronize(C));
  }
  f->build = f->inst = 0;
  f->launch = (now_ns() - t) / reps / s->n;
}

// ---- the table
// ---------------------------------------------------------------

enum method { M_EXPLICIT, M_CAPTURE, M_STREAM, M_COUNT };
static const char *const method_name[M_COUNT] = {"explicit", "capture",
                                                 "stream"};

struct samples {
  std::vector<double> v[3]; // build, inst, launch
  std::string err;
};

static long env_long(const char *name, long dflt) {
  const char *s = getenv(name);
  if (!s || !*s)
    return dflt;
  char *end;
  long v = strtol(s, &end, 10);
  return (*end || v <= 0) ? dflt : v;
}

static bool selected(const graph_shape *s) {
  const char *only = getenv("BENCH_GRAPH_ONLY");
  if (!only || !*only)
    return true;
  for (const char *t = only; *t;) {
    size_t len = strcspn(t, ",");
    if (len && !strncmp(s->id, t, len))
      return true;
    t += len + (t[len] == ',');
  }
  return false;
}

// One run of one contender (side 0 infinirt, 1 cudart); its figures go to
// |out| when |timed|.
static void run_one(int side, int m, const graph_shape *s, int stream_reps,
                    samples *out, bool timed) {
  if (!out->err.empty())
    return;
  fig f = {0, 0, 0};
  try {
    if (side == 0) {
      if (m == M_EXPLICIT)
        irt_explicit(s, &f);
      else if (m == M_CAPTURE)
        irt_capture(s, &f);
      else
        irt_stream(s, stream_reps, &f);
    } else {
      if (m == M_EXPLICIT)
        cuda_explicit(s, &f);
      else if (m == M_CAPTURE)
        cuda_capture(s, &f);
      else
        cuda_stream(s, stream_reps, &f);
    }
  } catch (const call_failed &e) {
    if (side == 1) {
      fprintf(stderr, "bench_nvidia_graph: %s\n", e.what());
      exit(1);
    }
    out->err = e.what();
    return;
  }
  if (!timed)
    return;
  out->v[0].push_back(f.build);
  out->v[1].push_back(f.inst);
  out->v[2].push_back(f.launch);
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void setup(const char *fatbin) {
  try {
    IRT(infinirtExtSetDeviceType(infinirtDeviceTypeNvidia));
    IRT(infinirtSetDevice(0));
    CUDART(cudaSetDevice(0));
    IRT(infinirtStreamCreateWithFlags(&I.s, infinirtStreamNonBlocking));
    CUDART(cudaStreamCreateWithFlags(&C, cudaStreamNonBlocking));
    infinirtLibrary_t lib;
    IRT(infinirtLibraryLoadFromFile(&lib, fatbin, NULL, NULL, 0, NULL, NULL,
                                    0));
    IRT(infinirtLibraryGetKernel(&I.k, lib, "empty_kernel"));
  } catch (const call_failed &e) {
    fprintf(stderr, "bench_nvidia_graph: set-up: %s\n", e.what());
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s bench_kernels.fatbin [rounds]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 7;
  if (rounds < 1)
    rounds = 1;
  int count = 0;
  const char *reason = NULL;
  infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &count, &reason);
  if (count == 0) {
    printf("SKIP: no NVIDIA device: %s\n", reason ? reason : "?");
    return 77;
  }
  setup(argv[1]);

  int n = (int)env_long("BENCH_GRAPH_N", 10000);
  int small = (int)env_long("BENCH_GRAPH_SMALL", 1000);
  int relaunch = (int)env_long("BENCH_GRAPH_RELAUNCH", 1000);
  int stream_relaunch = (int)env_long("BENCH_GRAPH_STREAM_RELAUNCH", 100);
  int layered = n / 8 * 8, small8 = small < 8 ? 8 : small / 8 * 8;
  const graph_shape shapes[] = {
      {"indep", "independent", GRAPH_INDEPENDENT, n, 0, 0, 1, 1, "", 0},
      {"chain", "chain", GRAPH_CHAIN, n, 0, 0, 1, 1, "", 0},
      {"w8x2", "layers of 8, 2 deps", GRAPH_LAYERED, layered, 8, 2, 1, 1, "",
       0},
      {"w8x8", "layers of 8, 8 deps", GRAPH_LAYERED, layered, 8, 8, 1, 1, "",
       0},
      {"relaunch", "layers of 8, 2 deps, relaunched", GRAPH_LAYERED, small8, 8,
       2, relaunch, stream_relaunch, "", 0},
  };
  const int nshapes = (int)(sizeof shapes / sizeof shapes[0]);

  cudaDeviceProp p;
  if (cudaGetDeviceProperties(&p, 0) != cudaSuccess) {
    fprintf(stderr, "bench_nvidia_graph: cudaGetDeviceProperties failed\n");
    return 1;
  }
  int drv = 0, rt = 0;
  cudaDriverGetVersion(&drv);
  cudaRuntimeGetVersion(&rt);
  printf("device: %s, %d SMs; driver %d, cudart %d; %d rounds after 1 "
         "warm-up\n\n",
         p.name, p.multiProcessorCount, drv, rt, rounds);
  printf("shapes: indep %d independent nodes; chain of %d; w8x2 / w8x8: %d "
         "layers of 8, each node after 2 / 8 nodes of the layer above; "
         "relaunch: %d layers of 8, 2 deps, launched %d times per run "
         "(stream: %d times). Nodes: the empty kernel <<<1,1>>>.\n\n",
         n, n, layered / 8, small8 / 8, relaunch, stream_relaunch);
  printf("| shape | method | figure, ns per node | infinirt | cudart | "
         "infinirt/cudart |\n|---|---|---|---|---|---|\n");
  static const char *const fig_name[3] = {"build (Add calls / capture)",
                                          "instantiate", "launch + sync"};
  for (int si = 0; si < nshapes; si++) {
    const graph_shape *s = &shapes[si];
    if (!selected(s))
      continue;
    for (int m = 0; m < M_COUNT; m++) {
      samples a, b;
      for (int r = -1; r < rounds; r++) {
        // Alternate who goes first, so drift favours nobody.
        bool timed = r >= 0;
        if (r % 2 == 0) {
          run_one(0, m, s, stream_relaunch, &a, timed);
          run_one(1, m, s, stream_relaunch, &b, timed);
        } else {
          run_one(1, m, s, stream_relaunch, &b, timed);
          run_one(0, m, s, stream_relaunch, &a, timed);
        }
      }
      for (int k = 0; k < 3; k++) {
        if (m == M_STREAM && k < 2)
          continue;
        const char *what =
            m == M_STREAM ? "launches one by one + sync" : fig_name[k];
        double mb = median(b.v[k]);
        double bb = *std::min_element(b.v[k].begin(), b.v[k].end());
        if (!a.err.empty()) {
          printf("| %s | %s | %s | n/a | %.1f (best %.1f) | n/a |\n", s->id,
                 method_name[m], what, mb, bb);
          continue;
        }
        double ma = median(a.v[k]);
        double ba = *std::min_element(a.v[k].begin(), a.v[k].end());
        printf("| %s | %s | %s | %.1f (best %.1f) | %.1f (best %.1f) | "
               "%.3f%s |\n",
               s->id, method_name[m], what, ma, ba, mb, bb, ma / mb,
               ma / mb <= 1.02 ? "" : " (over 1.02)");
      }
      if (!a.err.empty())
        printf("| %s | %s | infinirt n/a: | %s | | |\n", s->id, method_name[m],
               a.err.c_str());
      fflush(stdout);
    }
  }
  printf("\nratio: infinirt/cudart of the medians (target <= 1.02); cells: "
         "median (best) over rounds, ns per node\n");
  return 0;
}
