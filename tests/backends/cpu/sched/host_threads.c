/* host_threads.c - many host threads submitting at once.
 *
 * 8 and 32 threads, each with a private stream, run batches of copies and
 * host functions and synchronize, with the data checked; the same threads
 * all submit to one shared stream, where each thread's own operations must
 * run in the order it enqueued them; meanwhile other threads poll
 * EventQuery and StreamQuery, which may only say Success or NotReady. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_util.h"

enum { CHUNK = 4096, K = 16, MAXT = 32, POLLERS = 2 };

typedef struct shared_state {
  int nthreads, batches;
  _Atomic(infinirtStream_t) stream[MAXT];
  _Atomic(infinirtEvent_t) event[MAXT];
  atomic_int stop;
  atomic_int polls, bad_polls, bad_code;
} shared_state;

static void state_init(shared_state *st, int n, int batches) {
  memset(st, 0, sizeof *st);
  st->nthreads = n;
  st->batches = batches;
}

static void *poller(void *arg) {
  shared_state *st = arg;
  if (!conf_thread_enter(0))
    return NULL;
  while (!atomic_load(&st->stop)) {
    for (int t = 0; t < st->nthreads; t++) {
      infinirtEvent_t e = atomic_load(&st->event[t]);
      infinirtStream_t s = atomic_load(&st->stream[t]);
      infinirtError_t r[2] = {e ? infinirtEventQuery(e) : infinirtSuccess,
                              s ? infinirtStreamQuery(s) : infinirtSuccess};
      for (int j = 0; j < 2; j++)
        if (r[j] != infinirtSuccess && r[j] != infinirtErrorNotReady) {
          atomic_fetch_add(&st->bad_polls, 1);
          atomic_store(&st->bad_code, (int)r[j]);
        }
      atomic_fetch_add(&st->polls, 1);
    }
    sched_yield();
  }
  infinirtGetLastError();
  return NULL;
}

static void check_polls(shared_state *st, const char *what) {
  if (atomic_load(&st->bad_polls))
    conf_fail(
        __FILE__, __LINE__,
        "%s: %d EventQuery/StreamQuery polls from other threads "
        "returned %s, expected Success or NotReady",
        what, atomic_load(&st->bad_polls),
        infinirtGetErrorName((infinirtError_t)atomic_load(&st->bad_code)));
}

/* ---- private streams -------------------------------------------------- */

typedef struct private_arg {
  shared_state *st;
  int t;
  int count; /* written by host functions, read after a synchronize */
} private_arg;

static void count_plain_fn(void *arg) {
  ((private_arg *)arg)->count++;
}

static unsigned char val(int t, int b, int k) {
  return (unsigned char)(1 + (t * 31 + b * 7 + k) % 251);
}

static void *private_worker(void *arg) {
  private_arg *a = arg;
  shared_state *st = a->st;
  if (!conf_thread_enter(0))
    return NULL;
  infinirtStream_t s;
  infinirtEvent_t e;
  unsigned char *src = NULL, *dst = NULL;
  if (!EXPECT_OK(infinirtStreamCreateWithFlags(
          &s, a->t % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault)) ||
      !EXPECT_OK(infinirtEventCreateWithFlags(&e, infinirtEventDisableTiming)))
    return NULL;
  if (!EXPECT_OK(infinirtMallocHost((void **)&src, K * CHUNK)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&dst, K * CHUNK)))
    return NULL;
  atomic_store(&st->stream[a->t], s);
  atomic_store(&st->event[a->t], e);
  for (int b = 0; b < st->batches; b++) {
    for (int k = 0; k < K; k++) {
      EXPECT_OK(
          infinirtMemsetAsync(src + k * CHUNK, val(a->t, b, k), CHUNK, s));
      EXPECT_OK(infinirtMemcpyAsync(dst + k * CHUNK, src + k * CHUNK, CHUNK,
                                    infinirtMemcpyDefault, s));
    }
    EXPECT_OK(infinirtLaunchHostFunc(s, count_plain_fn, a));
    EXPECT_OK(infinirtEventRecord(e, s));
    if (b % 2)
      EXPECT_OK(infinirtStreamSynchronize(s));
    else
      EXPECT_OK(infinirtEventSynchronize(e));
    if (a->count != b + 1) {
      conf_fail(__FILE__, __LINE__,
                "thread %d batch %d: host function count %d, expected %d", a->t,
                b, a->count, b + 1);
      break;
    }
    bool ok = true;
    for (int k = 0; k < K && ok; k++) {
      size_t bad = conf_first_not(dst + k * CHUNK, CHUNK, val(a->t, b, k));
      if (bad != CHUNK) {
        conf_fail(__FILE__, __LINE__,
                  "thread %d batch %d chunk %d: byte %zu is %d, expected %d",
                  a->t, b, k, bad, dst[k * CHUNK + bad], val(a->t, b, k));
        ok = false;
      }
    }
    if (!ok)
      break;
  }
  EXPECT_OK(infinirtFreeHost(src));
  EXPECT_OK(infinirtFreeHost(dst));
  return NULL;
}

static void run_private(int n) {
  int batches =
      sched_scale("batches per thread", "INFINIRT_TEST_BATCHES", 200, 50, 20);
  shared_state *st = malloc(sizeof *st);
  private_arg *args = calloc((size_t)n, sizeof *args);
  pthread_t th[MAXT], pl[POLLERS];
  ASSERT(st && args && n <= MAXT);
  state_init(st, n, batches);
  for (int i = 0; i < POLLERS; i++)
    ASSERT_EQ(pthread_create(&pl[i], NULL, poller, st), 0);
  int started = 0;
  for (int t = 0; t < n; t++) {
    args[t] = (private_arg){st, t, 0};
    if (!EXPECT_EQ(pthread_create(&th[t], NULL, private_worker, &args[t]), 0))
      break;
    started++;
  }
  for (int t = 0; t < started; t++)
    pthread_join(th[t], NULL);
  atomic_store(&st->stop, 1);
  for (int i = 0; i < POLLERS; i++)
    pthread_join(pl[i], NULL);
  char what[64];
  snprintf(what, sizeof what, "%d threads on private streams", n);
  check_polls(st, what);
  for (int t = 0; t < n; t++) {
    infinirtEvent_t e = atomic_load(&st->event[t]);
    infinirtStream_t s = atomic_load(&st->stream[t]);
    if (e)
      EXPECT_OK(infinirtEventDestroy(e));
    if (s)
      EXPECT_OK(infinirtStreamDestroy(s));
  }
  free(args);
  free(st);
}

CONF_TEST(host_threads, private_streams_8) {
  run_private(8);
}

CONF_TEST(host_threads, private_streams_32) {
  run_private(32);
}

/* ---- one shared stream ------------------------------------------------ */

typedef struct order_state {
  int last[MAXT];        /* written by host functions only, in stream order */
  unsigned char *region; /* CHUNK bytes per thread */
  atomic_int errors;
  atomic_int first_t, first_j, first_got;
} order_state;

typedef struct order_arg {
  order_state *os;
  int t, j;
} order_arg;

/* Runs in stream order: the thread's previous op was j - 1, and the
 * memset it enqueued just before this (value j) has run. */
static void order_fn(void *arg) {
  order_arg *a = arg;
  order_state *os = a->os;
  unsigned char want = (unsigned char)(1 + a->j % 251);
  int got = os->last[a->t];
  bool ok = got == a->j - 1 &&
            conf_first_not(os->region + a->t * CHUNK, CHUNK, want) == CHUNK;
  if (!ok && atomic_fetch_add(&os->errors, 1) == 0) {
    atomic_store(&os->first_t, a->t);
    atomic_store(&os->first_j, a->j);
    atomic_store(&os->first_got, got);
  }
  os->last[a->t] = a->j;
}

typedef struct shared_arg {
  shared_state *st;
  order_state *os;
  infinirtStream_t s;
  order_arg *ops; /* this thread's */
  int t;
} shared_arg;

static void *shared_worker(void *arg) {
  shared_arg *a = arg;
  int m = a->st->batches * K;
  if (!conf_thread_enter(0))
    return NULL;
  infinirtEvent_t e;
  if (!EXPECT_OK(infinirtEventCreateWithFlags(&e, infinirtEventDisableTiming)))
    return NULL;
  atomic_store(&a->st->event[a->t], e);
  unsigned char *mine = a->os->region + a->t * CHUNK;
  for (int j = 0; j < m; j++) {
    a->ops[j] = (order_arg){a->os, a->t, j};
    EXPECT_OK(infinirtMemsetAsync(mine, 1 + j % 251, CHUNK, a->s));
    EXPECT_OK(infinirtLaunchHostFunc(a->s, order_fn, &a->ops[j]));
    if (j % K == K - 1) {
      EXPECT_OK(infinirtEventRecord(e, a->s));
      if (j % (2 * K) == K - 1)
        EXPECT_OK(infinirtStreamSynchronize(a->s));
      else
        EXPECT_OK(infinirtEventSynchronize(e));
      /* Everything this thread enqueued has run. */
      if (a->os->last[a->t] != j) {
        conf_fail(__FILE__, __LINE__,
                  "shared stream: thread %d after synchronizing op %d sees "
                  "its last op %d run, expected %d",
                  a->t, j, a->os->last[a->t], j);
        break;
      }
    }
  }
  return NULL;
}

enum shared_kind { SHARED_BLOCKING, SHARED_NONBLOCKING, SHARED_LEGACY };
static const char *const shared_name[] = {"blocking", "non-blocking", "legacy"};

static void run_shared(int n, enum shared_kind kind) {
  int batches =
      sched_scale("batches per thread", "INFINIRT_TEST_BATCHES", 100, 25, 10);
  int m = batches * K;
  shared_state *st = malloc(sizeof *st);
  order_state *os = calloc(1, sizeof *os);
  order_arg *ops = calloc((size_t)n * (size_t)m, sizeof *ops);
  shared_arg args[MAXT];
  pthread_t th[MAXT], pl[POLLERS];
  infinirtStream_t s;
  ASSERT(st && os && ops && n <= MAXT);
  state_init(st, n, batches);
  if (kind == SHARED_LEGACY)
    s = infinirtStreamLegacy; /* not NULL: the pollers skip NULL */
  else
    ASSERT_OK(infinirtStreamCreateWithFlags(&s, kind == SHARED_NONBLOCKING
                                                    ? infinirtStreamNonBlocking
                                                    : infinirtStreamDefault));
  ASSERT_OK(infinirtMallocHost((void **)&os->region, (size_t)n * CHUNK));
  memset(os->region, 0, (size_t)n * CHUNK);
  for (int t = 0; t < n; t++) {
    os->last[t] = -1;
    atomic_store(&st->stream[t], s);
  }
  for (int i = 0; i < POLLERS; i++)
    ASSERT_EQ(pthread_create(&pl[i], NULL, poller, st), 0);
  int started = 0;
  for (int t = 0; t < n; t++) {
    args[t] = (shared_arg){st, os, s, ops + (size_t)t * m, t};
    if (!EXPECT_EQ(pthread_create(&th[t], NULL, shared_worker, &args[t]), 0))
      break;
    started++;
  }
  for (int t = 0; t < started; t++)
    pthread_join(th[t], NULL);
  atomic_store(&st->stop, 1);
  for (int i = 0; i < POLLERS; i++)
    pthread_join(pl[i], NULL);
  EXPECT_OK(infinirtStreamSynchronize(s));
  char what[80];
  snprintf(what, sizeof what, "%d threads on one %s stream", n,
           shared_name[kind]);
  check_polls(st, what);
  if (atomic_load(&os->errors))
    conf_fail(__FILE__, __LINE__,
              "%s: %d ops out of their thread's order or before their "
              "memset; first: thread %d op %d found its previous op %d, "
              "expected %d",
              what, atomic_load(&os->errors), atomic_load(&os->first_t),
              atomic_load(&os->first_j), atomic_load(&os->first_got),
              atomic_load(&os->first_j) - 1);
  for (int t = 0; t < started; t++)
    if (os->last[t] != m - 1)
      conf_fail(__FILE__, __LINE__,
                "%s: thread %d's last op run is %d, "
                "expected %d",
                what, t, os->last[t], m - 1);
  for (int t = 0; t < n; t++) {
    infinirtEvent_t e = atomic_load(&st->event[t]);
    if (e)
      EXPECT_OK(infinirtEventDestroy(e));
  }
  if (kind != SHARED_LEGACY)
    EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFreeHost(os->region));
  free(ops);
  free(os);
  free(st);
}

CONF_TEST(host_threads, shared_stream_8) {
  run_shared(8, SHARED_BLOCKING);
}

CONF_TEST(host_threads, shared_stream_32) {
  run_shared(32, SHARED_NONBLOCKING);
}

CONF_TEST(host_threads, shared_legacy_stream_8) {
  run_shared(8, SHARED_LEGACY);
}
