/* sched_util.c - process measurements and scaling for the scheduler tests. */
#include "sched_util.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *sched_sanitizer(void) {
#if defined(__SANITIZE_THREAD__)
  return "TSan";
#elif defined(__SANITIZE_ADDRESS__)
  return "ASan";
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return "TSan";
#elif __has_feature(address_sanitizer)
  return "ASan";
#else
  return NULL;
#endif
#else
  return NULL;
#endif
}

int sched_scale(const char *what, const char *env, int plain, int asan,
                int tsan) {
  const char *san = sched_sanitizer();
  const char *v = env ? getenv(env) : NULL;
  int n = plain;
  if (v && atoi(v) > 0) {
    n = atoi(v);
    printf("note: %d %s (%s)\n", n, what, env);
  } else if (san) {
    n = strcmp(san, "TSan") == 0 ? tsan : asan;
    printf("note: %d %s under %s (%d in a plain build)\n", n, what, san, plain);
  } else {
    printf("note: %d %s\n", n, what);
  }
  fflush(stdout);
  return n;
}

long sched_status(const char *key) {
  FILE *f = fopen("/proc/self/status", "re");
  if (!f)
    return -1;
  char line[256];
  long v = -1;
  size_t k = strlen(key);
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, k) == 0) {
      v = strtol(line + k, NULL, 10);
      break;
    }
  fclose(f);
  return v;
}

long sched_threads(void) {
  return sched_status("Threads:");
}

long long sched_rss(void) {
  long kib = sched_status("VmRSS:");
  return kib < 0 ? -1 : (long long)kib * 1024;
}

int sched_expected_workers(void) {
  const char *v = getenv("INFINIRT_CPU_WORKERS");
  if (v && atoi(v) > 0)
    return atoi(v);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;
  int allowed = 0;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    allowed = CPU_COUNT(&set);
  int n = online > allowed ? (int)online : allowed;
  return n > 0 ? n : 1;
}

bool sched_wait_flag_or_gate(atomic_int *flag, conf_gate *g) {
  /* 100 000 polls of 200 us: longer than the gate's own timeout, so that a
   * gate whose host function never started cannot hang the test. */
  for (long i = 0; !atomic_load(flag); i++) {
    if (atomic_load(&g->timed_out) || i >= 100000)
      return atomic_load(flag) != 0;
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
  }
  return true;
}

void sched_set_fn(void *flag) {
  atomic_store((atomic_int *)flag, 1);
}
