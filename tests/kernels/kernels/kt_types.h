/* kt_types.h - types the test kernels and the host side of the tests share. */
#ifndef KT_TYPES_H_
#define KT_TYPES_H_

/* A 16-byte, 16-aligned argument. */
typedef struct kt_pair16 {
  long long a __attribute__((aligned(16)));
  double b;
} kt_pair16;

/* The largest argument the CPU kernel ABI takes (256 bytes); five of them
 * are more than a CPU command keeps inline (1 KiB), so they go to the
 * launch's heap. */
typedef struct kt_big {
  int v[64];
} kt_big;

/* Words each thread writes in kt_dims_index. */
#define KT_DIMS_WORDS 16

/* Largest blockDim.x of the reverse kernels (their static shared array). */
#define KT_REVERSE_MAX 256

/* Sizes of the globals of kt_globals.c, in ints. */
#define KT_COEFFS 16
#define KT_RESULTS 64

#endif /* KT_TYPES_H_ */
