/* memcpy.c - Memcpy, MemcpyAsync, Memcpy2D, Memcpy2DAsync, Memset and
 * MemsetAsync: every kind, data verified, and their errors. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* A pointer whose range [p, p + 64) wraps around the address space. */
#define WRAPPING ((void *)(UINTPTR_MAX - 15))

typedef struct bufs {
  size_t n;
  unsigned char *h1, *h2, *h3;
  void *d1, *d2;
} bufs;

static bool bufs_init(bufs *b, size_t n) {
  memset(b, 0, sizeof *b);
  b->n = n;
  b->h1 = malloc(n);
  b->h2 = malloc(n);
  b->h3 = malloc(n);
  return EXPECT(b->h1 && b->h2 && b->h3) &&
         EXPECT_OK(infinirtMalloc(&b->d1, n)) &&
         EXPECT_OK(infinirtMalloc(&b->d2, n));
}

static void bufs_free(bufs *b) {
  free(b->h1);
  free(b->h2);
  free(b->h3);
  if (b->d1)
    EXPECT_OK(infinirtFree(b->d1));
  if (b->d2)
    EXPECT_OK(infinirtFree(b->d2));
}

/* H2D, D2D, D2H, H2H with |kind| or the explicit kinds; every step moves a
 * fresh pattern so that a skipped copy is seen. */
static void copy_chain(size_t n, bool use_default) {
  bufs b;
  if (!bufs_init(&b, n)) {
    bufs_free(&b);
    return;
  }
  infinirtMemcpyKind h2d = infinirtMemcpyHostToDevice,
                     d2d = infinirtMemcpyDeviceToDevice,
                     d2h = infinirtMemcpyDeviceToHost,
                     h2h = infinirtMemcpyHostToHost;
  if (use_default)
    h2d = d2d = d2h = h2h = infinirtMemcpyDefault;
  for (unsigned seed = 1; seed <= 2; seed++) {
    conf_fill(b.h1, n, seed);
    memset(b.h2, 0, n);
    memset(b.h3, 0, n);
    EXPECT_OK(infinirtMemcpy(b.d1, b.h1, n, h2d));
    EXPECT_OK(infinirtMemcpy(b.d2, b.d1, n, d2d));
    EXPECT_OK(infinirtMemcpy(b.h2, b.d2, n, d2h));
    EXPECT(conf_check_fill(b.h2, n, seed));
    EXPECT_OK(infinirtMemcpy(b.h3, b.h2, n, h2h));
    EXPECT(conf_check_fill(b.h3, n, seed));
  }
  bufs_free(&b);
}

CONF_TEST(memcpy, every_kind) {
  const size_t sizes[] = {1, 7, 4097, 1 << 20};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    copy_chain(sizes[i], false);
}

CONF_TEST(memcpy, default_kind_both_ways) {
  const size_t sizes[] = {1, 4097, 1 << 20};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    copy_chain(sizes[i], true);
}

CONF_TEST(memcpy, interior_pointers) {
  bufs b;
  if (bufs_init(&b, 8192)) {
    conf_fill(b.h1, 8192, 3);
    memset(b.h2, 0xee, 8192);
    EXPECT_OK(infinirtMemset(b.d1, 0, 8192));
    EXPECT_OK(infinirtMemcpy((char *)b.d1 + 1000, b.h1 + 17, 3000,
                             infinirtMemcpyDefault));
    EXPECT_OK(infinirtMemcpy(b.h2, b.d1, 8192, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(conf_first_not(b.h2, 1000, 0), 1000);
    EXPECT(memcmp(b.h2 + 1000, b.h1 + 17, 3000) == 0);
    EXPECT_EQ(conf_first_not(b.h2 + 4000, 4192, 0), 4192);
  }
  bufs_free(&b);
}

CONF_TEST(memcpy, bad_kind) {
  bufs b;
  if (bufs_init(&b, 256)) {
    memset(b.h1, 1, 256);
    memset(b.h2, 2, 256);
    const int bad[] = {5, 7, -1, 1000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
      infinirtMemcpyKind k = (infinirtMemcpyKind)bad[i];
      EXPECT_ERR(infinirtErrorInvalidMemcpyDirection,
                 infinirtMemcpy(b.h2, b.h1, 256, k));
      EXPECT_ERR(infinirtErrorInvalidMemcpyDirection,
                 infinirtMemcpyAsync(b.h2, b.h1, 256, k, NULL));
      EXPECT_ERR(infinirtErrorInvalidMemcpyDirection,
                 infinirtMemcpy2D(b.h2, 16, b.h1, 16, 16, 16, k));
    }
    EXPECT_OK(infinirtDeviceSynchronize());
    EXPECT_EQ(conf_first_not(b.h2, 256, 2), 256);
  }
  bufs_free(&b);
}

CONF_TEST(memcpy, count_zero_and_null) {
  unsigned char h[64];
  memset(h, 4, sizeof h);
  const infinirtMemcpyKind kinds[] = {
      infinirtMemcpyHostToHost, infinirtMemcpyHostToDevice,
      infinirtMemcpyDeviceToHost, infinirtMemcpyDeviceToDevice,
      infinirtMemcpyDefault};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    EXPECT_OK(infinirtMemcpy(NULL, NULL, 0, kinds[i]));
    EXPECT_OK(infinirtMemcpyAsync(NULL, NULL, 0, kinds[i], NULL));
  }
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy(NULL, h, 16, infinirtMemcpyHostToHost));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy(h, NULL, 16, infinirtMemcpyHostToHost));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy(NULL, h, 16, infinirtMemcpyDefault));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpyAsync(h, NULL, 16, infinirtMemcpyHostToHost, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy(WRAPPING, h, 64, infinirtMemcpyHostToHost));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy(h, WRAPPING, 64, infinirtMemcpyHostToHost));
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtMemcpyAsync(WRAPPING, h, 64, infinirtMemcpyHostToHost, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy(h, WRAPPING, 64, infinirtMemcpyDefault));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(conf_first_not(h, sizeof h, 4), sizeof h);
}

CONF_TEST(memcpy, async_on_streams) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  bufs b;
  if (bufs_init(&b, 1 << 16)) {
    infinirtStream_t streams[] = {s, NULL, infinirtStreamLegacy};
    for (unsigned i = 0; i < 3; i++) {
      conf_fill(b.h1, b.n, 10 + i);
      memset(b.h2, 0, b.n);
      EXPECT_OK(infinirtMemcpyAsync(b.d1, b.h1, b.n, infinirtMemcpyHostToDevice,
                                    streams[i]));
      EXPECT_OK(infinirtMemcpyAsync(b.d2, b.d1, b.n,
                                    infinirtMemcpyDeviceToDevice, streams[i]));
      EXPECT_OK(infinirtMemcpyAsync(b.h2, b.d2, b.n, infinirtMemcpyDefault,
                                    streams[i]));
      EXPECT_OK(infinirtStreamSynchronize(streams[i]));
      EXPECT(conf_check_fill(b.h2, b.n, 10 + i));
    }
  }
  bufs_free(&b);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(memcpy, async_on_dead_stream) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtStreamDestroy(s));
  unsigned char a[32], b[32];
  memset(a, 1, sizeof a);
  memset(b, 2, sizeof b);
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtMemcpyAsync(b, a, 32, infinirtMemcpyHostToHost, s));
  EXPECT_ERR(
      infinirtErrorInvalidResourceHandle,
      infinirtMemcpy2DAsync(b, 8, a, 8, 8, 4, infinirtMemcpyHostToHost, s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtMemsetAsync(b, 0, 32, s));
  int local = 0;
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtMemsetAsync(b, 0, 32, (infinirtStream_t)&local));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(conf_first_not(b, sizeof b, 2), sizeof b);
}

/* 2D: |w| bytes by |h| rows; dst gaps must stay untouched. */
CONF_TEST(memcpy, copy_2d_rows) {
  const size_t w = 100, h = 7, sp = 128, dpd = 256, dph = 160;
  unsigned char *src = malloc(sp * h), *dst = malloc(dph * h);
  void *dev = NULL, *dev2 = NULL;
  infinirtStream_t s = NULL;
  if (!EXPECT(src && dst) || !EXPECT_OK(infinirtMalloc(&dev, dpd * h)) ||
      !EXPECT_OK(infinirtMalloc(&dev2, dpd * h)) ||
      !EXPECT_OK(infinirtStreamCreate(&s)))
    goto out;
  for (int async = 0; async < 2; async++) {
    conf_fill(src, sp * h, 20 + async);
    memset(dst, 0xee, dph * h);
    EXPECT_OK(infinirtMemset(dev, 0x11, dpd * h));
    EXPECT_OK(infinirtMemset(dev2, 0x22, dpd * h));
    if (async) {
      EXPECT_OK(infinirtMemcpy2DAsync(dev, dpd, src, sp, w, h,
                                      infinirtMemcpyHostToDevice, s));
      EXPECT_OK(infinirtMemcpy2DAsync(dev2, dpd, dev, dpd, w, h,
                                      infinirtMemcpyDeviceToDevice, s));
      EXPECT_OK(infinirtMemcpy2DAsync(dst, dph, dev2, dpd, w, h,
                                      infinirtMemcpyDefault, s));
      EXPECT_OK(infinirtStreamSynchronize(s));
    } else {
      EXPECT_OK(infinirtMemcpy2D(dev, dpd, src, sp, w, h,
                                 infinirtMemcpyHostToDevice));
      EXPECT_OK(infinirtMemcpy2D(dev2, dpd, dev, dpd, w, h,
                                 infinirtMemcpyDeviceToDevice));
      EXPECT_OK(infinirtMemcpy2D(dst, dph, dev2, dpd, w, h,
                                 infinirtMemcpyDeviceToHost));
    }
    for (size_t r = 0; r < h; r++) {
      if (memcmp(dst + r * dph, src + r * sp, w) != 0)
        conf_fail(__FILE__, __LINE__, "2D row %zu differs (async=%d)", r,
                  async);
      if (conf_first_not(dst + r * dph + w, dph - w, 0xee) != dph - w)
        conf_fail(__FILE__, __LINE__, "2D gap of row %zu written", r);
    }
    /* Device gaps too: read the device buffer whole. */
    unsigned char *whole = malloc(dpd * h);
    if (EXPECT(whole) && EXPECT_OK(infinirtMemcpy(whole, dev2, dpd * h,
                                                  infinirtMemcpyDeviceToHost)))
      for (size_t r = 0; r < h; r++)
        if (conf_first_not(whole + r * dpd + w, dpd - w, 0x22) != dpd - w)
          conf_fail(__FILE__, __LINE__, "device 2D gap of row %zu written", r);
    free(whole);
  }
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (dev)
    EXPECT_OK(infinirtFree(dev));
  if (dev2)
    EXPECT_OK(infinirtFree(dev2));
  free(src);
  free(dst);
}

CONF_TEST(memcpy, copy_2d_errors) {
  unsigned char a[1024], b[1024];
  memset(a, 1, sizeof a);
  memset(b, 2, sizeof b);
  const infinirtMemcpyKind hh = infinirtMemcpyHostToHost;
  EXPECT_ERR(infinirtErrorInvalidPitchValue,
             infinirtMemcpy2D(b, 16, a, 64, 32, 4, hh));
  EXPECT_ERR(infinirtErrorInvalidPitchValue,
             infinirtMemcpy2D(b, 64, a, 16, 32, 4, hh));
  EXPECT_ERR(infinirtErrorInvalidPitchValue,
             infinirtMemcpy2DAsync(b, 16, a, 64, 32, 4, hh, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy2D(NULL, 64, a, 64, 32, 4, hh));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy2D(b, 64, NULL, 64, 32, 4, hh));
  /* Extents whose size overflows. */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy2D(b, SIZE_MAX / 2, a, 64, 32, 4, hh));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpy2D(b, 64, a, 64, 32, SIZE_MAX / 32, hh));
  /* Zero width or height does nothing. */
  EXPECT_OK(infinirtMemcpy2D(b, 64, a, 64, 0, 4, hh));
  EXPECT_OK(infinirtMemcpy2D(b, 64, a, 64, 32, 0, hh));
  EXPECT_OK(infinirtMemcpy2DAsync(b, 64, a, 64, 0, 4, hh, NULL));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(conf_first_not(b, sizeof b, 2), sizeof b);
}

CONF_TEST(memcpy, memset_sync_and_async) {
  const size_t n = 1 << 16;
  void *d = NULL;
  unsigned char *h = malloc(n);
  infinirtStream_t s = NULL;
  if (!EXPECT(h) || !EXPECT_OK(infinirtMalloc(&d, n)) ||
      !EXPECT_OK(infinirtStreamCreate(&s)))
    goto out;
  /* Only the low 8 bits of the value count. */
  EXPECT_OK(infinirtMemset(d, 0x1ab, n));
  EXPECT_OK(infinirtMemcpy(h, d, n, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(h, n, 0xab), n);
  /* A partial range leaves its surroundings alone. */
  EXPECT_OK(infinirtMemset((char *)d + 3, 0x5c, 1000));
  EXPECT_OK(infinirtMemcpy(h, d, n, infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(h, 3, 0xab), 3);
  EXPECT_EQ(conf_first_not(h + 3, 1000, 0x5c), 1000);
  EXPECT_EQ(conf_first_not(h + 1003, n - 1003, 0xab), n - 1003);
  EXPECT_OK(infinirtMemsetAsync(d, -1, n, s));
  EXPECT_OK(infinirtMemsetAsync((char *)d + 10, 0, 1, s));
  EXPECT_OK(infinirtMemcpyAsync(h, d, n, infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(h[10], 0);
  EXPECT_EQ(conf_first_not(h, 10, 0xff), 10);
  EXPECT_EQ(conf_first_not(h + 11, n - 11, 0xff), n - 11);
  EXPECT_OK(infinirtMemsetAsync(d, 0x42, n, NULL));
  EXPECT_OK(infinirtMemcpyAsync(h, d, n, infinirtMemcpyDeviceToHost, NULL));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  EXPECT_EQ(conf_first_not(h, n, 0x42), n);
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (d)
    EXPECT_OK(infinirtFree(d));
  free(h);
}

CONF_TEST(memcpy, memset_errors) {
  EXPECT_OK(infinirtMemset(NULL, 0, 0));
  EXPECT_OK(infinirtMemsetAsync(NULL, 0, 0, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemset(NULL, 0, 16));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemsetAsync(NULL, 0, 16, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemset(WRAPPING, 0, 64));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemsetAsync(WRAPPING, 0, 64, NULL));
  EXPECT_OK(infinirtDeviceSynchronize());
}

/* A zero count is checked and answered before anything else: on a thread
 * whose first call it is (no device made current, no context), it
 * succeeds and records nothing. */
static void *zero_count_first_call(void *arg) {
  (void)arg;
  if (!EXPECT_OK(infinirtExtSetDeviceType(conf_backend)))
    return NULL;
  unsigned char h[4];
  EXPECT_OK(infinirtMemcpy(h, h, 0, infinirtMemcpyDefault));
  EXPECT_OK(infinirtMemcpy2D(h, 4, h, 4, 0, 1, infinirtMemcpyDefault));
  EXPECT_OK(infinirtMemset(h, 0, 0));
  EXPECT_EQ(infinirtPeekAtLastError(), infinirtSuccess);
  return NULL;
}

CONF_TEST(memcpy, zero_count_on_a_fresh_thread) {
  pthread_t th;
  ASSERT(pthread_create(&th, NULL, zero_count_first_call, NULL) == 0);
  pthread_join(th, NULL);
}

/* ... and waits for nothing: the legacy stream is held by a gate while the
 * zero-count synchronous calls run; a call that waited would hang until the
 * gate gives up, which the gate reports. */
CONF_TEST(memcpy, zero_count_waits_for_nothing) {
  conf_gate g;
  conf_gate_init(&g);
  ASSERT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &g));
  unsigned char h[4];
  EXPECT_OK(infinirtMemcpy(h, h, 0, infinirtMemcpyHostToHost));
  EXPECT_OK(infinirtMemcpy2D(h, 4, h, 4, 4, 0, infinirtMemcpyHostToHost));
  EXPECT_OK(infinirtMemset(h, 0, 0));
  EXPECT_EQ(atomic_load(&g.open), 0);
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(atomic_load(&g.timed_out), 0);
}
