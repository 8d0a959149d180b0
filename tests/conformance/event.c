/* event.c - event creation flags, record/query/synchronize, elapsed time and
 * handle errors. Timing bounds are deliberately loose (15..500 ms around a
 * 20 ms sleep): they check units and sign, not speed. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"

#define SENTINEL ((infinirtEvent_t)(uintptr_t)0x5e5e5e5e)

CONF_TEST(event, create_flags) {
  const unsigned ok[] = {infinirtEventDefault, infinirtEventBlockingSync,
                         infinirtEventDisableTiming,
                         infinirtEventBlockingSync |
                             infinirtEventDisableTiming};
  infinirtEvent_t e[5];
  ASSERT_OK(infinirtEventCreate(&e[0]));
  for (int i = 0; i < 4; i++)
    ASSERT_OK(infinirtEventCreateWithFlags(&e[i + 1], ok[i]));
  for (int i = 0; i < 5; i++) {
    EXPECT(e[i] != NULL);
    for (int j = 0; j < i; j++)
      EXPECT(e[i] != e[j]);
    EXPECT_OK(infinirtEventQuery(e[i]));
  }
  for (int i = 0; i < 5; i++)
    EXPECT_OK(infinirtEventDestroy(e[i]));
}

CONF_TEST(event, create_errors) {
  infinirtEvent_t e = SENTINEL;
  const unsigned bad[] = {0x8, 0x10, 0x80000000u, 0xffffffffu};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtEventCreateWithFlags(&e, bad[i]));
    EXPECT_PTR_EQ(e, SENTINEL);
  }
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtEventCreate(NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtEventCreateWithFlags(NULL, infinirtEventDefault));
  /* Interprocess events: the header documents NotSupported; a backend that
   * implements them may succeed. Nothing else is acceptable. */
  infinirtGetLastError();
  infinirtError_t r = infinirtEventCreateWithFlags(
      &e, infinirtEventInterprocess | infinirtEventDisableTiming);
  if (r == infinirtSuccess) {
    EXPECT_OK(infinirtEventDestroy(e));
  } else {
    EXPECT_EQ(r, infinirtErrorNotSupported);
    EXPECT_PTR_EQ(e, SENTINEL);
    EXPECT_EQ(infinirtGetLastError(), infinirtErrorNotSupported);
  }
}

CONF_TEST(event, never_recorded_is_complete) {
  infinirtEvent_t e;
  ASSERT_OK(infinirtEventCreate(&e));
  EXPECT_OK(infinirtEventQuery(e));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventDestroy(e));
}

CONF_TEST(event, record_query_synchronize) {
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&e));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(e, s));
  EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(e));
  conf_gate_open(&g);
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventQuery(e));
  EXPECT_OK(infinirtStreamQuery(s));
  EXPECT(!atomic_load(&g.timed_out));
  /* Recording on the legacy stream, by NULL and by its name. */
  EXPECT_OK(infinirtEventRecord(e, NULL));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventRecord(e, infinirtStreamLegacy));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(event, synchronize_waits_for_stream_work) {
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&e));
  atomic_int n;
  atomic_init(&n, 0);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)20));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &n));
  EXPECT_OK(infinirtEventRecord(e, s));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)20));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &n));
  EXPECT_OK(infinirtEventSynchronize(e));
  int seen = atomic_load(&n);
  EXPECT(seen >= 1);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&n), 2);
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(s));
}

typedef struct opener {
  conf_gate *g;
  int delay_ms;
} opener;

static void *open_later(void *p) {
  opener *o = p;
  conf_sleep_ms(o->delay_ms);
  conf_gate_open(o->g);
  return NULL;
}

CONF_TEST(event, blocking_sync_event) {
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventBlockingSync));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(e, s));
  opener o = {&g, 20};
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, open_later, &o) == 0);
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT(atomic_load(&g.open) && !atomic_load(&g.timed_out));
  pthread_join(th, NULL);
  EXPECT_OK(infinirtEventQuery(e));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(event, elapsed_time) {
  infinirtStream_t s;
  infinirtEvent_t a, b;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&a));
  ASSERT_OK(infinirtEventCreate(&b));
  EXPECT_OK(infinirtEventRecord(a, s));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)20));
  EXPECT_OK(infinirtEventRecord(b, s));
  EXPECT_OK(infinirtEventSynchronize(b));
  float ms = -1;
  EXPECT_OK(infinirtEventElapsedTime(&ms, a, b));
  if (!(ms >= 15.0f && ms <= 500.0f))
    conf_fail(__FILE__, __LINE__, "elapsed %.3f ms around a 20 ms sleep", ms);
  float back = 1;
  EXPECT_OK(infinirtEventElapsedTime(&back, b, a));
  if (!(back <= -15.0f && back >= -500.0f))
    conf_fail(__FILE__, __LINE__, "reverse elapsed %.3f ms", back);
  float zero = -1;
  EXPECT_OK(infinirtEventElapsedTime(&zero, a, a));
  EXPECT(zero == 0.0f);
  EXPECT_OK(infinirtEventDestroy(a));
  EXPECT_OK(infinirtEventDestroy(b));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(event, elapsed_time_errors) {
  infinirtStream_t s;
  infinirtEvent_t t1, t2, notiming, unrecorded;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&t1));
  ASSERT_OK(infinirtEventCreate(&t2));
  ASSERT_OK(infinirtEventCreate(&unrecorded));
  ASSERT_OK(
      infinirtEventCreateWithFlags(&notiming, infinirtEventDisableTiming));
  EXPECT_OK(infinirtEventRecord(t1, s));
  EXPECT_OK(infinirtEventRecord(notiming, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  float ms = 123.0f;
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, t1, notiming));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, notiming, t1));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, unrecorded, t1));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, t1, unrecorded));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtEventElapsedTime(NULL, t1, t1));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, t1, NULL));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, (infinirtEvent_t)s, t1));
  /* Pending: NotReady, not recorded as the last error. */
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(t2, s));
  EXPECT_ERR(infinirtErrorNotReady, infinirtEventElapsedTime(&ms, t1, t2));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(ms == 123.0f);
  EXPECT_OK(infinirtEventElapsedTime(&ms, t1, t2));
  EXPECT(ms >= 0.0f);
  infinirtEvent_t evs[] = {t1, t2, notiming, unrecorded};
  for (int i = 0; i < 4; i++)
    EXPECT_OK(infinirtEventDestroy(evs[i]));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(event, handle_errors) {
  infinirtEvent_t e;
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&e));
  ASSERT_OK(infinirtEventDestroy(e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventDestroy(e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventQuery(e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventSynchronize(e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventRecord(e, s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventDestroy(NULL));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventQuery(NULL));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventRecord(NULL, s));
  int local[8] = {0x1f1e1d1c, 2, 0, 0, 0, 0, 0, 0};
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventQuery((infinirtEvent_t)local));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventDestroy((infinirtEvent_t)local));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventDestroy((infinirtEvent_t)s));
  EXPECT_OK(infinirtStreamQuery(s)); /* still a live stream */
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(event, destroy_while_pending) {
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&e));
  conf_gate g;
  conf_gate_init(&g);
  atomic_int n;
  atomic_init(&n, 0);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(e, s));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &n));
  EXPECT_OK(infinirtEventDestroy(e));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&n), 1);
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(event, record_on_stream_of_another_type) {
  int other = conf_other_type();
  if (other < 0)
    CONF_SKIP("no other device type has devices");
  infinirtEvent_t e;
  infinirtStream_t s;
  ASSERT_OK(infinirtEventCreate(&e));
  ASSERT_OK(infinirtExtSetDeviceType((infinirtDeviceType)other));
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtExtSetDeviceType(conf_backend));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventRecord(e, s));
  /* infinirt.h documents NotSupported for a wait across device types. */
  EXPECT_ERR(infinirtErrorNotSupported, infinirtStreamWaitEvent(s, e, 0));
  infinirtEvent_t e2;
  ASSERT_OK(infinirtExtSetDeviceType((infinirtDeviceType)other));
  ASSERT_OK(infinirtEventCreate(&e2));
  ASSERT_OK(infinirtExtSetDeviceType(conf_backend));
  float ms;
  EXPECT_OK(infinirtEventRecord(e, NULL));
  EXPECT_OK(infinirtEventRecord(e2, s));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventSynchronize(e2));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, e, e2));
  /* Handles dispatch by their own backend whatever the current type. */
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtEventDestroy(e2));
  EXPECT_OK(infinirtEventDestroy(e));
}
