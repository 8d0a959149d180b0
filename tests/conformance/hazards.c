/* hazards.c - regressions for bugs found in review: stale work of recycled
 * or re-recorded objects, device reset with work on other devices, edge
 * ranges. Each test says what used to go wrong. */
#include <stdint.h>
#include <string.h>

#include "harness.h"

/* An event re-recorded 65536 times while an old record is still pending:
 * the old record, when it finally runs, must not complete (or stamp) the
 * newest one. (The CPU backend matched records by 16 bits of their
 * generation, so the stale record stamped the newest.) */
CONF_TEST(hazards, stale_record_after_many_rerecords) {
  infinirtStream_t a, b, c;
  infinirtEvent_t e, start;
  ASSERT_OK(infinirtStreamCreateWithFlags(&a, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&b, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&c, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreate(&e));
  ASSERT_OK(infinirtEventCreate(&start));
  conf_gate ga, gc;
  conf_gate_init(&ga);
  conf_gate_init(&gc);
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_gate_fn, &ga));
  EXPECT_OK(infinirtEventRecord(e, a)); /* stays pending */
  for (int i = 0; i < 65535; i++)
    if (infinirtEventRecord(e, b) != infinirtSuccess) {
      EXPECT(!"EventRecord on an idle stream failed");
      break;
    }
  EXPECT_OK(infinirtLaunchHostFunc(c, conf_gate_fn, &gc));
  EXPECT_OK(infinirtEventRecord(e, c)); /* the newest record, pending */
  conf_gate_open(&ga);
  EXPECT_OK(infinirtStreamSynchronize(a));
  /* The stale record has run; the newest one has not. */
  EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(e));
  EXPECT_OK(infinirtEventRecord(start, b));
  EXPECT_OK(infinirtEventSynchronize(start));
  conf_sleep_ms(2);
  conf_gate_open(&gc);
  EXPECT_OK(infinirtEventSynchronize(e));
  /* |e| completed after |start|: the interval cannot be negative. */
  float ms = -1;
  EXPECT_OK(infinirtEventElapsedTime(&ms, start, e));
  EXPECT(ms > 0);
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtEventDestroy(start));
  EXPECT_OK(infinirtStreamDestroy(a));
  EXPECT_OK(infinirtStreamDestroy(b));
  EXPECT_OK(infinirtStreamDestroy(c));
}

/* A stream-ordered free of device 0's memory, pending on a stream of device
 * 1, when device 0 is reset: the reset must not free the allocation under
 * the pending free (the CPU backend freed it, then the free ran on freed
 * memory: a use-after-free under ASan). */
CONF_TEST(hazards, reset_with_free_pending_on_other_device) {
  if (conf_device_count() < 2)
    CONF_SKIP("needs two devices");
  void *p = NULL;
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtMallocAsync(&p, 4096, NULL));
  ASSERT_OK(infinirtStreamSynchronize(NULL));
  ASSERT_OK(infinirtSetDevice(1));
  infinirtStream_t s1;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s1, conf_gate_fn, &g));
  EXPECT_OK(infinirtFreeAsync(p, s1));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtDeviceReset());
  conf_gate_open(&g);
  ASSERT_OK(infinirtSetDevice(1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_OK(infinirtStreamDestroy(s1));
  /* Device 0 still works, its pool too. */
  ASSERT_OK(infinirtSetDevice(0));
  void *q = NULL;
  EXPECT_OK(infinirtMallocAsync(&q, 4096, NULL));
  EXPECT_OK(infinirtMemsetAsync(q, 1, 4096, NULL));
  EXPECT_OK(infinirtFreeAsync(q, NULL));
  EXPECT_OK(infinirtDeviceSynchronize());
}

/* Blocks freed on a device-1 stream, kept there for reuse, when device 0 is
 * reset: the reset leaves them to device 1, whose stream still reuses them,
 * and device 1's own reset frees them. A device-0 block freed on that
 * stream is not kept by it: its free runs in stream order. (Which blocks
 * come back is the CPU pool's policy: tests/backends/cpu/pool.c.) */
CONF_TEST(hazards, reset_leaves_blocks_freed_on_other_device) {
  if (conf_device_count() < 2)
    CONF_SKIP("needs two devices");
  enum { N = 13312 };
  void *a = NULL, *b = NULL, *x = NULL, *y = NULL;
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtMallocAsync(&b, N, NULL));
  ASSERT_OK(infinirtStreamSynchronize(NULL));
  ASSERT_OK(infinirtSetDevice(1));
  infinirtStream_t s1;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtMallocAsync(&a, N, s1));
  EXPECT_OK(infinirtMemsetAsync(a, 1, N, s1));
  EXPECT_OK(infinirtFreeAsync(a, s1));
  EXPECT_OK(infinirtFreeAsync(b, s1));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtDeviceReset());
  ASSERT_OK(infinirtSetDevice(1));
  unsigned char h[2 * N];
  memset(h, 0, sizeof h);
  EXPECT_OK(infinirtMallocAsync(&x, N, s1));
  EXPECT_OK(infinirtMallocAsync(&y, N, s1));
  EXPECT_OK(infinirtMemsetAsync(x, 0x3a, N, s1));
  EXPECT_OK(infinirtMemsetAsync(y, 0x3b, N, s1));
  EXPECT_OK(infinirtMemcpyAsync(h, x, N, infinirtMemcpyDeviceToHost, s1));
  EXPECT_OK(infinirtMemcpyAsync(h + N, y, N, infinirtMemcpyDeviceToHost, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_EQ(conf_first_not(h, N, 0x3a), N);
  EXPECT_EQ(conf_first_not(h + N, N, 0x3b), N);
  EXPECT_OK(infinirtFreeAsync(x, s1));
  EXPECT_OK(infinirtFreeAsync(y, s1));
  EXPECT_OK(infinirtDeviceReset()); /* device 1: destroys |s1| */
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtMallocAsync(&x, N, NULL));
  EXPECT_OK(infinirtMemsetAsync(x, 1, N, NULL));
  EXPECT_OK(infinirtFreeAsync(x, NULL));
  EXPECT_OK(infinirtDeviceSynchronize());
}

/* A range that ends at the very top of the address space: if registering it
 * succeeds, it must be found and unregistered like any other. (The CPU
 * backend's end address wrapped to 0, which broke its ordered registry.) */
CONF_TEST(hazards, host_register_at_top_of_address_space) {
  void *top = (void *)(UINTPTR_MAX - 4095);
  infinirtGetLastError();
  infinirtError_t r = infinirtHostRegister(top, 4096, 0);
  if (r != infinirtSuccess) {
    EXPECT_EQ(r, infinirtErrorInvalidValue);
    EXPECT_EQ(infinirtGetLastError(), r);
  } else {
    struct infinirtPointerAttributes at;
    EXPECT_OK(infinirtPointerGetAttributes(&at, (char *)top + 100));
    EXPECT_EQ(at.type, infinirtMemoryTypeHost);
    EXPECT_OK(infinirtHostUnregister(top));
  }
  /* Ordinary registrations still work. */
  static char buf[8192];
  EXPECT_OK(infinirtHostRegister(buf, sizeof buf, 0));
  EXPECT_ERR(infinirtErrorHostMemoryAlreadyRegistered,
             infinirtHostRegister(buf + 4096, 16, 0));
  EXPECT_OK(infinirtHostUnregister(buf));
}
