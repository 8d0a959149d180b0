/* trace_profiler.c - with INFINIRT_TRACE=profiler (set by ctest), the trace
 * covers the calls from infinirtProfilerStart to infinirtProfilerStop and
 * no others, as a profiler with a cudaProfilerApi capture range records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infinirt_profiler_api.h"
#include "unit.h"

int main(void) {
  char path[] = "/tmp/infinirt-trace-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return 1;
  fflush(stderr);
  int saved = dup(2);
  dup2(fd, 2);

  int n = 0, dev = -1, version = 0;
  UNIT_CHECK_ERR(infinirtSuccess,
                 infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  UNIT_CHECK_ERR(infinirtSuccess, infinirtGetDeviceCount(&n));
  UNIT_CHECK_ERR(infinirtSuccess, infinirtProfilerStart());
  UNIT_CHECK_ERR(infinirtSuccess, infinirtProfilerStart()); /* no error */
  UNIT_CHECK_ERR(infinirtSuccess, infinirtGetDevice(&dev));
  UNIT_CHECK_ERR(infinirtSuccess, infinirtProfilerStop());
  UNIT_CHECK_ERR(infinirtSuccess, infinirtProfilerStop()); /* no error */
  UNIT_CHECK_ERR(infinirtSuccess, infinirtDriverGetVersion(&version));

  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  FILE *f = fopen(path, "r");
  static char log[1 << 14];
  size_t len = f ? fread(log, 1, sizeof log - 1, f) : 0;
  log[len] = '\0';
  if (f)
    fclose(f);
  unlink(path);
  close(fd);

  UNIT_CHECK(strstr(log, "infinirtGetDevice(device=") != NULL);
  /* The second Start runs inside the range, the first Stop too. */
  UNIT_CHECK(strstr(log, "infinirtProfilerStart() -> infinirtSuccess") != NULL);
  UNIT_CHECK(strstr(log, "infinirtProfilerStop() -> infinirtSuccess") != NULL);
  UNIT_CHECK(strstr(log, "infinirtGetDeviceCount") == NULL);
  UNIT_CHECK(strstr(log, "infinirtDriverGetVersion") == NULL);
  UNIT_CHECK(strstr(log, "infinirtExtSetDeviceType") == NULL);
  if (unit_failures) {
    printf("--- trace output ---\n%s", log);
    return 1;
  }
  printf("trace: only the profiler range\n");
  return 0;
}
