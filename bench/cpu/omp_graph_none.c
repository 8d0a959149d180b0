/* omp_graph_none.c - bench_cpu_graph built without OpenMP: its column says
 * why. */
#include <stdio.h>

#include "graph.h"

static int omp_setup(char *err, size_t len) {
  snprintf(err, len, "OpenMP not built (CMake found no OpenMP)");
  return -1;
}

static void omp_teardown(void) {}

static const char *omp_describe(void) {
  return "OpenMP not built";
}

static void omp_run(const graph_shape *s, graph_fig *f) {
  (void)s;
  graph_fail(f, "OpenMP not built");
}

const graph_side graph_omp = {
    .name = "OpenMP",
    .setup = omp_setup,
    .teardown = omp_teardown,
    .describe = omp_describe,
    .run = omp_run,
    .rebuilds = 1,
};
