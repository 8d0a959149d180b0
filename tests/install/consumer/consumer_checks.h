/* The checks every outside consumer runs, written in the common subset of
 * C11 and C++11 so that the C and the C++ consumers share them. Needs
 * EXPECT_MAJOR/EXPECT_MINOR/EXPECT_PATCH: the version the build system found
 * (CMake package version or pkg-config --modversion). */
#ifndef CONSUMER_CHECKS_H_
#define CONSUMER_CHECKS_H_

#include <stdio.h>
#include <string.h>

#include <infinirt.h>
#include <infinirt_cpu_kernel.h>
#include <infinirt_ext.h>
#include <infinirt_profiler_api.h>

#if !defined(EXPECT_MAJOR) || !defined(EXPECT_MINOR) || !defined(EXPECT_PATCH)
#error "define EXPECT_MAJOR, EXPECT_MINOR and EXPECT_PATCH"
#endif

static int consumer_failures;

static void consumer_check(int ok, const char *what) {
  printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) {
    printf("  detail: %s\n", infinirtExtGetLastErrorDetail());
    consumer_failures++;
  }
}

/* Returns the number of failed checks. */
static int consumer_run_checks(void) {
  enum { N = 4096 };
  static unsigned char in[N], out[N];
  int v = -1, count = -1;
  infinirtDeviceType type = infinirtDeviceTypeCount;
  void *dev = NULL;
  size_t i;

  consumer_check(INFINIRT_VERSION_MAJOR == EXPECT_MAJOR &&
                     INFINIRT_VERSION_MINOR == EXPECT_MINOR &&
                     INFINIRT_VERSION_PATCH == EXPECT_PATCH,
                 "header version macros equal the package version");
  consumer_check(infinirtExtGetVersion(&v) == infinirtSuccess &&
                     v ==
                         EXPECT_MAJOR * 1000 + EXPECT_MINOR * 10 + EXPECT_PATCH,
                 "infinirtExtGetVersion reports the package version");
  consumer_check(infinirtRuntimeGetVersion(&v) == infinirtSuccess &&
                     v == INFINIRTRT_VERSION,
                 "infinirtRuntimeGetVersion reports the API level mirrored");
  consumer_check(infinirtRuntimeGetVersion(NULL) == infinirtErrorInvalidValue &&
                     infinirtGetLastError() == infinirtErrorInvalidValue &&
                     infinirtGetLastError() == infinirtSuccess,
                 "a NULL argument gives InvalidValue and sets the last error");
  consumer_check(strcmp(infinirtGetErrorName(infinirtErrorInvalidValue),
                        "infinirtErrorInvalidValue") == 0,
                 "infinirtGetErrorName");

  /* INFINIRT_DEVICE_TYPE=cpu is set by the test. */
  consumer_check(infinirtExtGetDeviceType(&type) == infinirtSuccess &&
                     type == infinirtDeviceTypeCpu,
                 "the current device type is the CPU");
  consumer_check(infinirtGetDeviceCount(&count) == infinirtSuccess &&
                     count >= 1,
                 "infinirtGetDeviceCount finds the CPU");

  for (i = 0; i < N; i++)
    in[i] = (unsigned char)(i * 7u + 3u);
  consumer_check(infinirtMalloc(&dev, N) == infinirtSuccess && dev != NULL,
                 "infinirtMalloc");
  if (dev) {
    consumer_check(infinirtMemcpy(dev, in, N, infinirtMemcpyHostToDevice) ==
                       infinirtSuccess,
                   "infinirtMemcpy host to device");
    consumer_check(infinirtMemcpy(out, dev, N, infinirtMemcpyDeviceToHost) ==
                       infinirtSuccess,
                   "infinirtMemcpy device to host");
    consumer_check(memcmp(in, out, N) == 0, "the data came back unchanged");
    consumer_check(infinirtFree(dev) == infinirtSuccess, "infinirtFree");
  }
  consumer_check(infinirtProfilerStart() == infinirtSuccess &&
                     infinirtProfilerStop() == infinirtSuccess,
                 "infinirt_profiler_api.h is installed and its calls link");
  return consumer_failures;
}

#endif /* CONSUMER_CHECKS_H_ */
