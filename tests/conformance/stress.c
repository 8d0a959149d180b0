/* stress.c - many threads issuing async work at once, every result checked;
 * concurrent creation and destruction of handles. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

enum {
  THREADS = 8,
  ITERS = 1000, /* about 10000 async calls per thread */
  SLOT = 256,   /* bytes moved per iteration */
  SLOTS = 32,   /* iterations between checks */
  SHARED_EVERY = 8,
};

typedef struct seq_entry {
  atomic_int *next;
  atomic_int *errors;
  int value;
} seq_entry;

/* Host functions of one stream must see their values in order. */
static void seq_fn(void *p) {
  seq_entry *e = p;
  if (atomic_load(e->next) != e->value)
    atomic_fetch_add(e->errors, 1);
  atomic_store(e->next, e->value + 1);
}

typedef struct worker {
  int id;
  infinirtStream_t shared;
  atomic_int *shared_count;
} worker;

static unsigned char value_of(int id, int i) {
  return (unsigned char)(id * 37 + i * 11 + 1);
}

static void *async_worker(void *p) {
  worker *w = p;
  infinirtStream_t s0 = NULL, s1 = NULL;
  infinirtEvent_t e0 = NULL, e1 = NULL;
  void *d0 = NULL, *d1 = NULL;
  unsigned char *h = NULL;
  seq_entry *seq = calloc(ITERS, sizeof *seq);
  atomic_int next, errors;
  atomic_init(&next, 0);
  atomic_init(&errors, 0);
  if (!EXPECT(seq) || !conf_thread_enter(0) ||
      !EXPECT_OK(infinirtStreamCreate(&s0)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&e0)) ||
      !EXPECT_OK(
          infinirtEventCreateWithFlags(&e1, infinirtEventDisableTiming)) ||
      !EXPECT_OK(infinirtMalloc(&d0, SLOT)) ||
      !EXPECT_OK(infinirtMalloc(&d1, SLOT)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, SLOT * SLOTS)))
    goto out;
  memset(h, 0, SLOT * SLOTS);
  for (int i = 0; i < ITERS; i++) {
    unsigned char v = value_of(w->id, i);
    void *t = NULL;
    seq[i] = (seq_entry){&next, &errors, i};
    /* s0 writes d0; s1 copies it through a stream-ordered temporary to the
     * host; s0's next write waits for s1's read. */
    bool ok = EXPECT_OK(infinirtMemsetAsync(d0, v, SLOT, s0)) &&
              EXPECT_OK(infinirtEventRecord(e0, s0)) &&
              EXPECT_OK(infinirtStreamWaitEvent(s1, e0, 0)) &&
              EXPECT_OK(infinirtMemcpyAsync(
                  d1, d0, SLOT, infinirtMemcpyDeviceToDevice, s1)) &&
              EXPECT_OK(infinirtMallocAsync(&t, SLOT, s1)) &&
              EXPECT_OK(infinirtMemcpyAsync(
                  t, d1, SLOT, infinirtMemcpyDeviceToDevice, s1)) &&
              EXPECT_OK(infinirtMemcpyAsync(h + (i % SLOTS) * SLOT, t, SLOT,
                                            infinirtMemcpyDeviceToHost, s1)) &&
              EXPECT_OK(infinirtFreeAsync(t, s1)) &&
              EXPECT_OK(infinirtLaunchHostFunc(s1, seq_fn, &seq[i])) &&
              EXPECT_OK(infinirtEventRecord(e1, s1)) &&
              EXPECT_OK(infinirtStreamWaitEvent(s0, e1, 0));
    if (ok && i % SHARED_EVERY == 0)
      ok = EXPECT_OK(
          infinirtLaunchHostFunc(w->shared, conf_count_fn, w->shared_count));
    if (!ok)
      break;
    if (i % SLOTS == SLOTS - 1) {
      if (!EXPECT_OK(infinirtStreamSynchronize(s1)))
        break;
      for (int k = 0; k < SLOTS; k++) {
        int it = i - (SLOTS - 1) + k;
        if (conf_first_not(h + k * SLOT, SLOT, value_of(w->id, it)) != SLOT) {
          conf_fail(__FILE__, __LINE__, "thread %d iteration %d: bad data",
                    w->id, it);
          goto out;
        }
      }
    }
  }
  EXPECT_OK(infinirtStreamSynchronize(s0));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_EQ(atomic_load(&errors), 0);
  EXPECT_EQ(atomic_load(&next), ITERS);
out:
  if (s0)
    EXPECT_OK(infinirtStreamSynchronize(s0));
  if (s1)
    EXPECT_OK(infinirtStreamSynchronize(s1));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d0)
    EXPECT_OK(infinirtFree(d0));
  if (d1)
    EXPECT_OK(infinirtFree(d1));
  if (e0)
    EXPECT_OK(infinirtEventDestroy(e0));
  if (e1)
    EXPECT_OK(infinirtEventDestroy(e1));
  if (s0)
    EXPECT_OK(infinirtStreamDestroy(s0));
  if (s1)
    EXPECT_OK(infinirtStreamDestroy(s1));
  free(seq);
  return NULL;
}

CONF_TEST(stress, threads_issue_async_work) {
  infinirtStream_t shared;
  ASSERT_OK(infinirtStreamCreateWithFlags(&shared, infinirtStreamNonBlocking));
  atomic_int shared_count;
  atomic_init(&shared_count, 0);
  worker w[THREADS];
  pthread_t th[THREADS];
  int started = 0;
  for (int i = 0; i < THREADS; i++) {
    w[i] = (worker){i, shared, &shared_count};
    if (!EXPECT(pthread_create(&th[i], NULL, async_worker, &w[i]) == 0))
      break;
    started++;
  }
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  EXPECT_OK(infinirtStreamSynchronize(shared));
  EXPECT_EQ(atomic_load(&shared_count),
            started * ((ITERS + SHARED_EVERY - 1) / SHARED_EVERY));
  EXPECT_OK(infinirtStreamDestroy(shared));
}

enum { CHURN = 1000 };

static void *churn_worker(void *p) {
  atomic_int *count = p;
  if (!conf_thread_enter(0))
    return NULL;
  for (int i = 0; i < CHURN; i++) {
    infinirtStream_t s;
    infinirtEvent_t e;
    unsigned flags = i % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault;
    if (!EXPECT_OK(infinirtStreamCreateWithFlags(&s, flags)))
      break;
    if (!EXPECT_OK(infinirtEventCreateWithFlags(
            &e, i % 3 ? infinirtEventDisableTiming : infinirtEventDefault))) {
      EXPECT_OK(infinirtStreamDestroy(s));
      break;
    }
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, count));
    EXPECT_OK(infinirtEventRecord(e, s));
    EXPECT_OK(infinirtStreamWaitEvent(s, e, 0));
    if (i % 4 == 0)
      EXPECT_OK(infinirtEventSynchronize(e));
    /* Destroy with work possibly still pending, in both orders. */
    if (i % 2) {
      EXPECT_OK(infinirtEventDestroy(e));
      EXPECT_OK(infinirtStreamDestroy(s));
    } else {
      EXPECT_OK(infinirtStreamDestroy(s));
      EXPECT_OK(infinirtEventDestroy(e));
    }
  }
  return NULL;
}

CONF_TEST(stress, concurrent_create_destroy) {
  atomic_int count;
  atomic_init(&count, 0);
  pthread_t th[THREADS];
  int started = 0;
  for (int i = 0; i < THREADS; i++) {
    if (!EXPECT(pthread_create(&th[i], NULL, churn_worker, &count) == 0))
      break;
    started++;
  }
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&count), started * CHURN);
}
