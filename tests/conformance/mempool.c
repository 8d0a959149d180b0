/* mempool.c - stream-ordered memory pools: default and current pools,
 * created pools and their attributes, the release threshold, TrimTo,
 * allocation from a pool with the data checked across streams, access
 * between devices, and destroying a pool whose memory is still in use.
 *
 * Byte counts are checked only as far as CUDA promises them: a pool may
 * reserve more than it hands out (the driver reserves in large chunks), so
 * "kept" means at least what was allocated and "released" means nothing
 * left, or no more than the threshold. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"

#define MIB ((size_t)1 << 20)

#define NEED_TWO_DEVICES()                                                     \
  do {                                                                         \
    int n_ = conf_device_count();                                              \
    if (n_ < 2)                                                                \
      CONF_SKIP("needs 2 devices of this type, found %d (the CPU backend "     \
                "takes INFINIRT_CPU_DEVICE_COUNT=2)",                          \
                n_);                                                           \
  } while (0)

static struct infinirtMemPoolProps device_props(int device) {
  struct infinirtMemPoolProps p;
  memset(&p, 0, sizeof p);
  p.allocType = infinirtMemAllocationTypePinned;
  p.handleTypes = infinirtMemHandleTypeNone;
  p.location.type = infinirtMemLocationTypeDevice;
  p.location.id = device;
  return p;
}

static bool make_pool(infinirtMemPool_t *pool, int device) {
  struct infinirtMemPoolProps p = device_props(device);
  *pool = NULL;
  return EXPECT_OK(infinirtMemPoolCreate(pool, &p)) && EXPECT(*pool != NULL);
}

static uint64_t attr64(infinirtMemPool_t pool, enum infinirtMemPoolAttr a) {
  uint64_t v = UINT64_MAX;
  EXPECT_OK(infinirtMemPoolGetAttribute(pool, a, &v));
  return v;
}

static int attr_int(infinirtMemPool_t pool, enum infinirtMemPoolAttr a) {
  int v = -1;
  EXPECT_OK(infinirtMemPoolGetAttribute(pool, a, &v));
  return v;
}

static void set64(infinirtMemPool_t pool, enum infinirtMemPoolAttr a,
                  uint64_t v) {
  EXPECT_OK(infinirtMemPoolSetAttribute(pool, a, &v));
}

static enum infinirtMemAccessFlags access_of(infinirtMemPool_t pool,
                                             int device) {
  enum infinirtMemAccessFlags f = (enum infinirtMemAccessFlags) - 1;
  struct infinirtMemLocation loc = {infinirtMemLocationTypeDevice, device};
  EXPECT_OK(infinirtMemPoolGetAccess(&f, pool, &loc));
  return f;
}

/* Allocates |n| blocks of |size| from |pool| on |s|, writes each, frees
 * them all on |s| and synchronizes. */
static void churn(infinirtMemPool_t pool, infinirtStream_t s, int n,
                  size_t size) {
  void *p[16];
  for (int i = 0; i < n && i < 16; i++) {
    p[i] = NULL;
    EXPECT_OK(infinirtMallocFromPoolAsync(&p[i], size, pool, s));
    EXPECT_OK(infinirtMemsetAsync(p[i], i, size, s));
  }
  for (int i = 0; i < n && i < 16; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  EXPECT_OK(infinirtStreamSynchronize(s));
}

CONF_TEST(mempool, default_pool_is_one_stable_handle) {
  infinirtMemPool_t a = NULL, b = NULL, cur = NULL;
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&a, 0));
  ASSERT(a != NULL);
  EXPECT_OK(infinirtDeviceGetDefaultMemPool(&b, 0));
  EXPECT_PTR_EQ(a, b);
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, a);
  /* CUDA: a device's default pool cannot be destroyed. */
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemPoolDestroy(a));
  EXPECT_OK(infinirtDeviceGetDefaultMemPool(&b, 0));
  EXPECT_PTR_EQ(a, b);
  EXPECT_EQ(access_of(a, 0), infinirtMemAccessFlagsProtReadWrite);
  /* MallocAsync allocates from it. */
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  uint64_t before = attr64(a, infinirtMemPoolAttrUsedMemCurrent);
  void *p = NULL;
  EXPECT_OK(infinirtMallocAsync(&p, MIB, s));
  EXPECT(attr64(a, infinirtMemPoolAttrUsedMemCurrent) >= before + MIB);
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mempool, create_and_destroy) {
  infinirtMemPool_t pool, def;
  ASSERT(make_pool(&pool, 0));
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def, 0));
  EXPECT(pool != def);
  infinirtMemPool_t again;
  ASSERT(make_pool(&again, 0));
  EXPECT(again != pool);
  EXPECT_OK(infinirtMemPoolDestroy(again));
  /* A new pool starts at CUDA's defaults. */
  EXPECT_EQ(attr_int(pool, infinirtMemPoolReuseFollowEventDependencies), 1);
  EXPECT_EQ(attr_int(pool, infinirtMemPoolReuseAllowOpportunistic), 1);
  EXPECT_EQ(attr_int(pool, infinirtMemPoolReuseAllowInternalDependencies), 1);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReleaseThreshold), 0);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemCurrent), 0);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemHigh), 0);
  EXPECT_EQ(access_of(pool, 0), infinirtMemAccessFlagsProtReadWrite);
  EXPECT_OK(infinirtMemPoolDestroy(pool));
  /* The handle is gone: CUDA calls that an invalid value. */
  uint64_t v = 77;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemPoolGetAttribute(
                 pool, infinirtMemPoolAttrReleaseThreshold, &v));
  EXPECT_EQ(v, 77);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemPoolDestroy(pool));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemPoolTrimTo(pool, 0));
}

CONF_TEST(mempool, host_pool_as_the_device_says) {
  int supported = 0;
  ASSERT_OK(infinirtDeviceGetAttribute(
      &supported, infinirtDevAttrHostMemoryPoolsSupported, 0));
  struct infinirtMemPoolProps p = device_props(0);
  p.location.type = infinirtMemLocationTypeHost;
  infinirtMemPool_t pool = NULL;
  if (!supported) {
    EXPECT_ERR(infinirtErrorNotSupported, infinirtMemPoolCreate(&pool, &p));
    EXPECT_PTR_EQ(pool, NULL);
    return;
  }
  ASSERT_OK(infinirtMemPoolCreate(&pool, &p));
  /* A host pool is no pool of a device. */
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtDeviceSetMemPool(0, pool));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  unsigned char h[256];
  void *d = NULL;
  EXPECT_OK(infinirtMallocFromPoolAsync(&d, sizeof h, pool, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  /* Host memory: the host reaches it (the device only once SetAccess
   * grants it: the H200 refuses a device memset before). */
  memset(d, 0x42, sizeof h);
  memcpy(h, d, sizeof h);
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x42), sizeof h);
  EXPECT_OK(infinirtFreeAsync(d, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, attributes_set_and_get) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  const enum infinirtMemPoolAttr reuse[] = {
      infinirtMemPoolReuseFollowEventDependencies,
      infinirtMemPoolReuseAllowOpportunistic,
      infinirtMemPoolReuseAllowInternalDependencies};
  for (int i = 0; i < 3; i++) {
    int off = 0, on = 1;
    EXPECT_OK(infinirtMemPoolSetAttribute(pool, reuse[i], &off));
    EXPECT_EQ(attr_int(pool, reuse[i]), 0);
    /* The others keep their value. */
    EXPECT_EQ(attr_int(pool, reuse[(i + 1) % 3]), 1);
    EXPECT_OK(infinirtMemPoolSetAttribute(pool, reuse[i], &on));
    EXPECT_EQ(attr_int(pool, reuse[i]), 1);
  }
  set64(pool, infinirtMemPoolAttrReleaseThreshold, 12345);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReleaseThreshold), 12345);
  set64(pool, infinirtMemPoolAttrReleaseThreshold, UINT64_MAX);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReleaseThreshold), UINT64_MAX);
  /* The read-only ones and the high marks refuse what CUDA refuses. */
  uint64_t one = 1, zero = 0;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemPoolSetAttribute(
                 pool, infinirtMemPoolAttrReservedMemCurrent, &zero));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemPoolSetAttribute(
                 pool, infinirtMemPoolAttrUsedMemCurrent, &zero));
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtMemPoolSetAttribute(pool, infinirtMemPoolAttrUsedMemHigh, &one));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemPoolSetAttribute(
                 pool, infinirtMemPoolAttrReservedMemHigh, &one));
  EXPECT_OK(
      infinirtMemPoolSetAttribute(pool, infinirtMemPoolAttrUsedMemHigh, &zero));
  EXPECT_OK(infinirtMemPoolSetAttribute(
      pool, infinirtMemPoolAttrReservedMemHigh, &zero));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, release_threshold_at_synchronize) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  /* Default 0: nothing is kept after a synchronize. */
  churn(pool, s, 4, 2 * MIB);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), 0);
  EXPECT(attr64(pool, infinirtMemPoolAttrReservedMemHigh) >= 8 * MIB);
  /* No limit: all of it stays for reuse. */
  set64(pool, infinirtMemPoolAttrReleaseThreshold, UINT64_MAX);
  churn(pool, s, 4, 2 * MIB);
  EXPECT(attr64(pool, infinirtMemPoolAttrReservedMemCurrent) >= 8 * MIB);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemCurrent), 0);
  /* A smaller threshold: the next synchronize takes it to that or below,
   * whichever kind of synchronize it is. */
  set64(pool, infinirtMemPoolAttrReleaseThreshold, 3 * MIB);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(attr64(pool, infinirtMemPoolAttrReservedMemCurrent) <= 3 * MIB);
  set64(pool, infinirtMemPoolAttrReleaseThreshold, UINT64_MAX);
  churn(pool, s, 4, 2 * MIB);
  set64(pool, infinirtMemPoolAttrReleaseThreshold, 0);
  infinirtEvent_t e;
  ASSERT_OK(infinirtEventCreate(&e));
  EXPECT_OK(infinirtEventRecord(e, s));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), 0);
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, trim_to_gives_memory_back) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  set64(pool, infinirtMemPoolAttrReleaseThreshold, UINT64_MAX);
  churn(pool, s, 8, MIB);
  uint64_t kept = attr64(pool, infinirtMemPoolAttrReservedMemCurrent);
  EXPECT(kept >= 8 * MIB);
  /* More than the pool holds: nothing to do. */
  EXPECT_OK(infinirtMemPoolTrimTo(pool, (size_t)kept + MIB));
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), kept);
  /* Down to no less than what is asked to stay. */
  EXPECT_OK(infinirtMemPoolTrimTo(pool, 3 * MIB));
  uint64_t after = attr64(pool, infinirtMemPoolAttrReservedMemCurrent);
  EXPECT(after >= 3 * MIB && after <= kept);
  /* Memory in use stays through a trim to 0; the rest goes. */
  void *live = NULL;
  ASSERT_OK(infinirtMallocFromPoolAsync(&live, 2 * MIB, pool, s));
  EXPECT_OK(infinirtMemsetAsync(live, 0x3c, 2 * MIB, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtMemPoolTrimTo(pool, 0));
  EXPECT(attr64(pool, infinirtMemPoolAttrReservedMemCurrent) >= 2 * MIB);
  unsigned char h[4096];
  EXPECT_OK(infinirtMemcpyAsync(h, (char *)live + MIB, sizeof h,
                                infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtFreeAsync(live, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x3c), sizeof h);
  EXPECT_OK(infinirtMemPoolTrimTo(pool, 0));
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), 0);
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, allocation_used_across_streams) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  infinirtStream_t s1, s2;
  infinirtEvent_t written, read;
  ASSERT_OK(infinirtStreamCreate(&s1));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&written, infinirtEventDisableTiming));
  ASSERT_OK(infinirtEventCreateWithFlags(&read, infinirtEventDisableTiming));
  enum { N = 1 << 16 };
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, N));
  memset(h, 0, N);
  void *p = NULL;
  ASSERT_OK(infinirtMallocFromPoolAsync(&p, N, pool, s1));
  ASSERT(p != NULL);
  EXPECT_OK(infinirtMemsetAsync(p, 0x5d, N, s1));
  EXPECT_OK(infinirtEventRecord(written, s1));
  EXPECT_OK(infinirtStreamWaitEvent(s2, written, 0));
  EXPECT_OK(infinirtMemsetAsync(p, 0x6e, N / 2, s2));
  EXPECT_OK(infinirtMemcpyAsync(h, p, N, infinirtMemcpyDefault, s2));
  EXPECT_OK(infinirtEventRecord(read, s2));
  EXPECT_OK(infinirtStreamWaitEvent(s1, read, 0));
  EXPECT_OK(infinirtFreeAsync(p, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_EQ(conf_first_not(h, N / 2, 0x6e), N / 2);
  EXPECT_EQ(conf_first_not(h + N / 2, N / 2, 0x5d), N / 2);
  /* It is device memory of the pool's device, and went back to the pool. */
  struct infinirtPointerAttributes a;
  void *q = NULL;
  EXPECT_OK(infinirtMallocFromPoolAsync(&q, 64, pool, s2));
  EXPECT_OK(infinirtPointerGetAttributes(&a, q));
  EXPECT_EQ(a.type, infinirtMemoryTypeDevice);
  EXPECT_EQ(a.device, 0);
  EXPECT_OK(infinirtFreeAsync(q, s2));
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemCurrent), 0);
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemHigh) >= N);
  /* Size 0 is no allocation. */
  void *z = (void *)h;
  EXPECT_OK(infinirtMallocFromPoolAsync(&z, 0, pool, s1));
  EXPECT_PTR_EQ(z, NULL);
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtEventDestroy(written));
  EXPECT_OK(infinirtEventDestroy(read));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, free_reuses_within_the_pool) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  set64(pool, infinirtMemPoolAttrReleaseThreshold, UINT64_MAX);
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  infinirtMemPool_t def;
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def, 0));
  uint64_t def_used = attr64(def, infinirtMemPoolAttrUsedMemCurrent);
  /* Freed and synchronized: the next allocation of that size comes from
   * what the pool already reserves. */
  churn(pool, s, 1, 4 * MIB);
  uint64_t reserved = attr64(pool, infinirtMemPoolAttrReservedMemCurrent);
  churn(pool, s, 1, 4 * MIB);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), reserved);
  EXPECT_EQ(attr64(def, infinirtMemPoolAttrUsedMemCurrent), def_used);
  /* Free (not FreeAsync) gives it back to its pool too. */
  void *p = NULL;
  ASSERT_OK(infinirtMallocFromPoolAsync(&p, MIB, pool, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemCurrent) >= MIB);
  /* (The H200 still counts it used right after Free: not asserted.) */
  EXPECT_OK(infinirtFree(p));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, opportunistic_reuse_off_keeps_other_streams_apart) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  set64(pool, infinirtMemPoolAttrReleaseThreshold, UINT64_MAX);
  int off = 0;
  ASSERT_OK(infinirtMemPoolSetAttribute(
      pool, infinirtMemPoolReuseAllowOpportunistic, &off));
  infinirtStream_t s1, s2;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  void *p1 = NULL, *p2 = NULL, *p3 = NULL;
  ASSERT_OK(infinirtMallocFromPoolAsync(&p1, MIB, pool, s1));
  EXPECT_OK(infinirtFreeAsync(p1, s1));
  /* No stream order joins s2 to the free on s1: not reused there. (After a
   * host synchronisation with the free, CUDA may reuse it anywhere: the
   * H200 does.) */
  ASSERT_OK(infinirtMallocFromPoolAsync(&p2, MIB, pool, s2));
  EXPECT(p2 != p1);
  /* s1 itself may, and its data is its own. */
  ASSERT_OK(infinirtMallocFromPoolAsync(&p3, MIB, pool, s1));
  EXPECT_OK(infinirtMemsetAsync(p3, 1, MIB, s1));
  EXPECT_OK(infinirtMemsetAsync(p2, 2, MIB, s2));
  unsigned char h1[512], h2[512];
  EXPECT_OK(infinirtMemcpyAsync(h1, p3, sizeof h1, infinirtMemcpyDefault, s1));
  EXPECT_OK(infinirtMemcpyAsync(h2, p2, sizeof h2, infinirtMemcpyDefault, s2));
  EXPECT_OK(infinirtFreeAsync(p3, s1));
  EXPECT_OK(infinirtFreeAsync(p2, s2));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT_EQ(conf_first_not(h1, sizeof h1, 1), sizeof h1);
  EXPECT_EQ(conf_first_not(h2, sizeof h2, 2), sizeof h2);
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, set_mem_pool_redirects_mallocasync) {
  infinirtMemPool_t pool, def, cur;
  ASSERT(make_pool(&pool, 0));
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def, 0));
  ASSERT_OK(infinirtDeviceSetMemPool(0, pool));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, pool);
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  uint64_t def_used = attr64(def, infinirtMemPoolAttrUsedMemCurrent);
  void *p = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, 3 * MIB, s));
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemCurrent) >= 3 * MIB);
  EXPECT_EQ(attr64(def, infinirtMemPoolAttrUsedMemCurrent), def_used);
  unsigned char h[1024];
  EXPECT_OK(infinirtMemsetAsync(p, 0x71, 3 * MIB, s));
  EXPECT_OK(infinirtMemcpyAsync(h, (char *)p + 2 * MIB, sizeof h,
                                infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x71), sizeof h);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemCurrent), 0);
  /* Back to the default pool, and once more to the created one. */
  EXPECT_OK(infinirtDeviceSetMemPool(0, def));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, def);
  EXPECT_OK(infinirtDeviceSetMemPool(0, pool));
  /* Destroying the current pool makes the default pool current again. */
  EXPECT_OK(infinirtMemPoolDestroy(pool));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, def);
  p = NULL;
  EXPECT_OK(infinirtMallocAsync(&p, MIB, s));
  EXPECT(attr64(def, infinirtMemPoolAttrUsedMemCurrent) >= def_used + MIB);
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mempool, high_marks_reset_to_zero_only) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  churn(pool, s, 3, MIB);
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemHigh) >= 3 * MIB);
  EXPECT(attr64(pool, infinirtMemPoolAttrReservedMemHigh) >= 3 * MIB);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemCurrent), 0);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), 0);
  /* Nothing in use: the marks restart from nothing. */
  set64(pool, infinirtMemPoolAttrUsedMemHigh, 0);
  set64(pool, infinirtMemPoolAttrReservedMemHigh, 0);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemHigh), 0);
  EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemHigh), 0);
  /* And climb again with use. */
  void *p = NULL;
  ASSERT_OK(infinirtMallocFromPoolAsync(&p, MIB, pool, s));
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemHigh) >= MIB);
  EXPECT(attr64(pool, infinirtMemPoolAttrReservedMemHigh) >= MIB);
  /* With memory in use a reset keeps at least what is in use. */
  set64(pool, infinirtMemPoolAttrUsedMemHigh, 0);
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemHigh) >=
         attr64(pool, infinirtMemPoolAttrUsedMemCurrent));
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, destroy_with_allocations_outstanding) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  void *p = NULL, *q = NULL;
  ASSERT_OK(infinirtMallocFromPoolAsync(&p, 2 * MIB, pool, s));
  ASSERT_OK(infinirtMallocFromPoolAsync(&q, 4096, pool, s));
  EXPECT_OK(infinirtMemsetAsync(p, 0x19, 2 * MIB, s));
  EXPECT_OK(infinirtMemsetAsync(q, 0x2a, 4096, s));
  /* CUDA: returns at once; the memory is released once it is freed. */
  EXPECT_OK(infinirtMemPoolDestroy(pool));
  unsigned char h[4096];
  EXPECT_OK(infinirtMemsetAsync((char *)p + MIB, 0x3b, sizeof h, s));
  EXPECT_OK(infinirtMemcpyAsync(h, (char *)p + MIB, sizeof h,
                                infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x3b), sizeof h);
  EXPECT_OK(infinirtMemcpyAsync(h, q, sizeof h, infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x2a), sizeof h);
  struct infinirtPointerAttributes a;
  EXPECT_OK(infinirtPointerGetAttributes(&a, p));
  EXPECT_EQ(a.type, infinirtMemoryTypeDevice);
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtFree(q));
  /* The pool itself is gone. */
  uint64_t v = 5;
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtMemPoolGetAttribute(pool, infinirtMemPoolAttrUsedMemCurrent, &v));
  EXPECT_EQ(v, 5);
  EXPECT_OK(infinirtStreamDestroy(s));
}

/* Pools destroyed while in use, then drained, many times over: a new pool
 * still starts with nothing reserved or used. */
CONF_TEST(mempool, new_pools_start_empty_after_many_destroyed) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  for (int i = 0; i < 100; i++) {
    infinirtMemPool_t pool;
    void *p = NULL, *q = NULL;
    if (!make_pool(&pool, 0) ||
        !EXPECT_OK(infinirtMallocFromPoolAsync(&p, 64 << 10, pool, s)) ||
        !EXPECT_OK(infinirtMallocFromPoolAsync(&q, 256, pool, s)))
      break;
    EXPECT_OK(infinirtFreeAsync(q, s));
    EXPECT_OK(infinirtMemPoolDestroy(pool));
    EXPECT_OK(infinirtFreeAsync(p, s));
    if (i % 10 == 9)
      EXPECT_OK(infinirtStreamSynchronize(s));
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  for (int i = 0; i < 4; i++) {
    infinirtMemPool_t pool;
    ASSERT(make_pool(&pool, 0));
    EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemCurrent), 0);
    EXPECT_EQ(attr64(pool, infinirtMemPoolAttrUsedMemHigh), 0);
    EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemCurrent), 0);
    EXPECT_EQ(attr64(pool, infinirtMemPoolAttrReservedMemHigh), 0);
    EXPECT_OK(infinirtMemPoolDestroy(pool));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mempool, max_size_limits_the_pool) {
  struct infinirtMemPoolProps props = device_props(0);
  props.maxSize = 64 * MIB;
  infinirtMemPool_t pool = NULL;
  ASSERT_OK(infinirtMemPoolCreate(&pool, &props));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  void *p = NULL, *big = (void *)&props;
  EXPECT_OK(infinirtMallocFromPoolAsync(&p, 16 * MIB, pool, s));
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtMallocFromPoolAsync(&big, 128 * MIB, pool, s));
  EXPECT_PTR_EQ(big, &props);
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

static void from_pool_in_host_fn(void *arg) {
  void **c = arg;
  void *p = NULL;
  infinirtError_t e = infinirtMallocFromPoolAsync(
      &p, 64, (infinirtMemPool_t)c[0], (infinirtStream_t)c[1]);
  c[2] = (void *)(intptr_t)e;
  c[3] = p;
}

CONF_TEST(mempool, not_from_a_host_function) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  void *c[4] = {pool, s, (void *)(intptr_t)infinirtSuccess, NULL};
  EXPECT_OK(infinirtLaunchHostFunc(s, from_pool_in_host_fn, c));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ((intptr_t)c[2], infinirtErrorNotPermitted);
  EXPECT_PTR_EQ(c[3], NULL);
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, access_own_device) {
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  EXPECT_EQ(access_of(pool, 0), infinirtMemAccessFlagsProtReadWrite);
  struct infinirtMemAccessDesc rw = {{infinirtMemLocationTypeDevice, 0},
                                     infinirtMemAccessFlagsProtReadWrite};
  EXPECT_OK(infinirtMemPoolSetAccess(pool, &rw, 1));
  EXPECT_OK(infinirtMemPoolSetAccess(pool, NULL, 0));
  /* The owner keeps read-write access (the driver: invalid device). */
  struct infinirtMemAccessDesc none = {{infinirtMemLocationTypeDevice, 0},
                                       infinirtMemAccessFlagsProtNone};
  EXPECT_ERR(infinirtErrorInvalidDevice,
             infinirtMemPoolSetAccess(pool, &none, 1));
  EXPECT_EQ(access_of(pool, 0), infinirtMemAccessFlagsProtReadWrite);
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, access_across_devices) {
  NEED_TWO_DEVICES();
  infinirtMemPool_t pool;
  ASSERT(make_pool(&pool, 0));
  EXPECT_EQ(access_of(pool, 1), infinirtMemAccessFlagsProtNone);
  struct infinirtMemAccessDesc d[2] = {
      {{infinirtMemLocationTypeDevice, 1}, infinirtMemAccessFlagsProtReadWrite},
      {{infinirtMemLocationTypeDevice, 0},
       infinirtMemAccessFlagsProtReadWrite}};
  EXPECT_OK(infinirtMemPoolSetAccess(pool, d, 2));
  EXPECT_EQ(access_of(pool, 1), infinirtMemAccessFlagsProtReadWrite);
  EXPECT_EQ(access_of(pool, 0), infinirtMemAccessFlagsProtReadWrite);
  /* A refused descriptor changes none: device 1 keeps its access. */
  struct infinirtMemAccessDesc mixed[2] = {
      {{infinirtMemLocationTypeDevice, 1}, infinirtMemAccessFlagsProtNone},
      {{infinirtMemLocationTypeDevice, 0}, infinirtMemAccessFlagsProtNone}};
  EXPECT_ERR(infinirtErrorInvalidDevice,
             infinirtMemPoolSetAccess(pool, mixed, 2));
  EXPECT_EQ(access_of(pool, 1), infinirtMemAccessFlagsProtReadWrite);
  /* Device 1 allocates from device 0's pool on its own stream. */
  ASSERT_OK(infinirtSetDevice(1));
  infinirtStream_t s1;
  ASSERT_OK(infinirtStreamCreate(&s1));
  void *p = NULL;
  unsigned char h[2048];
  EXPECT_OK(infinirtMallocFromPoolAsync(&p, sizeof h, pool, s1));
  EXPECT_OK(infinirtMemsetAsync(p, 0x4d, sizeof h, s1));
  EXPECT_OK(infinirtMemcpyAsync(h, p, sizeof h, infinirtMemcpyDefault, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x4d), sizeof h);
  struct infinirtPointerAttributes a;
  EXPECT_OK(infinirtPointerGetAttributes(&a, p));
  EXPECT_EQ(a.device, 0);
  EXPECT_OK(infinirtFreeAsync(p, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_OK(infinirtStreamDestroy(s1));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtMemPoolSetAccess(pool, mixed, 1));
  EXPECT_EQ(access_of(pool, 1), infinirtMemAccessFlagsProtNone);
  EXPECT_OK(infinirtMemPoolDestroy(pool));
}

CONF_TEST(mempool, pools_belong_to_their_device) {
  NEED_TWO_DEVICES();
  infinirtMemPool_t def0, def1, pool0, cur;
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def0, 0));
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def1, 1));
  EXPECT(def0 != def1);
  ASSERT(make_pool(&pool0, 0));
  /* A pool is made current only on its own device. */
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtDeviceSetMemPool(1, pool0));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtDeviceSetMemPool(1, def0));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 1));
  EXPECT_PTR_EQ(cur, def1);
  EXPECT_OK(infinirtDeviceSetMemPool(0, pool0));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 1));
  EXPECT_PTR_EQ(cur, def1);
  /* Device 1's MallocAsync still uses its own default pool. */
  ASSERT_OK(infinirtSetDevice(1));
  uint64_t used0 = attr64(pool0, infinirtMemPoolAttrUsedMemCurrent);
  void *p = NULL;
  EXPECT_OK(infinirtMallocAsync(&p, MIB, NULL));
  EXPECT_EQ(attr64(pool0, infinirtMemPoolAttrUsedMemCurrent), used0);
  EXPECT(attr64(def1, infinirtMemPoolAttrUsedMemCurrent) >= MIB);
  EXPECT_OK(infinirtFreeAsync(p, NULL));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtMemPoolDestroy(pool0));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, def0);
}

/* Threads that each make pools, allocate from them and from the default
 * pool, and destroy them (some with memory still in use), while another
 * switches device 0's current pool: every allocation holds its data. */
typedef struct pool_worker {
  int id;
  infinirtMemPool_t shared; /* made current now and then by thread 0 */
} pool_worker;

static void *pool_worker_main(void *arg) {
  pool_worker *w = arg;
  if (!conf_thread_enter(0))
    return NULL;
  infinirtStream_t s;
  if (!EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    return NULL;
  infinirtMemPool_t def = NULL;
  EXPECT_OK(infinirtDeviceGetDefaultMemPool(&def, 0));
  unsigned char h[512];
  for (int i = 0; i < 60; i++) {
    infinirtMemPool_t pool;
    if (!make_pool(&pool, 0))
      break;
    if (w->id == 0)
      EXPECT_OK(infinirtDeviceSetMemPool(0, i % 2 ? w->shared : def));
    void *a = NULL, *b = NULL;
    size_t n = (size_t)(1 + (i + w->id) % 5) << 12;
    unsigned char v = (unsigned char)(w->id * 64 + i);
    EXPECT_OK(infinirtMallocFromPoolAsync(&a, n, pool, s));
    EXPECT_OK(infinirtMallocAsync(&b, n, s));
    EXPECT_OK(infinirtMemsetAsync(a, v, n, s));
    EXPECT_OK(infinirtMemcpyAsync(b, a, n, infinirtMemcpyDefault, s));
    if (i % 3 == 0)
      EXPECT_OK(infinirtMemPoolDestroy(pool)); /* with |a| in use */
    EXPECT_OK(infinirtMemcpyAsync(h, (char *)b + n - sizeof h, sizeof h,
                                  infinirtMemcpyDefault, s));
    EXPECT_OK(infinirtFreeAsync(a, s));
    EXPECT_OK(infinirtFreeAsync(b, s));
    EXPECT_OK(infinirtStreamSynchronize(s));
    if (conf_first_not(h, sizeof h, v) != sizeof h) {
      conf_fail(__FILE__, __LINE__, "thread %d round %d: wrong data", w->id, i);
      break;
    }
    if (i % 3 != 0)
      EXPECT_OK(infinirtMemPoolDestroy(pool));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  return NULL;
}

CONF_TEST(mempool, pools_from_many_threads) {
  enum { T = 4 };
  infinirtMemPool_t shared, def, cur;
  ASSERT(make_pool(&shared, 0));
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def, 0));
  pool_worker w[T];
  pthread_t th[T];
  int started = 0;
  for (int i = 0; i < T; i++) {
    w[i] = (pool_worker){i, shared};
    if (!EXPECT(pthread_create(&th[i], NULL, pool_worker_main, &w[i]) == 0))
      break;
    started++;
  }
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  EXPECT_OK(infinirtDeviceSetMemPool(0, def));
  EXPECT_OK(infinirtMemPoolDestroy(shared));
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, def);
}

/* ---- the location-based functions (CUDA 13) ------------------------------ */

static struct infinirtMemLocation device_loc(int device) {
  return (struct infinirtMemLocation){infinirtMemLocationTypeDevice, device};
}

CONF_TEST(mempool, location_functions_agree_with_device_functions) {
  int n = conf_device_count();
  for (int d = 0; d < n; d++) {
    infinirtMemPool_t def, cur, mdef = NULL, mcur = NULL;
    struct infinirtMemLocation loc = device_loc(d);
    ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def, d));
    ASSERT_OK(infinirtDeviceGetMemPool(&cur, d));
    EXPECT_OK(infinirtMemGetDefaultMemPool(&mdef, &loc,
                                           infinirtMemAllocationTypePinned));
    EXPECT_OK(
        infinirtMemGetMemPool(&mcur, &loc, infinirtMemAllocationTypePinned));
    EXPECT_PTR_EQ(mdef, def);
    EXPECT_PTR_EQ(mcur, cur);
    /* The location is only read. */
    EXPECT_EQ(loc.type, infinirtMemLocationTypeDevice);
    EXPECT_EQ(loc.id, d);
  }
}

/* A host or managed pool: a pool where the backend has one, else
 * NotSupported with the output left alone (the CPU backend has neither;
 * a device without host pools has no host pool). */
static void host_or_managed(struct infinirtMemLocation loc,
                            enum infinirtMemAllocationType type,
                            bool must_fail) {
  for (int current = 0; current < 2; current++) {
    infinirtMemPool_t p = (infinirtMemPool_t)&loc;
    infinirtError_t err = current
                              ? infinirtMemGetMemPool(&p, &loc, type)
                              : infinirtMemGetDefaultMemPool(&p, &loc, type);
    if (err == infinirtSuccess && !must_fail) {
      EXPECT(p != NULL && p != (infinirtMemPool_t)&loc);
      continue;
    }
    EXPECT_EQ(err, infinirtErrorNotSupported);
    EXPECT_PTR_EQ(p, (infinirtMemPool_t)&loc);
    (void)infinirtGetLastError();
  }
}

CONF_TEST(mempool, location_host_and_managed_pools) {
  int host_pools = -1;
  ASSERT_OK(infinirtDeviceGetAttribute(
      &host_pools, infinirtDevAttrHostMemoryPoolsSupported, 0));
  struct infinirtMemLocation host = {infinirtMemLocationTypeHost, 0};
  struct infinirtMemLocation none = {infinirtMemLocationTypeNone, 0};
  host_or_managed(host, infinirtMemAllocationTypePinned, host_pools == 0);
  host_or_managed(host, infinirtMemAllocationTypeManaged, false);
  host_or_managed(none, infinirtMemAllocationTypeManaged, false);
  host_or_managed(device_loc(0), infinirtMemAllocationTypeManaged, false);
}

CONF_TEST(mempool, mem_set_mem_pool_round_trips_and_redirects_mallocasync) {
  struct infinirtMemLocation loc = device_loc(0);
  const enum infinirtMemAllocationType pinned = infinirtMemAllocationTypePinned;
  infinirtMemPool_t pool, def, cur = NULL;
  ASSERT(make_pool(&pool, 0));
  ASSERT_OK(infinirtMemGetDefaultMemPool(&def, &loc, pinned));
  ASSERT_OK(infinirtMemSetMemPool(&loc, pinned, pool));
  EXPECT_OK(infinirtMemGetMemPool(&cur, &loc, pinned));
  EXPECT_PTR_EQ(cur, pool);
  EXPECT_OK(infinirtDeviceGetMemPool(&cur, 0));
  EXPECT_PTR_EQ(cur, pool);
  /* The default pool stays the default. */
  EXPECT_OK(infinirtMemGetDefaultMemPool(&cur, &loc, pinned));
  EXPECT_PTR_EQ(cur, def);

  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  uint64_t def_used = attr64(def, infinirtMemPoolAttrUsedMemCurrent);
  void *p = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, 2 * MIB, s));
  EXPECT(attr64(pool, infinirtMemPoolAttrUsedMemCurrent) >= 2 * MIB);
  EXPECT_EQ(attr64(def, infinirtMemPoolAttrUsedMemCurrent), def_used);
  unsigned char h[2048];
  EXPECT_OK(infinirtMemsetAsync(p, 0x3c, 2 * MIB, s));
  EXPECT_OK(infinirtMemcpyAsync(h, (char *)p + MIB, sizeof h,
                                infinirtMemcpyDefault, s));
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x3c), sizeof h);

  /* DeviceSetMemPool and MemSetMemPool set one thing. */
  EXPECT_OK(infinirtDeviceSetMemPool(0, def));
  EXPECT_OK(infinirtMemGetMemPool(&cur, &loc, pinned));
  EXPECT_PTR_EQ(cur, def);
  EXPECT_OK(infinirtMemSetMemPool(&loc, pinned, pool));
  /* A failed set changes nothing. */
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtMemSetMemPool(&loc, infinirtMemAllocationTypeManaged, def));
  EXPECT_OK(infinirtMemGetMemPool(&cur, &loc, pinned));
  EXPECT_PTR_EQ(cur, pool);
  /* Destroying the current pool makes the default current again. */
  EXPECT_OK(infinirtMemPoolDestroy(pool));
  EXPECT_OK(infinirtMemGetMemPool(&cur, &loc, pinned));
  EXPECT_PTR_EQ(cur, def);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mempool, mem_set_mem_pool_only_at_the_pools_device) {
  NEED_TWO_DEVICES();
  struct infinirtMemLocation loc1 = device_loc(1);
  const enum infinirtMemAllocationType pinned = infinirtMemAllocationTypePinned;
  infinirtMemPool_t pool0, def1, cur;
  ASSERT(make_pool(&pool0, 0));
  ASSERT_OK(infinirtDeviceGetDefaultMemPool(&def1, 1));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemSetMemPool(&loc1, pinned, pool0));
  EXPECT_OK(infinirtMemGetMemPool(&cur, &loc1, pinned));
  EXPECT_PTR_EQ(cur, def1);
  EXPECT_OK(infinirtMemPoolDestroy(pool0));
}
