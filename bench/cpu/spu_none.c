/* spu_none.c - the StarPU slot where StarPU was not found at build time:
 * every StarPU figure reports that it was not built. */
#include <stdio.h>

#include "ops.h"

static int none_setup(const bench_params *p, char *err, size_t errlen) {
  (void)p;
  snprintf(err, errlen, "StarPU not built (no starpu-1.3/1.4 pkg-config)");
  return -1;
}

static void none_teardown(void) {}

static const char *none_describe(void) {
  return "StarPU not built";
}

const bench_side bench_spu_side = {
    .name = "StarPU",
    .setup = none_setup,
    .teardown = none_teardown,
    .describe = none_describe,
};

const bench_fn bench_spu_cases[CASE_COUNT] = {NULL};
const bench_ops *const bench_spu_ops = NULL;
