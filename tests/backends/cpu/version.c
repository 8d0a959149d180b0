/* version.c - CPU backend: its name and its driver version. */
#include <string.h>

#include "harness.h"

CONF_TEST(version, driver_version_is_the_runtime_version) {
  int v = -1;
  ASSERT_OK(infinirtDriverGetVersion(&v));
  /* The CPU has no driver of its own: it answers the runtime's API level,
   * so a port's "driver older than runtime" check passes. */
  EXPECT_EQ(v, INFINIRTRT_VERSION);
}

CONF_TEST(version, type_name) {
  EXPECT(strcmp(infinirtExtGetDeviceTypeName(infinirtDeviceTypeCpu), "cpu") ==
         0);
}
