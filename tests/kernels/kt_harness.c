/* kt_harness.c - test table and runner of the kernel tests (usage in
 * kt_harness.h). */
#include "kt_harness.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KT_MAX_TESTS 128

typedef struct kt_entry {
  const char *group, *name;
  kt_test_fn fn;
} kt_entry;

static kt_entry tests[KT_MAX_TESTS];
static int ntests;
static atomic_int cur_failed, cur_skipped;
static char skip_reason[512];
static const char *cur_name = "";

infinirtDeviceType kt_backend;

void kt_register(const char *group, const char *name, kt_test_fn fn) {
  if (ntests == KT_MAX_TESTS) {
    fprintf(stderr, "kt_harness: raise KT_MAX_TESTS\n");
    abort();
  }
  tests[ntests++] = (kt_entry){group, name, fn};
}

void kt_skip(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(skip_reason, sizeof skip_reason, fmt, ap);
  va_end(ap);
  atomic_store(&cur_skipped, 1);
}

int kt_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  flockfile(stdout);
  printf("  %s:%d: %s: ", file, line, cur_name);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  fflush(stdout);
  funlockfile(stdout);
  atomic_store(&cur_failed, 1);
  return 0;
}

int kt_check_err(const char *file, int line, const char *call,
                 infinirtError_t want, infinirtError_t got) {
  if (got == want)
    return 1;
  return kt_fail(file, line, "%s\n    expected %s, got %s\n    detail: %s",
                 call, infinirtGetErrorName(want), infinirtGetErrorName(got),
                 infinirtExtGetLastErrorDetail());
}

static int usage(void) {
  fprintf(stderr, "usage: infinirt-kernel-tests --backend cpu|nvidia "
                  "--group G | --list\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *backend = NULL, *group = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc)
      backend = argv[++i];
    else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc)
      group = argv[++i];
    else if (strcmp(argv[i], "--list") == 0) {
      for (int t = 0; t < ntests; t++)
        printf("%s.%s\n", tests[t].group, tests[t].name);
      return 0;
    } else
      return usage();
  }
  if (!backend || !group)
    return usage();
  int type = -1;
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    if (strcmp(backend, infinirtExtGetDeviceTypeName(t)) == 0)
      type = t;
  if (type < 0)
    return usage();
  kt_backend = (infinirtDeviceType)type;
  int count = 0;
  const char *reason = NULL;
  if (infinirtExtGetBackendStatus(kt_backend, &count, &reason) !=
      infinirtSuccess) {
    printf("FAIL: infinirtExtGetBackendStatus: %s\n",
           infinirtExtGetLastErrorDetail());
    return 1;
  }
  if (count == 0) {
    printf("SKIP kernels.%s.%s: no %s device: %s\n", group, backend, backend,
           reason ? reason : "(no reason given)");
    return 77;
  }
  int run = 0, passed = 0, failed = 0, skipped = 0;
  for (int t = 0; t < ntests; t++) {
    if (strcmp(tests[t].group, group) != 0)
      continue;
    run++;
    cur_name = tests[t].name;
    atomic_store(&cur_failed, 0);
    atomic_store(&cur_skipped, 0);
    if (infinirtExtSetDeviceType(kt_backend) != infinirtSuccess ||
        infinirtSetDevice(0) != infinirtSuccess) {
      printf("FAIL %s: cannot select device 0: %s\n", cur_name,
             infinirtExtGetLastErrorDetail());
      return 1;
    }
    infinirtGetLastError();
    tests[t].fn();
    if (atomic_load(&cur_failed)) {
      failed++;
      printf("FAIL %s.%s.%s\n", group, cur_name, backend);
    } else if (atomic_load(&cur_skipped)) {
      skipped++;
      printf("SKIP %s.%s.%s: %s\n", group, cur_name, backend, skip_reason);
    } else {
      passed++;
      printf("ok   %s.%s.%s\n", group, cur_name, backend);
    }
    fflush(stdout);
  }
  if (!run) {
    fprintf(stderr, "no test group named '%s'\n", group);
    return 2;
  }
  printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  if (failed)
    return 1;
  if (!passed) {
    printf("SKIP kernels.%s.%s: %s\n", group, backend, skip_reason);
    return 77;
  }
  return 0;
}
