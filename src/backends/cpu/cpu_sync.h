/* cpu_sync.h - spin-then-sleep waiting for the CPU backend.
 *
 * Hand-offs between a submitting thread and a worker on these machines cost
 * ~0.1 us when the other side is spinning and ~25 us when it must be woken
 * from a futex, so every waiter spins for a short, time-bounded while before
 * it parks, and every notifier issues FUTEX_WAKE only when someone is parked
 * (one load otherwise). Happens-before always flows through the C11 atomics
 * the predicates read, never through the futex itself. */
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

/* How long waiters spin before parking (INFINIRT_CPU_SPIN_US, default 30). */
extern uint64_t infinirt_cpu_spin_ns;

/* Wakes every thread parked on |n|. The caller has already made the
 * condition true with a seq_cst store (or RMW). */
void infinirt_cpu_notify_slow(infinirt_cpu_notifier *n);
static inline void infinirt_cpu_notify(infinirt_cpu_notifier *n) {
  if (atomic_load(&n->waiters) != 0)
    infinirt_cpu_notify_slow(n);
}

typedef bool (*infinirt_cpu_pred)(const void *ctx);

/* Returns once |pred|(|ctx|) is true: spins first unless |spin| is false,
 * then parks on |n|. |pred| must read with seq_cst (or acquire after a
 * seq_cst fence) so that the waiters/condition handshake cannot miss. */
void infinirt_cpu_wait(infinirt_cpu_notifier *n, infinirt_cpu_pred pred,
                       const void *ctx, bool spin);

/* Spins until |pred| holds or the spin budget is spent; returns the last
 * value of |pred|. */
bool infinirt_cpu_spin(infinirt_cpu_pred pred, const void *ctx);

/* Raw futex helpers (Linux). */
void infinirt_cpu_futex_wait(atomic_uint *addr, unsigned expected);
void infinirt_cpu_futex_wake(atomic_uint *addr, int count);

#endif /* INFINIRT_CPU_SYNC_H_ */
