/* default_stream.c - CPU backend: a synchronous Memset, Memcpy or Memcpy2D
 * holds its position on the legacy stream while it runs on the caller.
 *
 * The contract (infinirt.h) orders synchronous copies after the legacy
 * stream's work and later work after them; the conformance suite checks the
 * first half. The CPU backend runs them on the calling thread, and this
 * test watches one run through the page residency of the pageable memory
 * it writes (mincore), which only a backend that writes from the calling
 * thread lets a test see. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"

#define BIG_BYTES (64u << 20)

enum sync_kind { SYNC_MEMSET, SYNC_MEMCPY, SYNC_MEMCPY2D };

typedef struct sync_op {
  enum sync_kind kind;
  unsigned char *dst;
  const unsigned char *src;
  size_t page;
  atomic_int done;
} sync_op;

static void *run_sync_op(void *arg) {
  sync_op *o = arg;
  if (!conf_thread_enter(0)) {
    atomic_store(&o->done, 1);
    return NULL;
  }
  switch (o->kind) {
  case SYNC_MEMSET:
    EXPECT_OK(infinirtMemset(o->dst, 0x5a, BIG_BYTES));
    break;
  case SYNC_MEMCPY:
    EXPECT_OK(infinirtMemcpy(o->dst, o->src, BIG_BYTES, infinirtMemcpyDefault));
    break;
  case SYNC_MEMCPY2D: /* every other page: rows of one page, two apart */
    EXPECT_OK(infinirtMemcpy2D(o->dst, 2 * o->page, o->src, 2 * o->page,
                               o->page, BIG_BYTES / (2 * o->page),
                               infinirtMemcpyDefault));
    break;
  }
  atomic_store(&o->done, 1);
  return NULL;
}

/* Pages of [p, p + n) that are in memory. A fresh anonymous mapping has
 * none, and the operation faults in each page it writes, so this follows
 * its progress without reading memory it writes. */
static size_t resident_pages(void *p, size_t n, size_t page,
                             unsigned char *vec) {
  if (mincore(p, n, vec) != 0)
    return 0;
  size_t r = 0;
  for (size_t i = 0; i < n / page; i++)
    r += vec[i] & 1;
  return r;
}

/* Thread A runs a big synchronous operation; once it is seen writing and
 * until it is seen finished, work that thread B enqueues after it on a
 * blocking stream and on the legacy stream must stay pending. Detection is
 * one-sided: a failure is always a real ordering violation; an attempt in
 * which the operation finished before B looked proves nothing and is
 * retried. */
static void check_sync_op_is_on_legacy(enum sync_kind kind) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t total = BIG_BYTES / page / (kind == SYNC_MEMCPY2D ? 2 : 1);
  unsigned char *vec = malloc(BIG_BYTES / page);
  unsigned char *src = mmap(NULL, BIG_BYTES, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  infinirtStream_t blocking = NULL;
  infinirtEvent_t on_blocking = NULL, on_legacy = NULL;
  unsigned char *pinned = NULL;
  if (!EXPECT(vec != NULL) || !EXPECT(src != MAP_FAILED) ||
      !EXPECT_OK(infinirtStreamCreate(&blocking)) ||
      !EXPECT_OK(infinirtEventCreateWithFlags(&on_blocking,
                                              infinirtEventDisableTiming)) ||
      !EXPECT_OK(infinirtEventCreateWithFlags(&on_legacy,
                                              infinirtEventDisableTiming)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&pinned, 64)))
    goto out;
  memset(src, 0x5a, BIG_BYTES);
  bool conclusive = false;
  for (int attempt = 0; attempt < 5 && !conclusive; attempt++) {
    unsigned char *dst = mmap(NULL, BIG_BYTES, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!EXPECT(dst != MAP_FAILED))
      break;
    madvise(dst, BIG_BYTES, MADV_NOHUGEPAGE); /* one page per fault */
    sync_op o = {kind, dst, src, page, 0};
    pthread_t a;
    if (!EXPECT_EQ(pthread_create(&a, NULL, run_sync_op, &o), 0)) {
      munmap(dst, BIG_BYTES);
      break;
    }
    size_t r;
    while ((r = resident_pages(dst, BIG_BYTES, page, vec)) == 0 &&
           !atomic_load(&o.done))
      sched_yield();
    bool early_blocking = false, early_legacy = false, in_flight = false;
    if (r > 0 && r < total) {
      /* The last byte the operation writes, read in the blocking order. */
      size_t last =
          kind == SYNC_MEMCPY2D ? BIG_BYTES - page - 1 : BIG_BYTES - 1;
      pinned[0] = 0;
      EXPECT_OK(infinirtMemcpyAsync(pinned, dst + last, 1,
                                    infinirtMemcpyDefault, blocking));
      EXPECT_OK(infinirtEventRecord(on_blocking, blocking));
      EXPECT_OK(infinirtEventRecord(on_legacy, NULL));
      for (;;) {
        bool b = infinirtEventQuery(on_blocking) == infinirtSuccess;
        bool l = infinirtEventQuery(on_legacy) == infinirtSuccess;
        bool finished = resident_pages(dst, BIG_BYTES, page, vec) == total;
        if (finished)
          break;
        in_flight = true;
        early_blocking |= b;
        early_legacy |= l;
        if (b && l)
          break;
        sched_yield();
      }
    }
    pthread_join(a, NULL);
    EXPECT_OK(infinirtStreamSynchronize(blocking));
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    if (in_flight) {
      conclusive = true;
      EXPECT(!early_blocking); /* blocking-stream work ran during the op */
      EXPECT(!early_legacy);   /* later legacy work ran during the op */
      EXPECT_EQ(pinned[0], 0x5a);
    }
    munmap(dst, BIG_BYTES);
  }
  if (!conclusive)
    conf_skip("the operation always finished before it could be observed");
out:
  if (pinned)
    EXPECT_OK(infinirtFreeHost(pinned));
  if (on_legacy)
    EXPECT_OK(infinirtEventDestroy(on_legacy));
  if (on_blocking)
    EXPECT_OK(infinirtEventDestroy(on_blocking));
  if (blocking)
    EXPECT_OK(infinirtStreamDestroy(blocking));
  if (src != MAP_FAILED)
    munmap(src, BIG_BYTES);
  free(vec);
}

CONF_TEST(default_stream, sync_memset_holds_legacy_position) {
  check_sync_op_is_on_legacy(SYNC_MEMSET);
}

CONF_TEST(default_stream, sync_memcpy_holds_legacy_position) {
  check_sync_op_is_on_legacy(SYNC_MEMCPY);
}

CONF_TEST(default_stream, sync_memcpy2d_holds_legacy_position) {
  check_sync_op_is_on_legacy(SYNC_MEMCPY2D);
}
