/* ocl.h - what the PoCL contestant's files share. */
#ifndef BENCH_CPU_OCL_H_
#define BENCH_CPU_OCL_H_

#define CL_TARGET_OPENCL_VERSION 300
#include <CL/cl.h>

#include "bench.h"

/* The name of OpenCL error |e|. */
const char *bench_cl_name(cl_int e);

/* The context, device and empty kernel made by ocl_side.c's setup; -1 if
 * setup failed. */
int bench_ocl_handles(cl_context *ctx, cl_device_id *dev, cl_kernel *k);

/* Runs |call| (an expression giving a cl_int); on failure records why in
 * |r| and leaves the function (which returns void). */
#define CL(r, what, call)                                                      \
  do {                                                                         \
    cl_int e_ = (call);                                                        \
    if (e_ != CL_SUCCESS) {                                                    \
      bench_fail(r, "%s: %d (%s)", what, (int)e_, bench_cl_name(e_));          \
      return;                                                                  \
    }                                                                          \
  } while (0)

/* As CL, in a function that returns -1 on failure. */
#define CL_INT(r, what, call)                                                  \
  do {                                                                         \
    cl_int e_ = (call);                                                        \
    if (e_ != CL_SUCCESS) {                                                    \
      bench_fail(r, "%s: %d (%s)", what, (int)e_, bench_cl_name(e_));          \
      return -1;                                                               \
    }                                                                          \
  } while (0)

#endif /* BENCH_CPU_OCL_H_ */
