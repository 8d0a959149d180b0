/* vector_add: c = a + b, checked exactly (one IEEE addition per element). */
#include <stdlib.h>

#include "example_util.h"

int ex_vector_add(infinirtLibrary_t lib, ex_out *o) {
  ex_rng r;
  ex_rng_init(&r, o->seed);
  /* Not a multiple of the block size, so the bounds check matters. */
  unsigned int n = 100000u + (unsigned int)ex_rng_float(&r, 0.0f, 200000.0f);
  size_t bytes = (size_t)n * sizeof(float);
  float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
  float *da = NULL, *db = NULL, *dc = NULL;
  int rc = INFINIRT_EXAMPLE_PASS;
  infinirtKernel_t k;
  if (!a || !b || !c) {
    rc = ex_fail(o, "vector_add: out of host memory");
    goto out;
  }
  ex_fill(&r, a, n, -100.0f, 100.0f);
  ex_fill(&r, b, n, -100.0f, 100.0f);
  EX_TRY(o, rc, out, infinirtLibraryGetKernel(&k, lib, "vector_add"));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&da, bytes));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&db, bytes));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&dc, bytes));
  EX_TRY(o, rc, out, infinirtMemcpy(da, a, bytes, infinirtMemcpyHostToDevice));
  EX_TRY(o, rc, out, infinirtMemcpy(db, b, bytes, infinirtMemcpyHostToDevice));
  void *args[] = {&da, &db, &dc, &n};
  infinirtDim3 block = {256, 1, 1}, grid = {(n + 255) / 256, 1, 1};
  EX_TRY(o, rc, out, infinirtLaunchKernel(k, grid, block, args, 0, NULL));
  EX_TRY(o, rc, out, infinirtMemcpy(c, dc, bytes, infinirtMemcpyDeviceToHost));
  for (unsigned int i = 0; i < n; i++) {
    if (c[i] != a[i] + b[i]) {
      rc = ex_fail(o, "vector_add: c[%u] = %.9g, expected %.9g (n %u)", i,
                   (double)c[i], (double)(a[i] + b[i]), n);
      goto out;
    }
  }
  rc = ex_pass(o, "vector_add: %u elements exact", n);
out:
  infinirtFree(da);
  infinirtFree(db);
  infinirtFree(dc);
  free(a);
  free(b);
  free(c);
  return rc;
}
