/* Library globals, and a kernel that needs its blocks co-resident, for the
 * conformance group kernel_attr. */
#include <infinirt_kernel.h>

#include "kt_types.h"

/* Written by the host (MemcpyToSymbol), read by kt_use_globals. */
INFINIRT_CONSTANT_GLOBAL(int, kt_coeffs[KT_COEFFS]);
/* Written by kt_use_globals, read back by the host (MemcpyFromSymbol). */
INFINIRT_DEVICE_GLOBAL(int, kt_results[KT_RESULTS]);
/* Initialised in the image. */
INFINIRT_DEVICE_GLOBAL(float, kt_scale) = 2.5f;
/* Counted by kt_use_globals, read by the host through its address. */
INFINIRT_MANAGED_GLOBAL(unsigned int, kt_managed_count);

/* For i < n: out[i] = kt_coeffs[i % KT_COEFFS] * kt_scale, kt_results[i] =
 * kt_coeffs[i % KT_COEFFS] + i (i < KT_RESULTS), and one count per thread
 * in kt_managed_count. */
INFINIRT_KERNEL(kt_use_globals, (float *, out), (unsigned int, n)) {
  INFINIRT_THREADS {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
      out[i] = (float)kt_coeffs[i % KT_COEFFS] * kt_scale;
      if (i < KT_RESULTS)
        kt_results[i] = kt_coeffs[i % KT_COEFFS] + (int)i;
      infinirt_atomic_add_u32(&kt_managed_count, 1u);
    }
  }
}

/* Each block arrives, then waits until every block of the grid has: only a
 * grid whose blocks are all resident at once (a cooperative launch) sees
 * them all. out[block] = the count it saw, gridDim.x unless it gave up
 * waiting (after 2^26 looks, so that a backend that breaks the promise
 * fails the test rather than hanging it). */
INFINIRT_KERNEL(kt_grid_wait, (unsigned int *, arrived),
                (unsigned int *, out)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0) {
      infinirt_atomic_add_u32(arrived, 1u);
      unsigned int seen = 0;
      for (unsigned int look = 0; look < (1u << 26); look++)
        if ((seen = infinirt_atomic_add_u32(arrived, 0u)) >= gridDim.x)
          break;
      out[blockIdx.x] = seen;
    }
  }
}
