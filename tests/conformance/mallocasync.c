/* mallocasync.c - stream-ordered MallocAsync/FreeAsync. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SENTINEL ((void *)(uintptr_t)0x5e5e5e5e)

CONF_TEST(mallocasync, basic_use_in_stream_order) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  const size_t n = 1 << 20;
  unsigned char *h = malloc(n);
  void *p = NULL;
  if (EXPECT(h) && EXPECT_OK(infinirtMallocAsync(&p, n, s)) &&
      EXPECT(p != NULL)) {
    memset(h, 0, n);
    EXPECT_OK(infinirtMemsetAsync(p, 0x5a, n, s));
    EXPECT_OK(infinirtMemcpyAsync(h, p, n, infinirtMemcpyDeviceToHost, s));
    EXPECT_OK(infinirtFreeAsync(p, s));
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT_EQ(conf_first_not(h, n, 0x5a), n);
  }
  free(h);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mallocasync, ordered_behind_blocked_work) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  conf_gate g;
  conf_gate_init(&g);
  /* Page-locked: an async copy into pageable memory may block the caller
   * until it completes (CUDA documents that), which the gate would turn
   * into a deadlock. */
  enum { N = 4096 };
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, N));
  memset(h, 0, N);
  void *p = NULL;
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtMallocAsync(&p, N, s));
  EXPECT(p != NULL);
  EXPECT_OK(infinirtMemsetAsync(p, 0x33, N, s));
  EXPECT_OK(infinirtMemcpyAsync(h, p, N, infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(s));
  EXPECT_EQ(h[0], 0); /* nothing ran past the gate */
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_EQ(conf_first_not(h, N, 0x33), N);
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mallocasync, reuse_many_times) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, 64 * 256));
  memset(h, 0, 64 * 256);
  for (int i = 0; i < 2000; i++) {
    void *p = NULL;
    size_t n = 256 + (size_t)(i % 7) * 1000;
    if (!EXPECT_OK(infinirtMallocAsync(&p, n, s)))
      break;
    EXPECT_OK(infinirtMemsetAsync(p, i & 0xff, n, s));
    EXPECT_OK(infinirtMemcpyAsync(h + (i % 64) * 256, p, 256,
                                  infinirtMemcpyDeviceToHost, s));
    EXPECT_OK(infinirtFreeAsync(p, s));
    if (i % 64 == 63) {
      EXPECT_OK(infinirtStreamSynchronize(s));
      for (int k = 0; k < 64; k++) {
        int want = (i - 63 + k) & 0xff;
        if (conf_first_not(h + k * 256, 256, (unsigned char)want) != 256) {
          conf_fail(__FILE__, __LINE__, "iteration %d: wrong data", i - 63 + k);
          break;
        }
      }
    }
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mallocasync, used_from_another_stream) {
  infinirtStream_t s1, s2;
  infinirtEvent_t e1, e2;
  ASSERT_OK(infinirtStreamCreate(&s1));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&e1, infinirtEventDisableTiming));
  ASSERT_OK(infinirtEventCreateWithFlags(&e2, infinirtEventDisableTiming));
  unsigned char h[1000];
  memset(h, 0, sizeof h);
  void *p = NULL;
  EXPECT_OK(infinirtMallocAsync(&p, sizeof h, s1));
  EXPECT_OK(infinirtMemsetAsync(p, 0x10, sizeof h, s1));
  EXPECT_OK(infinirtEventRecord(e1, s1));
  EXPECT_OK(infinirtStreamWaitEvent(s2, e1, 0));
  EXPECT_OK(infinirtMemsetAsync(p, 0x20, 500, s2));
  EXPECT_OK(
      infinirtMemcpyAsync(h, p, sizeof h, infinirtMemcpyDeviceToHost, s2));
  EXPECT_OK(infinirtEventRecord(e2, s2));
  EXPECT_OK(infinirtStreamWaitEvent(s1, e2, 0));
  EXPECT_OK(infinirtFreeAsync(p, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_EQ(conf_first_not(h, 500, 0x20), 500);
  EXPECT_EQ(conf_first_not(h + 500, 500, 0x10), 500);
  EXPECT_OK(infinirtEventDestroy(e1));
  EXPECT_OK(infinirtEventDestroy(e2));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
}

CONF_TEST(mallocasync, legacy_stream_and_sync_free) {
  void *p = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, 4096, NULL));
  ASSERT(p != NULL);
  unsigned char h[4096];
  EXPECT_OK(infinirtMemsetAsync(p, 7, sizeof h, NULL));
  EXPECT_OK(
      infinirtMemcpyAsync(h, p, sizeof h, infinirtMemcpyDeviceToHost, NULL));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  EXPECT_EQ(conf_first_not(h, sizeof h, 7), sizeof h);
  struct infinirtPointerAttributes a;
  EXPECT_OK(infinirtPointerGetAttributes(&a, p));
  EXPECT_EQ(a.type, infinirtMemoryTypeDevice);
  EXPECT_EQ(a.device, 0);
  /* Free (not FreeAsync) takes stream-ordered memory too. */
  EXPECT_OK(infinirtFree(p));
}

CONF_TEST(mallocasync, errors) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  void *p = SENTINEL;
  EXPECT_OK(infinirtMallocAsync(&p, 0, s));
  EXPECT_PTR_EQ(p, NULL);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMallocAsync(NULL, 64, s));
  p = SENTINEL;
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtMallocAsync(&p, SIZE_MAX, s));
  EXPECT_PTR_EQ(p, SENTINEL);
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtMallocAsync(&p, SIZE_MAX - 255, s));
  EXPECT_PTR_EQ(p, SENTINEL);
  EXPECT_OK(infinirtFreeAsync(NULL, s));
  int local;
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeAsync(&local, s));
  void *heap = malloc(32);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeAsync(heap, s));
  free(heap);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  /* A dead stream. */
  p = SENTINEL;
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtMallocAsync(&p, 64, s));
  EXPECT_PTR_EQ(p, SENTINEL);
  void *q = NULL;
  ASSERT_OK(infinirtMalloc(&q, 64));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtFreeAsync(q, s));
  EXPECT_OK(infinirtFree(q)); /* the failed FreeAsync kept it */
}
