/*
 * report.c - prints bench_cpu's results as markdown: a header saying when,
 * where and how, the comparison table, the same-run references, and why any
 * figure is missing.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "suite.h"

typedef struct stats {
  double med, min, max;
  int ok;
} stats;

static stats stats_of(const series *s) {
  stats st = {0};
  if (s->err[0] || s->n == 0)
    return st;
  double v[MAX_REPS];
  memcpy(v, s->v, (size_t)s->n * sizeof *v);
  st.med = bench_median(v, s->n); /* sorts v */
  st.min = v[0];
  st.max = v[s->n - 1];
  st.ok = 1;
  return st;
}

static void fmt_num(char *buf, size_t len, double x) {
  if (x >= 100)
    snprintf(buf, len, "%.0f", x);
  else if (x >= 10)
    snprintf(buf, len, "%.1f", x);
  else
    snprintf(buf, len, "%.2f", x);
}

/* "median [min..max] ±spread%" or "n/a". */
static void fmt_cell(char *buf, size_t len, stats st) {
  if (!st.ok) {
    snprintf(buf, len, "n/a");
    return;
  }
  char a[24], b[24], c[24];
  fmt_num(a, sizeof a, st.med);
  fmt_num(b, sizeof b, st.min);
  fmt_num(c, sizeof c, st.max);
  double spread = st.med > 0 ? 100.0 * (st.max - st.min) / st.med : 0;
  snprintf(buf, len, "**%s** [%s..%s] %.0f%%", a, b, c, spread);
}

/* Median over repeats of infinirt/peer measured back to back. */
static int paired_ratio(const row *r, double *out) {
  int n = r->irt.n < r->peer.n ? r->irt.n : r->peer.n;
  if (r->irt.err[0] || r->peer.err[0] || n == 0)
    return 0;
  double v[MAX_REPS];
  for (int i = 0; i < n; i++)
    v[i] = r->irt.v[i] / r->peer.v[i];
  *out = bench_median(v, n);
  return 1;
}

static void cpu_model(char *buf, size_t len) {
  snprintf(buf, len, "unknown CPU");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f)
    return;
  char line[512];
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "model name", 10)) {
      char *c = strchr(line, ':');
      if (c) {
        c += 1 + (c[1] == ' ');
        c[strcspn(c, "\n")] = 0;
        snprintf(buf, len, "%s", c);
      }
      break;
    }
  fclose(f);
}

static void print_header(const suite *s) {
  struct utsname u;
  char cpu[256], load[64] = "?";
  cpu_model(cpu, sizeof cpu);
  if (uname(&u))
    memset(&u, 0, sizeof u);
  FILE *f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fgets(load, sizeof load, f))
      load[strcspn(load, "\n")] = 0;
    fclose(f);
  }
  const bench_params *p = &s->p;
  printf("# bench_cpu: infinirt CPU backend vs PoCL CPU device\n\n");
  printf("- **Date:** %s (suite took %.1f s)\n", s->started_utc, s->wall_s);
  printf("- **Machine:** %s, %ld online CPUs, %s %s %s; load average at end: "
         "%s\n",
         cpu, sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine,
         load);
  printf("- **infinirt:** %s\n", s->irt_desc);
  const char *src = getenv("BENCH_SOURCE"); /* set by run_cpu.sh */
  if (src && *src)
    printf("- **Source:** %s\n", src);
  printf("- **Peer:** PoCL CPU device: %s\n", s->peer_desc);
  printf("- **Method:** %d timed repeats after 1 warm-up; in each repeat every "
         "case runs its contestants back to back, the order rotating per "
         "repeat, each after %d us idle so the other side's workers have "
         "parked. Cells: median over repeats, [min..max] over repeats, and "
         "the run-to-run spread (max-min)/median. The ratio is the median "
         "over repeats of infinirt/peer measured back to back. Batches: "
         "%d ops then one wait; round trips: the median of %d timed ones per "
         "repeat; copies: the median of %d copies of %zu MiB per repeat; "
         "alloc: %d pairs of %zu KiB per repeat. Nothing is pinned.\n",
         p->reps, p->settle_us, p->batch_n, p->rt_iters, p->copy_iters,
         p->copy_bytes >> 20, p->alloc_n, p->alloc_bytes >> 10);
  printf("- **Units:** ns per op (lower is better), GB/s = 1e9 bytes of "
         "buffer per second (higher is better).\n\n");
}

static void print_row(const suite *s, const row *r) {
  char ci[128], cp[128], ratio[64] = "", target[64] = "", verdict[8] = "";
  stats si = stats_of(&r->irt), sp = stats_of(&r->peer);
  fmt_cell(ci, sizeof ci, si);
  fmt_cell(cp, sizeof cp, sp);
  double q;
  if (paired_ratio(r, &q)) {
    double faster = r->higher_is_better ? q : 1.0 / q;
    snprintf(ratio, sizeof ratio, "%.3g (%.3gx %s)", q,
             faster >= 1 ? faster : 1.0 / faster,
             faster >= 1 ? "faster" : "slower");
  } else {
    snprintf(ratio, sizeof ratio, "n/a");
  }
  int pass = -1;
  if (r->target_kind == TARGET_AT_MOST) {
    snprintf(target, sizeof target, "<= %g %s", r->target, r->unit);
    if (si.ok)
      pass = si.med <= r->target;
  } else if (r->target_kind == TARGET_AT_LEAST_P2) {
    stats p2 = stats_of(&s->refs[REF_MEMCPY2].s);
    if (p2.ok) {
      snprintf(target, sizeof target, ">= P.cpy2 (%.1f %s)", p2.med, r->unit);
      if (si.ok)
        snprintf(target, sizeof target, ">= P.cpy2 (%.1f %s): %.2fx", p2.med,
                 r->unit, si.med / p2.med);
      if (si.ok)
        pass = si.med >= p2.med;
    } else {
      snprintf(target, sizeof target, ">= P.cpy2 (n/a)");
    }
  }
  if (pass >= 0)
    snprintf(verdict, sizeof verdict, "%s", pass ? "PASS" : "MISS");
  char ops[200] = "";
  if (r->irt_op[0])
    snprintf(ops, sizeof ops, ": `%s` vs `%s`", r->irt_op, r->peer_op);
  printf("| %s | %s%s | %s | %s | %s | %s | %s | %s |\n", r->id, r->what, ops,
         r->unit, ci, cp, ratio, target, verdict);
}

/* One line per distinct reason, naming every figure it cost. */
static void print_notes(const suite *s) {
  int total = 2 * s->nrows + REF_COUNT, header = 0;
  const char *side[total], *id[total], *err[total];
  for (int i = 0; i < total; i++) {
    if (i < 2 * s->nrows) {
      const row *r = &s->rows[i / 2];
      side[i] = i % 2 ? "PoCL" : "infinirt";
      id[i] = r->id;
      err[i] = i % 2 ? r->peer.err : r->irt.err;
    } else {
      const ref_row *r = &s->refs[i - 2 * s->nrows];
      side[i] = "reference";
      id[i] = r->id;
      err[i] = r->s.err;
    }
  }
  for (int i = 0; i < total; i++) {
    int first = err[i][0] != 0;
    for (int k = 0; k < i && first; k++)
      first = strcmp(err[k], err[i]) || strcmp(side[k], side[i]);
    if (!first)
      continue;
    if (!header)
      printf("\n**Missing figures:**\n\n");
    header = 1;
    printf("- %s", side[i]);
    for (int k = i; k < total; k++)
      if (!strcmp(err[k], err[i]) && !strcmp(side[k], side[i]))
        printf(" %s", id[k]);
    printf(": %s\n", err[i]);
  }
}

static void print_raw(const suite *s) {
  printf("\n**Raw figures per repeat (BENCH_RAW):**\n\n```\n");
  for (int i = 0; i < s->nrows; i++)
    for (int side = 0; side < 2; side++) {
      const series *x = side ? &s->rows[i].peer : &s->rows[i].irt;
      if (x->n == 0)
        continue;
      printf("%-11s %-8s", s->rows[i].id, side ? "PoCL" : "infinirt");
      for (int k = 0; k < x->n; k++)
        printf(" %.4g", x->v[k]);
      printf("\n");
    }
  for (int i = 0; i < REF_COUNT; i++) {
    if (s->refs[i].s.n == 0)
      continue;
    printf("%-11s %-8s", s->refs[i].id, "ref");
    for (int k = 0; k < s->refs[i].s.n; k++)
      printf(" %.4g", s->refs[i].s.v[k]);
    printf("\n");
  }
  printf("```\n");
}

void report_print(const suite *s) {
  print_header(s);
  printf("| id | what is timed: infinirt vs PoCL | unit | infinirt | PoCL | "
         "infinirt/PoCL | target | verdict |\n");
  printf("|---|---|---|---:|---:|---:|---|---|\n");
  for (int i = 0; i < s->nrows; i++)
    print_row(s, &s->rows[i]);
  printf("\n| id | reference, same run | unit | median [min..max] spread |\n");
  printf("|---|---|---|---:|\n");
  for (int i = 0; i < REF_COUNT; i++) {
    char c[128];
    fmt_cell(c, sizeof c, stats_of(&s->refs[i].s));
    printf("| %s | %s | %s | %s |\n", s->refs[i].id, s->refs[i].what,
           s->refs[i].unit, c);
  }
  print_notes(s);
  if (getenv("BENCH_RAW"))
    print_raw(s);
  fflush(stdout);
}
