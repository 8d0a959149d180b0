// interop.cu - CUDA C++ code and infinirt in one program: the buffers,
// stream and event come from infinirt, the kernel is this file's own,
// launched with <<<..., stream>>> onto the infinirt stream's CUstream, and
// the result is read back and checked through infinirt.
//
// Exit status: 0 pass, 1 fail, 77 no NVIDIA device (reason printed).
#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <vector>

#include "infinirt.h"

__global__ void axpy(float a, const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

static int failures = 0;

#define CHECK(call)                                                            \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      fprintf(stderr, "FAIL %s:%d: %s -> %s\n  %s\n", __FILE__, __LINE__,     \
              #call, infinirtGetErrorName(e_),                                 \
              infinirtExtGetLastErrorDetail());                                \
      return 1;                                                                \
    }                                                                          \
  } while (0)

static void expect(bool ok, const char *what) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) failures++;
}

// Runs axpy on |stream| (an infinirt stream, NULL for the legacy default
// stream) and checks y = a*x + y on fresh random data.
static int run_on(infinirtStream_t stream, const char *label) {
  const int n = 1 << 20;
  const float a = 1.5f;
  std::vector<float> x(n), y(n), out(n);
  for (int i = 0; i < n; i++) {
    x[i] = (float)rand() / RAND_MAX - 0.5f;
    y[i] = (float)rand() / RAND_MAX - 0.5f;
  }
  void *native = NULL;
  CHECK(infinirtExtGetNativeHandle(infinirtExtHandleStream, stream, &native));
  cudaStream_t cs = (cudaStream_t)native;

  float *dx, *dy;
  CHECK(infinirtMalloc((void **)&dx, n * sizeof(float)));
  CHECK(infinirtMalloc((void **)&dy, n * sizeof(float)));
  CHECK(infinirtMemcpyAsync(dx, x.data(), n * sizeof(float),
                            infinirtMemcpyHostToDevice, stream));
  CHECK(infinirtMemcpyAsync(dy, y.data(), n * sizeof(float),
                            infinirtMemcpyHostToDevice, stream));
  axpy<<<(n + 255) / 256, 256, 0, cs>>>(a, dx, dy, n);
  cudaError_t ce = cudaGetLastError();
  expect(ce == cudaSuccess, "kernel launched onto the infinirt stream");
  if (ce != cudaSuccess) fprintf(stderr, "  %s\n", cudaGetErrorString(ce));

  // An infinirt event recorded after the kernel completes after it.
  infinirtEvent_t ev;
  CHECK(infinirtEventCreateWithFlags(&ev, infinirtEventDisableTiming));
  CHECK(infinirtEventRecord(ev, stream));
  CHECK(infinirtEventSynchronize(ev));
  void *native_ev = NULL;
  CHECK(infinirtExtGetNativeHandle(infinirtExtHandleEvent, ev, &native_ev));
  expect(cudaEventQuery((cudaEvent_t)native_ev) == cudaSuccess,
         "the event's CUevent is complete for cudart too");

  CHECK(infinirtMemcpyAsync(out.data(), dy, n * sizeof(float),
                            infinirtMemcpyDeviceToHost, stream));
  CHECK(infinirtStreamSynchronize(stream));
  int bad = 0;
  for (int i = 0; i < n; i++) {
    // The device may fuse the multiply-add: allow its rounding.
    float want = a * x[i] + y[i];
    if (fabsf(out[i] - want) > 1e-6f * (1.0f + fabsf(want))) {
      if (bad++ < 3)
        fprintf(stderr, "  y[%d] = %g, want %g\n", i, out[i], want);
    }
  }
  char what[128];
  snprintf(what, sizeof what, "%s: %d results of a*x+y match", label, n);
  expect(bad == 0, what);
  CHECK(infinirtEventDestroy(ev));
  CHECK(infinirtFree(dx));
  CHECK(infinirtFree(dy));
  return 0;
}

int main(void) {
  int count = 0;
  const char *reason = NULL;
  infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &count, &reason);
  if (count == 0) {
    printf("SKIP: no NVIDIA device: %s\n", reason ? reason : "?");
    return 77;
  }
  CHECK(infinirtExtSetDeviceType(infinirtDeviceTypeNvidia));
  CHECK(infinirtSetDevice(0));
  srand((unsigned)time(NULL));

  void *dev = NULL, *ctx = NULL;
  CHECK(infinirtExtGetNativeHandle(infinirtExtHandleDevice, (void *)0, &dev));
  CHECK(infinirtExtGetNativeHandle(infinirtExtHandleContext, (void *)0, &ctx));
  printf("device 0: CUdevice %d, primary CUcontext %p\n", (int)(intptr_t)dev,
         ctx);

  infinirtStream_t s;
  CHECK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  if (run_on(s, "non-blocking infinirt stream")) return 1;
  if (run_on(NULL, "legacy default stream")) return 1;
  CHECK(infinirtStreamDestroy(s));

  // Memory from cudart is known to infinirt through unified addressing.
  float *cm = NULL;
  if (cudaMalloc((void **)&cm, 4096) == cudaSuccess) {
    struct infinirtPointerAttributes at;
    CHECK(infinirtPointerGetAttributes(&at, cm + 10));
    expect(at.type == infinirtMemoryTypeDevice && at.device == 0,
           "cudaMalloc memory is seen as device memory of device 0");
    cudaFree(cm);
  }
  printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures ? 1 : 0;
}
