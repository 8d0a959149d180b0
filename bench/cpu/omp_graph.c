/*
 * omp_graph.c - the OpenMP contestant of bench_cpu_graph: one empty task per
 * DAG node, created by one thread of a parallel region of
 * GRAPH_PEER_THREADS threads, each task with depend(out) on its own token
 * and depend(in) on its predecessors' tokens. OpenMP has no reusable graph:
 * every run creates the tasks again, so its launch figure is the whole run
 * (parallel region, task creation, dependency matching, execution) and it
 * has no build figure.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "graph.h"

static char desc[120];

/* An empty node that the compiler cannot drop (gcc removes a task with an
 * empty body and no depend clause). */
#define NODE_BODY() __asm__ __volatile__("")

static int omp_setup(char *err, size_t len) {
  (void)err;
  (void)len;
  snprintf(desc, sizeof desc, "OpenMP %d (_OPENMP), num_threads(%d)", _OPENMP,
           GRAPH_PEER_THREADS);
  return 0;
}

static void omp_teardown(void) {}

static const char *omp_describe(void) {
  return desc;
}

/* One run: every node of |s| as a task; |tok| has one byte per node. */
static void run_once(const graph_shape *s, char *tok) {
  (void)tok; /* gcc 12 does not count its uses in depend clauses */
#pragma omp parallel num_threads(GRAPH_PEER_THREADS)
#pragma omp single
  {
    int n = s->n, w = s->width;
    switch (s->topo) {
    case GRAPH_INDEPENDENT:
      for (int i = 0; i < n; i++) {
#pragma omp task
        { NODE_BODY(); }
      }
      break;
    case GRAPH_CHAIN:
      for (int i = 0; i < n; i++) {
        int prev = i ? i - 1 : 0;
#pragma omp task depend(in : tok[prev]) depend(out : tok[i])
        { NODE_BODY(); }
      }
      break;
    case GRAPH_LAYERED:
      for (int i = 0; i < n; i++) {
        int j = i % w, a = i - w - j; /* the layer above starts at a */
        if (i < w) {
#pragma omp task depend(out : tok[i])
          { NODE_BODY(); }
        } else if (s->deps == 2) {
          int b = a + (j + 1) % w;
#pragma omp task depend(in : tok[a + j], tok[b]) depend(out : tok[i])
          { NODE_BODY(); }
        } else {
          /* deps == width == 8: the whole layer above. */
#pragma omp task depend(in                                                     \
                        : tok[a], tok[a + 1], tok[a + 2], tok[a + 3],          \
                          tok[a + 4], tok[a + 5], tok[a + 6], tok[a + 7])      \
    depend(out                                                                 \
           : tok[i])
          { NODE_BODY(); }
        }
      }
      break;
    }
  }
}

static void omp_run(const graph_shape *s, graph_fig *f) {
  if (s->topo == GRAPH_LAYERED &&
      !(s->deps == 2 || (s->deps == 8 && s->width == 8))) {
    graph_fail(f, "omp_graph.c writes out 2 deps, or 8 of width 8, only");
    return;
  }
  char *tok = calloc((size_t)s->n, 1);
  if (!tok) {
    graph_fail(f, "out of memory");
    return;
  }
  run_once(s, tok);
  double t0 = graph_now_ns();
  for (int l = 0; l < s->rebuild_launches; l++)
    run_once(s, tok);
  f->build_ns = -1;
  f->launch_ns = (graph_now_ns() - t0) / s->rebuild_launches / s->n;
  free(tok);
}

const graph_side graph_omp = {
    .name = "OpenMP",
    .setup = omp_setup,
    .teardown = omp_teardown,
    .describe = omp_describe,
    .run = omp_run,
    .rebuilds = 1,
};
