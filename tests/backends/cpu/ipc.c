/* ipc.c - CPU backend: what interprocess handles cost and leave behind.
 * Device blocks own whole pages (so that any of them can be exported); an
 * exported block's memfd and shared mapping, and an interprocess event's,
 * are gone once the block is freed or the event destroyed; a damaged handle
 * is refused as InvalidValue before anything is opened, a stale one by the
 * process that tries it (ipc_peer.c). The rest of the two-process behaviour
 * is the conformance group ipc's. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "ipc_peer.h"

/* Open descriptors of this process. */
static int open_fds(void) {
  /* Every backend probed first: a driver opens descriptors of its own
   * (the NVIDIA one on a GPU machine) at the first call that asks it. */
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    int count;
    const char *why;
    infinirtExtGetBackendStatus((infinirtDeviceType)t, &count, &why);
  }
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  if (!d)
    return -1;
  while (readdir(d))
    n++;
  closedir(d);
  return n;
}

/* Mappings of this process whose line contains |what|. */
static int mappings_of(const char *what) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  int n = 0;
  if (!f)
    return -1;
  while (fgets(line, sizeof line, f))
    n += strstr(line, what) != NULL;
  fclose(f);
  return n;
}

CONF_TEST(ipc, device_blocks_own_their_pages) {
  long page = sysconf(_SC_PAGESIZE);
  void *a, *b;
  ASSERT_OK(infinirtMalloc(&a, 1));
  ASSERT_OK(infinirtMalloc(&b, 1));
  EXPECT_EQ((uintptr_t)a % (uintptr_t)page, 0);
  EXPECT_EQ((uintptr_t)b % (uintptr_t)page, 0);
  EXPECT((uintptr_t)a / page != (uintptr_t)b / page);
  EXPECT_OK(infinirtFree(a));
  EXPECT_OK(infinirtFree(b));
}

CONF_TEST(ipc, freed_exports_leave_no_descriptor_or_mapping) {
  int fds = open_fds();
  EXPECT_EQ(mappings_of("infinirt-ipc-mem-"), 0);
  for (int round = 0; round < 3; round++) {
    void *d[8];
    infinirtIpcMemHandle_t h;
    for (int i = 0; i < 8; i++) {
      size_t n = (size_t)1 << (4 * i % 24);
      ASSERT_OK(infinirtMalloc(&d[i], n));
      EXPECT_OK(infinirtMemset(d[i], i, n));
      EXPECT_OK(infinirtIpcGetMemHandle(&h, d[i]));
    }
    EXPECT_EQ(open_fds(), fds + 8);
    EXPECT_EQ(mappings_of("infinirt-ipc-mem-"), 8);
    /* One freed now, one on a stream, the rest by a device reset. */
    EXPECT_OK(infinirtFree(d[0]));
    EXPECT_OK(infinirtFreeAsync(d[1], NULL));
    EXPECT_OK(infinirtDeviceSynchronize());
    EXPECT_EQ(open_fds(), fds + 6);
    EXPECT_OK(infinirtDeviceReset());
  }
  EXPECT_EQ(open_fds(), fds);
  EXPECT_EQ(mappings_of("infinirt-ipc-mem-"), 0);
}

CONF_TEST(ipc, destroyed_events_leave_no_descriptor_or_mapping) {
  int fds = open_fds();
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  conf_gate g;
  conf_gate_init(&g);
  infinirtEvent_t e[4];
  for (int i = 0; i < 4; i++)
    ASSERT_OK(infinirtEventCreateWithFlags(
        &e[i], infinirtEventInterprocess | infinirtEventDisableTiming));
  EXPECT_EQ(open_fds(), fds + 4);
  /* A record still pending when its event is destroyed keeps the shared
   * page until it has run. */
  EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &g));
  EXPECT_OK(infinirtEventRecord(e[0], s));
  for (int i = 0; i < 4; i++)
    EXPECT_OK(infinirtEventDestroy(e[i]));
  EXPECT_EQ(open_fds(), fds + 1);
  EXPECT_EQ(mappings_of("infinirt-ipc-event-"), 1);
  conf_gate_open(&g);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(open_fds(), fds);
  EXPECT_EQ(mappings_of("infinirt-ipc-event-"), 0);
  EXPECT_OK(infinirtStreamDestroy(s));
}

CONF_TEST(ipc, damaged_handles_are_invalid_values) {
  void *d;
  infinirtEvent_t e;
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  ASSERT_OK(infinirtMalloc(&d, 4096));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, infinirtEventInterprocess |
                                                 infinirtEventDisableTiming));
  ASSERT_OK(infinirtIpcGetMemHandle(&mh, d));
  ASSERT_OK(infinirtIpcGetEventHandle(&eh, e));
  for (size_t i = 0; i < sizeof mh.reserved; i++) {
    infinirtIpcMemHandle_t m = mh;
    infinirtIpcEventHandle_t v = eh;
    m.reserved[i] ^= 0x10;
    v.reserved[i] ^= 0x10;
    void *p = &m;
    infinirtEvent_t opened = (infinirtEvent_t)&v;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtIpcOpenMemHandle(&p, m, 0));
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtIpcOpenEventHandle(&opened, v));
    EXPECT_PTR_EQ(p, &m);
    EXPECT_PTR_EQ(opened, &v);
  }
  /* The kinds do not mix. */
  infinirtIpcMemHandle_t as_mem;
  infinirtIpcEventHandle_t as_event;
  memcpy(&as_mem, &eh, sizeof as_mem);
  memcpy(&as_event, &mh, sizeof as_event);
  void *p = NULL;
  infinirtEvent_t opened = NULL;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtIpcOpenMemHandle(&p, as_mem, 0));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtIpcOpenEventHandle(&opened, as_event));
  EXPECT_OK(infinirtEventDestroy(e));
  EXPECT_OK(infinirtFree(d));
}

/* What CUDA leaves undefined, the CPU backend refuses: a handle of freed
 * memory or of a destroyed event, even once a new export took its
 * descriptor number, opens nothing in another process (InvalidValue). */
CONF_TEST(ipc, stale_handles_open_nothing) {
  void *d, *again;
  infinirtEvent_t e, e_again;
  infinirtIpcMemHandle_t mh, mh_again;
  infinirtIpcEventHandle_t eh, eh_again;
  const unsigned flags = infinirtEventInterprocess | infinirtEventDisableTiming;
  ASSERT_OK(infinirtMalloc(&d, 8192));
  ASSERT_OK(infinirtIpcGetMemHandle(&mh, d));
  ASSERT_OK(infinirtEventCreateWithFlags(&e, flags));
  ASSERT_OK(infinirtIpcGetEventHandle(&eh, e));
  ASSERT_OK(infinirtFree(d));
  ASSERT_OK(infinirtEventDestroy(e));
  /* New exports, which usually get the descriptor numbers back. */
  ASSERT_OK(infinirtMalloc(&again, 8192));
  ASSERT_OK(infinirtIpcGetMemHandle(&mh_again, again));
  ASSERT_OK(infinirtEventCreateWithFlags(&e_again, flags));
  ASSERT_OK(infinirtIpcGetEventHandle(&eh_again, e_again));
  peer p = {0};
  if (EXPECT(peer_start(&p, "stale", NULL))) {
    send_handles(&p, &mh, &eh);
    EXPECT(peer_says(&p, "refused infinirtErrorInvalidValue "
                         "infinirtErrorInvalidValue"));
    EXPECT_EQ(peer_end(&p), 0);
  }
  EXPECT_OK(infinirtEventDestroy(e_again));
  EXPECT_OK(infinirtFree(again));
}
