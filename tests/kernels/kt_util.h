/*
 * kt_util.h - helpers the kernel test groups share. The tests run in the
 * conformance suite's harness (tests/conformance/harness.h): CONF_TEST,
 * EXPECT_*, conf_backend.
 */
#ifndef KT_UTIL_H_
#define KT_UTIL_H_

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* Loads the test kernel library (or, with |bad_abi|, the CPU library of
 * malformed kernel infos) for the backend under test from its embedded
 * image. Returns false, having marked the test skipped, if no image was built
 * for the backend, or failed if loading failed. */
bool kt_load(infinirtLibrary_t *lib);
bool kt_load_bad_abi(infinirtLibrary_t *lib);
/* Its image in memory and on disk (NULL if none). */
const void *kt_image(size_t *size);
const char *kt_image_path(void);

/* Gets kernel |name| of |lib|, recording a failure if that fails. */
infinirtKernel_t kt_kernel(infinirtLibrary_t lib, const char *name);

/* Device buffers: allocates and copies in / out, failing the test on error. */
void *kt_dev_alloc(size_t bytes);
void *kt_dev_from(const void *host, size_t bytes);
bool kt_to_host(void *host, const void *dev, size_t bytes);

#endif /* KT_UTIL_H_ */
