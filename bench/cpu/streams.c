/*
 * streams.c - what arg streams cost: creating and destroying them, the
 * threads and memory they hold, ops issued round robin over them, and a
 * fan-out from a root stream to each of them (the root's marker, then on
 * every stream one op that waits for it).
 */
#include <stdlib.h>

#include "ops.h"

/* Rounds of arg creates + destroys before the streams kept for the rest. */
static double create_cost(const bench_ops *o, const bench_params *p,
                          bench_result *r, bench_q *qs, int n) {
  int rounds = p->create_n / n > 1 ? p->create_n / n : 1;
  double t0 = bench_now_ns();
  for (int k = 1; k < rounds; k++) {
    if (bench_make_queues(o, r, qs, n))
      return -1;
    bench_drop_queues(o, r, qs, n);
    if (r->err[0])
      return -1;
  }
  if (bench_make_queues(o, r, qs, n))
    return -1;
  return bench_now_ns() - t0;
}

static void round_robin(const bench_ops *o, const bench_params *p,
                        bench_result *r, bench_q *qs, int n) {
  double t0 = bench_now_ns();
  for (int i = 0; i < p->rr_ops; i++)
    OPS(o->op(r, qs[i % n], NULL, 0, NULL, NULL, NULL));
  OPS(o->sync_all(r, qs, n));
  r->v[3] = (bench_now_ns() - t0) / p->rr_ops;
}

/* qs[n] is the root. */
static void fan_out(const bench_ops *o, const bench_params *p, bench_result *r,
                    bench_q *qs, int n) {
  int rounds = p->fan_ops / n > 2 ? p->fan_ops / n : 2;
  double t0 = bench_now_ns();
  for (int k = 0; k < rounds; k++) {
    bench_tok root;
    OPS(o->mark(r, qs[n], &root));
    for (int i = 0; i < n; i++)
      if (o->op(r, qs[i], &root, 1, NULL, NULL, NULL)) {
        o->tok_release(root);
        return;
      }
    o->tok_release(root);
  }
  OPS(o->sync_all(r, qs, n + 1));
  r->v[4] = (bench_now_ns() - t0) / rounds;
}

void bench_case_streams(const bench_ops *o, const bench_params *p,
                        bench_result *r) {
  int n = p->arg > 0 ? p->arg : 1;
  bench_q *qs = calloc((size_t)n + 1, sizeof *qs);
  if (!qs) {
    bench_fail(r, "out of memory");
    return;
  }
  bench_proc_held("streams", o); /* the first run: the zero */
  double t_make = create_cost(o, p, r, qs, n);
  if (t_make < 0) {
    free(qs);
    return;
  }
  if (!o->q_create(r, &qs[n])) {
    /* Work on every stream first: a runtime may start threads lazily. */
    round_robin(o, p, r, qs, n);
    bench_usage u = bench_proc_held("streams", o);
    r->v[1] = u.threads;
    r->v[2] = u.rss_kib;
    if (!r->err[0])
      fan_out(o, p, r, qs, n);
    bench_drop_queues(o, r, qs + n, 1);
  }
  double t0 = bench_now_ns();
  bench_drop_queues(o, r, qs, n);
  double t_drop = bench_now_ns() - t0;
  int rounds = p->create_n / n > 1 ? p->create_n / n : 1;
  r->v[0] = (t_make + t_drop) / ((double)rounds * n);
  free(qs);
}
