/* graph_shapes.c - the DAGs of bench_cpu_graph, and its small helpers. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "graph.h"

int graph_preds(const graph_shape *s, int i, int *out) {
  switch (s->topo) {
  case GRAPH_INDEPENDENT:
    return 0;
  case GRAPH_CHAIN:
    if (i == 0)
      return 0;
    out[0] = i - 1;
    return 1;
  case GRAPH_LAYERED: {
    int layer = i / s->width, j = i % s->width;
    if (layer == 0)
      return 0;
    int above = (layer - 1) * s->width;
    for (int k = 0; k < s->deps; k++)
      out[k] = above + (j + k) % s->width;
    return s->deps;
  }
  }
  return 0;
}

int graph_is_source(const graph_shape *s, int i) {
  int preds[GRAPH_MAX_DEPS];
  return graph_preds(s, i, preds) == 0;
}

void graph_fail(graph_fig *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->err, sizeof f->err, fmt, ap);
  va_end(ap);
}

double graph_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

long graph_env(const char *name, long dflt) {
  const char *s = getenv(name);
  if (!s || !*s)
    return dflt;
  char *end;
  long v = strtol(s, &end, 10);
  return (*end || v <= 0) ? dflt : v;
}
