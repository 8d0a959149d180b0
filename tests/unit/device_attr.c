/* device_attr.c - the core's attribute check agrees with the header: every
 * infinirtDeviceAttr enumerator (the list CMake reads from infinirt.h) is
 * answered by the CPU device, and every other value is InvalidValue. */
#include <stdio.h>

#include "infinirt.h"

static const int enumerators[] = {INFINIRT_ATTR_VALUES};

static int is_enumerator(int a) {
  for (size_t i = 0; i < sizeof enumerators / sizeof enumerators[0]; i++)
    if (enumerators[i] == a)
      return 1;
  return 0;
}

int main(void) {
  if (infinirtExtSetDeviceType(infinirtDeviceTypeCpu) != infinirtSuccess)
    return 1;
  int bad = 0, answered = 0;
  for (int a = -2; a <= 300; a++) {
    int v = -12345;
    infinirtError_t err =
        infinirtDeviceGetAttribute(&v, (enum infinirtDeviceAttr)a, 0);
    infinirtGetLastError();
    infinirtError_t want =
        is_enumerator(a) ? infinirtSuccess : infinirtErrorInvalidValue;
    if (err != want) {
      printf("FAIL: attribute %d: got %s, want %s\n", a,
             infinirtGetErrorName(err), infinirtGetErrorName(want));
      bad++;
    } else if (err == infinirtSuccess) {
      answered++;
      if (v == -12345) {
        printf("FAIL: attribute %d: Success without a value\n", a);
        bad++;
      }
    }
  }
  printf("%d enumerators in the header, %d answered, %d problem(s)\n",
         (int)(sizeof enumerators / sizeof enumerators[0]), answered, bad);
  return bad ? 1 : 0;
}
