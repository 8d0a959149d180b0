/* version.c - CPU backend: its name and its driver version. */
#include <string.h>

#include "harness.h"

CONF_TEST(version, driver_version_is_the_runtime_version) {
  int v = -1;
  ASSERT_OK(infinirtDriverGetVersion(&v));
  EXPECT_EQ(v, INFINIRT_VERSION); /* the CPU has no driver of its own */
}

CONF_TEST(version, type_name) {
  EXPECT(strcmp(infinirtExtGetDeviceTypeName(infinirtDeviceTypeCpu), "cpu") ==
         0);
}
