/* example_util.c - random inputs and verdict messages for the examples. */
#include "example_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "infinirt_example_kernels.h"

uint64_t ex_fresh_seed(void) {
  static _Atomic uint64_t counter;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t s = (uint64_t)ts.tv_sec * 1000000007u + (uint64_t)ts.tv_nsec;
  s ^= (uint64_t)getpid() << 32;
  s += 0x9e3779b97f4a7c15u * ++counter;
  return s ? s : 1;
}

void ex_rng_init(ex_rng *r, uint64_t seed) {
  r->s = seed ? seed : 1;
}

static uint64_t ex_next(ex_rng *r) {
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 0x2545f4914f6cdd1du;
}

float ex_rng_float(ex_rng *r, float lo, float hi) {
  float u = (float)(ex_next(r) >> 40) / (float)(1u << 24);
  return lo + (hi - lo) * u;
}

void ex_fill(ex_rng *r, float *x, size_t n, float lo, float hi) {
  for (size_t i = 0; i < n; i++)
    x[i] = ex_rng_float(r, lo, hi);
}

static void ex_vwrite(ex_out *o, const char *fmt, va_list ap) {
  if (!o->msg || !o->len)
    return;
  int k = vsnprintf(o->msg, o->len, fmt, ap);
  if (k >= 0 && (size_t)k < o->len)
    snprintf(o->msg + k, o->len - (size_t)k, " (seed %llu)",
             (unsigned long long)o->seed);
}

int ex_fail(ex_out *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ex_vwrite(o, fmt, ap);
  va_end(ap);
  return INFINIRT_EXAMPLE_FAIL;
}

int ex_pass(ex_out *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ex_vwrite(o, fmt, ap);
  va_end(ap);
  return INFINIRT_EXAMPLE_PASS;
}

int ex_fail_call(ex_out *o, const char *call, infinirtError_t err) {
  return ex_fail(o, "%s failed: %s: %s", call, infinirtGetErrorName(err),
                 infinirtExtGetLastErrorDetail());
}

int ex_close(double x, double ref, double abs_tol, double rel_tol) {
  return fabs(x - ref) <= abs_tol + rel_tol * fabs(ref);
}
