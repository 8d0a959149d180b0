/*
 * proc.c - threads and resident memory of the process, and the share of them
 * owed to the side now running: bench_cpu runs its sides one after the other
 * in one process, so what a run leaves behind (threads that never exit, pool
 * memory that is kept) is charged to the side that ran it.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"

static bench_usage base;
static bench_usage left[SIDE_COUNT + 1]; /* + 1: the references */
static bench_usage at_begin;
static int running = -1;

bench_usage bench_proc_now(void) {
  bench_usage u = {0, 0};
  FILE *f = fopen("/proc/self/status", "r");
  if (!f)
    return u;
  char line[256];
  while (fgets(line, sizeof line, f)) {
    long v;
    if (sscanf(line, "Threads: %ld", &v) == 1)
      u.threads = (double)v;
    else if (sscanf(line, "VmRSS: %ld", &v) == 1)
      u.rss_kib = (double)v;
  }
  fclose(f);
  return u;
}

void bench_proc_baseline(void) {
  base = bench_proc_now();
  memset(left, 0, sizeof left);
}

void bench_proc_begin(int side) {
  running = side < 0 || side > SIDE_COUNT ? SIDE_COUNT : side;
  at_begin = bench_proc_now();
}

void bench_proc_end(void) {
  if (running < 0)
    return;
  bench_usage now = bench_proc_now();
  left[running].threads += now.threads - at_begin.threads;
  left[running].rss_kib += now.rss_kib - at_begin.rss_kib;
  running = -1;
}

bench_usage bench_proc_own(void) {
  bench_usage u = bench_proc_now();
  u.threads -= base.threads;
  u.rss_kib -= base.rss_kib;
  for (int s = 0; s <= SIDE_COUNT; s++)
    if (s != running) {
      u.threads -= left[s].threads;
      u.rss_kib -= left[s].rss_kib;
    }
  return u;
}

/* Figures are taken per (case, side): few of them. */
static struct {
  const char *tag;
  const void *who;
  bench_usage at;
} firsts[16];
static int nfirsts;

bench_usage bench_proc_held(const char *tag, const void *who) {
  bench_usage now = bench_proc_own();
  for (int i = 0; i < nfirsts; i++)
    if (firsts[i].who == who && !strcmp(firsts[i].tag, tag)) {
      now.threads -= firsts[i].at.threads;
      now.rss_kib -= firsts[i].at.rss_kib;
      return now;
    }
  if (nfirsts < (int)(sizeof firsts / sizeof firsts[0]))
    firsts[nfirsts++] = (typeof(firsts[0])){tag, who, now};
  return (bench_usage){0, 0};
}
