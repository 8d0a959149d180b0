/* example_util.h - what the example host programs share: random inputs,
 * device buffers and failure messages. Internal to examples/kernels. */
#ifndef INFINIRT_EXAMPLE_UTIL_H_
#define INFINIRT_EXAMPLE_UTIL_H_

#include <stddef.h>
#include <stdint.h>

#include <infinirt.h>

#include "infinirt_example_kernels.h"

/* Where an example writes its verdict. */
typedef struct ex_out {
  char *msg;
  size_t len;
  uint64_t seed;
} ex_out;

/* xorshift64*: reproducible from the seed printed on failure. */
typedef struct ex_rng {
  uint64_t s;
} ex_rng;

uint64_t ex_fresh_seed(void);
void ex_rng_init(ex_rng *r, uint64_t seed);
/* Uniform in [lo, hi). */
float ex_rng_float(ex_rng *r, float lo, float hi);
void ex_fill(ex_rng *r, float *x, size_t n, float lo, float hi);

/* Formats a failure into |o| and returns INFINIRT_EXAMPLE_FAIL. */
int ex_fail(ex_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A failed infinirt call: its name, error and the runtime's detail. */
int ex_fail_call(ex_out *o, const char *call, infinirtError_t err);
int ex_pass(ex_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* |x| within |abs_tol| + |rel_tol| * |ref| of |ref|. */
int ex_close(double x, double ref, double abs_tol, double rel_tol);

/* Goes to |label| with the call's failure recorded in |rc|. */
#define EX_TRY(o, rc, label, call)                                             \
  do {                                                                         \
    infinirtError_t ex_err_ = (call);                                          \
    if (ex_err_ != infinirtSuccess) {                                          \
      (rc) = ex_fail_call((o), #call, ex_err_);                                \
      goto label;                                                              \
    }                                                                          \
  } while (0)

/* The examples; each loads nothing and expects the current device set. */
int ex_vector_add(infinirtLibrary_t lib, ex_out *o);
int ex_saxpy(infinirtLibrary_t lib, ex_out *o);
int ex_reduce(infinirtLibrary_t lib, ex_out *o);
int ex_matmul(infinirtLibrary_t lib, ex_out *o);

#endif /* INFINIRT_EXAMPLE_UTIL_H_ */
