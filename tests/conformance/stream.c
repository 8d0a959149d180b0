/* stream.c - stream creation, destruction, queries, synchronization and
 * host functions. */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>

#include "harness.h"

#define SENTINEL ((infinirtStream_t)(uintptr_t)0x5e5e5e5e)

/* The stream runs a host function and completes. */
static bool stream_works(infinirtStream_t s) {
  atomic_int n;
  atomic_init(&n, 0);
  return EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &n)) &&
         EXPECT_OK(infinirtStreamSynchronize(s)) &&
         EXPECT_EQ(atomic_load(&n), 1) && EXPECT_OK(infinirtStreamQuery(s));
}

CONF_TEST(stream, create_with_each_flag_and_priority) {
  infinirtStream_t s[8];
  int n = 0;
  ASSERT_OK(infinirtStreamCreate(&s[n++]));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s[n++], infinirtStreamDefault));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s[n++], infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithPriority(&s[n++], 0, 0));
  ASSERT_OK(
      infinirtStreamCreateWithPriority(&s[n++], infinirtStreamNonBlocking, -1));
  /* Out-of-range priorities are clamped, not refused. */
  ASSERT_OK(infinirtStreamCreateWithPriority(&s[n++], 0, 1000));
  ASSERT_OK(infinirtStreamCreateWithPriority(&s[n++], 0, INT_MIN));
  ASSERT_OK(infinirtStreamCreateWithPriority(&s[n++], 0, INT_MAX));
  for (int i = 0; i < n; i++) {
    EXPECT(s[i] != NULL && s[i] != infinirtStreamLegacy);
    for (int j = 0; j < i; j++)
      EXPECT(s[i] != s[j]);
    EXPECT(stream_works(s[i]));
  }
  for (int i = 0; i < n; i++)
    EXPECT_OK(infinirtStreamDestroy(s[i]));
}

CONF_TEST(stream, create_errors) {
  infinirtStream_t s = SENTINEL;
  const unsigned bad[] = {0x2, 0x4, 0x80000000u, 0xffffffffu};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtStreamCreateWithFlags(&s, bad[i]));
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtStreamCreateWithPriority(&s, bad[i], 0));
    EXPECT_PTR_EQ(s, SENTINEL);
  }
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtStreamCreate(NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtStreamCreateWithFlags(NULL, infinirtStreamDefault));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtStreamCreateWithPriority(NULL, 0, 0));
}

CONF_TEST(stream, destroy_errors) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtStreamDestroy(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamDestroy(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamDestroy(NULL));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamDestroy(infinirtStreamLegacy));
  int local = 0x1f1e1d1c; /* looks like a handle's first word */
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamDestroy((infinirtStream_t)&local));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamQuery((infinirtStream_t)&local));
  EXPECT_EQ(local, 0x1f1e1d1c);
  /* A live handle of another kind is not a stream. */
  infinirtEvent_t e;
  ASSERT_OK(infinirtEventCreate(&e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamQuery((infinirtStream_t)e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamDestroy((infinirtStream_t)e));
  EXPECT_OK(infinirtEventQuery(e)); /* still alive */
  EXPECT_OK(infinirtEventDestroy(e));
}

CONF_TEST(stream, use_after_destroy) {
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT_OK(infinirtEventCreate(&e));
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtStreamDestroy(s));
  atomic_int n;
  atomic_init(&n, 0);
  unsigned char b[16] = {0};
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamQuery(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamSynchronize(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLaunchHostFunc(s, conf_count_fn, &n));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtMemsetAsync(b, 1, sizeof b, s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventRecord(e, s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamWaitEvent(s, e, 0));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&n), 0);
  EXPECT_EQ(b[0], 0);
  EXPECT_OK(infinirtEventQuery(e)); /* the failed record left it unrecorded */
  EXPECT_OK(infinirtEventDestroy(e));
}

CONF_TEST(stream, query_not_ready_then_success) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_OK(infinirtStreamQuery(s)); /* empty */
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(s));
  EXPECT(conf_gate_wait_entered(&g));
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(s));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamQuery(s));
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, synchronize_waits) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  atomic_int n;
  atomic_init(&n, 0);
  infinirtStream_t streams[] = {s, NULL, infinirtStreamLegacy};
  for (int i = 0; i < 3; i++) {
    EXPECT_OK(infinirtLaunchHostFunc(streams[i], conf_sleep_fn, (void *)20));
    EXPECT_OK(infinirtLaunchHostFunc(streams[i], conf_count_fn, &n));
    EXPECT_OK(infinirtStreamSynchronize(streams[i]));
    EXPECT_EQ(atomic_load(&n), i + 1);
  }
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, host_funcs_run_in_order) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  static conf_log log;
  static conf_log_entry ent[100];
  conf_log_init(&log);
  for (int i = 0; i < 100; i++) {
    ent[i] = (conf_log_entry){&log, i};
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_log_fn, &ent[i]));
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&log.n), 100);
  for (int i = 0; i < 100; i++)
    if (atomic_load(&log.v[i]) != i) {
      conf_fail(__FILE__, __LINE__, "log[%d] = %d", i, atomic_load(&log.v[i]));
      break;
    }
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, host_func_errors) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtLaunchHostFunc(s, NULL, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtLaunchHostFunc(NULL, NULL, NULL));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, destroy_with_pending_work) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  conf_gate g;
  conf_gate_init(&g);
  atomic_int n;
  atomic_init(&n, 0);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  for (int i = 0; i < 10; i++)
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &n));
  /* Returns without waiting: the gate is still shut. */
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT(!atomic_load(&g.open) && !atomic_load(&g.timed_out));
  EXPECT_EQ(atomic_load(&n), 0);
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&n), 10);
  EXPECT(!atomic_load(&g.timed_out));
}

CONF_TEST(stream, many_streams) {
  enum { N = 64 };
  infinirtStream_t s[N];
  atomic_int n;
  atomic_init(&n, 0);
  for (int i = 0; i < N; i++) {
    ASSERT_OK(infinirtStreamCreateWithFlags(
        &s[i], i % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault));
    EXPECT_OK(infinirtLaunchHostFunc(s[i], conf_count_fn, &n));
  }
  for (int i = 0; i < N; i++)
    EXPECT_OK(infinirtStreamSynchronize(s[i]));
  EXPECT_EQ(atomic_load(&n), N);
  for (int i = 0; i < N; i++)
    EXPECT_OK(infinirtStreamDestroy(s[i]));
}

/* ---- infinirtStreamPerThread ------------------------------------------- */

CONF_TEST(stream, per_thread_stream_basics) {
  enum { N = 4096 };
  unsigned char *h = NULL;
  void *d = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, N));
  ASSERT_OK(infinirtMalloc(&d, N));
  EXPECT_OK(infinirtMemsetAsync(d, 0x6d, N, infinirtStreamPerThread));
  EXPECT_OK(infinirtMemcpyAsync(h, d, N, infinirtMemcpyDeviceToHost,
                                infinirtStreamPerThread));
  EXPECT_OK(infinirtStreamSynchronize(infinirtStreamPerThread));
  EXPECT_EQ(conf_first_not(h, N, 0x6d), (size_t)N);
  EXPECT_OK(infinirtStreamQuery(infinirtStreamPerThread));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtStreamDestroy(infinirtStreamPerThread));
  /* Still usable after the refused destroy. */
  int calls = 0;
  EXPECT_OK(
      infinirtLaunchHostFunc(infinirtStreamPerThread, conf_count_fn, &calls));
  EXPECT_OK(infinirtStreamSynchronize(infinirtStreamPerThread));
  EXPECT_EQ(calls, 1);
  infinirtEvent_t e;
  ASSERT_OK(infinirtEventCreate(&e));
  EXPECT_OK(infinirtEventRecord(e, infinirtStreamPerThread));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtFreeHost(h));
}

/* Device work only while the gate holds: a backend may run every host
 * function of a device on one thread (NVIDIA does), so a second host
 * function would wait behind the gate whatever stream it is on. */
typedef struct pts_other_arg {
  void *d;
  atomic_int done; /* the other thread's work completed */
} pts_other_arg;

static void *pts_other_thread(void *p) {
  pts_other_arg *a = p;
  if (conf_thread_enter(0)) {
    EXPECT_OK(infinirtMemsetAsync(a->d, 0x3c, 64, infinirtStreamPerThread));
    EXPECT_OK(infinirtStreamSynchronize(infinirtStreamPerThread));
    atomic_store(&a->done, 1);
  }
  return NULL; /* the thread's per-thread stream is destroyed at exit */
}

/* Two threads' per-thread streams do not order with each other, and both
 * order with the legacy stream; a non-blocking stream orders with neither. */
CONF_TEST(stream, per_thread_streams_are_per_thread) {
  enum { N = 64 };
  void *d1 = NULL, *d2 = NULL;
  ASSERT_OK(infinirtMalloc(&d1, N));
  ASSERT_OK(infinirtMalloc(&d2, N));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(infinirtStreamPerThread, conf_gate_fn, &g));
  EXPECT(conf_gate_wait_entered(&g));
  pts_other_arg a = {.d = d1};
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, pts_other_thread, &a) == 0);
  pthread_join(th, NULL);
  EXPECT_EQ(atomic_load(&a.done), 1);
  infinirtStream_t nb;
  ASSERT_OK(infinirtStreamCreateWithFlags(&nb, infinirtStreamNonBlocking));
  EXPECT_OK(infinirtMemsetAsync(d2, 0x4d, N, nb));
  EXPECT_OK(infinirtStreamSynchronize(nb));
  /* The legacy stream waits for this thread's per-thread stream. */
  EXPECT_OK(infinirtMemsetAsync(d2, 0x5e, N, NULL));
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  EXPECT(!atomic_load(&g.timed_out));
  unsigned char back[N];
  EXPECT_OK(infinirtMemcpy(back, d1, N, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(back, N, 0x3c), (size_t)N);
  EXPECT_OK(infinirtMemcpy(back, d2, N, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(back, N, 0x5e), (size_t)N);
  EXPECT_OK(infinirtStreamDestroy(nb));
  EXPECT_OK(infinirtFree(d1));
  EXPECT_OK(infinirtFree(d2));
}

typedef struct pts_reset_arg {
  infinirtStream_t user; /* made after the reset, outlives the thread */
  conf_gate gate;
} pts_reset_arg;

static void *pts_reset_thread(void *p) {
  pts_reset_arg *a = p;
  if (!conf_thread_enter(0))
    return NULL;
  void *d = NULL;
  EXPECT_OK(infinirtMalloc(&d, 64));
  EXPECT_OK(infinirtMemsetAsync(d, 1, 64, infinirtStreamPerThread));
  EXPECT_OK(infinirtStreamSynchronize(infinirtStreamPerThread));
  EXPECT_OK(infinirtDeviceReset()); /* destroys the per-thread stream */
  /* A new stream may reuse the destroyed one's memory: it must not be
   * mistaken for this thread's per-thread stream. */
  EXPECT_OK(infinirtStreamCreate(&a->user));
  EXPECT_OK(infinirtLaunchHostFunc(a->user, conf_gate_fn, &a->gate));
  EXPECT(conf_gate_wait_entered(&a->gate));
  EXPECT_OK(infinirtMalloc(&d, 64));
  EXPECT_OK(infinirtMemsetAsync(d, 2, 64, infinirtStreamPerThread));
  EXPECT_OK(infinirtStreamSynchronize(infinirtStreamPerThread));
  EXPECT(!atomic_load(&a->gate.timed_out));
  conf_gate_open(&a->gate);
  EXPECT_OK(infinirtFree(d));
  return NULL; /* exit destroys the new per-thread stream, not |user| */
}

CONF_TEST(stream, per_thread_stream_after_device_reset) {
  pts_reset_arg a = {0};
  conf_gate_init(&a.gate);
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, pts_reset_thread, &a) == 0);
  pthread_join(th, NULL);
  ASSERT(a.user != NULL);
  EXPECT_OK(infinirtStreamSynchronize(a.user));
  EXPECT_OK(infinirtStreamDestroy(a.user));
}
