/* default_stream.c - the legacy default stream's rules: it waits for all
 * blocking streams and they wait for it; non-blocking streams do neither;
 * infinirtStreamLegacy is the same stream as NULL. Synchronous Memcpy is
 * ordered after the legacy stream.
 *
 * Pending work is detected with events (EventQuery never synchronizes), and
 * gates are given HOLD_MS to be wrongly passed before the test looks. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"

#define HOLD_MS 20

typedef struct fixture {
  infinirtStream_t blocking, blocking2, nonblocking;
  infinirtEvent_t ev;
  void *d;
  unsigned char *pinned; /* copies into it never stage through the driver */
  conf_gate g;
} fixture;

static bool fx_init(fixture *f) {
  memset(f, 0, sizeof *f);
  conf_gate_init(&f->g);
  return EXPECT_OK(infinirtStreamCreate(&f->blocking)) &&
         EXPECT_OK(infinirtStreamCreateWithFlags(&f->blocking2,
                                                 infinirtStreamDefault)) &&
         EXPECT_OK(infinirtStreamCreateWithFlags(&f->nonblocking,
                                                 infinirtStreamNonBlocking)) &&
         EXPECT_OK(infinirtEventCreateWithFlags(&f->ev,
                                                infinirtEventDisableTiming)) &&
         EXPECT_OK(infinirtMalloc(&f->d, 4096)) &&
         EXPECT_OK(infinirtMallocHost((void **)&f->pinned, 64)) &&
         EXPECT_OK(infinirtMemset(f->d, 0, 4096));
}

static void fx_free(fixture *f) {
  conf_gate_open(&f->g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&f->g.timed_out));
  if (f->blocking)
    EXPECT_OK(infinirtStreamDestroy(f->blocking));
  if (f->blocking2)
    EXPECT_OK(infinirtStreamDestroy(f->blocking2));
  if (f->nonblocking)
    EXPECT_OK(infinirtStreamDestroy(f->nonblocking));
  if (f->ev)
    EXPECT_OK(infinirtEventDestroy(f->ev));
  if (f->d)
    EXPECT_OK(infinirtFree(f->d));
  if (f->pinned)
    EXPECT_OK(infinirtFreeHost(f->pinned));
}

/* Reads the first byte of |f->d| in |s|'s order. */
static int read_on(fixture *f, infinirtStream_t s) {
  f->pinned[0] = 0xcc;
  if (!EXPECT_OK(infinirtMemcpyAsync(f->pinned, f->d, 1,
                                     infinirtMemcpyDeviceToHost, s)) ||
      !EXPECT_OK(infinirtStreamSynchronize(s)))
    return -1;
  return f->pinned[0];
}

static bool gate_still_shut(conf_gate *g) {
  return EXPECT(!atomic_load(&g->open)) && EXPECT(!atomic_load(&g->timed_out));
}

CONF_TEST(default_stream, legacy_equals_null) {
  EXPECT_PTR_EQ(infinirtStreamLegacy, (infinirtStream_t)0x1);
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtStreamQuery(infinirtStreamLegacy));
    EXPECT_OK(infinirtLaunchHostFunc(infinirtStreamLegacy, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 5, 4096, NULL));
    EXPECT_OK(infinirtEventRecord(f.ev, NULL));
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
    EXPECT_ERR(infinirtErrorNotReady,
               infinirtStreamQuery(infinirtStreamLegacy));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(infinirtStreamLegacy));
    EXPECT_OK(infinirtEventQuery(f.ev));
    EXPECT_EQ(read_on(&f, NULL), 5);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, legacy_waits_for_blocking_streams) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 1, 4096, NULL));
    EXPECT_OK(infinirtEventRecord(f.ev, NULL));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT_EQ(read_on(&f, NULL), 1);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, blocking_streams_wait_for_legacy) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 2, 4096, f.blocking));
    EXPECT_OK(infinirtEventRecord(f.ev, f.blocking));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(f.blocking));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(f.blocking));
    EXPECT_EQ(read_on(&f, f.blocking), 2);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, blocking_to_blocking_through_legacy) {
  fixture f;
  if (fx_init(&f)) {
    /* blocking -> legacy -> blocking2: the second waits transitively. */
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 3, 4096, NULL));
    EXPECT_OK(infinirtMemsetAsync((char *)f.d + 1, 4, 1, f.blocking2));
    EXPECT_OK(infinirtEventRecord(f.ev, f.blocking2));
    conf_sleep_ms(HOLD_MS);
    EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(f.ev));
    conf_gate_open(&f.g);
    EXPECT_OK(infinirtStreamSynchronize(f.blocking2));
    unsigned char h[2] = {0, 0};
    EXPECT_OK(infinirtMemcpy(h, f.d, 2, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(h[0], 3);
    EXPECT_EQ(h[1], 4);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, blocking_streams_do_not_wait_for_each_other) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 6, 4096, f.blocking2));
    EXPECT_EQ(read_on(&f, f.blocking2), 6);
    gate_still_shut(&f.g);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, nonblocking_ignores_blocked_legacy) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(NULL, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 7, 4096, f.nonblocking));
    EXPECT_EQ(read_on(&f, f.nonblocking), 7);
    gate_still_shut(&f.g);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(NULL));
  }
  fx_free(&f);
}

CONF_TEST(default_stream, legacy_ignores_blocked_nonblocking) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.nonblocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 8, 4096, NULL));
    EXPECT_EQ(read_on(&f, NULL), 8);
    gate_still_shut(&f.g);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(f.nonblocking));
  }
  fx_free(&f);
}

CONF_TEST(default_stream, sync_memcpy_waits_for_blocking_stream) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.blocking, conf_sleep_fn, (void *)30));
    EXPECT_OK(infinirtMemsetAsync(f.d, 0x77, 4096, f.blocking));
    unsigned char h[4096];
    memset(h, 0, sizeof h);
    EXPECT_OK(infinirtMemcpy(h, f.d, sizeof h, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(conf_first_not(h, sizeof h, 0x77), sizeof h);
  }
  fx_free(&f);
}

CONF_TEST(default_stream, sync_memcpy_ignores_nonblocking_stream) {
  fixture f;
  if (fx_init(&f)) {
    EXPECT_OK(infinirtLaunchHostFunc(f.nonblocking, conf_gate_fn, &f.g));
    EXPECT_OK(infinirtMemsetAsync(f.d, 0x66, 4096, f.nonblocking));
    unsigned char h[16];
    memset(h, 1, sizeof h);
    EXPECT_OK(infinirtMemcpy(h, f.d, sizeof h, infinirtMemcpyDeviceToHost));
    gate_still_shut(&f.g);
    EXPECT_EQ(conf_first_not(h, sizeof h, 0), sizeof h);
  }
  fx_free(&f);
}

/* ---- a synchronous copy holds a position in the legacy stream ---------- */

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
  if (conf_backend != infinirtDeviceTypeCpu)
    CONF_SKIP("observes the operation through page residency of pageable "
              "memory it writes from the calling thread (CPU backend)");
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
