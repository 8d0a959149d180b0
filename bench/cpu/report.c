/*
 * report.c - prints bench_cpu's results as markdown: a header saying when,
 * where and how, the comparison table, the same-run references, and why any
 * figure is missing.
 */
#define _GNU_SOURCE
#include <math.h>
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
  if (fabs(x) >= 100)
    snprintf(buf, len, "%.0f", x);
  else if (fabs(x) >= 10)
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

static const char *const side_name[SIDE_COUNT] = {"infinirt", "PoCL", "StarPU"};

/* Whether |side| has a counterpart of row |r|. */
static int takes_part(const row *r, int side) {
  return side == SIDE_IRT   ? 1
         : side == SIDE_OCL ? r->peer_op != NULL
                            : r->spu_op != NULL;
}

/* Median over repeats of infinirt/|side| measured back to back (repeats
 * where the peer's figure is 0 left out). */
static int paired_ratio(const row *r, int side, double *out) {
  const series *a = &r->s[SIDE_IRT], *b = &r->s[side];
  int n = a->n < b->n ? a->n : b->n, m = 0;
  if (a->err[0] || b->err[0])
    return 0;
  double v[MAX_REPS];
  for (int i = 0; i < n; i++)
    if (b->v[i] != 0)
      v[m++] = a->v[i] / b->v[i];
  if (m == 0)
    return 0;
  *out = bench_median(v, m);
  return 1;
}

static void fmt_ratio(char *buf, size_t len, const row *r, int side) {
  double q;
  if (!takes_part(r, side)) {
    snprintf(buf, len, "-");
  } else if (paired_ratio(r, side, &q) && q > 0) {
    double faster = r->higher_is_better ? q : 1.0 / q;
    snprintf(buf, len, "%.3g (%.3gx %s)", q,
             faster >= 1 ? faster : 1.0 / faster,
             faster >= 1 ? "faster" : "slower");
  } else {
    snprintf(buf, len, "n/a");
  }
}

static const row *row_named(const suite *s, const char *id) {
  for (int i = 0; i < s->nrows; i++)
    if (!strcmp(s->rows[i].id, id))
      return &s->rows[i];
  return NULL;
}

/* Appends one criterion's text to |target| and folds its verdict into
 * |pass|: -1 nothing to judge, 0 missed, 1 met, 2 none missed but one could
 * not be judged (a figure is missing). */
static void criterion(char *target, size_t len, int *pass, const char *text,
                      int ok, int judged) {
  size_t used = strlen(target);
  snprintf(target + used, len - used, "%s%s", used ? "; " : "", text);
  if (*pass == 0)
    return;
  if (!judged)
    *pass = 2;
  else if (!ok)
    *pass = 0;
  else if (*pass < 0)
    *pass = 1;
}

static void peer_target(const row *r, stats si, stats sp, char *target,
                        size_t len, int *pass) {
  double k = r->target_kind == TARGET_PEER_X2 ? 2 : 1;
  char t[96], num[24];
  if (!sp.ok) {
    snprintf(t, sizeof t, "<= %sPoCL (n/a)", k > 1 ? "2x " : "");
    criterion(target, len, pass, t, 0, 0);
    return;
  }
  fmt_num(num, sizeof num, k * sp.med);
  snprintf(t, sizeof t, "<= %sPoCL (%s %s)", k > 1 ? "2x " : "", num, r->unit);
  criterion(target, len, pass, t, si.med <= k * sp.med, si.ok);
}

static void flat_target(const suite *s, const row *r, stats si, char *target,
                        size_t len, int *pass) {
  const row *ref = row_named(s, r->flat_ref);
  stats sr = ref ? stats_of(&ref->s[SIDE_IRT]) : (stats){0};
  char t[96], num[24];
  if (!sr.ok) {
    snprintf(t, sizeof t, "flat vs %s (n/a)", r->flat_ref);
    criterion(target, len, pass, t, 0, 0);
    return;
  }
  int count = !strcmp(r->unit, "threads");
  double lim = count ? sr.med + FLAT_SLACK : FLAT_FACTOR * sr.med;
  fmt_num(num, sizeof num, lim);
  snprintf(t, sizeof t, "flat: <= %s %s (%s%s)", num, r->unit,
           count ? "+1 on " : "1.5x ", r->flat_ref);
  criterion(target, len, pass, t, si.med <= lim, si.ok);
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
  printf("# bench_cpu: infinirt CPU backend vs PoCL CPU device vs StarPU\n\n");
  printf("- **Date:** %s (suite took %.1f s)\n", s->started_utc, s->wall_s);
  printf("- **Machine:** %s, %ld online CPUs, %s %s %s; load average at end: "
         "%s\n",
         cpu, sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine,
         load);
  printf("- **infinirt:** %s\n", s->desc[SIDE_IRT]);
  const char *src = getenv("BENCH_SOURCE"); /* set by run_cpu.sh */
  if (src && *src)
    printf("- **Source:** %s\n", src);
  printf("- **Peers:** PoCL CPU device: %s; %s\n", s->desc[SIDE_OCL],
         s->desc[SIDE_SPU]);
  printf("- **Method:** %d timed repeats after 1 warm-up (rows of 1M ops and "
         "1024 streams: the first %d repeats, no warm-up); in each repeat "
         "every case runs its contestants back to back, the order rotating "
         "per repeat, each after %d us idle so the other sides' workers have "
         "parked. The Q. rows (streams) run after all other cases; R.pin runs "
         "in %s. Cells: median over repeats, [min..max] over repeats, and "
         "the run-to-run spread (max-min)/median. A ratio is the median over "
         "repeats of infinirt/peer measured back to back. Batches: %d ops "
         "then one wait; round trips: the median of %d timed ones per repeat; "
         "copies: the median of %d copies of %zu MiB per repeat; alloc: %d "
         "pairs of %zu KiB per repeat. Streams: %d creates + destroys per "
         "repeat, %d round-robin ops, %d fan-out branches; host threads: %d "
         "ops and %d round trips over all threads; chain: %d links; DAG: %d "
         "nodes; churn: %d rounds of %d blocks of %zu KiB on average. Threads "
         "and KiB are what the side holds: the process's /proc/self/status "
         "figure, minus what the other sides' runs left behind, minus the "
         "side's own figure before its first run of that case (so Q. rows "
         "include what earlier streams runs left, not what other cases "
         "hold). A stream-less peer (StarPU) syncs with "
         "starpu_task_wait_for_all.\n",
         p->reps, s->heavy_reps, p->settle_us,
         s->pinned_how[0] ? s->pinned_how : "(not run)", p->batch_n,
         p->rt_iters, p->copy_iters, p->copy_bytes >> 20, p->alloc_n,
         p->alloc_bytes >> 10, p->create_n, p->rr_ops, p->fan_ops, p->thr_ops,
         p->thr_rt, p->chain_n, p->dag_n, p->churn_rounds, p->churn_blocks,
         p->churn_bytes >> 10);
  printf("- **Units:** ns per op (lower is better), GB/s = 1e9 bytes of "
         "buffer per second (higher is better), threads and KiB held (lower "
         "is better). `-`: the peer has no such thing.\n\n");
}

static void print_row(const suite *s, const row *r) {
  char cell[SIDE_COUNT][128], rp[64], rs[64], target[200] = "", verdict[8] = "";
  stats st[SIDE_COUNT];
  for (int sd = 0; sd < SIDE_COUNT; sd++) {
    st[sd] = stats_of(&r->s[sd]);
    if (takes_part(r, sd))
      fmt_cell(cell[sd], sizeof cell[sd], st[sd]);
    else
      snprintf(cell[sd], sizeof cell[sd], "-");
  }
  fmt_ratio(rp, sizeof rp, r, SIDE_OCL);
  fmt_ratio(rs, sizeof rs, r, SIDE_SPU);
  stats si = st[SIDE_IRT];
  int pass = -1;
  char t[96];
  if (r->target_kind == TARGET_AT_MOST) {
    snprintf(t, sizeof t, "<= %g %s", r->target, r->unit);
    criterion(target, sizeof target, &pass, t, si.med <= r->target, si.ok);
  } else if (r->target_kind == TARGET_AT_LEAST_P2) {
    stats p2 = stats_of(&s->refs[REF_MEMCPY2].s);
    if (p2.ok && si.ok)
      snprintf(t, sizeof t, ">= P.cpy2 (%.1f %s): %.2fx", p2.med, r->unit,
               si.med / p2.med);
    else if (p2.ok)
      snprintf(t, sizeof t, ">= P.cpy2 (%.1f %s)", p2.med, r->unit);
    else
      snprintf(t, sizeof t, ">= P.cpy2 (n/a)");
    criterion(target, sizeof target, &pass, t, si.med >= p2.med,
              p2.ok && si.ok);
  } else if (r->target_kind == TARGET_PEER ||
             r->target_kind == TARGET_PEER_X2) {
    peer_target(r, si, st[SIDE_OCL], target, sizeof target, &pass);
  }
  if (r->flat_ref)
    flat_target(s, r, si, target, sizeof target, &pass);
  if (pass >= 0)
    snprintf(verdict, sizeof verdict, "%s",
             pass == 0   ? "MISS"
             : pass == 1 ? "PASS"
                         : "n/a");
  char ops[400] = "";
  if (r->irt_op[0]) {
    int n = snprintf(ops, sizeof ops, ": `%s` vs `%s`", r->irt_op,
                     r->peer_op ? r->peer_op : "-");
    if (r->spu_op && r->spu_op[0] && n > 0 && (size_t)n < sizeof ops)
      snprintf(ops + n, sizeof ops - (size_t)n, " vs `%s`", r->spu_op);
  }
  printf("| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r->id,
         r->what, ops, r->unit, cell[SIDE_IRT], cell[SIDE_OCL], cell[SIDE_SPU],
         rp, rs, target, verdict);
}

/* One line per distinct reason, naming every figure it cost. */
static void print_notes(const suite *s) {
  int total = SIDE_COUNT * s->nrows + REF_COUNT, header = 0;
  const char *side[total], *id[total], *err[total];
  for (int i = 0; i < total; i++) {
    if (i < SIDE_COUNT * s->nrows) {
      const row *r = &s->rows[i / SIDE_COUNT];
      int sd = i % SIDE_COUNT;
      side[i] = side_name[sd];
      id[i] = r->id;
      err[i] = takes_part(r, sd) ? r->s[sd].err : "";
    } else {
      const ref_row *r = &s->refs[i - SIDE_COUNT * s->nrows];
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
    for (int sd = 0; sd < SIDE_COUNT; sd++) {
      const series *x = &s->rows[i].s[sd];
      if (x->n == 0)
        continue;
      printf("%-11s %-8s", s->rows[i].id, side_name[sd]);
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
  printf("| id | what is timed: infinirt vs PoCL vs StarPU | unit | infinirt | "
         "PoCL | StarPU | infinirt/PoCL | infinirt/StarPU | target | verdict "
         "|\n");
  printf("|---|---|---|---:|---:|---:|---:|---:|---|---|\n");
  for (int i = 0; i < s->nrows; i++) {
    const row *r = &s->rows[i];
    int seen = 0; /* rows BENCH_ONLY left out have nothing */
    for (int sd = 0; sd < SIDE_COUNT; sd++)
      seen |= r->s[sd].n > 0 || r->s[sd].err[0];
    if (seen)
      print_row(s, r);
  }
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
