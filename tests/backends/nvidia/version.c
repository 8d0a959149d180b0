/* version.c - NVIDIA backend: its name and its driver version. */
#include <string.h>

#include "harness.h"

CONF_TEST(version, driver_version_is_cuda_number) {
  int v = -1;
  ASSERT_OK(infinirtDriverGetVersion(&v));
  /* cuDriverGetVersion: 1000 * major + 10 * minor. */
  EXPECT(v >= 10000);
  EXPECT_EQ(v % 10, 0);
}

CONF_TEST(version, type_name) {
  EXPECT(strcmp(infinirtExtGetDeviceTypeName(infinirtDeviceTypeNvidia),
                "nvidia") == 0);
}
