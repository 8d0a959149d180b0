/* saxpy: y = a * x + y with a grid smaller than n (grid-stride loop). The
 * GPU may fuse the multiply-add, so the check allows one rounding. */
#include <stdlib.h>

#include "example_util.h"

int ex_saxpy(infinirtLibrary_t lib, ex_out *o) {
  ex_rng r;
  ex_rng_init(&r, o->seed ^ 0x5a5a5a5au);
  unsigned long long n = 50000u + (unsigned int)ex_rng_float(&r, 0, 250000);
  float a = ex_rng_float(&r, -4.0f, 4.0f);
  size_t bytes = (size_t)n * sizeof(float);
  float *x = malloc(bytes), *y = malloc(bytes), *y0 = malloc(bytes);
  float *dx = NULL, *dy = NULL;
  int rc = INFINIRT_EXAMPLE_PASS;
  infinirtKernel_t k;
  if (!x || !y || !y0) {
    rc = ex_fail(o, "saxpy: out of host memory");
    goto out;
  }
  ex_fill(&r, x, n, -1.0f, 1.0f);
  ex_fill(&r, y0, n, -1.0f, 1.0f);
  EX_TRY(o, rc, out, infinirtLibraryGetKernel(&k, lib, "saxpy"));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&dx, bytes));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&dy, bytes));
  EX_TRY(o, rc, out, infinirtMemcpy(dx, x, bytes, infinirtMemcpyHostToDevice));
  EX_TRY(o, rc, out, infinirtMemcpy(dy, y0, bytes, infinirtMemcpyHostToDevice));
  void *args[] = {&a, &dx, &dy, &n};
  infinirtDim3 block = {128, 1, 1}, grid = {37, 1, 1};
  EX_TRY(o, rc, out, infinirtLaunchKernel(k, grid, block, args, 0, NULL));
  EX_TRY(o, rc, out, infinirtMemcpy(y, dy, bytes, infinirtMemcpyDeviceToHost));
  for (unsigned long long i = 0; i < n; i++) {
    double ref = (double)a * x[i] + y0[i];
    if (!ex_close(y[i], ref, 1e-6, 1e-6)) {
      rc = ex_fail(o, "saxpy: y[%llu] = %.9g, expected %.9g (n %llu)", i,
                   (double)y[i], ref, n);
      goto out;
    }
  }
  rc = ex_pass(o, "saxpy: %llu elements, a = %g", n, (double)a);
out:
  infinirtFree(dx);
  infinirtFree(dy);
  free(x);
  free(y);
  free(y0);
  return rc;
}
