/* trace_lines.c - with INFINIRT_TRACE=1 (set by ctest), every exported call
 * prints one line with its arguments and result, the core-answered ones
 * too, and a failing call's line carries its error detail. stderr goes to a
 * file that the test then reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infinirt.h"

static int failures;

static void expect_line(const char *log, const char *want) {
  if (!strstr(log, want)) {
    printf("FAIL: no trace line contains \"%s\"\n", want);
    failures++;
  }
}

int main(void) {
  char path[] = "/tmp/infinirt-trace-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return 1;
  fflush(stderr);
  int saved = dup(2);
  dup2(fd, 2);

  int n = 0, v = 0;
  unsigned char h[8];
  struct infinirtPointerAttributes attr;
  infinirtExtSetDeviceType(infinirtDeviceTypeCpu);
  infinirtGetDeviceCount(&n);
  infinirtSetDevice(7);
  infinirtGetLastError();
  infinirtPointerGetAttributes(&attr, h);
  infinirtMemcpy(h, h, 0, infinirtMemcpyHostToHost);
  infinirtDeviceGetAttribute(&v, (enum infinirtDeviceAttr)100000, 0);
  infinirtStreamQuery(NULL);
  infinirtIpcMemHandle_t zero_handle = {{0}};
  void *opened = NULL;
  infinirtIpcOpenMemHandle(&opened, zero_handle, 0);

  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  FILE *f = fopen(path, "r");
  static char log[1 << 16];
  size_t len = f ? fread(log, 1, sizeof log - 1, f) : 0;
  log[len] = '\0';
  if (f)
    fclose(f);
  unlink(path);
  close(fd);

  expect_line(log, "infinirt-trace: infinirtExtSetDeviceType(type=0) -> "
                   "infinirtSuccess");
  expect_line(log, "infinirt-trace: infinirtGetDeviceCount(count=0x");
  expect_line(log, "infinirt-trace: infinirtSetDevice(device=7) -> "
                   "infinirtErrorInvalidDevice [infinirtSetDevice: device 7");
  expect_line(log, "infinirt-trace: infinirtGetLastError() -> "
                   "infinirtErrorInvalidDevice");
  expect_line(log, "infinirt-trace: infinirtPointerGetAttributes(attributes=");
  expect_line(log, ", count=0, kind=0) -> infinirtSuccess");
  expect_line(log, "attr=100000, device=0) -> infinirtErrorInvalidValue "
                   "[infinirtDeviceGetAttribute: 100000 is not an "
                   "infinirtDeviceAttr");
  expect_line(log, "infinirt-trace: infinirtStreamQuery(stream=(nil)) -> "
                   "infinirtSuccess (");
  /* A handle passed by value: its first bytes. */
  expect_line(log, ", handle=<00000000000000000000000000000000...>, flags=0) "
                   "-> infinirtErrorInvalidValue [infinirtIpcOpenMemHandle: ");
  if (failures) {
    printf("--- trace output ---\n%s", log);
    return 1;
  }
  printf("trace: every expected line present\n");
  return 0;
}
