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

/* Checks a sample of C = A * B against a double-precision product. */
static int matmul_check(const float *a, const float *b, const float *c,
                        unsigned int n) {
  for (unsigned int s = 0; s < 64; s++) {
    unsigned int i = (s * 7919u) % n, j = (s * 104729u) % n;
    double ref = 0.0;
    for (unsigned int l = 0; l < n; l++)
      ref += (double)a[(size_t)i * n + l] * b[(size_t)l * n + j];
    double d = c[(size_t)i * n + j] - ref;
    if (d < 0)
      d = -d;
    if (d > 1e-5 * n + 1e-5 * (ref < 0 ? -ref : ref))
      return 0;
  }
  return 1;
}

double irt_matmul_gflops(unsigned int n, int native, char *err, size_t len) {
  size_t bytes = (size_t)n * n * sizeof(float);
  float *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
  float *da = NULL, *db = NULL, *dc = NULL;
  double best = -1.0;
  infinirtKernel_t k;
  infinirtError_t e = infinirtErrorMemoryAllocation;
  const char *what = "malloc";
  if (!a || !b || !c)
    goto out;
  for (size_t i = 0; i < (size_t)n * n; i++) {
    a[i] = (float)((i * 37) % 101) / 101.0f - 0.5f;
    b[i] = (float)((i * 53) % 103) / 103.0f - 0.5f;
  }
  what = "matmul setup";
  if ((e = infinirtLibraryGetKernel(&k, native ? native_lib : lib,
                                    "matmul_tiled")) ||
      (e = infinirtMalloc((void **)&da, bytes)) ||
      (e = infinirtMalloc((void **)&db, bytes)) ||
      (e = infinirtMalloc((void **)&dc, bytes)) ||
      (e = infinirtMemcpy(da, a, bytes, infinirtMemcpyHostToDevice)) ||
      (e = infinirtMemcpy(db, b, bytes, infinirtMemcpyHostToDevice)))
    goto out;
  void *args[] = {&da, &db, &dc, &n, &n, &n};
  infinirtDim3 block = {16, 16, 1}, grid = {(n + 15) / 16, (n + 15) / 16, 1};
  what = "matmul launch";
  for (int rep = 0; rep < 4; rep++) { /* the first is a warm-up */
    double t0 = bench_now_ns();
    if ((e = infinirtLaunchKernel(k, grid, block, args, 0, stream)) ||
        (e = infinirtStreamSynchronize(stream)))
      goto out;
    double gflops = 2.0 * n * n * (double)n / (bench_now_ns() - t0);
    if (rep && gflops > best)
      best = gflops;
  }
  what = "matmul result";
  if ((e = infinirtMemcpy(c, dc, bytes, infinirtMemcpyDeviceToHost)))
    goto out;
  if (!matmul_check(a, b, c, n)) {
    snprintf(err, len, "matmul result is wrong");
    best = -1.0;
  }
  e = infinirtSuccess;
out:
  if (e != infinirtSuccess)
    best = fail(err, len, what, e);
  infinirtFree(da);
  infinirtFree(db);
  infinirtFree(dc);
  free(a);
  free(b);
  free(c);
  return best;
}

void irt_fini(void) {
  if (stream)
    infinirtStreamDestroy(stream);
  if (lib)
    infinirtLibraryUnload(lib);
  if (native_lib)
    infinirtLibraryUnload(native_lib);
}
