/* chains.c - cross-stream dependencies carry data in order.
 *
 * A chain hops from stream to stream through events; a fan-out starts many
 * streams from one event and a fan-in joins them on one stream; the legacy
 * stream orders blocking streams and not non-blocking ones. Each step reads
 * what the step before it wrote, so a dependency that is not honoured shows
 * as a wrong value (and, under TSan, as a race the runtime let through). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_util.h"

/* ---- a chain over n streams ------------------------------------------- */

/* One link: copies the counter into |slot| (MemcpyAsync), then a host
 * function writes slot + 1 back to the counter, then |mark| is set
 * (MemsetAsync). A link that ran before the previous one finished reads a
 * stale counter. */
typedef struct link_arg {
  int *counter;
  int *slot;
} link_arg;

static void link_fn(void *arg) {
  link_arg *a = arg;
  *a->counter = *a->slot + 1;
}

/* Stream kinds along the chain: blocking, non-blocking, with priorities,
 * and (with |legacy|) every fifth link on the legacy stream. */
static infinirtError_t make_stream(infinirtStream_t *s, int i) {
  switch (i % 3) {
  case 0:
    return infinirtStreamCreate(s);
  case 1:
    return infinirtStreamCreateWithFlags(s, infinirtStreamNonBlocking);
  default:
    return infinirtStreamCreateWithPriority(s, infinirtStreamNonBlocking,
                                            -(i % 2));
  }
}

static void run_chain(int n, int rounds, bool legacy) {
  int links = n * rounds;
  infinirtStream_t *s = calloc((size_t)n, sizeof *s);
  infinirtEvent_t *ev = calloc((size_t)n, sizeof *ev);
  link_arg *args = calloc((size_t)links, sizeof *args);
  int *mem = NULL; /* counter, then one slot per link */
  unsigned char *mark = NULL;
  ASSERT(s && ev && args);
  ASSERT_OK(infinirtMallocHost((void **)&mem, sizeof(int) * (links + 1)));
  ASSERT_OK(infinirtMallocHost((void **)&mark, (size_t)links));
  memset(mem, 0xff, sizeof(int) * (links + 1));
  mem[0] = 0;
  memset(mark, 0, (size_t)links);
  for (int i = 0; i < n; i++) {
    ASSERT_OK(make_stream(&s[i], i));
    ASSERT_OK(infinirtEventCreateWithFlags(&ev[i], infinirtEventDisableTiming));
  }
  /* Hold the first link while the first round is enqueued, so that those
   * links wait on events not yet done; the later rounds are enqueued while
   * the chain runs. (Not the whole chain: a backend may block the host when
   * a stream's queue is full, as CUDA does.) */
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(s[0], conf_gate_fn, &g));
  for (int k = 0; k < links; k++) {
    int i = k % n;
    infinirtStream_t st = legacy && k % 5 == 4 ? NULL : s[i];
    if (k > 0)
      EXPECT_OK(infinirtStreamWaitEvent(st, ev[(k - 1) % n], 0));
    args[k] = (link_arg){mem, mem + 1 + k};
    EXPECT_OK(infinirtMemcpyAsync(mem + 1 + k, mem, sizeof(int),
                                  infinirtMemcpyDefault, st));
    EXPECT_OK(infinirtLaunchHostFunc(st, link_fn, &args[k]));
    EXPECT_OK(infinirtMemsetAsync(mark + k, 1, 1, st));
    EXPECT_OK(infinirtEventRecord(ev[i], st));
    if (k == n - 1) {
      /* The round's last link hangs on the held first one. */
      EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(ev[i]));
      conf_gate_open(&g);
    }
  }
  EXPECT_OK(infinirtEventSynchronize(ev[(links - 1) % n]));
  EXPECT(!atomic_load(&g.timed_out));
  if (mem[0] != links)
    conf_fail(__FILE__, __LINE__,
              "chain over %d streams x %d rounds%s: counter %d, expected %d", n,
              rounds, legacy ? " with legacy links" : "", mem[0], links);
  for (int k = 0; k < links; k++) {
    if (mem[1 + k] != k || mark[k] != 1) {
      conf_fail(__FILE__, __LINE__,
                "chain over %d streams%s: link %d (stream %d, round %d) "
                "read counter %d, expected %d; its mark %d, expected 1",
                n, legacy ? " with legacy links" : "", k, k % n, k / n,
                mem[1 + k], k, mark[k]);
      break;
    }
  }
  EXPECT_OK(infinirtDeviceSynchronize());
  for (int i = 0; i < n; i++) {
    EXPECT_OK(infinirtEventDestroy(ev[i]));
    EXPECT_OK(infinirtStreamDestroy(s[i]));
  }
  EXPECT_OK(infinirtFreeHost(mark));
  EXPECT_OK(infinirtFreeHost(mem));
  free(args);
  free(ev);
  free(s);
}

static int chain_rounds(void) {
  return sched_scale("chain rounds", "INFINIRT_TEST_ROUNDS", 64, 16, 8);
}

CONF_TEST(chains, chain_8_streams) {
  run_chain(8, chain_rounds(), false);
}

CONF_TEST(chains, chain_17_streams) {
  run_chain(17, chain_rounds(), false);
}

CONF_TEST(chains, chain_64_streams) {
  run_chain(64, chain_rounds(), false);
}

CONF_TEST(chains, chain_with_legacy_links) {
  run_chain(8, chain_rounds(), true);
  run_chain(64, chain_rounds() / 4 + 1, true);
}

/* ---- fan-out and fan-in ----------------------------------------------- */

typedef struct fan {
  int n;
  int *root;  /* written by the root stream */
  int *slot;  /* slot[i]: copied from root by stream i */
  int *value; /* value[i] = slot[i] + i, by stream i's host function */
  long long sum;
} fan;

typedef struct fan_arg {
  fan *f;
  int i;
} fan_arg;

static void root_fn(void *arg) {
  fan *f = arg;
  *f->root += 1000;
}

static void value_fn(void *arg) {
  fan_arg *a = arg;
  a->f->value[a->i] = a->f->slot[a->i] + a->i;
}

static void sum_fn(void *arg) {
  fan *f = arg;
  f->sum = 0;
  for (int i = 0; i < f->n; i++)
    f->sum += f->value[i];
}

CONF_TEST(chains, fan_out_fan_in) {
  int n = sched_scale("fan-out streams", "INFINIRT_TEST_FAN", 256, 64, 64);
  int rounds = sched_scale("fan rounds", "INFINIRT_TEST_ROUNDS", 16, 4, 4);
  infinirtStream_t root_s, join_s;
  infinirtEvent_t root_ev;
  infinirtStream_t *s = calloc((size_t)n, sizeof *s);
  infinirtEvent_t *ev = calloc((size_t)n, sizeof *ev);
  fan_arg *args = calloc((size_t)n, sizeof *args);
  int *mem = NULL;
  ASSERT(s && ev && args);
  ASSERT_OK(infinirtMallocHost((void **)&mem, sizeof(int) * (1 + 2 * n)));
  fan f = {n, mem, mem + 1, mem + 1 + n, 0};
  *f.root = 0;
  ASSERT_OK(infinirtStreamCreateWithFlags(&root_s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&join_s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&root_ev, infinirtEventDisableTiming));
  for (int i = 0; i < n; i++) {
    ASSERT_OK(make_stream(&s[i], i));
    ASSERT_OK(infinirtEventCreateWithFlags(&ev[i], infinirtEventDisableTiming));
    args[i] = (fan_arg){&f, i};
  }
  for (int r = 0; r < rounds; r++) {
    conf_gate g;
    conf_gate_init(&g);
    EXPECT_OK(infinirtLaunchHostFunc(root_s, conf_gate_fn, &g));
    EXPECT_OK(infinirtLaunchHostFunc(root_s, root_fn, &f));
    EXPECT_OK(infinirtEventRecord(root_ev, root_s));
    for (int i = 0; i < n; i++) {
      EXPECT_OK(infinirtStreamWaitEvent(s[i], root_ev, 0));
      EXPECT_OK(infinirtMemcpyAsync(f.slot + i, f.root, sizeof(int),
                                    infinirtMemcpyDefault, s[i]));
      EXPECT_OK(infinirtLaunchHostFunc(s[i], value_fn, &args[i]));
      EXPECT_OK(infinirtEventRecord(ev[i], s[i]));
      EXPECT_OK(infinirtStreamWaitEvent(join_s, ev[i], 0));
    }
    EXPECT_OK(infinirtLaunchHostFunc(join_s, sum_fn, &f));
    /* Everything hangs on the held root. */
    int early = 0;
    for (int i = 0; i < n; i++)
      early += infinirtEventQuery(ev[i]) != infinirtErrorNotReady;
    if (early)
      conf_fail(__FILE__, __LINE__,
                "fan-out round %d: %d of %d streams done before the root "
                "event, expected 0",
                r, early, n);
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(join_s));
    conf_gate_open(&g);
    EXPECT_OK(infinirtStreamSynchronize(join_s));
    EXPECT(!atomic_load(&g.timed_out));
    int want_root = 1000 * (r + 1);
    long long want_sum = (long long)n * want_root + (long long)n * (n - 1) / 2;
    if (f.sum != want_sum)
      conf_fail(__FILE__, __LINE__,
                "fan-in round %d over %d streams: sum %lld, expected %lld", r,
                n, f.sum, want_sum);
    for (int i = 0; i < n; i++)
      if (f.slot[i] != want_root || f.value[i] != want_root + i) {
        conf_fail(__FILE__, __LINE__,
                  "fan-out round %d: stream %d copied %d and computed %d, "
                  "expected %d and %d",
                  r, i, f.slot[i], f.value[i], want_root, want_root + i);
        break;
      }
  }
  EXPECT_OK(infinirtDeviceSynchronize());
  for (int i = 0; i < n; i++) {
    EXPECT_OK(infinirtEventDestroy(ev[i]));
    EXPECT_OK(infinirtStreamDestroy(s[i]));
  }
  EXPECT_OK(infinirtEventDestroy(root_ev));
  EXPECT_OK(infinirtStreamDestroy(root_s));
  EXPECT_OK(infinirtStreamDestroy(join_s));
  EXPECT_OK(infinirtFreeHost(mem));
  free(args);
  free(ev);
  free(s);
}

/* ---- the legacy stream ------------------------------------------------ */

static conf_log_entry entry(conf_log *l, int v) {
  return (conf_log_entry){l, v};
}

/* Logs |n| entries of |l|, as "a b c". */
static const char *log_str(conf_log *l, char *buf, size_t cap) {
  int n = atomic_load(&l->n);
  size_t at = 0;
  buf[0] = 0;
  for (int i = 0; i < n && i < CONF_LOG_CAP && at + 12 < cap; i++)
    at += (size_t)snprintf(buf + at, cap - at, "%s%d", i ? " " : "",
                           atomic_load(&l->v[i]));
  return buf;
}

static void expect_log(conf_log *l, const int *want, int n, const char *what) {
  bool same = atomic_load(&l->n) == n;
  for (int i = 0; same && i < n; i++)
    same = atomic_load(&l->v[i]) == want[i];
  if (!same) {
    char got[128], exp[128];
    conf_log w;
    conf_log_init(&w);
    for (int i = 0; i < n; i++)
      atomic_store(&w.v[i], want[i]);
    atomic_store(&w.n, n);
    conf_fail(__FILE__, __LINE__, "%s: order [%s], expected [%s]", what,
              log_str(l, got, sizeof got), log_str(&w, exp, sizeof exp));
  }
}

/* One stream of |held| holds a gate, then logs 1; the other two kinds log 2
 * (legacy or blocking, whichever is not held) and 3 (non-blocking). While
 * the gate is closed the non-blocking stream finishes and the other waits;
 * afterwards the order is 3 1 2. */
static void check_legacy_order(bool hold_legacy) {
  infinirtStream_t blocking, nonblocking;
  ASSERT_OK(infinirtStreamCreate(&blocking));
  ASSERT_OK(
      infinirtStreamCreateWithFlags(&nonblocking, infinirtStreamNonBlocking));
  infinirtStream_t held = hold_legacy ? NULL : blocking;
  infinirtStream_t other = hold_legacy ? blocking : NULL;
  const char *what = hold_legacy ? "legacy stream held: blocking stream waits, "
                                   "non-blocking does not"
                                 : "blocking stream held: legacy stream "
                                   "waits, non-blocking does not";
  conf_log l;
  conf_log_init(&l);
  conf_log_entry e1 = entry(&l, 1), e2 = entry(&l, 2), e3 = entry(&l, 3);
  atomic_int nb_ran;
  atomic_init(&nb_ran, 0);
  conf_gate g;
  conf_gate_init(&g);
  EXPECT_OK(infinirtLaunchHostFunc(held, conf_gate_fn, &g));
  EXPECT_OK(infinirtLaunchHostFunc(held, conf_log_fn, &e1));
  EXPECT_OK(infinirtLaunchHostFunc(other, conf_log_fn, &e2));
  EXPECT_OK(infinirtLaunchHostFunc(nonblocking, conf_log_fn, &e3));
  EXPECT_OK(infinirtLaunchHostFunc(nonblocking, sched_set_fn, &nb_ran));
  if (!sched_wait_flag_or_gate(&nb_ran, &g))
    conf_fail(__FILE__, __LINE__,
              "%s: the non-blocking stream's work did not run while the "
              "gate was closed",
              what);
  const int only3[] = {3};
  expect_log(&l, only3, 1, what);
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  const int all[] = {3, 1, 2};
  expect_log(&l, all, 3, what);
  EXPECT_OK(infinirtStreamDestroy(nonblocking));
  EXPECT_OK(infinirtStreamDestroy(blocking));
}

CONF_TEST(chains, legacy_waits_for_blocking_not_nonblocking) {
  check_legacy_order(false);
}

CONF_TEST(chains, blocking_waits_for_legacy_not_nonblocking) {
  check_legacy_order(true);
}

/* Many blocking and non-blocking streams, the legacy stream between them:
 * legacy work sees every blocking stream's earlier writes and none of the
 * non-blocking streams' held work; later blocking work sees the legacy
 * write. */
typedef struct snap_arg {
  int n;
  const int *src;
  int *dst;
} snap_arg;

static void snap_fn(void *arg) {
  snap_arg *a = arg;
  memcpy(a->dst, a->src, sizeof(int) * (size_t)a->n);
}

CONF_TEST(chains, legacy_between_many_streams) {
  enum { N = 32 };
  infinirtStream_t s[N];
  int *mem = NULL; /* [0, N): one int per stream; [N]: legacy; snapshots */
  ASSERT_OK(infinirtMallocHost((void **)&mem, sizeof(int) * (3 * N + 1)));
  memset(mem, 0, sizeof(int) * (3 * N + 1));
  int *snap = mem + N + 1, *after = mem + 2 * N + 1;
  for (int i = 0; i < N; i++)
    ASSERT_OK(infinirtStreamCreateWithFlags(
        &s[i], i % 2 ? infinirtStreamNonBlocking : infinirtStreamDefault));
  conf_gate g;
  conf_gate_init(&g);
  /* Non-blocking streams are held; blocking streams write 1 each. */
  infinirtEvent_t held;
  infinirtStream_t gs;
  ASSERT_OK(infinirtStreamCreateWithFlags(&gs, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&held, infinirtEventDisableTiming));
  EXPECT_OK(infinirtLaunchHostFunc(gs, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(held, gs));
  for (int i = 0; i < N; i++) {
    if (i % 2)
      EXPECT_OK(infinirtStreamWaitEvent(s[i], held, 0));
    EXPECT_OK(infinirtMemsetAsync(mem + i, 1, 1, s[i])); /* int 1 */
  }
  /* The legacy stream snapshots all N and marks itself. */
  snap_arg sa = {N, mem, snap};
  EXPECT_OK(infinirtLaunchHostFunc(NULL, snap_fn, &sa));
  EXPECT_OK(infinirtMemsetAsync(mem + N, 7, 1, NULL));
  /* Later blocking work copies the legacy mark. */
  for (int i = 0; i < N; i += 2)
    EXPECT_OK(infinirtMemcpyAsync(after + i, mem + N, sizeof(int),
                                  infinirtMemcpyDefault, s[i]));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  /* The legacy stream finished with the non-blocking streams still held. */
  EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(s[1]));
  conf_gate_open(&g);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT(!atomic_load(&g.timed_out));
  for (int i = 0; i < N; i++) {
    int want = i % 2 ? 0 : 1;
    if (snap[i] != want)
      conf_fail(__FILE__, __LINE__,
                "legacy stream saw stream %d (%s) as %d, expected %d", i,
                i % 2 ? "non-blocking, held" : "blocking, done before it",
                snap[i], want);
    if (mem[i] != 1)
      conf_fail(__FILE__, __LINE__, "stream %d wrote %d, expected 1", i,
                mem[i]);
    if (i % 2 == 0 && after[i] != 7)
      conf_fail(__FILE__, __LINE__,
                "blocking stream %d after the legacy stream read %d, "
                "expected 7",
                i, after[i]);
  }
  for (int i = 0; i < N; i++)
    EXPECT_OK(infinirtStreamDestroy(s[i]));
  EXPECT_OK(infinirtEventDestroy(held));
  EXPECT_OK(infinirtStreamDestroy(gs));
  EXPECT_OK(infinirtFreeHost(mem));
}
