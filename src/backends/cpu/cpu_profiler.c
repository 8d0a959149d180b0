/* cpu_profiler.c - ProfilerStart / ProfilerStop on the CPU: there is no
 * profiler of the device to start, so they only mark the range that
 * INFINIRT_TRACE=profiler traces (trace.c); under an external profiler of
 * the process (perf, VTune) they change nothing. */
#include "cpu_internal.h"

infinirtError_t infinirt_cpu_ProfilerStart(void) {
  infinirt_profiler_range(true);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_ProfilerStop(void) {
  infinirt_profiler_range(false);
  return infinirtSuccess;
}
