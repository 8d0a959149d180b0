/* Kernels of the eval tests (CPU only): one that spins for a given time,
 * and a scaling kernel with a correct and a wrong twin. */
#include <time.h>

#include <infinirt_kernel.h>

static long long eval_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Block 0's thread 0 spins for |ns| nanoseconds. */
INFINIRT_KERNEL(eval_spin, (unsigned long long, ns)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
      long long end = eval_now_ns() + (long long)ns;
      while (eval_now_ns() < end) {
      }
    }
  }
}

/* y = 2 x. */
INFINIRT_KERNEL(eval_scale2, (const float *, x), (float *, y), (int, n)) {
  INFINIRT_THREADS {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
      y[i] = 2.0f * x[i];
  }
}

/* y = 2 x, except that element 17 is one more. */
INFINIRT_KERNEL(eval_scale2_wrong, (const float *, x), (float *, y), (int, n)) {
  INFINIRT_THREADS {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
      y[i] = 2.0f * x[i] + (i == 17 ? 1.0f : 0.0f);
  }
}
