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
/* GFLOP/s of one launch of the tiled matmul on n x n matrices (checked
 * against a host product on a sample of entries); |native| picks the image
 * built with -march=native. */
double irt_matmul_gflops(unsigned int n, int native, char *err, size_t len);
void irt_fini(void);

/* PoCL's CPU device through OpenCL. */
int ocl_init(char *desc, size_t desc_len, char *err, size_t len);
double ocl_batch_ns(int launches, char *err, size_t len);
double ocl_round_trip_ns(int pairs, char *err, size_t len);
void ocl_fini(void);

/* The machine's fp32 peak in GFLOP/s from /proc/cpuinfo; |how| receives the
 * formula with its numbers. */
double cpu_peak_gflops(int fma_units, char *how, size_t len);

#endif /* BENCH_KERNELS_H_ */
