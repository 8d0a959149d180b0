/* eval_internal.h - what eval.c, eval_data.c and eval_report.c share. */
#ifndef INFINIRT_EVAL_INTERNAL_H_
#define INFINIRT_EVAL_INTERNAL_H_

#include <stdio.h>

#include "infinirt.h"
#include "infinirt_eval.h"

#define EV_MAX_STEPS 64
#define EV_MAX_PARAMS 16

struct infinirtExtEvalResult_st {
  char kernel[128];
  char device[300];
  char device_type[16];
  int ordinal;
  unsigned grid[3], block[3];
  size_t shared_mem;
  infinirtExtEvalConfig cfg;
  int n, cap;
  double *ms, *wall;
  int nsteps;
  int steps[EV_MAX_STEPS];
  infinirtExtEvalStats st;
  char bw_formula[256];
  char flops_formula[256];
  char stop_reason[96];
  char check[160];
  double flush_bytes;
  int nparams;
  char *pname[EV_MAX_PARAMS];
  char *pval[EV_MAX_PARAMS];
};

/* Records a failure sentence for infinirtExtEvalGetLastErrorDetail and
 * returns |err|. */
infinirtError_t ev_fail(infinirtError_t err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Element access by dtype, as double. */
double ev_get(infinirtExtEvalDtype t, const void *base, size_t i);
void ev_set(infinirtExtEvalDtype t, void *base, size_t i, double v);
int ev_is_float(infinirtExtEvalDtype t);

/* Reads an .npy file: its dtype, rank, shape and elements (malloc'd). */
infinirtError_t ev_load_npy(const char *path, infinirtExtEvalDtype *dtype,
                            int *ndim, int64_t *shape, void **data,
                            size_t *count);

/* Statistics of |r|'s samples into r->st (times only). */
void ev_stats(infinirtExtEvalResult_t r);

#endif /* INFINIRT_EVAL_INTERNAL_H_ */
