/* nv_profiler.c - ProfilerStart / ProfilerStop: the driver's profiler
 * range (cuProfilerStart / cuProfilerStop, in the current context), and the
 * call trace's with INFINIRT_TRACE=profiler. */
#include "nv.h"

static infinirtError_t profiler(CUresult (*fn)(void), const char *name,
                                bool started) {
  if (!fn)
    return infinirt_detail(infinirtErrorNotSupported, "the driver has no %s",
                           name);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  err = infinirt_nv_check(fn(), name);
  if (err == infinirtSuccess)
    infinirt_profiler_range(started);
  return err;
}

infinirtError_t infinirt_nv_ProfilerStart(void) {
  return profiler(infinirt_nv_sym.cuProfilerStart, "cuProfilerStart", true);
}

infinirtError_t infinirt_nv_ProfilerStop(void) {
  return profiler(infinirt_nv_sym.cuProfilerStop, "cuProfilerStop", false);
}
