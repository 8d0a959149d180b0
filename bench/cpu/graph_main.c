/*
 * graph_main.c - bench_cpu_graph's driver: every shape through every
 * contestant, in interleaved rounds (one untimed warm-up round, then
 * BENCH_GRAPH_ROUNDS timed ones; in each round every shape runs its
 * contestants back to back, the order rotating from round to round, each
 * after BENCH_SETTLE_US idle), then a markdown report: per shape and
 * contestant the best (min) and the median over rounds, per node.
 *
 * Environment: BENCH_GRAPH_ROUNDS (14), BENCH_GRAPH_N (100000: nodes of the
 * big shapes), BENCH_GRAPH_SMALL (1000: nodes of the relaunched one),
 * BENCH_GRAPH_RELAUNCH (1000: its launches per run),
 * BENCH_GRAPH_REBUILD_RELAUNCH (100: the same for the contestants that
 * rebuild it every time), BENCH_GRAPH_LAUNCHES (1: timed launches of a big
 * shape per run), BENCH_SETTLE_US (2000), BENCH_GRAPH_ONLY (comma-separated
 * shape id prefixes), BENCH_RAW (print every round's figures to stderr).
 */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "graph.h"

#define MAX_ROUNDS 101

enum {
  C_IRT_HOST,
  C_IRT_KERNEL,
  C_TBB,
  C_TBB_LW,
  C_SPU,
  C_OMP,
  C_COUNT,
  C_FIRST_PEER = C_TBB
};

static const graph_side *const sides[C_COUNT] = {
    [C_IRT_HOST] = &graph_irt_host, [C_IRT_KERNEL] = &graph_irt_kernel,
    [C_TBB] = &graph_tbb,           [C_TBB_LW] = &graph_tbb_lightweight,
    [C_SPU] = &graph_spu,           [C_OMP] = &graph_omp,
};
static const char *const col_name[C_COUNT] = {
    "infinirt host",      "infinirt kernel", "oneTBB",
    "oneTBB lightweight", "StarPU",          "OpenMP"};

typedef struct series {
  double v[MAX_ROUNDS];
  int n;
} series;

typedef struct cell {
  series build, launch;
  series add, inst; /* infinirt: the build's Add calls and instantiation */
  char err[200];
} cell;

#define NSHAPES 5
static graph_shape shapes[NSHAPES];
static cell cells[NSHAPES][C_COUNT];
static int selected[NSHAPES];
static char side_err[C_COUNT][200];

static int clamp(long v, int hi) {
  return (int)(v > hi ? hi : v);
}

static void make_shapes(void) {
  int n = clamp(graph_env("BENCH_GRAPH_N", 100000), 1 << 26);
  int small = clamp(graph_env("BENCH_GRAPH_SMALL", 1000), 1 << 26);
  int relaunch = clamp(graph_env("BENCH_GRAPH_RELAUNCH", 1000), 1 << 26);
  int rebuild = clamp(graph_env("BENCH_GRAPH_REBUILD_RELAUNCH", 100), 1 << 26);
  int launches = clamp(graph_env("BENCH_GRAPH_LAUNCHES", 1), 1 << 20);
  int layered = n / 8 * 8, small8 = small < 8 ? 8 : small / 8 * 8;
  static char what[NSHAPES][96];
  snprintf(what[0], sizeof what[0], "%d independent nodes", n);
  snprintf(what[1], sizeof what[1], "a chain of %d", n);
  snprintf(what[2], sizeof what[2], "%d layers of 8, 2 deps each", layered / 8);
  snprintf(what[3], sizeof what[3], "%d layers of 8, 8 deps each", layered / 8);
  snprintf(what[4], sizeof what[4],
           "%d layers of 8, 2 deps each, relaunched %d times", small8 / 8,
           relaunch);
  shapes[0] =
      (graph_shape){"indep",  what[0],  GRAPH_INDEPENDENT,         n, 0, 0,
                    launches, launches, "49 (oneTBB lightweight)", 49};
  shapes[1] = (graph_shape){"chain",  what[1],  GRAPH_CHAIN,     n, 0, 0,
                            launches, launches, "50 (Taskflow)", 50};
  shapes[2] = (graph_shape){"w8x2", what[2],  GRAPH_LAYERED, layered,       8,
                            2,      launches, launches,      "85 (oneTBB)", 85};
  shapes[3] = (graph_shape){"w8x8",   what[3],  GRAPH_LAYERED,  layered, 8, 8,
                            launches, launches, "186 (oneTBB)", 186};
  shapes[4] = (graph_shape){"relaunch", what[4],  GRAPH_LAYERED, small8, 8,
                            2,          relaunch, rebuild,       "45",   45};
}

static int shape_selected(const graph_shape *s) {
  const char *only = getenv("BENCH_GRAPH_ONLY");
  if (!only || !*only)
    return 1;
  for (const char *t = only; *t;) {
    size_t len = strcspn(t, ",");
    if (len && !strncmp(s->id, t, len))
      return 1;
    t += len + (t[len] == ',');
  }
  return 0;
}

static void run_cell(int si, int c, int timed, int round, int settle_us) {
  cell *x = &cells[si][c];
  if (x->err[0])
    return; /* failed before: not run again */
  if (side_err[c][0]) {
    snprintf(x->err, sizeof x->err, "%s", side_err[c]);
    return;
  }
  graph_fig f = {0};
  usleep((useconds_t)settle_us);
  const graph_side *sd = sides[c];
  if (sd->run_begin)
    sd->run_begin();
  sd->run(&shapes[si], &f);
  if (sd->run_end)
    sd->run_end();
  if (f.err[0]) {
    snprintf(x->err, sizeof x->err, "%s", f.err);
    return;
  }
  if (getenv("BENCH_RAW"))
    fprintf(stderr, "raw: round %d %s %s build %.1f launch %.1f ns/node\n",
            round, shapes[si].id, col_name[c], f.build_ns, f.launch_ns);
  if (timed) {
    x->build.v[x->build.n++] = f.build_ns;
    x->launch.v[x->launch.n++] = f.launch_ns;
    x->add.v[x->add.n++] = f.build_ns - f.inst_ns;
    x->inst.v[x->inst.n++] = f.inst_ns;
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct stats {
  double min, med;
  int ok;
} stats;

static stats stats_of(const cell *x, const series *s) {
  stats st = {0};
  if (x->err[0] || s->n == 0 || s->v[0] < 0)
    return st;
  double v[MAX_ROUNDS];
  memcpy(v, s->v, sizeof *v * (size_t)s->n);
  qsort(v, (size_t)s->n, sizeof *v, cmp_double);
  st.min = v[0];
  st.med = s->n % 2 ? v[s->n / 2] : 0.5 * (v[s->n / 2 - 1] + v[s->n / 2]);
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

/* "**min** (median)" or "n/a". */
static void fmt_cell(char *buf, size_t len, stats st) {
  if (!st.ok) {
    snprintf(buf, len, "n/a");
    return;
  }
  char a[24], b[24];
  fmt_num(a, sizeof a, st.min);
  fmt_num(b, sizeof b, st.med);
  snprintf(buf, len, "**%s** (%s)", a, b);
}

/* The ratio of the bests (of the medians), or n/a. */
static void fmt_ratio(char *buf, size_t len, stats a, stats b) {
  if (!a.ok || !b.ok || b.min <= 0 || b.med <= 0)
    snprintf(buf, len, "n/a");
  else
    snprintf(buf, len, "%.2f (%.2f)", a.min / b.min, a.med / b.med);
}

/* The better of two figures (by their bests); which one in |*who|. */
static stats better(stats a, int ia, stats b, int ib, int *who) {
  if (!b.ok || (a.ok && a.min <= b.min)) {
    *who = ia;
    return a;
  }
  *who = ib;
  return b;
}

static const char *const short_name[C_COUNT] = {
    "host", "kernel", "oneTBB", "oneTBB lw", "StarPU", "OpenMP"};

static void print_table(int launch) {
  printf("| shape | nodes |");
  for (int c = 0; c < C_COUNT; c++)
    printf(" %s |", col_name[c]);
  printf(" host / oneTBB | kernel / oneTBB | host / best peer | kernel / "
         "best peer |%s\n",
         launch ? " target (infinirt) |" : "");
  printf("|---|---|");
  for (int c = 0; c < C_COUNT + 4 + launch; c++)
    printf("---|");
  printf("\n");
  for (int si = 0; si < NSHAPES; si++) {
    if (!selected[si])
      continue;
    stats st[C_COUNT];
    for (int c = 0; c < C_COUNT; c++)
      st[c] = stats_of(&cells[si][c],
                       launch ? &cells[si][c].launch : &cells[si][c].build);
    printf("| %s | %d |", shapes[si].id, shapes[si].n);
    for (int c = 0; c < C_COUNT; c++) {
      char buf[64];
      fmt_cell(buf, sizeof buf, st[c]);
      printf(" %s |", buf);
    }
    int tbb_who, peer_who;
    stats tbb = better(st[C_TBB], C_TBB, st[C_TBB_LW], C_TBB_LW, &tbb_who);
    stats peer = tbb;
    peer_who = tbb_who;
    for (int c = C_SPU; c < C_COUNT; c++)
      peer = better(peer, peer_who, st[c], c, &peer_who);
    char r[4][64];
    fmt_ratio(r[0], sizeof r[0], st[C_IRT_HOST], tbb);
    fmt_ratio(r[1], sizeof r[1], st[C_IRT_KERNEL], tbb);
    fmt_ratio(r[2], sizeof r[2], st[C_IRT_HOST], peer);
    fmt_ratio(r[3], sizeof r[3], st[C_IRT_KERNEL], peer);
    printf(" %s | %s | %s (%s) | %s (%s) |", r[0], r[1], r[2],
           peer.ok ? short_name[peer_who] : "-", r[3],
           peer.ok ? short_name[peer_who] : "-");
    if (launch) {
      const graph_shape *s = &shapes[si];
      const char *vh = !st[C_IRT_HOST].ok                   ? "n/a"
                       : st[C_IRT_HOST].min <= s->target_ns ? "met"
                                                            : "missed";
      const char *vk = !st[C_IRT_KERNEL].ok                   ? "n/a"
                       : st[C_IRT_KERNEL].min <= s->target_ns ? "met"
                                                              : "missed";
      printf(" <= %s: host %s, kernel %s |", s->target, vh, vk);
    }
    printf("\n");
  }
}

/* infinirt's build figure split into its Add calls and GraphInstantiate. */
static void print_split(void) {
  printf("| shape | host: Add calls | host: Instantiate | kernel: Add calls "
         "| kernel: Instantiate |\n|---|---|---|---|---|\n");
  for (int si = 0; si < NSHAPES; si++) {
    if (!selected[si])
      continue;
    printf("| %s |", shapes[si].id);
    for (int c = C_IRT_HOST; c <= C_IRT_KERNEL; c++) {
      char a[64], b[64];
      fmt_cell(a, sizeof a, stats_of(&cells[si][c], &cells[si][c].add));
      fmt_cell(b, sizeof b, stats_of(&cells[si][c], &cells[si][c].inst));
      printf(" %s | %s |", a, b);
    }
    printf("\n");
  }
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

static void print_report(const char *started, double wall_s, int rounds,
                         int settle_us) {
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
  printf("# bench_cpu_graph: infinirt CPU graphs vs oneTBB flow graph, "
         "StarPU, OpenMP tasks\n\n");
  printf("- **Date:** %s (took %.1f s)\n", started, wall_s);
  printf("- **Machine:** %s, %ld online CPUs, %s %s %s; load average at end: "
         "%s\n",
         cpu, sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine,
         load);
  const char *src = getenv("BENCH_SOURCE");
  if (src && *src)
    printf("- **Source:** %s\n", src);
  printf("- **infinirt:** %s\n", graph_irt_host.describe());
  printf("- **Peers (%d threads each):** %s; %s; %s\n", GRAPH_PEER_THREADS,
         graph_tbb.describe(), graph_spu.describe(), graph_omp.describe());
  printf("- **Method:** %d timed rounds after 1 warm-up round; in each round "
         "every shape runs its contestants back to back, the order rotating "
         "per round, each after %d us idle. A run builds the shape, runs it "
         "once untimed, then times its launches (each launch + wait). "
         "StarPU and OpenMP have no reusable graph: every launch builds it "
         "again, and their launch figure includes that.\n",
         rounds, settle_us);
  printf("- **Cells:** ns per node, **best (min) over rounds** (median). "
         "Ratios: infinirt / peer of the bests (of the medians); oneTBB is "
         "the better of its two variants, best peer the best of all peers "
         "(named). The target is the issue's, met if infinirt's best is at "
         "or below it.\n\n");
  printf("Shapes:\n\n");
  for (int si = 0; si < NSHAPES; si++)
    if (selected[si])
      printf("- `%s`: %s (launches timed per run: %d; StarPU and OpenMP: "
             "%d)\n",
             shapes[si].id, shapes[si].what, shapes[si].launches,
             shapes[si].rebuild_launches);
  printf("\n## Launch: launch + wait, ns per node\n\n");
  print_table(1);
  printf("\n## Build: graph creation + nodes + edges + instantiation, ns per "
         "node\n\nStarPU: task creation + dependency declaration (it is part "
         "of its launch figure too); OpenMP: none (tasks are made as they "
         "are submitted).\n\n");
  print_table(0);
  printf("\ninfinirt's build, split (ns per node):\n\n");
  print_split();
  int any = 0;
  for (int si = 0; si < NSHAPES; si++)
    for (int c = 0; c < C_COUNT; c++)
      if (selected[si] && cells[si][c].err[0]) {
        if (!any)
          printf("\n## Not measured\n\n");
        any = 1;
        printf("- %s, %s: %s\n", shapes[si].id, col_name[c], cells[si][c].err);
      }
}

/* The whole suite, on a thread with a large stack (see main). */
static void *suite(void *unused) {
  (void)unused;
  make_shapes();
  int rounds = clamp(graph_env("BENCH_GRAPH_ROUNDS", 14), MAX_ROUNDS);
  int settle_us = clamp(graph_env("BENCH_SETTLE_US", 2000), 1000000);
  for (int si = 0; si < NSHAPES; si++)
    selected[si] = shape_selected(&shapes[si]);
  char started[32];
  time_t now = time(NULL);
  strftime(started, sizeof started, "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
  double t_start = graph_now_ns();
  for (int c = 0; c < C_COUNT; c++)
    if (sides[c]->setup(side_err[c], sizeof side_err[c]))
      fprintf(stderr, "bench_cpu_graph: %s unavailable: %s\n", col_name[c],
              side_err[c]);
  for (int round = -1; round < rounds; round++) {
    for (int si = 0; si < NSHAPES; si++) {
      if (!selected[si])
        continue;
      for (int k = 0; k < C_COUNT; k++)
        run_cell(si, (k + round + 1) % C_COUNT, round >= 0, round, settle_us);
    }
    fprintf(stderr, "bench_cpu_graph: round %d/%d done\n", round + 1, rounds);
  }
  print_report(started, (graph_now_ns() - t_start) / 1e9, rounds, settle_us);
  for (int c = 0; c < C_COUNT; c++)
    sides[c]->teardown();
  return NULL;
}

/* oneTBB's lightweight nodes run a ready successor's body inside the
 * predecessor's, so a chain of 100k of them recurses 100k deep in the
 * thread that started it: the suite runs on a thread whose stack is
 * GRAPH_STACK_BYTES (only the pages used are ever touched). */
int main(void) {
  pthread_attr_t attr;
  pthread_t t;
  if (pthread_attr_init(&attr) ||
      pthread_attr_setstacksize(&attr, GRAPH_STACK_BYTES) ||
      pthread_create(&t, &attr, suite, NULL)) {
    fprintf(stderr, "bench_cpu_graph: cannot start the suite's thread\n");
    return 1;
  }
  pthread_join(t, NULL);
  pthread_attr_destroy(&attr);
  return 0;
}
