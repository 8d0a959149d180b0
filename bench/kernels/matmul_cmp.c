/* matmul_cmp.c - bench_kernels' matmul rows: the example tiled matmul
 * through infinirt's CPU backend against a plain C + OpenMP i-k-j loop with
 * as many threads as online CPUs, same matrices, same run, interleaved. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench_kernels.h"

#define MAX_REPS 101

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  if (n == 0)
    return -1.0;
  qsort(v, n, sizeof *v, cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Lets the other side's spinning workers park before a timed run. */
static void settle(void) {
  struct timespec ts = {0, 5 * 1000 * 1000};
  nanosleep(&ts, NULL);
}

/* Checks a sample of C = A * B against a double-precision product. */
static int check(const float *a, const float *b, const float *c,
                 unsigned int n) {
  for (unsigned int s = 0; s < 64; s++) {
    unsigned int i = (s * 7919u) % n, j = (s * 104729u) % n;
    double ref = 0.0;
    for (unsigned int l = 0; l < n; l++)
      ref += (double)a[(size_t)i * n + l] * b[(size_t)l * n + j];
    double d = c[(size_t)i * n + j] - ref;
    if (d < 0)
      d = -d;
    if (d > 1e-5 * n + 1e-5 * (ref < 0 ? -ref : ref))
      return 0;
  }
  return 1;
}

typedef struct pair {
  double irt[MAX_REPS], omp[MAX_REPS], ratio[MAX_REPS];
  int n;
  char err[256];
} pair;

/* The better of two runs, as GFLOP/s; negative on error. */
static double irt_gflops(int native, unsigned int n, char *err, size_t len) {
  double best = -1.0;
  for (int i = 0; i < 2; i++) {
    settle();
    double ns = irt_matmul_ns(native, err, len);
    if (ns < 0)
      return -1.0;
    if (2.0 * n * n * (double)n / ns > best)
      best = 2.0 * n * n * (double)n / ns;
  }
  return best;
}

static double omp_gflops(int native, const float *a, const float *b, float *c,
                         unsigned int n, int threads) {
  double best = -1.0;
  for (int i = 0; i < 2; i++) {
    settle();
    double ns = native ? omp_matmul_native_ns(a, b, c, n, threads)
                       : omp_matmul_ns(a, b, c, n, threads);
    if (ns < 0)
      return -1.0;
    if (2.0 * n * n * (double)n / ns > best)
      best = 2.0 * n * n * (double)n / ns;
  }
  return best;
}

static void row(const char *what, pair *p, double peak) {
  double r = median(p->ratio, p->n);
  double gi = median(p->irt, p->n), go = median(p->omp, p->n);
  if (p->n == 0) {
    printf("| %s | n/a | n/a | n/a | >= 0.80 | |\n", what);
    return;
  }
  printf("| %s | %.1f (%.1f%% of peak) | %.1f | %.2f | >= 0.80%s |\n", what, gi,
         100 * gi / peak, go, r, r >= 0.8 ? "" : " (missed)");
}

int matmul_compare(unsigned int n, int reps, double peak,
                   const char *peak_how) {
  static pair rows[2];
  size_t cells = (size_t)n * n;
  float *a = malloc(cells * sizeof *a), *b = malloc(cells * sizeof *b);
  float *c = malloc(cells * sizeof *c);
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = cpus > 0 ? (int)cpus : 1, ok = 1;
  char err[256] = "";
  if (reps > MAX_REPS)
    reps = MAX_REPS;
  if (!a || !b || !c) {
    printf("\nmatmul: out of host memory\n");
    free(a), free(b), free(c);
    return -1;
  }
  for (size_t i = 0; i < cells; i++) {
    a[i] = (float)((i * 37) % 101) / 101.0f - 0.5f;
    b[i] = (float)((i * 53) % 103) / 103.0f - 0.5f;
  }
  int have_irt = irt_matmul_begin(a, b, n, err, sizeof err) == 0;
  /* Untimed warm-ups: page faults, worker start, OpenMP's pool. */
  for (int native = 0; native < 2; native++) {
    if (have_irt && irt_matmul_ns(native, err, sizeof err) < 0)
      have_irt = 0;
    (void)(native ? omp_matmul_native_ns(a, b, c, n, threads)
                  : omp_matmul_ns(a, b, c, n, threads));
  }
  for (int r = 0; have_irt && r < reps; r++)
    for (int native = 0; native < 2; native++) {
      pair *p = &rows[native];
      double gi = 0, go = 0;
      /* Alternate who goes first, so that drift does not favour one. */
      if (r % 2)
        go = omp_gflops(native, a, b, c, n, threads);
      gi = irt_gflops(native, n, p->err, sizeof p->err);
      if (r % 2 == 0)
        go = omp_gflops(native, a, b, c, n, threads);
      if (gi > 0 && go > 0) {
        p->irt[p->n] = gi;
        p->omp[p->n] = go;
        p->ratio[p->n++] = gi / go;
      }
    }
  /* c holds the last OpenMP product (native); check both sides. */
  if (have_irt && rows[1].n && !check(a, b, c, n)) {
    printf("\nerror: the OpenMP product is wrong\n");
    ok = 0;
  }
  if (have_irt &&
      (irt_matmul_result(c, err, sizeof err) != 0 || !check(a, b, c, n))) {
    printf("\nerror: the infinirt matmul result is wrong%s%s\n",
           err[0] ? ": " : "", err);
    ok = 0;
  }
  irt_matmul_end();

  printf("\n| tiled matmul %ux%u fp32 (16x16 tiles), %d threads, medians of "
         "%d | infinirt CPU GFLOP/s | OpenMP i-k-j GFLOP/s | infinirt / "
         "OpenMP | target |\n",
         n, n, threads, reps);
  printf("| --- | --- | --- | --- | --- |\n");
  row("-O3 (portable kernel image and loop)", &rows[0], peak);
  row("-O3 -march=native (both)", &rows[1], peak);
  printf("| machine peak | %.1f | %s | | |\n", peak, peak_how);
  if (!have_irt)
    printf("\nmatmul: infinirt unusable: %s\n", err);
  else if (rows[0].n == 0 || rows[1].n == 0)
    printf("\nmatmul: no figure: %s%s\n",
           rows[0].err[0] ? rows[0].err : rows[1].err,
           rows[0].err[0] || rows[1].err[0] ? "" : "built without OpenMP");
  free(a);
  free(b);
  free(c);
  return ok && have_irt && rows[0].n && rows[1].n ? 0 : -1;
}
