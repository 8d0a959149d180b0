/* info.h - pieces of infinirt-info. */
#ifndef INFINIRT_INFO_H_
#define INFINIRT_INFO_H_

#include <stdio.h>

#include <infinirt.h>

/* The one-line usage (for bad usage, on stderr), --help (on stdout: options,
 * device types, environment variables) and --version (the tool's project
 * version and the library's infinirtRuntimeGetVersion). */
void info_usage(FILE *out, const char *argv0);
void info_help(const char *argv0);
void info_version(void);

/* Prints the properties of device |device| of the current type. Returns 0
 * on success. */
int info_print_device(int device);

/* Runs a short round trip on device |device| of the current type: memory,
 * copies both ways, a stream, an event, a host function, and the example
 * kernels where they are built. Prints one line per check; returns the
 * number of failed checks. */
int info_selftest_device(int device);

#endif /* INFINIRT_INFO_H_ */
