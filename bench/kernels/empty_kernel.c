/* The empty kernel whose launches bench_kernels times (and whose NVIDIA
 * fatbin infinirt_bench_kernels_NVIDIA_IMAGE is, where nvcc exists). */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(bench_empty) {}
