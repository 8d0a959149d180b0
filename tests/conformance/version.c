/* version.c - RuntimeGetVersion and DriverGetVersion. */
#include "harness.h"

CONF_TEST(version, runtime_version_is_the_api_level_mirrored) {
  int v = -1;
  ASSERT_OK(infinirtRuntimeGetVersion(&v));
  EXPECT_EQ(v, INFINIRTRT_VERSION);
  EXPECT_EQ(INFINIRTRT_VERSION, 13000); /* CUDA 13's CUDART_VERSION */
}

CONF_TEST(version, library_version_is_the_header_version) {
  int v = -1;
  ASSERT_OK(infinirtExtGetVersion(&v));
  EXPECT_EQ(v, INFINIRT_VERSION);
  EXPECT_EQ(INFINIRT_VERSION, INFINIRT_VERSION_MAJOR * 1000 +
                                  INFINIRT_VERSION_MINOR * 10 +
                                  INFINIRT_VERSION_PATCH);
}

CONF_TEST(version, runtime_version_null) {
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtRuntimeGetVersion(NULL));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtExtGetVersion(NULL));
}

CONF_TEST(version, driver_version) {
  int v = -1;
  ASSERT_OK(infinirtDriverGetVersion(&v));
  /* The backend has devices, so its driver is loaded. Which number it is
   * is each backend's (tests/backends/). */
  EXPECT(v > 0);
}

CONF_TEST(version, driver_version_null) {
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtDriverGetVersion(NULL));
}
