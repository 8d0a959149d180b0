/*
 * threads.c - arg host threads submitting at once, each on its own stream or
 * all on one shared stream: a batch of ops then a sync per thread, and op +
 * sync round trips. Figures are wall time over all ops of all threads, from
 * the release of a barrier to the last thread done.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "ops.h"

typedef struct job {
  const bench_ops *o;
  bench_q q;
  int batch, trips;
  pthread_barrier_t *go;
  atomic_int *gate; /* 1: the barrier is ready; -1: leave */
  atomic_long *ran;
  bench_result r;
} job;

static void count(void *arg) {
  atomic_fetch_add_explicit((atomic_long *)arg, 1, memory_order_relaxed);
}

static void batch(job *j) {
  for (int i = 0; i < j->batch; i++)
    OPS(j->o->op(&j->r, j->q, NULL, 0, count, j->ran, NULL));
  OPS(j->o->q_sync(&j->r, j->q));
}

static void trips(job *j) {
  for (int i = 0; i < j->trips; i++) {
    OPS(j->o->op(&j->r, j->q, NULL, 0, count, j->ran, NULL));
    OPS(j->o->q_sync(&j->r, j->q));
  }
}

/* Four barriers: start and end of the batch, start and end of the trips;
 * a thread that failed still meets every barrier. */
static void *thread_main(void *arg) {
  job *j = arg;
  int g;
  while (!(g = atomic_load(j->gate)))
    sched_yield();
  if (g < 0)
    return NULL;
  pthread_barrier_wait(j->go);
  batch(j);
  pthread_barrier_wait(j->go);
  pthread_barrier_wait(j->go);
  if (!j->r.err[0])
    trips(j);
  pthread_barrier_wait(j->go);
  return NULL;
}

static void run(const bench_ops *o, const bench_params *p, bench_result *r,
                int shared) {
  int n = p->arg > 0 ? p->arg : 1, nq = shared ? 1 : n;
  int per_batch = p->thr_ops / n > 1 ? p->thr_ops / n : 1;
  int per_trip = p->thr_rt / n > 1 ? p->thr_rt / n : 1;
  bench_q *qs = calloc((size_t)nq, sizeof *qs);
  job *jobs = calloc((size_t)n, sizeof *jobs);
  pthread_t *tids = calloc((size_t)n, sizeof *tids);
  pthread_barrier_t go;
  atomic_long ran = 0;
  atomic_int gate = 0;
  if (!qs || !jobs || !tids) {
    bench_fail(r, "out of memory");
    goto out;
  }
  if (bench_make_queues(o, r, qs, nq))
    goto out;
  int started = 0;
  for (int i = 0; i < n; i++) {
    jobs[i] = (job){.o = o,
                    .q = qs[shared ? 0 : i],
                    .batch = per_batch,
                    .trips = per_trip,
                    .go = &go,
                    .gate = &gate,
                    .ran = &ran};
    if (pthread_create(&tids[i], NULL, thread_main, &jobs[i]))
      break;
    started++;
  }
  if (started < n) {
    atomic_store(&gate, -1);
    for (int i = 0; i < started; i++)
      pthread_join(tids[i], NULL);
    bench_fail(r, "pthread_create failed after %d threads", started);
    bench_drop_queues(o, r, qs, nq);
    goto out;
  }
  pthread_barrier_init(&go, NULL, (unsigned)n + 1);
  atomic_store(&gate, 1);
  double t0 = bench_now_ns();
  pthread_barrier_wait(&go);
  pthread_barrier_wait(&go);
  double t1 = bench_now_ns();
  pthread_barrier_wait(&go);
  pthread_barrier_wait(&go);
  double t2 = bench_now_ns();
  for (int i = 0; i < n; i++) {
    pthread_join(tids[i], NULL);
    if (jobs[i].r.err[0] && !r->err[0])
      bench_fail(r, "%s", jobs[i].r.err);
  }
  pthread_barrier_destroy(&go);
  r->v[0] = (t1 - t0) / ((double)per_batch * n);
  r->v[1] = (t2 - t1) / ((double)per_trip * n);
  long want = ((long)per_batch + per_trip) * n;
  if (!r->err[0] && o->runs_host_code && atomic_load(&ran) != want)
    bench_fail(r, "%ld host functions ran, %ld were launched",
               atomic_load(&ran), want);
  bench_drop_queues(o, r, qs, nq);
out:
  free(qs);
  free(jobs);
  free(tids);
}

void bench_case_threads(const bench_ops *o, const bench_params *p,
                        bench_result *r) {
  run(o, p, r, 0);
}

void bench_case_threads_shared(const bench_ops *o, const bench_params *p,
                               bench_result *r) {
  run(o, p, r, 1);
}
