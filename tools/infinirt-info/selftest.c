/* selftest.c - a short round trip on one device: every check prints one
 * line "  [ok|skip|FAIL] device D: what". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info.h"

#ifdef INFINIRT_INFO_HAVE_KERNELS
#include "infinirt_example_kernels.h"
#endif

#define BYTES (1u << 20)

static int report(int device, const char *what, int ok) {
  if (ok)
    printf("  [ok]   device %d: %s\n", device, what);
  else
    printf("  [FAIL] device %d: %s: %s\n", device, what,
           infinirtExtGetLastErrorDetail());
  return ok ? 0 : 1;
}

static void count_call(void *arg) {
  (*(int *)arg)++;
}

/* Copies a pattern host -> device -> device -> host through a stream, with a
 * memset in between, and checks every byte. */
static int copy_round_trip(int device) {
  int fail = 0;
  unsigned char *host = NULL, *back = NULL;
  void *d1 = NULL, *d2 = NULL;
  infinirtStream_t s = NULL;
  infinirtEvent_t e0 = NULL, e1 = NULL;
  int host_calls = 0;

  if (infinirtMallocHost((void **)&host, BYTES) != infinirtSuccess ||
      infinirtMallocHost((void **)&back, BYTES) != infinirtSuccess)
    return report(device, "MallocHost", 0);
  for (uint32_t i = 0; i < BYTES; i++)
    host[i] = (unsigned char)(i * 7 + 3);

  fail += report(device, "Malloc 2 x 1 MiB",
                 infinirtMalloc(&d1, BYTES) == infinirtSuccess &&
                     infinirtMalloc(&d2, BYTES) == infinirtSuccess);
  fail += report(device, "StreamCreateWithFlags(NonBlocking)",
                 infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking) ==
                     infinirtSuccess);
  fail += report(device, "EventCreate x 2",
                 infinirtEventCreate(&e0) == infinirtSuccess &&
                     infinirtEventCreate(&e1) == infinirtSuccess);
  if (fail)
    goto out;

  int enqueued =
      infinirtEventRecord(e0, s) == infinirtSuccess &&
      infinirtMemcpyAsync(d1, host, BYTES, infinirtMemcpyHostToDevice, s) ==
          infinirtSuccess &&
      infinirtMemsetAsync(d2, 0xab, BYTES, s) == infinirtSuccess &&
      infinirtMemcpyAsync(d2, d1, BYTES / 2, infinirtMemcpyDeviceToDevice, s) ==
          infinirtSuccess &&
      infinirtMemcpyAsync(back, d2, BYTES, infinirtMemcpyDeviceToHost, s) ==
          infinirtSuccess &&
      infinirtLaunchHostFunc(s, count_call, &host_calls) == infinirtSuccess &&
      infinirtEventRecord(e1, s) == infinirtSuccess;
  fail +=
      report(device, "enqueue copies, memset, host function, events", enqueued);
  fail += report(device, "StreamSynchronize",
                 infinirtStreamSynchronize(s) == infinirtSuccess);
  int data_ok = host_calls == 1;
  for (uint32_t i = 0; i < BYTES && data_ok; i++)
    data_ok = back[i] == (i < BYTES / 2 ? host[i] : 0xab);
  fail += report(device, "data round trip H2D, D2D, memset, D2H", data_ok);
  float ms = -1.0f;
  fail += report(device, "EventElapsedTime",
                 infinirtEventElapsedTime(&ms, e0, e1) == infinirtSuccess &&
                     ms >= 0.0f);
out:
  if (e0)
    infinirtEventDestroy(e0);
  if (e1)
    infinirtEventDestroy(e1);
  if (s)
    infinirtStreamDestroy(s);
  infinirtFree(d1);
  infinirtFree(d2);
  infinirtFreeHost(host);
  infinirtFreeHost(back);
  return fail;
}

static int pool_round_trip(int device) {
  void *p = NULL;
  unsigned char check[64];
  int ok =
      infinirtMallocAsync(&p, 4096, NULL) == infinirtSuccess &&
      infinirtMemsetAsync(p, 0x5a, 4096, NULL) == infinirtSuccess &&
      infinirtMemcpyAsync(check, p, sizeof check, infinirtMemcpyDeviceToHost,
                          NULL) == infinirtSuccess &&
      infinirtFreeAsync(p, NULL) == infinirtSuccess &&
      infinirtStreamSynchronize(NULL) == infinirtSuccess;
  for (size_t i = 0; ok && i < sizeof check; i++)
    ok = check[i] == 0x5a;
  return report(device, "MallocAsync/FreeAsync on the default stream", ok);
}

int info_selftest_device(int device) {
  if (infinirtSetDevice(device) != infinirtSuccess)
    return report(device, "SetDevice", 0);
  int fail = copy_round_trip(device);
  fail += pool_round_trip(device);
#ifdef INFINIRT_INFO_HAVE_KERNELS
  char msg[256] = "";
  infinirtDeviceType type = infinirtDeviceTypeCpu;
  infinirtExtGetDeviceType(&type);
  /* 0: passed, 77: no kernel image was built for this type, else failed. */
  int kres = infinirt_example_kernels_selftest(type, device, msg, sizeof msg);
  printf("  %-6s device %d: example kernels%s%s\n",
         kres == 0    ? "[ok]"
         : kres == 77 ? "[skip]"
                      : "[FAIL]",
         device, msg[0] ? ": " : "", msg);
  fail += kres != 0 && kres != 77;
#endif
  fail += report(device, "DeviceSynchronize",
                 infinirtDeviceSynchronize() == infinirtSuccess);
  infinirtGetLastError();
  return fail;
}
