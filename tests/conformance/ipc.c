/* ipc.c - interprocess memory and event handles: what one process sees
 * (handles of its own allocations and events, the errors of bad handles)
 * and what two see (a second process, ipc_peer.c, opens the handles, waits
 * for the event, reads and writes the memory, records the event). What a
 * handle opens after its memory was freed or its event destroyed is
 * undefined in CUDA: the CPU backend's answer is tested in
 * tests/backends/cpu/ipc.c. Bad arguments: bad_calls.def. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ipc_peer.h"

/* 1 MiB and a few bytes: several pages, the last one partly used. */
#define BIG ((size_t)(1u << 20) + 123u)

static bool same_mem(const infinirtIpcMemHandle_t *a,
                     const infinirtIpcMemHandle_t *b) {
  return memcmp(a->reserved, b->reserved, sizeof a->reserved) == 0;
}

CONF_TEST(ipc, mem_handle_names_the_whole_allocation) {
  const size_t sizes[] = {1, 100, 5000, BIG};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    size_t n = sizes[k];
    void *d;
    unsigned char *h = malloc(n);
    ASSERT(h);
    ASSERT_OK(infinirtMalloc(&d, n));
    conf_fill(h, n, 11);
    EXPECT_OK(infinirtMemcpy(d, h, n, infinirtMemcpyHostToDevice));
    infinirtIpcMemHandle_t base, inner, last, again;
    EXPECT_OK(infinirtIpcGetMemHandle(&base, d));
    EXPECT_OK(infinirtIpcGetMemHandle(&inner, (char *)d + n / 2));
    EXPECT_OK(infinirtIpcGetMemHandle(&last, (char *)d + n - 1));
    EXPECT_OK(infinirtIpcGetMemHandle(&again, d));
    EXPECT(same_mem(&base, &inner));
    EXPECT(same_mem(&base, &last));
    EXPECT(same_mem(&base, &again));
    /* Exporting changes nothing the process sees. */
    memset(h, 0, n);
    EXPECT_OK(infinirtMemcpy(h, d, n, infinirtMemcpyDeviceToHost));
    EXPECT(conf_check_fill(h, n, 11));
    EXPECT_OK(infinirtMemset(d, 0x5c, n));
    EXPECT_OK(infinirtMemcpy(h, d, n, infinirtMemcpyDeviceToHost));
    EXPECT_EQ(conf_first_not(h, n, 0x5c), n);
    struct infinirtPointerAttributes attr;
    EXPECT_OK(infinirtPointerGetAttributes(&attr, d));
    EXPECT_EQ(attr.type, infinirtMemoryTypeDevice);
    EXPECT_OK(infinirtFree(d));
    free(h);
  }
}

CONF_TEST(ipc, mem_handle_is_new_for_new_memory) {
  void *d;
  infinirtIpcMemHandle_t first, second;
  ASSERT_OK(infinirtMalloc(&d, 4096));
  ASSERT_OK(infinirtIpcGetMemHandle(&first, d));
  ASSERT_OK(infinirtFree(d));
  /* Often at the same address: the handle must still be another. */
  ASSERT_OK(infinirtMalloc(&d, 4096));
  EXPECT_OK(infinirtIpcGetMemHandle(&second, d));
  EXPECT(!same_mem(&first, &second));
  EXPECT_OK(infinirtFree(d));
}

CONF_TEST(ipc, own_handles_do_not_open_here) {
  void *d;
  infinirtEvent_t e;
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  ASSERT_OK(infinirtMalloc(&d, 256));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventInterprocess |
                                                 infinirtEventDisableTiming));
  EXPECT_OK(infinirtIpcGetMemHandle(&mh, d));
  EXPECT_OK(infinirtIpcGetEventHandle(&eh, e));
  void *p = &mh;
  infinirtEvent_t opened = (infinirtEvent_t)&eh;
  /* CUDA's "invalid device context": a handle opens in other processes. */
  EXPECT_ERR(
      infinirtErrorDeviceUninitialized,
      infinirtIpcOpenMemHandle(&p, mh, infinirtIpcMemLazyEnablePeerAccess));
  EXPECT_PTR_EQ(p, &mh);
  EXPECT_ERR(infinirtErrorDeviceUninitialized,
             infinirtIpcOpenEventHandle(&opened, eh));
  EXPECT_PTR_EQ(opened, &eh);
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtFree(d));
}

CONF_TEST(ipc, bad_handles_open_nothing) {
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  for (int fill = 0; fill < 3; fill++) {
    for (size_t i = 0; i < sizeof mh.reserved; i++)
      mh.reserved[i] = eh.reserved[i] = fill == 0   ? 0
                                        : fill == 1 ? (char)0xff
                                                    : (char)(i * 37 + 5);
    void *p = &mh;
    infinirtEvent_t e = (infinirtEvent_t)&eh;
    infinirtGetLastError();
    EXPECT(infinirtIpcOpenMemHandle(
               &p, mh, infinirtIpcMemLazyEnablePeerAccess) != infinirtSuccess);
    EXPECT_PTR_EQ(p, &mh);
    EXPECT(infinirtIpcOpenEventHandle(&e, eh) != infinirtSuccess);
    EXPECT_PTR_EQ(e, &eh);
    infinirtGetLastError();
  }
}

CONF_TEST(ipc, interprocess_event_in_one_process) {
  infinirtEvent_t e;
  infinirtStream_t a, b;
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventInterprocess |
                                                 infinirtEventDisableTiming));
  ASSERT_OK(infinirtStreamCreateWithFlags(&a, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&b, infinirtStreamNonBlocking));
  EXPECT_OK(infinirtEventQuery(e)); /* never recorded: complete */
  EXPECT_OK(infinirtEventSynchronize(e));
  conf_gate g;
  conf_gate_init(&g);
  conf_log log;
  conf_log_init(&log);
  conf_log_entry first = {&log, 1}, second = {&log, 2};
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_gate_fn, &g));
  EXPECT_OK(infinirtLaunchHostFunc(a, conf_log_fn, &first));
  EXPECT_OK(infinirtEventRecord(e, a));
  EXPECT_ERR(infinirtErrorNotReady, infinirtEventQuery(e));
  EXPECT_OK(infinirtStreamWaitEvent(b, e, 0));
  EXPECT_OK(infinirtLaunchHostFunc(b, conf_log_fn, &second));
  conf_sleep_ms(20);
  EXPECT_EQ(atomic_load(&log.n), 0);
  conf_gate_open(&g);
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventQuery(e));
  EXPECT_OK(infinirtStreamSynchronize(b));
  EXPECT_EQ(atomic_load(&log.n), 2);
  EXPECT_EQ(atomic_load(&log.v[0]), 1);
  EXPECT_EQ(atomic_load(&log.v[1]), 2);
  EXPECT(!atomic_load(&g.timed_out));
  float ms = -1;
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtEventElapsedTime(&ms, e, e));
  /* Recorded again on an idle stream: complete once it is reached (at
   * once on the CPU; the H200 may still say NotReady right after). */
  EXPECT_OK(infinirtEventRecord(e, b));
  EXPECT_OK(infinirtEventSynchronize(e));
  EXPECT_OK(infinirtEventQuery(e));
  EXPECT_OK(infinirtStreamDestroy(a));
  EXPECT_OK(infinirtStreamDestroy(b));
  EXPECT_OK(infinirtEventDestroy(e));
}

CONF_TEST(ipc, handles_of_other_memory_and_events_are_refused) {
  void *h;
  infinirtEvent_t e;
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  memset(&mh, 0x33, sizeof mh);
  memset(&eh, 0x33, sizeof eh);
  ASSERT_OK(infinirtMallocHost(&h, 4096));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventDisableTiming));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtIpcGetMemHandle(&mh, h));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtIpcGetEventHandle(&eh, e));
  EXPECT_EQ(conf_first_not(mh.reserved, sizeof mh.reserved, 0x33),
            sizeof mh.reserved);
  EXPECT_EQ(conf_first_not(eh.reserved, sizeof eh.reserved, 0x33),
            sizeof eh.reserved);
  void *pool;
  ASSERT_OK(infinirtMallocAsync(&pool, 4096, NULL));
  /* CUDA exports stream-ordered memory through its pool instead. */
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtIpcGetMemHandle(&mh, pool));
  EXPECT_OK(infinirtFreeAsync(pool, NULL));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtFreeHost(h));
}

typedef struct in_host_fn {
  void *d;
  infinirtError_t get, close;
  infinirtIpcMemHandle_t h;
} in_host_fn;

static void ipc_from_host_fn(void *arg) {
  in_host_fn *c = arg;
  c->get = infinirtIpcGetMemHandle(&c->h, c->d);
  c->close = infinirtIpcCloseMemHandle(c->d);
}

/* Both may wait for stream work (the CPU backend's first export waits for
 * the devices): from a host function they are refused. */
CONF_TEST(ipc, refused_in_host_functions) {
  in_host_fn c = {.get = infinirtErrorUnknown, .close = infinirtErrorUnknown};
  memset(&c.h, 0x33, sizeof c.h);
  ASSERT_OK(infinirtMalloc(&c.d, 4096));
  EXPECT_OK(infinirtLaunchHostFunc(NULL, ipc_from_host_fn, &c));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
  EXPECT_EQ(c.get, infinirtErrorNotPermitted);
  EXPECT_EQ(c.close, infinirtErrorNotPermitted);
  EXPECT_EQ(conf_first_not(c.h.reserved, sizeof c.h.reserved, 0x33),
            sizeof c.h.reserved);
  EXPECT_OK(infinirtFree(c.d));
}

/* ---- two processes ------------------------------------------------------ */

CONF_TEST(ipc, two_processes_share_memory_and_an_event) {
  /* Pinned host buffers: an asynchronous copy from pageable memory may
   * wait for its stream (it does on NVIDIA), which here waits for a gate
   * this thread opens later. */
  void *d;
  unsigned char *h, *h2;
  ASSERT_OK(infinirtMallocHost((void **)&h, BIG));
  ASSERT_OK(infinirtMallocHost((void **)&h2, BIG));
  infinirtEvent_t e;
  infinirtStream_t s, s2;
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  ASSERT_OK(infinirtMalloc(&d, BIG));
  conf_fill(h, BIG, 1);
  ASSERT_OK(infinirtMemcpy(d, h, BIG, infinirtMemcpyHostToDevice));
  /* Exported before any work waits: see docs/cpu-backend.md. */
  ASSERT_OK(infinirtIpcGetMemHandle(&mh, (char *)d + 1000));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventInterprocess |
                                                 infinirtEventDisableTiming));
  ASSERT_OK(infinirtIpcGetEventHandle(&eh, e));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s2, infinirtStreamNonBlocking));
  /* Pattern 2 lands 200 ms after a gate opens, and the event records
   * after it. */
  conf_gate g;
  conf_gate_init(&g);
  conf_fill(h2, BIG, 2);
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)200));
  EXPECT_OK(infinirtMemcpyAsync(d, h2, BIG, infinirtMemcpyHostToDevice, s));
  EXPECT_OK(infinirtEventRecord(e, s));

  char bytes[32];
  snprintf(bytes, sizeof bytes, "%zu", BIG);
  peer p = {0};
  if (!EXPECT(peer_start(&p, "share", bytes))) {
    conf_gate_open(&g);
  } else {
    send_handles(&p, &mh, &eh);
    EXPECT(peer_says(&p, "opened"));
    conf_gate_open(&g);
    EXPECT(peer_says(&p, "recorded"));
    /* The peer's record is now the latest: waits here follow its stream,
     * where pattern 3 arrives 200 ms after the record was made. */
    EXPECT_OK(infinirtStreamWaitEvent(s2, e, 0));
    memset(h, 0, BIG);
    EXPECT_OK(infinirtMemcpyAsync(h, d, BIG, infinirtMemcpyDeviceToHost, s2));
    EXPECT_OK(infinirtStreamSynchronize(s2));
    EXPECT(conf_check_fill(h, BIG, 3));
    EXPECT_OK(infinirtEventSynchronize(e));
    EXPECT_OK(infinirtEventQuery(e));
    fprintf(p.in, "close\n");
    fflush(p.in);
    EXPECT(peer_says(&p, "closed"));
    EXPECT_EQ(peer_end(&p), 0);
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(!atomic_load(&g.timed_out));
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtStreamDestroy(s2));

  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtFreeHost(h));
  EXPECT_OK(infinirtFreeHost(h2));
}

static void sleep_1ms(void *arg) {
  (void)arg;
  conf_sleep_ms(1);
}

/* Many round trips, each a record in one process that the other's stream
 * waits for: every wait must hold until its record is done. */
CONF_TEST(ipc, two_processes_ping_pong) {
  enum { ROUNDS = 200 };
  void *d;
  infinirtEvent_t ping, pong;
  infinirtStream_t s;
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t ping_h, pong_h;
  int *value;
  ASSERT_OK(infinirtMallocHost((void **)&value, sizeof *value));
  ASSERT_OK(infinirtMalloc(&d, sizeof *value));
  ASSERT_OK(infinirtIpcGetMemHandle(&mh, d));
  ASSERT_OK(infinirtEventCreateWithFlags(
      &ping, infinirtEventInterprocess | infinirtEventDisableTiming));
  ASSERT_OK(infinirtEventCreateWithFlags(
      &pong, infinirtEventInterprocess | infinirtEventDisableTiming));
  ASSERT_OK(infinirtIpcGetEventHandle(&ping_h, ping));
  ASSERT_OK(infinirtIpcGetEventHandle(&pong_h, pong));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  char rounds[16];
  snprintf(rounds, sizeof rounds, "%d", ROUNDS);
  peer p = {0};
  if (EXPECT(peer_start(&p, "pingpong", rounds))) {
    for (size_t i = 0; i < sizeof mh.reserved; i++)
      fprintf(p.in, "%02x", (unsigned char)mh.reserved[i]);
    fputc(' ', p.in);
    for (size_t i = 0; i < sizeof ping_h.reserved; i++)
      fprintf(p.in, "%02x", (unsigned char)ping_h.reserved[i]);
    fputc(' ', p.in);
    for (size_t i = 0; i < sizeof pong_h.reserved; i++)
      fprintf(p.in, "%02x", (unsigned char)pong_h.reserved[i]);
    fputc('\n', p.in);
    int failed = 0;
    for (int i = 0; i < ROUNDS && !failed; i++) {
      /* Now and then the write lags, so that the peer's wait must hold. */
      if (i % 8 == 3)
        EXPECT_OK(infinirtLaunchHostFunc(s, sleep_1ms, NULL));
      *value = i;
      EXPECT_OK(infinirtMemcpyAsync(d, value, sizeof *value,
                                    infinirtMemcpyHostToDevice, s));
      EXPECT_OK(infinirtEventRecord(ping, s));
      fprintf(p.in, "%d\n", i);
      fflush(p.in);
      char want[32];
      snprintf(want, sizeof want, "%d", i);
      if (!EXPECT(peer_says(&p, want))) {
        failed = 1;
        break;
      }
      EXPECT_OK(infinirtStreamWaitEvent(s, pong, 0));
      EXPECT_OK(infinirtMemcpyAsync(value, d, sizeof *value,
                                    infinirtMemcpyDeviceToHost, s));
      EXPECT_OK(infinirtStreamSynchronize(s));
      if (!EXPECT_EQ(*value, i + 1000000))
        failed = 1;
    }
    EXPECT_EQ(peer_end(&p), 0);
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtEventDestroy(ping));
  EXPECT_OK(infinirtEventDestroy(pong));
  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtFreeHost(value));
}
