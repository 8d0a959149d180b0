/* matmul_nvidia: the write-once tiled matmul (examples/kernels) on NVIDIA
 * device 0 through infinirt, timed with events, beside the device's FP32
 * peak without tensor cores (SMs x 128 FP32 lanes x 2 flops per FMA x the
 * boost clock the driver reports). A sanity figure for the kernel model,
 * not a tuned GEMM. Exits 77 when there is no NVIDIA device or image.
 *
 *   matmul_nvidia [N]      (default 4096; N a multiple of 16) */
#include <stdio.h>
#include <stdlib.h>

#include <infinirt.h>

#include "infinirt_bench_kernels_embedded.h"

#define CHECK(call)                                                            \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      fprintf(stderr, "%s: %s\n", #call, infinirtExtGetLastErrorDetail());     \
      return 1;                                                                \
    }                                                                          \
  } while (0)

int main(int argc, char **argv) {
  unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 4096;
  if (n == 0 || n % 16) {
    fprintf(stderr, "N must be a positive multiple of 16\n");
    return 2;
  }
  int count = 0;
  const char *reason = NULL;
  infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &count, &reason);
  const void *image =
      infinirt_bench_kernels_image(infinirtDeviceTypeNvidia, NULL);
  if (count == 0 || !image) {
    printf("SKIP: %s\n", count == 0 ? reason : "no NVIDIA image (no nvcc)");
    return 77;
  }
  CHECK(infinirtExtSetDeviceType(infinirtDeviceTypeNvidia));
  CHECK(infinirtSetDevice(0));
  struct infinirtDeviceProp p;
  int clock_khz = 0;
  CHECK(infinirtGetDeviceProperties(&p, 0));
  CHECK(infinirtDeviceGetAttribute(&clock_khz, infinirtDevAttrClockRate, 0));
  double peak = p.multiProcessorCount * 128.0 * 2.0 * clock_khz * 1e3 / 1e9;

  infinirtLibrary_t lib;
  infinirtKernel_t k;
  CHECK(infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL, 0));
  CHECK(infinirtLibraryGetKernel(&k, lib, "matmul_tiled"));
  size_t bytes = (size_t)n * n * sizeof(float);
  float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
  float *da, *db, *dc;
  if (!a || !b || !c)
    return 1;
  for (size_t i = 0; i < (size_t)n * n; i++) {
    a[i] = (float)((i * 37) % 101) / 101.0f - 0.5f;
    b[i] = (float)((i * 53) % 103) / 103.0f - 0.5f;
  }
  CHECK(infinirtMalloc((void **)&da, bytes));
  CHECK(infinirtMalloc((void **)&db, bytes));
  CHECK(infinirtMalloc((void **)&dc, bytes));
  CHECK(infinirtMemcpy(da, a, bytes, infinirtMemcpyHostToDevice));
  CHECK(infinirtMemcpy(db, b, bytes, infinirtMemcpyHostToDevice));
  infinirtEvent_t e0, e1;
  CHECK(infinirtEventCreate(&e0));
  CHECK(infinirtEventCreate(&e1));
  void *args[] = {&da, &db, &dc, &n, &n, &n};
  infinirtDim3 block = {16, 16, 1}, grid = {n / 16, n / 16, 1};
  float best_ms = 0;
  for (int rep = 0; rep < 6; rep++) { /* the first is a warm-up */
    float ms;
    CHECK(infinirtEventRecord(e0, NULL));
    CHECK(infinirtLaunchKernel(k, grid, block, args, 0, NULL));
    CHECK(infinirtEventRecord(e1, NULL));
    CHECK(infinirtEventSynchronize(e1));
    CHECK(infinirtEventElapsedTime(&ms, e0, e1));
    if (rep && (best_ms == 0 || ms < best_ms))
      best_ms = ms;
  }
  CHECK(infinirtMemcpy(c, dc, bytes, infinirtMemcpyDeviceToHost));
  int bad = 0;
  for (unsigned int s = 0; s < 64; s++) {
    unsigned int i = (s * 7919u) % n, j = (s * 104729u) % n;
    double ref = 0;
    for (unsigned int l = 0; l < n; l++)
      ref += (double)a[(size_t)i * n + l] * b[(size_t)l * n + j];
    double d = c[(size_t)i * n + j] - ref;
    if (d < 0)
      d = -d;
    if (d > 1e-5 * n + 1e-5 * (ref < 0 ? -ref : ref))
      bad++;
  }
  double gflops = 2.0 * n * (double)n * n / (best_ms * 1e6);
  printf("| tiled matmul %ux%u fp32 on %s | %.1f GFLOP/s | %.1f%% of %.0f "
         "GFLOP/s FP32 peak (%d SMs x 128 lanes x 2 x %d MHz) | %s |\n",
         n, n, p.name, gflops, 100.0 * gflops / peak, peak,
         p.multiProcessorCount, clock_khz / 1000,
         bad ? "RESULT WRONG" : "verified");
  infinirtFree(da);
  infinirtFree(db);
  infinirtFree(dc);
  infinirtEventDestroy(e0);
  infinirtEventDestroy(e1);
  infinirtLibraryUnload(lib);
  free(a);
  free(b);
  free(c);
  return bad ? 1 : 0;
}
