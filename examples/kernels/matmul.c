/* matmul: C = A * B with shared-memory tiles, on sizes that are not
 * multiples of the tile; checked against a double-precision product. */
#include <stdlib.h>

#include "example_util.h"

#define TILE 16 /* MATMUL_TILE of kernels/matmul_tiled.c */

int ex_matmul(infinirtLibrary_t lib, ex_out *o) {
  ex_rng r;
  ex_rng_init(&r, o->seed ^ 0x31415926u);
  unsigned int m = 100 + (unsigned int)ex_rng_float(&r, 0, 100);
  unsigned int n = 100 + (unsigned int)ex_rng_float(&r, 0, 100);
  unsigned int k = 100 + (unsigned int)ex_rng_float(&r, 0, 100);
  size_t sa = (size_t)m * k, sb = (size_t)k * n, sc = (size_t)m * n;
  float *a = malloc(sa * 4), *b = malloc(sb * 4), *c = malloc(sc * 4);
  float *da = NULL, *db = NULL, *dc = NULL;
  int rc = INFINIRT_EXAMPLE_PASS;
  infinirtKernel_t kern;
  if (!a || !b || !c) {
    rc = ex_fail(o, "matmul: out of host memory");
    goto out;
  }
  ex_fill(&r, a, sa, -1.0f, 1.0f);
  ex_fill(&r, b, sb, -1.0f, 1.0f);
  EX_TRY(o, rc, out, infinirtLibraryGetKernel(&kern, lib, "matmul_tiled"));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&da, sa * 4));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&db, sb * 4));
  EX_TRY(o, rc, out, infinirtMalloc((void **)&dc, sc * 4));
  EX_TRY(o, rc, out, infinirtMemcpy(da, a, sa * 4, infinirtMemcpyHostToDevice));
  EX_TRY(o, rc, out, infinirtMemcpy(db, b, sb * 4, infinirtMemcpyHostToDevice));
  void *args[] = {&da, &db, &dc, &m, &n, &k};
  infinirtDim3 block = {TILE, TILE, 1};
  infinirtDim3 grid = {(n + TILE - 1) / TILE, (m + TILE - 1) / TILE, 1};
  EX_TRY(o, rc, out, infinirtLaunchKernel(kern, grid, block, args, 0, NULL));
  EX_TRY(o, rc, out, infinirtMemcpy(c, dc, sc * 4, infinirtMemcpyDeviceToHost));
  for (unsigned int i = 0; i < m; i++) {
    for (unsigned int j = 0; j < n; j++) {
      double ref = 0.0;
      for (unsigned int l = 0; l < k; l++)
        ref += (double)a[(size_t)i * k + l] * b[(size_t)l * n + j];
      float got = c[(size_t)i * n + j];
      if (!ex_close(got, ref, 1e-5 * k, 1e-5)) {
        rc = ex_fail(o, "matmul %ux%ux%u: c[%u][%u] = %.9g, expected %.9g", m,
                     n, k, i, j, (double)got, ref);
        goto out;
      }
    }
  }
  rc = ex_pass(o, "matmul: %ux%u = %ux%u * %ux%u", m, n, m, k, k, n);
out:
  infinirtFree(da);
  infinirtFree(db);
  infinirtFree(dc);
  free(a);
  free(b);
  free(c);
  return rc;
}
