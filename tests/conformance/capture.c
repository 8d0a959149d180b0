/* capture.c - stream capture: captured work is recorded, not run; the
 * capture's state (IsCapturing, GetCaptureInfo); fork and join across
 * streams; the nodes captured calls become; the dependency set and
 * UpdateCaptureDependencies; capturing into an existing graph; capture and
 * explicit construction of the same work give the same bytes. The calls a
 * capture refuses: capture_rules.c. */
#include <stdint.h>
#include <string.h>

#include "graph_util.h"

enum { N = 4096 };

static const enum infinirtStreamCaptureMode modes[] = {
    infinirtStreamCaptureModeGlobal, infinirtStreamCaptureModeThreadLocal,
    infinirtStreamCaptureModeRelaxed};

static enum infinirtStreamCaptureStatus status(infinirtStream_t s) {
  enum infinirtStreamCaptureStatus st = (enum infinirtStreamCaptureStatus) - 1;
  EXPECT_OK(infinirtStreamIsCapturing(s, &st));
  return st;
}

/* The number of nodes the next captured node on |s| will depend on. */
static size_t ndeps(infinirtStream_t s, const infinirtGraphNode_t **deps) {
  enum infinirtStreamCaptureStatus st;
  size_t n = 12345;
  *deps = NULL;
  EXPECT_OK(infinirtStreamGetCaptureInfo(s, &st, NULL, NULL, deps, NULL, &n));
  return n;
}

CONF_TEST(capture, captured_work_is_recorded_not_run) {
  unsigned char *d = NULL, *h = NULL;
  atomic_int count;
  atomic_init(&count, 0);
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  for (int m = 0; m < 3; m++) {
    atomic_store(&count, 0);
    memset(h, 0, N);
    if (!EXPECT_OK(infinirtMemset(d, 0, N)) ||
        !EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
      break;
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusActive);
    EXPECT_OK(infinirtMemsetAsync(d, 7, N, s));
    EXPECT_OK(infinirtMemcpyAsync(h, d, N, infinirtMemcpyDeviceToHost, s));
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &count));
    /* Captured work does not run: the stream has nothing to do. */
    conf_sleep_ms(20);
    EXPECT_EQ(atomic_load(&count), 0);
    EXPECT_EQ(conf_first_not(h, N, 0), N);
    infinirtGraph_t g = NULL;
    if (!EXPECT_OK(infinirtStreamEndCapture(s, &g)) || !EXPECT(g != NULL))
      break;
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
    EXPECT_OK(infinirtStreamQuery(s));
    EXPECT_EQ(atomic_load(&count), 0);
    EXPECT_EQ(conf_first_not(h, N, 0), N);
    if (gt_read(h, d, N))
      EXPECT_EQ(conf_first_not(h, N, 0), N);
    /* memset -> memcpy -> host */
    infinirtGraphNode_t v[3];
    size_t n = 3;
    if (EXPECT_OK(infinirtGraphGetNodes(g, v, &n)) && EXPECT_EQ(n, 3)) {
      EXPECT_EQ(gt_type(v[0]), infinirtGraphNodeTypeMemset);
      EXPECT_EQ(gt_type(v[1]), infinirtGraphNodeTypeMemcpy);
      EXPECT_EQ(gt_type(v[2]), infinirtGraphNodeTypeHost);
      EXPECT(gt_has_edge(g, v[0], v[1]));
      EXPECT(gt_has_edge(g, v[1], v[2]));
    }
    EXPECT_EQ(gt_edge_count(g), 2);
    memset(h, 0, N);
    if (gt_run_once(g, s)) {
      EXPECT_EQ(conf_first_not(h, N, 7), N);
      EXPECT_EQ(atomic_load(&count), 1);
    }
    EXPECT_OK(infinirtGraphDestroy(g));
  }
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

CONF_TEST(capture, is_capturing_and_capture_info) {
  unsigned char *d = NULL;
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  enum infinirtStreamCaptureStatus st = infinirtStreamCaptureStatusActive;
  unsigned long long id = 99;
  infinirtGraph_t g = (infinirtGraph_t)&st;
  EXPECT_OK(infinirtStreamGetCaptureInfo(s, &st, &id, &g, NULL, NULL, NULL));
  EXPECT_EQ(st, infinirtStreamCaptureStatusNone);
  /* not capturing: the other outputs are left alone (as the H200 answers) */
  EXPECT_EQ(id, 99);
  EXPECT_PTR_EQ(g, &st);
  EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
  unsigned long long ids[2] = {0, 0};
  for (int round = 0; round < 2; round++) {
    if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[round])))
      break;
    const infinirtGraphNode_t *deps = NULL;
    const infinirtGraphEdgeData *edges = (const infinirtGraphEdgeData *)&st;
    size_t n = 12345;
    infinirtGraph_t cg = NULL;
    EXPECT_OK(infinirtStreamGetCaptureInfo(s, &st, &ids[round], &cg, &deps,
                                           &edges, &n));
    EXPECT_EQ(st, infinirtStreamCaptureStatusActive);
    EXPECT(ids[round] != 0);
    EXPECT(cg != NULL);
    EXPECT_EQ(n, 0);
    /* one node: the next depends on it */
    EXPECT_OK(infinirtMemsetAsync(d, 1, N, s));
    EXPECT_EQ(ndeps(s, &deps), 1);
    /* edgeData_out: an array of n default (zero) edges, not NULL (as the
     * H200 answers) */
    edges = NULL;
    n = 0;
    EXPECT_OK(
        infinirtStreamGetCaptureInfo(s, &st, NULL, NULL, NULL, &edges, &n));
    if (EXPECT_EQ(n, 1) && EXPECT(edges != NULL)) {
      static const infinirtGraphEdgeData zero;
      EXPECT(memcmp(&edges[0], &zero, sizeof zero) == 0);
    }
    infinirtGraphNode_t first = deps ? deps[0] : NULL;
    EXPECT_EQ(gt_type(first), infinirtGraphNodeTypeMemset);
    EXPECT_OK(infinirtMemsetAsync(d, 2, N / 2, s));
    EXPECT_EQ(ndeps(s, &deps), 1);
    if (deps) {
      EXPECT(deps[0] != first);
      EXPECT_EQ(gt_type(deps[0]), infinirtGraphNodeTypeMemset);
    }
    /* the capture's graph holds the nodes captured so far */
    EXPECT_EQ(gt_node_count(cg), 2);
    infinirtGraph_t g2 = NULL;
    if (EXPECT_OK(infinirtStreamEndCapture(s, &g2))) {
      EXPECT_PTR_EQ(g2, cg); /* H200: to confirm */
      EXPECT_EQ(gt_node_count(g2), 2);
      EXPECT_OK(infinirtGraphDestroy(g2));
    }
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
  }
  EXPECT(ids[0] != ids[1]);
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* memset -> kernel (+1, where the test kernels exist) -> device copy ->
 * copy out, on |s| (capturing it or not). */
static void enqueue_work(const gt_kernel *k, void *d, void *d2, void *h,
                         infinirtStream_t s) {
  EXPECT_OK(infinirtMemsetAsync(d, 0x10, N, s));
  if (k->add_one) {
    int *p = d;
    unsigned n = N / 4;
    void *args[] = {&p, &n};
    EXPECT_OK(infinirtLaunchKernel((const void *)k->add_one,
                                   (infinirtDim3){N / 4 / 64, 1, 1},
                                   (infinirtDim3){64, 1, 1}, args, 0, s));
  }
  EXPECT_OK(infinirtMemcpyAsync(d2, d, N, infinirtMemcpyDeviceToDevice, s));
  EXPECT_OK(infinirtMemcpyAsync(h, d2, N, infinirtMemcpyDeviceToHost, s));
}

/* The same work built node by node. */
static infinirtGraph_t build_work(const gt_kernel *k, void *d, void *d2,
                                  void *h) {
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtGraphCreate(&g, 0)))
    return NULL;
  infinirtGraphNode_t last = gt_memset(g, NULL, 0, d, 0x10, N);
  if (last && k->add_one) {
    gt_add_one_args args;
    struct infinirtKernelNodeParams kp = gt_add_one_params(k, &args, d, N / 4);
    infinirtGraphNode_t kern = NULL;
    EXPECT_OK(infinirtGraphAddKernelNode(&kern, g, &last, 1, &kp));
    last = kern;
  }
  if (last)
    last = gt_copy(g, &last, 1, d2, d, N);
  if (last)
    last = gt_copy(g, &last, 1, h, d2, N);
  return g;
}

CONF_TEST(capture, same_bytes_as_explicit_construction) {
  gt_kernel k;
  memset(&k, 0, sizeof k);
  if (gt_kernel_available() && !gt_kernel_load(&k))
    return;
  unsigned char *d = NULL, *d2 = NULL, *h1 = NULL, *h2 = NULL;
  infinirtStream_t s = NULL;
  infinirtGraph_t cap = NULL, built = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMalloc((void **)&d2, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h1, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h2, N)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  memset(h1, 0, N);
  memset(h2, 0xff, N);
  if (!EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal)))
    goto out;
  enqueue_work(&k, d, d2, h1, s);
  if (!EXPECT_OK(infinirtStreamEndCapture(s, &cap)) ||
      !(built = build_work(&k, d, d2, h2)))
    goto out;
  EXPECT_EQ(gt_node_count(cap), gt_node_count(built));
  EXPECT_EQ(gt_edge_count(cap), gt_edge_count(built));
  if (gt_run_once(cap, s) && gt_run_once(built, s)) {
    EXPECT(memcmp(h1, h2, N) == 0);
    unsigned char want = k.add_one ? 0x11 : 0x10;
    int bad = 0;
    for (int i = 0; i < N; i += 4) {
      int v;
      memcpy(&v, h1 + i, 4);
      bad += v != (0x10101010 + (want - 0x10));
    }
    EXPECT_EQ(bad, 0);
  }
out:
  if (cap)
    EXPECT_OK(infinirtGraphDestroy(cap));
  if (built)
    EXPECT_OK(infinirtGraphDestroy(built));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h1)
    EXPECT_OK(infinirtFreeHost(h1));
  if (h2)
    EXPECT_OK(infinirtFreeHost(h2));
  if (d)
    EXPECT_OK(infinirtFree(d));
  if (d2)
    EXPECT_OK(infinirtFree(d2));
  gt_kernel_unload(&k);
}

/* s1: set A, record e1 | s2: wait e1, set B, record e2 | s1: set C, wait
 * e2, copy out. A is the root; the copy depends on B and C. */
CONF_TEST(capture, fork_and_join_across_streams) {
  unsigned char *d = NULL, *h = NULL;
  infinirtStream_t s1 = NULL, s2 = NULL;
  infinirtEvent_t e1 = NULL, e2 = NULL;
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, 3 * N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, 3 * N)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&e1)) ||
      !EXPECT_OK(infinirtEventCreate(&e2)))
    goto out;
  for (int m = 0; m < 3; m++) {
    if (!EXPECT_OK(infinirtStreamBeginCapture(s1, modes[m])))
      break;
    EXPECT_OK(infinirtMemsetAsync(d, 0xa1, N, s1));
    EXPECT_OK(infinirtEventRecord(e1, s1));
    EXPECT_EQ(status(s2), infinirtStreamCaptureStatusNone);
    EXPECT_OK(infinirtStreamWaitEvent(s2, e1, 0));
    /* s2 joined the capture */
    EXPECT_EQ(status(s2), infinirtStreamCaptureStatusActive);
    unsigned long long id1 = 1, id2 = 2;
    enum infinirtStreamCaptureStatus st;
    EXPECT_OK(
        infinirtStreamGetCaptureInfo(s1, &st, &id1, NULL, NULL, NULL, NULL));
    EXPECT_OK(
        infinirtStreamGetCaptureInfo(s2, &st, &id2, NULL, NULL, NULL, NULL));
    EXPECT_EQ(id1, id2);
    EXPECT_OK(infinirtMemsetAsync(d + N, 0xb2, N, s2));
    EXPECT_OK(infinirtEventRecord(e2, s2));
    EXPECT_OK(infinirtMemsetAsync(d + 2 * N, 0xc3, N, s1));
    EXPECT_OK(infinirtStreamWaitEvent(s1, e2, 0));
    const infinirtGraphNode_t *deps;
    EXPECT_EQ(ndeps(s1, &deps), 2);
    EXPECT_OK(infinirtMemcpyAsync(h, d, 3 * N, infinirtMemcpyDeviceToHost, s1));
    g = NULL;
    if (!EXPECT_OK(infinirtStreamEndCapture(s1, &g)))
      break;
    EXPECT_EQ(status(s1), infinirtStreamCaptureStatusNone);
    EXPECT_EQ(status(s2), infinirtStreamCaptureStatusNone);
    EXPECT_EQ(gt_node_count(g), 4);
    EXPECT_EQ(gt_root_count(g), 1);
    EXPECT_EQ(gt_edge_count(g), 4);
    infinirtGraphNode_t v[4];
    size_t n = 4;
    if (EXPECT_OK(infinirtGraphGetNodes(g, v, &n)) && EXPECT_EQ(n, 4)) {
      infinirtGraphNode_t copy = NULL;
      for (int i = 0; i < 4; i++)
        if (gt_type(v[i]) == infinirtGraphNodeTypeMemcpy)
          copy = v[i];
      size_t nd = 0;
      if (EXPECT(copy != NULL) &&
          EXPECT_OK(infinirtGraphNodeGetDependencies(copy, NULL, NULL, &nd)))
        EXPECT_EQ(nd, 2);
    }
    memset(h, 0, 3 * N);
    if (gt_run_once(g, s1)) {
      EXPECT_EQ(conf_first_not(h, N, 0xa1), N);
      EXPECT_EQ(conf_first_not(h + N, N, 0xb2), N);
      EXPECT_EQ(conf_first_not(h + 2 * N, N, 0xc3), N);
    }
    EXPECT_OK(infinirtGraphDestroy(g));
  }
out:
  if (e1)
    EXPECT_OK(infinirtEventDestroy(e1));
  if (e2)
    EXPECT_OK(infinirtEventDestroy(e2));
  if (s1)
    EXPECT_OK(infinirtStreamDestroy(s1));
  if (s2)
    EXPECT_OK(infinirtStreamDestroy(s2));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* A forked stream with work the origin never joined: EndCapture fails
 * with StreamCaptureUnjoined, returns no graph and ends the capture. */
CONF_TEST(capture, unjoined_fork_fails_end_capture) {
  unsigned char *d = NULL;
  infinirtStream_t s1 = NULL, s2 = NULL;
  infinirtEvent_t e = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&e)))
    goto out;
  if (!EXPECT_OK(
          infinirtStreamBeginCapture(s1, infinirtStreamCaptureModeGlobal)))
    goto out;
  EXPECT_OK(infinirtMemsetAsync(d, 1, N, s1));
  EXPECT_OK(infinirtEventRecord(e, s1));
  EXPECT_OK(infinirtStreamWaitEvent(s2, e, 0));
  EXPECT_OK(infinirtMemsetAsync(d, 2, N, s2));
  infinirtGraph_t g = (infinirtGraph_t)&g;
  EXPECT_ERR(infinirtErrorStreamCaptureUnjoined,
             infinirtStreamEndCapture(s1, &g));
  EXPECT_PTR_EQ(g, NULL);
  EXPECT_EQ(status(s1), infinirtStreamCaptureStatusNone);
  EXPECT_EQ(status(s2), infinirtStreamCaptureStatusNone);
  /* Both streams work normally again. */
  EXPECT_OK(infinirtMemsetAsync(d, 3, N, s2));
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT_OK(infinirtStreamSynchronize(s1));
out:
  if (e)
    EXPECT_OK(infinirtEventDestroy(e));
  if (s1)
    EXPECT_OK(infinirtStreamDestroy(s1));
  if (s2)
    EXPECT_OK(infinirtStreamDestroy(s2));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

CONF_TEST(capture, mallocasync_and_freeasync_become_memory_nodes) {
  unsigned char *h = NULL;
  infinirtStream_t s = NULL;
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal)))
    goto out;
  void *p = NULL;
  EXPECT_OK(infinirtMallocAsync(&p, N, s));
  EXPECT(p != NULL);
  EXPECT_OK(infinirtMemsetAsync(p, 0x5c, N, s));
  EXPECT_OK(infinirtMemcpyAsync(h, p, N, infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtFreeAsync(p, s));
  if (!EXPECT_OK(infinirtStreamEndCapture(s, &g)))
    goto out;
  infinirtGraphNode_t v[4];
  size_t n = 4;
  if (EXPECT_OK(infinirtGraphGetNodes(g, v, &n)) && EXPECT_EQ(n, 4)) {
    EXPECT_EQ(gt_type(v[0]), infinirtGraphNodeTypeMemAlloc);
    EXPECT_EQ(gt_type(v[1]), infinirtGraphNodeTypeMemset);
    EXPECT_EQ(gt_type(v[2]), infinirtGraphNodeTypeMemcpy);
    EXPECT_EQ(gt_type(v[3]), infinirtGraphNodeTypeMemFree);
    struct infinirtMemAllocNodeParams ap;
    memset(&ap, 0, sizeof ap);
    if (EXPECT_OK(infinirtGraphMemAllocNodeGetParams(v[0], &ap))) {
      EXPECT_PTR_EQ(ap.dptr, p);
      EXPECT_EQ(ap.bytesize, N);
    }
    void *freed = NULL;
    if (EXPECT_OK(infinirtGraphMemFreeNodeGetParams(v[3], &freed)))
      EXPECT_PTR_EQ(freed, p);
  }
  for (int launch = 0; launch < 2; launch++) {
    memset(h, 0, N);
    if (gt_run_once(g, s))
      EXPECT_EQ(conf_first_not(h, N, 0x5c), N);
  }
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
}

/* LaunchHostFunc becomes a host node; EventRecord adds no node and leaves
 * the dependency set as it was. */
CONF_TEST(capture, host_func_node_and_event_record_adds_no_node) {
  atomic_int count;
  atomic_init(&count, 0);
  infinirtStream_t s = NULL;
  infinirtEvent_t e = NULL;
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&e)) ||
      !EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeRelaxed)))
    goto out;
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &count));
  const infinirtGraphNode_t *deps;
  EXPECT_EQ(ndeps(s, &deps), 1);
  infinirtGraphNode_t host = deps ? deps[0] : NULL;
  EXPECT_EQ(gt_type(host), infinirtGraphNodeTypeHost);
  EXPECT_OK(infinirtEventRecord(e, s));
  if (EXPECT_EQ(ndeps(s, &deps), 1) && deps)
    EXPECT_PTR_EQ(deps[0], host);
  if (!EXPECT_OK(infinirtStreamEndCapture(s, &g)))
    goto out;
  EXPECT_EQ(gt_node_count(g), 1);
  if (gt_run_once(g, s) && gt_run_once(g, s))
    EXPECT_EQ(atomic_load(&count), 2);
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (e)
    EXPECT_OK(infinirtEventDestroy(e));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
}

/* A, B captured (A -> B); Set {A}; C (A -> C); Add {B}; D (C -> D, B -> D). */
CONF_TEST(capture, update_capture_dependencies) {
  unsigned char *d = NULL;
  infinirtStream_t s = NULL;
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, 4 * 64)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  /* not capturing */
  EXPECT_ERR(infinirtErrorIllegalState,
             infinirtStreamUpdateCaptureDependencies(
                 s, NULL, NULL, 0, infinirtStreamSetCaptureDependencies));
  if (!EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal)))
    goto out;
  const infinirtGraphNode_t *deps;
  EXPECT_OK(infinirtMemsetAsync(d, 1, 64, s));
  ndeps(s, &deps);
  infinirtGraphNode_t a = deps ? deps[0] : NULL;
  EXPECT_OK(infinirtMemsetAsync(d + 64, 2, 64, s));
  ndeps(s, &deps);
  infinirtGraphNode_t b = deps ? deps[0] : NULL;
  EXPECT_OK(infinirtStreamUpdateCaptureDependencies(
      s, &a, NULL, 1, infinirtStreamSetCaptureDependencies));
  if (EXPECT_EQ(ndeps(s, &deps), 1) && deps)
    EXPECT_PTR_EQ(deps[0], a);
  EXPECT_OK(infinirtMemsetAsync(d + 128, 3, 64, s));
  ndeps(s, &deps);
  infinirtGraphNode_t c = deps ? deps[0] : NULL;
  EXPECT_OK(infinirtStreamUpdateCaptureDependencies(
      s, &b, NULL, 1, infinirtStreamAddCaptureDependencies));
  EXPECT_EQ(ndeps(s, &deps), 2);
  /* bad flags change nothing */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtStreamUpdateCaptureDependencies(s, &a, NULL, 1, 2));
  EXPECT_EQ(ndeps(s, &deps), 2);
  EXPECT_OK(infinirtMemsetAsync(d + 192, 4, 64, s));
  ndeps(s, &deps);
  infinirtGraphNode_t dn = deps ? deps[0] : NULL;
  if (!EXPECT_OK(infinirtStreamEndCapture(s, &g)))
    goto out;
  EXPECT_EQ(gt_edge_count(g), 4);
  EXPECT(gt_has_edge(g, a, b));
  EXPECT(gt_has_edge(g, a, c));
  EXPECT(gt_has_edge(g, c, dn));
  EXPECT(gt_has_edge(g, b, dn));
  EXPECT_EQ(gt_root_count(g), 1);
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* BeginCaptureToGraph: captured nodes go into an existing graph after the
 * nodes given; EndCapture returns that graph. */
CONF_TEST(capture, begin_capture_to_graph) {
  atomic_int count;
  atomic_init(&count, 0);
  unsigned char *d = NULL;
  infinirtStream_t s = NULL;
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, 64)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  infinirtGraphNode_t x = gt_host(g, NULL, 0, conf_count_fn, &count);
  if (!x || !EXPECT_OK(infinirtStreamBeginCaptureToGraph(
                s, g, &x, NULL, 1, infinirtStreamCaptureModeGlobal)))
    goto out;
  const infinirtGraphNode_t *deps;
  if (EXPECT_EQ(ndeps(s, &deps), 1) && deps)
    EXPECT_PTR_EQ(deps[0], x);
  EXPECT_OK(infinirtMemsetAsync(d, 1, 64, s));
  infinirtGraph_t back = NULL;
  if (!EXPECT_OK(infinirtStreamEndCapture(s, &back)))
    goto out;
  EXPECT_PTR_EQ(back, g);
  EXPECT_EQ(gt_node_count(g), 2);
  EXPECT_EQ(gt_edge_count(g), 1);
  EXPECT_EQ(gt_root_count(g), 1);
  if (gt_run_once(g, s))
    EXPECT_EQ(atomic_load(&count), 1);
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* Launching an executable graph into a capturing stream is refused with
 * StreamCaptureUnsupported, which invalidates the capture (as the H200
 * answers: no child graph node); nothing runs. */
CONF_TEST(capture, graph_launch_into_a_capturing_stream_is_refused) {
  atomic_int count;
  atomic_init(&count, 0);
  infinirtStream_t s = NULL;
  infinirtGraph_t inner = NULL;
  infinirtGraphExec_t x = NULL;
  if (!EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtGraphCreate(&inner, 0)) ||
      !gt_host(inner, NULL, 0, conf_count_fn, &count) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, inner, 0)))
    goto out;
  for (int m = 0; m < 3; m++) {
    if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
      break;
    EXPECT_ERR(infinirtErrorStreamCaptureUnsupported,
               infinirtGraphLaunch(x, s));
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
    infinirtGraph_t outer = (infinirtGraph_t)&outer;
    EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
               infinirtStreamEndCapture(s, &outer));
    EXPECT_PTR_EQ(outer, NULL);
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&count), 0);
  /* Outside a capture the exec runs as usual. */
  EXPECT_OK(infinirtGraphLaunch(x, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&count), 1);
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (inner)
    EXPECT_OK(infinirtGraphDestroy(inner));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(capture, thread_capture_mode_exchange) {
  enum infinirtStreamCaptureMode m = infinirtStreamCaptureModeThreadLocal;
  /* a thread starts in Global */
  ASSERT_OK(infinirtThreadExchangeStreamCaptureMode(&m));
  EXPECT_EQ(m, infinirtStreamCaptureModeGlobal);
  m = infinirtStreamCaptureModeRelaxed;
  EXPECT_OK(infinirtThreadExchangeStreamCaptureMode(&m));
  EXPECT_EQ(m, infinirtStreamCaptureModeThreadLocal);
  /* an unknown mode changes nothing */
  enum infinirtStreamCaptureMode bad = (enum infinirtStreamCaptureMode)7;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtThreadExchangeStreamCaptureMode(&bad));
  EXPECT_EQ(bad, 7);
  m = infinirtStreamCaptureModeGlobal;
  EXPECT_OK(infinirtThreadExchangeStreamCaptureMode(&m));
  EXPECT_EQ(m, infinirtStreamCaptureModeRelaxed);
}

/* A capturing stream that waits for an event recorded outside the capture
 * would depend on work outside it: StreamCaptureIsolation, unless the wait
 * is external (then it is an event wait node); an event of another capture:
 * StreamCaptureMerge, which invalidates both captures (as the H200
 * answers). Each refusal invalidates the capture. */
CONF_TEST(capture, wait_on_events_outside_the_capture) {
  infinirtStream_t s1 = NULL, s2 = NULL, plain = NULL;
  infinirtEvent_t outside = NULL, inside = NULL;
  if (!EXPECT_OK(
          infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&plain, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&outside)) ||
      !EXPECT_OK(infinirtEventCreate(&inside)) ||
      !EXPECT_OK(infinirtEventRecord(outside, plain)) ||
      !EXPECT_OK(infinirtStreamSynchronize(plain)))
    goto out;
  infinirtGraph_t g = (infinirtGraph_t)&g;
  /* an event recorded outside */
  if (EXPECT_OK(
          infinirtStreamBeginCapture(s1, infinirtStreamCaptureModeGlobal))) {
    EXPECT_ERR(infinirtErrorStreamCaptureIsolation,
               infinirtStreamWaitEvent(s1, outside, 0));
    EXPECT_EQ(status(s1), infinirtStreamCaptureStatusInvalidated);
    EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
               infinirtStreamEndCapture(s1, &g));
    EXPECT_PTR_EQ(g, NULL);
  }
  /* the same wait, external: an event wait node */
  if (EXPECT_OK(
          infinirtStreamBeginCapture(s1, infinirtStreamCaptureModeGlobal))) {
    EXPECT_OK(infinirtStreamWaitEvent(s1, outside, infinirtEventWaitExternal));
    g = NULL;
    if (EXPECT_OK(infinirtStreamEndCapture(s1, &g)) && EXPECT(g != NULL)) {
      infinirtGraphNode_t n = NULL;
      size_t count = 1;
      if (EXPECT_OK(infinirtGraphGetNodes(g, &n, &count)) &&
          EXPECT_EQ(count, 1))
        EXPECT_EQ(gt_type(n), infinirtGraphNodeTypeWaitEvent);
      EXPECT(gt_run_once(g, s1));
      EXPECT_OK(infinirtGraphDestroy(g));
    }
  }
  /* an event of another capture */
  if (EXPECT_OK(
          infinirtStreamBeginCapture(s1, infinirtStreamCaptureModeGlobal)) &&
      EXPECT_OK(
          infinirtStreamBeginCapture(s2, infinirtStreamCaptureModeGlobal))) {
    EXPECT_OK(infinirtLaunchHostFunc(s1, conf_sleep_fn, (void *)(intptr_t)0));
    EXPECT_OK(infinirtEventRecord(inside, s1));
    EXPECT_ERR(infinirtErrorStreamCaptureMerge,
               infinirtStreamWaitEvent(s2, inside, 0));
    EXPECT_EQ(status(s2), infinirtStreamCaptureStatusInvalidated);
    EXPECT_EQ(status(s1), infinirtStreamCaptureStatusInvalidated);
    g = (infinirtGraph_t)&g;
    EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
               infinirtStreamEndCapture(s2, &g));
    EXPECT_PTR_EQ(g, NULL);
    g = (infinirtGraph_t)&g;
    EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
               infinirtStreamEndCapture(s1, &g));
    EXPECT_PTR_EQ(g, NULL);
  }
out:
  if (outside)
    EXPECT_OK(infinirtEventDestroy(outside));
  if (inside)
    EXPECT_OK(infinirtEventDestroy(inside));
  infinirtStream_t all[] = {s1, s2, plain};
  for (int i = 0; i < 3; i++) {
    enum infinirtStreamCaptureStatus st = infinirtStreamCaptureStatusNone;
    if (all[i] && infinirtStreamIsCapturing(all[i], &st) == infinirtSuccess &&
        st != infinirtStreamCaptureStatusNone) {
      infinirtGraph_t left = NULL;
      infinirtStreamEndCapture(all[i], &left);
      if (left)
        infinirtGraphDestroy(left);
    }
    if (all[i])
      EXPECT_OK(infinirtStreamDestroy(all[i]));
  }
}

/* Captured memset, memcpy and kernel nodes take new parameters (SetParams)
 * and keep them through GraphClone: GetParams on the original and on the
 * clone answers what was set (but a clone's copy kind), and both graphs
 * copy what the new parameters say. */
CONF_TEST(capture, captured_nodes_take_new_parameters_through_clone) {
  gt_kernel k;
  memset(&k, 0, sizeof k);
  if (gt_kernel_available() && !gt_kernel_load(&k))
    return;
  unsigned char *d = NULL, *d2 = NULL, *h = NULL;
  int *ints = NULL;
  infinirtStream_t s = NULL;
  infinirtGraph_t g = NULL, c = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMalloc((void **)&d2, N)) ||
      !EXPECT_OK(infinirtMalloc((void **)&ints, 64 * sizeof *ints)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtMemset(d2, 0x33, N)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  gt_add_one_args args;
  struct infinirtKernelNodeParams kp;
  memset(&kp, 0, sizeof kp);
  if (k.add_one)
    kp = gt_add_one_params(&k, &args, ints, 64);
  if (!EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal)) ||
      !EXPECT_OK(infinirtMemsetAsync(d, 0x22, N, s)) ||
      !EXPECT_OK(infinirtMemcpyAsync(h, d, N, infinirtMemcpyDeviceToHost, s)) ||
      (k.add_one &&
       !EXPECT_OK(infinirtLaunchKernel(kp.func, kp.gridDim, kp.blockDim,
                                       kp.kernelParams, 0, s))) ||
      !EXPECT_OK(infinirtStreamEndCapture(s, &g)))
    goto out;
  infinirtGraphNode_t v[3] = {NULL, NULL, NULL};
  size_t n = k.add_one ? 3 : 2;
  if (!EXPECT_OK(infinirtGraphGetNodes(g, v, &n)) ||
      !EXPECT_EQ(n, k.add_one ? 3 : 2))
    goto out;
  infinirtGraphNode_t set = NULL, copy = NULL, kern = NULL;
  for (size_t i = 0; i < n; i++) {
    int t = gt_type(v[i]);
    if (t == infinirtGraphNodeTypeMemset)
      set = v[i];
    else if (t == infinirtGraphNodeTypeMemcpy)
      copy = v[i];
    else if (t == infinirtGraphNodeTypeKernel)
      kern = v[i];
  }
  if (!EXPECT(set && copy && (kern || !k.add_one)))
    goto out;
  /* The copy now reads d2 (0x33); the memset writes 0x44 into d. */
  struct infinirtMemsetParams mp = {.dst = d,
                                    .pitch = 0,
                                    .value = 0x44,
                                    .elementSize = 1,
                                    .width = N,
                                    .height = 1};
  if (!EXPECT_OK(infinirtGraphMemcpyNodeSetParams1D(
          copy, h, d2, N, infinirtMemcpyDeviceToHost)) ||
      !EXPECT_OK(infinirtGraphMemsetNodeSetParams(set, &mp)) ||
      !EXPECT_OK(infinirtGraphClone(&c, g)))
    goto out;
  infinirtGraphNode_t orig[3] = {copy, set, kern}, cl[3] = {NULL, NULL, NULL};
  for (int i = 0; i < (kern ? 3 : 2); i++)
    EXPECT_OK(infinirtGraphNodeFindInClone(&cl[i], orig[i], c));
  for (int i = 0; i < 2; i++) {
    infinirtGraphNode_t cp_node = i ? cl[0] : copy;
    struct infinirtMemcpy3DParms cp;
    memset(&cp, 0, sizeof cp);
    if (cp_node && EXPECT_OK(infinirtGraphMemcpyNodeGetParams(cp_node, &cp))) {
      EXPECT_PTR_EQ(cp.srcPtr.ptr, d2);
      EXPECT_PTR_EQ(cp.dstPtr.ptr, h);
      EXPECT_EQ(cp.extent.width, N);
      /* The kind as set; a clone's is left alone: the H200 answers
       * Default there (the driver's copy has no kind), the CPU the kind. */
      if (!i)
        EXPECT_EQ(cp.kind, infinirtMemcpyDeviceToHost);
    }
    infinirtGraphNode_t set_node = i ? cl[1] : set;
    struct infinirtMemsetParams got;
    memset(&got, 0, sizeof got);
    if (set_node &&
        EXPECT_OK(infinirtGraphMemsetNodeGetParams(set_node, &got))) {
      EXPECT_PTR_EQ(got.dst, d);
      EXPECT_EQ(got.value, 0x44);
      EXPECT_EQ(got.width, N);
    }
    infinirtGraphNode_t kern_node = i ? cl[2] : kern;
    struct infinirtKernelNodeParams kb;
    memset(&kb, 0, sizeof kb);
    if (kern_node &&
        EXPECT_OK(infinirtGraphKernelNodeGetParams(kern_node, &kb)) &&
        EXPECT(kb.kernelParams != NULL)) {
      EXPECT_PTR_EQ(kb.func, kp.func);
      int *p = NULL;
      memcpy(&p, kb.kernelParams[0], sizeof p);
      EXPECT_PTR_EQ(p, ints);
    }
  }
  for (int run = 0; run < 2; run++) {
    memset(h, 0, N);
    if (!gt_run_once(run ? c : g, s))
      break;
    EXPECT_EQ(conf_first_not(h, N, 0x33), N);
    unsigned char back[N];
    if (gt_read(back, d, N))
      EXPECT_EQ(conf_first_not(back, N, 0x44), N);
  }
out:
  if (c)
    EXPECT_OK(infinirtGraphDestroy(c));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (ints)
    EXPECT_OK(infinirtFree(ints));
  if (d2)
    EXPECT_OK(infinirtFree(d2));
  if (d)
    EXPECT_OK(infinirtFree(d));
  gt_kernel_unload(&k);
}
