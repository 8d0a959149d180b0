/* ocl_none.c - the peer slot of bench_cpu_irt, built where OpenCL is not:
 * every case reports that no peer was built. */
#include <stdio.h>

#include "ops.h"

static int none_setup(const bench_params *p, char *err, size_t errlen) {
  (void)p;
  snprintf(err, errlen, "built without OpenCL");
  return -1;
}

static void none_teardown(void) {}

static const char *none_describe(void) {
  return "none (bench_cpu_irt is built without OpenCL)";
}

static void none_case(const bench_params *p, bench_result *r) {
  (void)p;
  bench_fail(r, "built without OpenCL");
}

const bench_side bench_ocl_side = {
    .name = "PoCL",
    .setup = none_setup,
    .teardown = none_teardown,
    .describe = none_describe,
};

const bench_fn bench_ocl_cases[CASE_COUNT] = {
    [CASE_SMALL_COPY] = none_case, [CASE_SMALL_FUNC] = none_case,
    [CASE_SMALL_MARK] = none_case, [CASE_RT_FUNC] = none_case,
    [CASE_RT_SET] = none_case,     [CASE_EVENT] = none_case,
    [CASE_COPY_BW] = none_case,    [CASE_ALLOC] = none_case,
};

const bench_ops *const bench_ocl_ops = NULL;
