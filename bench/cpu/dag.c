/*
 * dag.c - cross-stream dependencies: a chain whose link i runs on stream
 * i % chain_q after link i - 1 (so every link hops to another stream), and
 * a full fan-in DAG: layers of dag_w nodes, node j of a layer on stream j,
 * each waiting for every node of the layer above. Where the side runs host
 * code, every node checks that what it waits for has run.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "ops.h"

static atomic_long done, misordered;

/* Chain link i: exactly i links ran before it. */
static void chain_link(void *arg) {
  long i = (long)(intptr_t)arg;
  if (atomic_fetch_add(&done, 1) != i)
    atomic_fetch_add(&misordered, 1);
}

/* DAG node of layer l (of width w): the l * w nodes above ran before it. */
static long dag_w;
static void dag_node(void *arg) {
  long l = (long)(intptr_t)arg;
  if (atomic_load(&done) < l * dag_w)
    atomic_fetch_add(&misordered, 1);
  atomic_fetch_add(&done, 1);
}

static void check(const bench_ops *o, bench_result *r, long want) {
  if (r->err[0] || !o->runs_host_code)
    return;
  if (atomic_load(&done) != want)
    bench_fail(r, "%ld nodes ran, %ld were enqueued", atomic_load(&done), want);
  else if (atomic_load(&misordered))
    bench_fail(r, "%ld nodes ran before what they wait for",
               atomic_load(&misordered));
}

static void chain(const bench_ops *o, const bench_params *p, bench_result *r,
                  bench_q *qs, int nq) {
  bench_tok prev = NULL;
  double t0 = bench_now_ns();
  for (int i = 0; i < p->chain_n; i++) {
    bench_tok tok;
    int e = o->op(r, qs[i % nq], &prev, prev != NULL, chain_link,
                  (void *)(intptr_t)i, &tok);
    if (prev)
      o->tok_release(prev);
    if (e)
      return;
    prev = tok;
  }
  o->tok_release(prev);
  OPS(o->sync_all(r, qs, nq));
  r->v[0] = (bench_now_ns() - t0) / p->chain_n;
  check(o, r, p->chain_n);
}

static void release_all(const bench_ops *o, bench_tok *t, int n) {
  for (int i = 0; i < n; i++)
    if (t[i])
      o->tok_release(t[i]);
  for (int i = 0; i < n; i++)
    t[i] = NULL;
}

/* |prev| and |cur| hold w tokens each. */
static void dag(const bench_ops *o, const bench_params *p, bench_result *r,
                bench_q *qs, int w, bench_tok *prev, bench_tok *cur) {
  int layers = p->dag_n / w > 1 ? p->dag_n / w : 1;
  double t0 = bench_now_ns();
  for (int l = 0; l < layers; l++) {
    for (int j = 0; j < w; j++)
      if (o->op(r, qs[j], prev, l ? w : 0, dag_node, (void *)(intptr_t)l,
                &cur[j])) {
        release_all(o, cur, j);
        release_all(o, prev, w);
        return;
      }
    release_all(o, prev, w);
    bench_tok *t = prev;
    prev = cur;
    cur = t;
  }
  release_all(o, prev, w);
  OPS(o->sync_all(r, qs, w));
  r->v[0] = (bench_now_ns() - t0) / ((double)layers * w);
  check(o, r, (long)layers * w);
}

static bench_q *setup(const bench_ops *o, bench_result *r, int n) {
  atomic_store(&done, 0);
  atomic_store(&misordered, 0);
  bench_q *qs = calloc((size_t)n, sizeof *qs);
  if (!qs)
    bench_fail(r, "out of memory");
  else if (bench_make_queues(o, r, qs, n)) {
    free(qs);
    qs = NULL;
  }
  return qs;
}

void bench_case_chain(const bench_ops *o, const bench_params *p,
                      bench_result *r) {
  int nq = p->chain_q;
  bench_q *qs = setup(o, r, nq);
  if (!qs)
    return;
  chain(o, p, r, qs, nq);
  bench_drop_queues(o, r, qs, nq);
  free(qs);
}

void bench_case_dag(const bench_ops *o, const bench_params *p,
                    bench_result *r) {
  int w = p->dag_w;
  dag_w = w;
  bench_q *qs = setup(o, r, w);
  bench_tok *toks = qs ? calloc(2 * (size_t)w, sizeof *toks) : NULL;
  if (qs && !toks)
    bench_fail(r, "out of memory");
  if (toks)
    dag(o, p, r, qs, w, toks, toks + w);
  if (qs)
    bench_drop_queues(o, r, qs, w);
  free(toks);
  free(qs);
}
