/* cpu_pool.c - the parallel-for pool (see cpu_pool.h).
 *
 * The job lives in the pool (not on the caller's stack) and is guarded by one
 * state word [generation:32 | open:1 | inside:31]: a worker may read the job
 * only after it entered with a CAS that saw the job open, and the owner
 * closes the job with a CAS that needs inside == 0, so no worker can look at
 * a job that has been replaced. Pieces are claimed from an atomic counter. */
#include "cpu_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "cpu_sync.h"

#define OPEN_BIT (1ull << 31)
#define INSIDE_MASK (OPEN_BIT - 1)

typedef struct pool {
  _Alignas(64) atomic_uint_fast64_t state;
  atomic_flag busy; /* held by the job's owner */
  /* the job: written by the owner before it opens the job */
  infinirt_cpu_range_fn fn;
  void *arg;
  size_t n, grain, pieces;
  _Alignas(64) atomic_size_t next;
  _Alignas(64) atomic_size_t finished;
  infinirt_cpu_notifier done; /* owner waits for |finished| */
  infinirt_cpu_notifier work; /* workers wait for an open job */
  unsigned width;
} pool;

static pool the_pool = {.busy = ATOMIC_FLAG_INIT};
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

/* Runs pieces until none are left; returns how many this thread ran. */
static size_t run_pieces(pool *p) {
  size_t ran = 0;
  for (;;) {
    size_t i = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
    if (i >= p->pieces)
      break;
    size_t begin = i * p->grain;
    size_t end = begin + p->grain < p->n ? begin + p->grain : p->n;
    p->fn(p->arg, begin, end);
    ran++;
  }
  return ran;
}

typedef struct watch {
  pool *p;
  uint64_t last_gen; /* the generation this worker served last */
} watch;

/* A job this worker has not served yet is open. Reads only |state|. */
static bool new_job_open(const void *ctx) {
  const watch *w = ctx;
  uint64_t s = atomic_load(&w->p->state);
  return (s & OPEN_BIT) && (s >> 32) != w->last_gen;
}

static void *worker_main(void *unused) {
  (void)unused;
  watch w = {&the_pool, 0};
  pool *p = w.p;
  for (;;) {
    infinirt_cpu_wait(&p->work, new_job_open, &w, true);
    uint64_t s = atomic_load(&p->state);
    if (!(s & OPEN_BIT) ||
        !atomic_compare_exchange_strong(&p->state, &s, s + 1))
      continue;
    w.last_gen = s >> 32;
    /* Inside: the job's fields are stable until this thread leaves. */
    size_t ran = run_pieces(p);
    if (ran) {
      atomic_fetch_add(&p->finished, ran);
      infinirt_cpu_notify(&p->done);
    }
    atomic_fetch_sub(&p->state, 1);
  }
  return NULL;
}

static unsigned online_cpus(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int c = CPU_COUNT(&set);
    if (c > 0)
      return (unsigned)c;
  }
  long c = sysconf(_SC_NPROCESSORS_ONLN);
  return c > 0 ? (unsigned)c : 1;
}

static void pool_init(void) {
  pool *p = &the_pool;
  unsigned cpus = online_cpus();
  p->width = 1;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1u << 20);
  for (unsigned i = 1; i < cpus && i < 256; i++) {
    pthread_t t;
    if (pthread_create(&t, &attr, worker_main, NULL) != 0)
      break;
    pthread_detach(t);
    p->width++;
  }
  pthread_attr_destroy(&attr);
}

unsigned infinirt_cpu_pool_width(void) {
  pthread_once(&pool_once, pool_init);
  return the_pool.width;
}

static bool all_finished(const void *ctx) {
  const pool *p = ctx;
  return atomic_load(&((pool *)p)->finished) >= p->pieces;
}

void infinirt_cpu_parallel_for(size_t n, size_t grain, infinirt_cpu_range_fn fn,
                               void *arg) {
  if (n == 0)
    return;
  if (grain == 0)
    grain = 1;
  size_t pieces = n / grain + (n % grain != 0);
  pool *p = &the_pool;
  if (pieces == 1 || infinirt_cpu_pool_width() == 1 ||
      atomic_flag_test_and_set_explicit(&p->busy, memory_order_acquire)) {
    fn(arg, 0, n);
    return;
  }
  p->fn = fn;
  p->arg = arg;
  p->n = n;
  p->grain = grain;
  p->pieces = pieces;
  atomic_store_explicit(&p->next, 0, memory_order_relaxed);
  atomic_store_explicit(&p->finished, 0, memory_order_relaxed);
  /* Open the job under a new generation; inside is 0 here. */
  uint64_t s = atomic_load(&p->state);
  atomic_store(&p->state, ((s >> 32) + 1) << 32 | OPEN_BIT);
  infinirt_cpu_notify(&p->work);
  size_t ran = run_pieces(p);
  if (ran)
    atomic_fetch_add(&p->finished, ran);
  infinirt_cpu_wait(&p->done, all_finished, p, true);
  /* Close: wait until no worker is inside, then clear the open bit. */
  for (;;) {
    s = atomic_load(&p->state);
    if ((s & INSIDE_MASK) == 0 &&
        atomic_compare_exchange_weak(&p->state, &s, s & ~OPEN_BIT))
      break;
    infinirt_cpu_relax();
  }
  atomic_flag_clear_explicit(&p->busy, memory_order_release);
}
