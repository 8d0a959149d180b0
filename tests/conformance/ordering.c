/* ordering.c - ordering across streams with StreamWaitEvent.
 *
 * Work held back by a gate must not run; the tests give a wrong backend time
 * to run it (HOLD_MS) before looking, which never makes a right one fail.
 * Completion on the unblocked side is checked with memsets and
 * StreamSynchronize, not with host functions, since a driver may run all
 * host functions of a device on one thread. */
#include <string.h>

#include "harness.h"

#define HOLD_MS 20

typedef struct pair {
  infinirtStream_t a, b;
  infinirtEvent_t e;
  void *d; /* device scratch, 4 KiB */
  conf_gate g;
} pair;

static bool pair_init(pair *p) {
  memset(p, 0, sizeof *p);
  conf_gate_init(&p->g);
  return EXPECT_OK(
             infinirtStreamCreateWithFlags(&p->a, infinirtStreamNonBlocking)) &&
         EXPECT_OK(
             infinirtStreamCreateWithFlags(&p->b, infinirtStreamNonBlocking)) &&
         EXPECT_OK(infinirtEventCreate(&p->e)) &&
         EXPECT_OK(infinirtMalloc(&p->d, 4096)) &&
         EXPECT_OK(infinirtMemset(p->d, 0, 4096));
}

static void pair_free(pair *p) {
  conf_gate_open(&p->g);
  if (p->a)
    EXPECT_OK(infinirtStreamSynchronize(p->a));
  if (p->b)
    EXPECT_OK(infinirtStreamSynchronize(p->b));
  EXPECT(!atomic_load(&p->g.timed_out));
  if (p->a)
    EXPECT_OK(infinirtStreamDestroy(p->a));
  if (p->b)
    EXPECT_OK(infinirtStreamDestroy(p->b));
  if (p->e)
    EXPECT_OK(infinirtEventDestroy(p->e));
  if (p->d)
    EXPECT_OK(infinirtFree(p->d));
}

static unsigned char read_byte(void *d) {
  unsigned char v = 0xcc;
  EXPECT_OK(infinirtMemcpy(&v, d, 1, infinirtMemcpyDeviceToHost));
  return v;
}

CONF_TEST(ordering, wait_event_orders_host_funcs) {
  infinirtStream_t a, b;
  infinirtEvent_t e;
  ASSERT_OK(infinirtStreamCreate(&a));
  ASSERT_OK(infinirtStreamCreate(&b));
  ASSERT_OK(infinirtEventCreate(&e));
  conf_log log;
  conf_log_init(&log);
  conf_log_entry ea = {&log, 1}, eb = {&log, 2};
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_sleep_fn, (void *)50));
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_log_fn, &ea));
  EXPECT_OK(infinirtEventRecord(e, a));
  EXPECT_OK(infinirtStreamWaitEvent(b, e, 0));
  EXPECT_OK(infinirtLaunchHostFunc(b, conf_log_fn, &eb));
  EXPECT_OK(infinirtStreamSynchronize(b));
  EXPECT_EQ(atomic_load(&log.n), 2);
  EXPECT_EQ(atomic_load(&log.v[0]), 1);
  EXPECT_EQ(atomic_load(&log.v[1]), 2);
  EXPECT_OK(infinirtStreamSynchronize(a));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(a));
  EXPECT_OK(infinirtStreamDestroy(b));
}

CONF_TEST(ordering, wait_event_blocks_until_recorded_work_done) {
  pair p;
  if (pair_init(&p)) {
    EXPECT_OK(infinirtLaunchHostFunc(p.a, conf_gate_fn, &p.g));
    EXPECT_OK(infinirtEventRecord(p.e, p.a));
    EXPECT_OK(infinirtStreamWaitEvent(p.b, p.e, infinirtEventWaitDefault));
    EXPECT_OK(infinirtMemsetAsync(p.d, 9, 4096, p.b));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(p.b));
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(p.e));
    EXPECT_EQ(read_byte(p.d), 0);
    conf_gate_open(&p.g);
    EXPECT_OK(infinirtStreamSynchronize(p.b));
    EXPECT_EQ(read_byte(p.d), 9);
    EXPECT_OK(infinirtEventQuery(p.e));
  }
  pair_free(&p);
}

CONF_TEST(ordering, never_recorded_event_imposes_no_wait) {
  pair p;
  if (pair_init(&p)) {
    EXPECT_OK(infinirtLaunchHostFunc(p.a, conf_gate_fn, &p.g));
    EXPECT_OK(infinirtStreamWaitEvent(p.b, p.e, 0));
    EXPECT_OK(infinirtMemsetAsync(p.d, 5, 4096, p.b));
    EXPECT_OK(infinirtStreamSynchronize(p.b));
    EXPECT(!atomic_load(&p.g.open) && !atomic_load(&p.g.timed_out));
    EXPECT_EQ(read_byte(p.d), 5);
  }
  pair_free(&p);
}

CONF_TEST(ordering, rerecord_replaces_what_event_tracks) {
  pair p;
  infinirtStream_t c = NULL;
  if (pair_init(&p) &&
      EXPECT_OK(infinirtStreamCreateWithFlags(&c, infinirtStreamNonBlocking))) {
    /* Recorded behind the gate, then again on an idle stream: a wait made
     * after the second record does not wait for the gate. */
    EXPECT_OK(infinirtLaunchHostFunc(p.a, conf_gate_fn, &p.g));
    EXPECT_OK(infinirtEventRecord(p.e, p.a));
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(p.e));
    EXPECT_OK(infinirtEventRecord(p.e, c));
    EXPECT_OK(infinirtStreamSynchronize(c));
    EXPECT_OK(infinirtEventQuery(p.e));
    EXPECT_OK(infinirtStreamWaitEvent(p.b, p.e, 0));
    EXPECT_OK(infinirtMemsetAsync(p.d, 6, 4096, p.b));
    EXPECT_OK(infinirtStreamSynchronize(p.b));
    EXPECT(!atomic_load(&p.g.open) && !atomic_load(&p.g.timed_out));
    EXPECT_EQ(read_byte(p.d), 6);
    /* And back: recorded behind the gate again, the event is pending. */
    EXPECT_OK(infinirtEventRecord(p.e, p.a));
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(p.e));
  }
  if (c) {
    EXPECT_OK(infinirtStreamDestroy(c));
  }
  pair_free(&p);
}

CONF_TEST(ordering, wait_uses_record_at_call_time) {
  pair p;
  infinirtStream_t c = NULL;
  if (pair_init(&p) &&
      EXPECT_OK(infinirtStreamCreateWithFlags(&c, infinirtStreamNonBlocking))) {
    EXPECT_OK(infinirtLaunchHostFunc(p.a, conf_gate_fn, &p.g));
    EXPECT_OK(infinirtEventRecord(p.e, p.a));
    EXPECT_OK(infinirtStreamWaitEvent(p.b, p.e, 0));
    EXPECT_OK(infinirtMemsetAsync(p.d, 7, 4096, p.b));
    /* Re-recording later does not release the wait made before. */
    EXPECT_OK(infinirtEventRecord(p.e, c));
    EXPECT_OK(infinirtStreamSynchronize(c));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(p.b));
    EXPECT_EQ(read_byte(p.d), 0);
    conf_gate_open(&p.g);
    EXPECT_OK(infinirtStreamSynchronize(p.b));
    EXPECT_EQ(read_byte(p.d), 7);
  }
  if (c) {
    EXPECT_OK(infinirtStreamDestroy(c));
  }
  pair_free(&p);
}

CONF_TEST(ordering, destroyed_event_wait_still_holds) {
  pair p;
  if (pair_init(&p)) {
    EXPECT_OK(infinirtLaunchHostFunc(p.a, conf_gate_fn, &p.g));
    EXPECT_OK(infinirtEventRecord(p.e, p.a));
    EXPECT_OK(infinirtStreamWaitEvent(p.b, p.e, 0));
    EXPECT_OK(infinirtMemsetAsync(p.d, 8, 4096, p.b));
    EXPECT_OK(infinirtEventDestroy(p.e));
    p.e = NULL;
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(p.b));
    EXPECT_EQ(read_byte(p.d), 0);
    conf_gate_open(&p.g);
    EXPECT_OK(infinirtStreamSynchronize(p.b));
    EXPECT_EQ(read_byte(p.d), 8);
  }
  pair_free(&p);
}

CONF_TEST(ordering, chain_across_streams) {
  enum { N = 6 };
  infinirtStream_t s[N];
  infinirtEvent_t e[N];
  conf_log log;
  conf_log_init(&log);
  conf_log_entry ent[N];
  for (int i = 0; i < N; i++) {
    ASSERT_OK(infinirtStreamCreateWithFlags(&s[i], infinirtStreamNonBlocking));
    ASSERT_OK(infinirtEventCreateWithFlags(&e[i], infinirtEventDisableTiming));
  }
  /* Stream i waits for stream i-1; stream 0 starts late, so a wait that is
   * ignored shows in the log. */
  for (int i = 0; i < N; i++) {
    ent[i] = (conf_log_entry){&log, i};
    if (i > 0)
      EXPECT_OK(infinirtStreamWaitEvent(s[i], e[i - 1], 0));
    if (i == 0)
      EXPECT_OK(infinirtLaunchHostFunc(s[i], conf_sleep_fn, (void *)10));
    EXPECT_OK(infinirtLaunchHostFunc(s[i], conf_log_fn, &ent[i]));
    EXPECT_OK(infinirtEventRecord(e[i], s[i]));
  }
  EXPECT_OK(infinirtStreamSynchronize(s[N - 1]));
  EXPECT_EQ(atomic_load(&log.n), N);
  for (int i = 0; i < N; i++)
    EXPECT_EQ(atomic_load(&log.v[i]), i);
  for (int i = 0; i < N; i++) {
    EXPECT_OK(infinirtEventDestroy(e[i]));
    EXPECT_OK(infinirtStreamDestroy(s[i]));
  }
}

CONF_TEST(ordering, legacy_stream_waits_for_event) {
  pair p;
  if (pair_init(&p)) {
    EXPECT_OK(infinirtLaunchHostFunc(p.a, conf_gate_fn, &p.g));
    EXPECT_OK(infinirtEventRecord(p.e, p.a));
    EXPECT_OK(infinirtStreamWaitEvent(NULL, p.e, 0));
    EXPECT_OK(infinirtMemsetAsync(p.d, 4, 4096, NULL));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
    conf_gate_open(&p.g);
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT_EQ(read_byte(p.d), 4);
  }
  pair_free(&p);
}

CONF_TEST(ordering, wait_event_errors) {
  pair p;
  if (pair_init(&p)) {
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtStreamWaitEvent(p.b, p.e, 0x2));
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtStreamWaitEvent(p.b, p.e, 0x80000000u));
    EXPECT_OK(infinirtStreamWaitEvent(p.b, p.e, infinirtEventWaitExternal));
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtStreamWaitEvent(p.b, NULL, 0));
    int local = 0;
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtStreamWaitEvent(p.b, (infinirtEvent_t)&local, 0));
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtStreamWaitEvent(p.b, (infinirtEvent_t)p.a, 0));
    infinirtEvent_t dead;
    EXPECT_OK(infinirtEventCreate(&dead));
    EXPECT_OK(infinirtEventDestroy(dead));
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtStreamWaitEvent(p.b, dead, 0));
    EXPECT_OK(infinirtStreamQuery(p.b));
  }
  pair_free(&p);
}
