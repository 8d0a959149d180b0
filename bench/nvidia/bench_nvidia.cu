// bench_nvidia.cu - the NVIDIA backend against the raw CUDA runtime (and the
// driver API for launches), in one process, interleaved: each figure is the
// median over rounds, and in every round each contender runs once, in
// alternating order. Prints a markdown table with the ratio infinirt/cudart.
//
//   bench_nvidia <bench_kernels.fatbin> [rounds]
//
// Nothing here is a test: it only reports. Exit status 1 if a call failed.
#include <cuda.h>
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <vector>

#include "infinirt.h"
#include "bench_kernels.cu"

#define MIB (1024ull * 1024ull)

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}

static void die(const char *what, const char *err, const char *detail) {
  fprintf(stderr, "bench_nvidia: %s failed: %s%s%s\n", what, err,
          detail ? "\n  " : "", detail ? detail : "");
  exit(1);
}
#define IRT(call)                                                              \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess)                                                 \
      die(#call, infinirtGetErrorName(e_), infinirtExtGetLastErrorDetail());   \
  } while (0)
#define CUDART(call)                                                           \
  do {                                                                         \
    cudaError_t e_ = (call);                                                   \
    if (e_ != cudaSuccess) die(#call, cudaGetErrorName(e_), NULL);             \
  } while (0)
#define DRV(call)                                                              \
  do {                                                                         \
    CUresult e_ = (call);                                                      \
    if (e_ != CUDA_SUCCESS) {                                                  \
      const char *n_ = "?";                                                    \
      cuGetErrorName(e_, &n_);                                                 \
      die(#call, n_, NULL);                                                    \
    }                                                                          \
  } while (0)

// ---- the three contenders' state ----------------------------------------

static const size_t BIG = 256 * MIB;

struct irt_side {
  infinirtStream_t s;
  infinirtEvent_t ev, done;
  void *pinned, *d1, *d2, *pinned4, *d4;
  infinirtKernel_t k;
} I;

struct cuda_side {
  cudaStream_t s;
  cudaEvent_t ev, done;
  void *pinned, *d1, *d2, *pinned4, *d4;
} C;

struct drv_side {
  CUstream s;
  CUkernel k;
} D;

static void *pageable; // shared, BIG bytes, touched once

// Each figure function runs one batch and returns its figure.
typedef double (*figure_fn)(void);

// ---- small calls: per-call cost in a batch -------------------------------

static const int SMALL = 10000;

static double irt_event_record(void) {
  double t = now_us();
  for (int i = 0; i < SMALL; i++) IRT(infinirtEventRecord(I.ev, I.s));
  t = now_us() - t;
  IRT(infinirtStreamSynchronize(I.s));
  return t / SMALL;
}
static double cuda_event_record(void) {
  double t = now_us();
  for (int i = 0; i < SMALL; i++) CUDART(cudaEventRecord(C.ev, C.s));
  t = now_us() - t;
  CUDART(cudaStreamSynchronize(C.s));
  return t / SMALL;
}

static double irt_event_query(void) {
  IRT(infinirtEventRecord(I.ev, I.s));
  IRT(infinirtEventSynchronize(I.ev));
  double t = now_us();
  for (int i = 0; i < SMALL; i++) IRT(infinirtEventQuery(I.ev));
  return (now_us() - t) / SMALL;
}
static double cuda_event_query(void) {
  CUDART(cudaEventRecord(C.ev, C.s));
  CUDART(cudaEventSynchronize(C.ev));
  double t = now_us();
  for (int i = 0; i < SMALL; i++) CUDART(cudaEventQuery(C.ev));
  return (now_us() - t) / SMALL;
}

static double irt_stream_query(void) {
  IRT(infinirtStreamSynchronize(I.s));
  double t = now_us();
  for (int i = 0; i < SMALL; i++) IRT(infinirtStreamQuery(I.s));
  return (now_us() - t) / SMALL;
}
static double cuda_stream_query(void) {
  CUDART(cudaStreamSynchronize(C.s));
  double t = now_us();
  for (int i = 0; i < SMALL; i++) CUDART(cudaStreamQuery(C.s));
  return (now_us() - t) / SMALL;
}

static double irt_stream_wait_event(void) {
  IRT(infinirtEventRecord(I.done, I.s));
  IRT(infinirtEventSynchronize(I.done));
  double t = now_us();
  for (int i = 0; i < SMALL; i++)
    IRT(infinirtStreamWaitEvent(I.s, I.done, 0));
  t = now_us() - t;
  IRT(infinirtStreamSynchronize(I.s));
  return t / SMALL;
}
static double cuda_stream_wait_event(void) {
  CUDART(cudaEventRecord(C.done, C.s));
  CUDART(cudaEventSynchronize(C.done));
  double t = now_us();
  for (int i = 0; i < SMALL; i++) CUDART(cudaStreamWaitEvent(C.s, C.done, 0));
  t = now_us() - t;
  CUDART(cudaStreamSynchronize(C.s));
  return t / SMALL;
}

// ---- round trips ----------------------------------------------------------

static const int RTT = 1000;

static double irt_h2d_4b(void) {
  double t = now_us();
  for (int i = 0; i < RTT; i++) {
    IRT(infinirtMemcpyAsync(I.d4, I.pinned4, 4, infinirtMemcpyHostToDevice,
                            I.s));
    IRT(infinirtStreamSynchronize(I.s));
  }
  return (now_us() - t) / RTT;
}
static double cuda_h2d_4b(void) {
  double t = now_us();
  for (int i = 0; i < RTT; i++) {
    CUDART(cudaMemcpyAsync(C.d4, C.pinned4, 4, cudaMemcpyHostToDevice, C.s));
    CUDART(cudaStreamSynchronize(C.s));
  }
  return (now_us() - t) / RTT;
}

// ---- allocation -------------------------------------------------------------

static const int ALLOCS = 200, ASYNC_ALLOCS = 1000;

static double irt_malloc_free(void) {
  double t = now_us();
  for (int i = 0; i < ALLOCS; i++) {
    void *p;
    IRT(infinirtMalloc(&p, MIB));
    IRT(infinirtFree(p));
  }
  return (now_us() - t) / ALLOCS;
}
static double cuda_malloc_free(void) {
  double t = now_us();
  for (int i = 0; i < ALLOCS; i++) {
    void *p;
    CUDART(cudaMalloc(&p, MIB));
    CUDART(cudaFree(p));
  }
  return (now_us() - t) / ALLOCS;
}

static double irt_malloc_async(void) {
  double t = now_us();
  for (int i = 0; i < ASYNC_ALLOCS; i++) {
    void *p;
    IRT(infinirtMallocAsync(&p, MIB, I.s));
    IRT(infinirtFreeAsync(p, I.s));
  }
  IRT(infinirtStreamSynchronize(I.s));
  return (now_us() - t) / ASYNC_ALLOCS;
}
static double cuda_malloc_async(void) {
  double t = now_us();
  for (int i = 0; i < ASYNC_ALLOCS; i++) {
    void *p;
    CUDART(cudaMallocAsync(&p, MIB, C.s));
    CUDART(cudaFreeAsync(p, C.s));
  }
  CUDART(cudaStreamSynchronize(C.s));
  return (now_us() - t) / ASYNC_ALLOCS;
}

// ---- bandwidth: 3 copies of 256 MiB, GB/s ----------------------------------

static const int COPIES = 3;

static double irt_bw(void *dst, const void *src, infinirtMemcpyKind kind,
                     double factor) {
  double t = now_us();
  for (int i = 0; i < COPIES; i++)
    IRT(infinirtMemcpyAsync(dst, src, BIG, kind, I.s));
  IRT(infinirtStreamSynchronize(I.s));
  t = now_us() - t;
  return factor * COPIES * (double)BIG / (t * 1e3);
}
static double cuda_bw(void *dst, const void *src, cudaMemcpyKind kind,
                      double factor) {
  double t = now_us();
  for (int i = 0; i < COPIES; i++)
    CUDART(cudaMemcpyAsync(dst, src, BIG, kind, C.s));
  CUDART(cudaStreamSynchronize(C.s));
  t = now_us() - t;
  return factor * COPIES * (double)BIG / (t * 1e3);
}
static double irt_h2d_pinned(void) {
  return irt_bw(I.d1, I.pinned, infinirtMemcpyHostToDevice, 1);
}
static double cuda_h2d_pinned(void) {
  return cuda_bw(C.d1, C.pinned, cudaMemcpyHostToDevice, 1);
}
static double irt_d2h_pinned(void) {
  return irt_bw(I.pinned, I.d1, infinirtMemcpyDeviceToHost, 1);
}
static double cuda_d2h_pinned(void) {
  return cuda_bw(C.pinned, C.d1, cudaMemcpyDeviceToHost, 1);
}
static double irt_h2d_pageable(void) {
  return irt_bw(I.d1, pageable, infinirtMemcpyHostToDevice, 1);
}
static double cuda_h2d_pageable(void) {
  return cuda_bw(C.d1, pageable, cudaMemcpyHostToDevice, 1);
}
static double irt_d2h_pageable(void) {
  return irt_bw(pageable, I.d1, infinirtMemcpyDeviceToHost, 1);
}
static double cuda_d2h_pageable(void) {
  return cuda_bw(pageable, C.d1, cudaMemcpyDeviceToHost, 1);
}
static double irt_d2d(void) {
  return irt_bw(I.d2, I.d1, infinirtMemcpyDeviceToDevice, 2);
}
static double cuda_d2d(void) {
  return cuda_bw(C.d2, C.d1, cudaMemcpyDeviceToDevice, 2);
}

// ---- launches -----------------------------------------------------------------

static const int LAUNCHES = 100000, LAUNCH_RTT = 2000;

static double irt_launch(void) {
  infinirtDim3 one = {1, 1, 1};
  double t = now_us();
  for (int i = 0; i < LAUNCHES; i++)
    IRT(infinirtLaunchKernel(I.k, one, one, NULL, 0, I.s));
  IRT(infinirtStreamSynchronize(I.s));
  return (now_us() - t) / LAUNCHES;
}
static double cuda_launch(void) {
  double t = now_us();
  for (int i = 0; i < LAUNCHES; i++)
    CUDART(cudaLaunchKernel((const void *)empty_kernel, dim3(1), dim3(1), NULL,
                            0, C.s));
  CUDART(cudaStreamSynchronize(C.s));
  return (now_us() - t) / LAUNCHES;
}
static double drv_launch(void) {
  double t = now_us();
  for (int i = 0; i < LAUNCHES; i++)
    DRV(cuLaunchKernel((CUfunction)D.k, 1, 1, 1, 1, 1, 1, 0, D.s, NULL, NULL));
  DRV(cuStreamSynchronize(D.s));
  return (now_us() - t) / LAUNCHES;
}
static double irt_launch_rtt(void) {
  infinirtDim3 one = {1, 1, 1};
  double t = now_us();
  for (int i = 0; i < LAUNCH_RTT; i++) {
    IRT(infinirtLaunchKernel(I.k, one, one, NULL, 0, I.s));
    IRT(infinirtStreamSynchronize(I.s));
  }
  return (now_us() - t) / LAUNCH_RTT;
}
static double cuda_launch_rtt(void) {
  double t = now_us();
  for (int i = 0; i < LAUNCH_RTT; i++) {
    CUDART(cudaLaunchKernel((const void *)empty_kernel, dim3(1), dim3(1), NULL,
                            0, C.s));
    CUDART(cudaStreamSynchronize(C.s));
  }
  return (now_us() - t) / LAUNCH_RTT;
}
static double drv_launch_rtt(void) {
  double t = now_us();
  for (int i = 0; i < LAUNCH_RTT; i++) {
    DRV(cuLaunchKernel((CUfunction)D.k, 1, 1, 1, 1, 1, 1, 0, D.s, NULL, NULL));
    DRV(cuStreamSynchronize(D.s));
  }
  return (now_us() - t) / LAUNCH_RTT;
}

// ---- the table ----------------------------------------------------------------

struct row {
  const char *id, *what, *unit;
  figure_fn irt, cuda, drv;
  bool bandwidth; // higher is better
  int rounds;     // 0: the default
};

static const row rows[] = {
    {"event_record", "EventRecord, DisableTiming event, per call in 10k", "us",
     irt_event_record, cuda_event_record, NULL, false, 0},
    {"event_query", "EventQuery on a completed event, per call in 10k", "us",
     irt_event_query, cuda_event_query, NULL, false, 0},
    {"stream_query", "StreamQuery on an idle stream, per call in 10k", "us",
     irt_stream_query, cuda_stream_query, NULL, false, 0},
    {"stream_wait_event", "StreamWaitEvent on a completed event, per call",
     "us", irt_stream_wait_event, cuda_stream_wait_event, NULL, false, 0},
    {"h2d_4B_sync", "4-byte MemcpyAsync H2D (pinned) + StreamSynchronize",
     "us", irt_h2d_4b, cuda_h2d_4b, NULL, false, 0},
    {"malloc_free_1MiB", "Malloc + Free of 1 MiB", "us", irt_malloc_free,
     cuda_malloc_free, NULL, false, 0},
    {"mallocasync_1MiB", "MallocAsync + FreeAsync 1 MiB, 1000 pairs + 1 sync",
     "us", irt_malloc_async, cuda_malloc_async, NULL, false, 0},
    {"bw_h2d_pinned", "H2D 256 MiB pinned", "GB/s", irt_h2d_pinned,
     cuda_h2d_pinned, NULL, true, 0},
    {"bw_d2h_pinned", "D2H 256 MiB pinned", "GB/s", irt_d2h_pinned,
     cuda_d2h_pinned, NULL, true, 0},
    {"bw_h2d_pageable", "H2D 256 MiB pageable", "GB/s", irt_h2d_pageable,
     cuda_h2d_pageable, NULL, true, 5},
    {"bw_d2h_pageable", "D2H 256 MiB pageable", "GB/s", irt_d2h_pageable,
     cuda_d2h_pageable, NULL, true, 5},
    {"bw_d2d", "D2D 256 MiB (read + write counted)", "GB/s", irt_d2d,
     cuda_d2d, NULL, true, 0},
    {"launch_100k", "empty kernel <<<1,1>>>: 100k launches + 1 sync, per "
                    "launch",
     "us", irt_launch, cuda_launch, drv_launch, false, 5},
    {"launch_sync_rtt", "empty kernel launch + StreamSynchronize", "us",
     irt_launch_rtt, cuda_launch_rtt, drv_launch_rtt, false, 0},
};

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void setup(const char *fatbin) {
  IRT(infinirtExtSetDeviceType(infinirtDeviceTypeNvidia));
  IRT(infinirtSetDevice(0));
  CUDART(cudaSetDevice(0));
  IRT(infinirtStreamCreateWithFlags(&I.s, infinirtStreamNonBlocking));
  CUDART(cudaStreamCreateWithFlags(&C.s, cudaStreamNonBlocking));
  DRV(cuStreamCreate(&D.s, CU_STREAM_NON_BLOCKING));
  IRT(infinirtEventCreateWithFlags(&I.ev, infinirtEventDisableTiming));
  IRT(infinirtEventCreateWithFlags(&I.done, infinirtEventDisableTiming));
  CUDART(cudaEventCreateWithFlags(&C.ev, cudaEventDisableTiming));
  CUDART(cudaEventCreateWithFlags(&C.done, cudaEventDisableTiming));
  IRT(infinirtMallocHost(&I.pinned, BIG));
  IRT(infinirtMalloc(&I.d1, BIG));
  IRT(infinirtMalloc(&I.d2, BIG));
  IRT(infinirtMallocHost(&I.pinned4, 4096));
  IRT(infinirtMalloc(&I.d4, 4096));
  CUDART(cudaMallocHost(&C.pinned, BIG));
  CUDART(cudaMalloc(&C.d1, BIG));
  CUDART(cudaMalloc(&C.d2, BIG));
  CUDART(cudaMallocHost(&C.pinned4, 4096));
  CUDART(cudaMalloc(&C.d4, 4096));
  pageable = malloc(BIG);
  if (!pageable) die("malloc", "out of memory", NULL);
  memset(pageable, 1, BIG);
  memset(I.pinned, 2, BIG);
  memset(C.pinned, 3, BIG);
  IRT(infinirtMemset(I.d1, 4, BIG));
  CUDART(cudaMemset(C.d1, 5, BIG));
  infinirtLibrary_t lib;
  IRT(infinirtLibraryLoadFromFile(&lib, fatbin, NULL, NULL, 0, NULL, NULL, 0));
  IRT(infinirtLibraryGetKernel(&I.k, lib, "empty_kernel"));
  CUlibrary dlib;
  DRV(cuLibraryLoadFromFile(&dlib, fatbin, NULL, NULL, 0, NULL, NULL, 0));
  DRV(cuLibraryGetKernel(&D.k, dlib, "empty_kernel"));
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s bench_kernels.fatbin [rounds]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 11;
  if (rounds < 1) rounds = 1;
  int count = 0;
  const char *reason = NULL;
  infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &count, &reason);
  if (count == 0) {
    printf("SKIP: no NVIDIA device: %s\n", reason ? reason : "?");
    return 77;
  }
  setup(argv[1]);
  cudaDeviceProp p;
  CUDART(cudaGetDeviceProperties(&p, 0));
  int drv = 0, rt = 0;
  cudaDriverGetVersion(&drv);
  cudaRuntimeGetVersion(&rt);
  printf("device: %s, %d SMs; driver %d, cudart %d; %d rounds\n\n", p.name,
         p.multiProcessorCount, drv, rt, rounds);

  printf("| id | figure | infinirt | cudart | driver | unit | infinirt/cudart "
         "|\n|---|---|---|---|---|---|---|\n");
  for (const row &r : rows) {
    int n = r.rounds ? std::min(r.rounds, rounds) : rounds;
    std::vector<double> a, b, c;
    r.irt(); // warm-up, not counted
    r.cuda();
    if (r.drv) r.drv();
    for (int i = 0; i < n; i++) {
      // Alternate who goes first, so drift favours nobody.
      if (i % 2 == 0) {
        a.push_back(r.irt());
        b.push_back(r.cuda());
        if (r.drv) c.push_back(r.drv());
      } else {
        if (r.drv) c.push_back(r.drv());
        b.push_back(r.cuda());
        a.push_back(r.irt());
      }
    }
    double ma = median(a), mb = median(b);
    char dcol[32] = "-";
    if (r.drv) snprintf(dcol, sizeof dcol, "%.3f", median(c));
    printf("| %s | %s | %.3f | %.3f | %s | %s | %.3f |\n", r.id, r.what, ma,
           mb, dcol, r.unit, ma / mb);
    fflush(stdout);
  }
  printf("\nratio: infinirt/cudart of the medians (time: lower is better, "
         "target <= 1.05; GB/s: higher is better, target >= 0.98)\n");
  return 0;
}
