/*
 * churn.c - stream-ordered memory under churn: rounds of churn_blocks
 * allocations of mixed sizes (1/2 to 2x churn_bytes), each filled on the
 * stream so its pages are really used, then all freed; after the last round
 * and a sync, the resident memory this side still holds. A runtime that
 * keeps freed blocks past the sync shows them here (counted from before
 * this side's first churn run, so across the churn runs).
 */
#include <stdlib.h>

#include "ops.h"

static size_t block_bytes(const bench_params *p, int round, int i) {
  return p->churn_bytes * (size_t)(1 + (i + round) % 4) / 2;
}

void bench_case_churn(const bench_ops *o, const bench_params *p,
                      bench_result *r) {
  if (!o->mem_alloc) {
    bench_fail(r, "%s has no stream-ordered memory", o->name);
    return;
  }
  int n = p->churn_blocks;
  void **m = calloc((size_t)n, sizeof *m);
  bench_q q = NULL;
  if (!m) {
    bench_fail(r, "out of memory");
    return;
  }
  bench_proc_held("churn", o); /* the first run: the zero */
  if (o->q_create(r, &q)) {
    free(m);
    return;
  }
  double calls = 0; /* time in the alloc and free calls */
  for (int k = 0; k < p->churn_rounds && !r->err[0]; k++) {
    int made = 0;
    double t0 = bench_now_ns();
    for (; made < n; made++)
      if (o->mem_alloc(r, q, block_bytes(p, k, made), &m[made]))
        break;
    calls += bench_now_ns() - t0;
    for (int i = 0; i < made && !r->err[0]; i++)
      o->mem_fill(r, q, m[i], block_bytes(p, k, i));
    t0 = bench_now_ns();
    for (int i = 0; i < made; i++) {
      bench_result one = {0};
      if (o->mem_free(&one, q, m[i]) && !r->err[0])
        bench_fail(r, "%s", one.err);
    }
    calls += bench_now_ns() - t0;
  }
  if (!r->err[0] && !o->q_sync(r, q)) {
    r->v[0] = bench_proc_held("churn", o).rss_kib;
    r->v[1] = calls / ((double)p->churn_rounds * n);
  }
  bench_drop_queues(o, r, &q, 1);
  free(m);
}
