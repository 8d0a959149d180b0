/* host_fn_calls.c - calls made from inside a host function (group stream).
 *
 * A host function that waits for stream work could be waiting for itself
 * (FreeHost and HostUnregister once waited for every stream, the one running
 * the host function included). infinirt.h says what happens instead: the
 * calls that wait or enqueue answer NotPermitted and change nothing. */
#include <stdint.h>
#include <string.h>

#include "harness.h"

enum {
  C_FREE_HOST,
  C_HOST_UNREGISTER,
  C_FREE,
  C_STREAM_SYNC_OWN,
  C_STREAM_SYNC_LEGACY,
  C_DEVICE_SYNC,
  C_DEVICE_RESET,
  C_EVENT_SYNC,
  C_EVENT_RECORD,
  C_MEMCPY,
  C_MEMCPY2D,
  C_MEMSET,
  C_MEMCPY_ASYNC,
  C_MEMCPY2D_ASYNC,
  C_MEMSET_ASYNC,
  C_MALLOC_ASYNC,
  C_FREE_ASYNC,
  C_WAIT_EVENT,
  C_LAUNCH_HOST_FUNC,
  C_ADD_CALLBACK,
  C_EVENT_RECORD_FLAGS,
  C_STREAM_DESTROY,
  C_STREAM_QUERY, /* the driver refuses queries too: so does every backend */
  C_EVENT_QUERY,
  C_REFUSED, /* the calls above must be refused */
  C_COUNT = C_REFUSED
};

static const char *const call_name[C_COUNT] = {
    "FreeHost",       "HostUnregister",    "Free",
    "StreamSync own", "StreamSync NULL",   "DeviceSynchronize",
    "DeviceReset",    "EventSynchronize",  "EventRecord",
    "Memcpy",         "Memcpy2D",          "Memset",
    "MemcpyAsync",    "Memcpy2DAsync",     "MemsetAsync",
    "MallocAsync",    "FreeAsync",         "StreamWaitEvent",
    "LaunchHostFunc", "StreamAddCallback", "EventRecordWithFlags",
    "StreamDestroy",  "StreamQuery",       "EventQuery"};

typedef struct calls {
  infinirtStream_t s;
  infinirtEvent_t later; /* recorded after the host function */
  void *pinned, *dev, *pool;
  char registered[256];
  char host[64];
  void *got_pool;
  atomic_int recorded, done;
  infinirtError_t rc[C_COUNT];
} calls;

static void never_runs(void *p) {
  (void)p;
}

static void never_called(infinirtStream_t s, infinirtError_t e, void *p) {
  (void)s, (void)e, (void)p;
}

static void make_calls(void *arg) {
  calls *c = arg;
  infinirtError_t *rc = c->rc;
  char tmp[64];
  for (int i = 0; i < 10000 && !atomic_load(&c->recorded); i++)
    conf_sleep_ms(1);
  rc[C_FREE_HOST] = infinirtFreeHost(c->pinned);
  rc[C_HOST_UNREGISTER] = infinirtHostUnregister(c->registered);
  rc[C_FREE] = infinirtFree(c->dev);
  rc[C_STREAM_SYNC_OWN] = infinirtStreamSynchronize(c->s);
  rc[C_STREAM_SYNC_LEGACY] = infinirtStreamSynchronize(NULL);
  rc[C_DEVICE_SYNC] = infinirtDeviceSynchronize();
  rc[C_DEVICE_RESET] = infinirtDeviceReset();
  rc[C_EVENT_SYNC] = infinirtEventSynchronize(c->later);
  rc[C_EVENT_RECORD] = infinirtEventRecord(c->later, c->s);
  rc[C_MEMCPY] = infinirtMemcpy(tmp, c->host, 64, infinirtMemcpyHostToHost);
  rc[C_MEMCPY2D] =
      infinirtMemcpy2D(tmp, 8, c->host, 8, 8, 8, infinirtMemcpyHostToHost);
  rc[C_MEMSET] = infinirtMemset(c->dev, 1, 64);
  rc[C_MEMCPY_ASYNC] =
      infinirtMemcpyAsync(c->dev, c->host, 64, infinirtMemcpyDefault, c->s);
  rc[C_MEMCPY2D_ASYNC] = infinirtMemcpy2DAsync(c->dev, 8, c->host, 8, 8, 8,
                                               infinirtMemcpyDefault, c->s);
  rc[C_MEMSET_ASYNC] = infinirtMemsetAsync(c->dev, 2, 64, c->s);
  c->got_pool = NULL;
  rc[C_MALLOC_ASYNC] = infinirtMallocAsync(&c->got_pool, 64, c->s);
  rc[C_FREE_ASYNC] = infinirtFreeAsync(c->pool, c->s);
  rc[C_WAIT_EVENT] = infinirtStreamWaitEvent(c->s, c->later, 0);
  rc[C_LAUNCH_HOST_FUNC] = infinirtLaunchHostFunc(c->s, never_runs, NULL);
  rc[C_ADD_CALLBACK] = infinirtStreamAddCallback(c->s, never_called, NULL, 0);
  rc[C_EVENT_RECORD_FLAGS] = infinirtEventRecordWithFlags(c->later, c->s, 0);
  rc[C_STREAM_DESTROY] = infinirtStreamDestroy(c->s);
  /* Queries do not wait: allowed (this host function is still pending). */
  rc[C_STREAM_QUERY] = infinirtStreamQuery(c->s);
  rc[C_EVENT_QUERY] = infinirtEventQuery(c->later);
  atomic_store(&c->done, 1);
}

CONF_TEST(stream, host_fn_calls_that_wait_are_refused) {
  static calls c;
  memset(&c, 0, sizeof c);
  atomic_init(&c.recorded, 0);
  atomic_init(&c.done, 0);
  memset(c.host, 7, sizeof c.host);
  ASSERT_OK(infinirtStreamCreate(&c.s));
  ASSERT_OK(infinirtEventCreate(&c.later));
  ASSERT_OK(infinirtMallocHost(&c.pinned, 64));
  ASSERT_OK(infinirtHostRegister(c.registered, sizeof c.registered, 0));
  ASSERT_OK(infinirtMalloc(&c.dev, 64));
  ASSERT_OK(infinirtMallocAsync(&c.pool, 64, c.s));
  ASSERT_OK(infinirtMemsetAsync(c.dev, 0, 64, c.s));
  ASSERT_OK(infinirtLaunchHostFunc(c.s, make_calls, &c));
  EXPECT_OK(infinirtEventRecord(c.later, c.s));
  atomic_store(&c.recorded, 1);
  /* Bounded: a backend that deadlocks fails here instead of hanging. */
  for (int i = 0; i < 20000 && !atomic_load(&c.done); i++)
    conf_sleep_ms(1);
  if (!EXPECT(atomic_load(&c.done)))
    return; /* the stream is stuck: leave its objects alone */
  ASSERT_OK(infinirtStreamSynchronize(c.s));
  for (int i = 0; i < C_REFUSED; i++)
    if (c.rc[i] != infinirtErrorNotPermitted)
      conf_fail(__FILE__, __LINE__, "%s from a host function returned %s",
                call_name[i], infinirtGetErrorName(c.rc[i]));
  EXPECT_PTR_EQ(c.got_pool, NULL);
  /* Nothing changed: every object is still live and the stream's earlier
   * work and order stand. */
  unsigned char back[64];
  ASSERT_OK(infinirtMemcpy(back, c.dev, 64, infinirtMemcpyDefault));
  EXPECT_EQ(conf_first_not(back, 64, 0), 64);
  EXPECT_OK(infinirtEventSynchronize(c.later));
  EXPECT_OK(infinirtFreeAsync(c.pool, c.s));
  EXPECT_OK(infinirtStreamDestroy(c.s));
  EXPECT_OK(infinirtEventDestroy(c.later));
  EXPECT_OK(infinirtFree(c.dev));
  EXPECT_OK(infinirtHostUnregister(c.registered));
  EXPECT_OK(infinirtFreeHost(c.pinned));
}

/* After a host function, the thread that ran it is an ordinary runtime
 * thread again: a later host function on the same stream sees the same
 * rules, and the application's calls are unaffected. */
static void sync_legacy(void *rc) {
  *(infinirtError_t *)rc = infinirtDeviceSynchronize();
}

CONF_TEST(stream, host_fn_refusal_is_per_call) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  infinirtError_t rc[2] = {infinirtSuccess, infinirtSuccess};
  EXPECT_OK(infinirtLaunchHostFunc(s, sync_legacy, &rc[0]));
  EXPECT_OK(infinirtLaunchHostFunc(s, sync_legacy, &rc[1]));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(rc[0], infinirtErrorNotPermitted);
  EXPECT_EQ(rc[1], infinirtErrorNotPermitted);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_OK(infinirtStreamDestroy(s));
}
