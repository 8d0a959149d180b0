/* Group examples: the examples/kernels programs (vector add, SAXPY,
 * reduction, tiled matmul) on every device of the backend, on fresh random
 * inputs, against their host references. */
#include <stdio.h>
#include <string.h>

#include "infinirt_example_kernels.h"
#include "kt_util.h"

CONF_TEST(examples, every_device) {
  int count = 0;
  if (!EXPECT_OK(infinirtGetDeviceCount(&count)))
    return;
  char msg[512];
  for (int d = 0; d < count; d++) {
    for (int i = 0; infinirt_example_kernels_names[i]; i++) {
      const char *name = infinirt_example_kernels_names[i];
      int rc =
          infinirt_example_kernels_run(name, conf_backend, d, msg, sizeof msg);
      if (rc == INFINIRT_EXAMPLE_SKIP)
        CONF_SKIP("%s", msg);
      if (rc != INFINIRT_EXAMPLE_PASS)
        conf_fail(__FILE__, __LINE__, "device %d: %s", d, msg);
      else
        printf("     device %d: %s\n", d, msg);
    }
  }
}
