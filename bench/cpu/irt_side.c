/*
 * irt_side.c - the infinirt contestant: every case through the public API on
 * the CPU device type, on one non-blocking stream. Each case checks that the
 * work was really done, so a backend that skips work cannot win.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "irt.h"

#define SMALL_BYTES 4096
#define PATTERN 0x5a

static struct {
  infinirtStream_t stream;
  infinirtEvent_t ev_timed;  /* default flags, for CASE_EVENT */
  infinirtEvent_t ev_notime; /* DisableTiming, for CASE_SMALL_MARK */
  void *small_src, *small_dst;
  void *big_src, *big_dst;
  char err[200]; /* why setup could not finish; empty if it did */
  char desc[400];
  unsigned run_tag;
} S;

static atomic_long host_calls;

static void empty_host_fn(void *arg) {
  (void)arg;
  atomic_fetch_add_explicit(&host_calls, 1, memory_order_relaxed);
}

void bench_irt_fail(bench_result *r, const char *what, infinirtError_t e) {
  const char *detail = infinirtExtGetLastErrorDetail();
  bench_fail(r, "infinirt%s returned %s%s%s", what, infinirtGetErrorName(e),
             detail && *detail ? ": " : "", detail ? detail : "");
}

static int ready(bench_result *r) {
  if (S.err[0]) {
    snprintf(r->err, sizeof r->err, "%s", S.err);
    return 0;
  }
  return 1;
}

static void setup_steps(const bench_params *p, bench_result *r) {
  IRT(r, "ExtSetDeviceType(cpu)",
      infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  struct infinirtDeviceProp prop;
  if (infinirtGetDeviceProperties(&prop, 0) == infinirtSuccess)
    snprintf(S.desc, sizeof S.desc,
             "infinirt %d.%d.%d, CPU device 0: %s, %d cores",
             INFINIRT_VERSION_MAJOR, INFINIRT_VERSION_MINOR,
             INFINIRT_VERSION_PATCH, prop.name, prop.multiProcessorCount);
  IRT(r, "StreamCreateWithFlags",
      infinirtStreamCreateWithFlags(&S.stream, infinirtStreamNonBlocking));
  IRT(r, "EventCreate", infinirtEventCreate(&S.ev_timed));
  IRT(r, "EventCreateWithFlags",
      infinirtEventCreateWithFlags(&S.ev_notime, infinirtEventDisableTiming));
  IRT(r, "Malloc", infinirtMalloc(&S.small_src, SMALL_BYTES));
  IRT(r, "Malloc", infinirtMalloc(&S.small_dst, SMALL_BYTES));
  IRT(r, "Malloc", infinirtMalloc(&S.big_src, p->copy_bytes));
  IRT(r, "Malloc", infinirtMalloc(&S.big_dst, p->copy_bytes));
  /* Touch every page now, so no run pays first-use faults. */
  IRT(r, "Memset", infinirtMemset(S.small_src, PATTERN, SMALL_BYTES));
  IRT(r, "Memset", infinirtMemset(S.small_dst, 0, SMALL_BYTES));
  IRT(r, "Memset", infinirtMemset(S.big_src, 0x11, p->copy_bytes));
  IRT(r, "Memset", infinirtMemset(S.big_dst, 0x22, p->copy_bytes));
}

static int irt_setup(const bench_params *p, char *err, size_t errlen) {
  memset(&S, 0, sizeof S);
  bench_result r = {0};
  /* Step by step, so the report names the first call that fails. */
  setup_steps(p, &r);
  if (!S.desc[0])
    snprintf(S.desc, sizeof S.desc, "infinirt %d.%d.%d, CPU device 0",
             INFINIRT_VERSION_MAJOR, INFINIRT_VERSION_MINOR,
             INFINIRT_VERSION_PATCH);
  if (r.err[0]) {
    snprintf(S.err, sizeof S.err, "%s", r.err);
    snprintf(err, errlen, "%s", r.err);
    return -1;
  }
  return 0;
}

static void irt_teardown(void) {
  if (S.stream)
    infinirtStreamSynchronize(S.stream);
  void *bufs[4] = {S.small_src, S.small_dst, S.big_src, S.big_dst};
  for (int i = 0; i < 4; i++)
    if (bufs[i])
      infinirtFree(bufs[i]);
  if (S.ev_timed)
    infinirtEventDestroy(S.ev_timed);
  if (S.ev_notime)
    infinirtEventDestroy(S.ev_notime);
  if (S.stream)
    infinirtStreamDestroy(S.stream);
  bench_irt_ops_teardown();
  infinirtGetLastError();
}

static const char *irt_describe(void) {
  return S.desc;
}

/* Checks that 4 bytes of device memory at |dev| all hold |want|. */
static void expect_bytes(bench_result *r, const void *dev, unsigned char want,
                         const char *what) {
  unsigned char got[4];
  IRT(r, "Memcpy(D2H)",
      infinirtMemcpy(got, dev, sizeof got, infinirtMemcpyDeviceToHost));
  for (int i = 0; i < 4; i++)
    if (got[i] != want) {
      bench_fail(r, "wrong result after %s: byte %d is 0x%02x, not 0x%02x",
                 what, i, got[i], want);
      return;
    }
}

static void small_copy(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  IRT(r, "MemsetAsync", infinirtMemsetAsync(S.small_dst, 0, 4, S.stream));
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t0 = bench_now_ns();
  for (int i = 0; i < p->batch_n; i++)
    IRT(r, "MemcpyAsync",
        infinirtMemcpyAsync(S.small_dst, S.small_src, 4,
                            infinirtMemcpyDeviceToDevice, S.stream));
  double t1 = bench_now_ns();
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t2 = bench_now_ns();
  r->v[0] = (t2 - t0) / p->batch_n;
  r->v[1] = (t1 - t0) / p->batch_n;
  expect_bytes(r, S.small_dst, PATTERN, "4-byte copies");
}

static void small_func(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  atomic_store(&host_calls, 0);
  IRT(r, "LaunchHostFunc",
      infinirtLaunchHostFunc(S.stream, empty_host_fn, NULL));
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t0 = bench_now_ns();
  for (int i = 0; i < p->batch_n; i++)
    IRT(r, "LaunchHostFunc",
        infinirtLaunchHostFunc(S.stream, empty_host_fn, NULL));
  double t1 = bench_now_ns();
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t2 = bench_now_ns();
  r->v[0] = (t2 - t0) / p->batch_n;
  r->v[1] = (t1 - t0) / p->batch_n;
  long calls = atomic_load(&host_calls);
  if (calls != (long)p->batch_n + 1)
    bench_fail(r, "%ld host functions ran, %d were launched", calls,
               p->batch_n + 1);
}

static void small_mark(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  IRT(r, "EventRecord", infinirtEventRecord(S.ev_notime, S.stream));
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t0 = bench_now_ns();
  for (int i = 0; i < p->batch_n; i++)
    IRT(r, "EventRecord", infinirtEventRecord(S.ev_notime, S.stream));
  double t1 = bench_now_ns();
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t2 = bench_now_ns();
  r->v[0] = (t2 - t0) / p->batch_n;
  r->v[1] = (t1 - t0) / p->batch_n;
  IRT(r, "EventQuery after sync", infinirtEventQuery(S.ev_notime));
}

/* Round trips: the run's figure is the median of individually timed ones. */
#define ROUND_TRIPS(r, p, samples, body)                                       \
  do {                                                                         \
    for (int i_ = -10; i_ < (p)->rt_iters; i_++) {                             \
      double t0_ = bench_now_ns();                                             \
      body;                                                                    \
      double t_ = bench_now_ns() - t0_;                                        \
      if (i_ >= 0)                                                             \
        (samples)[i_] = t_;                                                    \
    }                                                                          \
    (r)->v[0] = bench_median((samples), (p)->rt_iters);                        \
  } while (0)

static void rt_func(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  double t[p->rt_iters];
  atomic_store(&host_calls, 0);
  ROUND_TRIPS(r, p, t, {
    IRT(r, "LaunchHostFunc",
        infinirtLaunchHostFunc(S.stream, empty_host_fn, NULL));
    IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  });
  if (atomic_load(&host_calls) != (long)p->rt_iters + 10)
    bench_fail(r, "host functions did not all run before the syncs");
}

static void rt_set(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  double t[p->rt_iters];
  unsigned char v = 0;
  ROUND_TRIPS(r, p, t, {
    v++;
    IRT(r, "MemsetAsync", infinirtMemsetAsync(S.small_dst, v, 4, S.stream));
    IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  });
  expect_bytes(r, S.small_dst, v, "4-byte memsets");
}

static void event_sync(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  double t[p->rt_iters];
  ROUND_TRIPS(r, p, t, {
    IRT(r, "EventRecord", infinirtEventRecord(S.ev_timed, S.stream));
    IRT(r, "EventSynchronize", infinirtEventSynchronize(S.ev_timed));
  });
}

static void copy_bw(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  /* Mark the source so this run's copies are seen to land. */
  unsigned char tag = (unsigned char)(0x30 + (S.run_tag++ % 64));
  size_t offs[3] = {0, p->copy_bytes / 2, p->copy_bytes - 4};
  unsigned char four[4];
  memset(four, tag, sizeof four);
  for (int i = 0; i < 3; i++)
    IRT(r, "Memcpy(H2D)",
        infinirtMemcpy((char *)S.big_src + offs[i], four, 4,
                       infinirtMemcpyHostToDevice));
  double gbs[p->copy_iters];
  for (int i = -1; i < p->copy_iters; i++) {
    double t0 = bench_now_ns();
    IRT(r, "MemcpyAsync",
        infinirtMemcpyAsync(S.big_dst, S.big_src, p->copy_bytes,
                            infinirtMemcpyDeviceToDevice, S.stream));
    IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
    double t = bench_now_ns() - t0;
    if (i >= 0)
      gbs[i] = (double)p->copy_bytes / t;
  }
  r->v[0] = bench_median(gbs, p->copy_iters);
  for (int i = 0; i < 3 && !r->err[0]; i++)
    expect_bytes(r, (char *)S.big_dst + offs[i], tag, "the big copy");
}

static void alloc_pairs(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  void *ptr = NULL;
  IRT(r, "MallocAsync", infinirtMallocAsync(&ptr, p->alloc_bytes, S.stream));
  IRT(r, "FreeAsync", infinirtFreeAsync(ptr, S.stream));
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  int null_ptrs = 0;
  double t0 = bench_now_ns();
  for (int i = 0; i < p->alloc_n; i++) {
    IRT(r, "MallocAsync", infinirtMallocAsync(&ptr, p->alloc_bytes, S.stream));
    null_ptrs += ptr == NULL;
    IRT(r, "FreeAsync", infinirtFreeAsync(ptr, S.stream));
  }
  double t1 = bench_now_ns();
  IRT(r, "StreamSynchronize", infinirtStreamSynchronize(S.stream));
  double t2 = bench_now_ns();
  r->v[0] = (t2 - t0) / p->alloc_n;
  r->v[1] = (t1 - t0) / p->alloc_n;
  if (null_ptrs)
    bench_fail(r, "MallocAsync returned NULL %d times", null_ptrs);
}

const bench_side bench_irt_side = {
    .name = "infinirt",
    .setup = irt_setup,
    .teardown = irt_teardown,
    .describe = irt_describe,
};

const bench_fn bench_irt_cases[CASE_COUNT] = {
    [CASE_SMALL_COPY] = small_copy, [CASE_SMALL_FUNC] = small_func,
    [CASE_SMALL_MARK] = small_mark, [CASE_RT_FUNC] = rt_func,
    [CASE_RT_SET] = rt_set,         [CASE_EVENT] = event_sync,
    [CASE_COPY_BW] = copy_bw,       [CASE_ALLOC] = alloc_pairs,
};
