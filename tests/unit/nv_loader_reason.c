/* infinirt_nv_loader_reason.c - the NVIDIA backend's reason for having no
 * devices names every library path it tried, whichever stage failed.
 *
 *   unit-nv-loader-reason stub PATH     INFINIRT_CUDA_LIBRARY=PATH, the
 *                                       toolkit's stub: the reason says stub
 *                                       and names PATH
 *   unit-nv-loader-reason missing       INFINIRT_CUDA_LIBRARY names no file:
 *                                       with no driver either, the reason
 *                                       names it, libcuda.so.1 and libcuda.so
 *   unit-nv-loader-reason stub-later    as missing, with the stub directory
 *                                       in LD_LIBRARY_PATH: the stub opens as
 *                                       libcuda.so, and the reason still
 *                                       names the two paths tried before it
 *
 * Where a real driver loads (a GPU machine), the last two have nothing to
 * see and skip (77). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static int mentions(const char *reason, const char *what) {
  if (strstr(reason, what))
    return 1;
  printf("the reason does not mention \"%s\"\n", what);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: %s stub PATH | missing | stub-later\n", argv[0]);
    return 2;
  }
  const char *env = getenv("INFINIRT_CUDA_LIBRARY");
  printf("INFINIRT_CUDA_LIBRARY=%s\n", env ? env : "(unset)");
  int count = -1;
  const char *reason = NULL;
  UNIT_CHECK_ERR(
      infinirtSuccess,
      infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &count, &reason));
  printf("devices %d, reason: %s\n", count, reason ? reason : "(none)");
  if (strcmp(argv[1], "stub") == 0) {
    UNIT_CHECK(count == 0);
    UNIT_CHECK(reason && mentions(reason, "CUDA_ERROR_STUB_LIBRARY"));
    UNIT_CHECK(reason && argc > 2 && mentions(reason, argv[2]));
    return unit_result();
  }
  if (count > 0) {
    printf("SKIP: a CUDA driver loaded, so no failure to read\n");
    return 77;
  }
  UNIT_CHECK(reason && env && mentions(reason, env));
  UNIT_CHECK(reason && mentions(reason, "libcuda.so.1"));
  if (strcmp(argv[1], "stub-later") == 0)
    UNIT_CHECK(reason && mentions(reason, "CUDA_ERROR_STUB_LIBRARY"));
  else
    UNIT_CHECK(reason && mentions(reason, "libcuda.so:"));
  return unit_result();
}
