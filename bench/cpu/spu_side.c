/*
 * spu_side.c - the StarPU contestant: empty CPU tasks on StarPU's workers
 * (one per core unless STARPU_NCPU says otherwise; the scheduler is
 * STARPU_SCHED, StarPU's default lws if unset). StarPU has tasks and task
 * dependencies but no streams, so it takes part in the cases made of tasks:
 * batches, round trips, host threads submitting, the chain and the DAG.
 * A sync is starpu_task_wait_for_all (StarPU has no per-queue wait).
 * StarPU is paused (starpu_pause) outside its own runs.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <starpu.h>

#include "ops.h"

static struct {
  int up;
  char err[200];
  char desc[200];
} S;

static atomic_long ran;
/* The host function of the cases' tasks: one case runs at a time. */
static _Atomic(bench_host_fn) task_fn;

static void count(void *bufs[], void *arg) {
  (void)bufs;
  (void)arg;
  atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
}

static void call(void *bufs[], void *arg) {
  (void)bufs;
  atomic_load_explicit(&task_fn, memory_order_relaxed)(arg);
}

static void empty(void *bufs[], void *arg) {
  (void)bufs;
  (void)arg;
}

static struct starpu_codelet cl_count = {
    .where = STARPU_CPU, .cpu_funcs = {count}, .nbuffers = 0, .name = "count"};
static struct starpu_codelet cl_call = {
    .where = STARPU_CPU, .cpu_funcs = {call}, .nbuffers = 0, .name = "call"};
static struct starpu_codelet cl_empty = {
    .where = STARPU_CPU, .cpu_funcs = {empty}, .nbuffers = 0, .name = "empty"};

/* StarPU's own OpenCL and CUDA drivers stay off: PoCL is the other peer. */
static void default_env(void) {
  setenv("STARPU_NCUDA", "0", 0);
  setenv("STARPU_NOPENCL", "0", 0);
  setenv("STARPU_NMPI_MS", "0", 0);
  setenv("STARPU_CALIBRATE", "0", 0);
  setenv("STARPU_SILENT", "1", 0);
}

static int spu_setup(const bench_params *p, char *err, size_t errlen) {
  (void)p;
  memset(&S, 0, sizeof S);
  default_env();
  int e = starpu_init(NULL);
  if (e) {
    snprintf(S.err, sizeof S.err, "starpu_init returned %d", e);
    snprintf(err, errlen, "%s", S.err);
    return -1;
  }
  S.up = 1;
  /* Idle StarPU workers poll without end: asleep between StarPU's runs,
   * they leave the cores to the other sides. */
  starpu_pause();
  const char *sched = getenv("STARPU_SCHED");
  snprintf(S.desc, sizeof S.desc, "StarPU %d.%d.%d, sched=%s, %u CPU workers",
           STARPU_MAJOR_VERSION, STARPU_MINOR_VERSION, STARPU_RELEASE_VERSION,
           sched && *sched ? sched : "lws (default)",
           starpu_cpu_worker_get_count());
  return 0;
}

static void spu_teardown(void) {
  if (S.up) {
    starpu_resume();
    starpu_shutdown();
  }
  S.up = 0;
}

static void spu_run_begin(void) {
  if (S.up)
    starpu_resume();
}

static void spu_run_end(void) {
  if (S.up)
    starpu_pause();
}

static const char *spu_describe(void) {
  return S.desc[0] ? S.desc : "StarPU not started";
}

static int ready(bench_result *r) {
  if (!S.up) {
    bench_fail(r, "%s", S.err[0] ? S.err : "StarPU not started");
    return 0;
  }
  return 1;
}

static int submit(bench_result *r, struct starpu_task *t) {
  int e = starpu_task_submit(t);
  if (e) {
    bench_fail(r, "starpu_task_submit returned %d", e);
    return -1;
  }
  return 0;
}

/* Tasks that served as tokens (destroy = 0), destroyed at the next sync. */
static struct {
  pthread_mutex_t lock;
  struct starpu_task **t;
  int n, cap;
} done_toks = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

static void tok_release(bench_tok tok) {
  pthread_mutex_lock(&done_toks.lock);
  if (done_toks.n == done_toks.cap) {
    int cap = done_toks.cap ? 2 * done_toks.cap : 1024;
    void *t = realloc(done_toks.t, (size_t)cap * sizeof *done_toks.t);
    if (!t) {
      /* Leaked rather than destroyed while it may still run. */
      pthread_mutex_unlock(&done_toks.lock);
      return;
    }
    done_toks.t = t;
    done_toks.cap = cap;
  }
  done_toks.t[done_toks.n++] = tok;
  pthread_mutex_unlock(&done_toks.lock);
}

static int wait_all(bench_result *r) {
  int e = starpu_task_wait_for_all();
  if (e) {
    bench_fail(r, "starpu_task_wait_for_all returned %d", e);
    return -1;
  }
  pthread_mutex_lock(&done_toks.lock);
  for (int i = 0; i < done_toks.n; i++)
    starpu_task_destroy(done_toks.t[i]);
  done_toks.n = 0;
  pthread_mutex_unlock(&done_toks.lock);
  return 0;
}

/* --- cases of the original table ---------------------------------------- */

static void small_func(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  atomic_store(&ran, 0);
  double t0 = bench_now_ns();
  for (int i = 0; i < p->batch_n; i++) {
    struct starpu_task *t = starpu_task_create();
    t->cl = &cl_count;
    if (submit(r, t))
      return;
  }
  double t1 = bench_now_ns();
  if (wait_all(r))
    return;
  double t2 = bench_now_ns();
  r->v[0] = (t2 - t0) / p->batch_n;
  r->v[1] = (t1 - t0) / p->batch_n;
  if (atomic_load(&ran) != p->batch_n)
    bench_fail(r, "%ld tasks ran, %d were submitted", atomic_load(&ran),
               p->batch_n);
}

static void rt_func(const bench_params *p, bench_result *r) {
  if (!ready(r))
    return;
  double *lat = malloc(sizeof *lat * (size_t)p->rt_iters);
  if (!lat) {
    bench_fail(r, "out of memory");
    return;
  }
  for (int i = -10; i < p->rt_iters && !r->err[0]; i++) {
    struct starpu_task *t = starpu_task_create();
    t->cl = &cl_empty;
    t->detach = 0; /* so that starpu_task_wait may wait for it */
    t->destroy = 0;
    double t0 = bench_now_ns();
    if (submit(r, t)) {
      starpu_task_destroy(t);
      break;
    }
    int e = starpu_task_wait(t);
    double el = bench_now_ns() - t0;
    starpu_task_destroy(t);
    if (e)
      bench_fail(r, "starpu_task_wait returned %d", e);
    else if (i >= 0)
      lat[i] = el;
  }
  if (!r->err[0])
    r->v[0] = bench_median(lat, p->rt_iters);
  free(lat);
}

const bench_side bench_spu_side = {
    .name = "StarPU",
    .setup = spu_setup,
    .teardown = spu_teardown,
    .describe = spu_describe,
    .run_begin = spu_run_begin,
    .run_end = spu_run_end,
};

const bench_fn bench_spu_cases[CASE_COUNT] = {
    [CASE_SMALL_FUNC] = small_func,
    [CASE_RT_FUNC] = rt_func,
};

/* --- scheduler primitives ----------------------------------------------- */

static int q_create(bench_result *r, bench_q *q) {
  *q = NULL;
  return ready(r) ? 0 : -1;
}

static int q_destroy(bench_result *r, bench_q q) {
  (void)r;
  (void)q;
  return 0;
}

static int mark(bench_result *r, bench_q q, bench_tok *tok) {
  (void)q;
  (void)tok;
  bench_fail(r, "StarPU has no stream markers");
  return -1;
}

static int op(bench_result *r, bench_q q, const bench_tok *waits, int nwaits,
              bench_host_fn fn, void *arg, bench_tok *tok) {
  (void)q;
  struct starpu_task *t = starpu_task_create();
  if (fn) {
    atomic_store_explicit(&task_fn, fn, memory_order_relaxed);
    t->cl = &cl_call;
    t->cl_arg = arg;
  } else {
    t->cl = &cl_empty;
  }
  /* A token may be named as a dependency later: it must outlive its run. */
  t->destroy = tok == NULL;
  if (nwaits)
    starpu_task_declare_deps_array(t, (unsigned)nwaits,
                                   (struct starpu_task **)waits);
  if (submit(r, t)) {
    starpu_task_destroy(t);
    return -1;
  }
  if (tok)
    *tok = t;
  return 0;
}

static int q_sync(bench_result *r, bench_q q) {
  (void)q;
  return wait_all(r);
}

static int sync_all(bench_result *r, const bench_q *qs, int n) {
  (void)qs;
  (void)n;
  return wait_all(r);
}

static const bench_ops ops = {
    .name = "StarPU",
    .runs_host_code = 1,
    .q_create = q_create,
    .q_destroy = q_destroy,
    .mark = mark,
    .op = op,
    .tok_release = tok_release,
    .q_sync = q_sync,
    .sync_all = sync_all,
};
const bench_ops *const bench_spu_ops = &ops;
