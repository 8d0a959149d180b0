/* no_device.c - a thread whose device type has no devices (run with
 * INFINIRT_DEVICE_TYPE=null, a type that never has any): every call that
 * needs a device answers NoDevice, the same from the checks (an ordinal) as
 * from routing, and a zero-count copy still succeeds without one. */
#include <stdio.h>

#include "infinirt.h"

static int bad;

static void expect(const char *what, infinirtError_t got,
                   infinirtError_t want) {
  if (got != want) {
    printf("FAIL: %s: got %s, want %s\n", what, infinirtGetErrorName(got),
           infinirtGetErrorName(want));
    bad++;
  }
}

int main(void) {
  infinirtDeviceType t;
  if (infinirtExtGetDeviceType(&t) != infinirtSuccess ||
      t != infinirtDeviceTypeNull) {
    printf("FAIL: INFINIRT_DEVICE_TYPE=null did not make null current\n");
    return 1;
  }
  struct infinirtDeviceProp p;
  int v, n = -1;
  void *d = NULL;
  unsigned char h[4];
  expect("GetDeviceCount", infinirtGetDeviceCount(&n), infinirtErrorNoDevice);
  expect("GetDeviceProperties", infinirtGetDeviceProperties(&p, 0),
         infinirtErrorNoDevice);
  expect("DeviceGetAttribute",
         infinirtDeviceGetAttribute(&v, infinirtDevAttrWarpSize, 0),
         infinirtErrorNoDevice);
  expect("SetDevice", infinirtSetDevice(0), infinirtErrorNoDevice);
  expect("Malloc", infinirtMalloc(&d, 64), infinirtErrorNoDevice);
  expect("StreamQuery", infinirtStreamQuery(NULL), infinirtErrorNoDevice);
  expect("Memcpy of 0 bytes", infinirtMemcpy(h, h, 0, infinirtMemcpyDefault),
         infinirtSuccess);
  printf("%s\n", bad ? "no_device: FAILED" : "no_device: every answer right");
  return bad ? 1 : 0;
}
