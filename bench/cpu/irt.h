/* irt.h - error reporting shared by the infinirt contestant's files. */
#ifndef BENCH_CPU_IRT_H_
#define BENCH_CPU_IRT_H_

#include <infinirt.h>

#include "bench.h"

/* Records in |r| that infinirt|what| returned |e|, with the detail. */
void bench_irt_fail(bench_result *r, const char *what, infinirtError_t e);

/* Runs |call|; on failure records why in |r| and leaves the function (which
 * returns void). */
#define IRT(r, what, call)                                                     \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      bench_irt_fail((r), what, e_);                                           \
      return;                                                                  \
    }                                                                          \
  } while (0)

/* As IRT, in a function that returns -1 on failure. */
#define IRT_INT(r, what, call)                                                 \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      bench_irt_fail((r), what, e_);                                           \
      return -1;                                                               \
    }                                                                          \
  } while (0)

/* Destroys the events irt_ops.c keeps for reuse. */
void bench_irt_ops_teardown(void);

#endif /* BENCH_CPU_IRT_H_ */
