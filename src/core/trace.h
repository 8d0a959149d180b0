/* trace.h - call tracing: with INFINIRT_TRACE=1 in the environment, every
 * exported call prints one line on stderr with its arguments, its result
 * (and the error detail on failure) and its duration; with
 * INFINIRT_TRACE=profiler, only the calls between infinirtProfilerStart and
 * infinirtProfilerStop do (as a profiler with a cudaProfilerApi capture
 * range records). When tracing is off a call pays one load and one
 * predictable branch. */
#ifndef INFINIRT_CORE_TRACE_H_
#define INFINIRT_CORE_TRACE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "infinirt.h"

/* Whether calls are traced now: set at library load, and changed by
 * infinirt_profiler_range() with INFINIRT_TRACE=profiler. */
extern int infinirt_trace_enabled;
static inline bool infinirt_trace_on(void) {
  return __atomic_load_n(&infinirt_trace_enabled, __ATOMIC_RELAXED) != 0;
}

/* Monotonic nanoseconds. */
uint64_t infinirt_trace_clock(void);

/* One line being built: open, one arg call per argument, close (prints). */
typedef struct infinirt_trace_line {
  char text[768];
  size_t len;
  int nargs;
} infinirt_trace_line;

void infinirt_trace_open(infinirt_trace_line *l, const char *func);
void infinirt_trace_close(infinirt_trace_line *l, infinirtError_t err,
                          uint64_t t0);
void infinirt_trace_int(infinirt_trace_line *l, const char *name, int v);
void infinirt_trace_uint(infinirt_trace_line *l, const char *name, unsigned v);
void infinirt_trace_size(infinirt_trace_line *l, const char *name, size_t v);
void infinirt_trace_u64(infinirt_trace_line *l, const char *name,
                        unsigned long long v);
void infinirt_trace_dim3(infinirt_trace_line *l, const char *name,
                         infinirtDim3 v);
void infinirt_trace_fn(infinirt_trace_line *l, const char *name,
                       infinirtHostFn_t v);
void infinirt_trace_ptr(infinirt_trace_line *l, const char *name,
                        const void *v);
void infinirt_trace_location(infinirt_trace_line *l, const char *name,
                             struct infinirtMemLocation v);
void infinirt_trace_pitched(infinirt_trace_line *l, const char *name,
                            struct infinirtPitchedPtr v);
void infinirt_trace_extent(infinirt_trace_line *l, const char *name,
                           struct infinirtExtent v);
/* Interprocess handles, passed by value: their first bytes in hex. */
void infinirt_trace_ipc_mem(infinirt_trace_line *l, const char *name,
                            infinirtIpcMemHandle_t v);
void infinirt_trace_ipc_event(infinirt_trace_line *l, const char *name,
                              infinirtIpcEventHandle_t v);

/* Appends |name|=|value| formatted by the value's type. Enums take the int
 * or unsigned branch; pointers are printed, never followed. */
#define INFINIRT_TRACE_ARG(l, name, value)                                     \
  _Generic((value), int                                                        \
           : infinirt_trace_int, unsigned int                                  \
           : infinirt_trace_uint, size_t                                       \
           : infinirt_trace_size, unsigned long long                           \
           : infinirt_trace_u64, infinirtDim3                                  \
           : infinirt_trace_dim3, infinirtHostFn_t                             \
           : infinirt_trace_fn, struct infinirtMemLocation                     \
           : infinirt_trace_location, struct infinirtPitchedPtr                \
           : infinirt_trace_pitched, struct infinirtExtent                     \
           : infinirt_trace_extent, infinirtIpcMemHandle_t                     \
           : infinirt_trace_ipc_mem, infinirtIpcEventHandle_t                  \
           : infinirt_trace_ipc_event, default                                 \
           : infinirt_trace_ptr)(l, name, value)

/* A whole line for a call made of no table entry (the error functions). */
void infinirt_trace_simple(const char *func, infinirtError_t err);

#endif /* INFINIRT_CORE_TRACE_H_ */
