/*
 * graph.h - bench_cpu_graph: task-graph launch cost of infinirt's CPU
 * backend (graphs of empty host nodes and of empty kernel nodes) against
 * oneTBB's flow graph, StarPU task dependencies and OpenMP tasks with
 * depend clauses, in one process, interleaved.
 *
 * A shape is a DAG given by the predecessors of each node (graph_preds);
 * every contestant builds the same DAG of empty nodes, runs it and says what
 * that cost per node. Contestants that have no reusable graph (StarPU,
 * OpenMP) build it again for every run, and their launch figure includes
 * that rebuild.
 */
#ifndef BENCH_CPU_GRAPH_H_
#define BENCH_CPU_GRAPH_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum graph_topology {
  GRAPH_INDEPENDENT, /* no edges */
  GRAPH_CHAIN,       /* node i after node i - 1 */
  GRAPH_LAYERED,     /* layers of |width|; each node after |deps| nodes of the
                        layer above: j, j + 1, ... (mod width) */
};

#define GRAPH_MAX_DEPS 8

typedef struct graph_shape {
  const char *id;   /* the row's name */
  const char *what; /* a description for the report */
  enum graph_topology topo;
  int n;        /* nodes */
  int width;    /* GRAPH_LAYERED: nodes per layer */
  int deps;     /* GRAPH_LAYERED: predecessors per node (<= width) */
  int launches; /* timed launches of one built graph (each launch + sync) */
  int rebuild_launches; /* the same for contestants that rebuild each run */
  const char *target;   /* the target for infinirt's launch figure */
  double target_ns;     /* 0: none */
} graph_shape;

/* Fills |out| (GRAPH_MAX_DEPS entries) with the predecessors of node |i| of
 * |s|, all below |i|, and returns their count. */
int graph_preds(const graph_shape *s, int i, int *out);

/* Whether node |i| has no predecessor (a source, where runs start). */
int graph_is_source(const graph_shape *s, int i);

/* What one run of a contestant measured, per node. */
typedef struct graph_fig {
  double build_ns;  /* building the graph + instantiating it; < 0: n/a */
  double inst_ns;   /* of which instantiating it; 0: no such step */
  double launch_ns; /* launch + wait (rebuilding contestants: all of it) */
  char err[200];    /* non-empty: no figure */
} graph_fig;

/* A contestant. |setup| returns 0, or -1 with the reason in |err| (then its
 * cells say n/a with that reason). |run| builds the shape, runs it once
 * untimed (so lazily made state is made), times |launches| more runs and
 * tears the graph down. */
typedef struct graph_side {
  const char *name;
  int (*setup)(char *err, size_t len);
  void (*teardown)(void);
  const char *(*describe)(void);
  void (*run)(const graph_shape *s, graph_fig *f);
  /* Optional, around every run: a runtime whose idle workers poll is woken
   * here and put to sleep after. */
  void (*run_begin)(void);
  void (*run_end)(void);
  int rebuilds; /* 1: no reusable graph, every launch rebuilds it */
} graph_side;

/* The contestants, in the order of the report's columns. */
extern const graph_side graph_irt_host, graph_irt_kernel, graph_tbb,
    graph_tbb_lightweight, graph_spu, graph_omp;

/* The number of worker threads each peer is given (the machine's cores). */
#define GRAPH_PEER_THREADS 2

/* The stack of the suite's thread and of oneTBB's workers (tbb_graph.cpp):
 * deep enough for a chain of a few million lightweight nodes. */
#define GRAPH_STACK_BYTES ((size_t)2 << 30)

void graph_fail(graph_fig *f, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

double graph_now_ns(void);

/* A positive integer from the environment, else |dflt|. */
long graph_env(const char *name, long dflt);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* BENCH_CPU_GRAPH_H_ */
