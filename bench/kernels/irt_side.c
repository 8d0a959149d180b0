/* irt_side.c - bench_kernels' infinirt side: empty-kernel launches on a
 * stream of the CPU backend, and the tiled matmul. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infinirt.h>

#include "bench_kernels.h"
#include "infinirt_bench_kernels_embedded.h"
#include "infinirt_bench_kernels_native_embedded.h"

static infinirtLibrary_t lib, native_lib;
static infinirtKernel_t empty;
static infinirtStream_t stream;

static int fail(char *err, size_t len, const char *what, infinirtError_t e) {
  snprintf(err, len, "%s: %s: %s", what, infinirtGetErrorName(e),
           infinirtExtGetLastErrorDetail());
  return -1;
}

#define TRY(what, call)                                                        \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess)                                                 \
      return fail(err, len, what, e_);                                         \
  } while (0)

int irt_init(char *err, size_t len) {
  TRY("ExtSetDeviceType(cpu)", infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  TRY("SetDevice(0)", infinirtSetDevice(0));
  TRY("LibraryLoadData",
      infinirtLibraryLoadData(
          &lib, infinirt_bench_kernels_image(infinirtDeviceTypeCpu, NULL), NULL,
          NULL, 0, NULL, NULL, 0));
  TRY("LibraryLoadData(native)",
      infinirtLibraryLoadData(
          &native_lib,
          infinirt_bench_kernels_native_image(infinirtDeviceTypeCpu, NULL),
          NULL, NULL, 0, NULL, NULL, 0));
  TRY("LibraryGetKernel", infinirtLibraryGetKernel(&empty, lib, "bench_empty"));
  TRY("StreamCreateWithFlags",
      infinirtStreamCreateWithFlags(&stream, infinirtStreamNonBlocking));
  return 0;
}

static const infinirtDim3 one = {1, 1, 1};

double irt_batch_ns(int launches, char *err, size_t len) {
  double t0 = bench_now_ns();
  for (int i = 0; i < launches; i++)
    TRY("LaunchKernel", infinirtLaunchKernel(empty, one, one, NULL, 0, stream));
  TRY("StreamSynchronize", infinirtStreamSynchronize(stream));
  return (bench_now_ns() - t0) / launches;
}

double irt_round_trip_ns(int pairs, char *err, size_t len) {
  double t0 = bench_now_ns();
  for (int i = 0; i < pairs; i++) {
    TRY("LaunchKernel", infinirtLaunchKernel(empty, one, one, NULL, 0, stream));
    TRY("StreamSynchronize", infinirtStreamSynchronize(stream));
  }
  return (bench_now_ns() - t0) / pairs;
}

static float *mm_a, *mm_b, *mm_c;
static unsigned int mm_n;

int irt_matmul_begin(const float *a, const float *b, unsigned int n, char *err,
                     size_t len) {
  size_t bytes = (size_t)n * n * sizeof(float);
  mm_n = n;
  TRY("Malloc(A)", infinirtMalloc((void **)&mm_a, bytes));
  TRY("Malloc(B)", infinirtMalloc((void **)&mm_b, bytes));
  TRY("Malloc(C)", infinirtMalloc((void **)&mm_c, bytes));
  TRY("Memcpy(A)", infinirtMemcpy(mm_a, a, bytes, infinirtMemcpyHostToDevice));
  TRY("Memcpy(B)", infinirtMemcpy(mm_b, b, bytes, infinirtMemcpyHostToDevice));
  return 0;
}

double irt_matmul_ns(int native, char *err, size_t len) {
  infinirtKernel_t k;
  unsigned int n = mm_n;
  TRY("LibraryGetKernel(matmul_tiled)",
      infinirtLibraryGetKernel(&k, native ? native_lib : lib, "matmul_tiled"));
  void *args[] = {&mm_a, &mm_b, &mm_c, &n, &n, &n};
  infinirtDim3 block = {16, 16, 1}, grid = {(n + 15) / 16, (n + 15) / 16, 1};
  double t0 = bench_now_ns();
  TRY("LaunchKernel(matmul_tiled)",
      infinirtLaunchKernel(k, grid, block, args, 0, stream));
  TRY("StreamSynchronize", infinirtStreamSynchronize(stream));
  return bench_now_ns() - t0;
}

int irt_matmul_result(float *c, char *err, size_t len) {
  TRY("Memcpy(C)", infinirtMemcpy(c, mm_c, (size_t)mm_n * mm_n * sizeof(float),
                                  infinirtMemcpyDeviceToHost));
  return 0;
}

void irt_matmul_end(void) {
  infinirtFree(mm_a);
  infinirtFree(mm_b);
  infinirtFree(mm_c);
  mm_a = mm_b = mm_c = NULL;
}

void irt_fini(void) {
  if (stream)
    infinirtStreamDestroy(stream);
  if (lib)
    infinirtLibraryUnload(lib);
  if (native_lib)
    infinirtLibraryUnload(native_lib);
}
