/* trace.c - INFINIRT_TRACE: one line per call on stderr. */
#include "trace.h"

#include <stdio.h>
#include <time.h>

#include "env.h"

int infinirt_trace_enabled;

__attribute__((constructor)) static void trace_init(void) {
  infinirt_trace_enabled = infinirt_env_bool("INFINIRT_TRACE", false);
}

uint64_t infinirt_trace_begin(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void infinirt_trace_end(const char *func, infinirtError_t err, uint64_t t0) {
  uint64_t ns = infinirt_trace_begin() - t0;
  /* One fprintf per line so lines from different threads do not interleave. */
  fprintf(stderr, "infinirt-trace: %s -> %s (%.3f us)\n", func,
          infinirtGetErrorName(err), (double)ns / 1000.0);
}
