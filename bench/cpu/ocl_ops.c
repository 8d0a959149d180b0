/*
 * ocl_ops.c - the scheduler primitives on PoCL: a queue is an in-order
 * command queue, a token the cl_event of a command, a wait the command's
 * event wait list, the op an empty 1-work-item kernel, a mark
 * clEnqueueMarkerWithWaitList, "sync all" clFinish on each queue. OpenCL has
 * no stream-ordered allocator: buffers are clCreateBuffer, filled with
 * clEnqueueFillBuffer (PoCL backs a buffer on first use), clReleaseMemObject
 * (released once its commands are done).
 */
#include "ocl.h"
#include "ops.h"

static int handles(bench_result *r, cl_context *ctx, cl_device_id *dev,
                   cl_kernel *k) {
  if (bench_ocl_handles(ctx, dev, k)) {
    bench_fail(r, "PoCL side not set up");
    return -1;
  }
  return 0;
}

static int q_create(bench_result *r, bench_q *q) {
  cl_context ctx;
  cl_device_id dev;
  cl_kernel k;
  cl_int e;
  if (handles(r, &ctx, &dev, &k))
    return -1;
  *q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &e);
  CL_INT(r, "clCreateCommandQueueWithProperties", e);
  return 0;
}

static int q_destroy(bench_result *r, bench_q q) {
  CL_INT(r, "clReleaseCommandQueue", clReleaseCommandQueue(q));
  return 0;
}

static int mark(bench_result *r, bench_q q, bench_tok *tok) {
  CL_INT(r, "clEnqueueMarkerWithWaitList",
         clEnqueueMarkerWithWaitList(q, 0, NULL, (cl_event *)tok));
  return 0;
}

static int op(bench_result *r, bench_q q, const bench_tok *waits, int nwaits,
              bench_host_fn fn, void *arg, bench_tok *tok) {
  (void)fn;
  (void)arg;
  cl_context ctx;
  cl_device_id dev;
  cl_kernel k;
  if (handles(r, &ctx, &dev, &k))
    return -1;
  size_t one = 1;
  CL_INT(r, "clEnqueueNDRangeKernel",
         clEnqueueNDRangeKernel(q, k, 1, NULL, &one, &one, (cl_uint)nwaits,
                                nwaits ? (const cl_event *)waits : NULL,
                                (cl_event *)tok));
  return 0;
}

static void tok_release(bench_tok tok) {
  clReleaseEvent(tok);
}

static int q_sync(bench_result *r, bench_q q) {
  CL_INT(r, "clFinish", clFinish(q));
  return 0;
}

static int sync_all(bench_result *r, const bench_q *qs, int n) {
  for (int i = 0; i < n; i++)
    if (q_sync(r, qs[i]))
      return -1;
  return 0;
}

static int mem_alloc(bench_result *r, bench_q q, size_t bytes, void **m) {
  (void)q;
  cl_context ctx;
  cl_device_id dev;
  cl_kernel k;
  cl_int e;
  if (handles(r, &ctx, &dev, &k))
    return -1;
  *m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, NULL, &e);
  CL_INT(r, "clCreateBuffer", e);
  return 0;
}

static int mem_fill(bench_result *r, bench_q q, void *m, size_t bytes) {
  unsigned char v = 0x3c;
  CL_INT(r, "clEnqueueFillBuffer",
         clEnqueueFillBuffer(q, m, &v, 1, 0, bytes, 0, NULL, NULL));
  return 0;
}

static int mem_free(bench_result *r, bench_q q, void *m) {
  (void)q;
  CL_INT(r, "clReleaseMemObject", clReleaseMemObject(m));
  return 0;
}

static const bench_ops ops = {
    .name = "PoCL",
    .q_create = q_create,
    .q_destroy = q_destroy,
    .mark = mark,
    .op = op,
    .tok_release = tok_release,
    .q_sync = q_sync,
    .sync_all = sync_all,
    .mem_alloc = mem_alloc,
    .mem_fill = mem_fill,
    .mem_free = mem_free,
};
const bench_ops *const bench_ocl_ops = &ops;
