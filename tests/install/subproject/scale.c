/* y = a * x: a user's kernel. The unused variable is on purpose: a warning
 * in the user's code must not fail the build (no -Werror from InfiniRT). */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(scale, (float *, y), (const float *, x), (float, a),
                (unsigned int, n)) {
  INFINIRT_THREADS {
    int unused_on_purpose;
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
      y[i] = a * x[i];
  }
}
