/* install.version: the version macros in infinirt.h, the project version in
 * CMakeLists.txt (EXPECT_* from CMake) and what the library reports agree,
 * as docs/versioning.md says. */
#include <stdio.h>

#include <infinirt.h>
#include <infinirt_ext.h>

static int failures;

static void check(int ok, const char *what, int got, int want) {
  printf("%s: %s (got %d, expected %d)\n", ok ? "ok" : "FAIL", what, got, want);
  failures += !ok;
}

int main(void) {
  const int want = EXPECT_MAJOR * 1000 + EXPECT_MINOR * 10 + EXPECT_PATCH;
  int runtime = -1, driver = -1;

  check(INFINIRT_VERSION_MAJOR == EXPECT_MAJOR, "INFINIRT_VERSION_MAJOR",
        INFINIRT_VERSION_MAJOR, EXPECT_MAJOR);
  check(INFINIRT_VERSION_MINOR == EXPECT_MINOR, "INFINIRT_VERSION_MINOR",
        INFINIRT_VERSION_MINOR, EXPECT_MINOR);
  check(INFINIRT_VERSION_PATCH == EXPECT_PATCH, "INFINIRT_VERSION_PATCH",
        INFINIRT_VERSION_PATCH, EXPECT_PATCH);
  check(INFINIRT_VERSION == want, "INFINIRT_VERSION", INFINIRT_VERSION, want);

  int library = -1;
  infinirtError_t err = infinirtExtGetVersion(&library);
  check(err == infinirtSuccess && library == want, "infinirtExtGetVersion",
        library, want);
  /* The runtime API level is on CUDA's scale. */
  err = infinirtRuntimeGetVersion(&runtime);
  check(err == infinirtSuccess && runtime == INFINIRTRT_VERSION,
        "infinirtRuntimeGetVersion", runtime, INFINIRTRT_VERSION);
  /* The CPU has no driver: its driver version is the runtime's. */
  err = infinirtExtSetDeviceType(infinirtDeviceTypeCpu);
  check(err == infinirtSuccess, "select the CPU", (int)err, infinirtSuccess);
  err = infinirtDriverGetVersion(&driver);
  check(err == infinirtSuccess && driver == INFINIRTRT_VERSION,
        "infinirtDriverGetVersion on the CPU", driver, INFINIRTRT_VERSION);
  err = infinirtDriverGetVersion(NULL);
  check(err == infinirtErrorInvalidValue, "infinirtDriverGetVersion(NULL)",
        (int)err, infinirtErrorInvalidValue);
  err = infinirtRuntimeGetVersion(NULL);
  check(err == infinirtErrorInvalidValue, "infinirtRuntimeGetVersion(NULL)",
        (int)err, infinirtErrorInvalidValue);
  infinirtGetLastError();
  printf("version: %s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
