/* vector_add_kernel.c - corpus/vector_add.cu's kernel, moved to the
 * single-source kernel model (docs/porting.md: Kernels): the __global__
 * function becomes an INFINIRT_KERNEL, its body an INFINIRT_THREADS region.
 */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(vectorAdd, (const float *, A), (const float *, B), (float *, C),
                (int, n)) {
  INFINIRT_THREADS {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i < n)
      C[i] = A[i] + B[i];
  }
}
