/* errors.c - GetLastError, PeekAtLastError, GetErrorName/String and the
 * error detail extension. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

typedef struct err_entry {
  infinirtError_t code;
  int value;
  const char *name;
} err_entry;

static const err_entry all_errors[] = {
#define ERR(name, value) {infinirt##name, value, "infinirt" #name},
#include "error_table.h"
#undef ERR
};
#define NUM_ERRORS (sizeof all_errors / sizeof all_errors[0])

/* A call that fails with InvalidValue on every backend and changes nothing. */
static infinirtError_t fail_invalid_value(void) {
  return infinirtGetDevice(NULL);
}

CONF_TEST(errors, get_last_error_returns_and_clears) {
  ASSERT_EQ(infinirtGetLastError(), infinirtSuccess);
  ASSERT_EQ(fail_invalid_value(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtGetLastError(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtGetLastError(), infinirtSuccess);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtSuccess);
}

CONF_TEST(errors, peek_does_not_clear) {
  ASSERT_EQ(fail_invalid_value(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtGetLastError(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtSuccess);
}

CONF_TEST(errors, success_keeps_last_error_and_latest_wins) {
  ASSERT_EQ(fail_invalid_value(), infinirtErrorInvalidValue);
  int n = 0;
  ASSERT_EQ(infinirtGetDeviceCount(&n), infinirtSuccess);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtErrorInvalidValue);
  ASSERT_EQ(infinirtSetDevice(-1), infinirtErrorInvalidDevice);
  EXPECT_EQ(infinirtGetLastError(), infinirtErrorInvalidDevice);
  EXPECT_EQ(infinirtGetLastError(), infinirtSuccess);
}

typedef struct iso_arg {
  infinirtError_t seen_at_start;
  infinirtError_t seen_after_own;
  const char *detail_at_start;
  char detail_copy[64];
  pthread_barrier_t *bar;
} iso_arg;

static void *isolation_thread(void *p) {
  iso_arg *a = p;
  a->seen_at_start = infinirtPeekAtLastError();
  const char *d = infinirtExtGetLastErrorDetail();
  snprintf(a->detail_copy, sizeof a->detail_copy, "%s", d ? d : "(NULL)");
  if (conf_thread_enter(0))
    (void)infinirtSetDevice(-5); /* InvalidDevice, on this thread only */
  pthread_barrier_wait(a->bar);  /* main checks its own error now */
  pthread_barrier_wait(a->bar);
  a->seen_after_own = infinirtGetLastError();
  return NULL;
}

CONF_TEST(errors, last_error_is_per_thread) {
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, NULL, 2);
  ASSERT_EQ(fail_invalid_value(), infinirtErrorInvalidValue);
  iso_arg a = {.bar = &bar};
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, isolation_thread, &a) == 0);
  pthread_barrier_wait(&bar);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtErrorInvalidValue);
  pthread_barrier_wait(&bar);
  pthread_join(th, NULL);
  pthread_barrier_destroy(&bar);
  EXPECT_EQ(a.seen_at_start, infinirtSuccess);
  EXPECT(strcmp(a.detail_copy, "") == 0);
  EXPECT_EQ(a.seen_after_own, infinirtErrorInvalidDevice);
  EXPECT_EQ(infinirtGetLastError(), infinirtErrorInvalidValue);
}

CONF_TEST(errors, not_ready_is_not_recorded) {
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&e));
  conf_gate g;
  conf_gate_init(&g);
  ASSERT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  ASSERT_OK(infinirtEventRecord(e, s));
  infinirtGetLastError();
  EXPECT_EQ(infinirtStreamQuery(s), infinirtErrorNotReady);
  EXPECT_EQ(infinirtEventQuery(e), infinirtErrorNotReady);
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtSuccess);
  /* A NotReady after a real error leaves that error in place. */
  EXPECT_EQ(fail_invalid_value(), infinirtErrorInvalidValue);
  EXPECT_EQ(infinirtStreamQuery(s), infinirtErrorNotReady);
  EXPECT_EQ(infinirtGetLastError(), infinirtErrorInvalidValue);
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamQuery(s));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(errors, every_code_has_a_distinct_name_and_a_string) {
  for (size_t i = 0; i < NUM_ERRORS; i++) {
    const err_entry *e = &all_errors[i];
    EXPECT_EQ((int)e->code, e->value);
    const char *name = infinirtGetErrorName(e->code);
    const char *str = infinirtGetErrorString(e->code);
    if (!EXPECT(name != NULL) || !EXPECT(str != NULL))
      continue;
    if (strcmp(name, e->name) != 0)
      conf_fail(__FILE__, __LINE__, "GetErrorName(%d) = \"%s\", want \"%s\"",
                e->value, name, e->name);
    if (!*str || strcmp(str, "unrecognized error code") == 0)
      conf_fail(__FILE__, __LINE__, "GetErrorString(%s) = \"%s\"", e->name,
                str);
    for (size_t j = 0; j < i; j++)
      if (strcmp(infinirtGetErrorName(all_errors[j].code), name) == 0)
        conf_fail(__FILE__, __LINE__, "%s and %s share the name %s", e->name,
                  all_errors[j].name, name);
  }
}

CONF_TEST(errors, unknown_code_is_unrecognized) {
  const int unknown[] = {-1, 10, 11, 599, 601, 998, 1000, 9999, 10001, 123456};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    infinirtError_t e = (infinirtError_t)unknown[i];
    const char *name = infinirtGetErrorName(e);
    const char *str = infinirtGetErrorString(e);
    EXPECT(name && strcmp(name, "unrecognized error code") == 0);
    EXPECT(str && strcmp(str, "unrecognized error code") == 0);
  }
  /* Asking for a name is not a failing call. */
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtSuccess);
}

CONF_TEST(errors, detail_names_the_failing_function) {
  ASSERT_EQ(infinirtMalloc(NULL, 16), infinirtErrorInvalidValue);
  const char *d = infinirtExtGetLastErrorDetail();
  ASSERT(d != NULL);
  EXPECT(strstr(d, "infinirtMalloc") != NULL);
  char copy[512];
  snprintf(copy, sizeof copy, "%s", d);
  /* Not cleared by GetLastError nor by a successful call. */
  EXPECT_EQ(infinirtGetLastError(), infinirtErrorInvalidValue);
  int n;
  EXPECT_EQ(infinirtGetDeviceCount(&n), infinirtSuccess);
  d = infinirtExtGetLastErrorDetail();
  EXPECT(d && strcmp(d, copy) == 0);
  /* Replaced by the next failure. */
  EXPECT_EQ(infinirtSetDevice(1 << 30), infinirtErrorInvalidDevice);
  d = infinirtExtGetLastErrorDetail();
  EXPECT(d && strstr(d, "infinirtSetDevice") != NULL);
  infinirtGetLastError();
}

CONF_TEST(errors, detail_for_a_bad_handle) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtStreamDestroy(s));
  EXPECT_EQ(infinirtStreamQuery(s), infinirtErrorInvalidResourceHandle);
  const char *d = infinirtExtGetLastErrorDetail();
  EXPECT(d && strstr(d, "infinirtStreamQuery") != NULL);
  infinirtGetLastError();
}
