/*
 * main.c - bench_cpu: the same work through infinirt's CPU backend and through
 * PoCL's CPU device, in one process, interleaved. Every repeat runs each
 * case's contestants back to back in a rotating order, after one warm-up
 * repeat, so that drift of this shared host hits both sides alike.
 *
 * Environment: BENCH_REPS (7), BENCH_N (100000), BENCH_RT (1000),
 * BENCH_COPY_MIB (64), BENCH_COPY_ITERS (5), BENCH_ALLOC_N (10000),
 * BENCH_ALLOC_KIB (1024), BENCH_SETTLE_US (2000), BENCH_RAW (print every
 * repeat's figure), BENCH_ONLY (comma-separated id prefixes, e.g. "R.,E.":
 * run only the cases with such rows).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "suite.h"

/* Designated, so the sample storage after these fields starts zeroed. */
#define ROW(id_, what_, irt_, peer_, unit_, hib_, tk_, tgt_, kase_, fig_)      \
  {                                                                            \
    .id = id_, .what = what_, .irt_op = irt_, .peer_op = peer_, .unit = unit_, \
    .higher_is_better = hib_, .target_kind = tk_, .target = tgt_,              \
    .kase = kase_, .fig = fig_                                                 \
  }
#define ENQ_ROW(id_, kase_, what_)                                             \
  ROW(id_, "  of which " what_, "", "", "ns", 0, TARGET_NONE, 0, kase_, 1)

static row rows[] = {
    ROW("S.copy", "4-byte async D2D copy; 100k, one sync; per op",
        "MemcpyAsync", "clEnqueueCopyBuffer", "ns", 0, TARGET_AT_MOST, 100,
        CASE_SMALL_COPY, 0),
    ENQ_ROW("S.copy.enq", CASE_SMALL_COPY, "enqueue only (calling thread)"),
    ROW("S.func", "empty host function / empty 1-WI kernel; 100k, one sync",
        "LaunchHostFunc", "clEnqueueNDRangeKernel", "ns", 0, TARGET_AT_MOST,
        100, CASE_SMALL_FUNC, 0),
    ENQ_ROW("S.func.enq", CASE_SMALL_FUNC, "enqueue only (calling thread)"),
    ROW("S.mark", "marker; 100k, one sync; per op",
        "EventRecord (DisableTiming)", "clEnqueueMarkerWithWaitList", "ns", 0,
        TARGET_AT_MOST, 100, CASE_SMALL_MARK, 0),
    ENQ_ROW("S.mark.enq", CASE_SMALL_MARK, "enqueue only (calling thread)"),
    ROW("R.func", "submit a no-op + wait for the queue (round trip)",
        "LaunchHostFunc + StreamSynchronize",
        "clEnqueueMarkerWithWaitList + clFinish", "ns", 0, TARGET_AT_MOST, 1000,
        CASE_RT_FUNC, 0),
    ROW("R.set", "4-byte async memset + wait for the queue (round trip)",
        "MemsetAsync + StreamSynchronize", "clEnqueueFillBuffer + clFinish",
        "ns", 0, TARGET_AT_MOST, 1000, CASE_RT_SET, 0),
    ROW("E.sync", "record an event + wait for it (round trip)",
        "EventRecord + EventSynchronize",
        "clEnqueueMarkerWithWaitList(&ev) + clWaitForEvents", "ns", 0,
        TARGET_AT_MOST, 1000, CASE_EVENT, 0),
    ROW("B.copy", "async D2D copy + wait; bandwidth (buffer bytes / time)",
        "MemcpyAsync + StreamSynchronize", "clEnqueueCopyBuffer + clFinish",
        "GB/s", 1, TARGET_AT_LEAST_P2, 0, CASE_COPY_BW, 0),
    ROW("A.pair", "alloc + free pair; batch, one sync; per pair",
        "MallocAsync + FreeAsync", "clCreateBuffer + clReleaseMemObject", "ns",
        0, TARGET_NONE, 0, CASE_ALLOC, 0),
    ENQ_ROW("A.pair.enq", CASE_ALLOC, "calling thread only"),
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static void params_from_env(bench_params *p) {
  long reps = bench_env_long("BENCH_REPS", 7);
  p->reps = (int)(reps > MAX_REPS ? MAX_REPS : reps);
  p->batch_n = (int)bench_env_long("BENCH_N", 100000);
  long rt = bench_env_long("BENCH_RT", 1000);
  p->rt_iters = (int)(rt > 100000 ? 100000 : rt);
  p->copy_bytes = (size_t)bench_env_long("BENCH_COPY_MIB", 64) << 20;
  long ci = bench_env_long("BENCH_COPY_ITERS", 5);
  p->copy_iters = (int)(ci > 100 ? 100 : ci);
  p->alloc_n = (int)bench_env_long("BENCH_ALLOC_N", 10000);
  p->alloc_bytes = (size_t)bench_env_long("BENCH_ALLOC_KIB", 1024) << 10;
  p->settle_us = (int)bench_env_long("BENCH_SETTLE_US", 2000);
}

/* A contestant of one case in one repeat: its function and where its
 * figures go. */
typedef struct entry {
  bench_fn fn;
  series *dst[2];
} entry;

static void run_entry(const bench_params *p, const entry *e, int timed) {
  series *first = e->dst[0] ? e->dst[0] : e->dst[1];
  if (!first || first->err[0])
    return; /* failed before: not run again */
  usleep((useconds_t)p->settle_us);
  bench_result r;
  memset(&r, 0, sizeof r);
  e->fn(p, &r);
  for (int f = 0; f < 2; f++) {
    series *s = e->dst[f];
    if (!s)
      continue;
    if (r.err[0])
      snprintf(s->err, sizeof s->err, "%s", r.err);
    else if (timed)
      s->v[s->n++] = r.v[f];
  }
}

/* Gathers the contestants of |kase|: the two sides and the references. */
static int case_entries(suite *s, int kase, entry *out) {
  int n = 2;
  memset(out, 0, 4 * sizeof *out);
  out[0].fn = bench_irt_cases[kase];
  out[1].fn = bench_ocl_cases[kase];
  for (int i = 0; i < s->nrows; i++)
    if (s->rows[i].kase == kase) {
      out[0].dst[s->rows[i].fig] = &s->rows[i].irt;
      out[1].dst[s->rows[i].fig] = &s->rows[i].peer;
    }
  if (kase == CASE_COPY_BW) {
    out[n++] = (entry){bench_phys_memcpy1, {&s->refs[REF_MEMCPY1].s, NULL}};
    out[n++] = (entry){bench_phys_memcpy2, {&s->refs[REF_MEMCPY2].s, NULL}};
  } else if (kase == CASE_ALLOC) {
    out[n++] = (entry){bench_phys_malloc, {&s->refs[REF_MALLOC].s, NULL}};
  }
  return n;
}

static int case_selected(const suite *s, int kase) {
  const char *only = getenv("BENCH_ONLY");
  if (!only || !*only)
    return 1;
  for (int i = 0; i < s->nrows; i++) {
    if (s->rows[i].kase != kase)
      continue;
    for (const char *t = only; *t;) {
      size_t len = strcspn(t, ",");
      if (len && !strncmp(s->rows[i].id, t, len))
        return 1;
      t += len + (t[len] == ',');
    }
  }
  return 0;
}

static void set_up(suite *s) {
  char err[200];
  if (bench_irt_side.setup(&s->p, err, sizeof err))
    fprintf(stderr, "bench_cpu: infinirt side unavailable: %s\n", err);
  if (bench_ocl_side.setup(&s->p, err, sizeof err))
    fprintf(stderr, "bench_cpu: PoCL side unavailable: %s\n", err);
  if (bench_phys_setup(&s->p, err, sizeof err))
    for (int i = 0; i < REF_COUNT; i++)
      snprintf(s->refs[i].s.err, sizeof s->refs[i].s.err, "%s", err);
  s->irt_desc = bench_irt_side.describe();
  s->peer_desc = bench_ocl_side.describe();
}

int main(void) {
  suite s = {.rows = rows, .nrows = NROWS};
  params_from_env(&s.p);
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
  time_t now = time(NULL);
  strftime(s.started_utc, sizeof s.started_utc, "%Y-%m-%d %H:%M:%S UTC",
           gmtime(&now));
  double t_start = bench_now_ns();
  set_up(&s);

  for (int rep = -1; rep < s.p.reps; rep++) {
    int timed = rep >= 0;
    entry clk = {bench_phys_clock, {&s.refs[REF_CLOCK].s, NULL}};
    run_entry(&s.p, &clk, timed);
    for (int kase = 0; kase < CASE_COUNT; kase++) {
      if (!case_selected(&s, kase))
        continue;
      entry e[4];
      int n = case_entries(&s, kase, e);
      for (int k = 0; k < n; k++)
        run_entry(&s.p, &e[(k + rep + 1) % n], timed);
    }
    fprintf(stderr, "bench_cpu: repeat %d/%d done\n", rep + 1, s.p.reps);
  }

  s.wall_s = (bench_now_ns() - t_start) / 1e9;
  report_print(&s);
  bench_irt_side.teardown();
  bench_ocl_side.teardown();
  bench_phys_teardown();
  return 0;
}
