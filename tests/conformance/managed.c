/* managed.c - managed memory (MallocManaged, MemAdvise, MemPrefetchAsync,
 * StreamAttachMemAsync) and mapped host memory (HostGetDevicePointer,
 * HostGetFlags). Bad arguments: bad_calls.def. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define N (1u << 20)

static struct infinirtMemLocation where(enum infinirtMemLocationType t,
                                        int id) {
  struct infinirtMemLocation l = {t, id};
  return l;
}

CONF_TEST(managed, allocate_use_and_free) {
  int dev = -1;
  ASSERT_OK(infinirtGetDevice(&dev));
  const unsigned flags[] = {infinirtMemAttachGlobal, infinirtMemAttachHost};
  for (int i = 0; i < 2; i++) {
    unsigned char *a = NULL, *b = NULL;
    ASSERT_OK(infinirtMallocManaged((void **)&a, N, flags[i]));
    ASSERT_OK(infinirtMallocManaged((void **)&b, N, infinirtMemAttachGlobal));
    EXPECT(((uintptr_t)a & 255) == 0);
    struct infinirtPointerAttributes attr;
    ASSERT_OK(infinirtPointerGetAttributes(&attr, a + 100));
    EXPECT_EQ(attr.type, infinirtMemoryTypeManaged);
    EXPECT_EQ(attr.device, dev);
    EXPECT_PTR_EQ(attr.hostPointer, a + 100);
    EXPECT_PTR_EQ(attr.devicePointer, a + 100);
    /* The host writes it, a stream copies it, the host reads the copy. */
    conf_fill(a, N, 7);
    infinirtStream_t s;
    ASSERT_OK(infinirtStreamCreate(&s));
    if (flags[i] == infinirtMemAttachHost)
      EXPECT_OK(infinirtStreamAttachMemAsync(s, a, 0, infinirtMemAttachSingle));
    EXPECT_OK(infinirtMemcpyAsync(b, a, N, infinirtMemcpyDefault, s));
    EXPECT_OK(infinirtMemsetAsync(a, 0x3c, 4096, s));
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT(conf_check_fill(b, N, 7));
    EXPECT_EQ(conf_first_not(a, 4096, 0x3c), 4096u);
    EXPECT_OK(infinirtStreamDestroy(s));
    EXPECT_OK(infinirtFree(a));
    EXPECT_OK(infinirtFree(b));
  }
}

CONF_TEST(managed, advise_and_prefetch_keep_the_data) {
  int dev = -1;
  ASSERT_OK(infinirtGetDevice(&dev));
  unsigned char *a = NULL;
  ASSERT_OK(infinirtMallocManaged((void **)&a, N, infinirtMemAttachGlobal));
  conf_fill(a, N, 11);
  struct infinirtMemLocation on_dev = where(infinirtMemLocationTypeDevice, dev);
  struct infinirtMemLocation host = where(infinirtMemLocationTypeHost, 0);
  EXPECT_OK(infinirtMemAdvise(a, N, infinirtMemAdviseSetReadMostly, host));
  EXPECT_OK(infinirtMemAdvise(a, N, infinirtMemAdviseUnsetReadMostly, host));
  EXPECT_OK(
      infinirtMemAdvise(a, N, infinirtMemAdviseSetPreferredLocation, on_dev));
  EXPECT_OK(
      infinirtMemAdvise(a, N, infinirtMemAdviseSetPreferredLocation, host));
  EXPECT_OK(
      infinirtMemAdvise(a, N, infinirtMemAdviseUnsetPreferredLocation, host));
  EXPECT_OK(infinirtMemAdvise(a, N, infinirtMemAdviseSetAccessedBy, on_dev));
  EXPECT_OK(infinirtMemAdvise(a, N, infinirtMemAdviseUnsetAccessedBy, on_dev));
  /* A sub-range that is not page aligned is rounded out. */
  EXPECT_OK(
      infinirtMemAdvise(a + 100, 1000, infinirtMemAdviseSetReadMostly, host));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_OK(infinirtMemPrefetchAsync(a, N, on_dev, 0, s));
  EXPECT_OK(infinirtMemsetAsync(a, 0x5a, 64, s));
  EXPECT_OK(infinirtMemPrefetchAsync(a, N, host, 0, s));
  EXPECT_OK(infinirtMemPrefetchAsync(a + 64, 100, host, 0, NULL));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(conf_first_not(a, 64, 0x5a), 64u);
  unsigned char *ref = malloc(N);
  ASSERT(ref != NULL);
  conf_fill(ref, N, 11);
  EXPECT(memcmp(a + 64, ref + 64, N - 64) == 0);
  free(ref);
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFree(a));
}

CONF_TEST(managed, attach_whole_allocations_only) {
  unsigned char *a = NULL;
  ASSERT_OK(infinirtMallocManaged((void **)&a, N, infinirtMemAttachGlobal));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_OK(infinirtStreamAttachMemAsync(s, a, 0, infinirtMemAttachSingle));
  EXPECT_OK(infinirtStreamAttachMemAsync(s, a, N, infinirtMemAttachHost));
  EXPECT_OK(infinirtStreamAttachMemAsync(s, a, 0, infinirtMemAttachGlobal));
  EXPECT_OK(infinirtStreamAttachMemAsync(NULL, a, N, infinirtMemAttachGlobal));
  /* A part of a managed allocation cannot change association. */
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtStreamAttachMemAsync(s, a, N / 2, infinirtMemAttachGlobal));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFree(a));
}

CONF_TEST(managed, freed_managed_memory_is_not_managed) {
  void *a = NULL;
  ASSERT_OK(infinirtMallocManaged(&a, 4096, infinirtMemAttachGlobal));
  ASSERT_OK(infinirtFree(a));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree(a));
}

CONF_TEST(managed, mapped_host_memory_has_a_device_address) {
  unsigned char *h = NULL;
  ASSERT_OK(infinirtHostAlloc(
      (void **)&h, N, infinirtHostAllocMapped | infinirtHostAllocPortable));
  unsigned char *d = NULL;
  ASSERT_OK(infinirtHostGetDevicePointer((void **)&d, h, 0));
  EXPECT_PTR_EQ(d, h); /* unified addressing */
  unsigned char *d_inner = NULL;
  ASSERT_OK(infinirtHostGetDevicePointer((void **)&d_inner, h + 4096, 0));
  EXPECT_PTR_EQ(d_inner, d + 4096);
  /* Work on the device address is seen through the host one. */
  EXPECT_OK(infinirtMemset(d, 0x42, N));
  EXPECT_EQ(conf_first_not(h, N, 0x42), (size_t)N);
  unsigned fl = 0;
  ASSERT_OK(infinirtHostGetFlags(&fl, h));
  EXPECT_EQ(fl & (infinirtHostAllocMapped | infinirtHostAllocPortable),
            (unsigned)(infinirtHostAllocMapped | infinirtHostAllocPortable));
  EXPECT_OK(infinirtHostGetFlags(&fl, h + 100));
  EXPECT_OK(infinirtFreeHost(h));

  /* Memory from MallocHost: page-locked, with some flags. */
  void *p = NULL;
  ASSERT_OK(infinirtMallocHost(&p, 4096));
  fl = 0xdead;
  EXPECT_OK(infinirtHostGetFlags(&fl, p));
  EXPECT_EQ(fl,
            (unsigned)(infinirtHostAllocPortable | infinirtHostAllocMapped));
  void *dp = NULL;
  EXPECT_OK(infinirtHostGetDevicePointer(&dp, p, 0));
  EXPECT_PTR_EQ(dp, p);
  EXPECT_OK(infinirtFreeHost(p));
}

CONF_TEST(managed, registered_memory_is_mapped) {
  size_t n = 1u << 16;
  unsigned char *h = aligned_alloc(4096, n);
  ASSERT(h != NULL);
  ASSERT_OK(infinirtHostRegister(h, n, infinirtHostRegisterMapped));
  void *d = NULL;
  EXPECT_OK(infinirtHostGetDevicePointer(&d, h + 64, 0));
  EXPECT_PTR_EQ(d, h + 64);
  /* Its flags are the registration's (the H200 says so). */
  unsigned fl = 0xdead;
  EXPECT_OK(infinirtHostGetFlags(&fl, h));
  EXPECT_EQ(fl, (unsigned)infinirtHostRegisterMapped);
  EXPECT_OK(infinirtHostUnregister(h));
  free(h);
}
