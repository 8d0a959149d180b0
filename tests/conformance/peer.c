/* peer.c - peer access and peer copies between devices of one type
 * (bad arguments: bad_calls.def). With one device only the rules that need
 * none run; the CPU backend runs the group with two devices too. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define N (3u << 20) /* above the CPU's parallel-copy threshold */

static bool two_devices(void) {
  return conf_device_count() >= 2;
}
#define NEED_TWO()                                                             \
  if (!two_devices())                                                          \
  CONF_SKIP("needs 2 devices of this type, found %d (the CPU backend takes "   \
            "INFINIRT_CPU_DEVICE_COUNT)",                                      \
            conf_device_count())

CONF_TEST(peer, a_device_is_not_its_own_peer) {
  int can = -1;
  EXPECT_OK(infinirtDeviceCanAccessPeer(&can, 0, 0));
  EXPECT_EQ(can, 0);
}

CONF_TEST(peer, enable_disable_and_their_errors) {
  NEED_TWO();
  int can = -1;
  ASSERT_OK(infinirtDeviceCanAccessPeer(&can, 0, 1));
  if (!can)
    CONF_SKIP("device 0 cannot access device 1 on this machine");
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_ERR(infinirtErrorPeerAccessNotEnabled,
             infinirtDeviceDisablePeerAccess(1));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtDeviceEnablePeerAccess(1, 1));
  EXPECT_OK(infinirtDeviceEnablePeerAccess(1, infinirtPeerAccessDefault));
  EXPECT_ERR(infinirtErrorPeerAccessAlreadyEnabled,
             infinirtDeviceEnablePeerAccess(1, 0));
  /* One direction only: device 1 has not enabled access to device 0. */
  ASSERT_OK(infinirtSetDevice(1));
  EXPECT_ERR(infinirtErrorPeerAccessNotEnabled,
             infinirtDeviceDisablePeerAccess(0));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtDeviceDisablePeerAccess(1));
  EXPECT_ERR(infinirtErrorPeerAccessNotEnabled,
             infinirtDeviceDisablePeerAccess(1));
  int v = -1;
  EXPECT_OK(infinirtDeviceGetP2PAttribute(&v, infinirtDevP2PAttrAccessSupported,
                                          0, 1));
  EXPECT_EQ(v, can);
  EXPECT_OK(infinirtDeviceGetP2PAttribute(&v, infinirtDevP2PAttrPerformanceRank,
                                          0, 1));
  EXPECT(v >= 0);
}

CONF_TEST(peer, reset_ends_access) {
  NEED_TWO();
  int can = -1;
  ASSERT_OK(infinirtDeviceCanAccessPeer(&can, 0, 1));
  if (!can)
    CONF_SKIP("device 0 cannot access device 1 on this machine");
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtDeviceEnablePeerAccess(1, 0));
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtDeviceReset());
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_ERR(infinirtErrorPeerAccessNotEnabled,
             infinirtDeviceDisablePeerAccess(1));
}

CONF_TEST(peer, copies_between_devices) {
  NEED_TWO();
  unsigned char *d0 = NULL, *d1 = NULL, *h = malloc(N);
  ASSERT(h != NULL);
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtMalloc((void **)&d0, N));
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtMalloc((void **)&d1, N));
  conf_fill(h, N, 3);
  ASSERT_OK(infinirtMemcpy(d0, h, N, infinirtMemcpyHostToDevice));
  /* From device 1, copy 0 -> 1, synchronously. */
  EXPECT_OK(infinirtMemcpyPeer(d1, 1, d0, 0, N));
  memset(h, 0, N);
  EXPECT_OK(infinirtMemcpy(h, d1, N, infinirtMemcpyDeviceToHost));
  EXPECT(conf_check_fill(h, N, 3));
  /* Stream-ordered, on a stream of device 0, after other work there. */
  ASSERT_OK(infinirtSetDevice(0));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_OK(infinirtMemsetAsync(d0, 0x77, N, s));
  EXPECT_OK(infinirtMemcpyPeerAsync(d1, 1, d0, 0, N, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtMemcpy(h, d1, N, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(h, N, 0x77), (size_t)N);
  /* A zero count does nothing. */
  EXPECT_OK(infinirtMemcpyPeer(d1, 1, d0, 0, 0));
  EXPECT_OK(infinirtMemcpyPeerAsync(NULL, 1, NULL, 0, 0, s));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFree(d0));
  EXPECT_OK(infinirtFree(d1));
  free(h);
}

CONF_TEST(peer, synchronous_copy_follows_earlier_work) {
  NEED_TWO();
  /* Work queued on device 0's legacy stream runs before a MemcpyPeer that
   * reads what it writes. */
  unsigned char *d0 = NULL, *d1 = NULL;
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtMalloc((void **)&d0, N));
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtMalloc((void **)&d1, N));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtMemsetAsync(d0, 0x19, N, NULL));
  ASSERT_OK(infinirtSetDevice(1));
  EXPECT_OK(infinirtMemcpyPeer(d1, 1, d0, 0, N));
  unsigned char *h = malloc(N);
  ASSERT(h != NULL);
  EXPECT_OK(infinirtMemcpy(h, d1, N, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(h, N, 0x19), (size_t)N);
  free(h);
  EXPECT_OK(infinirtFree(d0));
  EXPECT_OK(infinirtFree(d1));
}
