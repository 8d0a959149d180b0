/* stream_info.c - StreamGetFlags, StreamGetPriority, StreamGetDevice and
 * DeviceGetStreamPriorityRange (bad arguments: bad_calls.def). */
#include "harness.h"

CONF_TEST(stream, info_priority_range) {
  int least = 99, greatest = 99;
  ASSERT_OK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  /* CUDA's convention: 0 is the lowest priority, higher ones are smaller. */
  EXPECT_EQ(least, 0);
  EXPECT(greatest <= least);
  int only = 99;
  EXPECT_OK(infinirtDeviceGetStreamPriorityRange(NULL, &only));
  EXPECT_EQ(only, greatest);
  EXPECT_OK(infinirtDeviceGetStreamPriorityRange(&only, NULL));
  EXPECT_EQ(only, least);
  EXPECT_OK(infinirtDeviceGetStreamPriorityRange(NULL, NULL));
}

CONF_TEST(stream, info_flags_and_priority_as_created) {
  int least = 0, greatest = 0;
  ASSERT_OK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  const struct {
    unsigned flags;
    int asked, got;
  } cases[] = {
      {infinirtStreamDefault, 0, 0},
      {infinirtStreamNonBlocking, greatest, greatest},
      {infinirtStreamNonBlocking, greatest - 100, greatest}, /* clamped */
      {infinirtStreamDefault, least + 100, least},           /* clamped */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    infinirtStream_t s;
    ASSERT_OK(
        infinirtStreamCreateWithPriority(&s, cases[i].flags, cases[i].asked));
    unsigned flags = 99;
    int prio = 99, dev = -1, cur = -2;
    EXPECT_OK(infinirtStreamGetFlags(s, &flags));
    EXPECT_EQ(flags, cases[i].flags);
    EXPECT_OK(infinirtStreamGetPriority(s, &prio));
    EXPECT_EQ(prio, cases[i].got);
    EXPECT_OK(infinirtStreamGetDevice(s, &dev));
    EXPECT_OK(infinirtGetDevice(&cur));
    EXPECT_EQ(dev, cur);
    EXPECT_OK(infinirtStreamDestroy(s));
  }
}

CONF_TEST(stream, info_default_streams) {
  infinirtStream_t defaults[] = {NULL, infinirtStreamLegacy,
                                 infinirtStreamPerThread};
  int cur = -2;
  ASSERT_OK(infinirtGetDevice(&cur));
  for (int i = 0; i < 3; i++) {
    unsigned flags = 99;
    int prio = 99, dev = -1;
    EXPECT_OK(infinirtStreamGetFlags(defaults[i], &flags));
    EXPECT_EQ(flags, infinirtStreamDefault);
    EXPECT_OK(infinirtStreamGetPriority(defaults[i], &prio));
    EXPECT_EQ(prio, 0);
    EXPECT_OK(infinirtStreamGetDevice(defaults[i], &dev));
    EXPECT_EQ(dev, cur);
  }
}

CONF_TEST(stream, info_device_of_a_stream_made_elsewhere) {
  int n = 0;
  ASSERT_OK(infinirtGetDeviceCount(&n));
  if (n < 2)
    CONF_SKIP("needs 2 devices");
  infinirtStream_t s;
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtSetDevice(0));
  int dev = -1;
  EXPECT_OK(infinirtStreamGetDevice(s, &dev));
  EXPECT_EQ(dev, 1);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, info_ids_are_unique) {
  enum { N = 8 };
  infinirtStream_t s[N];
  unsigned long long id[N + 2];
  for (int i = 0; i < N; i++) {
    ASSERT_OK(infinirtStreamCreate(&s[i]));
    EXPECT_OK(infinirtStreamGetId(s[i], &id[i]));
  }
  EXPECT_OK(infinirtStreamGetId(NULL, &id[N]));
  EXPECT_OK(infinirtStreamGetId(infinirtStreamPerThread, &id[N + 1]));
  for (int i = 0; i < N + 2; i++)
    for (int j = i + 1; j < N + 2; j++)
      EXPECT(id[i] != id[j]);
  /* Stable for a stream's life; not given to a later stream. */
  unsigned long long again = 0, later = 0;
  EXPECT_OK(infinirtStreamGetId(s[0], &again));
  EXPECT_EQ(again, id[0]);
  EXPECT_OK(infinirtStreamDestroy(s[0]));
  ASSERT_OK(infinirtStreamCreate(&s[0]));
  EXPECT_OK(infinirtStreamGetId(s[0], &later));
  for (int i = 0; i < N; i++)
    EXPECT(later != id[i]);
  for (int i = 0; i < N; i++)
    EXPECT_OK(infinirtStreamDestroy(s[i]));
}

CONF_TEST(stream, info_event_record_with_flags) {
  infinirtStream_t s;
  infinirtEvent_t a, b;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&a));
  ASSERT_OK(infinirtEventCreate(&b));
  atomic_int n;
  atomic_init(&n, 0);
  EXPECT_OK(infinirtEventRecordWithFlags(a, s, infinirtEventRecordDefault));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &n));
  /* Outside capture, External records as an ordinary record. */
  EXPECT_OK(infinirtEventRecordWithFlags(b, s, infinirtEventRecordExternal));
  EXPECT_OK(infinirtEventSynchronize(b));
  EXPECT_EQ(atomic_load(&n), 1);
  float ms = -1;
  EXPECT_OK(infinirtEventElapsedTime(&ms, a, b));
  EXPECT(ms >= 0);
  EXPECT_OK(infinirtEventRecordWithFlags(a, NULL, 0));
  EXPECT_OK(infinirtEventSynchronize(a));
  EXPECT_OK(infinirtEventDestroy(a));
  EXPECT_OK(infinirtEventDestroy(b));
  EXPECT_OK(infinirtStreamDestroy(s));
}

typedef struct callback_seen {
  infinirtStream_t stream;
  infinirtError_t status;
  atomic_int calls;
  atomic_int order; /* the host function before it had run */
} callback_seen;

static void INFINIRTRT_CB on_callback(infinirtStream_t stream,
                                      infinirtError_t status, void *data) {
  callback_seen *c = data;
  c->stream = stream;
  c->status = status;
  atomic_fetch_add(&c->calls, 1);
}

static void before_callback(void *data) {
  callback_seen *c = data;
  atomic_store(&c->order, atomic_load(&c->calls) == 0);
}

CONF_TEST(stream, info_add_callback) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  callback_seen c = {.stream = NULL, .status = infinirtErrorUnknown};
  atomic_init(&c.calls, 0);
  atomic_init(&c.order, 0);
  EXPECT_OK(infinirtLaunchHostFunc(s, before_callback, &c));
  EXPECT_OK(infinirtStreamAddCallback(s, on_callback, &c, 0));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&c.calls), 1);
  EXPECT(atomic_load(&c.order));
  EXPECT_PTR_EQ((void *)c.stream, (void *)s);
  EXPECT_EQ(c.status, infinirtSuccess);
  /* On the legacy stream the callback gets the NULL it was given. */
  c.stream = s;
  EXPECT_OK(infinirtStreamAddCallback(NULL, on_callback, &c, 0));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&c.calls), 2);
  EXPECT_PTR_EQ((void *)c.stream, NULL);
  EXPECT_OK(infinirtStreamDestroy(s));
}
