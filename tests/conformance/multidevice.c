/* multidevice.c - two devices of one type: per-device streams, memory and
 * legacy streams, cross-device waits, and handles used on the wrong device.
 * The CPU backend exposes several devices with INFINIRT_CPU_DEVICE_COUNT. */
#include <string.h>

#include "harness.h"

#define HOLD_MS 20

#define NEED_TWO_DEVICES()                                                     \
  do {                                                                         \
    int n_ = conf_device_count();                                              \
    if (n_ < 2)                                                                \
      CONF_SKIP("needs 2 devices of this type, found %d (the CPU backend "     \
                "takes INFINIRT_CPU_DEVICE_COUNT=2)",                          \
                n_);                                                           \
  } while (0)

CONF_TEST(multidevice, memory_belongs_to_its_device) {
  NEED_TWO_DEVICES();
  void *p[2] = {NULL, NULL};
  for (int d = 0; d < 2; d++) {
    ASSERT_OK(infinirtSetDevice(d));
    ASSERT_OK(infinirtMalloc(&p[d], 4096));
  }
  for (int d = 0; d < 2; d++) {
    struct infinirtPointerAttributes a;
    EXPECT_OK(infinirtPointerGetAttributes(&a, (char *)p[d] + 10));
    EXPECT_EQ(a.type, infinirtMemoryTypeDevice);
    EXPECT_EQ(a.device, d);
  }
  /* Free finds the owner whatever the current device. */
  EXPECT_OK(infinirtSetDevice(1));
  EXPECT_OK(infinirtFree(p[0]));
  EXPECT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtFree(p[1]));
}

CONF_TEST(multidevice, per_device_streams) {
  NEED_TWO_DEVICES();
  infinirtStream_t s[2];
  void *d[2];
  for (int i = 0; i < 2; i++) {
    ASSERT_OK(infinirtSetDevice(i));
    ASSERT_OK(infinirtStreamCreate(&s[i]));
    ASSERT_OK(infinirtMalloc(&d[i], 1024));
  }
  /* Device 1 current; each stream still works with its own memory. */
  for (int i = 0; i < 2; i++) {
    unsigned char h[1024];
    memset(h, 0, sizeof h);
    EXPECT_OK(infinirtMemsetAsync(d[i], 0x30 + i, sizeof h, s[i]));
    EXPECT_OK(infinirtMemcpyAsync(h, d[i], sizeof h, infinirtMemcpyDeviceToHost,
                                  s[i]));
    EXPECT_OK(infinirtStreamSynchronize(s[i]));
    EXPECT_EQ(conf_first_not(h, sizeof h, 0x30 + i), sizeof h);
  }
  for (int i = 0; i < 2; i++) {
    EXPECT_OK(infinirtStreamDestroy(s[i]));
    EXPECT_OK(infinirtFree(d[i]));
  }
}

CONF_TEST(multidevice, legacy_stream_is_per_device) {
  NEED_TWO_DEVICES();
  conf_gate g;
  conf_gate_init(&g);
  void *d = NULL;
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &g));
  ASSERT_OK(infinirtSetDevice(1));
  if (EXPECT_OK(infinirtMalloc(&d, 64))) {
    unsigned char h[64];
    EXPECT_OK(infinirtMemset(d, 0x41, sizeof h));
    EXPECT_OK(infinirtMemcpy(h, d, sizeof h, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(conf_first_not(h, sizeof h, 0x41), sizeof h);
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT(!atomic_load(&g.open) && !atomic_load(&g.timed_out));
    EXPECT_OK(infinirtFree(d));
  }
  EXPECT_OK(infinirtSetDevice(0));
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(NULL));
}

CONF_TEST(multidevice, cross_device_wait) {
  NEED_TWO_DEVICES();
  infinirtStream_t s0, s1;
  infinirtEvent_t e1;
  void *d0 = NULL;
  conf_gate g;
  conf_gate_init(&g);
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreate(&e1));
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s0, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtMalloc(&d0, 64));
  EXPECT_OK(infinirtMemset(d0, 0, 64));
  EXPECT_OK(infinirtLaunchHostFunc(s1, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(e1, s1));
  EXPECT_OK(infinirtStreamWaitEvent(s0, e1, 0));
  EXPECT_OK(infinirtMemsetAsync(d0, 0x52, 64, s0));
  conf_sleep_ms(HOLD_MS);
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(s0));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s0));
  unsigned char h[64];
  EXPECT_OK(infinirtMemcpy(h, d0, sizeof h, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x52), sizeof h);
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_OK(infinirtStreamDestroy(s0));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtEventDestroy(e1));
  EXPECT_OK(infinirtFree(d0));
}

CONF_TEST(multidevice, event_on_another_devices_stream) {
  NEED_TWO_DEVICES();
  infinirtEvent_t e0, e1;
  infinirtStream_t s1;
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtEventCreate(&e0));
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtEventCreate(&e1));
  ASSERT_OK(infinirtStreamCreate(&s1));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventRecord(e0, s1));
  EXPECT_OK(infinirtEventQuery(e0)); /* left unrecorded */
  /* The legacy stream of the current device (1) is not device 0's. */
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventRecord(e0, NULL));
  EXPECT_OK(infinirtEventRecord(e1, s1));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtEventRecord(e0, NULL));
  EXPECT_OK(infinirtEventSynchronize(e0));
  EXPECT_OK(infinirtEventSynchronize(e1));
  float ms;
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, e0, e1));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtEventDestroy(e0));
  EXPECT_OK(infinirtEventDestroy(e1));
}

CONF_TEST(multidevice, reset_leaves_other_device_alone) {
  NEED_TWO_DEVICES();
  infinirtStream_t s0, s1;
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtStreamCreate(&s0));
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtStreamCreate(&s1));
  ASSERT_OK(infinirtDeviceReset());
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamQuery(s1));
  EXPECT_OK(infinirtStreamQuery(s0));
  atomic_int n;
  atomic_init(&n, 0);
  EXPECT_OK(infinirtLaunchHostFunc(s0, conf_count_fn, &n));
  EXPECT_OK(infinirtStreamSynchronize(s0));
  EXPECT_EQ(atomic_load(&n), 1);
  EXPECT_OK(infinirtStreamDestroy(s0));
}

CONF_TEST(multidevice, properties_of_each_device) {
  NEED_TWO_DEVICES();
  int n = conf_device_count();
  for (int d = 0; d < n; d++) {
    struct infinirtDeviceProp p;
    ASSERT_OK(infinirtGetDeviceProperties(&p, d));
    EXPECT(p.name[0] != '\0');
    EXPECT(p.multiProcessorCount > 0);
    int v = 0;
    EXPECT_OK(
        infinirtDeviceGetAttribute(&v, infinirtDevAttrMultiProcessorCount, d));
    EXPECT_EQ(v, p.multiProcessorCount);
  }
}
