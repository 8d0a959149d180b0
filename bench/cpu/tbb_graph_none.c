/* tbb_graph_none.c - bench_cpu_graph built without oneTBB: its columns say
 * why. */
#include <stdio.h>

#include "graph.h"

static int tbb_setup(char *err, size_t len) {
  snprintf(err, len, "oneTBB not built (install libtbb-dev)");
  return -1;
}

static void tbb_teardown(void) {}

static const char *tbb_describe(void) {
  return "oneTBB not built";
}

static void tbb_run(const graph_shape *s, graph_fig *f) {
  (void)s;
  graph_fail(f, "oneTBB not built");
}

const graph_side graph_tbb = {
    .name = "oneTBB",
    .setup = tbb_setup,
    .teardown = tbb_teardown,
    .describe = tbb_describe,
    .run = tbb_run,
};
const graph_side graph_tbb_lightweight = {
    .name = "oneTBB lightweight",
    .setup = tbb_setup,
    .teardown = tbb_teardown,
    .describe = tbb_describe,
    .run = tbb_run,
};
