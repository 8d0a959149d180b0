/* omp_none.c - the OpenMP peer where the compiler has no OpenMP. */
#include "bench_kernels.h"

static double none(void) {
  return -1.0;
}

double omp_matmul_ns(const float *a, const float *b, float *c, unsigned int n,
                     int threads) {
  (void)a, (void)b, (void)c, (void)n, (void)threads;
  return none();
}
double omp_matmul_native_ns(const float *a, const float *b, float *c,
                            unsigned int n, int threads) {
  (void)a, (void)b, (void)c, (void)n, (void)threads;
  return none();
}
