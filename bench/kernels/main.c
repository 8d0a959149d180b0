/*
 * bench_kernels - kernel launch cost of infinirt's CPU backend against
 * PoCL's CPU device, measured in one run, interleaved, and the tiled
 * matmul's GFLOP/s against a plain C + OpenMP loop, beside the machine's
 * peak.
 *
 *   bench_kernels [--launches N] [--pairs N] [--reps R] [--matmul N]
 *                 [--fma-units U] [--only launch|matmul]
 *
 * Rows: (1) per-launch cost of N empty kernels (1 block of 1 thread) ending
 * in one synchronize; (2) launch + synchronize round trip. Each repeat runs
 * infinirt then PoCL back to back; the table shows medians over the repeats
 * and the ratio PoCL / infinirt (above 1: infinirt is faster). (3) the
 * example tiled matmul (N x N, default 1024) against an i-k-j OpenMP loop
 * with one thread per online CPU, for each pair of compiler flags, repeats
 * interleaved (matmul_cmp.c); the ratio is infinirt / OpenMP, target 0.8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_kernels.h"

#define MAX_REPS 101

double bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, n, sizeof *v, cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct side {
  double v[MAX_REPS];
  int n;
  char err[256];
} side;

static void sample(side *s, double ns) {
  if (ns >= 0 && s->n < MAX_REPS)
    s->v[s->n++] = ns;
}

static void fmt(char *out, size_t len, side *s, const char *unit) {
  if (s->n)
    snprintf(out, len, "%.0f %s", median(s->v, s->n), unit);
  else
    snprintf(out, len, "n/a");
}

static void row(const char *what, side *irt, side *peer, const char *target) {
  char a[64], b[64], r[64] = "n/a";
  fmt(a, sizeof a, irt, "ns");
  fmt(b, sizeof b, peer, "ns");
  if (irt->n && peer->n)
    snprintf(r, sizeof r, "%.2f",
             median(peer->v, peer->n) / median(irt->v, irt->n));
  printf("| %s | %s | %s | %s | %s |\n", what, a, b, r, target);
}

int main(int argc, char **argv) {
  int launches = 100000, pairs = 10000, reps = 7, fma_units = 0;
  unsigned int mm = 1024;
  const char *only = "";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--launches") == 0)
      launches = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--pairs") == 0)
      pairs = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--reps") == 0)
      reps = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--matmul") == 0)
      mm = (unsigned int)atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--fma-units") == 0)
      fma_units = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--only") == 0)
      only = argv[i + 1];
    else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  int do_launch = strcmp(only, "matmul") != 0;
  int do_matmul = strcmp(only, "launch") != 0 && mm > 0;
  if (!do_launch)
    launches = pairs = 0;
  if (reps < 1 || reps > MAX_REPS ||
      (do_launch && (launches < 1 || pairs < 1))) {
    fprintf(stderr, "bad counts\n");
    return 2;
  }
  char err[256] = "", peer_desc[256] = "none", peer_err[256] = "";
  int have_irt = irt_init(err, sizeof err) == 0;
  if (!have_irt)
    printf("infinirt CPU backend unusable: %s\n", err);
  int have_peer =
      ocl_init(peer_desc, sizeof peer_desc, peer_err, sizeof peer_err) == 0;
  static side ib, pb, ir, pr;
  /* Warm-up, untimed: first launches create workers and caches. */
  if (have_irt && do_launch)
    irt_batch_ns(launches / 10 + 1, ib.err, sizeof ib.err);
  if (have_peer && do_launch)
    ocl_batch_ns(launches / 10 + 1, pb.err, sizeof pb.err);
  for (int r = 0; do_launch && r < reps; r++) {
    if (have_irt)
      sample(&ib, irt_batch_ns(launches, ib.err, sizeof ib.err));
    if (have_peer)
      sample(&pb, ocl_batch_ns(launches, pb.err, sizeof pb.err));
    if (have_irt)
      sample(&ir, irt_round_trip_ns(pairs, ir.err, sizeof ir.err));
    if (have_peer)
      sample(&pr, ocl_round_trip_ns(pairs, pr.err, sizeof pr.err));
  }
  char how[256];
  double peak = cpu_peak_gflops(fma_units, how, sizeof how);
  printf("bench_kernels: %d repeats, medians; peer: %s%s%s\n\n", reps,
         peer_desc, have_peer ? "" : " - ", have_peer ? "" : peer_err);
  if (do_launch) {
    printf("| what | infinirt CPU | PoCL CPU | PoCL / infinirt | target |\n");
    printf("| --- | --- | --- | --- | --- |\n");
    char what[128];
    snprintf(what, sizeof what,
             "empty kernel, per launch in a batch of %d + 1 sync", launches);
    row(what, &ib, &pb, "<= 180 ns");
    snprintf(what, sizeof what, "launch + synchronize round trip (x%d)", pairs);
    row(what, &ir, &pr, "");
  }
  int mm_rc = !do_matmul ? 0
              : have_irt ? matmul_compare(mm, reps, peak, how)
                         : -1;
  const char *errs[] = {ib.err, pb.err, ir.err, pr.err};
  for (int i = 0; i < 4; i++)
    if (errs[i][0])
      printf("\nerror: %s\n", errs[i]);
  ocl_fini();
  irt_fini();
  return (!do_launch || (ib.n && ir.n)) && mm_rc == 0 ? 0 : 1;
}
