/* An outside program that runs its own kernel library, built with the
 * installed package's infinirt_add_kernel_library(), on the CPU. It also
 * says whether an NVIDIA image was built (where the library has the NVIDIA
 * backend and nvcc was found) without running it. */
#include <stdio.h>

#include <consumer_kernels_embedded.h>
#include <infinirt.h>

#define TRY(call)                                                              \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      printf("FAIL: %s: %s (%s)\n", #call, infinirtGetErrorName(e_),           \
             infinirtExtGetLastErrorDetail());                                 \
      return 1;                                                                \
    }                                                                          \
  } while (0)

int main(void) {
  enum { N = 3000 };
  static float x[N], y[N];
  float *dx = NULL, *dy = NULL, b = 0.25f;
  unsigned int n = N;
  infinirtLibrary_t lib;
  infinirtKernel_t k;
  const void *image = consumer_kernels_image(infinirtDeviceTypeCpu, NULL);
  const char *nv = consumer_kernels_image_missing(infinirtDeviceTypeNvidia);
  printf("NVIDIA image: %s\n", nv ? nv : "built");
  if (!image) {
    printf("FAIL: %s\n", consumer_kernels_image_missing(infinirtDeviceTypeCpu));
    return 1;
  }
  for (int i = 0; i < N; i++)
    x[i] = (float)i;
  TRY(infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  TRY(infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL, 0));
  TRY(infinirtLibraryGetKernel(&k, lib, "offset"));
  TRY(infinirtMalloc((void **)&dx, sizeof x));
  TRY(infinirtMalloc((void **)&dy, sizeof y));
  TRY(infinirtMemcpy(dx, x, sizeof x, infinirtMemcpyHostToDevice));
  void *args[] = {&dy, &dx, &b, &n};
  infinirtDim3 block = {256, 1, 1}, grid = {(N + 255) / 256, 1, 1};
  TRY(infinirtLaunchKernel(k, grid, block, args, 0, NULL));
  TRY(infinirtMemcpy(y, dy, sizeof y, infinirtMemcpyDeviceToHost));
  for (int i = 0; i < N; i++) {
    if (y[i] != x[i] + b) {
      printf("FAIL: y[%d] = %g, expected %g\n", i, (double)y[i],
             (double)(x[i] + b));
      return 1;
    }
  }
  TRY(infinirtFree(dx));
  TRY(infinirtFree(dy));
  TRY(infinirtLibraryUnload(lib));
  printf("ok: the installed infinirt_add_kernel_library() built a kernel "
         "library that ran on the CPU\n");
  return 0;
}
