/* *sum += the sum of x[0..n): each block reduces a grid-strided slice in
 * static shared memory (a tree, one barrier per level) and adds its partial
 * sum atomically. Needs blockDim.x == REDUCE_BLOCK (a power of two),
 * blockDim.y == blockDim.z == 1. */
#include <infinirt_kernel.h>

#define REDUCE_BLOCK 256

INFINIRT_KERNEL(reduce_sum, (const float *, x), (unsigned int, n),
                (float *, sum)) {
  INFINIRT_SHARED(float, partial, REDUCE_BLOCK);
  INFINIRT_THREADS {
    float s = 0.0f;
    for (unsigned int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += blockDim.x * gridDim.x)
      s += x[i];
    partial[threadIdx.x] = s;
  }
  INFINIRT_BARRIER;
  for (unsigned int half = blockDim.x / 2; half > 0; half /= 2) {
    INFINIRT_THREADS {
      if (threadIdx.x < half)
        partial[threadIdx.x] += partial[threadIdx.x + half];
    }
    INFINIRT_BARRIER;
  }
  INFINIRT_THREADS {
    if (threadIdx.x == 0)
      infinirt_atomic_add_f32(sum, partial[0]);
  }
}
