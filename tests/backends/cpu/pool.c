/* pool.c - CPU backend: which block a stream-ordered allocation gets.
 *
 * The contract only says when a freed block may be reused; the conformance
 * suite (mallocasync_reuse.c, hazards.c) checks that no reuse corrupts
 * data. The CPU pool's policy is stricter and is what makes those paths
 * run: a stream reuses a block it freed at once, other streams get it once
 * the free has executed and been synchronised, a destroyed stream's blocks
 * go back to the pool once its work ran, and a reset gives them back to the
 * host. Each test uses its own size class. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "harness.h"

CONF_TEST(pool, same_stream_reuses_at_once) {
  enum { N = 12388, ROUNDS = 8 };
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  void *first = NULL;
  for (int r = 0; r < ROUNDS; r++) {
    void *p = NULL;
    if (!EXPECT_OK(infinirtMallocAsync(&p, N, s)))
      break;
    if (r == 0)
      first = p;
    EXPECT_PTR_EQ(p, first); /* the free before it is still pending */
    EXPECT_OK(infinirtMemsetAsync(p, r, N, s));
    EXPECT_OK(infinirtFreeAsync(p, s));
  }
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(pool, other_stream_not_before_the_free_ran) {
  enum { N = 20780 };
  infinirtStream_t s1, s2;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  void *p = NULL, *q = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, N, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s1, conf_gate_fn, &g));
  EXPECT_OK(infinirtFreeAsync(p, s1)); /* pending behind the gate */
  EXPECT_OK(infinirtMallocAsync(&q, N, s2));
  EXPECT(q != p);
  conf_gate_open(&g);
  EXPECT_OK(infinirtFreeAsync(q, s2));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
}

/* CUDA's default release threshold is 0: at a synchronisation the pool
 * gives the host back every block it keeps unused. */
static bool registered(const void *p) {
  struct infinirtPointerAttributes attr;
  return infinirtPointerGetAttributes(&attr, p) == infinirtSuccess &&
         attr.type == infinirtMemoryTypeDevice;
}

CONF_TEST(pool, synchronize_releases_freed_blocks) {
  enum { N = 29172 };
  infinirtStream_t s1, s2;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  void *p = NULL, *q = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, N, s1));
  EXPECT(registered(p));
  EXPECT_OK(infinirtFreeAsync(p, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT(!registered(p));
  ASSERT_OK(infinirtMallocAsync(&q, N, s2));
  EXPECT_OK(infinirtFreeAsync(q, s2));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!registered(q));
  infinirtEvent_t ev;
  ASSERT_OK(infinirtEventCreate(&ev));
  ASSERT_OK(infinirtMallocAsync(&q, N, s2));
  EXPECT_OK(infinirtFreeAsync(q, s2));
  EXPECT_OK(infinirtStreamDestroy(s2)); /* its kept blocks go to the pool */
  EXPECT_OK(infinirtEventRecord(ev, s1));
  EXPECT_OK(infinirtEventSynchronize(ev));
  EXPECT(!registered(q));
  EXPECT_OK(infinirtEventDestroy(ev));
  EXPECT_OK(infinirtStreamDestroy(s1));
}

enum { K = 3 };

/* Whether |a| and |b| hold the same K pointers. */
static bool same_set(void *const *a, void *const *b) {
  for (int i = 0; i < K; i++) {
    bool found = false;
    for (int j = 0; j < K; j++)
      found |= a[i] == b[j];
    if (!found)
      return false;
  }
  return true;
}

static bool none_in(void *const *a, void *const *b) {
  for (int i = 0; i < K; i++)
    for (int j = 0; j < K; j++)
      if (a[i] == b[j])
        return false;
  return true;
}

CONF_TEST(pool, destroy_returns_freed_blocks) {
  enum { N1 = 36864, N2 = 46080 };
  infinirtStream_t s, other;
  ASSERT_OK(infinirtStreamCreateWithFlags(&other, infinirtStreamNonBlocking));
  void *freed[K] = {0}, *got[K] = {0}, *later[K] = {0};
  /* An idle stream: destroying it returns its freed blocks at once. */
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtMallocAsync(&freed[i], N1, s));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtFreeAsync(freed[i], s));
  EXPECT_OK(infinirtStreamDestroy(s));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtMallocAsync(&got[i], N1, other));
  EXPECT(same_set(freed, got));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtFreeAsync(got[i], other));
  /* A busy stream: its blocks come back only after its work ran. */
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  for (int i = 0; i < K; i++) {
    EXPECT_OK(infinirtMallocAsync(&freed[i], N2, s));
    EXPECT_OK(infinirtMemsetAsync(freed[i], i, N2, s));
  }
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtFreeAsync(freed[i], s));
  EXPECT_OK(infinirtStreamDestroy(s));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtMallocAsync(&got[i], N2, other));
  EXPECT(none_in(freed, got));
  /* Once its work ran they went back to the pool, and a synchronisation
   * gives them to the host (release threshold 0). */
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  for (int i = 0; i < K; i++)
    EXPECT(!registered(freed[i]));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtMallocAsync(&later[i], N2, other));
  for (int i = 0; i < K; i++) {
    EXPECT_OK(infinirtFreeAsync(got[i], other));
    EXPECT_OK(infinirtFreeAsync(later[i], other));
  }
  EXPECT_OK(infinirtStreamSynchronize(other));
  EXPECT_OK(infinirtStreamDestroy(other));
}

/* A reset gives blocks freed on a stream and never synchronised back to
 * the host: nothing of the runtime owns their addresses any more, so a
 * range there can be registered (a block kept anywhere would make this
 * HostMemoryAlreadyRegistered). */
CONF_TEST(pool, reset_gives_freed_blocks_back_to_the_host) {
  enum { N = 25576 };
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  void *p[K] = {0};
  for (int i = 0; i < K; i++) {
    EXPECT_OK(infinirtMallocAsync(&p[i], N, s));
    EXPECT_OK(infinirtMemsetAsync(p[i], 1, N, s));
  }
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  EXPECT_OK(infinirtDeviceReset());
  for (int i = 0; i < K; i++)
    if (EXPECT_OK(infinirtHostRegister(p[i], 64, 0)))
      EXPECT_OK(infinirtHostUnregister(p[i]));
}

/* A block freed twice is kept once: the next allocation gets it. */
CONF_TEST(pool, free_again_keeps_the_block_once) {
  enum { N = 19456 };
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  void *p = NULL, *q = NULL, *r = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, N, s));
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeAsync(p, s));
  EXPECT_OK(infinirtMallocAsync(&q, N, s));
  EXPECT_PTR_EQ(q, p);
  EXPECT_OK(infinirtMallocAsync(&r, N, s));
  EXPECT(r != p);
  EXPECT_OK(infinirtFreeAsync(q, s));
  EXPECT_OK(infinirtFreeAsync(r, s));
  EXPECT_OK(infinirtStreamDestroy(s));
}

/* Blocks freed on a device-1 stream and kept there when device 0 is reset
 * stay device 1's: its stream hands the same block out again, and device
 * 1's own reset gives it back to the host. */
CONF_TEST(pool, reset_leaves_blocks_freed_on_other_device) {
  if (conf_device_count() < 2)
    CONF_SKIP("needs two devices (INFINIRT_CPU_DEVICE_COUNT=2)");
  enum { N = 13312 };
  void *a = NULL, *x = NULL;
  ASSERT_OK(infinirtSetDevice(1));
  infinirtStream_t s1;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtMallocAsync(&a, N, s1));
  EXPECT_OK(infinirtFreeAsync(a, s1));
  ASSERT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtDeviceReset());
  ASSERT_OK(infinirtSetDevice(1));
  EXPECT_OK(infinirtMallocAsync(&x, N, s1));
  EXPECT_PTR_EQ(x, a);
  EXPECT_OK(infinirtFreeAsync(x, s1));
  EXPECT_OK(infinirtDeviceReset()); /* device 1: destroys |s1| */
  if (EXPECT_OK(infinirtHostRegister(x, 64, 0)))
    EXPECT_OK(infinirtHostUnregister(x));
  ASSERT_OK(infinirtSetDevice(0));
}

/* ---- running out of memory ------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CONF_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CONF_SANITIZED 1
#endif
#endif

#ifndef CONF_SANITIZED
/* The process's mapped address space in bytes (VmSize), or 0. */
static size_t vm_size(void) {
  FILE *f = fopen("/proc/self/status", "re");
  char line[256];
  size_t kib = 0;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmSize:", 7) == 0)
      kib = (size_t)strtoull(line + 7, NULL, 10);
  if (f)
    fclose(f);
  return kib * 1024;
}
#endif

/* Memory that a stream keeps for reuse, or that the pool keeps after a
 * synchronisation, is unused: an allocation that finds no memory must get
 * it back, whatever size class it was. (The CPU backend moved what stream
 * caches held into the pool's lists for that class and retried, so any
 * other size still failed; infinirtMalloc did not look at them at all.) An
 * address-space limit makes the host run out. */
CONF_TEST(pool, out_of_memory_takes_back_kept_memory) {
#ifdef CONF_SANITIZED
  CONF_SKIP("a sanitizer runtime aborts when the address-space limit makes "
            "an allocation fail");
#else
  enum { KEPT = 4 };
  const size_t block = (size_t)48 << 20, big = (size_t)150 << 20;
  infinirtStream_t s, t;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&t, infinirtStreamNonBlocking));
  void *p[KEPT] = {0}, *q = NULL, *r = NULL;
  for (int i = 0; i < KEPT; i++)
    EXPECT_OK(infinirtMallocAsync(&p[i], block, s));
  for (int i = 0; i < KEPT; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s)); /* kept by |s|, executed */
  struct rlimit old, lim;
  size_t vm = vm_size();
  ASSERT(vm != 0 && getrlimit(RLIMIT_AS, &old) == 0);
  if (old.rlim_cur != RLIM_INFINITY && old.rlim_cur < vm + ((size_t)1 << 30))
    CONF_SKIP("the address space is limited already");
  /* Room for less than |big|: only the kept blocks can make room. */
  lim = (struct rlimit){vm + ((size_t)100 << 20), old.rlim_max};
  ASSERT(setrlimit(RLIMIT_AS, &lim) == 0);
  infinirtError_t e1 = infinirtMallocAsync(&q, big, t);
  /* |q| goes to the pool; the pool's blocks must make room too. */
  infinirtError_t e2 = infinirtFreeAsync(q, t);
  infinirtError_t e3 = infinirtStreamSynchronize(t);
  infinirtError_t e4 = infinirtMalloc(&r, big);
  setrlimit(RLIMIT_AS, &old);
  EXPECT_EQ(e1, infinirtSuccess);
  EXPECT_EQ(e2, infinirtSuccess);
  EXPECT_EQ(e3, infinirtSuccess);
  EXPECT_EQ(e4, infinirtSuccess);
  EXPECT_OK(infinirtFree(r));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtStreamDestroy(t));
#endif
}
