/* reduce: sum of n floats through block shared memory, barriers and one
 * float atomic per block; checked against a double-precision sum. */
#include <stdlib.h>

#include "example_util.h"

int ex_reduce(infinirtLibrary_t lib, ex_out *o) {
  ex_rng r;
  ex_rng_init(&r, o->seed ^ 0x77777777u);
  unsigned int n = (1u << 20) + (unsigned int)ex_rng_float(&r, 0, 100000);
  size_t bytes = (size_t)n * sizeof(float);
  float *x = malloc(bytes), *dx = NULL, *dsum = NULL, sum = 0.0f;
  int rc = INFINIRT_EXAMPLE_PASS;
  infinirtKernel_t k;
  if (!x) {
    rc = ex_fail(o, "reduce: out of host memory");
    goto out;
  }
  ex_fill(&r, x, n, 0.0f, 1.0f);
  double ref = 0.0;
  for (unsigned int i = 0; i < n; i++)
    ref += x[i];
  EX_TRY(o, rc, out, infinirtLibraryGetKernel(&k, lib, "reduce_sum"));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&dx, bytes));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&dsum, sizeof(float)));
  EX_TRY(o, rc, out, infinirtMemcpy(dx, x, bytes, infinirtMemcpyHostToDevice));
  EX_TRY(o, rc, out, infinirtMemset(dsum, 0, sizeof(float)));
  void *args[] = {&dx, &n, &dsum};
  infinirtDim3 block = {256, 1, 1}, grid = {120, 1, 1};
  EX_TRY(o, rc, out, infinirtLaunchKernel(k, grid, block, args, 0, NULL));
  EX_TRY(o, rc, out,
         infinirtMemcpy(&sum, dsum, sizeof sum, infinirtMemcpyDeviceToHost));
  if (!ex_close(sum, ref, 0.0, 5e-5)) {
    rc = ex_fail(o, "reduce: sum = %.9g, expected %.9g (n %u)", (double)sum,
                 ref, n);
    goto out;
  }
  rc = ex_pass(o, "reduce: %u elements, sum %.7g", n, (double)sum);
out:
  infinirtFree(dx);
  infinirtFree(dsum);
  free(x);
  return rc;
}
