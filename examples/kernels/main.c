/* infinirt-kernel-examples [NAME...]: runs each example kernel (all, or the
 * ones named) on every device of every device type, on fresh random inputs,
 * and checks it against a host reference. Exit status 0 if none failed. */
#include <stdio.h>

#include "infinirt_example_kernels.h"

static int run_everywhere(const char *name, int *failed) {
  char msg[512];
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    int count = 0;
    const char *reason = NULL;
    infinirtExtGetBackendStatus((infinirtDeviceType)t, &count, &reason);
    for (int d = 0; d < (count ? count : 1); d++) {
      int rc = infinirt_example_kernels_run(name, (infinirtDeviceType)t, d, msg,
                                            sizeof msg);
      const char *v = rc == INFINIRT_EXAMPLE_PASS   ? "PASS"
                      : rc == INFINIRT_EXAMPLE_SKIP ? "SKIP"
                                                    : "FAIL";
      printf("%s %s:%d %s: %s\n", v, infinirtExtGetDeviceTypeName(t), d,
             name ? name : "all", msg);
      *failed += rc == INFINIRT_EXAMPLE_FAIL;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int failed = 0;
  if (argc < 2) {
    for (int i = 0; infinirt_example_kernels_names[i]; i++)
      run_everywhere(infinirt_example_kernels_names[i], &failed);
  }
  for (int i = 1; i < argc; i++)
    run_everywhere(argv[i], &failed);
  return failed ? 1 : 0;
}
