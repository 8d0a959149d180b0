/* mallocasync_reuse.c - when memory freed by FreeAsync may be reused.
 *
 * CUDA lets a later MallocAsync on the stream that freed a block reuse it at
 * once (stream order makes that safe), and lets other streams reuse it only
 * once the free has executed. These tests hold the work that uses the old
 * block behind a gate and check that no reuse corrupts it. Which block comes
 * back is each backend's pool policy (the CPU's is checked in
 * tests/backends/cpu/pool.c). Each test uses its own pool size class, so the
 * blocks of other tests do not interfere. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"

/* Gives |s| up to |ms| to run dry (bounded: a backend that makes |s| wait
 * for a gated stream must not hang the test). */
static void let_run(infinirtStream_t s, int ms) {
  for (int i = 0; i < ms && infinirtStreamQuery(s) == infinirtErrorNotReady;
       i++)
    conf_sleep_ms(1);
  infinirtGetLastError();
}

CONF_TEST(mallocasync, same_stream_reuse_keeps_order) {
  enum { N = 12388, ROUNDS = 8 };
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, ROUNDS * N));
  memset(h, 0, ROUNDS * N);
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  /* Every round's work is still pending when the next round allocates. */
  for (int r = 0; r < ROUNDS; r++) {
    void *p = NULL;
    if (!EXPECT_OK(infinirtMallocAsync(&p, N, s)))
      break;
    EXPECT_OK(infinirtMemsetAsync(p, 0x40 + r, N, s));
    EXPECT_OK(
        infinirtMemcpyAsync(h + r * N, p, N, infinirtMemcpyDeviceToHost, s));
    EXPECT_OK(infinirtFreeAsync(p, s));
  }
  EXPECT_EQ(h[0], 0); /* nothing ran past the gate */
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(!atomic_load(&g.timed_out));
  for (int r = 0; r < ROUNDS; r++)
    if (conf_first_not(h + r * N, N, (unsigned char)(0x40 + r)) != N)
      conf_fail(__FILE__, __LINE__, "round %d saw another round's data", r);
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(mallocasync, other_stream_waits_for_the_free) {
  enum { N = 20780 };
  infinirtStream_t s1, s2;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, 2 * N));
  memset(h, 0, 2 * N);
  void *p = NULL, *q = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, N, s1));
  EXPECT_OK(infinirtMemsetAsync(p, 0x21, N, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s1, conf_gate_fn, &g));
  EXPECT_OK(infinirtMemcpyAsync(h, p, N, infinirtMemcpyDeviceToHost, s1));
  EXPECT_OK(infinirtFreeAsync(p, s1)); /* pending behind the gate */
  /* s2 must not write into |p| before s1's copy has read it. */
  EXPECT_OK(infinirtMallocAsync(&q, N, s2));
  EXPECT_OK(infinirtMemsetAsync(q, 0x7e, N, s2));
  EXPECT_OK(infinirtMemcpyAsync(h + N, q, N, infinirtMemcpyDeviceToHost, s2));
  let_run(s2, 200);
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_EQ(conf_first_not(h, N, 0x21), N);
  EXPECT_EQ(conf_first_not(h + N, N, 0x7e), N);
  EXPECT_OK(infinirtFreeAsync(q, s2));
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
}

CONF_TEST(mallocasync, other_stream_reuses_after_synchronize) {
  enum { N = 29172 };
  infinirtStream_t s1, s2;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, N));
  void *p = NULL, *q = NULL, *r = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, N, s1));
  EXPECT_OK(infinirtMemsetAsync(p, 0x11, N, s1));
  EXPECT_OK(infinirtFreeAsync(p, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  /* The free has executed: s2 may have the block, and it is usable. */
  ASSERT_OK(infinirtMallocAsync(&q, N, s2));
  memset(h, 0, N);
  EXPECT_OK(infinirtMemsetAsync(q, 0x5c, N, s2));
  EXPECT_OK(infinirtMemcpyAsync(h, q, N, infinirtMemcpyDeviceToHost, s2));
  EXPECT_OK(infinirtFreeAsync(q, s2));
  /* DeviceSynchronize gives s2's freed block to the other streams too. */
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_EQ(conf_first_not(h, N, 0x5c), N);
  ASSERT_OK(infinirtMallocAsync(&r, N, s1));
  EXPECT_OK(infinirtFreeAsync(r, s1));
  EXPECT_OK(infinirtStreamSynchronize(s1));
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtStreamDestroy(s2));
}

enum { K = 3 };

CONF_TEST(mallocasync, destroy_returns_freed_blocks) {
  enum { N1 = 36864, N2 = 46080 };
  infinirtStream_t s, other;
  /* Made first, so it cannot be the destroyed stream's object reused. */
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
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  for (int i = 0; i < K; i++)
    EXPECT_OK(infinirtMallocAsync(&later[i], N2, other));
  for (int i = 0; i < K; i++) {
    EXPECT_OK(infinirtFreeAsync(got[i], other));
    EXPECT_OK(infinirtFreeAsync(later[i], other));
  }
  EXPECT_OK(infinirtStreamSynchronize(other));
  EXPECT_OK(infinirtStreamDestroy(other));
}

/* A free on a blocking stream also follows the legacy stream's pending
 * work: no other stream may reuse the block before that work ran, even
 * when the freeing stream frees more blocks than it keeps. */
CONF_TEST(mallocasync, free_on_blocking_stream_follows_legacy_work) {
  enum { N = 53248, M = 20 };
  infinirtStream_t s, s2;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, 2 * M * N));
  memset(h, 0, 2 * M * N);
  void *p[M] = {0}, *q[M] = {0};
  for (int i = 0; i < M; i++) {
    ASSERT_OK(infinirtMallocAsync(&p[i], N, s2));
    EXPECT_OK(infinirtMemsetAsync(p[i], 0x31, N, s2));
  }
  EXPECT_OK(infinirtStreamSynchronize(s2));
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &g));
  for (int i = 0; i < M; i++)
    EXPECT_OK(infinirtMemcpyAsync(h + i * N, p[i], N,
                                  infinirtMemcpyDeviceToHost, NULL));
  for (int i = 0; i < M; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  for (int i = 0; i < M; i++) {
    EXPECT_OK(infinirtMallocAsync(&q[i], N, s2));
    EXPECT_OK(infinirtMemsetAsync(q[i], 0x99, N, s2));
    EXPECT_OK(infinirtMemcpyAsync(h + (M + i) * N, q[i], N,
                                  infinirtMemcpyDeviceToHost, s2));
  }
  let_run(s2, 200);
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  for (int i = 0; i < M; i++) {
    if (conf_first_not(h + i * N, N, 0x31) != N)
      conf_fail(__FILE__, __LINE__, "block %d was reused too early", i);
    if (conf_first_not(h + (M + i) * N, N, 0x99) != N)
      conf_fail(__FILE__, __LINE__, "new block %d has wrong data", i);
    EXPECT_OK(infinirtFreeAsync(q[i], s2));
  }
  EXPECT_OK(infinirtStreamSynchronize(s2));
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtStreamDestroy(s2));
}

/* Blocks freed on a stream and never synchronised: a device reset frees
 * them, and the streams made afterwards (perhaps the same objects) work
 * without them. */
CONF_TEST(mallocasync, reset_with_freed_blocks_on_streams) {
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
  ASSERT_OK(infinirtStreamCreate(&s));
  unsigned char *h = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&h, K * N));
  for (int i = 0; i < K; i++) {
    EXPECT_OK(infinirtMallocAsync(&p[i], N, s));
    EXPECT_OK(infinirtMemsetAsync(p[i], 0x60 + i, N, s));
    EXPECT_OK(
        infinirtMemcpyAsync(h + i * N, p[i], N, infinirtMemcpyDeviceToHost, s));
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  for (int i = 0; i < K; i++) {
    EXPECT_EQ(conf_first_not(h + i * N, N, (unsigned char)(0x60 + i)), N);
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFreeHost(h));
}

/* A block freed on a stream and kept there for reuse is no allocation any
 * more: freeing it again is InvalidValue, and changes nothing. */
CONF_TEST(mallocasync, free_again_while_kept_for_reuse) {
  enum { N = 19456 };
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  void *p = NULL, *q = NULL;
  ASSERT_OK(infinirtMallocAsync(&p, N, s));
  EXPECT_OK(infinirtFreeAsync(p, s));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeAsync(p, s));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeAsync(p, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree(p));
  /* Still kept at most once, so handed out at most once. */
  EXPECT_OK(infinirtMallocAsync(&q, N, s));
  void *r = NULL;
  EXPECT_OK(infinirtMallocAsync(&r, N, s));
  EXPECT(r != q);
  EXPECT_OK(infinirtFreeAsync(q, s));
  EXPECT_OK(infinirtFreeAsync(r, s));
  EXPECT_OK(infinirtStreamDestroy(s));
}

/* ---- several host threads on one stream ------------------------------- */

enum { THREADS = 4, ITERS = 120, BATCH = 20, LIVE = 6, PEEK = 64 };

typedef struct mt_ctx {
  infinirtStream_t s;
  int index;
  unsigned char *h; /* BATCH * LIVE * PEEK bytes, page-locked */
} mt_ctx;

static unsigned char mt_value(int t, int i, int j) {
  return (unsigned char)(t * 61 + i * 7 + j + 1);
}

/* Each round holds LIVE blocks at once, so the stream's freed blocks
 * overflow what it keeps while other threads allocate and free on it. */
static void *mt_main(void *arg) {
  mt_ctx *c = arg;
  if (!conf_thread_enter(0))
    return NULL;
  for (int i = 0; i < ITERS; i++) {
    void *p[LIVE] = {0};
    for (int j = 0; j < LIVE; j++) {
      size_t n = 1000u * (size_t)(j + 1) + (size_t)c->index;
      if (!EXPECT_OK(infinirtMallocAsync(&p[j], n, c->s)))
        return NULL;
      unsigned char *dst = c->h + ((i % BATCH) * LIVE + j) * PEEK;
      EXPECT_OK(infinirtMemsetAsync(p[j], mt_value(c->index, i, j), n, c->s));
      EXPECT_OK(infinirtMemcpyAsync(dst, p[j], PEEK, infinirtMemcpyDeviceToHost,
                                    c->s));
    }
    for (int j = 0; j < LIVE; j++)
      EXPECT_OK(infinirtFreeAsync(p[j], c->s));
    if (i % BATCH != BATCH - 1)
      continue;
    EXPECT_OK(infinirtStreamSynchronize(c->s));
    for (int b = 0; b < BATCH; b++)
      for (int j = 0; j < LIVE; j++) {
        int it = i - (BATCH - 1) + b;
        unsigned char want = mt_value(c->index, it, j);
        if (conf_first_not(c->h + (b * LIVE + j) * PEEK, PEEK, want) != PEEK) {
          conf_fail(__FILE__, __LINE__, "thread %d iteration %d block %d",
                    c->index, it, j);
          return NULL;
        }
      }
  }
  return NULL;
}

CONF_TEST(mallocasync, many_threads_on_one_stream) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  mt_ctx ctx[THREADS];
  pthread_t th[THREADS];
  int started = 0;
  for (int t = 0; t < THREADS; t++)
    ctx[t] = (mt_ctx){s, t, NULL};
  for (int t = 0; t < THREADS; t++) {
    if (!EXPECT_OK(infinirtMallocHost((void **)&ctx[t].h, BATCH * LIVE * PEEK)))
      break;
    if (pthread_create(&th[t], NULL, mt_main, &ctx[t]) != 0) {
      EXPECT(!"pthread_create failed");
      break;
    }
    started++;
  }
  for (int t = 0; t < started; t++)
    pthread_join(th[t], NULL);
  EXPECT_OK(infinirtStreamSynchronize(s));
  for (int t = 0; t < THREADS; t++)
    if (ctx[t].h)
      EXPECT_OK(infinirtFreeHost(ctx[t].h));
  EXPECT_OK(infinirtStreamDestroy(s));
}
