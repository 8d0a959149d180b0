/*
 * main.c - bench_cpu: the same work through infinirt's CPU backend, PoCL's
 * CPU device and StarPU, in one process, interleaved. Every repeat runs each
 * case's contestants back to back in a rotating order, after one warm-up
 * repeat, so that drift of this shared host hits every side alike. Cases
 * that leave streams behind on a runtime that keeps them run after all the
 * others; the pinned round trip runs first, in a child process pinned to
 * CPU 0 (pinned.c).
 *
 * Environment: BENCH_REPS (7), BENCH_HEAVY_REPS (3), BENCH_N (100000),
 * BENCH_RT (1000), BENCH_COPY_MIB (64), BENCH_COPY_ITERS (5), BENCH_ALLOC_N
 * (10000), BENCH_ALLOC_KIB (1024), BENCH_SETTLE_US (2000), BENCH_CREATE_N
 * (1024), BENCH_RR_OPS (20000), BENCH_FAN_OPS (20000), BENCH_THR_N (20000),
 * BENCH_THR_RT (1000), BENCH_CHAIN_N (10000), BENCH_DAG_N (8000),
 * BENCH_CHURN_BLOCKS (32), BENCH_CHURN_KIB (1024), BENCH_CHURN_ROUNDS (8),
 * BENCH_RAW (print every repeat's figure), BENCH_ONLY (comma-separated id
 * prefixes, e.g. "R.,Q.rr": run only the cases with such rows).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"
#include "suite.h"

static int clamp(long v, int hi) {
  return (int)(v > hi ? hi : v);
}

static void params_from_env(suite *s) {
  bench_params *p = &s->p;
  p->reps = clamp(bench_env_long("BENCH_REPS", 7), MAX_REPS);
  s->heavy_reps = clamp(bench_env_long("BENCH_HEAVY_REPS", 3), p->reps);
  p->batch_n = (int)bench_env_long("BENCH_N", 100000);
  p->rt_iters = clamp(bench_env_long("BENCH_RT", 1000), 100000);
  p->copy_bytes = (size_t)bench_env_long("BENCH_COPY_MIB", 64) << 20;
  p->copy_iters = clamp(bench_env_long("BENCH_COPY_ITERS", 5), 100);
  p->alloc_n = (int)bench_env_long("BENCH_ALLOC_N", 10000);
  p->alloc_bytes = (size_t)bench_env_long("BENCH_ALLOC_KIB", 1024) << 10;
  p->settle_us = (int)bench_env_long("BENCH_SETTLE_US", 2000);
  p->create_n = clamp(bench_env_long("BENCH_CREATE_N", 1024), 1 << 20);
  p->rr_ops = clamp(bench_env_long("BENCH_RR_OPS", 20000), 1 << 24);
  p->fan_ops = clamp(bench_env_long("BENCH_FAN_OPS", 20000), 1 << 24);
  p->thr_ops = clamp(bench_env_long("BENCH_THR_N", 20000), 1 << 24);
  p->thr_rt = clamp(bench_env_long("BENCH_THR_RT", 1000), 1 << 24);
  p->chain_n = clamp(bench_env_long("BENCH_CHAIN_N", 10000), 1 << 24);
  p->chain_q = 8; /* the row says 8 */
  p->dag_w = 8;   /* the row says 8 */
  p->dag_n = clamp(bench_env_long("BENCH_DAG_N", 8000), 1 << 24);
  p->churn_blocks = clamp(bench_env_long("BENCH_CHURN_BLOCKS", 32), 4096);
  p->churn_bytes = (size_t)bench_env_long("BENCH_CHURN_KIB", 1024) << 10;
  p->churn_rounds = clamp(bench_env_long("BENCH_CHURN_ROUNDS", 8), 1 << 20);
}

static const bench_side *const sides[SIDE_COUNT] = {
    &bench_irt_side, &bench_ocl_side, &bench_spu_side};
static const bench_fn *const side_cases[SIDE_COUNT] = {
    bench_irt_cases, bench_ocl_cases, bench_spu_cases};
static char side_err[SIDE_COUNT][200];

/* The scheduler cases, written once over bench_ops. */
static const bench_gfn generic[CASE_COUNT] = {
    [CASE_STREAMS] = bench_case_streams,
    [CASE_THREADS] = bench_case_threads,
    [CASE_THREADS_SH] = bench_case_threads_shared,
    [CASE_CHAIN] = bench_case_chain,
    [CASE_DAG] = bench_case_dag,
    [CASE_CHURN] = bench_case_churn,
};

/* A contestant of one case in one repeat: what it runs and where its
 * figures go. side: enum bench_side_id, or SIDE_COUNT for a reference. */
typedef struct entry {
  int side;
  bench_fn fn;
  series *dst[BENCH_FIGS];
} entry;

/* One case and variant: the rows it feeds and its contestants. */
typedef struct instance {
  int kase, n, arg;
  unsigned flags;
  int selected;
  entry e[SIDE_COUNT + 2];
  int ne;
} instance;

static instance insts[64];
static int ninsts;

static int row_selected(const row *r) {
  const char *only = getenv("BENCH_ONLY");
  if (!only || !*only)
    return 1;
  for (const char *t = only; *t;) {
    size_t len = strcspn(t, ",");
    if (len && !strncmp(r->id, t, len))
      return 1;
    t += len + (t[len] == ',');
  }
  return 0;
}

static const char *side_op(const row *r, int side) {
  return side == SIDE_IRT   ? r->irt_op
         : side == SIDE_OCL ? r->peer_op
                            : r->spu_op;
}

static instance *instance_of(const row *r) {
  unsigned key = r->flags & ROW_PINNED;
  for (int i = 0; i < ninsts; i++)
    if (insts[i].kase == r->kase && insts[i].n == r->n &&
        insts[i].arg == r->arg && (insts[i].flags & ROW_PINNED) == key)
      return &insts[i];
  if (ninsts == (int)(sizeof insts / sizeof insts[0])) {
    fprintf(stderr, "bench_cpu: too many cases\n");
    exit(1);
  }
  instance *in = &insts[ninsts++];
  memset(in, 0, sizeof *in);
  in->kase = r->kase;
  in->n = r->n;
  in->arg = r->arg;
  for (int sd = 0; sd < SIDE_COUNT; sd++)
    in->e[in->ne++].side = sd;
  return in;
}

static void build_instances(suite *s) {
  for (int i = 0; i < s->nrows; i++) {
    row *r = &s->rows[i];
    instance *in = instance_of(r);
    in->flags |= r->flags;
    in->selected |= row_selected(r);
    for (int sd = 0; sd < SIDE_COUNT; sd++)
      if (side_op(r, sd))
        in->e[sd].dst[r->fig] = &r->s[sd];
  }
  for (int i = 0; i < ninsts; i++) {
    instance *in = &insts[i];
    if (in->flags & ROW_PINNED)
      continue;
    if (in->kase == CASE_COPY_BW) {
      in->e[in->ne++] =
          (entry){SIDE_COUNT, bench_phys_memcpy1, {&s->refs[REF_MEMCPY1].s}};
      in->e[in->ne++] =
          (entry){SIDE_COUNT, bench_phys_memcpy2, {&s->refs[REF_MEMCPY2].s}};
    } else if (in->kase == CASE_ALLOC) {
      in->e[in->ne++] =
          (entry){SIDE_COUNT, bench_phys_malloc, {&s->refs[REF_MALLOC].s}};
    }
  }
}

static const bench_ops *side_ops(int side) {
  return side == SIDE_IRT   ? bench_irt_ops
         : side == SIDE_OCL ? bench_ocl_ops
                            : bench_spu_ops;
}

/* Runs one contestant of |in|; the figures go to its rows if |timed|. */
static void run_entry(const suite *s, const instance *in, const entry *e,
                      int timed) {
  int any = 0;
  for (int f = 0; f < BENCH_FIGS; f++)
    if (e->dst[f]) {
      any = 1;
      if (e->dst[f]->err[0])
        return; /* failed before: not run again */
    }
  if (!any)
    return;
  bench_result r;
  memset(&r, 0, sizeof r);
  bench_params p = s->p;
  if (in->n)
    p.batch_n = in->n;
  p.arg = in->arg;
  const char *why = e->side < SIDE_COUNT ? side_err[e->side] : "";
  const bench_side *sd = e->side < SIDE_COUNT ? sides[e->side] : NULL;
  const bench_ops *ops = e->side < SIDE_COUNT ? side_ops(e->side) : NULL;
  bench_fn fn = e->fn;
  if (!fn && !generic[in->kase] && e->side < SIDE_COUNT)
    fn = side_cases[e->side][in->kase];
  if (why[0]) {
    bench_fail(&r, "%s", why);
  } else if (!fn && !(generic[in->kase] && ops)) {
    bench_fail(&r, "no such case on this side");
  } else {
    usleep((useconds_t)p.settle_us);
    bench_proc_begin(e->side);
    if (sd && sd->run_begin)
      sd->run_begin();
    if (fn)
      fn(&p, &r);
    else
      generic[in->kase](ops, &p, &r);
    if (sd && sd->run_end)
      sd->run_end();
    bench_proc_end();
  }
  for (int f = 0; f < BENCH_FIGS; f++) {
    series *x = e->dst[f];
    if (!x)
      continue;
    if (r.err[0])
      snprintf(x->err, sizeof x->err, "%s", r.err);
    else if (timed)
      x->v[x->n++] = r.v[f];
  }
}

static void set_up(suite *s) {
  for (int sd = 0; sd < SIDE_COUNT; sd++) {
    char err[200] = "";
    if (sides[sd]->setup(&s->p, err, sizeof err)) {
      snprintf(side_err[sd], sizeof side_err[sd], "%s", err);
      fprintf(stderr, "bench_cpu: %s side unavailable: %s\n", sides[sd]->name,
              err);
    }
    s->desc[sd] = sides[sd]->describe();
  }
  char err[200];
  if (bench_phys_setup(&s->p, err, sizeof err))
    for (int i = 0; i < REF_COUNT; i++)
      snprintf(s->refs[i].s.err, sizeof s->refs[i].s.err, "%s", err);
  bench_proc_baseline();
}

/* The repeats of one phase: the instances |in_phase| picks. */
static void run_phase(suite *s, int late, int pinned) {
  for (int rep = -1; rep < s->p.reps; rep++) {
    int timed = rep >= 0;
    if (!late && !pinned) {
      entry clk = {SIDE_COUNT, bench_phys_clock, {&s->refs[REF_CLOCK].s}};
      instance none = {0};
      run_entry(s, &none, &clk, timed);
    }
    for (int i = 0; i < ninsts; i++) {
      instance *in = &insts[i];
      if (!in->selected || !(in->flags & ROW_LATE) != !late ||
          !(in->flags & ROW_PINNED) != !pinned)
        continue;
      if ((in->flags & ROW_HEAVY) && (rep < 0 || rep >= s->heavy_reps))
        continue;
      for (int k = 0; k < in->ne; k++)
        run_entry(s, in, &in->e[(k + rep + 1) % in->ne], timed);
    }
    fprintf(stderr, "bench_cpu:%s repeat %d/%d done\n",
            pinned ? " pinned"
            : late ? " streams"
                   : "",
            rep + 1, s->p.reps);
  }
}

static int any_selected(unsigned flags) {
  for (int i = 0; i < ninsts; i++)
    if (insts[i].selected && (insts[i].flags & flags))
      return 1;
  return 0;
}

int main(void) {
  suite s = {.rows = bench_rows, .nrows = bench_nrows};
  params_from_env(&s);
  static const char *const ref_text[REF_COUNT][3] = {
      [REF_MEMCPY1] = {"P.cpy1", "memcpy, 1 thread (physical bar)", "GB/s"},
      [REF_MEMCPY2] = {"P.cpy2", "memcpy, 2 threads, a half each", "GB/s"},
      [REF_MALLOC] = {"P.malloc", "malloc + free pair", "ns"},
      [REF_CLOCK] = {"P.clk",
                     "clock_gettime (host-state probe: ~22 quiet, more if "
                     "busy)",
                     "ns"},
  };
  for (int i = 0; i < REF_COUNT; i++) {
    s.refs[i].id = ref_text[i][0];
    s.refs[i].what = ref_text[i][1];
    s.refs[i].unit = ref_text[i][2];
  }
  build_instances(&s);
  int child = bench_pinned_child();
  time_t now = time(NULL);
  strftime(s.started_utc, sizeof s.started_utc, "%Y-%m-%d %H:%M:%S UTC",
           gmtime(&now));
  double t_start = bench_now_ns();
  if (child) {
    bench_pinned_pin_self();
  } else if (any_selected(ROW_PINNED)) {
    bench_pinned_run_child(&s);
  }
  set_up(&s);
  if (child) {
    bench_pinned_pin_all();
    run_phase(&s, 0, 1);
    bench_pinned_emit(&s);
  } else {
    run_phase(&s, 0, 0);
    if (any_selected(ROW_LATE))
      run_phase(&s, 1, 0);
    s.wall_s = (bench_now_ns() - t_start) / 1e9;
    report_print(&s);
  }
  for (int sd = 0; sd < SIDE_COUNT; sd++)
    sides[sd]->teardown();
  bench_phys_teardown();
  return 0;
}
