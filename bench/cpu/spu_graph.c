/*
 * spu_graph.c - the StarPU contestant of bench_cpu_graph: one empty CPU task
 * per DAG node, its dependencies declared with
 * starpu_task_declare_deps_array before any task is submitted, then every
 * task submitted in order and starpu_task_wait_for_all. StarPU is set up and
 * paused between runs as bench_cpu does it (spu_side.c), with
 * STARPU_NCPU=GRAPH_PEER_THREADS unless set. A submitted task cannot run
 * again, so every run creates the tasks again: the build figure is task
 * creation + dependency declaration, the launch figure all of a run
 * (creation, declaration, submission, wait).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include <starpu.h>

#include "bench.h"
#include "graph.h"

static void empty(void *bufs[], void *arg) {
  (void)bufs;
  (void)arg;
}

static struct starpu_codelet cl_empty = {
    .where = STARPU_CPU, .cpu_funcs = {empty}, .nbuffers = 0, .name = "empty"};

static int spu_setup(char *err, size_t len) {
  char ncpu[16];
  snprintf(ncpu, sizeof ncpu, "%d", GRAPH_PEER_THREADS);
  setenv("STARPU_NCPU", ncpu, 0);
  bench_params p = {0};
  return bench_spu_side.setup(&p, err, len);
}

static void spu_teardown(void) {
  bench_spu_side.teardown();
}

static const char *spu_describe(void) {
  return bench_spu_side.describe();
}

static void spu_run_begin(void) {
  bench_spu_side.run_begin();
}

static void spu_run_end(void) {
  bench_spu_side.run_end();
}

/* Creates the tasks of |s| in |t| with their dependencies; 0 or -1. */
static int build(const graph_shape *s, struct starpu_task **t, graph_fig *f) {
  int preds[GRAPH_MAX_DEPS];
  for (int i = 0; i < s->n; i++) {
    t[i] = starpu_task_create();
    if (!t[i]) {
      graph_fail(f, "starpu_task_create failed");
      for (int k = 0; k < i; k++)
        starpu_task_destroy(t[k]);
      return -1;
    }
    t[i]->cl = &cl_empty;
    int np = graph_preds(s, i, preds);
    struct starpu_task *dep[GRAPH_MAX_DEPS];
    for (int k = 0; k < np; k++)
      dep[k] = t[preds[k]];
    if (np)
      starpu_task_declare_deps_array(t[i], (unsigned)np, dep);
  }
  return 0;
}

/* Submits the tasks built (destroyed by StarPU when done) and waits. */
static int submit_wait(const graph_shape *s, struct starpu_task **t,
                       graph_fig *f) {
  for (int i = 0; i < s->n; i++) {
    int e = starpu_task_submit(t[i]);
    if (e) {
      graph_fail(f, "starpu_task_submit returned %d", e);
      for (int k = i; k < s->n; k++)
        starpu_task_destroy(t[k]);
      starpu_task_wait_for_all();
      return -1;
    }
  }
  int e = starpu_task_wait_for_all();
  if (e) {
    graph_fail(f, "starpu_task_wait_for_all returned %d", e);
    return -1;
  }
  return 0;
}

static void spu_run(const graph_shape *s, graph_fig *f) {
  struct starpu_task **t = malloc(sizeof *t * (size_t)s->n);
  if (!t) {
    graph_fail(f, "out of memory");
    return;
  }
  double build_ns = 0, launch_ns = 0;
  for (int l = -1; l < s->rebuild_launches; l++) {
    double t0 = graph_now_ns();
    if (build(s, t, f))
      break;
    double t1 = graph_now_ns();
    if (submit_wait(s, t, f))
      break;
    if (l >= 0) {
      build_ns += t1 - t0;
      launch_ns += graph_now_ns() - t0;
    }
  }
  f->build_ns = build_ns / s->rebuild_launches / s->n;
  f->launch_ns = launch_ns / s->rebuild_launches / s->n;
  free(t);
}

const graph_side graph_spu = {
    .name = "StarPU",
    .setup = spu_setup,
    .teardown = spu_teardown,
    .describe = spu_describe,
    .run = spu_run,
    .run_begin = spu_run_begin,
    .run_end = spu_run_end,
    .rebuilds = 1,
};
