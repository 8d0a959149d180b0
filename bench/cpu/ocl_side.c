/*
 * ocl_side.c - the PoCL contestant: the nearest OpenCL equivalent of each
 * case on the first CPU device found (PoCL's "pthread" device by default),
 * through one in-order queue without profiling.
 */
#include <stdio.h>
#include <string.h>

#include "ocl.h"

#define SMALL_BYTES 4096
#define PATTERN 0x5a

static struct {
  cl_device_id dev;
  cl_context ctx;
  cl_command_queue q;
  cl_program prog;
  cl_kernel kempty;
  cl_mem small_src, small_dst, big_src, big_dst;
  char err[200];
  char desc[400];
  unsigned run_tag;
} S;

static const char *kernel_src = "__kernel void empty(void) {}\n";

static int ready(bench_result *r) {
  if (S.err[0]) {
    snprintf(r->err, sizeof r->err, "%s", S.err);
    return 0;
  }
  return 1;
}

/* The first device of type CPU on any platform. */
static void find_cpu_device(bench_result *r, cl_device_id *dev) {
  cl_platform_id plats[16];
  cl_uint n = 0;
  CL(r, "clGetPlatformIDs", clGetPlatformIDs(16, plats, &n));
  for (cl_uint i = 0; i < n && i < 16; i++)
    if (clGetDeviceIDs(plats[i], CL_DEVICE_TYPE_CPU, 1, dev, NULL) ==
        CL_SUCCESS)
      return;
  bench_fail(r, "no OpenCL CPU device on %u platform(s)", (unsigned)n);
}

static cl_mem make_buffer(bench_result *r, size_t bytes, int fill) {
  cl_int e;
  cl_mem m = clCreateBuffer(S.ctx, CL_MEM_READ_WRITE, bytes, NULL, &e);
  if (e != CL_SUCCESS) {
    bench_fail(r, "clCreateBuffer(%zu): %d (%s)", bytes, (int)e,
               bench_cl_name(e));
    return NULL;
  }
  /* A fill touches every page, so no run pays first-use faults. */
  unsigned char pat = (unsigned char)fill;
  e = clEnqueueFillBuffer(S.q, m, &pat, 1, 0, bytes, 0, NULL, NULL);
  if (e == CL_SUCCESS)
    e = clFinish(S.q);
  if (e != CL_SUCCESS)
    bench_fail(r, "clEnqueueFillBuffer: %d (%s)", (int)e, bench_cl_name(e));
  return m;
}

static void setup_steps(const bench_params *p, bench_result *r) {
  cl_device_id dev;
  find_cpu_device(r, &dev);
  if (r->err[0])
    return;
  char name[160] = "", ver[80] = "", drv[80] = "";
  clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof name, name, NULL);
  clGetDeviceInfo(dev, CL_DEVICE_VERSION, sizeof ver, ver, NULL);
  clGetDeviceInfo(dev, CL_DRIVER_VERSION, sizeof drv, drv, NULL);
  snprintf(S.desc, sizeof S.desc, "%s (%s, driver %s)", name, ver, drv);
  cl_int e;
  S.dev = dev;
  S.ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &e);
  CL(r, "clCreateContext", e);
  S.q = clCreateCommandQueueWithProperties(S.ctx, dev, NULL, &e);
  CL(r, "clCreateCommandQueueWithProperties", e);
  S.prog = clCreateProgramWithSource(S.ctx, 1, &kernel_src, NULL, &e);
  CL(r, "clCreateProgramWithSource", e);
  CL(r, "clBuildProgram", clBuildProgram(S.prog, 1, &dev, "", NULL, NULL));
  S.kempty = clCreateKernel(S.prog, "empty", &e);
  CL(r, "clCreateKernel", e);
  S.small_src = make_buffer(r, SMALL_BYTES, PATTERN);
  if (!r->err[0])
    S.small_dst = make_buffer(r, SMALL_BYTES, 0);
  if (!r->err[0])
    S.big_src = make_buffer(r, p->copy_bytes, 0x11);
  if (!r->err[0])
    S.big_dst = make_buffer(r, p->copy_bytes, 0x22);
}

static int ocl_setup(const bench_params *p, char *err, size_t errlen) {
  memset(&S, 0, sizeof S);
  bench_result r = {0};
  setup_steps(p, &r);
  if (!S.desc[0])
    snprintf(S.desc, sizeof S.desc, "no OpenCL CPU device");
  if (r.err[0]) {
    snprintf(S.err, sizeof S.err, "%s", r.err);
    snprintf(err, errlen, "%s", r.err);
    return -1;
  }
  return 0;
}

static void ocl_teardown(void) {
  if (S.q)
    clFinish(S.q);
  cl_mem bufs[4] = {S.small_src, S.small_dst, S.big_src, S.big_dst};
  for (int i = 0; i < 4; i++)
    if (bufs[i])
      clReleaseMemObject(bufs[i]);
  if (S.kempty)
    clReleaseKernel(S.kempty);
  if (S.prog)
    clReleaseProgram(S.prog);
  if (S.q)
    clReleaseCommandQueue(S.q);
  if (S.ctx)
    clReleaseContext(S.ctx);
}

int bench_ocl_handles(cl_context *ctx, cl_device_id *dev, cl_kernel *k) {
  if (S.err[0] || !S.kempty)
    return -1;
  *ctx = S.ctx;
  *dev = S.dev;
  *k = S.kempty;
  return 0;
}

static const char *ocl_describe(void) {
  return S.desc;
}

static void expect_bytes(bench_result *r, cl_mem m, size_t off,
                         unsigned char want, const char *what) {
  unsigned char got[4];
  CL(r, "clEnqueueReadBuffer",
     clEnqueueReadBuffer(S.q, m, CL_TRUE, off, 4, got, 0, NULL, NULL));
  for (int i = 0; i < 4; i++)
    if (got[i] != want) {
      bench_fail(r, "wrong result after %s: byte %d is 0x%02x, not 0x%02x",
                 what, i, got[i], want);
      return;
    }
}

/* A batch of |n| commands then one clFinish: per-command total and
 * enqueue-only costs. */
#define BATCH(r, p, enqueue)                                                   \
  do {                                                                         \
    CL(r, "warm-up", enqueue);                                                 \
    CL(r, "clFinish", clFinish(S.q));                                          \
    double t0_ = bench_now_ns();                                               \
    for (int i_ = 0; i_ < (p)->batch_n; i_++)                                  \
      CL(r, "enqueue", enqueue);                                               \
    double t1_ = bench_now_ns();                                               \
    CL(r, "clFinish", clFinish(S.q));                                          \
    double t2_ = bench_now_ns();                                               \
    (r)->v[0] = (t2_ - t0_) / (p)->batch_n;                                    \
    (r)->v[1] = (t1_ - t0_) / (p)->batch_n;                                    \
  } while (0)

static void small_copy(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  unsigned char zero = 0;
  CL(r, "clEnqueueFillBuffer",
     clEnqueueFillBuffer(S.q, S.small_dst, &zero, 1, 0, 4, 0, NULL, NULL));
  BATCH(r, p,
        clEnqueueCopyBuffer(S.q, S.small_src, S.small_dst, 0, 0, 4, 0, NULL,
                            NULL));
  expect_bytes(r, S.small_dst, 0, PATTERN, "4-byte copies");
}

static void small_func(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  size_t one = 1;
  BATCH(r, p,
        clEnqueueNDRangeKernel(S.q, S.kempty, 1, NULL, &one, &one, 0, NULL,
                               NULL));
}

static void small_mark(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  BATCH(r, p, clEnqueueMarkerWithWaitList(S.q, 0, NULL, NULL));
}

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
  ROUND_TRIPS(r, p, t, {
    CL(r, "clEnqueueMarkerWithWaitList",
       clEnqueueMarkerWithWaitList(S.q, 0, NULL, NULL));
    CL(r, "clFinish", clFinish(S.q));
  });
}

static void rt_set(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  double t[p->rt_iters];
  unsigned char v = 0;
  ROUND_TRIPS(r, p, t, {
    v++;
    CL(r, "clEnqueueFillBuffer",
       clEnqueueFillBuffer(S.q, S.small_dst, &v, 1, 0, 4, 0, NULL, NULL));
    CL(r, "clFinish", clFinish(S.q));
  });
  expect_bytes(r, S.small_dst, 0, v, "4-byte fills");
}

static void event_sync(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  double t[p->rt_iters];
  ROUND_TRIPS(r, p, t, {
    cl_event ev;
    CL(r, "clEnqueueMarkerWithWaitList",
       clEnqueueMarkerWithWaitList(S.q, 0, NULL, &ev));
    cl_int e = clWaitForEvents(1, &ev);
    clReleaseEvent(ev);
    CL(r, "clWaitForEvents", e);
  });
}

static void copy_bw(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  unsigned char tag = (unsigned char)(0x30 + (S.run_tag++ % 64));
  size_t offs[3] = {0, p->copy_bytes / 2, p->copy_bytes - 4};
  unsigned char four[4];
  memset(four, tag, sizeof four);
  for (int i = 0; i < 3; i++)
    CL(r, "clEnqueueWriteBuffer",
       clEnqueueWriteBuffer(S.q, S.big_src, CL_TRUE, offs[i], 4, four, 0, NULL,
                            NULL));
  double gbs[p->copy_iters];
  for (int i = -1; i < p->copy_iters; i++) {
    double t0 = bench_now_ns();
    CL(r, "clEnqueueCopyBuffer",
       clEnqueueCopyBuffer(S.q, S.big_src, S.big_dst, 0, 0, p->copy_bytes, 0,
                           NULL, NULL));
    CL(r, "clFinish", clFinish(S.q));
    double t = bench_now_ns() - t0;
    if (i >= 0)
      gbs[i] = (double)p->copy_bytes / t;
  }
  r->v[0] = bench_median(gbs, p->copy_iters);
  for (int i = 0; i < 3 && !r->err[0]; i++)
    expect_bytes(r, S.big_dst, offs[i], tag, "the big copy");
}

/* OpenCL has no stream-ordered allocator: buffer create + release is the
 * nearest peer (PoCL allocates backing store lazily, on first use). */
static void alloc_pairs(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  cl_int e;
  double t0 = bench_now_ns();
  for (int i = 0; i < p->alloc_n; i++) {
    cl_mem m =
        clCreateBuffer(S.ctx, CL_MEM_READ_WRITE, p->alloc_bytes, NULL, &e);
    CL(r, "clCreateBuffer", e);
    CL(r, "clReleaseMemObject", clReleaseMemObject(m));
  }
  double t1 = bench_now_ns();
  CL(r, "clFinish", clFinish(S.q));
  double t2 = bench_now_ns();
  r->v[0] = (t2 - t0) / p->alloc_n;
  r->v[1] = (t1 - t0) / p->alloc_n;
}

const bench_side bench_ocl_side = {
    .name = "PoCL",
    .setup = ocl_setup,
    .teardown = ocl_teardown,
    .describe = ocl_describe,
};

const bench_fn bench_ocl_cases[CASE_COUNT] = {
    [CASE_SMALL_COPY] = small_copy, [CASE_SMALL_FUNC] = small_func,
    [CASE_SMALL_MARK] = small_mark, [CASE_RT_FUNC] = rt_func,
    [CASE_RT_SET] = rt_set,         [CASE_EVENT] = event_sync,
    [CASE_COPY_BW] = copy_bw,       [CASE_ALLOC] = alloc_pairs,
};
