/*
 * suite.h - bench_cpu's driver: the rows of the report, the samples they
 * collect, and the printing of the report (report.c).
 */
#ifndef BENCH_CPU_SUITE_H_
#define BENCH_CPU_SUITE_H_

#include "bench.h"

#define MAX_REPS 51

enum target_kind {
  TARGET_NONE,
  TARGET_AT_MOST,     /* infinirt's median <= target (a time) */
  TARGET_AT_LEAST_P2, /* infinirt's median >= this run's 2-thread memcpy */
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
  const char *unit;    /* "ns" or "GB/s" */
  int higher_is_better;
  enum target_kind target_kind;
  double target;
  int kase; /* enum bench_case */
  int fig;  /* which figure of the case's result: 0 or 1 */
  series irt, peer;
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
  row *rows;
  int nrows;
  ref_row refs[REF_COUNT];
  const char *irt_desc, *peer_desc;
  char started_utc[32];
  double wall_s;
} suite;

void report_print(const suite *s);

#endif /* BENCH_CPU_SUITE_H_ */
