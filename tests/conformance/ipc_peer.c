/* ipc_peer.c - the second process of the ipc group's two-process tests
 * (ipc.c starts it with pipes on its stdin and stdout):
 *
 *   infinirt-ipc-peer BACKEND share BYTES
 *     reads "MEMHANDLE EVENTHANDLE" (hex), opens both; while the event
 *     reads NotReady (the parent's record waits behind a gate) enqueues a
 *     wait for it and a copy behind that, checks that another stream's work
 *     runs meanwhile and says "opened"; checks that the copy then got
 *     pattern 2; writes pattern 3 after a 200 ms host
 *     function and records the event behind it, says "recorded"; on
 *     "close", closes the memory (twice: the second must fail) and destroys
 *     the event, says "closed".
 *   infinirt-ipc-peer BACKEND pingpong ROUNDS
 *     reads "MEMHANDLE EVENTHANDLE EVENTHANDLE" (a 4-byte counter, "ping",
 *     "pong"); for each round reads "i" once the parent has recorded ping
 *     behind its write of i, waits for ping on a stream, checks the counter
 *     is i, writes i + 1000000, records pong behind that and says "i".
 *   infinirt-ipc-peer BACKEND stale
 *     reads the same line for memory and an event the parent has freed and
 *     destroyed since; both opens must fail and write nothing; says
 *     "refused MEMERROR EVENTERROR" (the codes' names).
 *
 * Exit status 0 when everything was as expected; each failure is a line
 * on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static int failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "ipc peer: %s:%d: %s (last error: %s)\n", __FILE__,      \
              __LINE__, #cond,                                                 \
              infinirtGetErrorName(infinirtPeekAtLastError()));                \
      failures++;                                                              \
      goto out;                                                                \
    }                                                                          \
  } while (0)
#define OK(call) CHECK((call) == infinirtSuccess)

static bool read_line(char *buf, size_t cap) {
  if (!fgets(buf, (int)cap, stdin))
    return false;
  buf[strcspn(buf, "\n")] = '\0';
  return true;
}

static void say(const char *word) {
  printf("%s\n", word);
  fflush(stdout);
}

static bool from_hex(const char *hex, char *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1)
      return false;
    out[i] = (char)v;
  }
  return true;
}

static bool read_handles(infinirtIpcMemHandle_t *mh,
                         infinirtIpcEventHandle_t *eh) {
  char line[512], mem[256], ev[256];
  return read_line(line, sizeof line) &&
         sscanf(line, "%255s %255s", mem, ev) == 2 &&
         strlen(mem) == 2 * sizeof mh->reserved &&
         strlen(ev) == 2 * sizeof eh->reserved &&
         from_hex(mem, mh->reserved, sizeof mh->reserved) &&
         from_hex(ev, eh->reserved, sizeof eh->reserved);
}

static int share(size_t bytes) {
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  unsigned char *host = NULL; /* pinned: the copies below are asynchronous */
  void *p = NULL;
  infinirtEvent_t e = NULL;
  infinirtStream_t s = NULL, other = NULL;
  atomic_int ran = 0;
  char line[64];
  OK(infinirtMallocHost((void **)&host, bytes));
  CHECK(read_handles(&mh, &eh));
  OK(infinirtIpcOpenMemHandle(&p, mh, infinirtIpcMemLazyEnablePeerAccess));
  void *again = NULL;
  OK(infinirtIpcOpenMemHandle(&again, mh, infinirtIpcMemLazyEnablePeerAccess));
  CHECK(again == p); /* the same mapping, opened twice */
  OK(infinirtIpcCloseMemHandle(again));
  struct infinirtPointerAttributes attr;
  OK(infinirtPointerGetAttributes(&attr, (char *)p + bytes - 1));
  CHECK(attr.type == infinirtMemoryTypeDevice);
  OK(infinirtIpcOpenEventHandle(&e, eh));
  /* The parent's record waits behind its gate until this says "opened". */
  CHECK(infinirtEventQuery(e) == infinirtErrorNotReady);
  OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  OK(infinirtStreamWaitEvent(s, e, 0));
  OK(infinirtMemcpyAsync(host, p, bytes, infinirtMemcpyDeviceToHost, s));
  /* A stream that waits for the other process holds no thread: another
   * stream's work runs meanwhile (with INFINIRT_CPU_WORKERS=1 too). */
  OK(infinirtStreamCreateWithFlags(&other, infinirtStreamNonBlocking));
  OK(infinirtLaunchHostFunc(other, conf_count_fn, &ran));
  OK(infinirtStreamSynchronize(other));
  CHECK(atomic_load(&ran) == 1);
  CHECK(infinirtStreamQuery(s) == infinirtErrorNotReady);
  say("opened");
  OK(infinirtStreamSynchronize(s));
  CHECK(conf_check_fill(host, bytes, 2));
  CHECK(infinirtEventQuery(e) == infinirtSuccess);
  /* Pattern 3 arrives 200 ms from now, and this process's record of the
   * event completes after it. */
  conf_fill(host, bytes, 3);
  OK(infinirtLaunchHostFunc(s, conf_sleep_fn, (void *)(intptr_t)200));
  OK(infinirtMemcpyAsync(p, host, bytes, infinirtMemcpyHostToDevice, s));
  OK(infinirtEventRecord(e, s));
  say("recorded");
  CHECK(read_line(line, sizeof line) && strcmp(line, "close") == 0);
  OK(infinirtStreamSynchronize(s));
  OK(infinirtIpcCloseMemHandle(p));
  CHECK(infinirtIpcCloseMemHandle(p) == infinirtErrorInvalidValue);
  p = NULL;
  OK(infinirtEventDestroy(e));
  e = NULL;
  say("closed");
out:
  if (other)
    infinirtStreamDestroy(other);
  if (s)
    infinirtStreamDestroy(s);
  if (e)
    infinirtEventDestroy(e);
  if (p)
    infinirtIpcCloseMemHandle(p);
  if (host)
    infinirtFreeHost(host);
  return failures ? 1 : 0;
}

static int pingpong(int rounds) {
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t ping_h, pong_h;
  char line[512], mem[256], a[256], b[256];
  void *p = NULL;
  infinirtEvent_t ping = NULL, pong = NULL;
  infinirtStream_t s = NULL;
  int *value = NULL; /* pinned, as the parent's */
  CHECK(read_line(line, sizeof line) &&
        sscanf(line, "%255s %255s %255s", mem, a, b) == 3 &&
        from_hex(mem, mh.reserved, sizeof mh.reserved) &&
        from_hex(a, ping_h.reserved, sizeof ping_h.reserved) &&
        from_hex(b, pong_h.reserved, sizeof pong_h.reserved));
  OK(infinirtMallocHost((void **)&value, sizeof *value));
  OK(infinirtIpcOpenMemHandle(&p, mh, infinirtIpcMemLazyEnablePeerAccess));
  OK(infinirtIpcOpenEventHandle(&ping, ping_h));
  OK(infinirtIpcOpenEventHandle(&pong, pong_h));
  OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  for (int i = 0; i < rounds; i++) {
    int got = -1;
    CHECK(read_line(line, sizeof line) && sscanf(line, "%d", &got) == 1 &&
          got == i);
    OK(infinirtStreamWaitEvent(s, ping, 0));
    OK(infinirtMemcpyAsync(value, p, sizeof *value, infinirtMemcpyDeviceToHost,
                           s));
    OK(infinirtStreamSynchronize(s));
    CHECK(*value == i);
    *value = i + 1000000;
    OK(infinirtMemcpyAsync(p, value, sizeof *value, infinirtMemcpyHostToDevice,
                           s));
    OK(infinirtEventRecord(pong, s));
    printf("%d\n", i);
    fflush(stdout);
  }
  OK(infinirtStreamSynchronize(s));
out:
  if (s)
    infinirtStreamDestroy(s);
  if (ping)
    infinirtEventDestroy(ping);
  if (pong)
    infinirtEventDestroy(pong);
  if (p)
    infinirtIpcCloseMemHandle(p);
  if (value)
    infinirtFreeHost(value);
  return failures ? 1 : 0;
}

static int stale(void) {
  infinirtIpcMemHandle_t mh;
  infinirtIpcEventHandle_t eh;
  void *p = (void *)&failures;
  infinirtEvent_t e = (infinirtEvent_t)&failures;
  CHECK(read_handles(&mh, &eh));
  infinirtError_t mem_err =
      infinirtIpcOpenMemHandle(&p, mh, infinirtIpcMemLazyEnablePeerAccess);
  infinirtError_t event_err = infinirtIpcOpenEventHandle(&e, eh);
  CHECK(mem_err != infinirtSuccess && event_err != infinirtSuccess);
  CHECK(p == (void *)&failures);
  CHECK(e == (infinirtEvent_t)&failures);
  printf("refused %s %s\n", infinirtGetErrorName(mem_err),
         infinirtGetErrorName(event_err));
  fflush(stdout);
out:
  return failures ? 1 : 0;
}

int main(int argc, char **argv) {
  alarm(60); /* a parent that died leaves no peer behind */
  if (argc < 3)
    return 2;
  int type = -1;
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    if (strcmp(argv[1], infinirtExtGetDeviceTypeName((infinirtDeviceType)t)) ==
        0)
      type = t;
  if (type < 0 ||
      infinirtExtSetDeviceType((infinirtDeviceType)type) != infinirtSuccess) {
    fprintf(stderr, "ipc peer: no device of type %s\n", argv[1]);
    return 1;
  }
  if (strcmp(argv[2], "share") == 0 && argc == 4)
    return share((size_t)strtoull(argv[3], NULL, 10));
  if (strcmp(argv[2], "pingpong") == 0 && argc == 4)
    return pingpong(atoi(argv[3]));
  if (strcmp(argv[2], "stale") == 0)
    return stale();
  return 2;
}
