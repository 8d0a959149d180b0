/* cpu_sync.c - futex parking and adaptive spinning (see cpu_sync.h). */
#include "cpu_sync.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "env.h"

uint64_t infinirt_cpu_spin_ns = 30000;
atomic_uint infinirt_cpu_spinning;
atomic_uint infinirt_cpu_busy_workers;
static unsigned cores;
static pthread_once_t cores_once = PTHREAD_ONCE_INIT;

__attribute__((constructor)) static void read_spin_env(void) {
  infinirt_cpu_spin_ns =
      (uint64_t)infinirt_env_int("INFINIRT_CPU_SPIN_US", 0, 1000000, 30) * 1000;
}

static void count_cores(void) {
  cpu_set_t set;
  int c = 0;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    c = CPU_COUNT(&set);
  if (c <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c = n > 0 ? (int)n : 1;
  }
  cores = (unsigned)c;
}

unsigned infinirt_cpu_cores(void) {
  pthread_once(&cores_once, count_cores);
  return cores;
}

bool infinirt_cpu_may_spin(unsigned reserve) {
  unsigned n = infinirt_cpu_cores();
  if (n < 2 || infinirt_cpu_spin_ns == 0)
    return false;
  unsigned used =
      atomic_load_explicit(&infinirt_cpu_spinning, memory_order_relaxed) +
      atomic_load_explicit(&infinirt_cpu_busy_workers, memory_order_relaxed);
  return used + 1 + reserve <= n;
}

uint64_t infinirt_cpu_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void infinirt_cpu_futex_wait(atomic_uint *addr, unsigned expected) {
  syscall(SYS_futex, (unsigned *)addr, FUTEX_WAIT_PRIVATE, expected, NULL, NULL,
          0);
}

bool infinirt_cpu_futex_wait_ns(atomic_uint *addr, unsigned expected,
                                uint64_t ns) {
  struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
  long rc = syscall(SYS_futex, (unsigned *)addr, FUTEX_WAIT_PRIVATE, expected,
                    &ts, NULL, 0);
  return !(rc != 0 && errno == ETIMEDOUT);
}

void infinirt_cpu_futex_wake(atomic_uint *addr, int count) {
  syscall(SYS_futex, (unsigned *)addr, FUTEX_WAKE_PRIVATE, count, NULL, NULL,
          0);
}

void infinirt_cpu_lock_slow(infinirt_cpu_spinlock *l) {
  for (unsigned spins = 1;; spins++) {
    if (!atomic_load_explicit(&l->held, memory_order_relaxed) &&
        !atomic_exchange_explicit(&l->held, true, memory_order_acquire))
      return;
    if ((spins & 63) == 0)
      sched_yield();
    else
      infinirt_cpu_relax();
  }
}

void infinirt_cpu_notify_slow(infinirt_cpu_notifier *n, int count) {
  atomic_fetch_add(&n->word, 1);
  infinirt_cpu_futex_wake(&n->word, count);
}

/* The spin rule is re-read this often: the counts change as threads come
 * and go. */
#define RECHECK_NS 1000u

bool infinirt_cpu_spin(infinirt_cpu_pred pred, const void *ctx,
                       unsigned reserve) {
  if (pred(ctx))
    return true;
  if (!infinirt_cpu_may_spin(reserve))
    return false;
  atomic_fetch_add(&infinirt_cpu_spinning, 1);
  bool ok = false;
  uint64_t start = 0, last = 0;
  for (unsigned i = 1;; i++) {
    infinirt_cpu_relax();
    if (pred(ctx)) {
      ok = true;
      break;
    }
    /* Reading the clock costs ~20 ns: do it every 32 pauses. */
    if ((i & 31) == 0) {
      uint64_t now = infinirt_cpu_now_ns();
      if (start == 0) {
        start = last = now;
      } else if (now - start >= infinirt_cpu_spin_ns) {
        break;
      } else if (now - last >= RECHECK_NS) {
        last = now;
        /* Itself included in the count now, hence reserve - 1 + 1. */
        unsigned n = infinirt_cpu_cores();
        unsigned used =
            atomic_load_explicit(&infinirt_cpu_spinning, memory_order_relaxed) +
            atomic_load_explicit(&infinirt_cpu_busy_workers,
                                 memory_order_relaxed);
        if (used + reserve > n)
          break;
      }
    }
  }
  atomic_fetch_sub(&infinirt_cpu_spinning, 1);
  return ok;
}

/* Yields this many times before parking: on a shared core the thread we
 * wait for often finishes within one time slice of its own. */
#define YIELDS 3

void infinirt_cpu_wait_ticking(infinirt_cpu_notifier *n, infinirt_cpu_pred pred,
                               const void *ctx, bool spin, void (*tick)(void),
                               uint64_t tick_ns) {
  if (spin ? infinirt_cpu_spin(pred, ctx, 0) : pred(ctx))
    return;
  for (int i = 0; spin && i < YIELDS; i++) {
    sched_yield();
    if (pred(ctx))
      return;
  }
  atomic_fetch_add(&n->waiters, 1);
  for (;;) {
    unsigned w = atomic_load(&n->word);
    if (pred(ctx))
      break;
    if (!tick) {
      infinirt_cpu_futex_wait(&n->word, w);
    } else if (!infinirt_cpu_futex_wait_ns(&n->word, w, tick_ns)) {
      tick();
    }
  }
  atomic_fetch_sub(&n->waiters, 1);
}

void infinirt_cpu_wait(infinirt_cpu_notifier *n, infinirt_cpu_pred pred,
                       const void *ctx, bool spin) {
  infinirt_cpu_wait_ticking(n, pred, ctx, spin, NULL, 0);
}
