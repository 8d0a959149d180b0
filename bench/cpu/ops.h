/*
 * ops.h - the few queue primitives the scheduler cases need, so each case
 * (streams.c, threads.c, dag.c, churn.c) is written once and runs on every
 * side: infinirt streams and events (irt_ops.c), PoCL command queues and
 * cl_events (ocl_ops.c), StarPU tasks and task dependencies (spu_side.c).
 *
 * Every primitive returns 0, or -1 with the reason in |r|. Tokens and queue
 * creation are used by one thread at a time; ops and syncs on distinct
 * queues may come from several threads (threads.c).
 */
#ifndef BENCH_CPU_OPS_H_
#define BENCH_CPU_OPS_H_

#include "bench.h"

typedef void *bench_q;   /* a stream / command queue (StarPU: none, NULL) */
typedef void *bench_tok; /* completes when one op or marker has */

typedef void (*bench_host_fn)(void *arg);

typedef struct bench_ops {
  const char *name;
  int runs_host_code; /* op runs its |fn|: the cases can check the order */
  int (*q_create)(bench_result *r, bench_q *q);
  int (*q_destroy)(bench_result *r, bench_q q);
  /* A token for the work enqueued on |q| so far (EventRecord, a marker);
   * NULL where the side has no such thing. */
  int (*mark)(bench_result *r, bench_q q, bench_tok *tok);
  /* Enqueues the empty op (a host function running |fn|(|arg|) where
   * runs_host_code, an empty kernel, an empty task) on |q| after the work of
   * every token in |waits|; with |tok|, also a token for the op. */
  int (*op)(bench_result *r, bench_q q, const bench_tok *waits, int nwaits,
            bench_host_fn fn, void *arg, bench_tok *tok);
  /* The caller needs |tok| no longer (its op may still be pending). */
  void (*tok_release)(bench_tok tok);
  int (*q_sync)(bench_result *r, bench_q q);
  /* Waits for everything: the device, or each of |qs|. */
  int (*sync_all)(bench_result *r, const bench_q *qs, int n);
  /* Stream-ordered memory on |q|; NULL where the side has none. */
  int (*mem_alloc)(bench_result *r, bench_q q, size_t bytes, void **m);
  int (*mem_fill)(bench_result *r, bench_q q, void *m, size_t bytes);
  int (*mem_free)(bench_result *r, bench_q q, void *m);
} bench_ops;

/* Each side's primitives; NULL where the side was not built. */
extern const bench_ops *const bench_irt_ops, *const bench_ocl_ops,
                                                 *const bench_spu_ops;

/* A scheduler case run on one side. */
typedef void (*bench_gfn)(const bench_ops *o, const bench_params *p,
                          bench_result *r);

/* Figures: v[0] create+destroy ns per stream, v[1] threads and v[2] RSS KiB
 * owned with arg streams alive, v[3] round-robin ns per op, v[4] ns per
 * fan-out round. */
void bench_case_streams(const bench_ops *o, const bench_params *p,
                        bench_result *r);
/* v[0] batch ns per op (all threads), v[1] ns per op + sync round trip
 * (wall time over all round trips of all threads). */
void bench_case_threads(const bench_ops *o, const bench_params *p,
                        bench_result *r);
void bench_case_threads_shared(const bench_ops *o, const bench_params *p,
                               bench_result *r);
/* v[0] ns per link. */
void bench_case_chain(const bench_ops *o, const bench_params *p,
                      bench_result *r);
/* v[0] ns per node. */
void bench_case_dag(const bench_ops *o, const bench_params *p, bench_result *r);
/* v[0] RSS KiB owned after free + sync, v[1] ns per alloc + free pair
 * (calling thread). */
void bench_case_churn(const bench_ops *o, const bench_params *p,
                      bench_result *r);

/* Runs |call| (0 or -1); on -1 leaves the enclosing function, which returns
 * void. */
#define OPS(call)                                                              \
  do {                                                                         \
    if ((call))                                                                \
      return;                                                                  \
  } while (0)

/* Creates |n| queues into |qs|; on failure destroys those made. */
int bench_make_queues(const bench_ops *o, bench_result *r, bench_q *qs, int n);
/* Destroys |n| queues, keeping the first error in |r|. */
void bench_drop_queues(const bench_ops *o, bench_result *r, bench_q *qs, int n);

#endif /* BENCH_CPU_OPS_H_ */
