/* help.c - infinirt-info's usage, --help and --version texts. The device
 * types in --help come from the backend registry, so a new backend shows up
 * there with its description. */
#include <stdio.h>

#include "info.h"

#ifndef INFINIRT_INFO_PROJECT_VERSION
#define INFINIRT_INFO_PROJECT_VERSION "unknown"
#endif

void info_usage(FILE *out, const char *argv0) {
  fprintf(out,
          "usage: %s [--list | --selftest | --help | --version]\n"
          "Try '%s --help' for the options and environment variables.\n",
          argv0, argv0);
}

/* Every variable the library reads (src/core/env.h's callers), with the
 * same text as the README's table; test tools.info_help checks both list
 * every variable. */
static const char help_env[] =
    "Environment variables (read once; an unset or empty variable is the\n"
    "default; a value that is not accepted prints one warning line on\n"
    "stderr, naming the variable, the value and what is used instead):\n"
    "  INFINIRT_DEVICE_TYPE=NAME   the default device type of every thread:\n"
    "                              a name below (any case) or its number;\n"
    "                              default: the first accelerator type with\n"
    "                              devices, else cpu\n"
    "  INFINIRT_CPU_DEVICE_COUNT=N expose N CPU devices, 1..64 (default 1),\n"
    "                              to test multi-device code without GPUs\n"
    "  INFINIRT_CPU_WORKERS=N      worker threads of the CPU backend's one\n"
    "                              scheduler, 1..1024 (default: one per core\n"
    "                              of the process's affinity mask)\n"
    "  INFINIRT_CPU_SPIN_US=N      how long CPU-backend threads spin at most\n"
    "                              before they sleep, 0..1000000 us (default\n"
    "                              30); they spin only while a core is free\n"
    "  INFINIRT_TRACE=BOOL         print every call, its result and its\n"
    "                              duration on stderr (default off);\n"
    "                              \"profiler\": only the calls from\n"
    "                              ProfilerStart to ProfilerStop\n"
    "  INFINIRT_CUDA_LIBRARY=PATH  load this CUDA driver library first\n"
    "                              (then libcuda.so.1, libcuda.so)\n"
    "  TMPDIR=DIR                  where the CPU backend writes a kernel\n"
    "                              image when memfd_create is unavailable\n"
    "                              (default /tmp)\n"
    "BOOL is 1, true, on, yes or 0, false, off, no, in any case.\n";

void info_help(const char *argv0) {
  printf("usage: %s [OPTION]\n"
         "Lists every backend of InfiniRT, its devices and their properties\n"
         "(or why it has none), and self-checks each device.\n"
         "\n"
         "Options:\n"
         "  (none)       list and self-check every device\n"
         "  --list       list only\n"
         "  --selftest   self-check only (one line per check)\n"
         "  --help, -h   print this help and exit\n"
         "  --version    print the tool's and the library's versions\n"
         "\n"
         "Exit status: 0 when every self-check passed, 1 otherwise, 2 on\n"
         "bad usage.\n"
         "\n"
         "Device types (include/infinirt_backends.def):\n",
         argv0);
#define INFINIRT_BACKEND(suffix, name, build, description)                     \
  printf("  %-8s %d  %s\n", #name, (int)infinirtDeviceType##suffix,            \
         description);
#include <infinirt_backends.def>
#undef INFINIRT_BACKEND
  printf("\n%s", help_env);
}

void info_version(void) {
  int v = 0, api = 0;
  infinirtExtGetVersion(&v);
  infinirtRuntimeGetVersion(&api);
  printf("infinirt-info %s\n"
         "library: InfiniRT library version %d (%d.%d.%d); headers %d.%d.%d; "
         "CUDA runtime API level %d\n",
         INFINIRT_INFO_PROJECT_VERSION, v, v / 1000, v % 1000 / 10, v % 10,
         INFINIRT_VERSION_MAJOR, INFINIRT_VERSION_MINOR, INFINIRT_VERSION_PATCH,
         api);
}
