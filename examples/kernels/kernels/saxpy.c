/* y = a * x + y, with a grid-stride loop so any grid covers any n. */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(saxpy, (float, a), (const float *, x), (float *, y),
                (unsigned long long, n)) {
  INFINIRT_THREADS {
    unsigned long long stride = (unsigned long long)blockDim.x * gridDim.x;
    for (unsigned long long i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += stride)
      y[i] = a * x[i] + y[i];
  }
}
