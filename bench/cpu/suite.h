/*
 * suite.h - bench_cpu's driver: the rows of the report (rows.c), the samples
 * they collect, and the printing of the report (report.c).
 */
#ifndef BENCH_CPU_SUITE_H_
#define BENCH_CPU_SUITE_H_

#include "bench.h"

#define MAX_REPS 51

enum target_kind {
  TARGET_NONE,
  TARGET_AT_MOST,     /* infinirt's median <= target (a time) */
  TARGET_AT_LEAST_P2, /* infinirt's median >= this run's 2-thread memcpy */
  TARGET_PEER,        /* infinirt's median <= PoCL's */
  TARGET_PEER_X2,     /* infinirt's median <= 2x PoCL's */
};

/* A row whose infinirt figure must also stay flat: within FLAT_FACTOR of the
 * row named by flat_ref (the same figure with 1 stream), or for counts
 * within FLAT_SLACK of it. */
#define FLAT_FACTOR 1.5
#define FLAT_SLACK 1.0

enum row_flags {
  ROW_HEAVY = 1,  /* runs in the first BENCH_HEAVY_REPS repeats, no warm-up */
  ROW_LATE = 2,   /* runs after every other case (it leaves streams behind
                     on a runtime that keeps them) */
  ROW_PINNED = 4, /* runs in a child process pinned to CPU 0 */
};

/* One figure measured by several contestants. */
typedef struct series {
  double v[MAX_REPS]; /* one per timed repeat */
  int n;
  char err[200]; /* set: no figure */
} series;

typedef struct row {
  const char *id;
  const char *what;    /* what is timed, per op/pair/round trip */
  const char *irt_op;  /* the infinirt calls */
  const char *peer_op; /* the PoCL calls */
  const char *spu_op;  /* the StarPU calls; NULL: StarPU has no such thing */
  const char *unit;    /* "ns", "GB/s", "threads", "KiB" */
  int higher_is_better;
  enum target_kind target_kind;
  double target;
  const char *flat_ref; /* NULL, or the row this one must stay flat to */
  int kase;             /* enum bench_case */
  int fig;              /* which figure of the case's result */
  int n;                /* batch size for this row's case; 0: BENCH_N */
  int arg;              /* bench_params.arg of this row's case */
  unsigned flags;       /* enum row_flags */
  series s[SIDE_COUNT];
} row;

/* Reference figures with no peer, measured in the same run. */
typedef struct ref_row {
  const char *id;
  const char *what;
  const char *unit;
  series s;
} ref_row;

enum { REF_MEMCPY1, REF_MEMCPY2, REF_MALLOC, REF_CLOCK, REF_COUNT };

typedef struct suite {
  bench_params p;
  int heavy_reps;
  row *rows;
  int nrows;
  ref_row refs[REF_COUNT];
  const char *desc[SIDE_COUNT];
  char pinned_how[200]; /* how the pinned rows ran */
  char started_utc[32];
  double wall_s;
} suite;

/* The report's rows (rows.c). */
extern row bench_rows[];
extern const int bench_nrows;

void report_print(const suite *s);

/* Pinned rows (pinned.c). In the parent: runs them in a child pinned to CPU
 * 0 and fills their series. In the child (bench_pinned_child() true): pins
 * the process, and after the set-up every thread of it. */
int bench_pinned_child(void);
void bench_pinned_run_child(suite *s);
void bench_pinned_pin_self(void);
void bench_pinned_pin_all(void);
/* The child's output: every series of the pinned rows. */
void bench_pinned_emit(const suite *s);

#endif /* BENCH_CPU_SUITE_H_ */
