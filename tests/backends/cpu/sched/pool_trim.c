/* pool_trim.c - the stream-ordered pool gives freed memory back at a
 * synchronize.
 *
 * CUDA's default release threshold is 0: memory freed with FreeAsync goes
 * back to the system at the next stream, event or device synchronize. A
 * churn of large blocks (1-16 MiB, each written in full, so resident) is
 * freed and synchronized, and the process's resident memory must come back
 * near where it started. Reuse on one stream without a synchronize still
 * hands out memory, with the data right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_util.h"

#define MIB ((size_t)1 << 20)

/* Resident memory allowed over the baseline after the trim: no freed block
 * may be kept, so what is left is the allocator's bookkeeping and a little
 * heap the C library keeps. 32 MiB is twice the largest block and an
 * eighth of the churn; a pool that keeps its freed blocks keeps them all. */
#define TRIM_BOUND ((long long)32 << 20)

enum sync_kind { BY_STREAM, BY_DEVICE, BY_EVENT };
static const char *const sync_name[] = {
    "StreamSynchronize", "DeviceSynchronize", "EventSynchronize"};

typedef struct block {
  void *p;
  size_t size;
  unsigned char v;
} block;

static unsigned next_rand(unsigned *x) {
  *x = *x * 1103515245u + 12345u;
  return *x >> 16;
}

static void do_sync(enum sync_kind k, infinirtStream_t s, infinirtEvent_t e) {
  switch (k) {
  case BY_STREAM:
    EXPECT_OK(infinirtStreamSynchronize(s));
    break;
  case BY_DEVICE:
    EXPECT_OK(infinirtDeviceSynchronize());
    break;
  case BY_EVENT:
    EXPECT_OK(infinirtEventRecord(e, s));
    EXPECT_OK(infinirtEventSynchronize(e));
    break;
  }
}

/* Allocates blocks of 1-16 MiB on |s|, each set to its own value, until
 * |total| bytes are live. */
static int fill(block *b, int nb, int cap, size_t *live, size_t total,
                infinirtStream_t s, unsigned *seed) {
  while (*live < total && nb < cap) {
    size_t size = (1 + next_rand(seed) % 16) * MIB;
    block *k = &b[nb];
    k->size = size;
    k->v = (unsigned char)(1 + next_rand(seed) % 250);
    if (!EXPECT_OK(infinirtMallocAsync(&k->p, size, s)))
      break;
    EXPECT_OK(infinirtMemsetAsync(k->p, k->v, size, s));
    *live += size;
    nb++;
  }
  return nb;
}

/* First, middle and last byte of every block, read in stream order. */
static void check_blocks(const block *b, int nb, infinirtStream_t s,
                         unsigned char *probe, const char *what) {
  for (int i = 0; i < nb; i++) {
    const unsigned char *p = b[i].p;
    size_t at[3] = {0, b[i].size / 2, b[i].size - 1};
    for (int j = 0; j < 3; j++)
      EXPECT_OK(infinirtMemcpyAsync(probe + 3 * i + j, p + at[j], 1,
                                    infinirtMemcpyDefault, s));
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  for (int i = 0; i < 3 * nb; i++)
    if (probe[i] != b[i / 3].v) {
      conf_fail(__FILE__, __LINE__,
                "%s: block %d (%zu MiB) byte %d of 3 probed is %d, expected "
                "%d",
                what, i / 3, b[i / 3].size / MIB, i % 3, probe[i], b[i / 3].v);
      return;
    }
}

static void check_trim(enum sync_kind kind) {
  size_t total = (size_t)sched_scale("MiB of churned blocks",
                                     "INFINIRT_TEST_POOL_MIB", 256, 64, 64) *
                 MIB;
  bool check_rss = sched_sanitizer() == NULL;
  if (!check_rss)
    printf("note: resident-memory bounds not checked under %s (its "
           "allocator and shadow memory own the figure)\n",
           sched_sanitizer());
  enum { CAP = 1024, ROUNDS = 2, PASSES = 3 };
  block *b = calloc(CAP, sizeof *b);
  unsigned char *probe = NULL;
  infinirtStream_t s;
  infinirtEvent_t e;
  ASSERT(b != NULL);
  ASSERT_OK(infinirtMallocHost((void **)&probe, 3 * CAP));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventDisableTiming));
  /* Warm up what a first allocation sets up once. */
  void *w = NULL;
  EXPECT_OK(infinirtMallocAsync(&w, 4096, s));
  EXPECT_OK(infinirtFreeAsync(w, s));
  do_sync(kind, s, e);
  long long base = sched_rss();
  ASSERT(base > 0);
  unsigned seed = 12345u + (unsigned)kind;
  for (int r = 0; r < ROUNDS; r++) {
    size_t live = 0;
    int nb = fill(b, 0, CAP, &live, total, s, &seed);
    /* Churn: free every other block, allocate to the total again. */
    for (int pass = 0; pass < PASSES; pass++) {
      int kept = 0;
      for (int i = 0; i < nb; i++) {
        if ((i + pass) % 2) {
          EXPECT_OK(infinirtFreeAsync(b[i].p, s));
          live -= b[i].size;
        } else {
          b[kept++] = b[i];
        }
      }
      nb = fill(b, kept, CAP, &live, total, s, &seed);
    }
    check_blocks(b, nb, s, probe, "churn");
    long long peak = sched_rss();
    for (int i = 0; i < nb; i++)
      EXPECT_OK(infinirtFreeAsync(b[i].p, s));
    do_sync(kind, s, e);
    long long after = sched_rss();
    printf("round %d (%s): baseline %lld KiB, %zu MiB live %lld KiB, after "
           "free + sync %lld KiB (%+lld KiB)\n",
           r + 1, sync_name[kind], base >> 10, total / MIB, peak >> 10,
           after >> 10, (after - base) >> 10);
    fflush(stdout);
    if (!check_rss)
      continue;
    /* The blocks were written, so they were resident: else this measures
     * nothing. */
    if (peak - base < (long long)total / 2)
      conf_fail(__FILE__, __LINE__,
                "round %d: VmRSS with %zu MiB of written blocks live is only "
                "%+lld KiB over the baseline: expected at least %zu KiB",
                r + 1, total / MIB, (peak - base) >> 10, total / 2 >> 10);
    if (after - base > TRIM_BOUND)
      conf_fail(__FILE__, __LINE__,
                "round %d: VmRSS after FreeAsync of everything and %s: "
                "expected at most %lld KiB over the baseline, got %+lld KiB "
                "(release threshold 0: freed memory goes back at "
                "synchronize)",
                r + 1, sync_name[kind], TRIM_BOUND >> 10, (after - base) >> 10);
  }
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFreeHost(probe));
  free(b);
}

CONF_TEST(pool_trim, stream_synchronize) {
  check_trim(BY_STREAM);
}

CONF_TEST(pool_trim, device_synchronize) {
  check_trim(BY_DEVICE);
}

CONF_TEST(pool_trim, event_synchronize) {
  check_trim(BY_EVENT);
}

/* MallocAsync after FreeAsync on one stream, with no synchronize between
 * (and the stream held, so the free has not even run): memory is handed
 * out and the data in stream order is right. */
CONF_TEST(pool_trim, same_stream_reuse_without_sync) {
  enum { ITERS = 16 };
  infinirtStream_t s;
  unsigned char *out = NULL;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtMallocHost((void **)&out, ITERS * 2));
  memset(out, 0, ITERS * 2);
  for (int held = 0; held < 2; held++) {
    conf_gate g;
    conf_gate_init(&g);
    if (held)
      EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
    for (int i = 0; i < ITERS; i++) {
      size_t size = (1 + (size_t)(i % 4) * 5) * MIB;
      void *p = NULL;
      if (!EXPECT_OK(infinirtMallocAsync(&p, size, s)))
        break;
      if (p == NULL) {
        conf_fail(__FILE__, __LINE__,
                  "MallocAsync %d of %zu MiB after a FreeAsync on the same "
                  "stream%s stored NULL",
                  i, size / MIB, held ? " (held)" : "");
        break;
      }
      unsigned char v = (unsigned char)(10 + i);
      unsigned char *c = p;
      EXPECT_OK(infinirtMemsetAsync(p, v, size, s));
      EXPECT_OK(
          infinirtMemcpyAsync(out + 2 * i, c, 1, infinirtMemcpyDefault, s));
      EXPECT_OK(infinirtMemcpyAsync(out + 2 * i + 1, c + size - 1, 1,
                                    infinirtMemcpyDefault, s));
      EXPECT_OK(infinirtFreeAsync(p, s));
    }
    conf_gate_open(&g);
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT(!atomic_load(&g.timed_out));
    for (int i = 0; i < 2 * ITERS; i++)
      if (out[i] != 10 + i / 2) {
        conf_fail(__FILE__, __LINE__,
                  "reuse on one stream%s: allocation %d read %d, expected %d",
                  held ? " (held)" : "", i / 2, out[i], 10 + i / 2);
        break;
      }
    memset(out, 0, ITERS * 2);
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFreeHost(out));
}

/* A created pool that keeps everything (threshold UINT64_MAX) holds its
 * freed blocks resident through a synchronize; MemPoolTrimTo(0) unmaps
 * them, and so does destroying a pool once its last allocation, still in
 * use at the destroy, is freed. */
static void written_blocks(infinirtMemPool_t pool, infinirtStream_t s, void **p,
                           int n, size_t size) {
  for (int i = 0; i < n; i++) {
    p[i] = NULL;
    EXPECT_OK(infinirtMallocFromPoolAsync(&p[i], size, pool, s));
    EXPECT_OK(infinirtMemsetAsync(p[i], 0x11 + i, size, s));
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
}

CONF_TEST(pool_trim, trim_to_and_destroy_unmap) {
  enum { N = 16 };
  const size_t size = 8 * MIB, total = N * 8 * MIB;
  bool check_rss = sched_sanitizer() == NULL;
  struct infinirtMemPoolProps props;
  memset(&props, 0, sizeof props);
  props.allocType = infinirtMemAllocationTypePinned;
  props.location.type = infinirtMemLocationTypeDevice;
  infinirtMemPool_t pool;
  infinirtStream_t s;
  ASSERT_OK(infinirtMemPoolCreate(&pool, &props));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  uint64_t keep_all = UINT64_MAX;
  ASSERT_OK(infinirtMemPoolSetAttribute(
      pool, infinirtMemPoolAttrReleaseThreshold, &keep_all));
  void *p[N];
  long long base = sched_rss();
  written_blocks(pool, s, p, N, size);
  for (int i = 0; i < N; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  long long kept = sched_rss();
  EXPECT_OK(infinirtMemPoolTrimTo(pool, 0));
  long long trimmed = sched_rss();
  /* Destroyed with half of it in use; the rest is freed afterwards. */
  written_blocks(pool, s, p, N, size);
  for (int i = 0; i < N / 2; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtMemPoolDestroy(pool));
  long long at_destroy = sched_rss();
  for (int i = N / 2; i < N; i++)
    EXPECT_OK(infinirtFreeAsync(p[i], s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  long long drained = sched_rss();
  printf("baseline %lld KiB; %zu MiB freed and kept %+lld KiB; after "
         "TrimTo(0) %+lld KiB; destroyed with half in use %+lld KiB; all "
         "freed %+lld KiB\n",
         base >> 10, total / MIB, (kept - base) >> 10, (trimmed - base) >> 10,
         (at_destroy - base) >> 10, (drained - base) >> 10);
  EXPECT_OK(infinirtStreamDestroy(s));
  if (!check_rss)
    return;
  if (kept - base < (long long)total / 2)
    conf_fail(__FILE__, __LINE__,
              "a pool that keeps everything kept only %+lld KiB of %zu MiB",
              (kept - base) >> 10, total / MIB);
  if (trimmed - base > TRIM_BOUND)
    conf_fail(__FILE__, __LINE__,
              "MemPoolTrimTo(0) left %+lld KiB resident (at most %lld KiB)",
              (trimmed - base) >> 10, TRIM_BOUND >> 10);
  if (at_destroy - base < (long long)total / 4 ||
      at_destroy - base > (long long)total / 2 + TRIM_BOUND)
    conf_fail(__FILE__, __LINE__,
              "destroyed with %zu MiB in use: %+lld KiB resident",
              total / 2 / MIB, (at_destroy - base) >> 10);
  if (drained - base > TRIM_BOUND)
    conf_fail(__FILE__, __LINE__,
              "a destroyed pool whose memory was all freed keeps %+lld KiB "
              "resident (at most %lld KiB)",
              (drained - base) >> 10, TRIM_BOUND >> 10);
}
