/* cpu_sync.h - waiting in the CPU backend: adaptive spinning, then parking.
 *
 * A hand-off between two threads costs ~0.1 us when the other side is
 * spinning on another core and ~5-25 us when it must be woken from a futex.
 * Spinning pays only while the thread we wait for runs on another core, so
 * a waiter spins only while spinners + busy workers leave a core for it
 * (never on a one-core affinity mask: there the peer needs this very core),
 * else it yields a few times and parks. Notifiers issue FUTEX_WAKE only
 * when someone is parked (one load otherwise). Happens-before always flows
 * through the C11 atomics the predicates read, never through the futex. */
#ifndef INFINIRT_CPU_SYNC_H_
#define INFINIRT_CPU_SYNC_H_

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define infinirt_cpu_relax() _mm_pause()
#elif defined(__aarch64__)
#define infinirt_cpu_relax() __asm__ __volatile__("yield" ::: "memory")
#else
#define infinirt_cpu_relax() atomic_signal_fence(memory_order_seq_cst)
#endif

/* A place to sleep on. |waiters| counts parked (or about to park) threads;
 * |word| changes on every notification that found waiters. */
typedef struct infinirt_cpu_notifier {
  atomic_uint word;
  atomic_uint waiters;
} infinirt_cpu_notifier;

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t infinirt_cpu_now_ns(void);

/* How long a waiter spins at most before it parks (INFINIRT_CPU_SPIN_US,
 * default 30; 0 never spins). */
extern uint64_t infinirt_cpu_spin_ns;

/* Cores this process may run on (its affinity mask when first asked). */
unsigned infinirt_cpu_cores(void);

/* Threads spinning now (waiters and idle workers) and workers running a
 * task now: what the spin rule counts. */
extern atomic_uint infinirt_cpu_spinning;
extern atomic_uint infinirt_cpu_busy_workers;

/* Whether a thread that starts to spin now still leaves a core to the
 * threads doing work: |reserve| cores are kept for threads the counts do
 * not see (an idle worker keeps one for the submitting thread). */
bool infinirt_cpu_may_spin(unsigned reserve);

/* Wakes every thread parked on |n| (all), or one (one). The caller has
 * already made the condition true with a seq_cst store (or RMW). */
void infinirt_cpu_notify_slow(infinirt_cpu_notifier *n, int count);
static inline void infinirt_cpu_notify(infinirt_cpu_notifier *n) {
  if (atomic_load(&n->waiters) != 0)
    infinirt_cpu_notify_slow(n, 0x7fffffff);
}

typedef bool (*infinirt_cpu_pred)(const void *ctx);

/* Returns once |pred|(|ctx|) is true: spins first while spinning can pay
 * (never if |spin| is false), yields a few times, then parks on |n|. |pred|
 * must read with seq_cst so that the waiters/condition handshake cannot
 * miss. */
void infinirt_cpu_wait(infinirt_cpu_notifier *n, infinirt_cpu_pred pred,
                       const void *ctx, bool spin);

/* As wait(), calling |tick| every |tick_ns| while parked (NULL: never). */
void infinirt_cpu_wait_ticking(infinirt_cpu_notifier *n, infinirt_cpu_pred pred,
                               const void *ctx, bool spin, void (*tick)(void),
                               uint64_t tick_ns);

/* Spins (under the spin rule, keeping |reserve| cores) until |pred| holds
 * or the budget is spent; returns the last value of |pred|. */
bool infinirt_cpu_spin(infinirt_cpu_pred pred, const void *ctx,
                       unsigned reserve);

/* A lock for sections of a few loads and stores: taking it is one atomic
 * exchange, releasing it a plain store (a mutex's unlock is a second
 * locked instruction, which a producer would pay on every command). A
 * waiter spins briefly, then yields: the holder may have been preempted on
 * this very core. */
typedef struct infinirt_cpu_spinlock {
  atomic_bool held;
} infinirt_cpu_spinlock;
void infinirt_cpu_lock_slow(infinirt_cpu_spinlock *l);
static inline void infinirt_cpu_lock(infinirt_cpu_spinlock *l) {
  if (__builtin_expect(
          atomic_exchange_explicit(&l->held, true, memory_order_acquire), 0))
    infinirt_cpu_lock_slow(l);
}
static inline void infinirt_cpu_unlock(infinirt_cpu_spinlock *l) {
  atomic_store_explicit(&l->held, false, memory_order_release);
}

/* Raw futex helpers (Linux). */
void infinirt_cpu_futex_wait(atomic_uint *addr, unsigned expected);
void infinirt_cpu_futex_wake(atomic_uint *addr, int count);
/* As futex_wait, for at most |ns|; false if the time ran out. */
bool infinirt_cpu_futex_wait_ns(atomic_uint *addr, unsigned expected,
                                uint64_t ns);

#endif /* INFINIRT_CPU_SYNC_H_ */
