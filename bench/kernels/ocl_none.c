/* ocl_none.c - bench_kernels_irt: no peer (OpenCL was not found). */
#include <stdio.h>

#include "bench_kernels.h"

static int none(char *err, size_t len) {
  snprintf(err, len, "built without OpenCL (run bench/kernels/run.sh)");
  return -1;
}

int ocl_init(char *desc, size_t desc_len, char *err, size_t len) {
  snprintf(desc, desc_len, "none");
  return none(err, len);
}
double ocl_batch_ns(int launches, char *err, size_t len) {
  (void)launches;
  return none(err, len);
}
double ocl_round_trip_ns(int pairs, char *err, size_t len) {
  (void)pairs;
  return none(err, len);
}
void ocl_fini(void) {}
