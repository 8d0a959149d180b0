/* cpu_sync.c - futex parking and bounded spinning (see cpu_sync.h). */
#include "cpu_sync.h"

#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "env.h"

uint64_t infinirt_cpu_spin_ns = 30000;

__attribute__((constructor)) static void read_spin_env(void) {
  infinirt_cpu_spin_ns =
      (uint64_t)infinirt_env_int("INFINIRT_CPU_SPIN_US", 0, 1000000, 30) * 1000;
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

void infinirt_cpu_futex_wake(atomic_uint *addr, int count) {
  syscall(SYS_futex, (unsigned *)addr, FUTEX_WAKE_PRIVATE, count, NULL, NULL,
          0);
}

void infinirt_cpu_notify_slow(infinirt_cpu_notifier *n) {
  atomic_fetch_add(&n->word, 1);
  infinirt_cpu_futex_wake(&n->word, INT_MAX);
}

/* Pure spinning for this long, then spinning that yields the core now and
 * then: when the machine is oversubscribed the thread we wait for may need
 * this very core. */
#define PURE_SPIN_NS 4000u
#define YIELD_EVERY_NS 2000u

bool infinirt_cpu_spin(infinirt_cpu_pred pred, const void *ctx) {
  if (pred(ctx))
    return true;
  if (infinirt_cpu_spin_ns == 0)
    return false;
  uint64_t start = 0, last_yield = 0;
  for (unsigned i = 1;; i++) {
    infinirt_cpu_relax();
    if (pred(ctx))
      return true;
    /* Reading the clock costs ~20 ns: do it every 32 pauses. */
    if ((i & 31) == 0) {
      uint64_t now = infinirt_cpu_now_ns();
      if (start == 0) {
        start = last_yield = now;
      } else if (now - start >= infinirt_cpu_spin_ns) {
        return false;
      } else if (now - start >= PURE_SPIN_NS &&
                 now - last_yield >= YIELD_EVERY_NS) {
        sched_yield();
        last_yield = now;
      }
    }
  }
}

void infinirt_cpu_wait(infinirt_cpu_notifier *n, infinirt_cpu_pred pred,
                       const void *ctx, bool spin) {
  if (spin ? infinirt_cpu_spin(pred, ctx) : pred(ctx))
    return;
  atomic_fetch_add(&n->waiters, 1);
  for (;;) {
    unsigned w = atomic_load(&n->word);
    if (pred(ctx))
      break;
    infinirt_cpu_futex_wait(&n->word, w);
  }
  atomic_fetch_sub(&n->waiters, 1);
}
