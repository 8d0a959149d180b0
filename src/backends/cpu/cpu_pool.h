/* cpu_pool.h - the shared parallel-for thread pool of the CPU backend.
 *
 * One pool per process, sized to the online cores: cores - 1 worker threads
 * plus the calling thread, which always takes part. Big copies, memsets and
 * the blocks of a kernel launch are split over it. Thread-safe: one job runs
 * at a time; a caller that finds the pool busy runs its whole job itself, so
 * a call never waits for someone else's job. */
#ifndef INFINIRT_CPU_POOL_H_
#define INFINIRT_CPU_POOL_H_

#include <stddef.h>

/* Runs |fn|(|arg|, begin, end) over [0, n) in pieces of |grain| items
 * (the last may be shorter), in parallel, and returns when all are done. */
typedef void (*infinirt_cpu_range_fn)(void *arg, size_t begin, size_t end);
void infinirt_cpu_parallel_for(size_t n, size_t grain, infinirt_cpu_range_fn fn,
                               void *arg);

/* Threads that take part in a job (workers + caller); >= 1. */
unsigned infinirt_cpu_pool_width(void);

#endif /* INFINIRT_CPU_POOL_H_ */
