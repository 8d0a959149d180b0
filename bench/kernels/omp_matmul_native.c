/* omp_matmul_native.c - omp_matmul.c built with -march=native, the peer of
 * the -march=native kernel image. */
#define OMP_MATMUL_NAME omp_matmul_native_ns
#include "omp_matmul.c"
