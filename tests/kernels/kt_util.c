/* kt_util.c - helpers the kernel test groups share. */
#include <stdlib.h>

#include "infinirt_test_kernels_bad_abi_embedded.h"
#include "infinirt_test_kernels_embedded.h"
#include "kt_util.h"

const void *kt_image(size_t *size) {
  return infinirt_test_kernels_image(conf_backend, size);
}

const char *kt_image_path(void) {
  return infinirt_test_kernels_image_path(conf_backend);
}

static bool kt_load_image(infinirtLibrary_t *lib, const void *image,
                          const char *missing) {
  *lib = NULL;
  if (!image) {
    conf_skip("%s", missing);
    return false;
  }
  return EXPECT_OK(
      infinirtLibraryLoadData(lib, image, NULL, NULL, 0, NULL, NULL, 0));
}

bool kt_load(infinirtLibrary_t *lib) {
  return kt_load_image(lib, infinirt_test_kernels_image(conf_backend, NULL),
                       infinirt_test_kernels_image_missing(conf_backend));
}

bool kt_load_bad_abi(infinirtLibrary_t *lib) {
  return kt_load_image(
      lib, infinirt_test_kernels_bad_abi_image(conf_backend, NULL),
      "the malformed-ABI kernels exist for the CPU backend only");
}

infinirtKernel_t kt_kernel(infinirtLibrary_t lib, const char *name) {
  infinirtKernel_t k = NULL;
  if (!EXPECT_OK(infinirtLibraryGetKernel(&k, lib, name)))
    return NULL;
  return k;
}

void *kt_dev_alloc(size_t bytes) {
  void *p = NULL;
  if (!EXPECT_OK(infinirtMalloc(&p, bytes)))
    return NULL;
  return p;
}

void *kt_dev_from(const void *host, size_t bytes) {
  void *p = kt_dev_alloc(bytes);
  if (p &&
      !EXPECT_OK(infinirtMemcpy(p, host, bytes, infinirtMemcpyHostToDevice))) {
    infinirtFree(p);
    return NULL;
  }
  return p;
}

bool kt_to_host(void *host, const void *dev, size_t bytes) {
  return EXPECT_OK(
      infinirtMemcpy(host, dev, bytes, infinirtMemcpyDeviceToHost));
}
