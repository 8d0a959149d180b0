/* y = x + b: the consumer's own kernel, built by the installed
 * infinirt_add_kernel_library() with the installed infinirt_kernel.h. */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(offset, (float *, y), (const float *, x), (float, b),
                (unsigned int, n)) {
  INFINIRT_THREADS {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
      y[i] = x[i] + b;
  }
}
