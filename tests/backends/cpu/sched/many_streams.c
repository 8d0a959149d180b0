/* many_streams.c - thousands of streams cost no threads and leave no memory.
 *
 * A stream is a queue on the worker pool, not a thread: creating 10,000
 * of them (default and non-blocking, with priorities), running a small op
 * on each and destroying them keeps the thread count at the workers plus a
 * constant, and gives their memory back. Three rounds: neither threads nor
 * resident memory grow round over round. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched_util.h"

enum { ROUNDS = 3 };

/* Resident memory the destroyed streams may leave behind: nothing of them
 * should remain, but the C allocator keeps freed heap chunks that are not
 * at the top of its heap, so a few KiB of bookkeeping per stream of 10,000
 * can stay resident. 64 MiB is that much; one OS thread per stream (stack
 * pages, per-stream rings) leaves hundreds of MiB. */
#define RSS_AFTER_DESTROY_BOUND ((long long)64 << 20)
/* Growth of the resident memory from round 1 to round 3, after destroy:
 * the allocator's reuse of the same chunks makes this near zero. */
#define RSS_ROUND_GROWTH_BOUND ((long long)16 << 20)

typedef struct thread_watch {
  long limit, max;
  const char *where; /* where |max| was first seen */
} thread_watch;

static void watch(thread_watch *w, const char *where) {
  long t = sched_threads();
  if (t > w->max) {
    w->max = t;
    w->where = where;
  }
}

static infinirtError_t create_one(infinirtStream_t *s, int i) {
  unsigned flags = i % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault;
  /* Priorities in and out of range (out of range is clamped). */
  static const int prio[] = {0, -1, -5, 3, -1000, 1000};
  switch (i % 4) {
  case 0:
    return flags ? infinirtStreamCreateWithFlags(s, flags)
                 : infinirtStreamCreate(s);
  case 1:
    return infinirtStreamCreateWithFlags(s, flags);
  default:
    return infinirtStreamCreateWithPriority(s, flags, prio[(i / 4) % 6]);
  }
}

CONF_TEST(many_streams, create_run_destroy_rounds) {
  int n = sched_scale("streams per round", "INFINIRT_TEST_STREAMS", 10000, 4000,
                      2000);
  bool check_rss = sched_sanitizer() == NULL;
  if (!check_rss)
    printf("note: resident-memory bounds not checked under %s (its "
           "allocator's quarantine and shadow memory own the figure)\n",
           sched_sanitizer());
  int workers = sched_expected_workers();
  infinirtStream_t *s = calloc((size_t)n, sizeof *s);
  unsigned char *buf = NULL;
  ASSERT(s != NULL);
  ASSERT_OK(infinirtMallocHost((void **)&buf, (size_t)n));
  atomic_int hostfns;
  atomic_init(&hostfns, 0);

  /* Warm up: the pool and whatever the first streams set up once. */
  for (int i = 0; i < 8; i++) {
    infinirtStream_t w;
    ASSERT_OK(create_one(&w, i));
    EXPECT_OK(infinirtMemsetAsync(buf, 0, 1, w));
    EXPECT_OK(infinirtStreamSynchronize(w));
    EXPECT_OK(infinirtStreamDestroy(w));
  }
  EXPECT_OK(infinirtDeviceSynchronize());
  long long base_rss = sched_rss();
  long base_threads = sched_threads();
  thread_watch tw = {workers + SCHED_THREAD_SLACK, base_threads, "baseline"};
  printf("workers expected %d, thread limit %ld; baseline: %ld threads, "
         "VmRSS %lld KiB\n",
         workers, tw.limit, base_threads, base_rss >> 10);
  ASSERT(base_rss > 0 && base_threads > 0);

  long long rss_after[ROUNDS] = {0};
  long threads_after[ROUNDS] = {0};
  int rounds_run = 0;
  for (int r = 0; r < ROUNDS; r++) {
    memset(buf, 0, (size_t)n);
    atomic_store(&hostfns, 0);
    int made = 0, want_fns = 0;
    infinirtError_t err = infinirtSuccess;
    for (int i = 0; i < n; i++) {
      err = create_one(&s[i], i);
      if (err != infinirtSuccess)
        break;
      made++;
      if (i % 4 == 3) {
        EXPECT_OK(infinirtLaunchHostFunc(s[i], conf_count_fn, &hostfns));
        want_fns++;
        buf[i] = (unsigned char)(1 + (i + r) % 250); /* nothing writes it */
      } else {
        EXPECT_OK(infinirtMemsetAsync(buf + i, 1 + (i + r) % 250, 1, s[i]));
      }
      if (i % 16 == 0)
        watch(&tw, "while creating and enqueuing");
    }
    if (err != infinirtSuccess)
      conf_fail(__FILE__, __LINE__,
                "round %d: stream %d of %d could not be created: %s (%ld "
                "threads in the process)",
                r + 1, made, n, infinirtGetErrorName(err), sched_threads());
    watch(&tw, "after enqueuing");
    /* Half synchronized one by one, the rest by the device. */
    for (int i = 0; i < made / 2; i++) {
      EXPECT_OK(infinirtStreamSynchronize(s[i]));
      if (i % 64 == 0)
        watch(&tw, "while synchronizing");
    }
    EXPECT_OK(infinirtDeviceSynchronize());
    watch(&tw, "after synchronizing");
    EXPECT_EQ(atomic_load(&hostfns), want_fns);
    int bad = -1;
    for (int i = 0; i < made && bad < 0; i++)
      if (buf[i] != (unsigned char)(1 + (i + r) % 250))
        bad = i;
    if (bad >= 0)
      conf_fail(__FILE__, __LINE__,
                "round %d: byte of stream %d is %d, expected %d", r + 1, bad,
                buf[bad], 1 + (bad + r) % 250);
    for (int i = 0; i < made; i++) {
      EXPECT_OK(infinirtStreamDestroy(s[i]));
      if (i % 64 == 0)
        watch(&tw, "while destroying");
    }
    EXPECT_OK(infinirtDeviceSynchronize());
    rss_after[r] = sched_rss();
    threads_after[r] = sched_threads();
    watch(&tw, "after destroying");
    rounds_run++;
    printf("round %d: %d streams; after destroy: %ld threads, VmRSS %lld KiB "
           "(%+lld KiB over baseline); most threads so far %ld (%s)\n",
           r + 1, made, threads_after[r], rss_after[r] >> 10,
           (rss_after[r] - base_rss) >> 10, tw.max, tw.where);
    fflush(stdout);
    if (tw.max > tw.limit) {
      conf_fail(__FILE__, __LINE__,
                "thread count: expected at most %ld (%d workers + %d), got "
                "%ld %s in round %d (with %d streams: not proportional to "
                "streams expected)",
                tw.limit, workers, SCHED_THREAD_SLACK, tw.max, tw.where, r + 1,
                made);
      /* A backend with a thread per stream would only pile up more. */
      printf("note: later rounds not run: the thread bound failed\n");
      break;
    }
    if (err != infinirtSuccess)
      break;
  }
  for (int r = 0; r < rounds_run && check_rss; r++)
    if (rss_after[r] - base_rss > RSS_AFTER_DESTROY_BOUND)
      conf_fail(__FILE__, __LINE__,
                "VmRSS after destroying round %d's streams: expected at most "
                "%lld KiB over the baseline, got %+lld KiB",
                r + 1, RSS_AFTER_DESTROY_BOUND >> 10,
                (rss_after[r] - base_rss) >> 10);
  if (rounds_run == ROUNDS) {
    if (check_rss &&
        rss_after[ROUNDS - 1] - rss_after[0] > RSS_ROUND_GROWTH_BOUND)
      conf_fail(__FILE__, __LINE__,
                "VmRSS grew round over round: after round 1 %lld KiB, after "
                "round %d %lld KiB (expected at most %lld KiB more)",
                rss_after[0] >> 10, ROUNDS, rss_after[ROUNDS - 1] >> 10,
                RSS_ROUND_GROWTH_BOUND >> 10);
    /* Spare workers, started while every worker ran a host function, are
     * transient: they leave after 200 ms idle. Wait (a bound, not a timing
     * check) for the count to settle before comparing. */
    long settled = threads_after[ROUNDS - 1];
    for (int i = 0; i < 300 && settled > threads_after[0]; i++) {
      struct timespec ts = {0, 10 * 1000 * 1000};
      nanosleep(&ts, NULL);
      settled = sched_threads();
    }
    if (settled > threads_after[0])
      conf_fail(__FILE__, __LINE__,
                "threads grew round over round: after round 1 %ld, after "
                "round %d %ld (%ld after 3 s idle)",
                threads_after[0], ROUNDS, threads_after[ROUNDS - 1], settled);
  }
  EXPECT_OK(infinirtFreeHost(buf));
  free(s);
}
