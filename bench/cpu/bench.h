/*
 * bench.h - the contract between bench_cpu's driver and its contestants.
 *
 * A contestant (infinirt, PoCL, a physical reference) runs one measurement of
 * one case per call and returns the figure of that run. The driver calls the
 * contestants of a case in turn, several times, and reports medians, so that
 * host drift on this shared 2-vCPU machine hits every contestant alike.
 */
#ifndef BENCH_CPU_BENCH_H_
#define BENCH_CPU_BENCH_H_

#include <stddef.h>

/* Sizes and counts of one suite run; from BENCH_* environment variables. */
typedef struct bench_params {
  int reps;           /* timed interleaved repeats (plus one warm-up) */
  int batch_n;        /* small async ops per batch */
  int rt_iters;       /* round trips per run (the run's figure: their median) */
  size_t copy_bytes;  /* bandwidth buffer size */
  int copy_iters;     /* copies per run (the run's figure: their median) */
  int alloc_n;        /* alloc/free pairs per run */
  size_t alloc_bytes; /* size of each allocation */
  int settle_us;      /* idle time before each run, so the other side's
                         spinning workers have parked */
} bench_params;

/* What one run of a contestant produced. */
typedef struct bench_result {
  double v[2];   /* v[0]: the figure; v[1]: a second one (enqueue-only cost) */
  char err[200]; /* non-empty: this contestant cannot run this case */
} bench_result;

typedef void (*bench_fn)(const bench_params *p, bench_result *r);

/* One side of the comparison: set up once, then one function per case (NULL
 * where the side has no equivalent). */
typedef struct bench_side {
  const char *name;
  /* Prepares streams, queues and buffers. Returns 0, or -1 with the reason in
   * |err| (then every case of this side reports it). */
  int (*setup)(const bench_params *p, char *err, size_t errlen);
  void (*teardown)(void);
  /* A line describing the device, for the report header. */
  const char *(*describe)(void);
} bench_side;

/* Case identifiers shared by the sides. */
enum bench_case {
  CASE_SMALL_COPY, /* batch of 4-byte async copies, one sync */
  CASE_SMALL_FUNC, /* batch of empty host functions / empty kernels */
  CASE_SMALL_MARK, /* batch of event records / markers */
  CASE_RT_FUNC,    /* one no-op command + queue-wide wait */
  CASE_RT_SET,     /* 4-byte async memset + queue-wide wait */
  CASE_EVENT,      /* record an event + wait for that event */
  CASE_COPY_BW,    /* big async copy + wait, GB/s */
  CASE_ALLOC,      /* stream-ordered alloc/free pairs */
  CASE_COUNT
};

/* Each side's case functions, indexed by enum bench_case. */
extern const bench_side bench_irt_side, bench_ocl_side;
extern const bench_fn bench_irt_cases[CASE_COUNT];
extern const bench_fn bench_ocl_cases[CASE_COUNT];

/* Physical references (plain libc on host memory). */
int bench_phys_setup(const bench_params *p, char *err, size_t errlen);
void bench_phys_teardown(void);
void bench_phys_memcpy1(const bench_params *p, bench_result *r);
void bench_phys_memcpy2(const bench_params *p, bench_result *r);
void bench_phys_malloc(const bench_params *p, bench_result *r);
void bench_phys_clock(const bench_params *p, bench_result *r);

/* --- helpers (util.c) ----------------------------------------------------- */

double bench_now_ns(void);
/* Median of |v[0..n)|, sorting |v| in place. */
double bench_median(double *v, int n);
void bench_fail(bench_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reads a positive integer from the environment, else |dflt|. */
long bench_env_long(const char *name, long dflt);

#endif /* BENCH_CPU_BENCH_H_ */
