/* cpu_sched.h - the CPU backend's one scheduler: a fixed pool of workers and
 * a run queue of tasks.
 *
 * Every piece of CPU-backend work runs as a task of this pool: a stream with
 * commands to run is a task (cpu_queue.c drains it in order), and so is a
 * parallel job (the pieces of a big copy, the blocks of a kernel), which the
 * thread that posts it runs too. A task that must wait for another stream
 * does not hold its worker: it leaves a continuation there and the worker
 * moves on. The pool has INFINIRT_CPU_WORKERS workers (default: one per
 * core of the process's affinity mask), started on first use and never
 * more; idle workers spin while spinning can pay, then park. */
#ifndef INFINIRT_CPU_SCHED_H_
#define INFINIRT_CPU_SCHED_H_

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Run-queue levels, most urgent first: parallel jobs (work already under
 * way), then the six stream priorities (CUDA's -5 .. 0). */
enum { CPU_LEVEL_JOB = 0, CPU_LEVEL_STREAM0 = 1, CPU_LEVELS = 7 };

typedef struct cpu_task cpu_task;
typedef void (*cpu_task_fn)(cpu_task *t);

/* A run-queue node, embedded in what it runs. A task is in the queue at
 * most once. */
struct cpu_task {
  cpu_task *prev, *next; /* queue links (queue lock) */
  cpu_task_fn run;
  uint8_t level;
  /* Streams: the level, read into |level| at each push (queue lock), so
   * that a priority change never moves a queued task. NULL: fixed. */
  const atomic_uchar *want_level;
  bool queued;         /* queue lock */
  uint16_t helpers;    /* jobs: workers still wanted (queue lock) */
  atomic_uint *inside; /* jobs: workers that took it and may touch it */
};

/* Starts the workers if they are not running yet; false if not even one
 * could be started (the caller reports MemoryAllocation). */
bool infinirt_cpu_sched_start(void);
/* Workers of the pool (0 before start). */
unsigned infinirt_cpu_workers(void);
/* Makes |t| runnable. The pool must have been started. */
void infinirt_cpu_sched_push(cpu_task *t);
/* Around a host function (user code that may block): when every worker
 * has been inside one for over 1 ms while tasks wait, a spare worker starts
 * (it leaves again after a while idle), so the other streams keep moving.
 * The check runs when a host function starts, when a task is queued, and
 * from check_stuck(), which threads that wait or poll for the backend call
 * now and then. */
void infinirt_cpu_sched_enter_user(void);
void infinirt_cpu_sched_leave_user(void);
void infinirt_cpu_sched_check_stuck(void);
/* A worker polling for work outside the run queue (a stream it lingers
 * on, which it gives up as soon as a task is queued) counts itself
 * available (+1, then -1): pushers then need not wake a parked one. */
void infinirt_cpu_sched_available(int delta);
/* Wakes a parked worker if tasks wait and no worker is available. */
void infinirt_cpu_sched_kick(void);
/* Whether tasks are waiting for a worker (a hint: no lock). */
bool infinirt_cpu_sched_has_queued(void);
/* As push(), but on a worker that is about to be done with its current
 * task, |t| runs next on this worker, without a wake-up. */
void infinirt_cpu_sched_push_next(cpu_task *t);

/* Runs |fn|(|arg|, begin, end) over [0, n) in pieces of |grain| items (the
 * last may be shorter) on the calling thread and any idle workers, and
 * returns when all are done. Never waits for a worker to become free. */
typedef void (*infinirt_cpu_range_fn)(void *arg, size_t begin, size_t end);
void infinirt_cpu_parallel_for(size_t n, size_t grain, infinirt_cpu_range_fn fn,
                               void *arg);
/* Threads a parallel job may use: workers + the caller; >= 1. */
unsigned infinirt_cpu_parallel_width(void);

#endif /* INFINIRT_CPU_SCHED_H_ */
