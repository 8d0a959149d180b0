/*
 * harness.c - test table and runner of the conformance suite.
 *
 *   infinirt-conformance --backend cpu|nvidia [--group G] [--test NAME]
 *                        [--list]
 *
 * Exit status: 0 all run tests passed, 1 a test failed, 2 bad usage, 77 the
 * backend has no device or every selected test skipped (ctest's skip code).
 */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONF_MAX_TESTS 512

typedef struct conf_entry {
  const char *group;
  const char *name;
  conf_test_fn fn;
} conf_entry;

static conf_entry tests[CONF_MAX_TESTS];
static int ntests;

infinirtDeviceType conf_backend;

/* State of the running test; worker threads of a test may fail it too. */
static atomic_int cur_failed;
static atomic_int cur_skipped;
static char skip_reason[256];
static const char *cur_group = "", *cur_name = "";

void conf_register(const char *group, const char *name, conf_test_fn fn) {
  if (ntests == CONF_MAX_TESTS) {
    fprintf(stderr, "harness: raise CONF_MAX_TESTS\n");
    abort();
  }
  tests[ntests++] = (conf_entry){group, name, fn};
}

bool conf_thread_enter(int dev) {
  return EXPECT_OK(infinirtExtSetDeviceType(conf_backend)) &&
         EXPECT_OK(infinirtSetDevice(dev));
}

void conf_skip(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(skip_reason, sizeof skip_reason, fmt, ap);
  va_end(ap);
  atomic_store(&cur_skipped, 1);
}

int conf_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  flockfile(stdout);
  printf("  %s:%d: %s.%s: ", file, line, cur_group, cur_name);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  fflush(stdout);
  funlockfile(stdout);
  atomic_store(&cur_failed, 1);
  return 0;
}

/* The function name a call text starts with, if it is one of ours. */
static size_t called_name(const char *call) {
  if (strncmp(call, "infinirt", 8) != 0)
    return 0;
  size_t n = strcspn(call, "( ");
  return call[n] == '(' ? n : 0;
}

int conf_check_err(const char *file, int line, const char *call,
                   infinirtError_t want, infinirtError_t got) {
  const char *detail = infinirtExtGetLastErrorDetail();
  if (got != want)
    return conf_fail(file, line, "%s\n    expected %s, got %s\n    detail: %s",
                     call, infinirtGetErrorName(want),
                     infinirtGetErrorName(got), detail ? detail : "(NULL)");
  /* The last-error contract, checked on every call the suite makes. */
  infinirtError_t last = infinirtGetLastError();
  if (want == infinirtSuccess || want == infinirtErrorNotReady) {
    if (last != infinirtSuccess)
      return conf_fail(file, line,
                       "%s returned %s but recorded %s as the "
                       "last error",
                       call, infinirtGetErrorName(got),
                       infinirtGetErrorName(last));
    return 1;
  }
  if (last != want)
    return conf_fail(file, line, "%s returned %s but the last error is %s",
                     call, infinirtGetErrorName(got),
                     infinirtGetErrorName(last));
  size_t n = called_name(call);
  if (!detail || !*detail)
    return conf_fail(file, line, "%s failed with an empty error detail", call);
  if (n) {
    char fn[96];
    snprintf(fn, sizeof fn, "%.*s", (int)n, call);
    if (!strstr(detail, fn))
      return conf_fail(file, line, "%s: detail does not name %s: %s", call, fn,
                       detail);
  }
  return 1;
}

int conf_check(const char *file, int line, const char *cond, bool ok) {
  return ok ? 1 : conf_fail(file, line, "expected %s", cond);
}

int conf_check_ptr_eq(const char *file, int line, const char *a, const char *b,
                      const void *va, const void *vb) {
  if (va == vb)
    return 1;
  return conf_fail(file, line, "expected %s == %s (%p vs %p)", a, b, va, vb);
}

int conf_check_eq(const char *file, int line, const char *a, const char *b,
                  long long va, long long vb) {
  if (va == vb)
    return 1;
  return conf_fail(file, line, "expected %s == %s (%lld vs %lld)", a, b, va,
                   vb);
}

int conf_device_count(void) {
  int n = 0;
  if (infinirtGetDeviceCount(&n) != infinirtSuccess)
    return 0;
  return n;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void usage(void) {
  fprintf(stderr, "usage: infinirt-conformance --backend cpu|nvidia "
                  "[--group G] [--test NAME] [--list]\n");
}

static bool known_group(const char *g) {
  for (int i = 0; i < ntests; i++)
    if (strcmp(tests[i].group, g) == 0)
      return true;
  return false;
}

/* Brings the main thread back to a known state between tests. */
static bool reset_state(void) {
  if (infinirtExtSetDeviceType(conf_backend) != infinirtSuccess ||
      infinirtSetDevice(0) != infinirtSuccess) {
    printf("  cannot select %s device 0: %s\n",
           infinirtExtGetDeviceTypeName(conf_backend),
           infinirtExtGetLastErrorDetail());
    return false;
  }
  infinirtGetLastError();
  return true;
}

int main(int argc, char **argv) {
  const char *backend = NULL, *group = NULL, *only = NULL;
  bool list = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc)
      backend = argv[++i];
    else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc)
      group = argv[++i];
    else if (strcmp(argv[i], "--test") == 0 && i + 1 < argc)
      only = argv[++i];
    else if (strcmp(argv[i], "--list") == 0)
      list = true;
    else {
      usage();
      return 2;
    }
  }
  if (group && !known_group(group)) {
    fprintf(stderr, "no test group named '%s'\n", group);
    return 2;
  }
  if (list) {
    for (int i = 0; i < ntests; i++)
      if (!group || strcmp(group, tests[i].group) == 0)
        printf("%s.%s\n", tests[i].group, tests[i].name);
    return 0;
  }
  if (!backend) {
    usage();
    return 2;
  }
  int type = -1;
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    if (strcmp(backend, infinirtExtGetDeviceTypeName(t)) == 0)
      type = t;
  if (type < 0) {
    fprintf(stderr, "unknown backend '%s'\n", backend);
    return 2;
  }
  conf_backend = (infinirtDeviceType)type;
  int count = 0;
  const char *reason = NULL;
  if (infinirtExtGetBackendStatus(conf_backend, &count, &reason) !=
      infinirtSuccess) {
    printf("FAIL %s: infinirtExtGetBackendStatus: %s\n", backend,
           infinirtExtGetLastErrorDetail());
    return 1;
  }
  if (count == 0) {
    printf("SKIP %s: %s\n", backend, reason ? reason : "(no reason given)");
    return 77;
  }
  printf("backend %s: %d device(s)\n", backend, count);

  int run = 0, failed = 0, skipped = 0;
  for (int i = 0; i < ntests; i++) {
    const conf_entry *t = &tests[i];
    if (group && strcmp(group, t->group) != 0)
      continue;
    if (only && strcmp(only, t->name) != 0)
      continue;
    cur_group = t->group;
    cur_name = t->name;
    atomic_store(&cur_failed, 0);
    atomic_store(&cur_skipped, 0);
    printf("[ RUN  ] %s.%s\n", t->group, t->name);
    fflush(stdout);
    double t0 = now_ms();
    if (reset_state())
      t->fn();
    else
      atomic_store(&cur_failed, 1);
    double ms = now_ms() - t0;
    if (atomic_load(&cur_failed)) {
      printf("[ FAIL ] %s.%s (%.1f ms)\n", t->group, t->name, ms);
      failed++;
    } else if (atomic_load(&cur_skipped)) {
      printf("[ SKIP ] %s.%s: %s\n", t->group, t->name, skip_reason);
      skipped++;
    } else {
      printf("[  OK  ] %s.%s (%.1f ms)\n", t->group, t->name, ms);
    }
    fflush(stdout);
    run++;
  }
  printf("%s: %d run, %d passed, %d failed, %d skipped\n", backend, run,
         run - failed - skipped, failed, skipped);
  if (run == 0) {
    fprintf(stderr, "no test selected\n");
    return 2;
  }
  if (failed)
    return 1;
  return skipped == run ? 77 : 0;
}
