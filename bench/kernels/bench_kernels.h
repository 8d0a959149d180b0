/* bench_kernels.h - the sides of bench_kernels: infinirt (irt_side.c), the
 * PoCL peer (ocl_side.c, or ocl_none.c where OpenCL is missing) and the
 * machine's peak (peak.c). Each timing returns ns per operation, or a
 * negative value with the reason in |err|. */
#ifndef BENCH_KERNELS_H_
#define BENCH_KERNELS_H_

#include <stddef.h>

double bench_now_ns(void);

/* infinirt, current device type CPU, device 0. */
int irt_init(char *err, size_t len);
double irt_batch_ns(int launches, char *err, size_t len);
double irt_round_trip_ns(int pairs, char *err, size_t len);
/* The tiled matmul (examples/kernels) on n x n matrices: begin copies A and
 * B to the device; each irt_matmul_ns is one launch + synchronize computing
 * C, in ns; |native| picks the image built with -march=native. */
int irt_matmul_begin(const float *a, const float *b, unsigned int n, char *err,
                     size_t len);
double irt_matmul_ns(int native, char *err, size_t len);
int irt_matmul_result(float *c, char *err, size_t len);
void irt_matmul_end(void);
void irt_fini(void);

/* PoCL's CPU device through OpenCL. */
int ocl_init(char *desc, size_t desc_len, char *err, size_t len);
double ocl_batch_ns(int launches, char *err, size_t len);
double ocl_round_trip_ns(int pairs, char *err, size_t len);
void ocl_fini(void);

/* The peer of the matmul: C = A * B by a plain C i-k-j loop with OpenMP
 * over |threads| threads (omp_matmul.c at -O3; _native at -O3
 * -march=native), in ns; negative where built without OpenMP. */
double omp_matmul_ns(const float *a, const float *b, float *c, unsigned int n,
                     int threads);
double omp_matmul_native_ns(const float *a, const float *b, float *c,
                            unsigned int n, int threads);

/* The same-run comparison of the two (matmul_cmp.c): |reps| interleaved
 * repeats, prints the markdown table; |peak| and |peak_how| from
 * cpu_peak_gflops. Returns 0, or -1 when a result was wrong or missing. */
int matmul_compare(unsigned int n, int reps, double peak, const char *peak_how);

/* The machine's fp32 peak in GFLOP/s from /proc/cpuinfo; |how| receives the
 * formula with its numbers. */
double cpu_peak_gflops(int fma_units, char *how, size_t len);

#endif /* BENCH_KERNELS_H_ */
