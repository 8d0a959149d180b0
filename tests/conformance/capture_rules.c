/* capture_rules.c - what a capture refuses: synchronizing or querying the
 * capturing stream (the capture is invalidated), DeviceSynchronize, events
 * recorded in the capture, legacy-stream work while a blocking stream
 * captures, synchronous copies and allocations under the capture modes
 * (from the capturing thread and from others), EndCapture from another
 * thread, BeginCapture on the legacy stream or twice, EndCapture without
 * a capture.
 *
 * CUDA documents the code of some of these cases only loosely; where it
 * is silent the assertions follow what CUDA 13 answers on an H200. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "graph_util.h"

enum { N = 4096 };

static const enum infinirtStreamCaptureMode modes[] = {
    infinirtStreamCaptureModeGlobal, infinirtStreamCaptureModeThreadLocal,
    infinirtStreamCaptureModeRelaxed};

static enum infinirtStreamCaptureStatus status(infinirtStream_t s) {
  enum infinirtStreamCaptureStatus st = (enum infinirtStreamCaptureStatus) - 1;
  EXPECT_OK(infinirtStreamIsCapturing(s, &st));
  return st;
}

/* Ends an invalidated capture: StreamCaptureInvalidated and no graph. */
static void end_invalidated(infinirtStream_t s) {
  infinirtGraph_t g = (infinirtGraph_t)&g;
  EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
             infinirtStreamEndCapture(s, &g));
  EXPECT_PTR_EQ(g, NULL);
  if (g && g != (infinirtGraph_t)&g)
    infinirtGraphDestroy(g);
  EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
}

/* Ends a capture that must still be valid; destroys its graph. */
static void end_valid(infinirtStream_t s) {
  infinirtGraph_t g = NULL;
  if (EXPECT_OK(infinirtStreamEndCapture(s, &g)) && EXPECT(g != NULL))
    EXPECT_OK(infinirtGraphDestroy(g));
  EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
}

/* Runs fn(arg) on a new thread of the backend under test and waits. */
typedef struct thread_call {
  void (*fn)(void *);
  void *arg;
} thread_call;

static void *thread_main(void *p) {
  thread_call *c = p;
  if (conf_thread_enter(0))
    c->fn(c->arg);
  return NULL;
}

static void on_thread(void (*fn)(void *), void *arg) {
  thread_call c = {fn, arg};
  pthread_t t;
  if (!EXPECT(pthread_create(&t, NULL, thread_main, &c) == 0))
    return;
  pthread_join(t, NULL);
}

/* Synchronizing or querying the capturing stream is refused in every mode
 * and invalidates the capture. */
CONF_TEST(capture, stream_synchronize_and_query_invalidate) {
  unsigned char *d = NULL;
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  for (int m = 0; m < 3; m++) {
    for (int query = 0; query < 2; query++) {
      if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
        goto out;
      EXPECT_OK(infinirtMemsetAsync(d, 1, N, s));
      if (query)
        EXPECT_ERR(infinirtErrorStreamCaptureUnsupported,
                   infinirtStreamQuery(s));
      else
        EXPECT_ERR(infinirtErrorStreamCaptureUnsupported,
                   infinirtStreamSynchronize(s));
      EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
      /* captured calls after that are refused too */
      EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
                 infinirtMemsetAsync(d, 2, N, s));
      end_invalidated(s);
    }
  }
  /* The stream works again. */
  EXPECT_OK(infinirtMemsetAsync(d, 3, N, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

CONF_TEST(capture, device_synchronize_during_capture) {
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    return;
  for (int m = 0; m < 3; m++) {
    if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
      break;
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)0));
    EXPECT_ERR(infinirtErrorStreamCaptureUnsupported,
               infinirtDeviceSynchronize());
    /* It would wait for the capture: the capture is invalidated. */
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
    end_invalidated(s);
  }
  EXPECT_OK(infinirtStreamDestroy(s));
}

/* An event last recorded in a capture cannot be queried or waited for:
 * CapturedEvent, and the capture is invalidated (as the H200 answers). An
 * event recorded outside the capture: refused with StreamCaptureUnsupported
 * (invalidating) in Global and ThreadLocal captures, allowed in Relaxed. */
CONF_TEST(capture, event_recorded_in_capture_is_captured) {
  infinirtStream_t s = NULL;
  infinirtEvent_t e = NULL;
  if (!EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&e)))
    goto out;
  for (int m = 0; m < 3; m++) {
    for (int sync = 0; sync < 2; sync++) {
      if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
        goto out;
      EXPECT_OK(infinirtEventRecord(e, s));
      EXPECT_ERR(infinirtErrorCapturedEvent,
                 sync ? infinirtEventSynchronize(e) : infinirtEventQuery(e));
      EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
      end_invalidated(s);
    }
    /* Recorded outside a capture again, it is an ordinary event. */
    EXPECT_OK(infinirtEventRecord(e, s));
    EXPECT_OK(infinirtEventSynchronize(e));
    EXPECT_OK(infinirtEventQuery(e));
    /* Querying it while the stream captures. */
    bool relaxed = modes[m] == infinirtStreamCaptureModeRelaxed;
    for (int sync = 0; sync < 2; sync++) {
      if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
        goto out;
      EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)0));
      EXPECT_ERR(relaxed ? infinirtSuccess
                         : infinirtErrorStreamCaptureUnsupported,
                 sync ? infinirtEventSynchronize(e) : infinirtEventQuery(e));
      if (relaxed) {
        end_valid(s);
      } else {
        EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
        end_invalidated(s);
      }
    }
  }
out:
  if (e)
    EXPECT_OK(infinirtEventDestroy(e));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
}

/* While a blocking stream captures, the legacy stream's work would depend
 * on it: refused with StreamCaptureImplicit, which invalidates the
 * capture; nothing runs. */
CONF_TEST(capture, legacy_stream_work_while_a_blocking_stream_captures) {
  unsigned char *d = NULL, h[64];
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtStreamCreate(&s)))
    goto out;
  /* 0: MemsetAsync on the legacy stream; 1: Memset; 2: Memcpy */
  unsigned char out[sizeof h];
  for (int m = 0; m < 3; m++) {
    for (int call = 0; call < 3; call++) {
      memset(out, 0x77, sizeof out);
      if (!EXPECT_OK(infinirtMemset(d, 0, sizeof h)) ||
          !EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
        goto out;
      EXPECT_OK(infinirtMemsetAsync(d, 1, sizeof h, s));
      if (call == 0) {
        enum infinirtStreamCaptureStatus st;
        EXPECT_ERR(infinirtErrorStreamCaptureImplicit,
                   infinirtStreamIsCapturing(NULL, &st));
        /* only asking: the capture goes on (as the H200 answers) */
        EXPECT_EQ(status(s), infinirtStreamCaptureStatusActive);
        EXPECT_ERR(infinirtErrorStreamCaptureImplicit,
                   infinirtMemsetAsync(d, 0xff, sizeof h, NULL));
      } else if (call == 1) {
        EXPECT_ERR(infinirtErrorStreamCaptureImplicit,
                   infinirtMemset(d, 0xff, sizeof h));
      } else {
        EXPECT_ERR(
            infinirtErrorStreamCaptureImplicit,
            infinirtMemcpy(out, d, sizeof h, infinirtMemcpyDeviceToHost));
        EXPECT_EQ(conf_first_not(out, sizeof out, 0x77), sizeof out);
      }
      EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
      end_invalidated(s);
      if (gt_read(h, d, sizeof h))
        EXPECT_EQ(conf_first_not(h, sizeof h, 0), sizeof h);
    }
  }
  /* A non-blocking stream's capture leaves the legacy stream alone. */
  infinirtStream_t nb = NULL;
  if (EXPECT_OK(
          infinirtStreamCreateWithFlags(&nb, infinirtStreamNonBlocking))) {
    if (EXPECT_OK(
            infinirtStreamBeginCapture(nb, infinirtStreamCaptureModeRelaxed))) {
      EXPECT_OK(infinirtMemsetAsync(d, 2, sizeof h, nb));
      EXPECT_OK(infinirtMemsetAsync(d, 3, sizeof h, NULL));
      EXPECT_OK(infinirtStreamSynchronize(NULL));
      end_valid(nb);
      if (gt_read(h, d, sizeof h))
        EXPECT_EQ(conf_first_not(h, sizeof h, 3), sizeof h);
    }
    EXPECT_OK(infinirtStreamDestroy(nb));
  }
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* Allocations are "potentially unsafe": refused in the capturing thread in
 * Global and ThreadLocal captures (the refusal invalidates the capture) and
 * allowed in Relaxed ones. Synchronous copies and sets are allowed in every
 * mode and run at once (as the H200 answers): the capturing stream is
 * non-blocking, so the legacy stream has no implicit dependency on it. */
enum unsafe_call { UNSAFE_MEMCPY, UNSAFE_MEMSET, UNSAFE_MALLOC };

static infinirtError_t unsafe_call(enum unsafe_call c, void *d, void *h) {
  void *p = (void *)&p;
  infinirtError_t e;
  switch (c) {
  case UNSAFE_MEMCPY:
    return infinirtMemcpy(h, d, N, infinirtMemcpyDeviceToHost);
  case UNSAFE_MEMSET:
    return infinirtMemset(d, 0x42, N);
  case UNSAFE_MALLOC:
    e = infinirtMalloc(&p, 256);
    if (e == infinirtSuccess)
      EXPECT_OK(infinirtFree(p));
    else
      EXPECT_PTR_EQ(p, &p);
    return e;
  }
  return infinirtErrorUnknown;
}

CONF_TEST(capture, unsafe_calls_in_the_capturing_thread) {
  unsigned char *d = NULL, *h = NULL;
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtMemset(d, 0x42, N)) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  for (int m = 0; m < 3; m++) {
    bool relaxed = modes[m] == infinirtStreamCaptureModeRelaxed;
    for (int c = UNSAFE_MEMCPY; c <= UNSAFE_MALLOC; c++) {
      memset(h, 0, N);
      if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
        goto out;
      EXPECT_OK(infinirtMemsetAsync(d, 1, N, s));
      infinirtError_t got = unsafe_call((enum unsafe_call)c, d, h);
      if (relaxed || c != UNSAFE_MALLOC) {
        if (!EXPECT_EQ(got, infinirtSuccess))
          conf_fail(__FILE__, __LINE__, "call %d in capture mode %d", c, m);
        if (c == UNSAFE_MEMCPY) /* the copy happened: d still holds 0x42 */
          EXPECT_EQ(conf_first_not(h, N, 0x42), N);
        EXPECT_EQ(status(s), infinirtStreamCaptureStatusActive);
        end_valid(s);
        continue;
      }
      if (!EXPECT_EQ(got, infinirtErrorStreamCaptureUnsupported))
        conf_fail(__FILE__, __LINE__, "Malloc in capture mode %d", m);
      EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
      end_invalidated(s);
    }
  }
  /* A thread whose own mode is Relaxed may make them during its own
   * Global capture. */
  if (EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal))) {
    enum infinirtStreamCaptureMode m = infinirtStreamCaptureModeRelaxed;
    EXPECT_OK(infinirtThreadExchangeStreamCaptureMode(&m));
    void *p = NULL;
    if (EXPECT_OK(infinirtMalloc(&p, 256)))
      EXPECT_OK(infinirtFree(p));
    EXPECT_OK(infinirtThreadExchangeStreamCaptureMode(&m));
    EXPECT_EQ(m, infinirtStreamCaptureModeRelaxed);
    end_valid(s);
  }
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

typedef struct other_malloc {
  enum infinirtStreamCaptureMode thread_mode;
  infinirtError_t result;
} other_malloc;

static void other_malloc_fn(void *arg) {
  other_malloc *o = arg;
  enum infinirtStreamCaptureMode m = o->thread_mode;
  if (infinirtThreadExchangeStreamCaptureMode(&m) != infinirtSuccess) {
    o->result = infinirtErrorUnknown;
    return;
  }
  void *p = NULL;
  o->result = infinirtMalloc(&p, 256);
  if (o->result == infinirtSuccess)
    infinirtFree(p);
  infinirtThreadExchangeStreamCaptureMode(&m);
}

/* Another thread's Malloc during this thread's capture: refused only when
 * the capture is Global and that thread's mode is Global. */
CONF_TEST(capture, malloc_from_another_thread_by_mode) {
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    return;
  for (int m = 0; m < 3; m++) {
    for (int t = 0; t < 3; t++) {
      if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
        goto out;
      EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)0));
      other_malloc o = {modes[t], infinirtErrorUnknown};
      on_thread(other_malloc_fn, &o);
      bool refused = modes[m] == infinirtStreamCaptureModeGlobal &&
                     modes[t] == infinirtStreamCaptureModeGlobal;
      if (!EXPECT_EQ(o.result, refused ? infinirtErrorStreamCaptureUnsupported
                                       : infinirtSuccess))
        conf_fail(__FILE__, __LINE__, "capture mode %d, thread mode %d", m, t);
      /* A refusal invalidates the capture that caused it. */
      if (refused)
        end_invalidated(s);
      else
        end_valid(s);
    }
  }
out:
  EXPECT_OK(infinirtStreamDestroy(s));
}

typedef struct other_end {
  infinirtStream_t s;
  infinirtGraph_t g;
  infinirtError_t result;
} other_end;

static void other_end_fn(void *arg) {
  other_end *o = arg;
  o->result = infinirtStreamEndCapture(o->s, &o->g);
}

/* EndCapture from another thread: StreamCaptureWrongThread for Global and
 * ThreadLocal captures, and the capture is ended without a graph (as the
 * H200 answers); the graph for Relaxed. */
CONF_TEST(capture, end_capture_from_another_thread) {
  infinirtStream_t s = NULL;
  if (!EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    return;
  for (int m = 0; m < 3; m++) {
    if (!EXPECT_OK(infinirtStreamBeginCapture(s, modes[m])))
      break;
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)0));
    other_end o = {s, (infinirtGraph_t)&o, infinirtErrorUnknown};
    on_thread(other_end_fn, &o);
    if (modes[m] == infinirtStreamCaptureModeRelaxed) {
      EXPECT_EQ(o.result, infinirtSuccess);
      EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
      if (EXPECT(o.g != NULL && o.g != (infinirtGraph_t)&o)) {
        EXPECT_EQ(gt_node_count(o.g), 1);
        EXPECT_OK(infinirtGraphDestroy(o.g));
      }
    } else {
      EXPECT_EQ(o.result, infinirtErrorStreamCaptureWrongThread);
      EXPECT_PTR_EQ(o.g, NULL);
      if (o.g && o.g != (infinirtGraph_t)&o)
        infinirtGraphDestroy(o.g);
      EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
      infinirtGraph_t g = (infinirtGraph_t)&g;
      EXPECT_ERR(infinirtErrorIllegalState, infinirtStreamEndCapture(s, &g));
    }
  }
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(capture, begin_and_end_out_of_place) {
  infinirtStream_t s = NULL, s2 = NULL;
  infinirtEvent_t e = NULL;
  if (!EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&e)))
    goto out;
  /* the legacy stream cannot capture */
  EXPECT_ERR(infinirtErrorStreamCaptureUnsupported,
             infinirtStreamBeginCapture(NULL, infinirtStreamCaptureModeGlobal));
  EXPECT_ERR(infinirtErrorStreamCaptureUnsupported,
             infinirtStreamBeginCapture(infinirtStreamLegacy,
                                        infinirtStreamCaptureModeRelaxed));
  /* EndCapture without a capture: IllegalState (as the H200 answers) */
  infinirtGraph_t g = (infinirtGraph_t)&g;
  EXPECT_ERR(infinirtErrorIllegalState, infinirtStreamEndCapture(s, &g));
  /* an unknown mode */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtStreamBeginCapture(s, (enum infinirtStreamCaptureMode)7));
  EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
  /* BeginCapture twice: refused, the first capture goes on */
  if (!EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal)))
    goto out;
  EXPECT_ERR(infinirtErrorIllegalState,
             infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal));
  EXPECT_EQ(status(s), infinirtStreamCaptureStatusActive);
  /* EndCapture on a stream that joined the capture but did not begin it:
   * Unmatched, and the whole capture is invalidated (as the H200 answers) */
  EXPECT_OK(infinirtEventRecord(e, s));
  EXPECT_OK(infinirtStreamWaitEvent(s2, e, 0));
  g = (infinirtGraph_t)&g;
  EXPECT_ERR(infinirtErrorStreamCaptureUnmatched,
             infinirtStreamEndCapture(s2, &g));
  EXPECT_EQ(status(s), infinirtStreamCaptureStatusInvalidated);
  EXPECT_EQ(status(s2), infinirtStreamCaptureStatusInvalidated);
  EXPECT_ERR(infinirtErrorStreamCaptureInvalidated, infinirtEventRecord(e, s2));
  EXPECT_ERR(infinirtErrorStreamCaptureInvalidated,
             infinirtStreamWaitEvent(s, e, 0));
  end_invalidated(s);
  EXPECT_EQ(status(s2), infinirtStreamCaptureStatusNone);
  /* EndCapture(s, NULL) ends the capture and returns no graph */
  if (EXPECT_OK(
          infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal))) {
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)0));
    EXPECT_OK(infinirtStreamEndCapture(s, NULL));
    EXPECT_EQ(status(s), infinirtStreamCaptureStatusNone);
  }
out:
  if (e)
    EXPECT_OK(infinirtEventDestroy(e));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (s2)
    EXPECT_OK(infinirtStreamDestroy(s2));
}
