/* omp_matmul.c - the peer of the tiled matmul: plain C i-k-j with OpenMP
 * over the rows of C, the loop a compiler vectorizes without help. Built
 * twice (omp_matmul_native.c), with the flags of each kernel image. */
#include <stddef.h>

#include "bench_kernels.h"

#ifndef OMP_MATMUL_NAME
#define OMP_MATMUL_NAME omp_matmul_ns
#endif

double OMP_MATMUL_NAME(const float *restrict a, const float *restrict b,
                       float *restrict c, unsigned int n, int threads) {
  double t0 = bench_now_ns();
#pragma omp parallel for num_threads(threads) schedule(static)
  for (unsigned int i = 0; i < n; i++) {
    float *restrict ci = c + (size_t)i * n;
    for (unsigned int j = 0; j < n; j++)
      ci[j] = 0.0f;
    for (unsigned int l = 0; l < n; l++) {
      const float ail = a[(size_t)i * n + l];
      const float *restrict bl = b + (size_t)l * n;
      for (unsigned int j = 0; j < n; j++)
        ci[j] += ail * bl[j];
    }
  }
  return bench_now_ns() - t0;
}
