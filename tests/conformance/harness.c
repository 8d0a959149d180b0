/*
 * harness.c - test table and runner of the conformance suite and of the
 * per-backend test programs (see harness.h for the command line).
 *
 * Exit status: 0 all run tests passed, 1 a test failed, 2 bad usage, 77 the
 * backend has no device or every selected test skipped (ctest's skip code).
 */
#include "harness.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONF_MAX_TESTS 512
#define CONF_DEFAULT_TIMEOUT_S 60

/* A child's exit status for "ran and failed, and said so"; any other
 * non-zero status is a death the parent reports itself. */
#define CHILD_FAILED 3

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

int conf_other_type(void) {
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    int n = 0;
    if (t != (int)conf_backend &&
        infinirtExtGetBackendStatus((infinirtDeviceType)t, &n, NULL) ==
            infinirtSuccess &&
        n > 0)
      return t;
  }
  return -1;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void usage(const char *prog) {
  fprintf(stderr,
          "usage: %s --backend B [--group G] [--test NAME]\n"
          "           [--isolate] [--timeout S]\n"
          "       %s [--group G] --list\n"
          "       %s --check-skips\n",
          prog, prog, prog);
}

static bool known_group(const char *g) {
  for (int i = 0; i < ntests; i++)
    if (strcmp(tests[i].group, g) == 0)
      return true;
  return false;
}

static bool known_test(const char *g, const char *n) {
  for (int i = 0; i < ntests; i++)
    if (strcmp(tests[i].group, g) == 0 && strcmp(tests[i].name, n) == 0)
      return true;
  return false;
}

static int backend_type(const char *name) {
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    if (strcmp(name, infinirtExtGetDeviceTypeName(t)) == 0)
      return t;
  return -1;
}

/* The reason the table gives for skipping |t| on |backend|, or NULL. */
static const char *expected_skip(const conf_config *cfg, const char *backend,
                                 const conf_entry *t) {
  for (size_t i = 0; i < cfg->nskips; i++) {
    const conf_expected_skip *s = &cfg->skips[i];
    if (strcmp(s->backend, backend) == 0 && strcmp(s->group, t->group) == 0 &&
        strcmp(s->name, t->name) == 0)
      return s->reason;
  }
  return NULL;
}

/* Every row of the table names a backend and a test that exist. */
static int check_skips(const conf_config *cfg) {
  int bad = 0;
  for (size_t i = 0; i < cfg->nskips; i++) {
    const conf_expected_skip *s = &cfg->skips[i];
    if (backend_type(s->backend) < 0) {
      printf("expected skip %zu: no backend named '%s'\n", i, s->backend);
      bad++;
    }
    if (!known_test(s->group, s->name)) {
      printf("expected skip %zu (%s): no test %s.%s\n", i, s->backend, s->group,
             s->name);
      bad++;
    }
    if (!s->reason || !*s->reason) {
      printf("expected skip %zu (%s.%s): no reason\n", i, s->group, s->name);
      bad++;
    }
  }
  printf("expected skips: %zu rows, %d bad\n", cfg->nskips, bad);
  return bad ? 1 : 0;
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

enum outcome { PASSED, FAILED, SKIPPED };

/* A test's summary line for the failures list. */
typedef struct failure {
  const conf_entry *t;
  char why[96];
} failure;

static const conf_entry *timed_test;
static int timeout_s;

/* In-process runs: a test that outlives its time ends the process, naming
 * itself (only async-signal-safe calls here). */
static void on_alarm(int sig) {
  (void)sig;
  char msg[256];
  int n = snprintf(msg, sizeof msg, "[ FAIL ] %s.%s: timed out after %d s\n",
                   timed_test->group, timed_test->name, timeout_s);
  if (n > 0 && write(STDOUT_FILENO, msg, (size_t)n) < 0)
    _exit(1);
  _exit(1);
}

/* Runs |t| here and prints its result line. */
static enum outcome run_here(const conf_entry *t) {
  cur_group = t->group;
  cur_name = t->name;
  atomic_store(&cur_failed, 0);
  atomic_store(&cur_skipped, 0);
  timed_test = t;
  if (timeout_s > 0) {
    signal(SIGALRM, on_alarm);
    alarm((unsigned)timeout_s);
  }
  double t0 = now_ms();
  if (reset_state())
    t->fn();
  else
    atomic_store(&cur_failed, 1);
  double ms = now_ms() - t0;
  if (timeout_s > 0)
    alarm(0);
  enum outcome o = PASSED;
  if (atomic_load(&cur_failed)) {
    printf("[ FAIL ] %s.%s (%.1f ms)\n", t->group, t->name, ms);
    o = FAILED;
  } else if (atomic_load(&cur_skipped)) {
    printf("[ SKIP ] %s.%s: %s\n", t->group, t->name, skip_reason);
    o = SKIPPED;
  } else {
    printf("[  OK  ] %s.%s (%.1f ms)\n", t->group, t->name, ms);
  }
  fflush(stdout);
  return o;
}

/* The signal mask the program started with, which children get back. */
static sigset_t parent_mask;

/* Waits up to |ms| for |pid|; true with |*status| set once it has ended.
 * SIGCHLD is blocked in this thread, so sigtimedwait wakes when it ends;
 * the wait is sliced in case a thread of the runtime took the signal. */
static bool wait_child(pid_t pid, int *status, double ms) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  double end = now_ms() + ms;
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid)
      return true;
    if (r < 0 && errno != EINTR)
      return true; /* lost: reported as an odd status by the caller */
    double left = end - now_ms();
    if (left <= 0)
      return false;
    if (left > 100)
      left = 100;
    struct timespec ts = {0, (long)(left * 1e6)};
    sigtimedwait(&chld, NULL, &ts);
  }
}

/* Runs |t| in a fresh process (this program again, --child), so that a
 * crash or a hang ends only that test. */
static enum outcome run_isolated(const conf_entry *t, const char *prog,
                                 const char *backend, failure *f) {
  char *argv[] = {(char *)prog,     (char *)"--child", (char *)"--backend",
                  (char *)backend,  (char *)"--group", (char *)t->group,
                  (char *)"--test", (char *)t->name,   NULL};
  fflush(NULL);
  double t0 = now_ms();
  pid_t pid = fork();
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, &parent_mask, NULL);
    execv("/proc/self/exe", argv);
    _exit(127);
  }
  if (pid < 0) {
    snprintf(f->why, sizeof f->why, "fork failed: %s", strerror(errno));
    printf("[ FAIL ] %s.%s: %s\n", t->group, t->name, f->why);
    return FAILED;
  }
  int status = 0;
  bool ended = wait_child(pid, &status, timeout_s * 1e3);
  if (!ended) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  double ms = now_ms() - t0;
  if (!ended)
    snprintf(f->why, sizeof f->why, "timed out after %d s, killed", timeout_s);
  else if (WIFSIGNALED(status))
    snprintf(f->why, sizeof f->why, "crashed: signal %d (%s)", WTERMSIG(status),
             strsignal(WTERMSIG(status)));
  else if (!WIFEXITED(status))
    snprintf(f->why, sizeof f->why, "ended with wait status %#x", status);
  else if (WEXITSTATUS(status) == 0)
    return PASSED;
  else if (WEXITSTATUS(status) == 77)
    return SKIPPED;
  else if (WEXITSTATUS(status) == CHILD_FAILED)
    return FAILED; /* it printed its own result line */
  else
    snprintf(f->why, sizeof f->why, "exited with status %d",
             WEXITSTATUS(status));
  printf("[ FAIL ] %s.%s: %s (%.1f ms)\n", t->group, t->name, f->why, ms);
  fflush(stdout);
  return FAILED;
}

int conf_main(int argc, char **argv, const conf_config *cfg) {
  const char *prog = argc > 0 ? argv[0] : "infinirt-conformance";
  const char *backend = cfg->backend, *group = NULL, *only = NULL;
  bool list = false, isolate = false, child = false, skips = false;
  timeout_s = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc)
      backend = argv[++i];
    else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc)
      group = argv[++i];
    else if (strcmp(argv[i], "--test") == 0 && i + 1 < argc)
      only = argv[++i];
    else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
      timeout_s = atoi(argv[++i]);
    else if (strcmp(argv[i], "--list") == 0)
      list = true;
    else if (strcmp(argv[i], "--isolate") == 0)
      isolate = true;
    else if (strcmp(argv[i], "--child") == 0)
      child = true;
    else if (strcmp(argv[i], "--check-skips") == 0)
      skips = true;
    else {
      usage(prog);
      return 2;
    }
  }
  if (timeout_s < 0 || (cfg->backend && strcmp(backend, cfg->backend) != 0)) {
    usage(prog);
    return 2;
  }
  if (isolate && timeout_s == 0)
    timeout_s = CONF_DEFAULT_TIMEOUT_S;
  if (isolate) {
    /* Before the runtime starts any thread, so that every thread blocks
     * SIGCHLD and the end of a child wakes wait_child at once. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    pthread_sigmask(SIG_BLOCK, &chld, &parent_mask);
  }
  if (skips)
    return check_skips(cfg);
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
    usage(prog);
    return 2;
  }
  int type = backend_type(backend);
  if (type < 0) {
    fprintf(stderr, "unknown backend '%s'\n", backend);
    return 2;
  }
  conf_backend = (infinirtDeviceType)type;
  if (child) {
    /* One test, chosen by the parent; exit status is its outcome. */
    for (int i = 0; i < ntests; i++)
      if (group && only && strcmp(group, tests[i].group) == 0 &&
          strcmp(only, tests[i].name) == 0) {
        enum outcome o = run_here(&tests[i]);
        return o == PASSED ? 0 : o == SKIPPED ? 77 : CHILD_FAILED;
      }
    return 2;
  }
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
  printf("backend %s: %d device(s)%s\n", backend, count,
         isolate ? ", one process per test" : "");

  static failure failures[CONF_MAX_TESTS];
  int run = 0, failed = 0, skipped = 0;
  for (int i = 0; i < ntests; i++) {
    const conf_entry *t = &tests[i];
    if (group && strcmp(group, t->group) != 0)
      continue;
    if (only && strcmp(only, t->name) != 0)
      continue;
    run++;
    printf("[ RUN  ] %s.%s\n", t->group, t->name);
    fflush(stdout);
    const char *why = expected_skip(cfg, backend, t);
    if (why) {
      printf("[ SKIP ] %s.%s: %s (expected for %s)\n", t->group, t->name, why,
             backend);
      fflush(stdout);
      skipped++;
      continue;
    }
    failure *f = &failures[failed];
    *f = (failure){t, "failed (see above)"};
    enum outcome o = isolate ? run_isolated(t, prog, backend, f) : run_here(t);
    if (o == FAILED)
      failed++;
    else if (o == SKIPPED)
      skipped++;
  }
  printf("%s: %d run, %d passed, %d failed, %d skipped\n", backend, run,
         run - failed - skipped, failed, skipped);
  for (int i = 0; i < failed; i++)
    printf("FAILED %s.%s: %s\n", failures[i].t->group, failures[i].t->name,
           failures[i].why);
  if (run == 0) {
    fprintf(stderr, "no test selected\n");
    return 2;
  }
  if (failed)
    return 1;
  return skipped == run ? 77 : 0;
}
