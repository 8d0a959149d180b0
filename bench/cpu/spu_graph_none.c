/* spu_graph_none.c - bench_cpu_graph built without StarPU: its column says
 * why. */
#include <stdio.h>

#include "graph.h"

static int spu_setup(char *err, size_t len) {
  snprintf(err, len, "StarPU not built (install libstarpu-dev)");
  return -1;
}

static void spu_teardown(void) {}

static const char *spu_describe(void) {
  return "StarPU not built";
}

static void spu_run(const graph_shape *s, graph_fig *f) {
  (void)s;
  graph_fail(f, "StarPU not built");
}

const graph_side graph_spu = {
    .name = "StarPU",
    .setup = spu_setup,
    .teardown = spu_teardown,
    .describe = spu_describe,
    .run = spu_run,
    .rebuilds = 1,
};
