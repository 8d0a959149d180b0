/* device.c - device count and selection, properties, attributes, memory
 * info, DeviceSynchronize, DeviceReset and the device-type extension. */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include "harness.h"

CONF_TEST(device, count) {
  int n = -1;
  ASSERT_OK(infinirtGetDeviceCount(&n));
  EXPECT(n >= 1);
  int m = -1;
  const char *reason = "unset";
  ASSERT_OK(infinirtExtGetBackendStatus(conf_backend, &m, &reason));
  EXPECT_EQ(m, n);
  EXPECT_PTR_EQ(reason, NULL);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtGetDeviceCount(NULL));
}

CONF_TEST(device, set_and_get) {
  int n = conf_device_count(), d = -1;
  ASSERT(n >= 1);
  ASSERT_OK(infinirtGetDevice(&d));
  EXPECT_EQ(d, 0);
  ASSERT_OK(infinirtSetDevice(n - 1));
  ASSERT_OK(infinirtGetDevice(&d));
  EXPECT_EQ(d, n - 1);
  const int bad[] = {-1, n, n + 1, INT_MAX, INT_MIN};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    EXPECT_ERR(infinirtErrorInvalidDevice, infinirtSetDevice(bad[i]));
    d = -7;
    EXPECT_OK(infinirtGetDevice(&d));
    EXPECT_EQ(d, n - 1); /* unchanged */
  }
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtGetDevice(&d));
  EXPECT_EQ(d, 0);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtGetDevice(NULL));
}

typedef struct dev_thread_arg {
  int seen_first;
  int seen_after_set;
  pthread_barrier_t *bar;
} dev_thread_arg;

static void *device_thread(void *p) {
  dev_thread_arg *a = p;
  if (EXPECT_OK(infinirtExtSetDeviceType(conf_backend))) {
    EXPECT_OK(infinirtGetDevice(&a->seen_first));
    EXPECT_OK(infinirtSetDevice(0));
  }
  pthread_barrier_wait(a->bar); /* main sets its device now */
  pthread_barrier_wait(a->bar);
  EXPECT_OK(infinirtGetDevice(&a->seen_after_set));
  return NULL;
}

CONF_TEST(device, current_device_is_per_thread) {
  int n = conf_device_count();
  if (n < 2)
    CONF_SKIP("needs 2 devices of this type, found %d "
              "(the CPU backend takes INFINIRT_CPU_DEVICE_COUNT)",
              n);
  ASSERT_OK(infinirtSetDevice(1));
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, NULL, 2);
  dev_thread_arg a = {-1, -1, &bar};
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, device_thread, &a) == 0);
  pthread_barrier_wait(&bar);
  EXPECT_OK(infinirtSetDevice(1));
  pthread_barrier_wait(&bar);
  pthread_join(th, NULL);
  pthread_barrier_destroy(&bar);
  EXPECT_EQ(a.seen_first, 0); /* a new thread starts on device 0 */
  EXPECT_EQ(a.seen_after_set, 0);
  int d = -1;
  EXPECT_OK(infinirtGetDevice(&d));
  EXPECT_EQ(d, 1);
}

typedef struct type_thread_arg {
  int other;
  infinirtDeviceType seen;
} type_thread_arg;

static void *type_thread(void *p) {
  type_thread_arg *a = p;
  EXPECT_OK(infinirtExtSetDeviceType((infinirtDeviceType)a->other));
  EXPECT_OK(infinirtExtGetDeviceType(&a->seen));
  return NULL;
}

CONF_TEST(device, current_type_is_per_thread) {
  int other = conf_other_type();
  if (other < 0)
    CONF_SKIP("no other device type has devices in this process");
  type_thread_arg a = {other, (infinirtDeviceType)-1};
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, type_thread, &a) == 0);
  pthread_join(th, NULL);
  EXPECT_EQ(a.seen, other);
  infinirtDeviceType t = (infinirtDeviceType)-1;
  ASSERT_OK(infinirtExtGetDeviceType(&t));
  EXPECT_EQ(t, conf_backend);
}

static void check_props(const struct infinirtDeviceProp *p) {
  EXPECT(p->name[0] != '\0');
  EXPECT(memchr(p->name, '\0', sizeof p->name) != NULL);
  EXPECT(p->totalGlobalMem > 0);
  EXPECT(p->maxThreadsPerBlock > 0);
  EXPECT(p->multiProcessorCount > 0);
  for (int i = 0; i < 3; i++) {
    EXPECT(p->maxThreadsDim[i] > 0);
    EXPECT(p->maxGridSize[i] > 0);
  }
  EXPECT(p->maxThreadsDim[0] <= p->maxThreadsPerBlock);
}

CONF_TEST(device, properties_are_sane) {
  int n = conf_device_count();
  for (int d = 0; d < n; d++) {
    struct infinirtDeviceProp p;
    memset(&p, 0, sizeof p);
    ASSERT_OK(infinirtGetDeviceProperties(&p, d));
    check_props(&p);
  }
}

CONF_TEST(device, properties_errors) {
  int n = conf_device_count();
  struct infinirtDeviceProp p, before;
  memset(&p, 0xab, sizeof p);
  before = p;
  EXPECT_ERR(infinirtErrorInvalidDevice, infinirtGetDeviceProperties(&p, -1));
  EXPECT_ERR(infinirtErrorInvalidDevice, infinirtGetDeviceProperties(&p, n));
  EXPECT_ERR(infinirtErrorInvalidDevice,
             infinirtGetDeviceProperties(&p, INT_MAX));
  EXPECT(memcmp(&p, &before, sizeof p) == 0);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtGetDeviceProperties(NULL, 0));
}

typedef struct attr_field {
  enum infinirtDeviceAttr attr;
  const char *name;
  size_t offset;
  bool is_size_t;
  bool required;
} attr_field;

#define F(a, field, req)                                                       \
  {                                                                            \
    infinirtDevAttr##a, #a, offsetof(struct infinirtDeviceProp, field),        \
        sizeof(((struct infinirtDeviceProp *)0)->field) == sizeof(size_t), req \
  }
static const attr_field attr_fields[] = {
    F(MaxThreadsPerBlock, maxThreadsPerBlock, true),
    F(MaxBlockDimX, maxThreadsDim[0], true),
    F(MaxBlockDimY, maxThreadsDim[1], true),
    F(MaxBlockDimZ, maxThreadsDim[2], true),
    F(MaxGridDimX, maxGridSize[0], true),
    F(MaxGridDimY, maxGridSize[1], true),
    F(MaxGridDimZ, maxGridSize[2], true),
    F(MultiProcessorCount, multiProcessorCount, true),
    F(MaxSharedMemoryPerBlock, sharedMemPerBlock, false),
    F(TotalConstantMemory, totalConstMem, false),
    F(WarpSize, warpSize, false),
    F(MaxPitch, memPitch, false),
    F(MaxRegistersPerBlock, regsPerBlock, false),
    F(Integrated, integrated, false),
    F(CanMapHostMemory, canMapHostMemory, false),
    F(ConcurrentKernels, concurrentKernels, false),
    F(EccEnabled, ECCEnabled, false),
    F(PciBusId, pciBusID, false),
    F(PciDeviceId, pciDeviceID, false),
    F(PciDomainId, pciDomainID, false),
    F(AsyncEngineCount, asyncEngineCount, false),
    F(UnifiedAddressing, unifiedAddressing, false),
    F(GlobalMemoryBusWidth, memoryBusWidth, false),
    F(L2CacheSize, l2CacheSize, false),
    F(MaxThreadsPerMultiProcessor, maxThreadsPerMultiProcessor, false),
    F(ComputeCapabilityMajor, major, false),
    F(ComputeCapabilityMinor, minor, false),
    F(StreamPrioritiesSupported, streamPrioritiesSupported, false),
    F(MaxSharedMemoryPerMultiprocessor, sharedMemPerMultiprocessor, false),
    F(MaxRegistersPerMultiprocessor, regsPerMultiprocessor, false),
    F(ManagedMemory, managedMemory, false),
    F(HostRegisterSupported, hostRegisterSupported, false),
    F(MemoryPoolsSupported, memoryPoolsSupported, false),
    F(MaxBlocksPerMultiprocessor, maxBlocksPerMultiProcessor, false),
    F(MaxSharedMemoryPerBlockOptin, sharedMemPerBlockOptin, false),
};
#undef F

CONF_TEST(device, attributes_match_properties) {
  int n = conf_device_count();
  for (int d = 0; d < n; d++) {
    struct infinirtDeviceProp p;
    ASSERT_OK(infinirtGetDeviceProperties(&p, d));
    for (size_t i = 0; i < sizeof attr_fields / sizeof attr_fields[0]; i++) {
      const attr_field *f = &attr_fields[i];
      long long want;
      if (f->is_size_t)
        want = (long long)*(const size_t *)((const char *)&p + f->offset);
      else
        want = *(const int *)((const char *)&p + f->offset);
      int v = -12345;
      infinirtGetLastError();
      infinirtError_t e = infinirtDeviceGetAttribute(&v, f->attr, d);
      infinirtGetLastError();
      if (e == infinirtErrorInvalidValue && !f->required)
        continue;
      if (e != infinirtSuccess) {
        conf_fail(__FILE__, __LINE__, "DeviceGetAttribute(%s, %d): %s", f->name,
                  d, infinirtGetErrorName(e));
        continue;
      }
      if (want > INT_MAX)
        continue; /* the int cannot hold the field */
      if (v != want)
        conf_fail(__FILE__, __LINE__,
                  "device %d attribute %s = %d, property says %lld", d, f->name,
                  v, want);
    }
  }
}

CONF_TEST(device, attribute_errors) {
  int n = conf_device_count(), v = 77;
  const int bad_attr[] = {0, -1, 100000, INT_MAX};
  for (size_t i = 0; i < sizeof bad_attr / sizeof bad_attr[0]; i++)
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtDeviceGetAttribute(
                   &v, (enum infinirtDeviceAttr)bad_attr[i], 0));
  EXPECT_EQ(v, 77);
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtDeviceGetAttribute(NULL, infinirtDevAttrWarpSize, 0));
  EXPECT_ERR(
      infinirtErrorInvalidDevice,
      infinirtDeviceGetAttribute(&v, infinirtDevAttrMaxThreadsPerBlock, -1));
  EXPECT_ERR(
      infinirtErrorInvalidDevice,
      infinirtDeviceGetAttribute(&v, infinirtDevAttrMaxThreadsPerBlock, n));
  EXPECT_EQ(v, 77);
}

CONF_TEST(device, mem_get_info) {
  size_t fr = 0, total = 0;
  ASSERT_OK(infinirtMemGetInfo(&fr, &total));
  EXPECT(total > 0);
  EXPECT(fr > 0);
  EXPECT(fr <= total);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemGetInfo(NULL, &total));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemGetInfo(&fr, NULL));
}

CONF_TEST(device, synchronize_waits_for_every_stream) {
  infinirtStream_t s1, s2;
  ASSERT_OK(infinirtStreamCreate(&s1));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  atomic_int done;
  atomic_init(&done, 0);
  infinirtStream_t streams[] = {s1, s2, NULL};
  for (int i = 0; i < 3; i++) {
    EXPECT_OK(infinirtLaunchHostFunc(streams[i], conf_sleep_fn, (void *)20));
    EXPECT_OK(infinirtLaunchHostFunc(streams[i], conf_count_fn, &done));
  }
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&done), 3);
  EXPECT_OK(infinirtDeviceSynchronize()); /* nothing pending */
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
}

CONF_TEST(device, reset_invalidates_handles) {
  infinirtStream_t s;
  infinirtEvent_t e;
  void *p = NULL;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtEventCreate(&e));
  ASSERT_OK(infinirtMalloc(&p, 4096));
  atomic_int done;
  atomic_init(&done, 0);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)20));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_count_fn, &done));
  EXPECT_OK(infinirtEventRecord(e, s));
  ASSERT_OK(infinirtDeviceReset());
  EXPECT_EQ(atomic_load(&done), 1); /* pending work ran first */
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamQuery(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventQuery(e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLaunchHostFunc(s, conf_count_fn, &done));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamDestroy(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventDestroy(e));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree(p));
  /* The device works again afterwards. */
  infinirtStream_t s2;
  void *q = NULL;
  ASSERT_OK(infinirtStreamCreate(&s2));
  ASSERT_OK(infinirtMalloc(&q, 4096));
  EXPECT_OK(infinirtMemsetAsync(q, 3, 4096, s2));
  unsigned char h[4096];
  EXPECT_OK(
      infinirtMemcpyAsync(h, q, sizeof h, infinirtMemcpyDeviceToHost, s2));
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT_EQ(conf_first_not(h, sizeof h, 3), sizeof h);
  EXPECT_OK(infinirtFree(q));
  EXPECT_OK(infinirtStreamDestroy(s2));
  EXPECT_EQ(atomic_load(&done), 1);
}

CONF_TEST(device, ext_device_type_calls) {
  infinirtDeviceType t = (infinirtDeviceType)-1;
  ASSERT_OK(infinirtExtGetDeviceType(&t));
  EXPECT_EQ(t, conf_backend);
  const int bad[] = {-1, infinirtDeviceTypeCount, 99};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtExtSetDeviceType((infinirtDeviceType)bad[i]));
    EXPECT_OK(infinirtExtGetDeviceType(&t));
    EXPECT_EQ(t, conf_backend);
  }
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtExtGetDeviceType(NULL));
  /* Each type has a name of its own (each backend's spelling is checked in
   * tests/backends/; the runner found this one by its name). */
  for (int i = 0; i < infinirtDeviceTypeCount; i++) {
    const char *a = infinirtExtGetDeviceTypeName((infinirtDeviceType)i);
    EXPECT(a != NULL && strcmp(a, "unknown") != 0);
    for (int j = 0; a && j < i; j++)
      EXPECT(strcmp(a, infinirtExtGetDeviceTypeName((infinirtDeviceType)j)) !=
             0);
  }
  EXPECT(strcmp(infinirtExtGetDeviceTypeName(infinirtDeviceTypeCount),
                "unknown") == 0);
  EXPECT(strcmp(infinirtExtGetDeviceTypeName((infinirtDeviceType)-1),
                "unknown") == 0);
}

CONF_TEST(device, ext_backend_status) {
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    int n = -1;
    const char *reason = "unset";
    ASSERT_OK(infinirtExtGetBackendStatus((infinirtDeviceType)t, &n, &reason));
    EXPECT(n >= 0);
    if (n > 0) {
      EXPECT_PTR_EQ(reason, NULL);
      EXPECT_OK(infinirtExtGetBackendStatus((infinirtDeviceType)t, &n, NULL));
      continue;
    }
    EXPECT(reason != NULL && reason[0] != '\0');
    /* Selecting a type without devices fails and changes nothing. */
    EXPECT_ERR(infinirtErrorNoDevice,
               infinirtExtSetDeviceType((infinirtDeviceType)t));
    infinirtDeviceType cur;
    EXPECT_OK(infinirtExtGetDeviceType(&cur));
    EXPECT_EQ(cur, conf_backend);
  }
  int n = 5;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtExtGetBackendStatus(conf_backend, NULL, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtExtGetBackendStatus(infinirtDeviceTypeCount, &n, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtExtGetBackendStatus((infinirtDeviceType)-1, &n, NULL));
  EXPECT_EQ(n, 5);
}

CONF_TEST(device, flags_set_and_get) {
  const unsigned policies[] = {
      infinirtDeviceScheduleSpin, infinirtDeviceScheduleYield,
      infinirtDeviceScheduleBlockingSync, infinirtDeviceScheduleAuto};
  for (int i = 0; i < 4; i++) {
    unsigned want = policies[i] | infinirtDeviceMapHost;
    ASSERT_OK(infinirtSetDeviceFlags(want));
    unsigned got = 0;
    EXPECT_OK(infinirtGetDeviceFlags(&got));
    EXPECT_EQ(got & infinirtDeviceScheduleMask, policies[i]);
    EXPECT(got & infinirtDeviceMapHost);
  }
  /* The device works after a change of policy. */
  void *p = NULL;
  EXPECT_OK(infinirtMalloc(&p, 64));
  EXPECT_OK(infinirtMemset(p, 1, 64));
  EXPECT_OK(infinirtFree(p));
}
