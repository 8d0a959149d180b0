/* device_settings.c - InitDevice, ChooseDevice, PCI bus ids, limits, the
 * cache preference and the GPUDirect RDMA flush (bad arguments:
 * bad_calls.def). */
#include <stdio.h>
#include <string.h>

#include "harness.h"

CONF_TEST(device, init_device_applies_flags_when_asked) {
  int n = conf_device_count();
  int last = n - 1;
  EXPECT_OK(infinirtInitDevice(last, 0, 0));
  int cur = -1;
  EXPECT_OK(infinirtGetDevice(&cur));
  EXPECT_EQ(cur, 0); /* initialised, not made current */
  EXPECT_OK(infinirtInitDevice(last, infinirtDeviceScheduleBlockingSync,
                               infinirtInitDeviceFlagsAreValid));
  ASSERT_OK(infinirtSetDevice(last));
  unsigned fl = 0;
  EXPECT_OK(infinirtGetDeviceFlags(&fl));
  EXPECT_EQ(fl & infinirtDeviceScheduleMask,
            (unsigned)infinirtDeviceScheduleBlockingSync);
  EXPECT_OK(infinirtSetDeviceFlags(infinirtDeviceScheduleAuto));
  ASSERT_OK(infinirtSetDevice(0));
}

CONF_TEST(device, choose_device_prefers_the_closest_capability) {
  struct infinirtDeviceProp want;
  memset(&want, 0, sizeof want);
  int d = -1;
  EXPECT_OK(infinirtChooseDevice(&d, &want));
  EXPECT(d >= 0 && d < conf_device_count());
  struct infinirtDeviceProp have;
  ASSERT_OK(infinirtGetDeviceProperties(&have, 0));
  want.major = have.major;
  want.minor = have.minor;
  EXPECT_OK(infinirtChooseDevice(&d, &want));
  ASSERT_OK(infinirtGetDeviceProperties(&have, d));
  EXPECT_EQ(have.major * 10 + have.minor, want.major * 10 + want.minor);
  want.major = 99; /* nothing has it: the best there is */
  EXPECT_OK(infinirtChooseDevice(&d, &want));
  EXPECT(d >= 0 && d < conf_device_count());
}

CONF_TEST(device, pci_bus_id_round_trip) {
  char id[16];
  memset(id, 'x', sizeof id);
  infinirtError_t err = infinirtDeviceGetPCIBusId(id, sizeof id, 0);
  if (err == infinirtErrorNotSupported) { /* a device without one (CPU) */
    int d = -1;
    EXPECT_ERR(infinirtErrorNotSupported,
               infinirtDeviceGetByPCIBusId(&d, "0000:00:00.0"));
    return;
  }
  ASSERT_EQ(err, infinirtSuccess);
  EXPECT_EQ(strlen(id), 12u); /* dddd:bb:dd.f */
  int d = -1;
  EXPECT_OK(infinirtDeviceGetByPCIBusId(&d, id));
  EXPECT_EQ(d, 0);
  EXPECT_OK(infinirtDeviceGetByPCIBusId(&d, id + 5)); /* bus:device.function */
  EXPECT_EQ(d, 0);
  char shorter[6]; /* too short for the id: refused (the H200's answer) */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtDeviceGetPCIBusId(shorter, sizeof shorter, 0));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtDeviceGetByPCIBusId(&d, "not a bus id"));
}

CONF_TEST(device, limits_are_kept) {
  size_t v = 0;
  ASSERT_OK(infinirtDeviceGetLimit(&v, infinirtLimitStackSize));
  EXPECT(v > 0);
  size_t old = v;
  EXPECT_OK(infinirtDeviceSetLimit(infinirtLimitStackSize, 4096));
  EXPECT_OK(infinirtDeviceGetLimit(&v, infinirtLimitStackSize));
  EXPECT(v >= 4096);
  EXPECT_OK(infinirtDeviceSetLimit(infinirtLimitStackSize, old));
  EXPECT_OK(infinirtDeviceGetLimit(&v, infinirtLimitMallocHeapSize));
  EXPECT(v > 0);
  EXPECT_OK(infinirtDeviceGetLimit(&v, infinirtLimitPrintfFifoSize));
  EXPECT(v > 0);
  EXPECT_OK(infinirtDeviceSetLimit(infinirtLimitMaxL2FetchGranularity, 32));
  EXPECT_OK(infinirtDeviceGetLimit(&v, infinirtLimitMaxL2FetchGranularity));
  EXPECT(v <= 128);
  EXPECT_OK(infinirtDeviceGetLimit(&v, infinirtLimitPersistingL2CacheSize));
  EXPECT_ERR(infinirtErrorUnsupportedLimit,
             infinirtDeviceSetLimit(infinirtLimitDevRuntimeSyncDepth, 4));
}

CONF_TEST(device, cache_config_is_kept) {
  enum infinirtFuncCache c = (enum infinirtFuncCache)99;
  ASSERT_OK(infinirtDeviceGetCacheConfig(&c));
  EXPECT_EQ(c, infinirtFuncCachePreferNone);
  EXPECT_OK(infinirtDeviceSetCacheConfig(infinirtFuncCachePreferShared));
  EXPECT_OK(infinirtDeviceGetCacheConfig(&c));
  printf("# cache config after PreferShared: %d\n", (int)c);
  EXPECT_OK(infinirtDeviceSetCacheConfig(infinirtFuncCachePreferNone));
  EXPECT_OK(infinirtDeviceGetCacheConfig(&c));
  EXPECT_EQ(c, infinirtFuncCachePreferNone);
}

CONF_TEST(device, rdma_flush_where_the_device_has_one) {
  int opts = -1;
  ASSERT_OK(infinirtDeviceGetAttribute(
      &opts, infinirtDevAttrGPUDirectRDMAFlushWritesOptions, 0));
  infinirtError_t err = infinirtDeviceFlushGPUDirectRDMAWrites(
      infinirtFlushGPUDirectRDMAWritesTargetCurrentDevice,
      infinirtFlushGPUDirectRDMAWritesToOwner);
  printf("# flush options %d: %s\n", opts, infinirtGetErrorName(err));
  if (opts == 0)
    EXPECT_EQ(err, infinirtErrorNotSupported);
  else
    EXPECT_EQ(err, infinirtSuccess);
}

CONF_TEST(device, fixed_shared_memory_banks_and_persisting_l2) {
  enum infinirtSharedMemConfig c = (enum infinirtSharedMemConfig)99;
  ASSERT_OK(infinirtDeviceGetSharedMemConfig(&c));
  EXPECT(c == infinirtSharedMemBankSizeFourByte ||
         c == infinirtSharedMemBankSizeEightByte);
  EXPECT_OK(infinirtDeviceSetSharedMemConfig(infinirtSharedMemBankSizeDefault));
  EXPECT_OK(infinirtCtxResetPersistingL2Cache());
}
