/* trace.c - INFINIRT_TRACE: one line per call on stderr. */
#include "trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

#include "env.h"
#include "thread_state.h"

int infinirt_trace_enabled;
/* INFINIRT_TRACE=profiler: the profiler calls switch the trace. */
static bool profiler_range;

__attribute__((constructor)) static void trace_init(void) {
  const char *v = infinirt_env_string("INFINIRT_TRACE");
  if (v && strcasecmp(v, "profiler") == 0)
    profiler_range = true;
  else
    infinirt_trace_enabled = infinirt_env_bool("INFINIRT_TRACE", false);
}

void infinirt_profiler_range(bool started) {
  if (profiler_range)
    __atomic_store_n(&infinirt_trace_enabled, started ? 1 : 0,
                     __ATOMIC_RELAXED);
}

uint64_t infinirt_trace_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void put(infinirt_trace_line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(infinirt_trace_line *l, const char *fmt, ...) {
  if (l->len >= sizeof l->text - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(l->text + l->len, sizeof l->text - l->len, fmt, ap);
  va_end(ap);
  if (n > 0)
    l->len += (size_t)n < sizeof l->text - l->len ? (size_t)n
                                                  : sizeof l->text - l->len - 1;
}

void infinirt_trace_open(infinirt_trace_line *l, const char *func) {
  l->len = 0;
  l->nargs = 0;
  put(l, "infinirt-trace: %s(", func);
}

static void name_of(infinirt_trace_line *l, const char *name) {
  put(l, "%s%s=", l->nargs++ ? ", " : "", name);
}

void infinirt_trace_int(infinirt_trace_line *l, const char *name, int v) {
  name_of(l, name);
  put(l, "%d", v);
}

void infinirt_trace_uint(infinirt_trace_line *l, const char *name, unsigned v) {
  name_of(l, name);
  put(l, "%u", v);
}

void infinirt_trace_size(infinirt_trace_line *l, const char *name, size_t v) {
  name_of(l, name);
  put(l, "%zu", v);
}

void infinirt_trace_u64(infinirt_trace_line *l, const char *name,
                        unsigned long long v) {
  name_of(l, name);
  put(l, "0x%llx", v);
}

void infinirt_trace_dim3(infinirt_trace_line *l, const char *name,
                         infinirtDim3 v) {
  name_of(l, name);
  put(l, "(%u,%u,%u)", v.x, v.y, v.z);
}

void infinirt_trace_pitched(infinirt_trace_line *l, const char *name,
                            struct infinirtPitchedPtr v) {
  name_of(l, name);
  put(l, "{%p,pitch=%zu,%zux%zu}", v.ptr, v.pitch, v.xsize, v.ysize);
}

void infinirt_trace_extent(infinirt_trace_line *l, const char *name,
                           struct infinirtExtent v) {
  name_of(l, name);
  put(l, "(%zu,%zu,%zu)", v.width, v.height, v.depth);
}

void infinirt_trace_fn(infinirt_trace_line *l, const char *name,
                       infinirtHostFn_t v) {
  name_of(l, name);
  put(l, "%p", *(void **)&v);
}

void infinirt_trace_location(infinirt_trace_line *l, const char *name,
                             struct infinirtMemLocation v) {
  name_of(l, name);
  put(l, "{type=%d,id=%d}", (int)v.type, v.id);
}

void infinirt_trace_ptr(infinirt_trace_line *l, const char *name,
                        const void *v) {
  name_of(l, name);
  put(l, "%p", v);
}

/* The first 16 of the handle's 64 bytes, enough to tell handles apart. */
static void trace_bytes(infinirt_trace_line *l, const char *name,
                        const char *bytes) {
  name_of(l, name);
  put(l, "<");
  for (int i = 0; i < 16; i++)
    put(l, "%02x", (unsigned char)bytes[i]);
  put(l, "...>");
}

void infinirt_trace_ipc_mem(infinirt_trace_line *l, const char *name,
                            infinirtIpcMemHandle_t v) {
  trace_bytes(l, name, v.reserved);
}

void infinirt_trace_ipc_event(infinirt_trace_line *l, const char *name,
                              infinirtIpcEventHandle_t v) {
  trace_bytes(l, name, v.reserved);
}

void infinirt_trace_close(infinirt_trace_line *l, infinirtError_t err,
                          uint64_t t0) {
  double us = (double)(infinirt_trace_clock() - t0) / 1000.0;
  if (err == infinirtSuccess || err == infinirtErrorNotReady)
    put(l, ") -> %s (%.3f us)", infinirtGetErrorName(err), us);
  else
    put(l, ") -> %s [%s] (%.3f us)", infinirtGetErrorName(err),
        infinirtExtGetLastErrorDetail(), us);
  /* One write per line so lines from different threads do not interleave. */
  fprintf(stderr, "%s\n", l->text);
}

void infinirt_trace_simple(const char *func, infinirtError_t err) {
  infinirt_trace_line l;
  infinirt_trace_open(&l, func);
  infinirt_trace_close(&l, err, infinirt_trace_clock());
}
