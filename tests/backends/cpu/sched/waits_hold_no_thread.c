/* waits_hold_no_thread.c - a stream waiting on an event holds no worker.
 *
 * ctest runs this group with INFINIRT_CPU_WORKERS=1 and =2. Stream A holds
 * a gate (a host function blocked on a flag) and records an event; 100
 * streams wait on that event. With the gate still closed, work on other,
 * independent streams (copies, sets, event records and cross-stream waits
 * among themselves: no host functions, which CUDA runs apart from device
 * work) must complete: a waiting stream that kept a worker would leave none
 * for it. Then the gate opens and everything finishes with its data.
 *
 * With one worker this also needs the blocked host function not to keep
 * the only worker from the independent copies (CUDA runs host functions on
 * a thread of their own). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched_util.h"

enum { WAITERS = 100, INDEP = 8, CHUNK = 1 << 16 };

/* Polls until every event in |ev| has completed, or |g| gave up, or about
 * 20 s passed (a hang guard, never a timing check); returns how many had
 * completed. */
static int wait_events_or_gate(infinirtEvent_t *ev, int n, conf_gate *g) {
  int done = 0;
  for (long i = 0; i < 100000; i++) {
    done = 0;
    for (int k = 0; k < n; k++)
      done += infinirtEventQuery(ev[k]) == infinirtSuccess;
    if (done == n || atomic_load(&g->timed_out))
      break;
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
  }
  return done;
}

/* |chained|: each waiting stream waits on the one before it as well (a
 * chain of 100 waits hanging on A), else all wait on A's event directly. */
static void check_waits_leave_workers_free(bool chained) {
  printf("INFINIRT_CPU_WORKERS=%s (expecting %d workers)\n",
         getenv("INFINIRT_CPU_WORKERS") ? getenv("INFINIRT_CPU_WORKERS")
                                        : "(unset)",
         sched_expected_workers());
  infinirtStream_t a, w[WAITERS], in[INDEP];
  infinirtEvent_t held, wev[WAITERS], iev[INDEP];
  unsigned char *wbuf = NULL, *src = NULL, *dst = NULL;
  ASSERT_OK(infinirtStreamCreateWithFlags(&a, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&held, infinirtEventDisableTiming));
  ASSERT_OK(infinirtMallocHost((void **)&wbuf, WAITERS));
  ASSERT_OK(infinirtMallocHost((void **)&src, INDEP * CHUNK));
  ASSERT_OK(infinirtMallocHost((void **)&dst, INDEP * CHUNK));
  memset(wbuf, 0, WAITERS);
  memset(src, 0, INDEP * CHUNK);
  memset(dst, 0, INDEP * CHUNK);
  atomic_int waited_fns;
  atomic_init(&waited_fns, 0);
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(held, a));
  for (int i = 0; i < WAITERS; i++) {
    ASSERT_OK(infinirtStreamCreateWithFlags(
        &w[i], i % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault));
    ASSERT_OK(
        infinirtEventCreateWithFlags(&wev[i], infinirtEventDisableTiming));
    EXPECT_OK(infinirtStreamWaitEvent(w[i], held, 0));
    if (chained && i > 0)
      EXPECT_OK(infinirtStreamWaitEvent(w[i], wev[i - 1], 0));
    EXPECT_OK(infinirtMemsetAsync(wbuf + i, 1 + i, 1, w[i]));
    EXPECT_OK(infinirtLaunchHostFunc(w[i], conf_count_fn, &waited_fns));
    EXPECT_OK(infinirtEventRecord(wev[i], w[i]));
  }
  if (!conf_gate_wait_entered(&g))
    conf_fail(__FILE__, __LINE__,
              "stream A's host function never started (with %d waiting "
              "streams enqueued behind it)",
              WAITERS);
  /* Independent work: a set and a copy per stream, each stream after the
   * first also waiting on the one before it (done events only). */
  for (int j = 0; j < INDEP; j++) {
    ASSERT_OK(infinirtStreamCreateWithFlags(&in[j], infinirtStreamNonBlocking));
    ASSERT_OK(
        infinirtEventCreateWithFlags(&iev[j], infinirtEventDisableTiming));
    if (j > 0)
      EXPECT_OK(infinirtStreamWaitEvent(in[j], iev[j - 1], 0));
    EXPECT_OK(infinirtMemsetAsync(src + j * CHUNK, 0x40 + j, CHUNK, in[j]));
    EXPECT_OK(infinirtMemcpyAsync(dst + j * CHUNK, src + j * CHUNK, CHUNK,
                                  infinirtMemcpyDefault, in[j]));
    EXPECT_OK(infinirtEventRecord(iev[j], in[j]));
  }
  int done = wait_events_or_gate(iev, INDEP, &g);
  bool gate_gave_up = atomic_load(&g.timed_out);
  if (done != INDEP || gate_gave_up)
    conf_fail(__FILE__, __LINE__,
              "%d waiting streams%s: expected all %d independent streams to "
              "complete while stream A was held, got %d%s",
              WAITERS, chained ? " (chained)" : "", INDEP, done,
              gate_gave_up ? " before A's gate gave up" : "");
  /* Nothing behind A ran. */
  EXPECT_EQ(atomic_load(&waited_fns), 0);
  int early = 0;
  for (int i = 0; i < WAITERS; i++)
    early += infinirtEventQuery(wev[i]) != infinirtErrorNotReady;
  if (early)
    conf_fail(__FILE__, __LINE__,
              "%d of %d waiting streams done while the event they wait on "
              "was pending, expected 0",
              early, WAITERS);
  if (done == INDEP)
    for (int j = 0; j < INDEP; j++) {
      size_t bad = conf_first_not(dst + j * CHUNK, CHUNK, 0x40 + j);
      if (bad != CHUNK) {
        conf_fail(__FILE__, __LINE__,
                  "independent stream %d: byte %zu is 0x%02x, expected "
                  "0x%02x",
                  j, bad, dst[j * CHUNK + bad], 0x40 + j);
        break;
      }
    }
  conf_gate_open(&g);
  for (int i = 0; i < WAITERS; i++)
    EXPECT_OK(infinirtEventSynchronize(wev[i]));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&waited_fns), WAITERS);
  for (int i = 0; i < WAITERS; i++)
    if (wbuf[i] != 1 + i) {
      conf_fail(__FILE__, __LINE__,
                "waiting stream %d wrote %d, expected %d after the gate "
                "opened",
                i, wbuf[i], 1 + i);
      break;
    }
  for (int i = 0; i < WAITERS; i++) {
    EXPECT_OK(infinirtEventDestroy(wev[i]));
    EXPECT_OK(infinirtStreamDestroy(w[i]));
  }
  for (int j = 0; j < INDEP; j++) {
    EXPECT_OK(infinirtEventDestroy(iev[j]));
    EXPECT_OK(infinirtStreamDestroy(in[j]));
  }
  EXPECT_OK(infinirtEventDestroy(held));
  EXPECT_OK(infinirtStreamDestroy(a));
  EXPECT_OK(infinirtFreeHost(wbuf));
  EXPECT_OK(infinirtFreeHost(src));
  EXPECT_OK(infinirtFreeHost(dst));
}

CONF_TEST(waits_hold_no_thread, many_waiters) {
  check_waits_leave_workers_free(false);
}

CONF_TEST(waits_hold_no_thread, chained_waiters) {
  check_waits_leave_workers_free(true);
}

/* A host thread blocked in EventSynchronize / StreamSynchronize on the held
 * work holds no worker either: the independent streams still complete. */
typedef struct sync_arg {
  infinirtEvent_t e;
  infinirtStream_t s;
  atomic_int returned;
} sync_arg;

static void *sync_thread(void *arg) {
  sync_arg *a = arg;
  if (conf_thread_enter(0)) {
    EXPECT_OK(infinirtEventSynchronize(a->e));
    EXPECT_OK(infinirtStreamSynchronize(a->s));
  }
  atomic_store(&a->returned, 1);
  return NULL;
}

CONF_TEST(waits_hold_no_thread, host_synchronize_waiters) {
  enum { SYNCERS = 4 };
  infinirtStream_t a, in[INDEP];
  infinirtEvent_t held, iev[INDEP];
  unsigned char *dst = NULL;
  ASSERT_OK(infinirtStreamCreateWithFlags(&a, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&held, infinirtEventDisableTiming));
  ASSERT_OK(infinirtMallocHost((void **)&dst, INDEP * CHUNK));
  memset(dst, 0, INDEP * CHUNK);
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(held, a));
  sync_arg sa[SYNCERS];
  pthread_t th[SYNCERS];
  int started = 0;
  for (int i = 0; i < SYNCERS; i++) {
    sa[i].e = held;
    sa[i].s = a;
    atomic_init(&sa[i].returned, 0);
    if (!EXPECT_EQ(pthread_create(&th[i], NULL, sync_thread, &sa[i]), 0))
      break;
    started++;
  }
  for (int j = 0; j < INDEP; j++) {
    ASSERT_OK(infinirtStreamCreateWithFlags(&in[j], infinirtStreamNonBlocking));
    ASSERT_OK(
        infinirtEventCreateWithFlags(&iev[j], infinirtEventDisableTiming));
    EXPECT_OK(infinirtMemsetAsync(dst + j * CHUNK, 0x20 + j, CHUNK, in[j]));
    EXPECT_OK(infinirtEventRecord(iev[j], in[j]));
  }
  int done = wait_events_or_gate(iev, INDEP, &g);
  if (done != INDEP || atomic_load(&g.timed_out))
    conf_fail(__FILE__, __LINE__,
              "%d host threads synchronizing on held work: expected all %d "
              "independent streams to complete meanwhile, got %d",
              started, INDEP, done);
  for (int i = 0; i < started; i++)
    if (atomic_load(&sa[i].returned))
      conf_fail(__FILE__, __LINE__,
                "host thread %d returned from synchronizing on held work "
                "before the gate opened",
                i);
  conf_gate_open(&g);
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  for (int j = 0; j < INDEP; j++) {
    size_t bad = conf_first_not(dst + j * CHUNK, CHUNK, 0x20 + j);
    if (bad != CHUNK)
      conf_fail(__FILE__, __LINE__,
                "independent stream %d: byte %zu is 0x%02x, expected 0x%02x", j,
                bad, dst[j * CHUNK + bad], 0x20 + j);
    EXPECT_OK(infinirtEventDestroy(iev[j]));
    EXPECT_OK(infinirtStreamDestroy(in[j]));
  }
  EXPECT_OK(infinirtEventDestroy(held));
  EXPECT_OK(infinirtStreamDestroy(a));
  EXPECT_OK(infinirtFreeHost(dst));
}
