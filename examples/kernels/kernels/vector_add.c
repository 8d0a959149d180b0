/* c = a + b, one element per thread. */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(vector_add, (const float *, a), (const float *, b),
                (float *, c), (unsigned int, n)) {
  INFINIRT_THREADS {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
      c[i] = a[i] + b[i];
  }
}
