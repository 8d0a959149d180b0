/* sched_util.h - what the CPU scheduler tests measure about their own
 * process (threads, resident memory from /proc/self/status), the worker
 * count they expect, and the sizes they scale down under a sanitizer. */
#ifndef SCHED_UTIL_H_
#define SCHED_UTIL_H_

#include <stddef.h>

#include "harness.h"

/* Threads the process may have beyond the workers: the main thread, a
 * sanitizer's background thread, and a little room for a helper thread of
 * the runtime. Not proportional to anything the test creates. */
#define SCHED_THREAD_SLACK 4

/* "ASan", "TSan" or NULL for a plain build. */
const char *sched_sanitizer(void);

/* |plain|, or |asan| / |tsan| under that sanitizer; an environment variable
 * |env| (when set to a positive number) overrides all three. Prints the
 * value chosen and why, naming |what|. */
int sched_scale(const char *what, const char *env, int plain, int asan,
                int tsan);

/* The value of |key| (e.g. "VmRSS:", "Threads:") in /proc/self/status, in
 * its own unit (kB for memory), or -1. */
long sched_status(const char *key);
/* The process's thread count, or -1. */
long sched_threads(void);
/* The process's resident memory in bytes, or -1. */
long long sched_rss(void);

/* The number of workers the CPU backend should run: INFINIRT_CPU_WORKERS
 * where set, else one per core (the larger of the online CPUs and the CPUs
 * this process may run on, so either reading of "core" passes). */
int sched_expected_workers(void);

/* Polls until |*flag| is nonzero, or |g| (a gate that is closed) gives up,
 * or about 20 s passed; returns whether the flag was seen. A hang guard, not
 * a timing check: it waits at least as long as the gate's own timeout. */
bool sched_wait_flag_or_gate(atomic_int *flag, conf_gate *g);

/* A host function that stores 1 into the atomic_int it is given. */
void sched_set_fn(void *flag);

#endif /* SCHED_UTIL_H_ */
