/* kt_private3d.h - the host's model of kernel kt_private_3d (kernels/
 * kt_shared.c), shared by the conformance test and kt_codegen. */
#ifndef KT_PRIVATE3D_H_
#define KT_PRIVATE3D_H_

#include <stddef.h>
#include <stdlib.h>

/* Fills want[2 * (block * nt + t)] and want[... + 1] for |blocks| blocks of
 * |nt| threads (nt <= 1024) as kt_private_3d does after |rounds| rounds.
 * Returns 0, or -1 when out of memory. */
static inline int kt_private3d_expect(unsigned int blocks, unsigned int nt,
                                      unsigned int rounds, long long *want) {
  int *isum = malloc(nt * sizeof(int)), *mirror = malloc(nt * sizeof(int));
  double *dsum = malloc(nt * sizeof(double));
  int rc = isum && mirror && dsum ? 0 : -1;
  for (unsigned int b = 0; rc == 0 && b < blocks; b++) {
    for (unsigned int t = 0; t < nt; t++) {
      isum[t] = (int)(t + b);
      dsum[t] = 0.5 * t;
    }
    for (unsigned int r = 0; r < rounds; r++) {
      for (unsigned int t = 0; t < nt; t++)
        mirror[t] = isum[t] + (int)r;
      for (unsigned int t = 0; t < nt; t++)
        if ((t + r) % 3 != 0) {
          isum[t] += mirror[nt - 1 - t] % 7;
          dsum[t] += 1.0;
        }
    }
    for (unsigned int t = 0; t < nt; t++) {
      size_t g = (size_t)b * nt + t;
      want[2 * g] = isum[t];
      want[2 * g + 1] = (long long)(2.0 * dsum[t]);
    }
  }
  free(isum);
  free(mirror);
  free(dsum);
  return rc;
}

#endif /* KT_PRIVATE3D_H_ */
