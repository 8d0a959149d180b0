/* ops.c - helpers shared by the scheduler cases. */
#include <stdio.h>

#include "ops.h"

int bench_make_queues(const bench_ops *o, bench_result *r, bench_q *qs, int n) {
  for (int i = 0; i < n; i++)
    if (o->q_create(r, &qs[i])) {
      bench_result ignore = {0};
      bench_drop_queues(o, &ignore, qs, i);
      return -1;
    }
  return 0;
}

void bench_drop_queues(const bench_ops *o, bench_result *r, bench_q *qs,
                       int n) {
  for (int i = 0; i < n; i++) {
    bench_result one = {0};
    if (o->q_destroy(&one, qs[i]) && !r->err[0])
      bench_fail(r, "%s", one.err);
  }
}
