/*
 * harness.h - the conformance suite's test table, assertions and helpers.
 * The per-backend test programs (tests/backends/) use it too: it is built
 * as a static library, and each program's main calls conf_main.
 *
 * A test is a void function registered into a group by CONF_TEST. The runner
 * (harness.c) runs the tests of a group against one backend, with that
 * backend's type and device 0 current, the last error cleared:
 *
 *   PROG --backend B [--group G] [--test NAME] [--isolate] [--timeout S]
 *   PROG [--group G] --list
 *   PROG --check-skips
 *
 * --isolate runs each test in a process of its own (this program again);
 * a test that crashes, or runs past --timeout S seconds (default 60 with
 * --isolate; without it, no limit unless given), fails alone, and the
 * summary names it. Tests the program's table of expected skips names for B
 * are skipped with their reason; --check-skips checks that every row of the
 * table names a backend and a test that exist.
 *
 * EXPECT_* record a failure and evaluate to 0 (so `if (!EXPECT_OK(x)) ...`
 * works in any function); ASSERT_* also return from the calling void
 * function. All are thread-safe, so worker threads of a test may use EXPECT_*.
 *
 * EXPECT_ERR(want, call) also checks that the call kept the last-error
 * contract: an error code is recorded as the thread's last error (with a
 * detail naming the function), Success and NotReady record nothing.
 */
#ifndef CONF_HARNESS_H_
#define CONF_HARNESS_H_

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "infinirt.h"

typedef void (*conf_test_fn)(void);

/* A test that backend |backend| (its infinirtExtGetDeviceTypeName) skips,
 * because it cannot do what the contract allows a backend not to do. */
typedef struct conf_expected_skip {
  const char *backend, *group, *name, *reason;
} conf_expected_skip;

typedef struct conf_config {
  const char *backend; /* the only backend the program runs, or NULL */
  const conf_expected_skip *skips;
  size_t nskips;
} conf_config;

/* Parses the command line above and runs the selected tests; returns the
 * exit status. */
int conf_main(int argc, char **argv, const conf_config *cfg);

void conf_register(const char *group, const char *name, conf_test_fn fn);

#define CONF_TEST(group, name)                                                 \
  static void conf_test_##group##_##name(void);                                \
  __attribute__((constructor)) static void conf_reg_##group##_##name(void) {   \
    conf_register(#group, #name, conf_test_##group##_##name);                  \
  }                                                                            \
  static void conf_test_##group##_##name(void)

/* The backend under test. */
extern infinirtDeviceType conf_backend;

/* Makes the calling (new) thread use the backend under test, device |dev|. */
bool conf_thread_enter(int dev);

/* Marks the running test skipped with a printf-style reason. */
void conf_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define CONF_SKIP(...)                                                         \
  do {                                                                         \
    conf_skip(__VA_ARGS__);                                                    \
    return;                                                                    \
  } while (0)

/* Failure reporting (thread-safe). Each returns 0. */
int conf_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int conf_check_err(const char *file, int line, const char *call,
                   infinirtError_t want, infinirtError_t got);
int conf_check(const char *file, int line, const char *cond, bool ok);
int conf_check_eq(const char *file, int line, const char *a, const char *b,
                  long long va, long long vb);
int conf_check_ptr_eq(const char *file, int line, const char *a, const char *b,
                      const void *va, const void *vb);

#define EXPECT_ERR(want, call)                                                 \
  (infinirtGetLastError(),                                                     \
   conf_check_err(__FILE__, __LINE__, #call, (want), (call)))
#define EXPECT_OK(call) EXPECT_ERR(infinirtSuccess, call)
#define EXPECT(cond) conf_check(__FILE__, __LINE__, #cond, (cond) != 0)
#define EXPECT_EQ(a, b)                                                        \
  conf_check_eq(__FILE__, __LINE__, #a, #b, (long long)(a), (long long)(b))
#define EXPECT_PTR_EQ(a, b)                                                    \
  conf_check_ptr_eq(__FILE__, __LINE__, #a, #b, (const void *)(a),             \
                    (const void *)(b))

#define ASSERT_ERR(want, call)                                                 \
  do {                                                                         \
    if (!EXPECT_ERR(want, call))                                               \
      return;                                                                  \
  } while (0)
#define ASSERT_OK(call) ASSERT_ERR(infinirtSuccess, call)
#define ASSERT(cond)                                                           \
  do {                                                                         \
    if (!EXPECT(cond))                                                         \
      return;                                                                  \
  } while (0)
#define ASSERT_EQ(a, b)                                                        \
  do {                                                                         \
    if (!EXPECT_EQ(a, b))                                                      \
      return;                                                                  \
  } while (0)

/* ---- helpers shared by the groups (helpers.c) -------------------------- */

/* A host function that blocks its stream until the test opens it. It gives
 * up after a long timeout so that a wrong backend fails the test instead of
 * hanging the suite; |timed_out| then says so. */
typedef struct conf_gate {
  atomic_int entered;
  atomic_int open;
  atomic_int timed_out;
} conf_gate;
void conf_gate_init(conf_gate *g);
void conf_gate_fn(void *gate); /* infinirtHostFn_t */
void conf_gate_open(conf_gate *g);
/* Waits (bounded) until a gate's host function has started. */
bool conf_gate_wait_entered(conf_gate *g);

/* An append-only log that host functions on any stream write to. */
#define CONF_LOG_CAP 1024
typedef struct conf_log {
  atomic_int n;
  atomic_int v[CONF_LOG_CAP];
} conf_log;
typedef struct conf_log_entry {
  conf_log *log;
  int value;
} conf_log_entry;
void conf_log_init(conf_log *l);
void conf_log_fn(void *entry); /* appends entry->value */

/* A host function that sleeps for (intptr_t)ms milliseconds. */
void conf_sleep_fn(void *ms);
void conf_sleep_ms(int ms);
/* A host function that increments the atomic_int it is given. */
void conf_count_fn(void *counter);

/* Fills |n| bytes with a pattern derived from |seed|; checks it. */
void conf_fill(void *p, size_t n, unsigned seed);
bool conf_check_fill(const void *p, size_t n, unsigned seed);
/* Index of the first byte of |p| that is not |v|, or |n|. */
size_t conf_first_not(const void *p, size_t n, unsigned char v);

/* Number of devices of the backend under test. */
int conf_device_count(void);
/* Another device type than the one under test that has devices, or -1. */
int conf_other_type(void);

#endif /* CONF_HARNESS_H_ */
