/* cpu_sched.c - the worker pool and its run queue (see cpu_sched.h).
 *
 * The queue is one list per level under one spinlock (a sleeping mutex
 * would put contended pushers to sleep for microseconds): a push or pop is
 * a few pointer moves, and a stream is pushed once per burst of work, not per
 * command. |count| mirrors the queued tasks so that idle workers and
 * pushers decide spinning and waking without the lock. A pusher wakes a
 * parked worker only when no idle worker is spinning (that one will take
 * the task), as the Go scheduler does. */
#include "cpu_sched.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <time.h>

#include "cpu_sync.h"
#include "env.h"

#define MAX_WORKERS 1024
#define MAX_IDLE_SPINNERS 2u
#define WORKER_STACK (1u << 20)
/* Spare workers: at most this many, each leaving after this long idle. */
#define MAX_SPARES 256
#define SPARE_IDLE_NS 200000000ull
/* A worker counts as stuck in a host function after this long in it: short
 * host functions running everywhere at once must not start spares. */
#define STUCK_NS 1000000ull /* plus the coarse clock's tick */

static struct {
  infinirt_cpu_spinlock lock; /* held for a few pointer moves */
  cpu_task *head[CPU_LEVELS], *tail[CPU_LEVELS];
  unsigned mask; /* levels with tasks */
  /* What idle workers poll, apart from what running ones write. */
  _Alignas(64) atomic_uint count;
  atomic_uint idle_spinning;
  atomic_uint wake_pending; /* a wake-up is on its way to a parked worker */
  infinirt_cpu_notifier work;
  unsigned workers;                /* the fixed pool */
  _Alignas(64) atomic_uint spares; /* spares alive */
  atomic_uint slots_used;          /* slots ever taken: scan bound */
} rq;

/* One slot per live worker, each on its own line: a worker marks its own
 * entry into and exit from user code with a store nobody else writes, and
 * only the rare check "is every worker inside a host function?" reads them
 * all. */
enum { SLOT_FREE, SLOT_RUNNING, SLOT_IN_USER };
static struct slot {
  _Alignas(64) atomic_uchar state;
  atomic_uint_fast64_t entered; /* when it last entered user code */
} slots[MAX_WORKERS + MAX_SPARES];
static _Thread_local struct slot *my_slot;

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local bool on_worker;
/* A task this worker runs next, ahead of the queue and without waking
 * anyone: a stream its own completion made runnable while it had nothing
 * more to do (a cross-stream chain moves on on the same worker). */
static _Thread_local cpu_task *run_next;

static void maybe_spare(void);

/* The coarse clock (a few ns, a few ms of resolution) is enough to tell a
 * stuck host function from a short one, and is read per host function. */
static uint64_t coarse_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void unlink_locked(cpu_task *t) {
  unsigned l = t->level;
  if (t->prev)
    t->prev->next = t->next;
  else
    rq.head[l] = t->next;
  if (t->next)
    t->next->prev = t->prev;
  else
    rq.tail[l] = t->prev;
  if (!rq.head[l])
    rq.mask &= ~(1u << l);
  t->queued = false;
  atomic_fetch_sub(&rq.count, 1);
}

/* Wakes one parked worker unless a wake-up is already on its way: the woken
 * worker wakes the next one if more tasks wait (kick), so a submitter pays
 * at most one system call per burst, never one per task. */
static void wake_one(void) {
  if (atomic_exchange(&rq.wake_pending, 1) == 0)
    infinirt_cpu_notify_slow(&rq.work, 1);
}

void infinirt_cpu_sched_push(cpu_task *t) {
  infinirt_cpu_lock(&rq.lock);
  if (t->want_level)
    t->level = atomic_load_explicit(t->want_level, memory_order_relaxed);
  unsigned l = t->level;
  t->next = NULL;
  t->prev = rq.tail[l];
  if (rq.tail[l])
    rq.tail[l]->next = t;
  else
    rq.head[l] = t;
  rq.tail[l] = t;
  rq.mask |= 1u << l;
  t->queued = true;
  int wake = t->inside ? t->helpers : 1;
  atomic_fetch_add(&rq.count, 1); /* seq_cst: pairs with parking */
  infinirt_cpu_unlock(&rq.lock);
  if (atomic_load(&rq.idle_spinning) != 0)
    return; /* that worker takes it */
  if (atomic_load(&rq.work.waiters)) {
    if (wake > 1)
      infinirt_cpu_notify_slow(&rq.work, wake); /* a job wants helpers */
    else
      wake_one();
  } else if (__atomic_load_n(&rq.workers, __ATOMIC_ACQUIRE) != 0)
    maybe_spare(); /* nobody idle: are they all stuck in host functions? */
}

/* The most urgent task, or NULL. A job stays queued until it has all the
 * helpers it asked for; each taker is counted inside it. */
static cpu_task *pop(void) {
  if (atomic_load_explicit(&rq.count, memory_order_relaxed) == 0)
    return NULL;
  infinirt_cpu_lock(&rq.lock);
  cpu_task *t = NULL;
  if (rq.mask) {
    t = rq.head[__builtin_ctz(rq.mask)];
    if (t->inside) {
      atomic_fetch_add(t->inside, 1);
      if (--t->helpers == 0)
        unlink_locked(t);
    } else {
      unlink_locked(t);
    }
  }
  infinirt_cpu_unlock(&rq.lock);
  return t;
}

static bool work_queued(const void *ctx) {
  (void)ctx;
  return atomic_load(&rq.count) != 0;
}

static void *worker_main(void *arg) {
  my_slot = arg;
  bool spare = my_slot >= &slots[MAX_WORKERS];
  on_worker = true;
  for (;;) {
    cpu_task *t = run_next ? run_next : pop();
    run_next = NULL;
    if (t) {
      if (atomic_load_explicit(&rq.wake_pending, memory_order_relaxed))
        atomic_store(&rq.wake_pending, 0);
      /* More waiting and nobody idle awake to take it: wake a parked
       * worker from here, so a submitting thread pays at most one wake-up
       * per burst and the pool still fans out (as Go's scheduler does). */
      infinirt_cpu_sched_kick();
      atomic_fetch_add(&infinirt_cpu_busy_workers, 1);
      t->run(t);
      atomic_fetch_sub(&infinirt_cpu_busy_workers, 1);
      continue;
    }
    /* Idle: keep a core for the thread that submits, spin if that still
     * leaves one free, then park. */
    bool got = false;
    /* At most a few idle spinners: each queued task would otherwise send
     * every one of them at the queue's lock at once. */
    if (atomic_fetch_add(&rq.idle_spinning, 1) < MAX_IDLE_SPINNERS)
      got = infinirt_cpu_spin(work_queued, NULL, 1);
    atomic_fetch_sub(&rq.idle_spinning, 1);
    if (got)
      continue;
    atomic_fetch_add(&rq.work.waiters, 1);
    bool timed_out = false;
    for (;;) {
      unsigned w = atomic_load(&rq.work.word);
      if (work_queued(NULL))
        break;
      /* Whatever wake-up was on its way, none is now: any later push
       * finds the flag clear and wakes this (or another) parked worker. */
      atomic_store(&rq.wake_pending, 0);
      if (!spare) {
        infinirt_cpu_futex_wait(&rq.work.word, w);
      } else if (!infinirt_cpu_futex_wait_ns(&rq.work.word, w, SPARE_IDLE_NS)) {
        timed_out = !work_queued(NULL);
        break;
      }
    }
    atomic_fetch_sub(&rq.work.waiters, 1);
    if (timed_out) {
      atomic_store(&my_slot->state, SLOT_FREE);
      atomic_fetch_sub(&rq.spares, 1);
      /* A push that counted on this thread may have raced with leaving. */
      if (work_queued(NULL) && atomic_load(&rq.work.waiters))
        infinirt_cpu_notify_slow(&rq.work, 1);
      return NULL;
    }
  }
  return NULL;
}

/* Takes a free slot: the fixed workers' range, or the spares'. */
static struct slot *take_slot(bool spare) {
  unsigned lo = spare ? MAX_WORKERS : 0,
           hi = spare ? MAX_WORKERS + MAX_SPARES : MAX_WORKERS;
  for (unsigned i = lo; i < hi; i++) {
    unsigned char f = SLOT_FREE;
    if (atomic_compare_exchange_strong(&slots[i].state, &f, SLOT_RUNNING)) {
      unsigned used = atomic_load(&rq.slots_used);
      while (used < i + 1 &&
             !atomic_compare_exchange_weak(&rq.slots_used, &used, i + 1)) {
      }
      return &slots[i];
    }
  }
  return NULL;
}

static bool spawn(bool spare) {
  struct slot *sl = take_slot(spare);
  if (!sl)
    return false;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, WORKER_STACK);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  /* Workers take no signals: they belong to the application's threads. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t t;
  bool ok = pthread_create(&t, &attr, worker_main, sl) == 0;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  if (!ok)
    atomic_store(&sl->state, SLOT_FREE);
  return ok;
}

/* Every live worker is inside a host function (user code that may block
 * for as long as it likes): a spare keeps the other streams moving. */
static void maybe_spare(void) {
  unsigned n = atomic_load(&rq.slots_used);
  uint64_t now = coarse_now_ns();
  for (unsigned i = 0; i < n; i++) {
    unsigned char st = atomic_load(&slots[i].state);
    if (st == SLOT_RUNNING ||
        (st == SLOT_IN_USER &&
         now - atomic_load_explicit(&slots[i].entered, memory_order_relaxed) <
             STUCK_NS))
      return;
  }
  if (atomic_fetch_add(&rq.spares, 1) >= MAX_SPARES || !spawn(true))
    atomic_fetch_sub(&rq.spares, 1);
}

void infinirt_cpu_sched_enter_user(void) {
  atomic_store_explicit(&my_slot->entered, coarse_now_ns(),
                        memory_order_relaxed);
  atomic_store(&my_slot->state, SLOT_IN_USER); /* seq_cst: pairs with push */
  if (atomic_load(&rq.count) != 0)
    maybe_spare();
}

void infinirt_cpu_sched_check_stuck(void) {
  if (__atomic_load_n(&rq.workers, __ATOMIC_ACQUIRE) != 0 &&
      atomic_load(&rq.count) != 0 && atomic_load(&rq.idle_spinning) == 0)
    maybe_spare();
}

void infinirt_cpu_sched_leave_user(void) {
  atomic_store_explicit(&my_slot->state, SLOT_RUNNING, memory_order_release);
}

static void start_workers(void) {
  unsigned want = (unsigned)infinirt_env_int(
      "INFINIRT_CPU_WORKERS", 1, MAX_WORKERS, (long)infinirt_cpu_cores());
  unsigned n = 0;
  while (n < want && spawn(false))
    n++;
  __atomic_store_n(&rq.workers, n, __ATOMIC_RELEASE);
}

bool infinirt_cpu_sched_start(void) {
  if (__builtin_expect(__atomic_load_n(&rq.workers, __ATOMIC_ACQUIRE) != 0, 1))
    return true;
  /* Not one worker could start: a later call tries again. */
  pthread_mutex_lock(&start_lock);
  if (__atomic_load_n(&rq.workers, __ATOMIC_ACQUIRE) == 0)
    start_workers();
  pthread_mutex_unlock(&start_lock);
  return __atomic_load_n(&rq.workers, __ATOMIC_ACQUIRE) != 0;
}

unsigned infinirt_cpu_workers(void) {
  return __atomic_load_n(&rq.workers, __ATOMIC_ACQUIRE);
}

void infinirt_cpu_sched_push_next(cpu_task *t) {
  if (on_worker && !run_next)
    run_next = t;
  else
    infinirt_cpu_sched_push(t);
}

void infinirt_cpu_sched_available(int delta) {
  atomic_fetch_add(&rq.idle_spinning, (unsigned)delta);
}

void infinirt_cpu_sched_kick(void) {
  if (atomic_load(&rq.count) != 0 && atomic_load(&rq.idle_spinning) == 0 &&
      atomic_load(&rq.work.waiters) != 0)
    wake_one();
}

bool infinirt_cpu_sched_has_queued(void) {
  return atomic_load_explicit(&rq.count, memory_order_relaxed) != 0;
}

/* ---- parallel jobs ---------------------------------------------------- */

typedef struct job {
  cpu_task task; /* first */
  infinirt_cpu_range_fn fn;
  void *arg;
  size_t n, grain, pieces;
  atomic_size_t next, finished;
  atomic_uint inside;
  infinirt_cpu_notifier done;
} job;

static size_t run_pieces(job *j) {
  size_t ran = 0;
  for (;;) {
    size_t i = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
    if (i >= j->pieces)
      break;
    size_t begin = i * j->grain;
    size_t end = begin + j->grain < j->n ? begin + j->grain : j->n;
    j->fn(j->arg, begin, end);
    ran++;
  }
  return ran;
}

/* A helper's part. The owner may return as soon as |inside| drops, so that
 * decrement is this function's last touch of the job. */
static void job_run(cpu_task *t) {
  job *j = (job *)t;
  size_t ran = run_pieces(j);
  if (ran) {
    atomic_fetch_add(&j->finished, ran);
    infinirt_cpu_notify(&j->done);
  }
  atomic_fetch_sub_explicit(&j->inside, 1, memory_order_release);
}

static bool all_finished(const void *ctx) {
  const job *j = ctx;
  return atomic_load(&((job *)j)->finished) >= j->pieces;
}

unsigned infinirt_cpu_parallel_width(void) {
  return infinirt_cpu_workers() + (on_worker ? 0 : 1);
}

void infinirt_cpu_parallel_for(size_t n, size_t grain, infinirt_cpu_range_fn fn,
                               void *arg) {
  if (n == 0)
    return;
  if (grain == 0)
    grain = 1;
  size_t pieces = n / grain + (n % grain != 0);
  unsigned workers = infinirt_cpu_workers();
  unsigned others = workers - (on_worker ? 1 : 0);
  unsigned busy =
      atomic_load_explicit(&infinirt_cpu_busy_workers, memory_order_relaxed);
  unsigned idle = workers > busy ? workers - busy : 0;
  if (idle > others)
    idle = others;
  if (pieces == 1 || idle == 0) {
    fn(arg, 0, n);
    return;
  }
  job j = {.task = {.run = job_run, .level = CPU_LEVEL_JOB},
           .fn = fn,
           .arg = arg,
           .n = n,
           .grain = grain,
           .pieces = pieces};
  j.task.inside = &j.inside;
  j.task.helpers = (uint16_t)(pieces - 1 < idle ? pieces - 1 : idle);
  infinirt_cpu_sched_push(&j.task);
  size_t ran = run_pieces(&j);
  if (ran)
    atomic_fetch_add(&j.finished, ran);
  infinirt_cpu_wait(&j.done, all_finished, &j, true);
  infinirt_cpu_lock(&rq.lock);
  if (j.task.queued)
    unlink_locked(&j.task);
  infinirt_cpu_unlock(&rq.lock);
  /* Helpers that took it are leaving; each may still be on its way out. */
  for (unsigned spins = 1;
       atomic_load_explicit(&j.inside, memory_order_acquire) != 0; spins++) {
    if ((spins & 63) == 0)
      sched_yield();
    else
      infinirt_cpu_relax();
  }
}
