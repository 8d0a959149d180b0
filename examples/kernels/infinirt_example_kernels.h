/*
 * infinirt_example_kernels.h - run the write-once kernel examples (vector
 * add, SAXPY, reduction, tiled matrix multiply) on one device and check them
 * against a host reference on fresh random inputs. Used by
 * infinirt-kernel-examples, infinirt-info's self-check and the tests.
 */
#ifndef INFINIRT_EXAMPLE_KERNELS_H_
#define INFINIRT_EXAMPLE_KERNELS_H_

#include <stddef.h>

#include <infinirt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Results: passed; failed (|msg| says what, with the seed); skipped (|msg|
 * says why: the type has no such device, or no kernel image was built for
 * it). */
#define INFINIRT_EXAMPLE_PASS 0
#define INFINIRT_EXAMPLE_FAIL 1
#define INFINIRT_EXAMPLE_SKIP 77

/* The examples' names, NULL-terminated: "vector_add", "saxpy", "reduce",
 * "matmul". */
extern const char *const infinirt_example_kernels_names[];

/* Runs the example called |name| (NULL: all of them) on |device| of |type|,
 * loading the kernels from the image embedded in the program. Writes a
 * one-line summary or the failure to |msg| (if not NULL). The calling
 * thread's current device type and devices are restored before it returns,
 * and its last error is reset (infinirtGetLastError). Thread-safe. */
int infinirt_example_kernels_run(const char *name, infinirtDeviceType type,
                                 int device, char *msg, size_t msg_len);

/* All examples on |device| of |type|: infinirt_example_kernels_run(NULL,...).
 */
int infinirt_example_kernels_selftest(infinirtDeviceType type, int device,
                                      char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif /* INFINIRT_EXAMPLE_KERNELS_H_ */
