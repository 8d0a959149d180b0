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
  /* The scheduler cases (streams.c, threads.c, dag.c, churn.c). */
  int arg;          /* the row's variant: streams or host threads */
  int create_n;     /* streams created + destroyed per run, in rounds of arg */
  int rr_ops;       /* ops issued round robin over the streams per run */
  int fan_ops;      /* fan-out branches per run (rounds = fan_ops / arg) */
  int thr_ops;      /* ops per run in the host-thread batch, all threads */
  int thr_rt;       /* round trips per run, all threads */
  int chain_n;      /* links of the chain over chain_q streams */
  int chain_q;      /* streams of the chain */
  int dag_w;        /* width of the fan-in DAG */
  int dag_n;        /* nodes of the DAG per run */
  int churn_blocks; /* blocks alive at once in the churn */
  size_t churn_bytes; /* their mean size */
  int churn_rounds;   /* alloc-touch-free rounds per run */
} bench_params;

/* What one run of a contestant produced. */
#define BENCH_FIGS 5
typedef struct bench_result {
  double v[BENCH_FIGS]; /* v[0]: the figure; v[1..]: more (enqueue-only cost,
                           or the figures of a scheduler case) */
  char err[200];        /* non-empty: this contestant cannot run this case */
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
  /* Optional, around every run of this side's cases: a runtime whose idle
   * workers spin is woken here and put to sleep again after. */
  void (*run_begin)(void);
  void (*run_end)(void);
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
  /* Written once over bench_ops (ops.h), run for every side with ops. */
  CASE_STREAMS,    /* arg streams: create, threads, RSS, round robin, fan-out */
  CASE_THREADS,    /* arg host threads, one stream each: batch, round trip */
  CASE_THREADS_SH, /* arg host threads on one shared stream */
  CASE_CHAIN,      /* a chain hopping over chain_q streams */
  CASE_DAG,        /* layers of dag_w nodes, each waits the whole layer above */
  CASE_CHURN,      /* alloc-touch-free rounds: RSS after free + sync */
  CASE_COUNT
};

/* The contestants, in the order of the report's columns. */
enum bench_side_id { SIDE_IRT, SIDE_OCL, SIDE_SPU, SIDE_COUNT };

/* Each side's case functions, indexed by enum bench_case. */
extern const bench_side bench_irt_side, bench_ocl_side, bench_spu_side;
extern const bench_fn bench_irt_cases[CASE_COUNT];
extern const bench_fn bench_ocl_cases[CASE_COUNT];
extern const bench_fn bench_spu_cases[CASE_COUNT];

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

/* --- process usage (proc.c) ----------------------------------------------
 * The sides share one process, so a side's threads and resident memory are
 * the process figures minus the baseline taken after every side was set up,
 * minus what the runs of the other sides left behind (the driver brackets
 * every run with bench_proc_begin/end). */
typedef struct bench_usage {
  double threads; /* /proc/self/status Threads */
  double rss_kib; /* /proc/self/status VmRSS */
} bench_usage;

bench_usage bench_proc_now(void);
/* Takes the baseline (after set-up). */
void bench_proc_baseline(void);
void bench_proc_begin(int side);
void bench_proc_end(void);
/* The running side's share of the process now. */
bench_usage bench_proc_own(void);
/* The running side's share now minus its share at the first call with the
 * same |tag| and |who| (that first call returns zeros): what a case holds
 * across its runs, apart from what the side's other cases hold. */
bench_usage bench_proc_held(const char *tag, const void *who);

#endif /* BENCH_CPU_BENCH_H_ */
