/* peak.c - the machine's single-precision peak from /proc/cpuinfo:
 * logical CPUs x clock x fp32 lanes of the widest FMA x 2 flops per FMA x
 * FMA units per core. |fma_units| <= 0 guesses the units: 1 on AMD Zen 4
 * (family 25, 512-bit FMAs issued as two 256-bit halves), else 2 (Zen 5,
 * family 26, and Intel server cores have two 512-bit FMA pipes). */
#include <stdio.h>
#include <string.h>

#include "bench_kernels.h"

double cpu_peak_gflops(int fma_units, char *how, size_t len) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[4096];
  int cpus = 0, lanes = 4, fma = 0, family = 0, amd = 0;
  double mhz = 0.0;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "processor", 9) == 0)
      cpus++;
    else if (strncmp(line, "cpu MHz", 7) == 0 && mhz == 0.0)
      sscanf(strchr(line, ':') + 1, "%lf", &mhz);
    else if (strncmp(line, "cpu family", 10) == 0)
      sscanf(strchr(line, ':') + 1, "%d", &family);
    else if (strncmp(line, "vendor_id", 9) == 0)
      amd = strstr(line, "AuthenticAMD") != NULL;
    else if (strncmp(line, "flags", 5) == 0) {
      fma = strstr(line, " fma") != NULL;
      lanes = strstr(line, " avx512f") ? 16 : strstr(line, " avx") ? 8 : 4;
    }
  }
  if (f)
    fclose(f);
  if (fma_units <= 0)
    fma_units = amd && family == 25 && lanes == 16 ? 1 : 2;
  int flops_per_lane = fma ? 2 : 1;
  double peak = cpus * mhz * 1e-3 * lanes * flops_per_lane * fma_units;
  snprintf(how, len,
           "%d CPUs x %.0f MHz x %d fp32 lanes (%s) x %d (FMA) x %d FMA "
           "units/core",
           cpus, mhz, lanes,
           lanes == 16  ? "AVX-512"
           : lanes == 8 ? "AVX"
                        : "SSE",
           flops_per_lane, fma_units);
  return peak;
}
