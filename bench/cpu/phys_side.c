/*
 * phys_side.c - the physical bar, measured in the same run as the contestants:
 * plain memcpy with one thread and with two (each copying a half), plain
 * malloc/free, and the cost of reading the clock (a cheap probe of how busy
 * the host is: about 22 ns when quiet here, more when contended).
 */
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static char *src, *dst;

/* Two-thread copies: a helper spins for work only while a run is going on,
 * so it steals no time from the other contestants' runs. */
static struct {
  _Alignas(64) atomic_uint go;
  _Alignas(64) atomic_uint done;
  atomic_int quit;
  size_t half;
  size_t len;
} H;

static void *helper_main(void *arg) {
  (void)arg;
  unsigned seen = 0;
  for (;;) {
    unsigned g;
    while ((g = atomic_load_explicit(&H.go, memory_order_acquire)) == seen &&
           !atomic_load_explicit(&H.quit, memory_order_relaxed))
      _mm_pause();
    if (g == seen)
      return NULL;
    seen = g;
    memcpy(dst + H.half, src + H.half, H.len - H.half);
    atomic_store_explicit(&H.done, seen, memory_order_release);
  }
}

int bench_phys_setup(const bench_params *p, char *err, size_t errlen) {
  src = aligned_alloc(4096, p->copy_bytes);
  dst = aligned_alloc(4096, p->copy_bytes);
  if (!src || !dst) {
    snprintf(err, errlen, "out of memory for 2 x %zu bytes", p->copy_bytes);
    return -1;
  }
  memset(src, 0x11, p->copy_bytes); /* pre-fault */
  memset(dst, 0x22, p->copy_bytes);
  return 0;
}

void bench_phys_teardown(void) {
  free(src);
  free(dst);
  src = dst = NULL;
}

void bench_phys_memcpy1(const bench_params *p, bench_result *r) {
  if (!src) {
    bench_fail(r, "no buffers");
    return;
  }
  double gbs[p->copy_iters];
  for (int i = -1; i < p->copy_iters; i++) {
    double t0 = bench_now_ns();
    memcpy(dst, src, p->copy_bytes);
    double t = bench_now_ns() - t0;
    if (i >= 0)
      gbs[i] = (double)p->copy_bytes / t;
  }
  r->v[0] = bench_median(gbs, p->copy_iters);
}

void bench_phys_memcpy2(const bench_params *p, bench_result *r) {
  if (!src) {
    bench_fail(r, "no buffers");
    return;
  }
  H.len = p->copy_bytes;
  H.half = (p->copy_bytes / 2) & ~(size_t)4095;
  atomic_store(&H.go, 0);
  atomic_store(&H.done, 0);
  atomic_store(&H.quit, 0);
  pthread_t t;
  if (pthread_create(&t, NULL, helper_main, NULL)) {
    bench_fail(r, "pthread_create failed");
    return;
  }
  double gbs[p->copy_iters];
  for (int i = -1; i < p->copy_iters; i++) {
    double t0 = bench_now_ns();
    unsigned g = atomic_load(&H.go) + 1;
    atomic_store_explicit(&H.go, g, memory_order_release);
    memcpy(dst, src, H.half);
    while (atomic_load_explicit(&H.done, memory_order_acquire) != g)
      _mm_pause();
    double t1 = bench_now_ns() - t0;
    if (i >= 0)
      gbs[i] = (double)p->copy_bytes / t1;
  }
  atomic_store(&H.quit, 1);
  pthread_join(t, NULL);
  r->v[0] = bench_median(gbs, p->copy_iters);
}

/* Keeps the compiler from eliding a malloc/free pair. */
static void *volatile sink;

void bench_phys_malloc(const bench_params *p, bench_result *r) {
  sink = malloc(p->alloc_bytes);
  free(sink);
  double t0 = bench_now_ns();
  for (int i = 0; i < p->alloc_n; i++) {
    sink = malloc(p->alloc_bytes);
    if (!sink) {
      bench_fail(r, "malloc(%zu) failed", p->alloc_bytes);
      return;
    }
    free(sink);
  }
  r->v[0] = (bench_now_ns() - t0) / p->alloc_n;
}

void bench_phys_clock(const bench_params *p, bench_result *r) {
  (void)p;
  enum { N = 200000 };
  volatile double s = 0;
  double t0 = bench_now_ns();
  for (int i = 0; i < N; i++)
    s += bench_now_ns();
  (void)s; /* a read, so clang does not call it set but unused */
  r->v[0] = (bench_now_ns() - t0) / N;
}
