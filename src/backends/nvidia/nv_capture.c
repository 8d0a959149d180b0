/* nv_capture.c - stream capture on the NVIDIA backend: the driver captures
 * (cuStreamBeginCapture_v2 ... cuStreamEndCapture); the capture's graph
 * and the nodes it reports come back as our handles, one handle per driver
 * graph, so that GetCaptureInfo's graph is the one EndCapture returns. The
 * thread's capture mode is the driver's too (the core's hook). */
#include <stdlib.h>
#include <string.h>

#include "nv_graph.h"

static CUstream cu_stream(infinirtStream_t s) {
  return infinirt_nv_cu_stream(s);
}

static int stream_device(infinirtStream_t s) {
  return s ? ((infinirt_nv_stream *)s)->h.device
           : infinirt_current_device(infinirtDeviceTypeNvidia);
}

infinirtError_t
infinirt_nv_exchange_capture_mode(enum infinirtStreamCaptureMode *mode) {
  NV_NEED(cuThreadExchangeStreamCaptureMode);
  CUstreamCaptureMode m = (CUstreamCaptureMode)*mode;
  infinirtError_t err =
      infinirt_nv_check(infinirt_nv_sym.cuThreadExchangeStreamCaptureMode(&m),
                        "cuThreadExchangeStreamCaptureMode");
  if (err == infinirtSuccess)
    *mode = (enum infinirtStreamCaptureMode)m;
  return err;
}

infinirtError_t
infinirt_nv_StreamBeginCapture(infinirtStream_t stream,
                               enum infinirtStreamCaptureMode mode) {
  NV_NEED(cuStreamBeginCapture);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuStreamBeginCapture(
                               cu_stream(stream), (CUstreamCaptureMode)mode),
                           "cuStreamBeginCapture_v2");
}

infinirtError_t infinirt_nv_StreamBeginCaptureToGraph(
    infinirtStream_t stream, infinirtGraph_t graph,
    const infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    enum infinirtStreamCaptureMode mode) {
  NV_NEED(cuStreamBeginCaptureToGraph);
  infinirt_nv_graph *g = (infinirt_nv_graph *)graph;
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_deps deps;
  err = infinirt_nv_deps_get(&deps, g, dependencies, numDependencies,
                             "dependencies");
  if (err != infinirtSuccess)
    return err;
  err = infinirt_nv_check(infinirt_nv_sym.cuStreamBeginCaptureToGraph(
                              cu_stream(stream), g->cu, deps.p,
                              (const CUgraphEdgeData *)dependencyData,
                              numDependencies, (CUstreamCaptureMode)mode),
                          "cuStreamBeginCaptureToGraph");
  infinirt_nv_deps_free(&deps);
  return err;
}

/* The capture's id, if |cs| is part of one (0 otherwise). */
static unsigned long long capture_id(CUstream cs) {
  CUstreamCaptureStatus st = 0;
  cuuint64_t id = 0;
  if (!infinirt_nv_sym.cuStreamGetCaptureInfo ||
      infinirt_nv_sym.cuStreamGetCaptureInfo(cs, &st, &id, NULL, NULL, NULL,
                                             NULL) != CUDA_SUCCESS ||
      st == 0)
    return 0;
  return id;
}

/* The graph comes back as the handle GetCaptureInfo gave (or the graph of
 * BeginCaptureToGraph), else a new one. A failed capture's graph is gone:
 * the handles made for it go too. */
infinirtError_t infinirt_nv_StreamEndCapture(infinirtStream_t stream,
                                             infinirtGraph_t *pGraph) {
  NV_NEED(cuStreamEndCapture);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUstream cs = cu_stream(stream);
  unsigned long long id = capture_id(cs);
  CUgraph cg = NULL;
  CUresult r = infinirt_nv_sym.cuStreamEndCapture(cs, &cg);
  if (r != CUDA_SUCCESS) {
    err = infinirt_nv_fail(r, "cuStreamEndCapture");
    /* These end the capture (WrongThread too, on the H200). */
    if (err == infinirtErrorStreamCaptureInvalidated ||
        err == infinirtErrorStreamCaptureUnjoined ||
        err == infinirtErrorStreamCaptureWrongThread) {
      if (id)
        infinirt_nv_graph_drop_capture(id);
      if (pGraph)
        *pGraph = NULL;
    }
    return err;
  }
  if (!pGraph) { /* CUDA accepts it: the capture ends, its graph goes */
    if (id)
      infinirt_nv_graph_drop_capture(id);
    (void)infinirt_nv_sym.cuGraphDestroy(cg);
    return infinirtSuccess;
  }
  infinirt_nv_graph *g = NULL;
  err = infinirt_nv_graph_wrap(cg, stream_device(stream), NULL, &g, NULL);
  if (err != infinirtSuccess) {
    (void)infinirt_nv_sym.cuGraphDestroy(cg);
    return err;
  }
  pthread_mutex_lock(&g->lock);
  g->of_capture = false; /* the caller's now */
  pthread_mutex_unlock(&g->lock);
  *pGraph = (infinirtGraph_t)g;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_StreamIsCapturing(infinirtStream_t stream,
                              enum infinirtStreamCaptureStatus *pStatus) {
  NV_NEED(cuStreamIsCapturing);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUstreamCaptureStatus st = 0;
  err = infinirt_nv_check(
      infinirt_nv_sym.cuStreamIsCapturing(cu_stream(stream), &st),
      "cuStreamIsCapturing");
  if (err == infinirtSuccess)
    *pStatus = (enum infinirtStreamCaptureStatus)st;
  return err;
}

/* Grows |s|'s dependency buffer to |n| entries. */
static bool deps_room(infinirt_nv_stream *s, size_t n) {
  if (n <= s->capture_deps_cap)
    return true;
  infinirtGraphNode_t *p = malloc(n * sizeof *p);
  if (!p)
    return false;
  free(s->capture_deps);
  s->capture_deps = p;
  s->capture_deps_cap = n;
  return true;
}

/* The wrapper of |cg|, the graph of the active capture |id| on |s| (made
 * for the capture if it is not BeginCaptureToGraph's: dropped if the
 * capture fails). The stream remembers it for the capture's next calls; a
 * remembered one is used only while its capture id is |id|, its handle is
 * live and it wraps |cg| (threads sharing the stream may race on what it
 * remembers, but each of them checks what it reads). */
static infinirtError_t capture_graph(infinirt_nv_stream *s, CUgraph cg,
                                     unsigned long long id, int dev,
                                     infinirt_nv_graph **out) {
  if (s && id &&
      atomic_load_explicit(&s->capture_graph_id, memory_order_relaxed) == id) {
    infinirt_nv_graph *g =
        atomic_load_explicit(&s->capture_graph, memory_order_relaxed);
    if (infinirt_handle_lookup(g, INFINIRT_HANDLE_GRAPH) && g->cu == cg) {
      *out = g;
      return infinirtSuccess;
    }
  }
  infinirt_nv_graph *g = NULL;
  bool made = false;
  infinirtError_t err = infinirt_nv_graph_wrap(cg, dev, NULL, &g, &made);
  if (err != infinirtSuccess)
    return err;
  if (made) { /* not BeginCaptureToGraph's graph: the capture's own */
    pthread_mutex_lock(&g->lock);
    g->of_capture = true;
    g->capture_id = id;
    pthread_mutex_unlock(&g->lock);
  }
  if (s) {
    atomic_store_explicit(&s->capture_graph, g, memory_order_relaxed);
    atomic_store_explicit(&s->capture_graph_id, id, memory_order_relaxed);
  }
  *out = g;
  return infinirtSuccess;
}

/* While active: the graph as our handle, the dependencies as our nodes in
 * the stream's buffer, and the driver's edge data (its layout is ours). */
infinirtError_t infinirt_nv_StreamGetCaptureInfo(
    infinirtStream_t stream,
    enum infinirtStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, infinirtGraph_t *graph_out,
    const infinirtGraphNode_t **dependencies_out,
    const infinirtGraphEdgeData **edgeData_out, size_t *numDependencies_out) {
  NV_NEED(cuStreamGetCaptureInfo);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUstreamCaptureStatus st = 0;
  cuuint64_t id = 0;
  CUgraph cg = NULL;
  const CUgraphNode *deps = NULL;
  const CUgraphEdgeData *edata = NULL;
  size_t n = 0;
  err = infinirt_nv_check(
      infinirt_nv_sym.cuStreamGetCaptureInfo(cu_stream(stream), &st, &id, &cg,
                                             &deps, &edata, &n),
      "cuStreamGetCaptureInfo_v3");
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_graph *g = NULL;
  const infinirtGraphNode_t *nodes = NULL;
  infinirt_nv_stream *s = (infinirt_nv_stream *)stream;
  if (st == infinirtStreamCaptureStatusActive &&
      (graph_out || dependencies_out)) {
    err = capture_graph(s, cg, id, stream_device(stream), &g);
    if (err != infinirtSuccess)
      return err;
    if (dependencies_out && n) {
      if (!s || !deps_room(s, n))
        return infinirt_detail(infinirtErrorMemoryAllocation,
                               "no memory for %zu capture dependencies", n);
      err = infinirt_nv_nodes_wrap(g, deps, n, s->capture_deps);
      if (err != infinirtSuccess)
        return err;
      nodes = s->capture_deps;
    }
  }
  *captureStatus_out = (enum infinirtStreamCaptureStatus)st;
  if (st != infinirtStreamCaptureStatusActive)
    return infinirtSuccess;
  if (id_out)
    *id_out = id;
  if (graph_out)
    *graph_out = (infinirtGraph_t)g;
  if (dependencies_out)
    *dependencies_out = nodes;
  if (edgeData_out)
    *edgeData_out = (const infinirtGraphEdgeData *)edata; /* same layout */
  if (numDependencies_out)
    *numDependencies_out = n;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_StreamUpdateCaptureDependencies(
    infinirtStream_t stream, infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags) {
  NV_NEED(cuStreamUpdateCaptureDependencies);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  /* The driver refuses nodes that are not of the capture's graph. */
  infinirt_nv_deps deps;
  err = infinirt_nv_deps_get(&deps, NULL, dependencies, numDependencies,
                             "dependencies");
  if (err != infinirtSuccess)
    return err;
  err = infinirt_nv_check(infinirt_nv_sym.cuStreamUpdateCaptureDependencies(
                              cu_stream(stream), deps.p,
                              (const CUgraphEdgeData *)dependencyData,
                              numDependencies, flags),
                          "cuStreamUpdateCaptureDependencies_v2");
  infinirt_nv_deps_free(&deps);
  return err;
}
