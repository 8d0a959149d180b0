/* infinirt-info: every backend compiled in, its devices and their
 * properties (or why it has none), and a self-check of each device.
 *
 *   infinirt-info              list and self-check every device
 *   infinirt-info --list       list only
 *   infinirt-info --selftest   self-check only (one line per check)
 *   infinirt-info --help       options, device types, environment variables
 *   infinirt-info --version    the tool's and the library's versions
 *
 * Exit status: 0 when every self-check passed, 1 otherwise, 2 on bad usage. */
#include <stdio.h>
#include <string.h>

#include "info.h"

static int usage(const char *argv0) {
  info_usage(stderr, argv0);
  return 2;
}

int main(int argc, char **argv) {
  int list = 1, check = 1;
  if (argc > 2)
    return usage(argv[0]);
  if (argc == 2) {
    if (strcmp(argv[1], "--list") == 0)
      check = 0;
    else if (strcmp(argv[1], "--selftest") == 0)
      list = 0;
    else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
      info_help(argv[0]);
      return 0;
    } else if (strcmp(argv[1], "--version") == 0) {
      info_version();
      return 0;
    } else
      return usage(argv[0]);
  }

  int runtime = 0;
  infinirtExtGetVersion(&runtime);
  infinirtDeviceType default_type = infinirtDeviceTypeCpu;
  infinirtExtGetDeviceType(&default_type);
  printf("InfiniRT %d.%d.%d (library version %d), default device type: %s\n",
         INFINIRT_VERSION_MAJOR, INFINIRT_VERSION_MINOR, INFINIRT_VERSION_PATCH,
         runtime, infinirtExtGetDeviceTypeName(default_type));

  int failures = 0, devices_checked = 0;
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    infinirtDeviceType type = (infinirtDeviceType)t;
    int count = 0;
    const char *reason = NULL;
    infinirtExtGetBackendStatus(type, &count, &reason);
    printf("\nbackend %s: ", infinirtExtGetDeviceTypeName(type));
    if (count == 0) {
      printf("no devices (%s)\n", reason ? reason : "no reason given");
      continue;
    }
    if (infinirtExtSetDeviceType(type) != infinirtSuccess) {
      printf("cannot select: %s\n", infinirtExtGetLastErrorDetail());
      failures++;
      continue;
    }
    int driver = 0;
    infinirtDriverGetVersion(&driver);
    printf("%d device(s), driver version %d\n", count, driver);
    for (int d = 0; d < count; d++) {
      if (list && info_print_device(d) != 0)
        failures++;
      if (check) {
        failures += info_selftest_device(d);
        devices_checked++;
      }
    }
  }
  if (check)
    printf("\nself-check: %d device(s), %s\n", devices_checked,
           failures ? "FAILED" : "all passed");
  return failures ? 1 : 0;
}
