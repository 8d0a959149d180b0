/*
 * per_thread_stream.c - host threads that each work on their own default
 * stream, compiled as `nvcc --default-stream per-thread` compiles them:
 * stream 0 and the synchronous copies of one thread do not wait for
 * another thread's default stream.
 *
 * Thread A blocks its default stream with a host function that waits (at
 * most 10 s) for thread B. B copies and sets memory synchronously on its
 * own default stream, checks the data, then releases A. Were stream 0 the
 * legacy stream, B's copies would wait for A's blocked stream and A's host
 * function would time out.
 */
#define _POSIX_C_SOURCE 200809L
#define INFINIRT_API_PER_THREAD_DEFAULT_STREAM 1

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <infinirt_runtime.h>

#define CHECK(call)                                                            \
  do {                                                                         \
    infinirtError_t e_ = (call);                                                   \
    if (e_ != infinirtSuccess) {                                                   \
      fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call,            \
              infinirtGetErrorName(e_));                                           \
      exit(EXIT_FAILURE);                                                      \
    }                                                                          \
  } while (0)

static atomic_int a_blocked, b_done, timed_out, failures;

static void fail(const char *what) {
  fprintf(stderr, "FAIL: %s\n", what);
  atomic_fetch_add(&failures, 1);
}

static void INFINIRTRT_CB hold_stream(void *unused) {
  (void)unused;
  struct timespec ms = {0, 1000000};
  atomic_store(&a_blocked, 1);
  for (int i = 0; i < 10000 && !atomic_load(&b_done); i++)
    nanosleep(&ms, NULL);
  if (!atomic_load(&b_done))
    atomic_store(&timed_out, 1);
}

static void *thread_a(void *unused) {
  (void)unused;
  CHECK(infinirtLaunchHostFunc(0, hold_stream, NULL));
  /* Stream 0 is this thread's default stream, not the legacy one. */
  if (infinirtStreamQuery(infinirtStreamPerThread) != infinirtErrorNotReady)
    fail("the host function is not on the per-thread stream");
  if (infinirtStreamQuery(infinirtStreamLegacy) != infinirtSuccess)
    fail("the legacy stream has work");
  CHECK(infinirtStreamSynchronize(0));
  return NULL;
}

static void *thread_b(void *unused) {
  (void)unused;
  enum { N = 4096 };
  static unsigned char host[N], back[N];
  unsigned char *dev = NULL;
  while (!atomic_load(&a_blocked)) {
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
  for (int i = 0; i < N; i++)
    host[i] = (unsigned char)(i * 7);
  CHECK(infinirtMalloc((void **)&dev, N));
  CHECK(infinirtMemcpy(dev, host, N, infinirtMemcpyHostToDevice));
  CHECK(infinirtMemcpy(back, dev, N, infinirtMemcpyDeviceToHost));
  if (memcmp(host, back, N) != 0)
    fail("cudaMemcpy on the per-thread stream");
  CHECK(infinirtMemset(dev, 0x5a, N / 2));
  CHECK(infinirtMemcpy2D(back, 64, dev, 64, 64, N / 64, infinirtMemcpyDeviceToHost));
  if (back[0] != 0x5a || back[N / 2 - 1] != 0x5a || back[N / 2] != host[N / 2])
    fail("cudaMemset and cudaMemcpy2D on the per-thread stream");
  CHECK(infinirtMemsetAsync(dev, 1, N, 0));
  CHECK(infinirtMemcpyAsync(back, dev, N, infinirtMemcpyDeviceToHost, 0));
  CHECK(infinirtStreamSynchronize(0));
  if (back[N - 1] != 1)
    fail("cudaMemcpyAsync on stream 0");
#if INFINIRTRT_VERSION >= 12000
  unsigned long long zero = 0, mine = 0, legacy = 0;
  CHECK(infinirtStreamGetId(0, &zero));
  CHECK(infinirtStreamGetId(infinirtStreamPerThread, &mine));
  CHECK(infinirtStreamGetId(infinirtStreamLegacy, &legacy));
  if (zero != mine || zero == legacy)
    fail("stream 0 is not the thread's default stream");
#endif
  if (atomic_load(&timed_out))
    fail("thread B's copies waited for thread A's default stream");
  /* infinirtFree waits for the whole device, A's stream too: release A first. */
  atomic_store(&b_done, 1);
  CHECK(infinirtFree(dev));
  return NULL;
}

int main(void) {
  pthread_t a, b;
  if (pthread_create(&a, NULL, thread_a, NULL) != 0 ||
      pthread_create(&b, NULL, thread_b, NULL) != 0) {
    fprintf(stderr, "cannot start the threads\n");
    return EXIT_FAILURE;
  }
  pthread_join(b, NULL);
  pthread_join(a, NULL);
  CHECK(infinirtDeviceSynchronize());
  if (atomic_load(&timed_out))
    fail("thread A's host function timed out");
  int failed = atomic_load(&failures);
  printf("%s\n", failed ? "FAILED" : "Test PASSED");
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
