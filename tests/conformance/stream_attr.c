/* stream_attr.c - StreamGetAttribute, StreamSetAttribute and
 * StreamCopyAttributes (bad arguments: bad_calls.def). */
#include <string.h>

#include "harness.h"

static infinirtStreamAttrValue get(infinirtStream_t s,
                                   infinirtStreamAttrID attr) {
  infinirtStreamAttrValue v;
  memset(&v, 0x5a, sizeof v);
  EXPECT_OK(infinirtStreamGetAttribute(s, attr, &v));
  return v;
}

CONF_TEST(stream, attr_priority_is_the_streams) {
  int least = 0, greatest = 0;
  ASSERT_OK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithPriority(&s, infinirtStreamNonBlocking,
                                             greatest));
  EXPECT_EQ(get(s, infinirtStreamAttributePriority).priority, greatest);
  infinirtStreamAttrValue v;
  memset(&v, 0, sizeof v);
  v.priority = least;
  EXPECT_OK(infinirtStreamSetAttribute(s, infinirtStreamAttributePriority, &v));
  int prio = 99;
  EXPECT_OK(infinirtStreamGetPriority(s, &prio));
  EXPECT_EQ(prio, least);
  EXPECT_EQ(get(s, infinirtStreamAttributePriority).priority, least);
  v.priority = greatest - 100; /* clamped, as at creation */
  EXPECT_OK(infinirtStreamSetAttribute(s, infinirtStreamAttributePriority, &v));
  EXPECT_OK(infinirtStreamGetPriority(s, &prio));
  EXPECT_EQ(prio, greatest);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, attr_values_round_trip) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  infinirtStreamAttrValue v;
  memset(&v, 0, sizeof v);
  /* An empty window is accepted everywhere (the CPU's largest). */
  v.accessPolicyWindow.base_ptr = NULL;
  v.accessPolicyWindow.num_bytes = 0;
  v.accessPolicyWindow.hitRatio = 0.5f;
  v.accessPolicyWindow.hitProp = infinirtAccessPropertyPersisting;
  v.accessPolicyWindow.missProp = infinirtAccessPropertyStreaming;
  EXPECT_OK(infinirtStreamSetAttribute(
      s, infinirtStreamAttributeAccessPolicyWindow, &v));
  infinirtStreamAttrValue w = get(s, infinirtStreamAttributeAccessPolicyWindow);
  EXPECT_EQ(w.accessPolicyWindow.num_bytes, 0);
  const enum infinirtSynchronizationPolicy policies[] = {
      infinirtSyncPolicySpin, infinirtSyncPolicyYield,
      infinirtSyncPolicyBlockingSync, infinirtSyncPolicyAuto};
  for (int i = 0; i < 4; i++) {
    memset(&v, 0, sizeof v);
    v.syncPolicy = policies[i];
    EXPECT_OK(infinirtStreamSetAttribute(
        s, infinirtStreamAttributeSynchronizationPolicy, &v));
    EXPECT_EQ(get(s, infinirtStreamAttributeSynchronizationPolicy).syncPolicy,
              policies[i]);
  }
  memset(&v, 0, sizeof v);
  v.memSyncDomainMap.default_ = 1;
  v.memSyncDomainMap.remote = 0;
  EXPECT_OK(infinirtStreamSetAttribute(
      s, infinirtStreamAttributeMemSyncDomainMap, &v));
  w = get(s, infinirtStreamAttributeMemSyncDomainMap);
  EXPECT_EQ(w.memSyncDomainMap.default_, 1);
  EXPECT_EQ(w.memSyncDomainMap.remote, 0);
  memset(&v, 0, sizeof v);
  v.memSyncDomain = infinirtLaunchMemSyncDomainRemote;
  EXPECT_OK(
      infinirtStreamSetAttribute(s, infinirtStreamAttributeMemSyncDomain, &v));
  EXPECT_EQ(get(s, infinirtStreamAttributeMemSyncDomain).memSyncDomain,
            infinirtLaunchMemSyncDomainRemote);
  /* A refused value changes nothing. */
  memset(&v, 0, sizeof v);
  v.syncPolicy = (enum infinirtSynchronizationPolicy)99;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtStreamSetAttribute(
                 s, infinirtStreamAttributeSynchronizationPolicy, &v));
  EXPECT_EQ(get(s, infinirtStreamAttributeSynchronizationPolicy).syncPolicy,
            infinirtSyncPolicyAuto);
  memset(&v, 0, sizeof v);
  v.accessPolicyWindow.hitRatio = 1.5f;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtStreamSetAttribute(
                 s, infinirtStreamAttributeAccessPolicyWindow, &v));
  w = get(s, infinirtStreamAttributeAccessPolicyWindow);
  EXPECT(w.accessPolicyWindow.hitRatio != 1.5f);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(stream, attr_copy_between_streams) {
  int least = 0, greatest = 0;
  ASSERT_OK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  infinirtStream_t a, b;
  ASSERT_OK(infinirtStreamCreateWithPriority(&a, 0, greatest));
  ASSERT_OK(infinirtStreamCreateWithFlags(&b, infinirtStreamNonBlocking));
  infinirtStreamAttrValue v;
  memset(&v, 0, sizeof v);
  v.syncPolicy = infinirtSyncPolicyBlockingSync;
  EXPECT_OK(infinirtStreamSetAttribute(
      a, infinirtStreamAttributeSynchronizationPolicy, &v));
  memset(&v, 0, sizeof v);
  v.memSyncDomain = infinirtLaunchMemSyncDomainRemote;
  EXPECT_OK(
      infinirtStreamSetAttribute(a, infinirtStreamAttributeMemSyncDomain, &v));
  EXPECT_OK(infinirtStreamCopyAttributes(b, a));
  EXPECT_EQ(get(b, infinirtStreamAttributeSynchronizationPolicy).syncPolicy,
            infinirtSyncPolicyBlockingSync);
  EXPECT_EQ(get(b, infinirtStreamAttributeMemSyncDomain).memSyncDomain,
            infinirtLaunchMemSyncDomainRemote);
  EXPECT_EQ(get(b, infinirtStreamAttributePriority).priority, greatest);
  unsigned flags = 99;
  EXPECT_OK(infinirtStreamGetFlags(b, &flags)); /* flags are no attribute */
  EXPECT_EQ(flags, infinirtStreamNonBlocking);
  EXPECT_OK(infinirtStreamCopyAttributes(a, a));
  EXPECT_OK(infinirtStreamDestroy(a));
  EXPECT_OK(infinirtStreamDestroy(b));
}

CONF_TEST(stream, attr_copy_needs_one_device) {
  if (conf_device_count() < 2)
    CONF_SKIP("one device");
  infinirtStream_t a, b;
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtStreamCreate(&a));
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtStreamCreate(&b));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtStreamCopyAttributes(b, a));
  EXPECT_OK(infinirtStreamDestroy(b));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtStreamDestroy(a));
}

CONF_TEST(stream, attr_default_streams_have_a_priority) {
  infinirtStream_t defaults[] = {NULL, infinirtStreamLegacy,
                                 infinirtStreamPerThread};
  for (int i = 0; i < 3; i++)
    EXPECT_EQ(get(defaults[i], infinirtStreamAttributePriority).priority, 0);
}

/* A priority changed while work is queued: the work still runs in order,
 * and the data of the copies after the change are right. */
CONF_TEST(stream, attr_priority_change_keeps_order) {
  int least = 0, greatest = 0;
  ASSERT_OK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  enum { N = 64, BYTES = 4096 };
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  unsigned char *h = NULL, *back = NULL;
  void *d = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, BYTES));
  ASSERT_OK(infinirtMallocHost((void **)&back, BYTES));
  ASSERT_OK(infinirtMalloc(&d, BYTES));
  conf_fill(h, BYTES, 7);
  memset(back, 0, BYTES);
  static conf_log log;
  conf_log_init(&log);
  conf_log_entry entries[N];
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  infinirtStreamAttrValue v;
  memset(&v, 0, sizeof v);
  for (int i = 0; i < N; i++) {
    entries[i] = (conf_log_entry){&log, i};
    EXPECT_OK(infinirtLaunchHostFunc(s, conf_log_fn, &entries[i]));
    if (i % 16 == 15) { /* while the stream is blocked, and queued */
      v.priority = (i / 16) % 2 ? least : greatest;
      EXPECT_OK(
          infinirtStreamSetAttribute(s, infinirtStreamAttributePriority, &v));
    }
    if (i == N / 2)
      EXPECT_OK(
          infinirtMemcpyAsync(d, h, BYTES, infinirtMemcpyHostToDevice, s));
  }
  EXPECT_OK(infinirtMemcpyAsync(back, d, BYTES, infinirtMemcpyDeviceToHost, s));
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(!atomic_load(&g.timed_out));
  ASSERT_EQ(atomic_load(&log.n), N);
  for (int i = 0; i < N; i++)
    EXPECT_EQ(atomic_load(&log.v[i]), i);
  EXPECT(conf_check_fill(back, BYTES, 7));
  int prio = 99;
  EXPECT_OK(infinirtStreamGetPriority(s, &prio));
  EXPECT_EQ(prio, least); /* the last change: i = 63, (63 / 16) % 2 = 1 */
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtFreeHost(back));
}
