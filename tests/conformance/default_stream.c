/* default_stream.c - the legacy default stream's rules: it waits for all
 * blocking streams and they wait for it; non-blocking streams do neither;
 * infinirtStreamLegacy is the same stream as NULL. Synchronous Memcpy is
 * ordered after the legacy stream (that later legacy work waits for it is
 * seen only on the CPU: tests/backends/cpu/default_stream.c).
 *
 * Pending work is detected with events (EventQuery never synchronizes), and
 * gates are given HOLD_MS to be wrongly passed before the test looks. */
#include <string.h>

#include "harness.h"

#define HOLD_MS 20

typedef struct fixture {
  infinirtStream_t blocking, blocking2, nonblocking;
  infinirtEvent_t ev;
  void *d;
  unsigned char *pinned; /* copies into it never stage through the driver */
  conf_gate g;
} fixture;

static bool fx_init(fixture *f) {
  memset(f, 0, sizeof *f);
  conf_gate_init(&f->g);
  return EXPECT_OK(infinirtStreamCreate(&f->blocking)) &&
         EXPECT_OK(infinirtStreamCreateWithFlags(&f->blocking2,
                                                 infinirtStreamDefault)) &&
         EXPECT_OK(infinirtStreamCreateWithFlags(&f->nonblocking,
                                                 infinirtStreamNonBlocking)) &&
         EXPECT_OK(infinirtEventCreateWithFlags(&f->ev,
                                                infinirtEventDisableTiming)) &&
         EXPECT_OK(infinirtMalloc(&f->d, 4096)) &&
         EXPECT_OK(infinirtMallocHost((void **)&f->pinned, 64)) &&
         EXPECT_OK(infinirtMemset(f->d, 0, 4096));
}

static void fx_free(fixture *f) {
  conf_gate_open(&f->g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&f->g.timed_out));
  if (f->blocking)
    EXPECT_OK(infinirtStreamDestroy(f->blocking));
  if (f->blocking2)
    EXPECT_OK(infinirtStreamDestroy(f->blocking2));
  if (f->nonblocking)
    EXPECT_OK(infinirtStreamDestroy(f->nonblocking));
  if (f->ev)
    EXPECT_OK(infinirtEventDestroy(f->ev));
  if (f->d)
    EXPECT_OK(infinirtFree(f->d));
  if (f->pinned)
    EXPECT_OK(infinirtFreeHost(f->pinned));
}

/* Reads the first byte of |f->d| in |s|'s order. */
static int read_on(fixture *f, infinirtStream_t s) {
  f->pinned[0] = 0xcc;
  if (!EXPECT_OK(infinirtMemcpyAsync(f->pinned, f->d, 1,
                                     infinirtMemcpyDeviceToHost, s)) ||
      !EXPECT_OK(infinirtStreamSynchronize(s)))
    return -1;
  return f->pinned[0];
}

static bool gate_still_shut(conf_gate *g) {
  return EXPECT(!atomic_load(&g->open)) && EXPECT(!atomic_load(&g->timed_out));
}

CONF_TEST(default_stream, legacy_equals_null) {
  EXPECT_PTR_EQ(infinirtStreamLegacy, (infinirtStream_t)0x1);
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtStreamQuery(infinirtStreamLegacy));
    EXPECT_OK(infinirtLaunchHostFunc(infinirtStreamLegacy, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 5, 4096, NULL));
    EXPECT_OK(infinirtEventRecord(f.ev, NULL));
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
    EXPECT_ERR(infinirtErrorNotReady,
               infinirtStreamQuery(infinirtStreamLegacy));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(infinirtStreamLegacy));
    EXPECT_OK(infinirtEventQuery(f.ev));
    EXPECT_EQ(read_on(&f, NULL), 5);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, legacy_waits_for_blocking_streams) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 1, 4096, NULL));
    EXPECT_OK(infinirtEventRecord(f.ev, NULL));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT_EQ(read_on(&f, NULL), 1);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, blocking_streams_wait_for_legacy) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 2, 4096, f.blocking));
    EXPECT_OK(infinirtEventRecord(f.ev, f.blocking));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(f.blocking));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(f.blocking));
    EXPECT_EQ(read_on(&f, f.blocking), 2);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, blocking_to_blocking_through_legacy) {
  fixture f;
  if (fx_init(&f)) {
    /* blocking -> legacy -> blocking2: the second waits transitively. */
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 3, 4096, NULL));
    EXPECT_OK(infinirtMemsetAsync((char *)f.d + 1, 4, 1, f.blocking2));
    EXPECT_OK(infinirtEventRecord(f.ev, f.blocking2));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(f.blocking2));
    unsigned char h[2] = {0, 0};
    EXPECT_OK(infinirtMemcpy(h, f.d, 2, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(h[0], 3);
    EXPECT_EQ(h[1], 4);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, blocking_streams_do_not_wait_for_each_other) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 6, 4096, f.blocking2));
    EXPECT_EQ(read_on(&f, f.blocking2), 6);
    gate_still_shut(&f.g);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, nonblocking_ignores_blocked_legacy) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 7, 4096, f.nonblocking));
    EXPECT_EQ(read_on(&f, f.nonblocking), 7);
    gate_still_shut(&f.g);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
  }
  fx_free(&f);
}

CONF_TEST(default_stream, legacy_ignores_blocked_nonblocking) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.nonblocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 8, 4096, NULL));
    EXPECT_EQ(read_on(&f, NULL), 8);
    gate_still_shut(&f.g);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(f.nonblocking));
  }
  fx_free(&f);
}

CONF_TEST(default_stream, sync_memcpy_waits_for_blocking_stream) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_sleep_fn, (void *)30));
    EXPECT_OK(infinirtMemsetAsync(f.d, 0x77, 4096, f.blocking));
    unsigned char h[4096];
    memset(h, 0, sizeof h);
    EXPECT_OK(infinirtMemcpy(h, f.d, sizeof h, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(conf_first_not(h, sizeof h, 0x77), sizeof h);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, sync_memcpy_ignores_nonblocking_stream) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.nonblocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 0x66, 4096, f.nonblocking));
    unsigned char h[16];
    memset(h, 1, sizeof h);
    EXPECT_OK(infinirtMemcpy(h, f.d, sizeof h, infinirtMemcpyDeviceToHost));
    gate_still_shut(&f.g);
    EXPECT_EQ(conf_first_not(h, sizeof h, 0), sizeof h);
  }
  fx_free(&f);
}
