/* ocl_side.c - bench_kernels' PoCL side: the same empty kernel through
 * clEnqueueNDRangeKernel on an in-order queue of the CPU device. */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <string.h>

#include "bench_kernels.h"

static cl_context ctx;
static cl_command_queue queue;
static cl_program prog;
static cl_kernel kernel;

static int cl_fail(char *err, size_t len, const char *what, cl_int rc) {
  snprintf(err, len, "%s failed: OpenCL error %d", what, (int)rc);
  return -1;
}

int ocl_init(char *desc, size_t desc_len, char *err, size_t len) {
  cl_platform_id plats[8];
  cl_uint np = 0;
  cl_int rc = clGetPlatformIDs(8, plats, &np);
  if (rc != CL_SUCCESS || np == 0)
    return cl_fail(err, len, "clGetPlatformIDs", rc);
  cl_device_id dev = NULL;
  for (cl_uint i = 0; i < np && !dev; i++) {
    char name[128] = "";
    clGetPlatformInfo(plats[i], CL_PLATFORM_NAME, sizeof name, name, NULL);
    if (strstr(name, "Portable Computing Language") &&
        clGetDeviceIDs(plats[i], CL_DEVICE_TYPE_CPU, 1, &dev, NULL) !=
            CL_SUCCESS)
      dev = NULL;
  }
  if (!dev) {
    snprintf(err, len, "no PoCL CPU device among %u OpenCL platforms", np);
    return -1;
  }
  char name[128] = "", version[128] = "";
  clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof name, name, NULL);
  clGetDeviceInfo(dev, CL_DEVICE_VERSION, sizeof version, version, NULL);
  snprintf(desc, desc_len, "PoCL %s (%s)", name, version);
  ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &rc);
  if (!ctx)
    return cl_fail(err, len, "clCreateContext", rc);
  queue = clCreateCommandQueue(ctx, dev, 0, &rc);
  if (!queue)
    return cl_fail(err, len, "clCreateCommandQueue", rc);
  const char *src = "__kernel void bench_empty(void) {}\n";
  prog = clCreateProgramWithSource(ctx, 1, &src, NULL, &rc);
  if (!prog)
    return cl_fail(err, len, "clCreateProgramWithSource", rc);
  if ((rc = clBuildProgram(prog, 1, &dev, "", NULL, NULL)) != CL_SUCCESS)
    return cl_fail(err, len, "clBuildProgram", rc);
  kernel = clCreateKernel(prog, "bench_empty", &rc);
  if (!kernel)
    return cl_fail(err, len, "clCreateKernel", rc);
  return 0;
}

static const size_t one = 1;

double ocl_batch_ns(int launches, char *err, size_t len) {
  double t0 = bench_now_ns();
  for (int i = 0; i < launches; i++) {
    cl_int rc = clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &one, &one, 0,
                                       NULL, NULL);
    if (rc != CL_SUCCESS)
      return cl_fail(err, len, "clEnqueueNDRangeKernel", rc);
  }
  cl_int rc = clFinish(queue);
  if (rc != CL_SUCCESS)
    return cl_fail(err, len, "clFinish", rc);
  return (bench_now_ns() - t0) / launches;
}

double ocl_round_trip_ns(int pairs, char *err, size_t len) {
  double t0 = bench_now_ns();
  for (int i = 0; i < pairs; i++) {
    cl_int rc = clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &one, &one, 0,
                                       NULL, NULL);
    if (rc != CL_SUCCESS)
      return cl_fail(err, len, "clEnqueueNDRangeKernel", rc);
    if ((rc = clFinish(queue)) != CL_SUCCESS)
      return cl_fail(err, len, "clFinish", rc);
  }
  return (bench_now_ns() - t0) / pairs;
}

void ocl_fini(void) {
  if (kernel)
    clReleaseKernel(kernel);
  if (prog)
    clReleaseProgram(prog);
  if (queue)
    clReleaseCommandQueue(queue);
  if (ctx)
    clReleaseContext(ctx);
}
