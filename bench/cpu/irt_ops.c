/*
 * irt_ops.c - the scheduler primitives on infinirt: a queue is a
 * non-blocking stream, a token an event (DisableTiming, from a free list, as
 * a CUDA program reuses its events), a wait StreamWaitEvent, the op an empty
 * host function, "sync all" DeviceSynchronize.
 */
#include <stdlib.h>

#include "irt.h"
#include "ops.h"

static struct {
  infinirtEvent_t *free;
  int n, cap;
} pool;

static int q_create(bench_result *r, bench_q *q) {
  IRT_INT(r, "StreamCreateWithFlags",
          infinirtStreamCreateWithFlags((infinirtStream_t *)q,
                                        infinirtStreamNonBlocking));
  return 0;
}

static int q_destroy(bench_result *r, bench_q q) {
  IRT_INT(r, "StreamDestroy", infinirtStreamDestroy(q));
  return 0;
}

static int get_event(bench_result *r, infinirtEvent_t *ev) {
  if (pool.n > 0) {
    *ev = pool.free[--pool.n];
    return 0;
  }
  IRT_INT(r, "EventCreateWithFlags",
          infinirtEventCreateWithFlags(ev, infinirtEventDisableTiming));
  return 0;
}

static void tok_release(bench_tok tok) {
  if (pool.n == pool.cap) {
    int cap = pool.cap ? 2 * pool.cap : 64;
    infinirtEvent_t *f = realloc(pool.free, (size_t)cap * sizeof *f);
    if (!f) {
      infinirtEventDestroy(tok);
      return;
    }
    pool.free = f;
    pool.cap = cap;
  }
  pool.free[pool.n++] = tok;
}

static int mark(bench_result *r, bench_q q, bench_tok *tok) {
  infinirtEvent_t ev;
  if (get_event(r, &ev))
    return -1;
  infinirtError_t e = infinirtEventRecord(ev, q);
  if (e != infinirtSuccess) {
    bench_irt_fail(r, "EventRecord", e);
    tok_release(ev);
    return -1;
  }
  *tok = ev;
  return 0;
}

static void empty(void *arg) {
  (void)arg;
}

static int op(bench_result *r, bench_q q, const bench_tok *waits, int nwaits,
              bench_host_fn fn, void *arg, bench_tok *tok) {
  for (int i = 0; i < nwaits; i++)
    IRT_INT(r, "StreamWaitEvent", infinirtStreamWaitEvent(q, waits[i], 0));
  IRT_INT(r, "LaunchHostFunc", infinirtLaunchHostFunc(q, fn ? fn : empty, arg));
  return tok ? mark(r, q, tok) : 0;
}

static int q_sync(bench_result *r, bench_q q) {
  IRT_INT(r, "StreamSynchronize", infinirtStreamSynchronize(q));
  return 0;
}

static int sync_all(bench_result *r, const bench_q *qs, int n) {
  (void)qs;
  (void)n;
  IRT_INT(r, "DeviceSynchronize", infinirtDeviceSynchronize());
  return 0;
}

static int mem_alloc(bench_result *r, bench_q q, size_t bytes, void **m) {
  IRT_INT(r, "MallocAsync", infinirtMallocAsync(m, bytes, q));
  return 0;
}

static int mem_fill(bench_result *r, bench_q q, void *m, size_t bytes) {
  IRT_INT(r, "MemsetAsync", infinirtMemsetAsync(m, 0x3c, bytes, q));
  return 0;
}

static int mem_free(bench_result *r, bench_q q, void *m) {
  IRT_INT(r, "FreeAsync", infinirtFreeAsync(m, q));
  return 0;
}

/* Called by irt_side.c's teardown. */
void bench_irt_ops_teardown(void) {
  for (int i = 0; i < pool.n; i++)
    infinirtEventDestroy(pool.free[i]);
  free(pool.free);
  pool.free = NULL;
  pool.n = pool.cap = 0;
}

static const bench_ops ops = {
    .name = "infinirt",
    .runs_host_code = 1,
    .q_create = q_create,
    .q_destroy = q_destroy,
    .mark = mark,
    .op = op,
    .tok_release = tok_release,
    .q_sync = q_sync,
    .sync_all = sync_all,
    .mem_alloc = mem_alloc,
    .mem_fill = mem_fill,
    .mem_free = mem_free,
};
const bench_ops *const bench_irt_ops = &ops;
