/* destroy_pending.c - streams and events destroyed with work still pending.
 *
 * StreamDestroy does not wait: the stream's work still runs, in order, and
 * an event recorded on it still completes and can be waited. EventDestroy
 * with a record pending leaves waits already enqueued on it holding. Under
 * ASan, whatever the destroyed handles held must be freed (LeakSanitizer
 * runs at the test process's exit). Every stream here is held by a gate
 * that only this thread opens, after the destroy: a destroy that waited for
 * the work would wait until the gate gave up, and the test says so. */
#include <stdlib.h>
#include <string.h>

#include "sched_util.h"

enum { BYTES = 1 << 16 };

static void check_stream_destroyed_pending(unsigned flags) {
  infinirtStream_t s;
  infinirtEvent_t mid;
  unsigned char *a = NULL, *b = NULL;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, flags));
  ASSERT_OK(infinirtEventCreate(&mid));
  ASSERT_OK(infinirtMallocHost((void **)&a, BYTES));
  ASSERT_OK(infinirtMallocHost((void **)&b, BYTES));
  memset(a, 0, BYTES);
  memset(b, 0, BYTES);
  conf_log l;
  conf_log_init(&l);
  conf_log_entry e1 = {&l, 1}, e2 = {&l, 2}, e3 = {&l, 3};
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtMemsetAsync(a, 0x3c, BYTES, s));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_log_fn, &e1));
  EXPECT_OK(infinirtMemcpyAsync(b, a, BYTES, infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_log_fn, &e2));
  EXPECT_OK(infinirtEventRecord(mid, s));
  EXPECT_OK(infinirtMemsetAsync(a, 0x5a, BYTES, s)); /* behind the event */
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_log_fn, &e3));
  EXPECT_OK(infinirtStreamDestroy(s));
  if (atomic_load(&g.timed_out))
    conf_fail(__FILE__, __LINE__,
              "StreamDestroy (flags %u) returned only after the pending "
              "work's gate gave up: expected it to return at once",
              flags);
  EXPECT_EQ(atomic_load(&l.n), 0); /* nothing behind the gate ran yet */
  EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(mid));
  conf_gate_open(&g);
  EXPECT_OK(infinirtEventSynchronize(mid));
  EXPECT_OK(infinirtEventQuery(mid));
  size_t bad = conf_first_not(b, BYTES, 0x3c);
  if (bad != BYTES)
    conf_fail(__FILE__, __LINE__,
              "copy on the destroyed stream: byte %zu is 0x%02x, expected "
              "0x3c",
              bad, b[bad]);
  /* The work behind the event: the device's synchronize covers it. */
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&l.n), 3);
  EXPECT_EQ(atomic_load(&l.v[0]), 1);
  EXPECT_EQ(atomic_load(&l.v[1]), 2);
  EXPECT_EQ(atomic_load(&l.v[2]), 3);
  bad = conf_first_not(a, BYTES, 0x5a);
  if (bad != BYTES)
    conf_fail(__FILE__, __LINE__,
              "memset behind the event on the destroyed stream: byte %zu is "
              "0x%02x, expected 0x5a",
              bad, a[bad]);
  EXPECT_OK(infinirtEventDestroy(mid));
  EXPECT_OK(infinirtFreeHost(a));
  EXPECT_OK(infinirtFreeHost(b));
}

CONF_TEST(destroy_pending, blocking_stream) {
  check_stream_destroyed_pending(infinirtStreamDefault);
}

CONF_TEST(destroy_pending, nonblocking_stream) {
  check_stream_destroyed_pending(infinirtStreamNonBlocking);
}

/* Many streams, all held by one event of a gated stream, destroyed; their
 * work and the events recorded on them complete once the gate opens. */
CONF_TEST(destroy_pending, many_streams) {
  int n = sched_scale("streams destroyed pending", "INFINIRT_TEST_STREAMS", 512,
                      256, 128);
  infinirtStream_t gs;
  infinirtEvent_t held;
  infinirtEvent_t *ev = calloc((size_t)n, sizeof *ev);
  unsigned char *buf = NULL;
  ASSERT(ev != NULL);
  ASSERT_OK(infinirtMallocHost((void **)&buf, (size_t)n));
  memset(buf, 0, (size_t)n);
  ASSERT_OK(infinirtStreamCreateWithFlags(&gs, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&held, infinirtEventDisableTiming));
  atomic_int ran;
  atomic_init(&ran, 0);
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(gs, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(held, gs));
  for (int i = 0; i < n; i++) {
    infinirtStream_t s;
    ASSERT_OK(infinirtStreamCreateWithFlags(
        &s, i % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault));
    ASSERT_OK(infinirtEventCreateWithFlags(&ev[i], infinirtEventDisableTiming));
    EXPECT_OK(infinirtStreamWaitEvent(s, held, 0));
    EXPECT_OK(infinirtMemsetAsync(buf + i, 1 + i % 200, 1, s));
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &ran));
    EXPECT_OK(infinirtEventRecord(ev[i], s));
    EXPECT_OK(infinirtStreamDestroy(s));
  }
  if (atomic_load(&g.timed_out))
    conf_fail(__FILE__, __LINE__,
              "destroying %d held streams took until the gate gave up: "
              "expected each StreamDestroy to return at once",
              n);
  EXPECT_EQ(atomic_load(&ran), 0);
  conf_gate_open(&g);
  for (int i = 0; i < n; i++) {
    EXPECT_OK(infinirtEventSynchronize(ev[i]));
    EXPECT_OK(infinirtEventDestroy(ev[i]));
  }
  EXPECT_EQ(atomic_load(&ran), n);
  for (int i = 0; i < n; i++)
    if (buf[i] != 1 + i % 200) {
      conf_fail(__FILE__, __LINE__,
                "destroyed stream %d wrote %d, expected %d (its event had "
                "completed)",
                i, buf[i], 1 + i % 200);
      break;
    }
  EXPECT_OK(infinirtEventDestroy(held));
  EXPECT_OK(infinirtStreamDestroy(gs));
  EXPECT_OK(infinirtFreeHost(buf));
  free(ev);
}

/* Events destroyed while their record is pending: a wait enqueued before
 * the destroy still holds, and a record nobody waits for is simply gone. */
CONF_TEST(destroy_pending, events_with_pending_records) {
  infinirtStream_t s, t;
  infinirtEvent_t waited, unwaited;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&t, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&waited, infinirtEventDisableTiming));
  ASSERT_OK(infinirtEventCreate(&unwaited));
  conf_log l;
  conf_log_init(&l);
  conf_log_entry e1 = {&l, 1}, e2 = {&l, 2};
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_log_fn, &e1));
  EXPECT_OK(infinirtEventRecord(waited, s));
  EXPECT_OK(infinirtEventRecord(unwaited, s));
  EXPECT_OK(infinirtStreamWaitEvent(t, waited, 0));
  EXPECT_OK(infinirtLaunchHostFunc(t, conf_log_fn, &e2));
  EXPECT_OK(infinirtEventDestroy(waited));
  EXPECT_OK(infinirtEventDestroy(unwaited));
  if (atomic_load(&g.timed_out))
    conf_fail(__FILE__, __LINE__,
              "EventDestroy waited for the pending record: expected it to "
              "return at once");
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(t));
  EXPECT_EQ(atomic_load(&l.n), 0);
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(t));
  EXPECT_OK(infinirtStreamSynchronize(s));
  if (atomic_load(&l.n) != 2 || atomic_load(&l.v[0]) != 1 ||
      atomic_load(&l.v[1]) != 2)
    conf_fail(__FILE__, __LINE__,
              "wait on a destroyed event: order n=%d [%d %d], expected n=2 "
              "[1 2]",
              atomic_load(&l.n), atomic_load(&l.v[0]), atomic_load(&l.v[1]));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtStreamDestroy(t));
}

/* A stream destroyed while it waits on another held stream's event, with
 * stream-ordered allocations in its pending work: it all runs once the
 * other stream goes on, and the memory goes back (LeakSanitizer). */
CONF_TEST(destroy_pending, waiting_stream_with_pool_work) {
  enum { N = 1 << 20 };
  infinirtStream_t s1, s2;
  infinirtEvent_t e, done;
  unsigned char *out = NULL;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventDisableTiming));
  ASSERT_OK(infinirtEventCreateWithFlags(&done, infinirtEventDisableTiming));
  ASSERT_OK(infinirtMallocHost((void **)&out, N));
  memset(out, 0, N);
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s1, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(e, s1));
  EXPECT_OK(infinirtStreamWaitEvent(s2, e, 0));
  void *p = NULL, *q = NULL;
  EXPECT_OK(infinirtMallocAsync(&p, N, s2));
  EXPECT_OK(infinirtMemsetAsync(p, 0x6b, N, s2));
  EXPECT_OK(infinirtMallocAsync(&q, N, s2));
  EXPECT_OK(infinirtMemcpyAsync(q, p, N, infinirtMemcpyDefault, s2));
  EXPECT_OK(infinirtFreeAsync(p, s2));
  EXPECT_OK(infinirtMemcpyAsync(out, q, N, infinirtMemcpyDefault, s2));
  EXPECT_OK(infinirtFreeAsync(q, s2));
  EXPECT_OK(infinirtEventRecord(done, s2));
  void *r = NULL; /* one more block, freed behind the event */
  EXPECT_OK(infinirtMallocAsync(&r, N, s2));
  EXPECT_OK(infinirtFreeAsync(r, s2));
  EXPECT_OK(infinirtStreamDestroy(s2));
  EXPECT_OK(infinirtStreamDestroy(s1));
  if (atomic_load(&g.timed_out))
    conf_fail(__FILE__, __LINE__,
              "StreamDestroy of a waiting stream returned only after the "
              "gate gave up: expected it to return at once");
  EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(done));
  conf_gate_open(&g);
  EXPECT_OK(infinirtEventSynchronize(done));
  size_t bad = conf_first_not(out, N, 0x6b);
  if (bad != N)
    conf_fail(__FILE__, __LINE__,
              "data through stream-ordered blocks of a destroyed stream: "
              "byte %zu is 0x%02x, expected 0x6b",
              bad, out[bad]);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtEventDestroy(done));
  EXPECT_OK(infinirtFreeHost(out));
}
